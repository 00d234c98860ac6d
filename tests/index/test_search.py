"""Search through the public API: textmine.search, textmine.people, the CLI."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import textmine
from textmine import Document, QueryError, Role, ThemeWeight
from textmine.cli import main

DOCS = [
    Document(id="hs-1", source="sh", published="2024-03-15",
             title="Högskolan får nya lokaler",
             lead="Södertörns högskola flyttar in i nya lokaler i Flemingsberg.",
             body="Rektor Anna Berg säger att högskolans studenter får bättre plats."),
    Document(id="hs-2", source="sh", published="2023-05-02",
             title="Forskning om kompetensförsörjning",
             body="Projektet om kompetensförsörjningen i regionen leds av Karin Öst."),
    Document(id="hs-3", source="kth", published="2022-11-20",
             title="Högskolor samarbetar om utbildning",
             body="Flera högskolor inleder ett samarbete om lärarutbildning."),
    Document(id="far-1", source="huddinge", published="2023-06-18",
             title="Fars dag firas i parken",
             body="En far och hans barn besökte parken i Huddinge på söndagen."),
    Document(id="forsorj-1", source="huddinge", published="2021-02-10",
             title="Ekonomiskt bistånd",
             body="Kommunen hjälper den som inte klarar sin försörjning. Försörjning är viktig."),
    Document(id="trygg-1", source="huddinge", published="2023-08-31",
             title="Nytt samarbete om trygghet i skolan",
             lead="Huddinge kommun och polisen samarbetar för ökad trygghet.",
             body="– Det här är ett viktigt steg, säger kommunstyrelsens ordförande Åsa Lind (S).",
             captions=["Åsa Lind vid skolan i Flemingsberg."]),
    Document(id="trygg-2", source="botkyrka", published="2024-01-12",
             title="Trygghetsvandring i Tumba",
             body="Botkyrka kommun bjuder in till trygghetsvandring. Polisen deltar."),
    Document(id="skola-1", source="botkyrka", published="2022-09-01",
             title="Ny skola i Tumba",
             body="Skolan öppnar i höst med plats för 400 elever. Kommunstyrelsens ordförande "
                  "Ebba Holm (M) invigde skolan."),
    Document(id="rektor-1", source="sh", published="2019-08-20",
             title="Ny rektor tillträder",
             body="Anna Berg blir ny rektor för Södertörns högskola från hösten."),
]
FILLER = [
    "Biblioteket har öppet på lördagar under vintern.",
    "Vägarbetet på Storgatan blir klart i maj.",
    "Simhallen stänger för renovering under sommaren.",
    "Konstutställningen visar måleri av lokala konstnärer.",
    "Återvinningscentralen får nya öppettider.",
    "Tävlingen i orientering lockade många deltagare.",
    "Parkeringen vid stationen byggs ut med fler platser.",
    "Körens julkonsert hålls i kyrkan.",
    "Snöröjningen prioriterar gång- och cykelvägar.",
    "Kulturskolan erbjuder kurser i dans och teater.",
    "Medborgarkontoret flyttar till torget.",
    "Badplatsen har fått ny brygga.",
]


def _fill(i: int, text: str) -> Document:
    return Document(id=f"fill-{i}", source="ovrigt", published=f"2020-0{1 + i % 9}-01",
                    title=text.split()[0], body=text)


def _make_corpus(path: Path) -> Path:
    with textmine.open_corpus(path) as corpus:
        corpus.upsert_documents(DOCS + [_fill(i, t) for i, t in enumerate(FILLER)])
        chair = "kommunstyrelsens ordförande"
        corpus.set_roles("trygg-1", [Role(person="Åsa Lind", title=chair,
                                          org="Huddinge kommun", party="S")])
        corpus.set_roles("skola-1", [Role(person="Ebba Holm", title=chair,
                                          org="Botkyrka kommun", party="M")])
        corpus.set_roles("hs-1", [Role(person="Anna Berg", title="rektor",
                                       org="Södertörns högskola")])
        corpus.set_roles("rektor-1", [Role(person="Anna Berg", title="rektor",
                                           org="Södertörns högskola")])
        corpus.set_roles("hs-2", [Role(person="Karin Öst", title="projektledare",
                                       org="Södertörns högskola")])
        corpus.set_themes("trygg-1", [ThemeWeight(3, 0.8, "Trygghet"),
                                      ThemeWeight(4, 0.1, "Skola")], model="nmf")
        corpus.set_themes("trygg-2", [ThemeWeight(3, 0.7, "Trygghet")], model="nmf")
        corpus.set_themes("skola-1", [ThemeWeight(4, 0.9, "Skola")], model="nmf")
    textmine.update_index(path)
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return _make_corpus(tmp_path_factory.mktemp("search") / "corpus.db")


@pytest.fixture
def fresh_db(tmp_path) -> Path:
    return _make_corpus(tmp_path / "corpus.db")


def ids(query: str, db: Path, **kw) -> list[str]:
    return textmine.search(query, db=db, **kw).ids


@pytest.mark.parametrize("query, present, absent", [
    ("får", {"hs-1"}, {"far-1"}),
    ("far", {"far-1"}, {"hs-1"}),
])
def test_diacritics_stay_distinct(db, query, present, absent):
    found = set(ids(query, db))
    assert present <= found
    assert not (absent & found)


@pytest.mark.parametrize("query", ["högskolan", "högskolans", "högskolor", "högskola",
                                   "Högskolan", "HÖGSKOLANS"])
def test_inflections_meet(db, query):
    assert {"hs-1", "hs-3"} <= set(ids(query, db))


def test_compound_found_by_its_part_and_ranked_below_exact(db):
    found = ids("försörjning", db)
    assert "forsorj-1" in found and "hs-2" in found
    assert found.index("forsorj-1") < found.index("hs-2")


def test_compound_query_finds_inflected_compound(db):
    assert ids("kompetensförsörjningen", db)[0] == "hs-2"


@pytest.mark.parametrize("query, expected", [
    ('"Södertörns högskola"', {"hs-1", "rektor-1"}),
    ('"högskolans studenter"', {"hs-1"}),
    ('"studenter högskolans"', set()),
])
def test_phrases(db, query, expected):
    assert set(ids(query, db)) == expected


@pytest.mark.parametrize("query, expected", [
    ("tumba OR flemingsberg", {"trygg-2", "skola-1", "hs-1", "trygg-1"}),
    ("trygghet -polisen", set()),
    ("trygghet -tumba", {"trygg-1"}),
    ("kommunstyrelsens ordförande", {"trygg-1", "skola-1"}),
])
def test_or_and_exclusion(db, query, expected):
    assert set(ids(query, db)) == expected


def test_exclusion_with_compounds(db):
    found = ids("skola -tumba", db)
    assert found[0] == "trygg-1"  # whole word before compounds (högskola, kulturskolan)
    assert "skola-1" not in found and "trygg-2" not in found


def test_prefix(db):
    found = set(ids("trygghets*", db))
    assert "trygg-2" in found
    assert {"trygg-1", "trygg-2"} <= set(ids("trygg*", db))


def test_ranking_prefers_title(db):
    # "skola" is in the title of skola-1 and only in the caption/body of trygg-1
    assert ids("skola", db)[0] == "skola-1"


@pytest.mark.parametrize("filters, expected", [
    ({"source": "botkyrka"}, {"skola-1"}),
    ({"since": "2023-01-01"}, {"trygg-1", "hs-1"}),  # hs-1: högskolan, by its part
    ({"until": "2022-12-31"}, {"skola-1", "fill-9", "hs-3", "rektor-1"}),
    ({"source": ["botkyrka", "sh"], "until": "2020"}, {"rektor-1"}),
    ({"person": "åsa lind"}, {"trygg-1"}),
    ({"org": "BOTKYRKA KOMMUN"}, {"skola-1"}),
    ({"title": "kommunstyrelsens ordförande"}, {"trygg-1", "skola-1"}),
    ({"theme": "skola"}, {"skola-1"}),
    ({"theme": "4"}, {"skola-1"}),  # trygg-1 has theme 4 below the minimum weight
    ({"person": "Ingen Alls"}, set()),
])
def test_filters(db, filters, expected):
    assert set(ids("skola", db, **filters)) == expected


def test_facets_count_the_result_set(db):
    results = textmine.search("kommun", db=db)
    assert results.total == len(results.hits) > 0
    facets = results.facets
    assert set(facets) == {"source", "year", "org", "person", "title", "theme"}
    # "kommun" also finds "Kommunstyrelsens" (skola-1) through its compound parts
    assert dict(facets["source"]) == {"huddinge": 2, "botkyrka": 2}
    assert dict(facets["person"]) == {"Ebba Holm": 1, "Åsa Lind": 1}
    assert dict(facets["title"]) == {"kommunstyrelsens ordförande": 2}
    assert dict(facets["theme"]) == {"Trygghet": 2, "Skola": 1}  # theme weight >= 0.2
    assert dict(facets["year"]) == {"2024": 1, "2023": 1, "2022": 1, "2021": 1}
    filtered = textmine.search("kommun", db=db, source="botkyrka")
    assert dict(filtered.facets["source"]) == {"botkyrka": 2}
    assert dict(filtered.facets["person"]) == {"Ebba Holm": 1}


def test_facets_when_no_roles_or_themes(tmp_path):
    path = tmp_path / "bare.db"
    with textmine.open_corpus(path) as corpus:
        corpus.upsert_documents(DOCS + [_fill(i, t) for i, t in enumerate(FILLER)])
    textmine.update_index(path)
    results = textmine.search("skola", db=path, person="Åsa Lind")
    assert results.total == 0
    results = textmine.search("skola", db=path)
    assert results.facets["person"] == [] and results.facets["theme"] == []
    assert results.facets["source"]


def test_snippets_highlight_the_original_words(db):
    hit = next(h for h in textmine.search("högskola", db=db) if h.id == "hs-1")
    assert "[högskolans]" in hit.snippet or "[högskola]" in hit.snippet
    hit = next(h for h in textmine.search("försörjning", db=db, highlight=("<b>", "</b>"))
               if h.id == "hs-2")
    assert "<b>kompetensförsörjningen</b>" in hit.snippet
    hit = textmine.search('"Åsa Lind"', db=db).hits[0]
    assert "[Åsa] [Lind]" in hit.snippet


def test_paging(db):
    everything = ids("kommun OR högskola", db, limit=50)
    assert ids("kommun OR högskola", db, limit=2, offset=1) == everything[1:3]


def test_index_follows_changes_and_deletions(fresh_db):
    assert ids("biblioteket", fresh_db) == ["fill-0"]
    with textmine.open_corpus(fresh_db) as corpus:
        corpus.upsert_document(Document(id="fill-0", source="ovrigt", title="Biblioteket",
                                        body="Stadsbiblioteket har stängt för ombyggnad."))
        corpus.upsert_document(Document(id="new-1", source="ovrigt", title="Ny badplats",
                                        body="Kommunens nya badplats öppnar vid sjön."))
        corpus.delete_document("fill-11")
    # a changed text leaves the index at once (triggers); the update adds it back
    assert ids("vintern", fresh_db) == []
    summary = textmine.update_index(fresh_db)
    assert summary["indexed"] == 2 and not summary["rebuilt"] and not summary["optimized"]
    assert ids("ombyggnad", fresh_db) == ["fill-0"]
    assert ids("vintern", fresh_db) == []
    assert ids("sjön", fresh_db) == ["new-1"]
    assert ids("brygga", fresh_db) == []
    assert textmine.update_index(fresh_db)["indexed"] == 0


def test_changed_normaliser_rebuilds(fresh_db):
    from textmine import load_settings

    settings = load_settings(overrides={"search": {"compounds": False}})
    summary = textmine.update_index(fresh_db, settings=settings)
    assert summary["rebuilt"] and summary["indexed"] == len(DOCS) + len(FILLER)
    assert summary["optimized"]  # a bulk load ends with the segments merged into one
    import sqlite3

    conn = sqlite3.connect(fresh_db)
    assert conn.execute("SELECT count(DISTINCT segid) FROM search_fts_idx").fetchone()[0] == 1
    conn.close()
    # the query uses the normaliser the index was built with: no compound parts now
    assert "hs-2" not in ids("försörjning", fresh_db)


def test_source_filter_follows_a_changed_source(fresh_db):
    assert "hs-3" in ids("samarbete", fresh_db, source="kth")
    doc = next(d for d in DOCS if d.id == "hs-3")
    with textmine.open_corpus(fresh_db) as corpus:
        corpus.upsert_document(dataclasses.replace(doc, source="kth.se"))
    assert textmine.update_index(fresh_db)["indexed"] == 1
    assert "hs-3" in ids("samarbete", fresh_db, source="kth.se")
    assert "hs-3" not in ids("samarbete", fresh_db, source="kth")
    assert ids("samarbete", fresh_db, source="no such source") == []
    # several sources: either may match
    both = ids("högskola", fresh_db, source=["sh", "kth.se"])
    assert {"hs-1", "hs-3"} <= set(both)


def test_migration_to_the_facets_column_asks_for_a_new_index(tmp_path):
    import sqlite3

    from textmine.store.schema import LATEST_VERSION, migrate

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=5)  # the schema before the facets column, with an old index
    conn.execute("INSERT INTO documents (id, url, source, title, body, content_hash) VALUES "
                 "('a', 'https://x.se/a', 'sh', 'Högskolan', 'Text om högskolan.', 'h')")
    conn.execute("INSERT INTO search_fts (rowid, title) VALUES (1, 'högskola')")
    conn.execute("INSERT INTO search_meta VALUES ('normaliser', '{}')")
    conn.close()
    with pytest.raises(textmine.TextmineError, match="no search index"):
        textmine.search("högskola", db=path)  # opening migrates; the old index is gone
    assert textmine.update_index(path)["indexed"] == 1
    assert ids("högskola", path, source="sh") == ["a"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    conn.close()


def test_index_of_an_older_normaliser_asks_for_an_update(fresh_db):
    import sqlite3

    from textmine import TextmineError

    conn = sqlite3.connect(fresh_db)
    with conn:
        conn.execute("UPDATE search_meta SET value = json_set(value, '$.version', 'old') "
                     "WHERE key = 'normaliser'")
    conn.close()
    with pytest.raises(TextmineError, match="normaliser version old") as err:
        textmine.search("högskola", db=fresh_db)
    assert "textmine index" in str(err.value.hint)
    summary = textmine.update_index(fresh_db)
    assert summary["rebuilt"] and "hs-1" in ids("högskola", fresh_db)


def test_build_runs_the_index_stage_last(tmp_path, sample_jsonl):
    from textmine.build import STAGES

    assert STAGES[-1] == ("index", "textmine.index.stage:run_index")
    path = tmp_path / "built.db"
    report = textmine.build(path, sample_jsonl, stages=["import", "index"])
    assert report.stages[-1].name == "index"
    assert ids("kompetensförsörjning", path) == ["sh-1"]
    again = textmine.build(path, sample_jsonl, stages=["import", "index"])
    assert again.stages[-1].summary["indexed"] == 0


@pytest.mark.parametrize("query", ["", "   ", '""', "-", "-skola", "OR", "* ! ( )", "NEAR(a b)"])
def test_queries_without_words_are_clear_errors(db, query):
    if query == "NEAR(a b)":
        assert isinstance(textmine.search(query, db=db).total, int)
        return
    with pytest.raises(QueryError):
        textmine.search(query, db=db)


@pytest.mark.parametrize("kw", [{"since": "igår"}, {"since": "2024-01-01", "until": "2023-01-01"},
                                {"limit": -1}, {"colour": "blå"}])
def test_bad_arguments_are_clear_errors(db, kw):
    with pytest.raises(textmine.TextmineError):
        textmine.search("skola", db=db, **kw)


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(textmine.StoreError):
        textmine.search("skola", db=tmp_path / "nope.db")
    assert not (tmp_path / "nope.db").exists()


# -- people --------------------------------------------------------------------------
def test_who_held_a_title_at_an_org(db):
    records = textmine.people(db, title="Rektor", org="södertörns högskola")
    assert [r.person for r in records] == ["Anna Berg"]
    assert [d.id for d in records[0].documents] == ["rektor-1", "hs-1"]
    assert (records[0].first_seen, records[0].last_seen) == ("2019-08-20", "2024-03-15")


def test_roles_of_a_person_over_time(db):
    records = textmine.roles_of("Åsa Lind", db=db)
    assert [(r.title, r.org, r.party) for r in records] == [
        ("kommunstyrelsens ordförande", "Huddinge kommun", "S")]
    everyone = textmine.people(db, title="kommunstyrelsens ordförande")
    assert [r.person for r in everyone] == ["Ebba Holm", "Åsa Lind"]
    assert textmine.people(db, org="Ingen organisation") == []


# -- CLI -----------------------------------------------------------------------------
def test_cli_search_formats(db, capsys):
    assert main(["search", "högskolan", "--db", str(db), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] >= 2 and "facets" in data and data["hits"][0]["snippet"]
    assert main(["search", "skola", "--db", str(db), "--format", "jsonl", "--source",
                 "botkyrka", "--limit", "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["skola-1"]
    assert main(["search", "trygghet", "--db", str(db), "--org", "Huddinge kommun"]) == 0
    out = capsys.readouterr().out
    assert "trygg-1" in out and "[trygghet]" in out and "person: Åsa Lind (1)" in out


def test_cli_people_and_errors(db, capsys):
    assert main(["people", "--db", str(db), "--title", "rektor", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["person"] == "Anna Berg"
    assert main(["people", "--db", str(db), "--person", "Åsa Lind"]) == 0
    assert "Huddinge kommun" in capsys.readouterr().out
    assert main(["search", '"', "--db", str(db)]) == 2
    assert "no words" in capsys.readouterr().err


def test_cli_index(tmp_path, sample_jsonl, capsys):
    path = tmp_path / "c.db"
    assert main(["import", str(sample_jsonl), "--db", str(path)]) == 0
    assert main(["index", "--db", str(path), "--quiet"]) == 0
    assert "3 document(s) indexed" in capsys.readouterr().err
    assert main(["search", "Tumba", "--db", str(path), "--format", "jsonl"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "noted-3"


def test_search_on_an_open_corpus_and_past_the_last_page(db):
    with textmine.open_corpus(db) as corpus:
        first = textmine.search("högskola", db=corpus, facets=False)
        again = textmine.search("högskola", db=corpus)
        assert first.ids == again.ids and first.total == again.total
        beyond = textmine.search("högskola", db=corpus, offset=100, facets=False)
        assert beyond.hits == [] and beyond.total == first.total
        corpus.count_documents()  # still open


def test_corpus_never_indexed_is_a_clear_error(tmp_path, sample_jsonl):
    path = tmp_path / "c.db"
    assert main(["import", str(sample_jsonl), "--db", str(path)]) == 0
    with pytest.raises(textmine.StoreError) as err:
        textmine.search("Tumba", db=path)
    assert "textmine index" in err.value.hint


def test_theme_facets_count_the_active_model_only(fresh_db):
    with textmine.open_corpus(fresh_db) as corpus:
        if not corpus.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'theme_models'").fetchone():
            pytest.skip("the themes area's tables are not in this schema")
        corpus.conn.execute(
            "INSERT INTO theme_models (id, method, k, active, spec, arrays) VALUES "
            "('nmf', 'nmf', 2, 1, '{}', x''), ('old', 'nmf', 2, 0, '{}', x'')")
        corpus.set_themes("skola-1", [ThemeWeight(0, 0.9, "Gammal etikett")], model="old")
    results = textmine.search("kommun", db=fresh_db)
    assert dict(results.facets["theme"]) == {"Trygghet": 2, "Skola": 1}
    assert textmine.search("skola", db=fresh_db, theme="Gammal etikett").total == 0
