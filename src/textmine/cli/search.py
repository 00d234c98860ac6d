"""Commands of the search area: search, people, index."""

from __future__ import annotations

import argparse
import json
import sys

from ..index.people import people
from ..index.search import search, update_index
from ..progress import progress_bar
from .common import add_db_option, print_table, say, settings_from

_DB_HELP = "the corpus database (an SQLite file) or a PostgreSQL DSN (postgresql://...)"


def register(sub: argparse._SubParsersAction) -> None:
    """Add this area's commands to the parser."""
    p = sub.add_parser(
        "search",
        help="Swedish full-text search with filters and facets",
        description=(
            "Searches titles, leads, bodies and captions. Words are matched in every "
            "inflection (högskolan, högskolans, högskolor), å/ä/ö stay distinct, and "
            "compounds are found by their parts, ranked below exact matches. Syntax: "
            'words (all must occur), "exact phrase", a OR b, -excluded, prefix*.'
        ),
    )
    p.add_argument("query", metavar="QUERY",
                   help='what to look for, e.g. \'trygghet "Södertörns högskola" -polis\'')
    p.add_argument("--db", metavar="PATH", required=True, help=_DB_HELP)
    p.add_argument("--source", action="append", help="only this source (repeatable: any of them)")
    p.add_argument("--since", metavar="DATE", help="only documents published on or after DATE")
    p.add_argument("--until", metavar="DATE", help="only documents published on or before DATE")
    p.add_argument("--person", action="append",
                   help="only documents stating a role of this person")
    p.add_argument("--org", action="append",
                   help="only documents stating a role at this organisation")
    p.add_argument("--title", action="append",
                   help="only documents stating someone holds this title")
    p.add_argument("--theme", action="append",
                   help="only documents of this theme (label or number)")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="hits to show (default: 20)")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="hits to skip (paging)")
    p.add_argument("--format", choices=["table", "json", "jsonl"], default="table",
                   help="output: table with facets (default), one JSON object, or a hit a line")
    p.add_argument("--no-facets", action="store_true", help="skip the facet counts (faster)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "people",
        help="who held which title where, with the documents that state it",
        description=(
            "Roles stated in the corpus, grouped by person, title, organisation and party, "
            "oldest first. --title T --org O: who has held T at O. --person P: every role of "
            "P over time. Values match regardless of case."
        ),
    )
    p.add_argument("--db", metavar="PATH", required=True, help=_DB_HELP)
    p.add_argument("--title", help="only this title (e.g. rektor)")
    p.add_argument("--org", help="only this organisation (e.g. 'Södertörns högskola')")
    p.add_argument("--person", help="only this person")
    p.add_argument("--limit", type=int, metavar="N", help="show at most N roles")
    p.add_argument("--format", choices=["table", "json", "jsonl"], default="table",
                   help="output format (default: table)")
    p.set_defaults(func=cmd_people)

    p = sub.add_parser(
        "index",
        help="bring the search index up to date (new, changed, deleted documents)",
        description=(
            "Indexes what is new or changed since the last run ('textmine build' does this "
            "too). With --to postgresql://... the corpus is copied into a PostgreSQL index."
        ),
    )
    add_db_option(p)
    p.add_argument("--to", metavar="DSN", help="a PostgreSQL DSN to build the index in")
    p.add_argument("--rebuild", action="store_true", help="re-index every document")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_index)


def cmd_search(args: argparse.Namespace) -> int:
    results = search(
        args.query, db=args.db, limit=args.limit, offset=args.offset,
        facets=not args.no_facets and args.format != "jsonl", settings=settings_from(args),
        source=args.source, since=args.since, until=args.until, person=args.person,
        org=args.org, title=args.title, theme=args.theme,
    )
    if args.format == "json":
        json.dump(results.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if args.format == "jsonl":
        for hit in results:
            print(json.dumps(hit.to_dict(), ensure_ascii=False))
        return 0
    rows = [{"#": i, "score": f"{h.score:.2f}", "date": (h.document.published or "")[:10],
             "source": h.document.source, "id": h.id, "title": _clip(h.document.title, 60)}
            for i, h in enumerate(results, start=args.offset + 1)]
    print_table(rows, ["#", "score", "date", "source", "id", "title"])
    for i, h in enumerate(results, start=args.offset + 1):
        print(f"{i:>3}. {h.snippet}")
    say(f"{results.total} matching document(s); showing {len(results)}")
    for name, values in results.facets.items():
        if values:
            print(f"{name}: " + ", ".join(f"{v or '(none)'} ({c})" for v, c in values))
    return 0


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_people(args: argparse.Namespace) -> int:
    records = people(args.db, title=args.title, org=args.org, person=args.person,
                     limit=args.limit, settings=settings_from(args))
    if args.format == "json":
        json.dump([r.to_dict() for r in records], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if args.format == "jsonl":
        for r in records:
            print(json.dumps(r.to_dict(), ensure_ascii=False))
        return 0
    rows = [{"person": r.person, "title": r.title, "org": r.org, "party": r.party,
             "from": r.first_seen, "to": r.last_seen, "documents": len(r.documents),
             "ids": _clip(", ".join(d.id for d in r.documents), 40)} for r in records]
    print_table(rows, ["person", "title", "org", "party", "from", "to", "documents", "ids"])
    say(f"{len(records)} role(s)")
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    progress = None if args.quiet else (lambda desc, total: progress_bar(desc, total=total))
    summary = update_index(args.db, target=args.to, rebuild=args.rebuild,
                           settings=settings_from(args), progress=progress)
    where = args.to.split("@")[-1] if args.to else args.db
    say(f"index ({where}): {summary['indexed']} document(s) indexed"
        + (f", {summary.get('deleted', 0)} removed" if args.to else "")
        + f"; {summary['documents']} in the index")
    return 0
