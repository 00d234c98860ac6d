"""Commands over the corpus store: build, import, export, stats."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..build import STAGES, StageResult, build
from ..errors import InputError
from ..progress import progress_bar
from ..store import export_documents, import_documents, open_corpus
from .common import add_db_option, print_table, say, settings_from


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build",
        help="import a corpus (default: the demo corpus) and run every stage over it",
        description=(
            "The main job. Imports INPUT (JSONL or CSV; default: the bundled demo corpus) "
            "into the corpus database and runs every analysis stage over what is new or "
            "changed. Safe to run again: unchanged documents are skipped."
        ),
    )
    p.add_argument("input", nargs="?", metavar="INPUT", help="a JSONL or CSV file of documents")
    add_db_option(p)
    p.add_argument(
        "--stage", action="append", dest="stages", metavar="NAME",
        help=f"run only this stage (repeatable): import, {', '.join(n for n, _ in STAGES) or '...'}",
    )
    p.add_argument("--quiet", action="store_true", help="print only the final summary")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "import",
        help="store documents from a JSONL or CSV file",
        description=(
            "Reads JSONL (one JSON object a line) or CSV with fields id or url, title, text or "
            "body, and optional published, updated, source, lead, captions, byline, categories, "
            "language. Unknown fields are kept as metadata. A bad line is reported with its "
            "line number and skipped; everything else is stored."
        ),
    )
    p.add_argument("file", metavar="FILE", help="the file to read ('-' for standard input)")
    add_db_option(p)
    p.add_argument("--format", choices=["jsonl", "csv"], help="default: from the file name")
    p.add_argument("--source", help="source name for records that have none")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export",
        help="write documents with everything attached to them",
        description="Writes every document with its entities, roles, quotes and themes.",
    )
    add_db_option(p)
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl",
                   help="output format (default: jsonl; csv writes nested values as JSON)")
    p.add_argument("--out", metavar="FILE", help="output file (default: standard output)")
    p.add_argument("--source", help="only documents from this source")
    p.add_argument("--since", metavar="DATE", help="only documents published on or after DATE")
    p.add_argument("--until", metavar="DATE", help="only documents published on or before DATE")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("stats", help="counts of documents, roles, people and themes",
                       description="Prints what the corpus holds, per table and per source.")
    add_db_option(p)
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help="output format (default: table)")
    p.set_defaults(func=cmd_stats)


def _progress_factory(quiet: bool):
    if quiet:
        return None
    return lambda desc, total: progress_bar(desc, total=total)


def cmd_build(args: argparse.Namespace) -> int:
    settings = settings_from(args)

    def on_stage(result: StageResult) -> None:
        if args.quiet:
            return
        parts = ", ".join(
            f"{k} {v}" for k, v in result.summary.items() if isinstance(v, (int, float, str))
            and k != "input"
        )
        say(f"{result.name}: {parts} ({result.seconds:.1f} s)")
        for err in result.summary.get("errors", []) or []:
            say(f"  skipped {err}")

    report = build(
        args.db, args.input, stages=args.stages, settings=settings,
        progress=_progress_factory(args.quiet), on_stage=on_stage,
    )
    imported = next((s.summary for s in report.stages if s.name == "import"), None)
    if imported is not None and not imported.get("new") and not imported.get("changed"):
        say(f"nothing new: all {imported.get('unchanged', 0)} documents were unchanged, "
            "so the stages had only what was still pending to do")
    totals = ", ".join(f"{k} {v}" for k, v in report.totals.items())
    size = _db_size(args.db)
    say(f"done in {report.seconds:.1f} s: {args.db} ({size / 1e6:.1f} MB) holds {totals}")
    return 0


def _db_size(db: str) -> int:
    return sum(Path(p).stat().st_size for p in (db, f"{db}-wal") if Path(p).exists())


def cmd_import(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    with open_corpus(args.db) as corpus, progress_bar("import") as advance:
        report = import_documents(
            corpus, args.file, format=args.format, source=args.source,
            batch_size=int(settings.get("store", "batch_size", 200)), progress=advance,
        )
    for err in report.errors:
        say(f"{args.file}: skipped {err}")
    u = report.upserts
    say(f"read {report.read} records: {u.new} new, {u.changed} changed, "
        f"{u.unchanged} unchanged, {report.skipped} skipped")
    return 1 if report.read and report.skipped == report.read else 0


def cmd_export(args: argparse.Namespace) -> int:
    if not Path(args.db).exists():
        raise InputError(f"{args.db}: no such corpus database")
    with open_corpus(args.db) as corpus:
        if args.out:
            with open(args.out, "w", encoding="utf-8", newline="") as out:
                n = export_documents(corpus, out, format=args.format, source=args.source,
                                     since=args.since, until=args.until)
            say(f"wrote {n} documents to {args.out}")
        else:
            export_documents(corpus, sys.stdout, format=args.format, source=args.source,
                             since=args.since, until=args.until)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    if not Path(args.db).exists():
        raise InputError(f"{args.db}: no such corpus database")
    with open_corpus(args.db) as corpus:
        stats = corpus.stats()
        sources = corpus.sources()
    if args.format == "json":
        print(json.dumps({"tables": stats, "sources": sources}, ensure_ascii=False, indent=2))
        return 0
    print_table([{"what": k, "count": v} for k, v in stats.items()], ["what", "count"])
    print()
    print_table([{"source": k or "(none)", "documents": v} for k, v in sources.items()],
                ["source", "documents"])
    return 0
