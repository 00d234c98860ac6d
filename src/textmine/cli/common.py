"""Helpers shared by the command modules: common options, settings, output."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..config import Settings, load_settings

__all__ = ["add_db_option", "settings_from", "print_table", "say"]


def add_db_option(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument(
        "--db", metavar="PATH", required=required,
        help="the corpus database (an SQLite file; created when missing)",
    )


def settings_from(args: argparse.Namespace) -> Settings:
    return load_settings(getattr(args, "config", None))


def say(message: str) -> None:
    """A progress or summary line for the user, on stderr (stdout is for data)."""
    print(message, file=sys.stderr, flush=True)


def print_table(rows: list[dict[str, Any]], columns: list[str], *, out: Any = None) -> None:
    """Print rows as an aligned plain-text table."""
    out = out or sys.stdout
    cells = [[("" if r.get(c) is None else str(r.get(c))) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip(), file=out)
