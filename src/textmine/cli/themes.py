"""Commands of the themes area: fit, show, assign, profile, plot (wrappers over textmine.themes)."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import InputError
from ..progress import progress_bar
from ..store import open_corpus
from .common import add_db_option, print_table, say, settings_from


def _k_range(text: str) -> tuple[int, int]:
    try:
        first, _, last = text.partition(":")
        lo, hi = int(first), int(last or first)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected FIRST:LAST, e.g. 6:16, not {text!r}") from None
    if not 1 <= lo <= hi:
        raise argparse.ArgumentTypeError(f"expected 1 <= FIRST <= LAST, not {text!r}")
    return lo, hi


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("expected a number of at least 1")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    """Add this area's commands to the parser."""
    themes = sub.add_parser(
        "themes", help="collaboration themes: fit, show, assign, profile, plot",
        description="Topic models of the corpus: what the news is about, over time and per "
                    "organisation.",
    )
    tsub = themes.add_subparsers(dest="themes_command", metavar="ACTION", required=True,
                                 help="fit, show, assign, profile or plot")

    p = tsub.add_parser(
        "fit", help="fit a theme model on the corpus and store it",
        description="Fits a theme model (NMF by default) on every document, labels the themes "
                    "and stores each document's theme shares. The number of themes is chosen "
                    "by coherence (NPMI) and diversity unless --k fixes it.",
    )
    add_db_option(p)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--k", type=_positive, metavar="N", help="a fixed number of themes")
    group.add_argument("--k-range", type=_k_range, metavar="A:B",
                       help="choose the number of themes between A and B (default: settings)")
    seeds = p.add_mutually_exclusive_group()
    seeds.add_argument("--seeds", metavar="FILE",
                       help="a TOML file of seed words per theme ('default': the packaged "
                            "Swedish seeds; default: settings)")
    seeds.add_argument("--no-seeds", action="store_true", help="fit unguided themes")
    p.add_argument("--method", choices=["nmf", "lda"], help="the topic model (default: nmf)")
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help="output format of the summary (default: table)")
    p.set_defaults(func=cmd_fit)

    p = tsub.add_parser(
        "show", help="list the themes of the stored model",
        description="Prints each theme's label, top terms, size and most typical headline.",
    )
    add_db_option(p)
    p.add_argument("--model", metavar="ID", help="a stored model (default: the active one)")
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help="output format (default: table)")
    p.set_defaults(func=cmd_show)

    p = tsub.add_parser(
        "assign", help="give new documents their theme shares without refitting",
        description="Assigns the documents the stored model has not seen (or all with --all) "
                    "to its themes.",
    )
    add_db_option(p)
    p.add_argument("--model", metavar="ID", help="a stored model (default: the active one)")
    p.add_argument("--all", action="store_true", help="reassign every document")
    p.set_defaults(func=cmd_assign)

    p = tsub.add_parser(
        "profile", help="themes over time or per organisation",
        description="Prints the themes' weight and share per month, quarter or year, or per "
                    "organisation (from roles and document sources).",
    )
    add_db_option(p)
    p.add_argument("--by", choices=["month", "quarter", "year", "organisation"],
                   default="quarter", help="group by period or by organisation (default: quarter)")
    p.add_argument("--model", metavar="ID", help="a stored model (default: the active one)")
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help="output format (default: table)")
    p.set_defaults(func=cmd_profile)

    p = tsub.add_parser(
        "plot", help="write PNG plots: themes over time, organisations by theme",
        description="Writes themes_over_time.png and organisations_by_theme.png into DIR "
                    "(needs matplotlib: pip install 'textmine[plot]').",
    )
    add_db_option(p)
    p.add_argument("--out", metavar="DIR", required=True, help="the folder to write into")
    p.add_argument("--period", choices=["month", "quarter", "year"], default="quarter",
                   help="time step of the time plot (default: quarter)")
    p.add_argument("--model", metavar="ID", help="a stored model (default: the active one)")
    p.set_defaults(func=cmd_plot)


def _open(args: argparse.Namespace):
    from pathlib import Path

    if args.db != ":memory:" and not Path(args.db).exists():
        raise InputError(f"{args.db}: no such corpus database",
                         hint="create one with 'textmine import FILE --db PATH'")
    return open_corpus(args.db)


def _progress(args: argparse.Namespace):
    return lambda desc, total: progress_bar(desc, total=total)


def cmd_fit(args: argparse.Namespace) -> int:
    from ..themes import fit_themes

    settings = settings_from(args)
    kwargs = {}
    if args.no_seeds:
        kwargs["seeds"] = None
    elif args.seeds:
        kwargs["seeds"] = args.seeds
    with _open(args) as corpus:
        report = fit_themes(corpus, k=args.k, k_range=args.k_range, method=args.method,
                            settings=settings, progress=_progress(args), **kwargs)
    if args.format == "json":
        from dataclasses import asdict

        json.dump(asdict(report), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        say(f"fitted {report.model}: {report.n_themes} themes over {report.documents} documents "
            f"and {report.terms} terms (NPMI {report.npmi:.3f}, diversity {report.diversity:.2f}) "
            f"in {report.seconds:.1f} s")
        if report.scores:
            print_table([{k: (round(v, 3) if isinstance(v, float) else v) for k, v in s.items()}
                         for s in report.scores], ["k", "npmi", "diversity", "quality"])
        if report.seeds_skipped:
            say(f"seed themes left unnamed (too rare, or their words did not lead the theme): "
                f"{', '.join(report.seeds_skipped)}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from ..themes import read_themes

    with _open(args) as corpus:
        summary = read_themes(corpus, model=args.model)
    if args.format == "json":
        json.dump(summary.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    m = summary.model
    say(f"model {m['id']} ({m['method']}, {m['k']} themes, {m['documents']} documents, "
        f"NPMI {m['npmi']:.3f}, diversity {m['diversity']:.2f})")
    rows = [{"theme": t["theme"], "label": t["label"], "docs": t["documents"],
             "top terms": ", ".join(t["top_terms"][:6]),
             "typical headline": (t["typical_headline"] or "")[:60]} for t in summary.themes]
    print_table(rows, ["theme", "label", "docs", "top terms", "typical headline"])
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    from ..themes import assign_themes

    with _open(args) as corpus:
        report = assign_themes(corpus, model=args.model, all=args.all,
                               settings=settings_from(args), progress=_progress(args))
    say(f"assigned {report.assigned} document(s) to the themes of {report.model}")
    return 0


def cmd_profile(args: argparse.Namespace) -> int:
    from ..themes import organisation_profiles, themes_over_time

    with _open(args) as corpus:
        if args.by == "organisation":
            rows = organisation_profiles(corpus, model=args.model)
            columns = ["organisation", "theme", "label", "documents", "weight", "share"]
        else:
            rows = themes_over_time(corpus, model=args.model, period=args.by)
            columns = ["period", "theme", "label", "documents", "weight", "share"]
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_table(rows, columns)
    return 0


def cmd_plot(args: argparse.Namespace) -> int:
    from ..themes import plot_themes

    with _open(args) as corpus:
        paths = plot_themes(corpus, args.out, model=args.model, period=args.period)
    for path in paths:
        say(f"wrote {path}")
    return 0
