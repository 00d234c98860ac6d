"""The periodic job against the fixture website: what is stored, what is requested."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from textmine import open_corpus
from textmine.cli import main
from textmine.errors import LockedError
from textmine.scrape import job_lock, scrape

from . import fixture_site as fs
from .fast import fast_settings, write_config


def _docs(db: Path) -> dict[str, object]:
    with open_corpus(db) as corpus:
        return {d.url.rsplit("/", 1)[-1]: d for d in corpus.iter_documents()}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """One first run against a fresh fixture site, shared by the read-only tests below."""
    tmp = tmp_path_factory.mktemp("first-run")
    with fs.FixtureSite() as site:
        folder = tmp / "sources"
        site.write_source(folder)
        db = tmp / "corpus.db"
        report = scrape(db, ["testkommun"], settings=fast_settings(folder))
        yield site, db, report


def test_first_run_stores_the_right_articles_with_the_right_fields(first_run):
    site, db_path, report = first_run
    (src,) = report.sources
    assert (src.new, src.changed, src.unchanged) == (len(fs.STORED), 0, 0)
    assert src.failed == len(fs.FAILING)
    assert src.skipped == 2  # the PDF and the path robots.txt disallows
    assert not src.failed_whole and report.ok
    docs = _docs(db_path)
    assert sorted(docs) == sorted(fs.STORED)
    norrby = docs["2024-03-12-ny-forskola-i-norrby"]
    assert norrby.title == "Ny förskola i Norrby öppnar i augusti"
    assert norrby.published == "2024-03-12"
    assert norrby.lead == "Förskolan Ekorren får plats för 120 barn och byggs i trä."
    assert norrby.captions == [fs.ARTICLES[0].caption]
    assert norrby.source == "testkommun" and norrby.language == "sv"
    assert "Åsa Lindqvist (S)" in norrby.body
    for boilerplate in ("Storgatan 1", "Dela på Facebook", "Omsorg och stöd", "Publicerad"):
        assert boilerplate not in norrby.text
    assert fs.ARTICLES[0].caption not in norrby.body  # captions are their own field
    assert norrby.fetched_at


@pytest.mark.parametrize("slug, published", [
    ("2024-03-12-ny-forskola-i-norrby", "2024-03-12"),       # "Publicerad 12 mars 2024"
    ("2024-03-08-samarbete-med-hogskolan", "2024-03-08"),    # <time datetime>
    ("2024-03-01-budget-for-2025", "2024-03-01T10:00:00+01:00"),  # article:published_time
    ("2024-02-27-vinterns-snorojning", "2024-02-27T08:00:00+01:00"),  # JSON-LD
    (fs.BROKEN, "2024-02-04"),                                 # text in broken markup
])
def test_dates_in_every_form(first_run, slug, published):
    assert _docs(first_run[1])[slug].published == published


def test_misbehaving_pages(first_run):
    site, db_path, _ = first_run
    docs = _docs(db_path)
    latin = docs[fs.LATIN1]
    assert latin.title == "Välkommen till Årets möte på Ängsö"
    assert "Ängsö skola" in latin.body and "\ufffd" not in latin.text
    # 429 and 500 were retried once each and then stored
    assert site.state.hits[fs.ARCHIVE + fs.TOO_MANY] == 2
    assert site.state.hits[fs.ARCHIVE + fs.FLAKY] == 2
    assert "Kulturskolan erbjuder kurser" in docs[fs.BROKEN].body
    # the slow page was tried 1 + retries times, then given up
    assert site.state.hits[fs.ARCHIVE + fs.SLOW] == 3
    with open_corpus(db_path) as corpus:
        errors = dict(corpus.conn.execute("SELECT url, error FROM fetch_state "
                                          "WHERE error IS NOT NULL").fetchall())
    assert any("redirect loop" in e for e in errors.values())
    assert any("over the limit" in e for e in errors.values())


def test_disallowed_path_is_never_requested(first_run):
    site = first_run[0]
    paths = site.state.paths()
    assert paths[0] == "/robots.txt"
    assert not any(p.startswith("/nyhetsarkiv/intern/") for p in paths)
    agent = site.state.requests[0][1]["User-Agent"]
    assert agent.startswith("textmine/") and "+https://" in agent


def test_second_run_sends_conditional_requests_and_stores_nothing(site, settings, db_path):
    first = scrape(db_path, ["testkommun"], settings=settings)
    snapshot = ("SELECT d.id, d.modified_at, d.fetched_at, f.fetched_at, f.etag "
                "FROM documents d JOIN fetch_state f ON f.document_id = d.id ORDER BY d.id")
    with open_corpus(db_path) as corpus:
        before = corpus.conn.execute(snapshot).fetchall()
    site.state.reset_log()
    second = scrape(db_path, ["testkommun"], settings=settings)
    (src,) = second.sources
    assert (src.new, src.changed, src.failed) == (0, 0, 0) and src.unchanged > 0
    pages = [(p, h) for p, h in site.state.requests if p != "/robots.txt"]
    assert pages and all("If-None-Match" in h for _, h in pages)
    # only the first listing page: every link on it was seen
    assert [p for p, _ in pages if p.startswith(fs.LISTING)] == [fs.LISTING]
    assert site.state.bytes_sent < 200  # robots.txt only; everything else was a 304
    assert second.bytes_downloaded < 0.05 * first.bytes_downloaded
    with open_corpus(db_path) as corpus:  # a 304 writes nothing, not even a fetch time
        assert corpus.conn.execute(snapshot).fetchall() == before


def test_one_changed_article_is_updated_alone(site, settings, db_path):
    scrape(db_path, ["testkommun"], settings=settings)
    changed = fs.ARTICLES[0].slug
    site.state.changed.add(changed)
    report = scrape(db_path, ["testkommun"], settings=settings)
    (src,) = report.sources
    assert (src.new, src.changed) == (0, 1)
    with open_corpus(db_path) as corpus:
        rows = corpus.conn.execute(
            "SELECT id FROM documents WHERE modified_at > created_at").fetchall()
        doc = corpus.get_document(site.article_url(changed))
    assert [r[0] for r in rows] == [site.article_url(changed)]
    assert "leveransproblem" in doc.body


def test_a_held_lock_stops_a_second_run(site, settings, db_path):
    with job_lock(db_path):
        with pytest.raises(LockedError):
            scrape(db_path, ["testkommun"], settings=settings)
    assert site.state.requests == []
    scrape(db_path, ["testkommun"], settings=settings, link=False)  # free again


def test_a_source_that_fails_as_a_whole(site, tmp_path, db_path):
    folder = tmp_path / "broken-sources"
    folder.mkdir()
    (folder / "borta.toml").write_text(
        f'name = "borta"\nprofile = "sitevision"\nbase_url = "{site.base}"\n'
        f'listings = ["{site.base}/finns-inte"]\n', encoding="utf-8")
    report = scrape(db_path, ["borta"], settings=fast_settings(folder))
    assert report.sources[0].failed_whole and not report.ok
    assert "HTTP 404" in report.sources[0].error


def _cli(*args: str, config: Path) -> list[str]:
    return [sys.executable, "-m", "textmine", "--config", str(config), *args]


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def test_a_killed_run_resumes_cleanly(site, sources_dir, tmp_path, db_path):
    config = write_config(tmp_path / "slow.toml", sources_dir, delay=0.15)
    proc = subprocess.Popen(_cli("scrape", "testkommun", "--db", str(db_path), config=config),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while _count(db_path) < 6 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored_before = _count(db_path)
    assert 6 <= stored_before < len(fs.STORED)
    report = scrape(db_path, ["testkommun"], settings=fast_settings(sources_dir))
    (src,) = report.sources
    assert src.new == len(fs.STORED) - stored_before
    docs = _docs(db_path)
    assert sorted(docs) == sorted(fs.STORED)  # nothing lost, nothing twice
    with open_corpus(db_path) as corpus:
        assert corpus.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_concurrent_runs_do_not_both_scrape(site, sources_dir, tmp_path, db_path, capsys):
    config = write_config(tmp_path / "slow.toml", sources_dir, delay=0.15)
    first = subprocess.Popen(_cli("scrape", "testkommun", "--db", str(db_path), config=config),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        lock = Path(f"{db_path}.lock")
        deadline = time.monotonic() + 30
        while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert first.poll() is None
        code = main(["--config", str(config), "scrape", "testkommun", "--db", str(db_path)])
        err = capsys.readouterr().err
        assert code == 75
        assert f"another textmine scrape is running on {db_path} (process {first.pid})" in err
        assert first.poll() is None  # the first run goes on undisturbed
    finally:
        first.kill()
        first.wait()


def test_cli_scrape_prints_a_summary_and_fails_for_a_failed_source(site, sources_dir, tmp_path,
                                                                    db_path, capsys):
    config = write_config(tmp_path / "fast.toml", sources_dir)
    code = main(["--config", str(config), "scrape", "--db", str(db_path), "--start-url",
                 site.url("/nyheter.rss")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "127.0.0.1: 3 new, 0 changed, 0 unchanged, 0 failed" in err
    assert " INFO 127.0.0.1: new http" in err  # not a terminal: plain log lines
    code = main(["--config", str(config), "scrape", "--db", str(db_path), "--start-url",
                 site.url("/finns-inte")])
    err = capsys.readouterr().err
    assert code == 1 and "failed as a whole" in err and "Traceback" not in err


def test_start_url_without_a_site_file(site, db_path):
    report = scrape(db_path, start_url=site.url(fs.LISTING), profile="sitevision",
                    settings=fast_settings(), link=False)
    (src,) = report.sources
    assert src.name == "127.0.0.1"
    # the listing only (no feed or sitemap): every listed article that works
    listed_ok = [s for s in fs.STORED if s in fs.LISTED]
    assert src.new == len(listed_ok)


def test_start_url_detects_a_feed(site, db_path):
    report = scrape(db_path, start_url=site.url("/nyheter.rss"), settings=fast_settings(),
                    link=False)
    assert report.sources[0].new == 3
