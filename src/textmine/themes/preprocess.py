"""Swedish preprocessing for theme models: lemmas, stop words, names, bigrams, df bounds.

:class:`ThemeVectorizer` is a scikit-learn transformer from texts to a sparse
document-term matrix of counts. It

* tokenises on letters (å, ä, ö kept), lower-cases and lemmatises each word with
  :func:`textmine.nlp.lemmas.lemmatize` (cached per word form);
* drops Swedish stop words, news boilerplate ("säger", "berättar", month names)
  and words shorter than ``min_length``;
* drops names: the words of ``names`` (people the corpus already knows, e.g. from
  its roles and entities) and, with ``proper_nouns="drop"``, every capitalised
  word that is not a common word (Swedish capitalises only names mid-sentence);
* joins frequent, strongly associated word pairs into bigrams ("hållbar
  utveckling") and keeps words within document-frequency bounds.

The heavy steps are vectorised over one int32 stream of term ids, so 100,000 news
items take well under a minute.

>>> vec = ThemeVectorizer(min_df=1, max_df=1.0, bigrams=False)
>>> X = vec.fit_transform(["Eleverna i skolan läser.", "Skolan får nya lärare, säger Åsa Berg."])
>>> list(vec.get_feature_names_out())
['elev', 'lärare', 'läsa', 'skola']
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ..document import Document
from ..errors import InputError

__all__ = [
    "ThemeVectorizer",
    "ThemeInputError",
    "stop_words",
    "document_text",
    "name_words",
]

#: letters (with hyphenated compounds as one word) or a sentence/phrase break
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[.!?:;–—\"”»«()\n]")
_BREAKS = frozenset('.!?:;–—"”»«()\n')
_SENTENCE_START = frozenset(".!?:–—\"”»«\n")


class ThemeInputError(InputError, ValueError):
    """Texts or matrices a theme model cannot work with (a ValueError for scikit-learn)."""


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The packaged Swedish stop words, boilerplate and month names."""
    text = resources.files("textmine").joinpath("data", "themes", "stopwords_sv.txt").read_text(
        encoding="utf-8"
    )
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def document_text(doc: Document | str) -> str:
    """The text a theme model reads: a string as is, a Document's title and main text."""
    if isinstance(doc, str):
        return doc
    if isinstance(doc, Document):
        return doc.full_text
    raise ThemeInputError(
        f"a theme model reads texts or Documents, not {type(doc).__name__}",
        hint="pass a list of strings, a list of Documents, or a document-term matrix",
    )


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The lower-cased words of people's names ("Åsa Lind" -> {"åsa", "lind"})."""
    out = set()
    for name in names:
        for word in re.findall(r"[^\W\d_]+", name or ""):
            if len(word) > 1:
                out.add(word.lower())
    return frozenset(out)


def _is_common_word(lower: str) -> bool:
    from ..nlp.lemmas import known_lemmas, lemma_table

    return lower in lemma_table() or lower in known_lemmas()


class _Analyzer:
    """Maps raw tokens to term ids (or -1) with a per-form cache."""

    def __init__(self, *, stops: frozenset[str], names: frozenset[str], min_length: int,
                 proper_nouns: str, lemmatize: bool) -> None:
        from ..nlp.lemmas import lemmatize as _lemmatize

        self.stops = stops
        self.names = names
        self.min_length = min_length
        self.proper_nouns = proper_nouns
        self.lemmatize = _lemmatize if lemmatize else str.lower
        self.ids: dict[str, int] = {}      # term -> id
        self.terms: list[str] = []
        self._cache: dict[tuple[str, bool], int] = {}
        self.frozen = False

    def term_of(self, token: str, initial: bool) -> str | None:
        lower = token.lower()
        if len(lower) < self.min_length or lower in self.stops or lower in self.names:
            return None
        if token[0].isupper() and self.proper_nouns == "drop":
            if token.isupper() and len(token) > 1:
                pass  # acronyms (EU, KTH, AI) are subjects more often than names
            elif not initial or not _is_common_word(lower):
                return None
        lemma = self.lemmatize(token)
        if lemma in self.stops or len(lemma) < self.min_length:
            return None
        return lemma

    def id_of(self, token: str, initial: bool) -> int:
        key = (token, initial)
        found = self._cache.get(key)
        if found is not None:
            return found
        term = self.term_of(token, initial)
        if term is None:
            found = -1
        else:
            found = self.ids.get(term, -1)
            if found < 0 and not self.frozen:
                found = len(self.terms)
                self.ids[term] = found
                self.terms.append(term)
        self._cache[key] = found
        return found

    def stream(self, texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """All documents as one int32 stream of term ids (-1: a break) and row offsets."""
        out: list[int] = []
        offsets = [0]
        cache = self._cache
        for text in texts:
            initial = True
            for token in _TOKEN.findall(text):
                if len(token) == 1 and token in _BREAKS:
                    out.append(-1)
                    initial = token in _SENTENCE_START
                    continue
                found = cache.get((token, initial))
                if found is None:
                    found = self.id_of(token, initial)
                out.append(found)
                initial = False
            out.append(-1)
            offsets.append(len(out))
        return np.asarray(out, dtype=np.int32), np.asarray(offsets, dtype=np.int64)


def _greedy_pairs(mask: np.ndarray) -> np.ndarray:
    """Left-to-right non-overlapping choice among adjacent pairs marked in ``mask``."""
    if not mask.any():
        return mask
    idx = np.arange(mask.size)
    starts = mask & ~np.concatenate(([False], mask[:-1]))
    run_start = np.maximum.accumulate(np.where(starts, idx, 0))
    return mask & ((idx - run_start) % 2 == 0)


def _merge_bigrams(stream: np.ndarray, pair_ids: dict[int, int], n_terms: int) -> np.ndarray:
    """Replace chosen adjacent pairs (a, b) by their bigram id; the second slot becomes -1."""
    if not pair_ids or stream.size < 2:
        return stream
    a, b = stream[:-1].astype(np.int64), stream[1:].astype(np.int64)
    codes = np.where((a >= 0) & (b >= 0), a * n_terms + b, -1)
    keys = np.fromiter(pair_ids.keys(), dtype=np.int64, count=len(pair_ids))
    values = np.fromiter(pair_ids.values(), dtype=np.int64, count=len(pair_ids))
    order = np.argsort(keys)
    keys, values = keys[order], values[order]
    pos = np.searchsorted(keys, codes)
    pos[pos >= keys.size] = 0
    hit = (codes >= 0) & (keys[pos] == codes)
    take = _greedy_pairs(hit)
    merged = stream.astype(np.int64, copy=True)
    where = np.flatnonzero(take)
    merged[where] = values[pos[where]]
    merged[where + 1] = -1
    return merged


def _count_matrix(stream: np.ndarray, offsets: np.ndarray, n_cols: int,
                  column_of: np.ndarray | None = None) -> sp.csr_matrix:
    rows = np.repeat(np.arange(offsets.size - 1, dtype=np.int64), np.diff(offsets))
    cols = stream.astype(np.int64)
    if column_of is not None:
        keep = cols >= 0
        cols = np.where(keep, column_of[np.where(keep, cols, 0)], -1)
    keep = cols >= 0
    data = np.ones(int(keep.sum()), dtype=np.float64)
    X = sp.csr_matrix((data, (rows[keep], cols[keep])), shape=(offsets.size - 1, n_cols))
    X.sum_duplicates()
    return X


class ThemeVectorizer(TransformerMixin, BaseEstimator):
    """Swedish texts -> counts of lemmas and bigrams (a scikit-learn transformer).

    Parameters
    ----------
    min_df, max_df : document-frequency bounds (int: documents, float: share).
    max_features : keep at most this many terms, the most frequent first.
    bigrams : join frequent word pairs into one term ("hållbar utveckling").
    bigram_min_count : a pair must occur this often to become a bigram.
    bigram_threshold : and have at least this NPMI (-1..1) between its words.
    names : people's names whose words are dropped (from the corpus' roles).
    proper_nouns : "drop" removes capitalised words that are not common words
        (names of people, places and organisations); "keep" keeps them.
    extra_stop_words : more words to drop.
    min_length : shortest word kept.
    lemmatize : map words to their lemmas.

    Learned: ``vocabulary_`` (term -> column), ``bigrams_`` (tuple of "a b").
    """

    def __init__(
        self,
        *,
        min_df: int | float = 2,
        max_df: float | int = 0.5,
        max_features: int | None = 20000,
        bigrams: bool = True,
        bigram_min_count: int = 5,
        bigram_threshold: float = 0.35,
        names: Sequence[str] = (),
        proper_nouns: str = "drop",
        extra_stop_words: Sequence[str] = (),
        min_length: int = 2,
        lemmatize: bool = True,
    ) -> None:
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.bigrams = bigrams
        self.bigram_min_count = bigram_min_count
        self.bigram_threshold = bigram_threshold
        self.names = names
        self.proper_nouns = proper_nouns
        self.extra_stop_words = extra_stop_words
        self.min_length = min_length
        self.lemmatize = lemmatize

    # -- helpers -------------------------------------------------------------------
    def _analyzer(self) -> _Analyzer:
        if self.proper_nouns not in ("drop", "keep"):
            raise ThemeInputError(f"proper_nouns must be 'drop' or 'keep', not {self.proper_nouns!r}")
        stops = stop_words() | frozenset(w.lower() for w in self.extra_stop_words)
        return _Analyzer(stops=stops, names=name_words(self.names), min_length=self.min_length,
                         proper_nouns=self.proper_nouns, lemmatize=self.lemmatize)

    @staticmethod
    def _texts(raw: Any) -> list[str]:
        if isinstance(raw, (str, bytes)):
            raise ThemeInputError(
                "expected a list of texts, got a single string",
                hint="wrap one text in a list: [text]",
            )
        return [document_text(d) for d in raw]

    def _bound(self, value: int | float, n_docs: int) -> int:
        return int(value) if isinstance(value, (int, np.integer)) else int(math.ceil(value * n_docs))

    # -- scikit-learn API ------------------------------------------------------------
    def fit(self, raw_documents: Iterable[str | Document], y: Any = None) -> ThemeVectorizer:
        self.fit_transform(raw_documents)
        return self

    def fit_transform(self, raw_documents: Iterable[str | Document], y: Any = None) -> sp.csr_matrix:
        texts = self._texts(raw_documents)
        if not texts:
            raise ThemeInputError("no documents to learn a vocabulary from",
                                  hint="import documents into the corpus first")
        analyzer = self._analyzer()
        stream, offsets = analyzer.stream(texts)
        n_docs, n_terms = len(texts), len(analyzer.terms)
        terms = list(analyzer.terms)

        pair_ids: dict[int, int] = {}
        if self.bigrams and stream.size > 1 and n_terms:
            a, b = stream[:-1].astype(np.int64), stream[1:].astype(np.int64)
            ok = (a >= 0) & (b >= 0)
            codes, counts = np.unique(a[ok] * n_terms + b[ok], return_counts=True)
            frequent = counts >= self.bigram_min_count
            codes, counts = codes[frequent], counts[frequent]
            if codes.size:
                unigram = np.bincount(stream[stream >= 0], minlength=n_terms).astype(np.float64)
                total = float(unigram.sum())
                p_ab = counts / total
                p_a, p_b = unigram[codes // n_terms] / total, unigram[codes % n_terms] / total
                with np.errstate(divide="ignore", invalid="ignore"):
                    npmi = np.log(p_ab / (p_a * p_b)) / -np.log(p_ab)
                for code in codes[npmi >= self.bigram_threshold]:
                    pair_ids[int(code)] = len(terms)
                    terms.append(f"{analyzer.terms[code // n_terms]} {analyzer.terms[code % n_terms]}")
        merged = _merge_bigrams(stream, pair_ids, n_terms)
        X = _count_matrix(merged, offsets, len(terms))

        df = np.bincount(X.indices, minlength=len(terms))
        low = self._bound(self.min_df, n_docs)
        high = self._bound(self.max_df, n_docs)
        if isinstance(self.max_df, float) and self.max_df >= 1.0:
            high = n_docs
        keep = (df >= max(low, 1)) & (df <= high)
        if not keep.any():
            raise ThemeInputError(
                f"no terms are left after the document-frequency bounds "
                f"(min_df={self.min_df}, max_df={self.max_df}) on {n_docs} document(s)",
                hint="add documents, or lower min_df / raise max_df",
            )
        candidates = np.flatnonzero(keep)
        if self.max_features is not None and candidates.size > self.max_features:
            totals = np.asarray(X.sum(axis=0)).ravel()[candidates]
            order = np.lexsort((candidates, -totals))  # most frequent first, ties by id
            candidates = candidates[order[: self.max_features]]
        names = np.array([terms[i] for i in candidates], dtype=object)
        order = np.argsort(names.astype(str), kind="stable")
        candidates, names = candidates[order], names[order]
        column_of = np.full(len(terms), -1, dtype=np.int64)
        column_of[candidates] = np.arange(candidates.size)

        self.vocabulary_ = {str(t): i for i, t in enumerate(names)}
        self.bigrams_ = tuple(sorted(t for t in self.vocabulary_ if " " in t))
        self.n_documents_ = n_docs
        return _reindex(X, column_of, candidates.size)

    def _frozen(self) -> tuple[_Analyzer, dict[int, int], np.ndarray]:
        """An analyzer knowing only the vocabulary's words, its bigram ids, column map."""
        analyzer = self._analyzer()
        words = {t for t in self.vocabulary_ if " " not in t}
        for bigram in self.bigrams_:
            words.update(bigram.split(" "))
        for w in sorted(words):
            analyzer.ids[w] = len(analyzer.terms)
            analyzer.terms.append(w)
        analyzer.frozen = True
        n_terms = len(analyzer.terms)
        terms = list(analyzer.terms)
        pair_ids: dict[int, int] = {}
        for bigram in self.bigrams_:
            first, second = bigram.split(" ")
            pair_ids[analyzer.ids[first] * n_terms + analyzer.ids[second]] = len(terms)
            terms.append(bigram)
        column_of = np.array([self.vocabulary_.get(t, -1) for t in terms], dtype=np.int64)
        return analyzer, pair_ids, column_of

    def transform(self, raw_documents: Iterable[str | Document]) -> sp.csr_matrix:
        check_is_fitted(self, "vocabulary_")
        texts = self._texts(raw_documents)
        analyzer, pair_ids, column_of = self._frozen()
        stream, offsets = analyzer.stream(texts)
        merged = _merge_bigrams(stream, pair_ids, len(analyzer.terms))
        return _count_matrix(merged, offsets, len(self.vocabulary_), column_of)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "vocabulary_")
        names = sorted(self.vocabulary_, key=self.vocabulary_.__getitem__)
        return np.asarray(names, dtype=object)

    def analyze(self, text: str) -> list[str]:
        """The terms of one text in order, bigrams joined (e.g. for coherence windows).

        Works before fitting too (without bigrams then); after fitting only the
        vocabulary's terms are returned.
        """
        return self.analyze_many([text])[0]

    def analyze_many(self, texts: Iterable[str | Document]) -> list[list[str]]:
        """:meth:`analyze` for many texts at once (vectorised)."""
        texts = self._texts(texts)
        if not hasattr(self, "vocabulary_"):
            analyzer = self._analyzer()
            stream, offsets = analyzer.stream(texts)
            return [[analyzer.terms[i] for i in stream[s:e] if i >= 0]
                    for s, e in zip(offsets[:-1], offsets[1:])]
        X_terms = self.get_feature_names_out()
        analyzer, pair_ids, column_of = self._frozen()
        stream, offsets = analyzer.stream(texts)
        merged = _merge_bigrams(stream, pair_ids, len(analyzer.terms))
        out = []
        for s, e in zip(offsets[:-1], offsets[1:]):
            ids = merged[s:e]
            cols = column_of[ids[ids >= 0]]
            out.append([X_terms[c] for c in cols if c >= 0])
        return out

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags


def _reindex(X: sp.csr_matrix, column_of: np.ndarray, n_cols: int) -> sp.csr_matrix:
    coo = X.tocoo()
    cols = column_of[coo.col]
    keep = cols >= 0
    out = sp.csr_matrix((coo.data[keep], (coo.row[keep], cols[keep])), shape=(X.shape[0], n_cols))
    out.sum_duplicates()
    return out
