from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from textmine import export_documents, import_documents, open_corpus, read_documents
from textmine.store import LineError


def test_import_reads_fields_and_keeps_unknown_as_metadata(db_path, sample_jsonl):
    with open_corpus(db_path) as corpus:
        report = import_documents(corpus, sample_jsonl)
        assert report.upserts.new == 3 and report.skipped == 0
        doc = corpus.get_document("huddinge-1")
        assert doc.published == "2023-08-31"
        assert doc.captions == ["Fr v: Åsa Lind och Örjan Ek."]
        assert doc.metadata == {"region": "Stockholms län"}
        assert doc.body.startswith("– Det här")
        assert corpus.get_document("sh-1").published == "2024-03-15"


def test_import_skips_broken_lines_and_keeps_the_rest(db_path, tmp_path):
    lines = [
        json.dumps({"id": "a", "title": "Första", "text": "Ett."}, ensure_ascii=False),
        '{"id": "b", "title": "Trasig", "text": ',                        # broken JSON
        json.dumps({"title": "Ingen nyckel", "text": "Utan id och url."}),  # no id/url
        json.dumps(["en", "lista"]),                                        # not an object
        json.dumps({"id": "c", "text": "Ok", "published": "inte ett datum"}),
        "",
        json.dumps({"id": "d", "title": "Sista", "text": "Fyra.", "captions": "Fr v: A\nB"}),
    ]
    path = tmp_path / "broken.jsonl"
    data = ("\n".join(lines) + "\n").encode("utf-8") + b'{"id": "e", "text": "\xff\xfe"}\n'
    path.write_bytes(data)
    with open_corpus(db_path) as corpus:
        report = import_documents(corpus, path)
        assert sorted(d.id for d in corpus.iter_documents()) == ["a", "d"]
        assert corpus.get_document("d").captions == ["Fr v: A", "B"]
    assert [e.line for e in report.errors] == [2, 3, 4, 5, 8]
    messages = " | ".join(str(e) for e in report.errors)
    assert "not valid JSON" in messages and "needs an 'id' or a 'url'" in messages
    assert "as a date" in messages and "not UTF-8" in messages


def test_csv_import_with_bad_row(db_path, tmp_path):
    path = tmp_path / "docs.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "body", "published", "kommun"])
        w.writerow(["x1", "Trygghet i Alby", "Text om trygghet.", "2023-01-05", "Botkyrka"])
        w.writerow(["x2", "För få kolumner"])
        w.writerow(["x3", "Högskolans nya rektor", "Rektor utsedd.", "5 maj 2022", "Huddinge"])
    with open_corpus(db_path) as corpus:
        report = import_documents(corpus, path)
        assert corpus.count_documents() == 2
        assert corpus.get_document("x3").metadata == {"kommun": "Huddinge"}
    assert report.errors == [LineError(3, "2 columns where the header has 5")]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_round_trip(db_path, tmp_path, sample_jsonl, fmt):
    from textmine import Role

    with open_corpus(db_path) as corpus:
        import_documents(corpus, sample_jsonl)
        corpus.set_roles("sh-1", [Role("Karin Öst", "docent i företagsekonomi", "Södertörns högskola")])
        out = io.StringIO()
        assert export_documents(corpus, out, format=fmt) == 3
        originals = list(corpus.iter_documents())
    exported = tmp_path / f"export.{fmt}"
    exported.write_text(out.getvalue(), encoding="utf-8")
    if fmt == "jsonl":
        records = [json.loads(l) for l in out.getvalue().splitlines()]
        assert records[1]["roles"][0]["person"] == "Karin Öst"
    again = [d for d in read_documents(exported)]
    assert again == originals


def test_missing_file_is_input_error(db_path):
    from textmine.errors import InputError

    with open_corpus(db_path) as corpus, pytest.raises(InputError, match="no such file"):
        import_documents(corpus, "/nonexistent/file.jsonl")


KILL_SCRIPT = textwrap.dedent(
    """
    import sys
    from textmine import Document, open_corpus
    def docs():
        i = 0
        while True:
            i += 1
            yield Document(id=f"doc-{i}", title=f"Nyhet {i}", body="Å ä ö. " * 200)
    with open_corpus(sys.argv[1]) as corpus:
        corpus.upsert_documents(docs(), batch_size=50)
    """
)


def test_killed_writer_leaves_a_consistent_database(db_path):
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(db_path)])
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            time.sleep(0.3)
            if db_path.exists():
                with open_corpus(db_path) as corpus:
                    if corpus.count_documents() >= 200:
                        break
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    with open_corpus(db_path) as corpus:
        assert corpus.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = corpus.count_documents()
        assert n >= 200 and n % 50 == 0, "only whole batches are committed"
        ids = {d.id for d in corpus.iter_documents()}
        assert ids == {f"doc-{i}" for i in range(1, n + 1)}
        assert corpus.get_document("doc-1").body.startswith("Å ä ö.")
