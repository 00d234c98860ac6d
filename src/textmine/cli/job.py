"""Commands over the whole result: report and browse."""

from __future__ import annotations

import argparse

from ..browse import browse
from ..report import write_report
from .common import add_db_option, say, settings_from


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="write a static HTML page with the corpus at a glance",
        description=(
            "Writes DIR/index.html (themes over time, organisation-by-theme heat map, the most "
            "frequent role-holders per organisation, the collaboration network of organisations, "
            "links to the documents) and the network as DIR/network.graphml and DIR/network.csv."
        ),
    )
    add_db_option(p)
    p.add_argument("--out", metavar="DIR", required=True, help="folder to write the report into")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "browse",
        help="open the corpus in Datasette (needs textmine[browse])",
        description=(
            "Writes Datasette metadata (labels, facets, full-text search) beside the database "
            "and starts Datasette on it."
        ),
    )
    add_db_option(p)
    p.add_argument("--port", type=int, default=8001, help="port to serve on (default: 8001)")
    p.add_argument("--open", action="store_true", help="open a web browser on the page")
    p.set_defaults(func=cmd_browse)


def cmd_report(args: argparse.Namespace) -> int:
    paths = write_report(args.db, args.out, settings=settings_from(args))
    for path in paths:
        say(f"wrote {path}")
    return 0


def cmd_browse(args: argparse.Namespace) -> int:
    return browse(args.db, port=args.port, open_browser=args.open)
