from __future__ import annotations

import json
import subprocess
import sys

import pytest

from textmine.cli import build_parser, main


def _commands():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(sub.choices.items())


def test_every_command_has_help():
    for name, parser in _commands():
        assert parser.description, f"textmine {name} has no description"
        for action in parser._actions:
            if action.dest != "help":
                assert action.help, f"textmine {name}: option {action.dest} has no help"


def test_python_m_textmine_help():
    out = subprocess.run([sys.executable, "-m", "textmine", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "textmine" in out.stdout


def test_import_export_cli(tmp_path, sample_jsonl, capsys):
    db = str(tmp_path / "c.db")
    assert main(["import", str(sample_jsonl), "--db", db]) == 0
    assert "3 new" in capsys.readouterr().err
    assert main(["export", "--db", db, "--format", "jsonl"]) == 0
    records = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    assert {r["id"] for r in records} == {"huddinge-1", "sh-1", "noted-3"}


@pytest.mark.parametrize(
    "argv, message",
    [
        (["import", "/no/such.jsonl", "--db", "{db}"], "no such file"),
        (["export", "--db", "/no/such/folder/x.db"], "no such corpus"),
        (["build", "/no/such.jsonl", "--db", "{db}"], "no such file"),
        (["stats", "--db", "{notdb}"], "not a usable corpus"),
    ],
)
def test_bad_input_gives_a_clean_error(tmp_path, capsys, argv, message):
    notdb = tmp_path / "junk.db"
    notdb.write_bytes(b"junk" * 1000)
    argv = [a.format(db=tmp_path / "c.db", notdb=notdb) for a in argv]
    code = main(argv)
    err = capsys.readouterr().err
    assert code != 0
    assert message in err and "Traceback" not in err
