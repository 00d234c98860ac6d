"""The themes stage of the main job (``textmine build``).

Fits a theme model once the corpus holds ``[themes] min_documents`` documents,
refits when the corpus has grown ``refit_growth`` times since the last fit, and
otherwise only assigns new or changed documents to the stored model's themes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..config import Settings
from ..store import Corpus
from .fit import active_model_id, assign_themes, fit_themes

__all__ = ["run_themes"]


def run_themes(
    corpus: Corpus,
    *,
    settings: Settings,
    progress: Callable[[str, int | None], Any] | None = None,
) -> Mapping[str, Any]:
    cfg = settings.section("themes")
    if not cfg.get("enabled", True):
        return {"skipped": "disabled in [themes] enabled"}
    n = corpus.count_documents()
    minimum = int(cfg.get("min_documents", 50))
    current = active_model_id(corpus)
    refit = current is None
    if current is not None:
        fitted_on = corpus.conn.execute(
            "SELECT n_documents FROM theme_models WHERE id = ?", (current,)
        ).fetchone()[0]
        refit = n >= float(cfg.get("refit_growth", 2.0)) * max(int(fitted_on), 1)
    if refit:
        if n < minimum:
            return {"skipped": f"{n} documents, fewer than [themes] min_documents = {minimum}"}
        report = fit_themes(corpus, settings=settings, progress=progress)
        return {"model": report.model, "fitted": report.documents, "themes": report.n_themes,
                "npmi": round(report.npmi, 3), "diversity": round(report.diversity, 3)}
    assigned = assign_themes(corpus, settings=settings, progress=progress)
    return {"model": assigned.model, "assigned": assigned.assigned}
