"""The ``roles`` build stage: entities, roles and quotes for every new or changed document.

Incremental: only documents whose text the stage has not processed at the current
:data:`STAGE_VERSION` are analysed (``Corpus.iter_unprocessed``); each batch is
written in one transaction with ``mark_processed``, so an interrupted run resumes
where it stopped and never leaves a document half-written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..config import Settings
from ..store import Corpus
from .pipeline import doc_entities, load_pipeline

__all__ = ["run_roles", "STAGE", "STAGE_VERSION"]

STAGE = "roles"
#: Bump when the extraction changes so that ``textmine build`` re-runs it.
STAGE_VERSION = "2"


def run_roles(corpus: Corpus, *, settings: Settings,
              progress: Callable[[str, int | None], Any] | None = None) -> Mapping[str, Any]:
    """Analyse the unprocessed documents of ``corpus`` and store their entities,
    roles and quotes. Returns counts for the build report."""
    model = settings.get("nlp", "model", None) or None
    batch_size = int(settings.get("nlp", "batch_size", 32))
    version = f"{STAGE_VERSION}:{model or 'default'}"
    docs = list(corpus.iter_unprocessed(STAGE, stage_version=version))
    summary = {"documents": 0, "entities": 0, "roles": 0, "quotes": 0}
    if not docs:
        return summary
    nlp = load_pipeline(model)
    ctx = progress("roles", len(docs)) if progress is not None else None
    advance = ctx.__enter__() if ctx is not None else None
    try:
        for i in range(0, len(docs), batch_size):
            batch = docs[i:i + batch_size]
            analysed = list(nlp.pipe((d.full_text for d in batch), batch_size=batch_size))
            with corpus.transaction():
                for document, doc in zip(batch, analysed):
                    entities = doc_entities(doc)
                    corpus.set_entities(document.id, entities)
                    corpus.set_roles(document.id, doc._.roles)
                    corpus.set_quotes(document.id, doc._.quotes)
                    corpus.mark_processed(document.id, STAGE, stage_version=version)
                    summary["documents"] += 1
                    summary["entities"] += len(entities)
                    summary["roles"] += len(doc._.roles)
                    summary["quotes"] += len(doc._.quotes)
            if advance is not None:
                advance(len(batch))
    finally:
        if ctx is not None:
            ctx.__exit__(None, None, None)
    return summary
