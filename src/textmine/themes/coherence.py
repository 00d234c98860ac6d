"""Topic quality: NPMI and C_V coherence over a reference corpus, and topic diversity.

Co-occurrence is counted over *windows*: with ``window=None`` each document is one
window (boolean document co-occurrence); with ``window=w`` every run of ``w``
consecutive tokens of a document is one window, and a document shorter than ``w``
is one window. ``P(w) = windows containing w / windows`` and
``P(a, b) = windows containing both / windows``.

``NPMI(a, b) = log(P(a,b) / (P(a) P(b))) / -log P(a,b)``, which is -1 for words
that never co-occur and 1 for words that always do. A topic's NPMI is the mean
over its pairs of top words; a model's is the mean over its topics.

``mode="gensim"`` reproduces gensim's ``CoherenceModel`` (``c_npmi`` with window
10, ``c_v`` with window 110) for comparing with published figures: it adds
``1e-12`` inside the logarithms and counts only the windows of documents that
contain at least one of the topics' words.

>>> texts = [["skola", "elev"], ["skola", "elev", "lärare"], ["skola", "lärare"], ["park"]]
>>> round(npmi_coherence([["skola", "elev"]], texts, window=None), 4)
0.415
>>> topic_diversity([["skola", "elev"], ["skola", "park"]])
0.75
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

__all__ = [
    "npmi_coherence",
    "cv_coherence",
    "topic_diversity",
    "topic_npmi",
    "CooccurrenceCounts",
    "count_cooccurrences",
]

_EPSILON = 1e-12  # gensim's
_MODES = ("exact", "gensim")


@dataclass
class CooccurrenceCounts:
    """Window counts for a set of words: ``single[i]``, ``joint[i, j]`` and ``windows``."""

    words: list[str]
    index: dict[str, int]
    single: np.ndarray
    joint: np.ndarray
    windows: int


def count_cooccurrences(
    words: Iterable[str],
    texts: Iterable[Sequence[str]],
    *,
    window: int | None = 10,
    mode: str = "exact",
) -> CooccurrenceCounts:
    """Count windows containing each word and each pair of ``words`` in ``texts``."""
    if mode not in _MODES:
        raise ValueError(f"mode must be one of {_MODES}, not {mode!r}")
    if window is not None and window < 1:
        raise ValueError("window must be a positive number of tokens, or None for documents")
    vocab = list(dict.fromkeys(words))
    index = {w: i for i, w in enumerate(vocab)}
    n = len(vocab)
    single = np.zeros(n, dtype=np.int64)
    joint = np.zeros((n, n), dtype=np.int64)
    windows = 0
    for text in texts:
        length = len(text)
        if length == 0:
            continue
        ids = np.fromiter((index.get(t, -1) for t in text), dtype=np.int64, count=length)
        relevant = ids >= 0
        if not relevant.any():
            if mode == "exact":
                windows += 1 if window is None else max(1, length - window + 1)
            continue
        if window is None:
            n_windows = 1
            present = np.unique(ids[relevant])
            single[present] += 1
            joint[np.ix_(present, present)] += 1
            windows += 1
            continue
        n_windows = max(1, length - window + 1)
        positions = np.flatnonzero(relevant)
        terms = ids[positions]
        present, row = np.unique(terms, return_inverse=True)
        # each occurrence at p lies in the windows starting at max(0, p-w+1) .. min(p, n_windows-1)
        lo = np.maximum(0, positions - window + 1)
        hi = np.minimum(positions, n_windows - 1)
        diff = np.zeros((present.size, n_windows + 1), dtype=np.int32)
        np.add.at(diff, (row, lo), 1)
        np.add.at(diff, (row, hi + 1), -1)
        inside = (np.cumsum(diff, axis=1)[:, :n_windows] > 0).astype(np.int64)
        single[present] += inside.sum(axis=1)
        joint[np.ix_(present, present)] += inside @ inside.T
        windows += n_windows
    return CooccurrenceCounts(vocab, index, single, joint, windows)


def _npmi_matrix(counts: CooccurrenceCounts, ids: np.ndarray, mode: str) -> np.ndarray:
    """NPMI between the words ``ids`` (NaN where a word never occurs)."""
    total = float(counts.windows)
    if total == 0:
        return np.full((ids.size, ids.size), np.nan)
    p = counts.single[ids] / total
    p_ab = counts.joint[np.ix_(ids, ids)] / total
    outer = np.outer(p, p)
    with np.errstate(divide="ignore", invalid="ignore"):
        if mode == "gensim":
            out = np.log((p_ab + _EPSILON) / outer) / -np.log(p_ab + _EPSILON)
        else:
            out = np.log(p_ab / outer) / -np.log(p_ab)
            out = np.where(p_ab == 0, -1.0, out)
            out = np.where(p_ab == 1.0, 1.0, out)
    out[(outer == 0) | ~np.isfinite(out)] = np.nan
    return out


def _topic_ids(topics: Sequence[Sequence[str]], counts: CooccurrenceCounts) -> list[np.ndarray]:
    return [np.array([counts.index[w] for w in topic], dtype=np.int64) for topic in topics]


def topic_npmi(
    topics: Sequence[Sequence[str]],
    texts: Iterable[Sequence[str]] | CooccurrenceCounts,
    *,
    window: int | None = 10,
    mode: str = "exact",
) -> list[float]:
    """NPMI of each topic: the mean over its pairs of words (NaN: no defined pair)."""
    counts = _counts(topics, texts, window, mode)
    out = []
    for ids in _topic_ids(topics, counts):
        matrix = _npmi_matrix(counts, ids, mode)
        pairs = matrix[np.triu_indices(ids.size, k=1)]
        pairs = pairs[~np.isnan(pairs)]
        out.append(float(pairs.mean()) if pairs.size else float("nan"))
    return out


def npmi_coherence(
    topics: Sequence[Sequence[str]],
    texts: Iterable[Sequence[str]] | CooccurrenceCounts,
    *,
    window: int | None = 10,
    mode: str = "exact",
) -> float:
    """Mean NPMI of the topics' top words (gensim's ``c_npmi`` in ``mode="gensim"``).

    ``texts`` are token lists (e.g. from :meth:`ThemeVectorizer.analyze_many`).
    """
    values = np.array(topic_npmi(topics, texts, window=window, mode=mode))
    values = values[~np.isnan(values)]
    return float(values.mean()) if values.size else float("nan")


def cv_coherence(
    topics: Sequence[Sequence[str]],
    texts: Iterable[Sequence[str]] | CooccurrenceCounts,
    *,
    window: int | None = 110,
    mode: str = "exact",
    per_topic: bool = False,
) -> float | list[float]:
    """C_V coherence (Röder et al. 2015), as gensim's ``c_v`` computes it.

    Each top word gets a context vector of its NPMI with every top word of the
    topic; a topic's score is the mean cosine between each word's vector and the
    sum of all the topic's vectors.
    """
    counts = _counts(topics, texts, window, mode)
    scores = []
    for ids in _topic_ids(topics, counts):
        matrix = np.nan_to_num(_npmi_matrix(counts, ids, mode), nan=0.0)
        total = matrix.sum(axis=0)
        norms = np.linalg.norm(matrix, axis=1) * np.linalg.norm(total)
        with np.errstate(divide="ignore", invalid="ignore"):
            cos = np.where(norms > 0, matrix @ total / norms, 0.0)
        scores.append(float(cos.mean()) if cos.size else float("nan"))
    if per_topic:
        return scores
    values = np.array(scores)
    values = values[~np.isnan(values)]
    return float(values.mean()) if values.size else float("nan")


def topic_diversity(topics: Sequence[Sequence[str]], *, top_n: int = 25) -> float:
    """Share of distinct words among the top ``top_n`` words of all topics (Dieng et al. 2020)."""
    words = [w for topic in topics for w in list(topic)[:top_n]]
    return len(set(words)) / len(words) if words else float("nan")


def _counts(topics, texts, window, mode) -> CooccurrenceCounts:
    if isinstance(texts, CooccurrenceCounts):
        return texts
    words = [w for topic in topics for w in topic]
    return count_cooccurrences(words, texts, window=window, mode=mode)


def document_npmi(X: sp.spmatrix, topics: Sequence[Sequence[int]]) -> list[float]:
    """Per-topic NPMI with the document as window, from a document-term matrix.

    ``topics`` are column indices. Fast: used to choose the number of themes.
    """
    cols = np.unique(np.concatenate([np.asarray(t, dtype=np.int64) for t in topics]))
    B = sp.csr_matrix(X)[:, cols]
    B = (B > 0).astype(np.float64)
    joint = np.asarray((B.T @ B).todense()).astype(np.int64)
    counts = CooccurrenceCounts(
        [str(c) for c in cols], {str(c): i for i, c in enumerate(cols)},
        np.diag(joint).copy(), joint, X.shape[0],
    )
    return topic_npmi([[str(c) for c in t] for t in topics], counts, mode="exact")
