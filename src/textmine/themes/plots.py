"""PNG plots of themes: shares over time, and an organisation-by-theme heat map.

Needs matplotlib (``pip install 'textmine[plot]'``); it is imported only here,
with the non-interactive Agg backend, so servers and cron jobs need no display.

>>> plot_themes(corpus, "plots/")  # doctest: +SKIP
[PosixPath('plots/themes_over_time.png'), PosixPath('plots/organisations_by_theme.png')]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from ..store import Corpus
from .profiles import organisation_profiles, themes_over_time

__all__ = ["plot_themes", "plot_themes_over_time", "plot_organisation_heatmap"]


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise InputError("plots need matplotlib, which is not installed",
                         hint="pip install 'textmine[plot]'") from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def plot_themes_over_time(rows: list[dict[str, Any]], path: str | Path, *,
                          title: str = "Teman över tid") -> Path:
    """A line per theme: its share of each period's documents."""
    plt = _pyplot()
    periods = sorted({r["period"] for r in rows})
    labels = {r["theme"]: r["label"] for r in rows}
    fig, ax = plt.subplots(figsize=(max(7.0, 0.45 * len(periods) + 4), 5), dpi=110)
    try:
        for theme in sorted(labels):
            by_period = {r["period"]: r["share"] for r in rows if r["theme"] == theme}
            ax.plot(range(len(periods)), [by_period.get(p, 0.0) for p in periods],
                    marker="o", markersize=3, label=labels[theme][:40])
        ax.set_xticks(range(len(periods)))
        ax.set_xticklabels(periods, rotation=60, ha="right", fontsize=8)
        ax.set_ylabel("andel av periodens nyheter")
        ax.set_title(title)
        ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        fig.tight_layout()
        fig.savefig(path)
    finally:
        plt.close(fig)
    return Path(path)


def plot_organisation_heatmap(rows: list[dict[str, Any]], path: str | Path, *,
                              max_organisations: int = 40,
                              title: str = "Organisationer och teman") -> Path:
    """Organisations (rows, the most documents first) by themes: share of their news."""
    import numpy as np

    plt = _pyplot()
    sizes: dict[str, int] = {}
    for r in rows:
        sizes[r["organisation"]] = max(sizes.get(r["organisation"], 0), r["documents"])
    orgs = sorted(sizes, key=lambda o: (-sizes[o], o))[:max_organisations]
    themes = sorted({r["theme"] for r in rows})
    labels = {r["theme"]: r["label"] for r in rows}
    grid = np.zeros((len(orgs), len(themes)))
    index_o = {o: i for i, o in enumerate(orgs)}
    index_t = {t: j for j, t in enumerate(themes)}
    for r in rows:
        if r["organisation"] in index_o:
            grid[index_o[r["organisation"]], index_t[r["theme"]]] = r["share"]
    fig, ax = plt.subplots(figsize=(max(6.0, 0.6 * len(themes) + 4),
                                    max(3.0, 0.3 * len(orgs) + 2)), dpi=110)
    try:
        image = ax.imshow(grid, aspect="auto", cmap="viridis", vmin=0)
        ax.set_xticks(range(len(themes)))
        ax.set_xticklabels([labels[t][:30] for t in themes], rotation=60, ha="right", fontsize=8)
        ax.set_yticks(range(len(orgs)))
        ax.set_yticklabels([o[:40] for o in orgs], fontsize=8)
        ax.set_title(title)
        fig.colorbar(image, ax=ax, label="andel av organisationens nyheter")
        fig.tight_layout()
        fig.savefig(path)
    finally:
        plt.close(fig)
    return Path(path)


def plot_themes(corpus: Corpus, out: str | Path, *, model: str | None = None,
                period: str = "quarter", by: str = "both") -> list[Path]:
    """Write ``themes_over_time.png`` and ``organisations_by_theme.png`` into ``out``."""
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{folder}: cannot create the output folder ({exc.strerror})") from None
    written = []
    over_time = themes_over_time(corpus, model=model, period=period)
    if over_time:
        written.append(plot_themes_over_time(over_time, folder / "themes_over_time.png"))
    orgs = organisation_profiles(corpus, model=model, by=by)
    if orgs:
        written.append(plot_organisation_heatmap(orgs, folder / "organisations_by_theme.png"))
    if not written:
        raise InputError("nothing to plot: no document has theme shares",
                         hint="run 'textmine themes assign --db PATH' first")
    return written
