"""The PostgreSQL backend: same index, queries, filters, facets and people as SQLite.

Needs a server: set TEXTMINE_TEST_PG_DSN (``.ci/postgres.sh`` starts one and exports
it). Without it these tests skip.
"""

from __future__ import annotations

import os
import uuid

import pytest

import textmine
from textmine import Document, QueryError, Role, ThemeWeight, load_settings
from textmine.cli import main

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def dsn():
    dsn = os.environ.get("TEXTMINE_TEST_PG_DSN")
    if not dsn:
        pytest.skip("no PostgreSQL server: set TEXTMINE_TEST_PG_DSN "
                    "(e.g. 'source .ci/postgres.sh')")
    psycopg = pytest.importorskip("psycopg",
                                  reason="psycopg is not installed (textmine[postgres])")
    try:
        psycopg.connect(dsn, connect_timeout=5).close()
    except psycopg.Error as exc:
        pytest.skip(f"PostgreSQL at TEXTMINE_TEST_PG_DSN is not reachable: {exc}")
    return dsn


@pytest.fixture(scope="module")
def schema(dsn):
    import psycopg

    name = "tm_test_" + uuid.uuid4().hex[:10]
    yield name
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


@pytest.fixture(scope="module")
def pg_settings(schema):
    return load_settings(overrides={"search": {"postgres_schema": schema}})


DOCS = [
    Document(id="hs-1", source="sh", published="2024-03-15", title="Högskolan får nya lokaler",
             body="Rektor Anna Berg säger att högskolans studenter får bättre plats."),
    Document(id="hs-2", source="sh", published="2023-05-02",
             title="Forskning om kompetensförsörjning",
             body="Projektet om kompetensförsörjningen leds av Karin Öst."),
    Document(id="far-1", source="huddinge", published="2023-06-18", title="Fars dag",
             body="En far och hans barn besökte parken."),
    Document(id="forsorj-1", source="huddinge", published="2021-02-10", title="Ekonomiskt bistånd",
             body="Kommunen hjälper den som inte klarar sin försörjning."),
    Document(id="trygg-1", source="huddinge", published="2023-08-31",
             title="Trygghet i skolan", lead="Huddinge kommun och polisen samarbetar.",
             body="Kommunstyrelsens ordförande Åsa Lind (S) är nöjd."),
] + [Document(id=f"fill-{i}", source="ovrigt", title=t, body=t + " öppnar igen.")
     for i, t in enumerate(["Biblioteket", "Simhallen", "Badplatsen", "Konsthallen",
                            "Medborgarkontoret", "Kulturskolan", "Återvinningen"])]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory, dsn, pg_settings):
    path = tmp_path_factory.mktemp("pg") / "corpus.db"
    with textmine.open_corpus(path) as corpus:
        corpus.upsert_documents(DOCS)
        corpus.set_roles("trygg-1", [Role(person="Åsa Lind", title="kommunstyrelsens ordförande",
                                          org="Huddinge kommun", party="S")])
        corpus.set_roles("hs-1", [Role(person="Anna Berg", title="rektor",
                                       org="Södertörns högskola")])
        corpus.set_themes("trygg-1", [ThemeWeight(3, 0.8, "Trygghet")], model="nmf")
    summary = textmine.update_index(path, target=dsn, settings=pg_settings)
    assert summary["indexed"] == len(DOCS) and summary["rebuilt"]
    textmine.update_index(path, settings=pg_settings)  # the SQLite index, to compare
    return path


def pg_ids(query, dsn, settings, **kw):
    return textmine.search(query, db=dsn, settings=settings, **kw).ids


@pytest.mark.parametrize("query", ["får", "far", "högskolans", "högskolor", "försörjning",
                                   '"Södertörns högskola"', "trygghet OR far", "skola -polisen",
                                   "kompetens*", "högskola får"])
def test_same_hits_as_sqlite(corpus_db, dsn, pg_settings, query):
    sqlite_ids = textmine.search(query, db=corpus_db, settings=pg_settings).ids
    assert sorted(pg_ids(query, dsn, pg_settings)) == sorted(sqlite_ids)


def test_diacritics_inflection_and_compound_rank(corpus_db, dsn, pg_settings):
    assert pg_ids("får", dsn, pg_settings) == ["hs-1"]
    assert pg_ids("far", dsn, pg_settings) == ["far-1"]
    assert pg_ids("försörjning", dsn, pg_settings) == ["forsorj-1", "hs-2"]


def test_filters_facets_snippets(corpus_db, dsn, pg_settings):
    results = textmine.search("kommun", db=dsn, settings=pg_settings, org="huddinge kommun")
    assert results.ids == ["trygg-1"]
    assert dict(results.facets["person"]) == {"Åsa Lind": 1}
    assert dict(results.facets["theme"]) == {"Trygghet": 1}
    assert "[Kommunstyrelsens]" in results.hits[0].snippet or "[kommun]" in results.hits[0].snippet
    assert textmine.search("kommun", db=dsn, settings=pg_settings, since="2024").total == 0
    assert pg_ids("högskola", dsn, pg_settings, source="sh", theme="Trygghet") == []


def test_people(corpus_db, dsn, pg_settings):
    records = textmine.people(dsn, title="rektor", org="Södertörns högskola", settings=pg_settings)
    assert [(r.person, [d.id for d in r.documents]) for r in records] == [("Anna Berg", ["hs-1"])]


def test_sync_is_incremental(tmp_path, dsn, schema):
    settings = load_settings(overrides={"search": {"postgres_schema": schema + "_inc"}})
    path = tmp_path / "c.db"
    try:
        with textmine.open_corpus(path) as corpus:
            corpus.upsert_documents(DOCS)
        assert textmine.update_index(path, target=dsn, settings=settings)["indexed"] == len(DOCS)
        with textmine.open_corpus(path) as corpus:
            corpus.upsert_document(Document(id="fill-0", source="ovrigt", title="Biblioteket",
                                            body="Stadsbiblioteket byggs om."))
            corpus.delete_document("fill-1")
            corpus.set_roles("far-1", [Role(person="Per Far", title="pappa", org="Huddinge")])
        summary = textmine.update_index(path, target=dsn, settings=settings)
        assert (summary["indexed"], summary["deleted"]) == (2, 1)
        assert pg_ids("simhallen", dsn, settings) == []
        assert pg_ids("byggs", dsn, settings) == ["fill-0"]
        assert pg_ids("far", dsn, settings, person="per far") == ["far-1"]
        assert textmine.update_index(path, target=dsn, settings=settings)["indexed"] == 0
    finally:
        import psycopg

        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema}_inc CASCADE")


@pytest.mark.parametrize("query", ["'", "\\", "a' | 'b", "!!", ":*", "x:*A", "<->", "'; DROP"])
def test_hostile_queries(corpus_db, dsn, pg_settings, query):
    try:
        results = textmine.search(query, db=dsn, settings=pg_settings)
    except QueryError:
        return
    assert results.total >= 0


def test_cli_against_postgres(corpus_db, dsn, schema, capsys, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[search]\npostgres_schema = "{schema}"\n', encoding="utf-8")
    assert main(["--config", str(config), "search", "högskolan", "--db", dsn,
                 "--format", "jsonl"]) == 0
    assert "hs-1" in capsys.readouterr().out


def test_unreachable_server_is_a_clear_error():
    pytest.importorskip("psycopg", reason="psycopg is not installed (textmine[postgres])")
    with pytest.raises(textmine.StoreError) as err:
        textmine.search("skola", db="postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(err.value)


def test_fuzz_tsquery_is_always_valid(dsn):
    import psycopg
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from textmine.index.normalise import Normaliser
    from textmine.index.query import parse_query, to_tsquery

    n = Normaliser()
    pieces = st.sampled_from(["skola", "får", "OR", "-", "*", '"', "'", "\\", "!", "&", "|",
                              ":*", "<->", "(", ")", "högskolans", "İ", "\x00", "-polis"])
    queries = st.one_of(st.text(max_size=40), st.lists(pieces, max_size=10).map(" ".join))
    with psycopg.connect(dsn, autocommit=True) as conn:

        @settings(max_examples=300, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture])
        @given(queries)
        def check(text):
            try:
                ts = to_tsquery(parse_query(text), n)
            except QueryError:
                return
            conn.execute("SELECT to_tsvector('simple', 'skola får') @@ %s::tsquery", [ts])

        check()
