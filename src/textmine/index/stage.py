"""The ``index`` stage of the main job: keep the search index in step with the store.

Runs last (after roles and themes, which the facets read at query time). Indexes
new and changed documents only; deleted documents leave the index through triggers.
When ``[search] postgres_dsn`` is set, the corpus is also copied into that server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..config import Settings
from ..store import Corpus
from .search import update_corpus_index

__all__ = ["run_index"]


def run_index(corpus: Corpus, *, settings: Settings,
              progress: Callable[[str, int | None], Any] | None = None) -> dict[str, Any]:
    """Index what is new or changed; returns counts for the build report."""
    summary = dict(update_corpus_index(corpus, settings=settings, progress=progress))
    dsn = str(settings.get("search", "postgres_dsn", "") or "")
    if dsn:
        pg = update_corpus_index(corpus, target=dsn, settings=settings, progress=progress)
        summary["postgres"] = {k: v for k, v in pg.items() if k != "seconds"}
    return summary
