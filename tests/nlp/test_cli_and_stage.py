"""The roles/entities commands and the roles build stage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textmine.cli import main
from textmine.config import load_settings
from textmine.document import Document
from textmine.nlp.stage import run_roles
from textmine.store import open_corpus

TEXT = "Anna Berg, docent vid Malmö universitet, leder projektet. – Vi är glada, säger Anna Berg."


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    rows = [{"key": "a1", "body": TEXT}, {"key": "a2", "body": "Inga roller här."}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def test_roles_jsonl_in_jsonl_out(jsonl: Path, capsys) -> None:
    code = main(["roles", str(jsonl), "--id-field", "key", "--text-field", "body",
                 "--format", "jsonl", "--model", "blank"])
    assert code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines] == ["a1", "a2"]
    assert lines[0]["roles"][0]["person"] == "Anna Berg"
    assert {"person", "title", "org", "party"} <= set(lines[0]["roles"][0])
    assert lines[1]["roles"] == []


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_roles_formats(tmp_path: Path, capsys, fmt: str) -> None:
    path = tmp_path / "text.txt"
    path.write_text(TEXT, "utf-8")
    assert main(["roles", str(path), "--format", fmt, "--model", "blank"]) == 0
    assert "Malmö universitet" in capsys.readouterr().out


def test_entities_jsonl(jsonl: Path, capsys) -> None:
    assert main(["entities", str(jsonl), "--id-field", "key", "--text-field", "body",
                 "--format", "jsonl", "--model", "blank"]) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert {"text": "Anna Berg", "label": "PER", "start": 0, "end": 9} in first["entities"]


@pytest.mark.parametrize("content, message", [
    (b"\x00\x01\x02binary", "binary"),
    (b"\xff\xfe\xfa latin", "UTF-8"),
    (b'{"id": 1, "text": "ok"}\n{not json\n', "not JSON"),
])
def test_bad_input_is_a_clean_error(tmp_path: Path, capsys, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert main(["roles", str(path), "--model", "blank"]) == 2
    assert message in capsys.readouterr().err


def test_stage_is_incremental(db_path: Path) -> None:
    settings = load_settings(overrides={"nlp": {"model": "blank"}})
    with open_corpus(db_path) as corpus:
        corpus.upsert_documents([Document(id="d1", title="Ny docent", body=TEXT),
                                 Document(id="d2", title="Notis", body="Biblioteket öppnar.")])
        first = run_roles(corpus, settings=settings, progress=None)
        assert first["documents"] == 2 and first["roles"] == 1 and first["quotes"] == 1
        assert [r.person for r in corpus.get_roles("d1")] == ["Anna Berg"]
        again = run_roles(corpus, settings=settings, progress=None)
        assert again["documents"] == 0
