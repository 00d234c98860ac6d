"""The ``textmine`` command line: thin wrappers over library functions.

Each module in this package registers its commands with ``register(subparsers)``.
Errors that textmine raises on purpose become one clean line on stderr and an exit
code; nothing a user types produces a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import TextmineError

__all__ = ["main", "build_parser"]

#: Command modules, in the order their commands appear in ``--help``.
COMMAND_MODULES = ["corpus", "scrape", "nlp", "themes", "search", "job"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="textmine",
        description=(
            "Mine Swedish municipal and university news: collect articles, find who holds "
            "which title where, cluster collaboration themes and search it all."
        ),
        epilog="Run 'textmine COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="version", version=f"textmine {__version__}")
    parser.add_argument("--config", metavar="FILE", help="a TOML file overriding the defaults")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
    except TextmineError as exc:
        print(f"textmine: error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"textmine: {exc.hint}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("textmine: interrupted", file=sys.stderr)
        return 128 + signal.SIGINT
    except BrokenPipeError:
        # the reader of our output went away (e.g. `textmine export | head`)
        sys.stderr.close()
        return 0
    return int(code or 0)
