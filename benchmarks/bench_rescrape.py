"""Re-scrape cost: what an unchanged second run downloads compared with the first.

Serves the project's fixture website (tests/scrape/fixture_site.py) on 127.0.0.1,
scrapes it twice into a fresh corpus and compares bytes (bodies and response
headers, as the fetcher counts them), requests and time. The peer is a naive
re-scrape of the same URLs without conditional GET or listing state, i.e. what a
plain crawler downloads on every run.

usage: python benchmarks/bench_rescrape.py [--delay SECONDS]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _fixture_site():
    path = ROOT / "tests" / "scrape" / "fixture_site.py"
    spec = importlib.util.spec_from_file_location("textmine_fixture_site", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delay", type=float, default=0.01,
                        help="per-host delay in seconds (default 0.01: a local server)")
    args = parser.parse_args(argv)
    from textmine import load_settings
    from textmine.scrape import Fetcher, scrape

    fs = _fixture_site()
    overrides = {"http": {"delay": args.delay, "timeout": 0.5, "retries": 2, "backoff": 0.01,
                          "max_retry_after": 0.1, "max_bytes": 100_000}}
    rows = []
    with fs.FixtureSite() as site, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "sources"
        site.write_source(folder)
        settings = load_settings(overrides={**overrides, "scrape": {"sources_dir": str(folder)}})
        db = Path(tmp) / "corpus.db"
        for run in ("first run", "second run (unchanged)"):
            started = time.perf_counter()
            report = scrape(db, ["testkommun"], settings=settings)
            src = report.sources[0]
            rows.append((run, report.bytes_downloaded, report.requests,
                         time.perf_counter() - started, src.new + src.changed))
        # the naive peer: the same article URLs fetched again without validators
        urls = [site.article_url(s) for s in fs.STORED]
        with Fetcher(settings) as fetcher:
            started = time.perf_counter()
            for url in urls + [site.url(fs.LISTING)]:
                fetcher.fetch(url)
            rows.append(("naive re-fetch (no state)", fetcher.bytes_downloaded,
                         fetcher.requests_made, time.perf_counter() - started, 0))
    first = rows[0][1]
    print(f"{'run':<28} {'bytes':>9} {'requests':>9} {'seconds':>8} {'stored':>7} "
          f"{'bytes/first':>12}")
    for name, size, requests, seconds, stored in rows:
        print(f"{name:<28} {size:>9,} {requests:>9} {seconds:>8.2f} {stored:>7} "
              f"{size / first:>12.3f}")
    print(f"re-scrape cost (second / first bytes): {rows[1][1] / first:.3f}  (goal < 0.05)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
