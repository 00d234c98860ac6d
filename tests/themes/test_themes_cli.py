"""The themes commands, run through textmine.cli.main."""

from __future__ import annotations

import json

import pytest

from textmine import open_corpus
from textmine.cli import main
from textmine.themes.synthetic import synthetic_documents


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    src = folder / "news.jsonl"
    rows = [{k: v for k, v in d.to_dict().items() if k != "content_hash"}
            for d in synthetic_documents(90, seed=2)]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                   encoding="utf-8")
    config = folder / "config.toml"
    config.write_text("[themes]\nmin_documents = 20\n", encoding="utf-8")
    seeds = folder / "seeds.toml"
    seeds.write_text('[skola]\nlabel = "Skolan"\nwords = ["elev", "lärare"]\n', encoding="utf-8")
    db = folder / "c.db"
    assert main(["import", str(src), "--db", str(db)]) == 0
    return folder, db, config, seeds


def test_fit_show_assign_profile_plot(setup, capsys):
    folder, db, config, seeds = setup
    base = ["--config", str(config), "themes"]
    assert main(base + ["fit", "--db", str(db), "--k-range", "4:6", "--seeds", str(seeds)]) == 0
    out = capsys.readouterr()
    assert "fitted nmf-k" in out.err and "quality" in out.out
    assert main(base + ["show", "--db", str(db), "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["themes"][0]["label"] == "Skolan" and 4 <= shown["model"]["k"] <= 6
    assert main(base + ["show", "--db", str(db)]) == 0
    assert "typical headline" in capsys.readouterr().out
    assert main(base + ["assign", "--db", str(db)]) == 0
    assert "assigned 0 document(s)" in capsys.readouterr().err
    assert main(base + ["profile", "--db", str(db), "--by", "organisation",
                        "--format", "json"]) == 0
    assert {"huddinge", "kth"} <= {r["organisation"] for r in json.loads(capsys.readouterr().out)}
    pytest.importorskip("matplotlib")
    assert main(base + ["plot", "--db", str(db), "--out", str(folder / "png")]) == 0
    assert (folder / "png" / "themes_over_time.png").is_file()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["themes", "fit", "--db", "{db}", "--k", "3", "--seeds", "/no/such.toml"], "no such seed file"),
        (["themes", "show", "--db", "{empty}"], "no theme model"),
        (["themes", "assign", "--db", "/no/such/x.db"], "no such corpus"),
        (["themes", "fit", "--db", "{empty}"], "no documents"),
        (["--config", "{strict}", "themes", "fit", "--db", "{db}"], "themes need at least 1000"),
    ],
)
def test_bad_input_gives_a_clean_error(setup, tmp_path, capsys, argv, message):
    folder, db, config, seeds = setup
    empty = tmp_path / "empty.db"
    open_corpus(empty).close()
    strict = tmp_path / "strict.toml"
    strict.write_text("[themes]\nmin_documents = 1000\n", encoding="utf-8")
    capsys.readouterr()
    argv = [a.format(db=db, empty=empty, strict=strict) for a in argv]
    code = main(argv)
    err = capsys.readouterr().err
    assert code != 0 and message in err and "Traceback" not in err


def test_bad_k_range_is_refused_by_the_parser(setup, capsys):
    _, db, _, _ = setup
    with pytest.raises(SystemExit):
        main(["themes", "fit", "--db", str(db), "--k-range", "9:3"])
    assert "FIRST <= LAST" in capsys.readouterr().err
