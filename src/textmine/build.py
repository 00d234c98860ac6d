"""The main job: import an input (the demo corpus by default) and run every stage over it.

Stages run in the order data flows (store -> nlp -> themes -> index). Each stage
reads from the corpus, writes its results back, and is incremental: it skips
documents it has already processed at the same text and stage version.

>>> report = build(":memory:")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Settings, load_settings
from .errors import InputError
from .store import Corpus, import_documents, open_corpus

__all__ = ["build", "BuildReport", "StageResult", "STAGES", "demo_corpus_path"]

#: (name, "module:function") in data-flow order. A stage function takes
#: ``(corpus, *, settings, progress)`` and returns a summary mapping.
STAGES: list[tuple[str, str]] = [
    ("stories", "textmine.scrape.stories:run_stories"),  # first: near-duplicate stories
    ("roles", "textmine.nlp.stage:run_roles"),  # entities, roles and quotes per document
    ("themes", "textmine.themes.stage:run_themes"),
    ("index", "textmine.index.stage:run_index"),  # must stay last: it reads roles and themes
]


@dataclass
class StageResult:
    name: str
    summary: Mapping[str, Any]
    seconds: float


@dataclass
class BuildReport:
    db: str
    stages: list[StageResult] = field(default_factory=list)
    totals: Mapping[str, int] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.stages)


def demo_corpus_path() -> Path:
    """The bundled demo corpus (``corpora/demo/news.jsonl``)."""
    here = Path(__file__).resolve()
    candidates = [here.parent / "data" / "demo" / "news.jsonl"]
    candidates += [p / "corpora" / "demo" / "news.jsonl" for p in here.parents]
    for path in candidates:
        if path.is_file():
            return path
    raise InputError(
        "the demo corpus is not installed",
        hint="install textmine from its source tree (pip install -e .) or give an INPUT file",
    )


def _resolve(target: str) -> Callable[..., Mapping[str, Any]]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def build(
    db: str | Path,
    input: str | Path | None = None,
    *,
    stages: list[str] | None = None,
    settings: Settings | None = None,
    progress: Callable[[str, int | None], Any] | None = None,
    on_stage: Callable[[StageResult], None] | None = None,
) -> BuildReport:
    """Import ``input`` (default: the demo corpus) into ``db`` and run the stages.

    ``stages`` limits the run to the named stages ("import" and the names in
    :data:`STAGES`). ``progress(desc, total)`` is a factory of progress callables,
    as :func:`textmine.progress.progress_bar` provides; ``on_stage`` is called
    after each stage with its result.
    """
    settings = settings or load_settings()
    wanted = set(stages) if stages else None
    known = {"import"} | {name for name, _ in STAGES}
    if wanted and wanted - known:
        raise InputError(
            f"unknown stage(s): {', '.join(sorted(wanted - known))}",
            hint=f"stages are {', '.join(['import'] + [n for n, _ in STAGES])}",
        )
    report = BuildReport(db=str(db))

    def finish(name: str, summary: Mapping[str, Any], started: float) -> None:
        result = StageResult(name, summary, time.perf_counter() - started)
        report.stages.append(result)
        if on_stage:
            on_stage(result)

    with open_corpus(db) as corpus:
        if wanted is None or "import" in wanted:
            source = Path(input) if input is not None else demo_corpus_path()
            started = time.perf_counter()
            imported = _run_import(corpus, source, settings, progress)
            finish("import", imported, started)
        for name, target in STAGES:
            if wanted is not None and name not in wanted:
                continue
            started = time.perf_counter()
            summary = _resolve(target)(corpus, settings=settings, progress=progress)
            finish(name, summary, started)
        report.totals = corpus.stats()
    return report


def _run_import(
    corpus: Corpus, source: Path, settings: Settings, progress: Any
) -> Mapping[str, Any]:
    batch = int(settings.get("store", "batch_size", 200))
    advance = None
    if progress is not None:
        ctx = progress(f"import {source.name}", None)
        advance = ctx.__enter__()
    try:
        result = import_documents(corpus, source, batch_size=batch, progress=advance)
    finally:
        if progress is not None:
            ctx.__exit__(None, None, None)
    return {
        "input": str(source),
        "read": result.read,
        "new": result.upserts.new,
        "changed": result.upserts.changed,
        "unchanged": result.upserts.unchanged,
        "skipped": result.skipped,
        "errors": [str(e) for e in result.errors[:20]],
    }
