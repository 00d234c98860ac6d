"""Themes of a corpus: fit a model, store it with its labels, assign documents, read it back.

The corpus keeps each theme model (``theme_models``: parameters, vocabulary and
arrays as JSON + npz, never pickle), its themes (``themes``: label, top terms, the
most typical headline) and every document's theme shares (``document_themes``).
One model is active: the one ``assign_themes``, profiles and plots use.

>>> from textmine import open_corpus
>>> from textmine.themes.synthetic import synthetic_documents
>>> with open_corpus(":memory:") as corpus:
...     _ = corpus.upsert_documents(synthetic_documents(80))
...     report = fit_themes(corpus, k=4, seeds=None,
...                         settings=load_settings(overrides={"themes": {"min_documents": 10}}))
...     len(read_themes(corpus).themes)
4
"""

from __future__ import annotations

import json
import time
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from ..config import Settings, load_settings
from ..document import Document, ThemeWeight
from ..errors import InputError
from ..store import Corpus
from ..store.corpus import iter_batches
from .models import ThemeModel, theme_shares
from .persist import arrays_from_bytes, arrays_to_bytes, model_from_state, model_to_state
from .preprocess import ThemeInputError, ThemeVectorizer
from .seeds import load_seeds

__all__ = [
    "fit_themes",
    "assign_themes",
    "read_themes",
    "load_corpus_model",
    "active_model_id",
    "model_from_settings",
    "ThemeFitReport",
    "ThemeAssignReport",
    "ThemeSummary",
    "STAGE",
]

#: the name under which documents are marked processed; the version is the model id
STAGE = "themes"
_KEEP = object()
#: documents read from the store at a time
_PAGE = 1000


@dataclass
class ThemeFitReport:
    model: str
    method: str
    n_themes: int
    documents: int
    terms: int
    npmi: float
    diversity: float
    labels: list[str]
    scores: list[dict[str, float]] = field(default_factory=list)
    seeds_skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class ThemeAssignReport:
    model: str
    assigned: int


@dataclass
class ThemeSummary:
    model: dict[str, Any]
    themes: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _cfg(settings: Settings | None) -> Mapping[str, Any]:
    return (settings or load_settings()).section("themes")


def model_from_settings(
    settings: Settings | None = None,
    *,
    k: int | None = None,
    k_range: tuple[int, int] | None = None,
    seeds: Any = _KEEP,
    method: str | None = None,
    names: Sequence[str] = (),
) -> ThemeModel:
    """An unfitted :class:`ThemeModel` configured from the ``[themes]`` settings."""
    cfg = _cfg(settings)
    vectorizer = ThemeVectorizer(
        min_df=cfg.get("min_df", 2), max_df=cfg.get("max_df", 0.5),
        max_features=cfg.get("max_features", 20000) or None,
        bigrams=bool(cfg.get("bigrams", True)),
        bigram_min_count=int(cfg.get("bigram_min_count", 5)),
        bigram_threshold=float(cfg.get("bigram_threshold", 0.35)),
        proper_nouns=cfg.get("proper_nouns", "drop"),
        extra_stop_words=tuple(cfg.get("extra_stop_words", ())),
        names=tuple(sorted(set(names))),
    )
    if k is None and int(cfg.get("k", 0) or 0) > 0 and k_range is None:
        k = int(cfg["k"])
    if k_range is None:
        k_range = tuple(cfg.get("k_range", (6, 16)))
    if seeds is _KEEP:
        seeds = cfg.get("seeds", "default")
    return ThemeModel(
        method=method or cfg.get("method", "nmf"),
        n_themes=k,
        k_range=(int(k_range[0]), int(k_range[1])),
        seeds=load_seeds(seeds),
        seed_weight=float(cfg.get("seed_weight", 0.1)),
        seed_min_df=float(cfg.get("seed_min_df", 0.02)),
        top_n=int(cfg.get("top_n", 10)),
        max_iter=int(cfg.get("max_iter", 300)),
        selection_sample=int(cfg.get("selection_sample", 20000)),
        vectorizer=vectorizer,
        random_state=cfg.get("random_state", 0),
    )


def _person_names(corpus: Corpus) -> list[str]:
    rows = corpus.conn.execute(
        "SELECT DISTINCT person FROM roles UNION "
        "SELECT DISTINCT text FROM entities WHERE label IN ('PER', 'PRS', 'PERSON')"
    )
    return [r[0] for r in rows if r[0]]


def active_model_id(corpus: Corpus) -> str | None:
    row = corpus.conn.execute(
        "SELECT id FROM theme_models ORDER BY active DESC, created_at DESC, rowid DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def _require_model_id(corpus: Corpus, model: str | None) -> str:
    if model is not None:
        if corpus.conn.execute("SELECT 1 FROM theme_models WHERE id = ?", (model,)).fetchone():
            return model
        raise InputError(f"no theme model {model!r} in {corpus.path}",
                         hint="'textmine themes show --db PATH' names the active model")
    found = active_model_id(corpus)
    if found is None:
        raise InputError(f"{corpus.path} has no theme model yet",
                         hint="fit one: textmine themes fit --db PATH")
    return found


def load_corpus_model(corpus: Corpus, model: str | None = None) -> ThemeModel:
    """The stored theme model (default: the active one)."""
    model_id = _require_model_id(corpus, model)
    row = corpus.conn.execute("SELECT spec, arrays FROM theme_models WHERE id = ?",
                              (model_id,)).fetchone()
    return model_from_state(json.loads(row[0]), arrays_from_bytes(row[1]))


def _progress(progress: Callable | None, desc: str, total: int | None):
    if progress is None:
        class _Null:
            def __enter__(self):
                return lambda n=1: None

            def __exit__(self, *exc):
                return False
        return _Null()
    return progress(desc, total)


def fit_themes(
    corpus: Corpus,
    *,
    k: int | None = None,
    k_range: tuple[int, int] | None = None,
    seeds: str | Path | Mapping[str, Sequence[str]] | None = _KEEP,  # type: ignore[assignment]
    method: str | None = None,
    settings: Settings | None = None,
    progress: Callable[[str, int | None], Any] | None = None,
) -> ThemeFitReport:
    """Fit a theme model on every document of the corpus, store it and the documents' shares.

    ``k`` fixes the number of themes; otherwise it is chosen in ``k_range`` (default
    from the ``[themes]`` settings). ``seeds`` is "default", a TOML file, a mapping
    or None for unguided themes. The new model becomes the active one.
    """
    started = time.perf_counter()
    settings = settings or load_settings()
    cfg = settings.section("themes")
    n = corpus.count_documents()
    minimum = int(cfg.get("min_documents", 50))
    if n == 0:
        raise InputError(f"{corpus.path} has no documents to find themes in",
                         hint="import some first: textmine import FILE --db PATH")
    if n < minimum:
        raise InputError(
            f"{corpus.path} has {n} document(s); themes need at least {minimum}",
            hint="add documents, or lower [themes] min_documents in a --config file",
        )
    model = model_from_settings(settings, k=k, k_range=k_range, seeds=seeds, method=method,
                                names=_person_names(corpus))
    rowids, titled = array("q"), array("b")
    with _progress(progress, "themes: fitting", None):
        try:
            weights = model.fit_transform(_iter_texts(corpus, rowids, titled))
        except ThemeInputError as exc:
            raise InputError(exc.message, hint=exc.hint) from None
    shares = theme_shares(weights)
    model_id = _new_model_id(corpus, model)
    min_share = float(cfg.get("min_share", 0.05))
    rows = np.frombuffer(rowids, dtype=np.int64) if len(rowids) else np.zeros(0, np.int64)
    with corpus.transaction():
        _store_model(corpus, model, model_id, rows, np.frombuffer(titled, dtype=np.int8) > 0,
                     shares, weights)
        with _progress(progress, "themes: storing weights", len(rows)) as advance:
            for start in range(0, len(rows), _PAGE):
                ids = _ids_of(corpus, rows[start: start + _PAGE])
                for rowid, row in zip(rows[start: start + _PAGE], shares[start: start + _PAGE]):
                    if int(rowid) in ids:  # else deleted meanwhile
                        _store_weights(corpus, ids[int(rowid)], row, model, model_id, min_share)
                advance(min(_PAGE, len(rows) - start))
        _refresh_counts(corpus, model_id)
        _prune(corpus, int(cfg.get("keep_models", 3)))
    return ThemeFitReport(
        model=model_id, method=model.method, n_themes=model.n_themes_, documents=len(rows),
        terms=len(model.feature_names_), npmi=model.npmi_, diversity=model.diversity_,
        labels=list(model.labels_), scores=list(model.scores_),
        seeds_skipped=list(model.seeds_skipped_), seconds=time.perf_counter() - started,
    )


def _iter_texts(corpus: Corpus, rowids: array, titled: array) -> Iterator[str]:
    """Every document's text in rowid order, a page at a time (nothing else is held).

    Appends each document's rowid to ``rowids`` and whether it has a title to
    ``titled``, so the fit's rows can be matched to documents afterwards.
    """
    last = -(2**63)
    while True:
        page = corpus.conn.execute(
            "SELECT rowid, title, lead, body, captions FROM documents WHERE rowid > ? "
            "ORDER BY rowid LIMIT ?", (last, _PAGE),
        ).fetchall()
        if not page:
            return
        for rowid, title, lead, body, captions in page:
            doc = Document(id=str(rowid), title=title or "", lead=lead or "", body=body or "",
                           captions=json.loads(captions) if captions else [])
            rowids.append(rowid)
            titled.append(1 if title and title.strip() else 0)
            yield doc.full_text
        last = page[-1][0]


def _ids_of(corpus: Corpus, rowids: np.ndarray) -> dict[int, str]:
    marks = ", ".join("?" for _ in range(len(rowids)))
    return dict(corpus.conn.execute(f"SELECT rowid, id FROM documents WHERE rowid IN ({marks})",
                                    [int(r) for r in rowids]).fetchall()) if len(rowids) else {}


def _new_model_id(corpus: Corpus, model: ThemeModel) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    base = f"{model.method}-k{model.n_themes_}-{stamp}"
    model_id, i = base, 1
    while corpus.conn.execute("SELECT 1 FROM theme_models WHERE id = ?", (model_id,)).fetchone():
        i += 1
        model_id = f"{base}-{i}"
    return model_id


def _store_model(corpus: Corpus, model: ThemeModel, model_id: str, rowids: np.ndarray,
                 titled: np.ndarray, shares: np.ndarray, weights: np.ndarray) -> None:
    spec, arrays = model_to_state(model)
    metrics = {"npmi": model.npmi_, "diversity": model.diversity_, "scores": model.scores_,
               "seeds_skipped": model.seeds_skipped_}
    conn = corpus.conn
    conn.execute("UPDATE theme_models SET active = 0")
    conn.execute(
        "INSERT INTO theme_models (id, method, k, active, n_documents, metrics, spec, arrays, "
        "textmine_version) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)",
        (model_id, model.method, model.n_themes_, len(rowids), json.dumps(metrics),
         json.dumps(spec, ensure_ascii=False), arrays_to_bytes(arrays), __version__),
    )
    rows = []
    peak = weights.max(axis=0) if weights.size else np.zeros(model.n_themes_)
    for t in range(model.n_themes_):
        # most typical: the highest share of the theme, ties broken by raw weight
        score = shares[:, t] + 1e-6 * weights[:, t] / max(float(peak[t]), 1e-12)
        score = np.where(titled, score, score - 2.0)
        best = None
        if len(rowids):
            best = conn.execute("SELECT title, id FROM documents WHERE rowid = ?",
                                (int(rowids[int(np.argmax(score))]),)).fetchone()
        rows.append((model_id, t, model.labels_[t], model.theme_names_[t],
                     json.dumps(model.top_terms_[t], ensure_ascii=False),
                     best[0] if best else None, best[1] if best else None))
    conn.executemany(
        "INSERT INTO themes (model, theme, label, seed, top_terms, typical_headline, "
        "typical_document) VALUES (?, ?, ?, ?, ?, ?, ?)", rows,
    )


def _store_weights(corpus: Corpus, doc_id: str, row: np.ndarray, model: ThemeModel,
                   model_id: str, min_share: float) -> None:
    weights = [ThemeWeight(int(t), float(row[t]), model.labels_[t], model_id)
               for t in np.argsort(-row) if row[t] >= min_share]
    corpus.set_themes(doc_id, weights, model=model_id)
    corpus.mark_processed(doc_id, STAGE, stage_version=model_id)


def _refresh_counts(corpus: Corpus, model_id: str) -> None:
    corpus.conn.execute(
        """
        UPDATE themes SET
          weight = coalesce((SELECT sum(dt.weight) FROM document_themes dt
                             WHERE dt.model = themes.model AND dt.theme = themes.theme), 0),
          documents = (SELECT count(*) FROM (
                         SELECT theme, row_number() OVER (PARTITION BY document
                                                          ORDER BY weight DESC, theme) AS r
                         FROM document_themes WHERE model = ?1) AS top
                       WHERE top.r = 1 AND top.theme = themes.theme)
        WHERE model = ?1
        """,
        (model_id,),
    )


def _prune(corpus: Corpus, keep: int) -> None:
    old = [r[0] for r in corpus.conn.execute(
        "SELECT id FROM theme_models ORDER BY active DESC, created_at DESC, rowid DESC "
        "LIMIT -1 OFFSET ?", (max(keep, 1),))]
    for model_id in old:
        corpus.conn.execute("DELETE FROM document_themes WHERE model = ?", (model_id,))
        corpus.conn.execute("DELETE FROM theme_models WHERE id = ?", (model_id,))


def assign_themes(
    corpus: Corpus,
    *,
    model: str | None = None,
    all: bool = False,
    settings: Settings | None = None,
    progress: Callable[[str, int | None], Any] | None = None,
    batch_size: int = 500,
) -> ThemeAssignReport:
    """Give documents the stored model hasn't seen their theme shares, without refitting.

    ``all=True`` reassigns every document (e.g. after editing texts by hand).
    """
    cfg = _cfg(settings)
    model_id = _require_model_id(corpus, model)
    theme_model = load_corpus_model(corpus, model_id)
    min_share = float(cfg.get("min_share", 0.05))
    if all:
        docs = corpus.iter_documents()
        total = corpus.count_documents()
    else:
        docs = corpus.iter_unprocessed(STAGE, stage_version=model_id)
        total = corpus.count_unprocessed(STAGE, stage_version=model_id)
    assigned = 0
    with _progress(progress, "themes: assigning", total) as advance:
        for batch in iter_batches(docs, batch_size):
            shares = theme_shares(theme_model.transform(batch))
            with corpus.transaction():
                for doc, row in zip(batch, shares):
                    _store_weights(corpus, doc.id, row, theme_model, model_id, min_share)
            assigned += len(batch)
            advance(len(batch))
    if assigned:
        with corpus.transaction():
            _refresh_counts(corpus, model_id)
    return ThemeAssignReport(model=model_id, assigned=assigned)


def read_themes(corpus: Corpus, *, model: str | None = None) -> ThemeSummary:
    """The stored model's figures and its themes (label, top terms, typical headline, size)."""
    model_id = _require_model_id(corpus, model)
    row = corpus.conn.execute(
        "SELECT id, method, k, active, n_documents, metrics, textmine_version, created_at "
        "FROM theme_models WHERE id = ?", (model_id,),
    ).fetchone()
    metrics = json.loads(row["metrics"] or "{}")
    info = {
        "id": row["id"], "method": row["method"], "k": row["k"], "active": bool(row["active"]),
        "documents": row["n_documents"], "npmi": metrics.get("npmi"),
        "diversity": metrics.get("diversity"), "scores": metrics.get("scores", []),
        "seeds_skipped": metrics.get("seeds_skipped", []),
        "textmine_version": row["textmine_version"], "created_at": row["created_at"],
    }
    themes = []
    for r in corpus.conn.execute(
        "SELECT theme, label, seed, top_terms, typical_headline, typical_document, documents, "
        "weight FROM themes WHERE model = ? ORDER BY theme", (model_id,),
    ):
        themes.append({
            "theme": r["theme"], "label": r["label"], "seed": r["seed"],
            "top_terms": json.loads(r["top_terms"]), "typical_headline": r["typical_headline"],
            "typical_document": r["typical_document"], "documents": r["documents"],
            "weight": round(float(r["weight"]), 3),
        })
    return ThemeSummary(model=info, themes=themes)
