"""Commands of the scrape area: scrape, sources list/check, extract-html.

Each command wraps one library function of :mod:`textmine.scrape`. The library logs
to ``textmine.scrape`` and never configures logging; these commands do: a progress
bar and warnings on a terminal, plain timestamped log lines otherwise (cron).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any

from ..config import Settings, load_settings
from ..errors import InputError
from .common import add_db_option, print_table, say

__all__ = ["register"]


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if getattr(args, "sources", None):
        overrides["scrape"] = {"sources_dir": args.sources}
    return load_settings(getattr(args, "config", None), overrides=overrides or None)


def _configure_logging(verbose: bool = False) -> bool:
    """Set up the textmine.scrape logger; returns whether a terminal is attached."""
    tty = sys.stderr.isatty()
    logger = logging.getLogger("textmine.scrape")
    for old in [h for h in logger.handlers if getattr(h, "_textmine_cli", False)]:
        logger.removeHandler(old)
    handler = logging.StreamHandler(sys.stderr)
    handler._textmine_cli = True  # type: ignore[attr-defined]
    fmt = "%(levelname)s %(message)s" if tty else "%(asctime)s %(levelname)s %(message)s"
    handler.setFormatter(logging.Formatter(fmt, "%Y-%m-%dT%H:%M:%S"))
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO if (verbose or not tty) else logging.WARNING)
    return tty


def _progress_factory(enabled: bool):
    if not enabled:
        return None
    from ..progress import progress_bar

    def factory(desc: str, total: int | None):
        return progress_bar(desc, total=total, enabled=True)

    return factory


def _cmd_scrape(args: argparse.Namespace) -> int:
    from ..scrape.job import report_json, scrape

    settings = _settings(args)
    tty = _configure_logging(args.verbose)
    if args.profile and not args.start_url:
        raise InputError("--profile goes with --start-url (a site file names its profile)")

    def on_source(result: Any) -> None:
        if not args.json:
            line = (f"{result.name}: {result.new} new, {result.changed} changed, "
                    f"{result.unchanged} unchanged, {result.failed} failed, "
                    f"{result.skipped} skipped")
            say(line + (f" -- FAILED: {result.error}" if result.error else ""))

    report = scrape(args.db, args.names or None, start_url=args.start_url, profile=args.profile,
                    settings=settings, progress=_progress_factory(tty), on_source=on_source,
                    link=not args.no_stories)
    if args.json:
        print(report_json(report))
    else:
        if report.stories:
            say(f"stories: {report.stories.get('stories', 0)} linking "
                f"{report.stories.get('linked', 0)} documents")
        say(f"{report.requests} requests, {report.bytes_downloaded:,} bytes, "
            f"{report.seconds:.1f} s")
    failed = [s.name for s in report.sources if s.failed_whole]
    if failed:
        say(f"textmine: error: source(s) failed as a whole: {', '.join(failed)}")
        return 1
    return 0


def _cmd_sources_list(args: argparse.Namespace) -> int:
    from ..scrape.sources import list_sources

    rows = [{"name": s.name, "title": s.title, "kind": s.kind, "profile": s.profile.name,
             "start": ", ".join(u for _, u in s.start_points)}
            for s in list_sources(settings=_settings(args))]
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        print_table(rows, ["name", "title", "kind", "profile", "start"])
    return 0


def _cmd_sources_check(args: argparse.Namespace) -> int:
    from ..scrape.job import check_source

    _configure_logging(args.verbose)
    check = check_source(args.name, limit=args.limit, settings=_settings(args))
    if args.json:
        print(json.dumps({"source": check.name, "ok": check.ok, "discovered": check.discovered,
                          "start_points": check.start_points, "articles": check.articles},
                         ensure_ascii=False))
        return 0 if check.ok else 1
    print(f"source {check.name}: {check.discovered} articles discovered")
    for sp in check.start_points:
        state = f"{sp['articles']} articles" if sp["ok"] else f"FAILED: {sp['error']}"
        print(f"  {sp['kind']:8} {sp['url']}  {state}")
    for art in check.articles:
        print(f"- {art['url']}")
        if "error" in art:
            print(f"    FAILED: {art['error']}")
            continue
        for key in ("title", "published", "updated", "lead_chars", "body_chars", "captions",
                    "byline", "categories", "language"):
            print(f"    {key:11} {art[key] if art[key] not in (None, '', []) else '-'}")
    print("looks usable" if check.ok else "NOT usable as it is: adjust the site file")
    return 0 if check.ok else 1


def _cmd_extract_html(args: argparse.Namespace) -> int:
    from ..scrape.extract import extract_html

    failures = 0
    rows = []
    for path in args.files:
        try:
            doc = extract_html(path, url=args.url, profile=args.profile)
        except InputError as exc:
            failures += 1
            say(f"textmine: {exc.message}")
            continue
        row = {"file": path, "url": doc.url, "title": doc.title, "published": doc.published,
               "updated": doc.updated, "lead": doc.lead, "body": doc.body,
               "captions": doc.captions, "byline": doc.byline, "categories": doc.categories,
               "language": doc.language, "profile": doc.metadata.get("profile"),
               "text": doc.text}
        if args.format == "jsonl":
            print(json.dumps(row, ensure_ascii=False), flush=False)
        else:
            rows.append(row)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    return 1 if failures and failures == len(args.files) else 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add this area's commands to the parser."""
    p = sub.add_parser(
        "scrape", help="collect new and changed news articles into the corpus",
        description="Collect new and changed articles of the named sources (all known "
                    "sources when none is named), or of one --start-url. Safe to run from "
                    "cron: a lock prevents overlapping runs; exit 75 when another run holds it, "
                    "1 when a source failed as a whole.")
    p.add_argument("names", nargs="*", metavar="NAME",
                   help="source names (see 'textmine sources list')")
    add_db_option(p)
    p.add_argument("--start-url", metavar="URL",
                   help="scrape this listing page, feed or sitemap without a site file")
    p.add_argument("--profile", metavar="NAME", choices=["sitevision", "wordpress", "generic"],
                   help="CMS profile for --start-url (default: detected from the page)")
    p.add_argument("--sources", metavar="DIR", help="a folder of extra site files (*.toml)")
    p.add_argument("--no-stories", action="store_true",
                   help="do not link near-duplicate stories after the run")
    p.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="log every article (always on when not on a terminal)")
    p.set_defaults(func=_cmd_scrape)

    s = sub.add_parser("sources", help="list or check the news sources textmine knows",
                       description="Site files: the packaged ones and those in --sources DIR.")
    ssub = s.add_subparsers(dest="sources_command", metavar="ACTION", required=True,
                            help="list or check")
    pl = ssub.add_parser("list", help="list the known sources",
                         description="List the known sources and their start points.")
    pl.add_argument("--sources", metavar="DIR", help="a folder of extra site files (*.toml)")
    pl.add_argument("--json", action="store_true", help="one JSON object per source")
    pl.set_defaults(func=_cmd_sources_list)
    pc = ssub.add_parser(
        "check", help="try a source live and report what it yields",
        description="Fetch the source's start points and a few articles (nothing is stored) "
                    "and report articles discovered and fields extracted.")
    pc.add_argument("name", metavar="NAME", help="the source to check")
    pc.add_argument("--limit", type=int, default=3, metavar="N",
                    help="articles to fetch and extract (default 3)")
    pc.add_argument("--sources", metavar="DIR", help="a folder of extra site files (*.toml)")
    pc.add_argument("--json", action="store_true", help="print the result as JSON")
    pc.add_argument("-v", "--verbose", action="store_true", help="log every request")
    pc.set_defaults(func=_cmd_sources_check)

    e = sub.add_parser(
        "extract-html", help="extract articles from saved HTML files as JSON lines",
        description="Print one JSON object per file with file, url, title, published, "
                    "updated, lead, body, captions, byline, categories, language and text "
                    "(lead, body and captions).")
    e.add_argument("files", nargs="+", metavar="FILE", help="HTML files")
    e.add_argument("--format", choices=["jsonl", "json"], default="jsonl",
                   help="jsonl (default): one object a line; json: one indented array")
    e.add_argument("--profile", choices=["sitevision", "wordpress", "generic"],
                   help="CMS profile (default: detected from each page)")
    e.add_argument("--url", metavar="URL",
                   help="the page's URL (default: its canonical link, else the file)")
    e.set_defaults(func=_cmd_extract_html)
