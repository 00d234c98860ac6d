from __future__ import annotations

import sqlite3

import pytest

from textmine import Document, Entity, Quote, Role, ThemeWeight, open_corpus
from textmine.errors import SchemaError, StoreError
from textmine.store.schema import LATEST_VERSION, MIGRATIONS, migrate


def make_doc(**kw):
    base = dict(url="https://www.botkyrka.se/nyhetsarkiv/2023-05-02-ny-skola",
                source="botkyrka", title="Ny skola i Tumba", body="Skolan öppnar i augusti.")
    base.update(kw)
    return Document(**base)


def test_upsert_is_idempotent(db_path):
    with open_corpus(db_path) as corpus:
        assert corpus.upsert_document(make_doc()) == "new"
        assert corpus.upsert_document(make_doc()) == "unchanged"
        assert corpus.count_documents() == 1
        assert corpus.upsert_document(make_doc(body="Skolan öppnar i september.")) == "changed"
        assert corpus.count_documents() == 1
        assert corpus.get_document(make_doc().id).body == "Skolan öppnar i september."


def test_upsert_matches_by_canonical_url(db_path):
    with open_corpus(db_path) as corpus:
        corpus.upsert_document(make_doc())
        variant = make_doc(url="HTTPS://WWW.BOTKYRKA.SE/nyhetsarkiv/2023-05-02-ny-skola?utm_source=nl#top")
        assert corpus.upsert_document(variant) == "unchanged"
        assert corpus.count_documents() == 1


def test_text_survives_exactly(db_path):
    doc = make_doc(title="Åsa, Ärla och Örjan", captions=["Fr v: Åsa Ek, rektor."],
                   categories=["Skola", "Trygghet"], metadata={"län": "Stockholms län"})
    with open_corpus(db_path) as corpus:
        corpus.upsert_document(doc)
    with open_corpus(db_path) as corpus:
        assert corpus.get_document(doc.id) == doc


def test_changed_text_drops_attached_results(db_path):
    doc = make_doc()
    with open_corpus(db_path) as corpus:
        corpus.upsert_document(doc)
        corpus.set_roles(doc.id, [Role("Anna Berg", "rektor", "Södertörns högskola")])
        corpus.set_entities(doc.id, [Entity("Anna Berg", "PER", 0, 9)])
        corpus.mark_processed(doc.id, "roles")
        assert corpus.count_unprocessed("roles") == 0
        corpus.upsert_document(make_doc(source="botkyrka-kommun"))  # metadata only
        assert len(corpus.get_roles(doc.id)) == 1
        corpus.upsert_document(make_doc(body="Ny text."))
        assert corpus.get_roles(doc.id) == []
        assert corpus.get_entities(doc.id) == []
        assert corpus.count_unprocessed("roles") == 1


def test_attached_records_round_trip_and_cascade(db_path):
    doc = make_doc()
    role = Role("Anna Berg", "docent i statsvetenskap", "Malmö universitet", None, 3, 40,
                "Anna Berg, docent ...", org_surface="Malmö universitets")
    with open_corpus(db_path) as corpus:
        corpus.upsert_document(doc)
        corpus.set_roles(doc.id, [role])
        corpus.set_quotes(doc.id, [Quote("Anna Berg", "Det är viktigt.", 50, 66)])
        corpus.set_themes(doc.id, [ThemeWeight(2, 0.7, "skola")], model="nmf")
        assert corpus.get_roles(doc.id) == [role]
        assert corpus.get_themes(doc.id)[0].label == "skola"
        assert corpus.delete_document(doc.id)
        assert corpus.stats()["roles"] == 0
        assert corpus.stats()["quotes"] == 0


def test_attaching_to_unknown_document_is_a_clear_error(db_path):
    with open_corpus(db_path) as corpus, pytest.raises(StoreError, match="no document"):
        corpus.set_roles("missing", [Role("A B", "rektor")])


def test_duplicate_groups_by_content_hash(db_path):
    with open_corpus(db_path) as corpus:
        corpus.upsert_document(make_doc())
        corpus.upsert_document(make_doc(url="https://www.sh.se/nyheter/ny-skola", source="sh"))
        corpus.upsert_document(make_doc(url="https://www.sh.se/other", body="Annat."))
        groups = corpus.duplicate_groups()
    assert len(groups) == 1 and len(groups[0]) == 2


def test_store_uses_wal_and_foreign_keys(db_path):
    with open_corpus(db_path) as corpus:
        assert corpus.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert corpus.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert corpus.schema_version == LATEST_VERSION


def test_migrates_an_older_schema(db_path):
    conn = sqlite3.connect(db_path, isolation_level=None)
    migrate(conn, target=1)
    conn.execute(
        "INSERT INTO documents (id, title, body, content_hash) VALUES ('old-1', 'Gammal', 'Text', 'x')"
    )
    conn.close()
    with open_corpus(db_path) as corpus:
        assert corpus.schema_version == LATEST_VERSION == len(MIGRATIONS)
        assert corpus.get_document("old-1").title == "Gammal"
        corpus.set_roles("old-1", [Role("Per Lind", "kommunalråd", party="S")])
        assert corpus.get_roles("old-1")[0].party == "S"


def test_refuses_a_newer_schema(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.close()
    with pytest.raises(SchemaError, match="newer"):
        open_corpus(db_path)


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable corpus"):
        open_corpus(path)


def test_failed_transaction_leaves_nothing(db_path):
    with open_corpus(db_path) as corpus:
        with pytest.raises(RuntimeError):
            with corpus.transaction():
                corpus.upsert_document(make_doc())
                raise RuntimeError("boom")
        assert corpus.count_documents() == 0


def test_iter_unprocessed_pages_and_allows_writes_between_documents(db_path):
    with open_corpus(db_path) as corpus:
        corpus.upsert_documents(make_doc(url=f"https://ex.se/{i}", body=f"Text {i}") for i in range(25))
        seen = []
        for doc in corpus.iter_unprocessed("roles", page_size=4):
            seen.append(doc.id)
            corpus.mark_processed(doc.id, "roles")
        assert len(seen) == len(set(seen)) == 25
        assert list(corpus.iter_unprocessed("roles")) == []
        assert len(list(corpus.iter_unprocessed("roles", stage_version="2"))) == 25
