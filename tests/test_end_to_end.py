"""The whole flow through the command line: build, search, report, and the periodic job."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from textmine.build import demo_corpus_path
from textmine.cli import main
from textmine.scrape.lock import job_lock

from .scrape.fast import FAST
from .scrape.fixture_site import FixtureSite

pytestmark = pytest.mark.slow


def _config(tmp_path: Path, **sections: dict) -> Path:
    lines = []
    for name, values in sections.items():
        lines.append(f"[{name}]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in values.items()]
    path = tmp_path / "settings.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo corpus's first 60 items, built once through the CLI."""
    tmp = tmp_path_factory.mktemp("e2e")
    lines = demo_corpus_path().read_text(encoding="utf-8").splitlines()[:60]
    small = tmp / "small.jsonl"
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = _config(tmp, themes={"min_documents": 30})
    db = tmp / "small.db"
    assert main(["--config", str(config), "build", str(small), "--db", str(db), "--quiet"]) == 0
    return tmp, small, config, db


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


def test_build_runs_every_stage(built):
    _, _, _, db = built
    assert _count(db, "SELECT count(*) FROM documents") == 60
    assert _count(db, "SELECT count(*) FROM roles") > 100
    assert _count(db, "SELECT count(DISTINCT person) FROM roles") > 40
    assert _count(db, "SELECT count(*) FROM quotes") > 20
    assert _count(db, "SELECT count(DISTINCT document) FROM document_themes") == 60
    stages = {r[0] for r in sqlite3.connect(db).execute("SELECT DISTINCT stage FROM processed")}
    assert {"roles", "index"} <= stages


def test_second_build_does_next_to_nothing(built, capsys):
    _, small, config, db = built
    capsys.readouterr()
    assert main(["--config", str(config), "build", str(small), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "new 0, changed 0, unchanged 60" in err
    assert "roles: documents 0" in err


def test_search_and_people_after_build(built, capsys):
    _, _, _, db = built
    capsys.readouterr()
    assert main(["search", "trygghet", "--db", str(db), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["total"] > 0 and result["hits"][0]["snippet"]
    assert main(["people", "--db", str(db), "--title", "rektor"]) == 0
    assert capsys.readouterr().out.strip()


def test_report_after_build(built):
    tmp, _, _, db = built
    out = tmp / "report"
    assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    page = (out / "index.html").read_text("utf-8")
    data = json.loads(page.split('type="application/json">', 1)[1].split("</script>", 1)[0])
    assert data["overview"]["documents"] == 60
    assert len(data["themes"]["labels"]) >= 3 and data["themes"]["heat"]
    assert data["role_holders"] and data["network"]["edges"]
    assert (out / "network.graphml").stat().st_size > 0


def _job_file(tmp_path: Path, site: FixtureSite) -> Path:
    sources = tmp_path / "sources"
    site.write_source(sources)
    http = dict(FAST["http"])
    lines = ["[job]", 'db = "job.db"', 'sources = ["testkommun"]', 'log_file = "logs/job.log"',
             "[http]"] + [f"{k} = {json.dumps(v)}" for k, v in http.items()]
    lines += ["[scrape]", f"sources_dir = {json.dumps(str(sources))}"]
    path = tmp_path / "job.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_run_job_scrapes_processes_and_indexes(tmp_path):
    with FixtureSite() as site:
        job = _job_file(tmp_path, site)
        assert main(["run-job", "--config", str(job), "--quiet"]) == 0
        db = tmp_path / "job.db"
        docs = _count(db, "SELECT count(*) FROM documents")
        assert docs >= 3
        assert _count(db, "SELECT count(*) FROM roles") >= 2
        log = (tmp_path / "logs" / "job.log").read_text("utf-8")
        assert "source testkommun: new" in log and "roles:" in log and "exit code 0" in log
        # a second run finds nothing new and says so
        assert main(["run-job", "--config", str(job), "--quiet"]) == 0
        assert _count(db, "SELECT count(*) FROM documents") == docs
        assert "new 0, changed 0" in (tmp_path / "logs" / "job.log").read_text("utf-8").split(
            "started")[-1]
        # a run while another holds the lock exits with 75 and does nothing
        with job_lock(f"{db}.job"):
            assert main(["run-job", "--config", str(job), "--quiet"]) == 75


@pytest.mark.parametrize(
    "content, message",
    [("[job]\n", "needs a [job] table"), ("[job]\ndb = 'x.db'\nstages = ['nope']\n", "unknown stage"),
     ("not toml = = =", "not a valid TOML")],
)
def test_run_job_bad_config(tmp_path, capsys, content, message):
    path = tmp_path / "job.toml"
    path.write_text(content, encoding="utf-8")
    assert main(["run-job", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
