"""Commands over the whole result: report and browse."""

from __future__ import annotations

import argparse

import logging
import sys

from ..browse import browse
from ..job import EXIT_CODES, read_job_config, run_job
from ..progress import progress_bar
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

    codes = "; ".join(f"{k}: {v}" for k, v in EXIT_CODES.items())
    p = sub.add_parser(
        "run-job",
        help="the periodic job: scrape configured sources, then process and index what is new",
        description=(
            "Runs a job file (TOML with a [job] table: db, sources, log_file, stages, plus any "
            "settings sections). Safe under cron: a lock keeps runs from overlapping and every "
            f"line goes to the log file. Exit codes: {codes}."
        ),
    )
    p.add_argument("--config", dest="config_file", metavar="FILE", required=True,
                   help="the job file")
    p.add_argument("--quiet", action="store_true", help="write only to the log file")
    p.set_defaults(func=cmd_run_job)

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


def cmd_run_job(args: argparse.Namespace) -> int:
    config = read_job_config(args.config_file)
    config.log_file.parent.mkdir(parents=True, exist_ok=True)
    logger = logging.getLogger("textmine")
    logger.setLevel(logging.INFO)
    file_handler = logging.FileHandler(config.log_file, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(file_handler)
    if not args.quiet:
        logger.addHandler(stream)
    job_log = logging.getLogger("textmine.job")
    progress = None if args.quiet else (lambda desc, total: progress_bar(desc, total=total))
    try:
        report = run_job(config, progress=progress, log=job_log.info)
    except Exception as exc:
        job_log.error("job stopped: %s", exc)
        raise
    finally:
        logger.removeHandler(file_handler)
        logger.removeHandler(stream)
        file_handler.close()
    return report.exit_code


def cmd_report(args: argparse.Namespace) -> int:
    paths = write_report(args.db, args.out, settings=settings_from(args))
    for path in paths:
        say(f"wrote {path}")
    return 0


def cmd_browse(args: argparse.Namespace) -> int:
    return browse(args.db, port=args.port, open_browser=args.open)
