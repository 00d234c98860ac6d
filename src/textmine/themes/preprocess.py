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

Texts are read once, in chunks (any iterable will do, e.g. a generator over the
corpus): each chunk becomes an int32 stream of term ids that is counted and
spilled to a temporary file, and the later passes (bigrams, bounds, the matrix)
read that file. The heavy steps are vectorised, and memory stays flat in the
number of documents apart from the document-term matrix itself.

>>> vec = ThemeVectorizer(min_df=1, max_df=1.0, bigrams=False)
>>> X = vec.fit_transform(["Eleverna i skolan läser.", "Skolan får nya lärare, säger Åsa Berg."])
>>> list(vec.get_feature_names_out())
['elev', 'lärare', 'läsa', 'skola']
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
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
#: documents tokenised at a time
_CHUNK = 2000
#: distinct pair counts gathered before they are merged into the running totals
_PAIR_MERGE = 4_000_000


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


def _pair_codes(stream: np.ndarray) -> np.ndarray:
    """Codes ``a << 32 | b`` of adjacent term pairs (-1 where either is a break)."""
    a, b = stream[:-1].astype(np.int64), stream[1:].astype(np.int64)
    return np.where((a >= 0) & (b >= 0), (a << 32) | b, -1)


def _merge_bigrams(stream: np.ndarray, pairs: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Replace chosen adjacent pairs (a, b) by their bigram id; the second slot becomes -1.

    ``pairs`` is (sorted pair codes, bigram ids), see :func:`_pair_codes`.
    """
    keys, values = pairs
    if not keys.size or stream.size < 2:
        return stream
    codes = _pair_codes(stream)
    pos = np.searchsorted(keys, codes)
    pos[pos >= keys.size] = 0
    hit = (codes >= 0) & (keys[pos] == codes)
    take = _greedy_pairs(hit)
    merged = stream.astype(np.int32, copy=True)
    where = np.flatnonzero(take)
    merged[where] = values[pos[where]]
    merged[where + 1] = -1
    return merged


def _sorted_pairs(pair_ids: dict[int, int]) -> tuple[np.ndarray, np.ndarray]:
    keys = np.fromiter(pair_ids.keys(), dtype=np.int64, count=len(pair_ids))
    values = np.fromiter(pair_ids.values(), dtype=np.int32, count=len(pair_ids))
    order = np.argsort(keys)
    return keys[order], values[order]


def _add_counts(codes: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sum the counts of equal codes: (distinct sorted codes, their counts)."""
    if not codes.size:
        return codes, counts
    order = np.argsort(codes, kind="stable")
    codes, counts = codes[order], counts[order]
    starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
    return codes[starts], np.add.reduceat(counts, starts)


class _PairCounter:
    """Counts of adjacent term pairs over a stream of chunks, merged in batches."""

    def __init__(self, merge_every: int | None = None) -> None:
        self.codes = np.zeros(0, dtype=np.int64)
        self.counts = np.zeros(0, dtype=np.int64)
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []
        self._pending_size = 0
        self.merge_every = merge_every or _PAIR_MERGE

    def add(self, stream: np.ndarray) -> None:
        if stream.size < 2:
            return
        codes = _pair_codes(stream)
        codes, counts = np.unique(codes[codes >= 0], return_counts=True)
        self._pending.append((codes, counts.astype(np.int64)))
        self._pending_size += codes.size
        if self._pending_size >= self.merge_every:
            self._merge()

    def _merge(self) -> None:
        if self._pending:
            parts = [(self.codes, self.counts), *self._pending]
            self.codes, self.counts = _add_counts(np.concatenate([c for c, _ in parts]),
                                                  np.concatenate([n for _, n in parts]))
            self._pending, self._pending_size = [], 0

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        self._merge()
        return self.codes, self.counts


class _Spill:
    """The term-id streams of a fit, written to a temporary file chunk by chunk.

    Keeps memory flat in corpus size: only one chunk's stream is in memory at a
    time, while the file (4 bytes a token) is read back once per later pass.
    """

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="textmine-themes-")
        self.sizes: list[tuple[int, int]] = []  # (tokens, documents) per chunk

    def write(self, stream: np.ndarray, offsets: np.ndarray) -> None:
        self.file.write(np.ascontiguousarray(stream, dtype=np.int32).tobytes())
        self.file.write(np.diff(offsets).astype(np.int32).tobytes())
        self.sizes.append((int(stream.size), int(offsets.size - 1)))

    def chunks(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(stream, offsets) of each chunk in order."""
        self.file.seek(0)
        for n_tokens, n_docs in self.sizes:
            stream = np.frombuffer(self.file.read(4 * n_tokens), dtype=np.int32)
            lengths = np.frombuffer(self.file.read(4 * n_docs), dtype=np.int32)
            offsets = np.zeros(n_docs + 1, dtype=np.int64)
            np.cumsum(lengths, out=offsets[1:])
            yield stream, offsets

    def close(self) -> None:
        self.file.close()


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
        return [t for chunk in ThemeVectorizer._chunks(raw) for t in chunk]

    @staticmethod
    def _chunks(raw: Any, size: int | None = None) -> Iterator[list[str]]:
        """The texts of ``raw`` (any iterable, e.g. a generator over a store) in lists of ``size``."""
        size = size or _CHUNK
        if isinstance(raw, (str, bytes)):
            raise ThemeInputError(
                "expected a list of texts, got a single string",
                hint="wrap one text in a list: [text]",
            )
        batch: list[str] = []
        for doc in raw:
            batch.append(document_text(doc))
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _bound(self, value: int | float, n_docs: int) -> int:
        return int(value) if isinstance(value, (int, np.integer)) else int(math.ceil(value * n_docs))

    # -- scikit-learn API ------------------------------------------------------------
    def fit(self, raw_documents: Iterable[str | Document], y: Any = None) -> ThemeVectorizer:
        self.fit_transform(raw_documents)
        return self

    def fit_transform(self, raw_documents: Iterable[str | Document], y: Any = None) -> sp.csr_matrix:
        """Learn the vocabulary and return the counts; ``raw_documents`` may be a generator.

        The texts are read once, chunk by chunk: each chunk becomes a stream of term
        ids that is counted (words, adjacent pairs) and spilled to a temporary file;
        later passes over that file choose the bigrams and bounds and build the
        matrix. Memory stays flat in the number of documents apart from the matrix.
        """
        analyzer = self._analyzer()
        spill = _Spill()
        try:
            unigram = np.zeros(0, dtype=np.int64)
            pairs = _PairCounter()
            n_docs = 0
            for texts in self._chunks(raw_documents):
                stream, offsets = analyzer.stream(texts)
                spill.write(stream, offsets)
                n_docs += len(texts)
                counts = np.bincount(stream[stream >= 0], minlength=len(analyzer.terms))
                if unigram.size < counts.size:
                    unigram = np.concatenate([unigram, np.zeros(counts.size - unigram.size,
                                                                dtype=np.int64)])
                unigram[: counts.size] += counts
                if self.bigrams:
                    pairs.add(stream)
            if not n_docs:
                raise ThemeInputError("no documents to learn a vocabulary from",
                                      hint="import documents into the corpus first")
            return self._fit_spilled(spill, n_docs, analyzer.terms, unigram, pairs)
        finally:
            spill.close()

    def _fit_spilled(self, spill: _Spill, n_docs: int, words: list[str], unigram: np.ndarray,
                     pairs: _PairCounter) -> sp.csr_matrix:
        terms = list(words)
        pair_ids: dict[int, int] = {}
        codes, counts = pairs.result()
        if self.bigrams and codes.size:
            frequent = counts >= self.bigram_min_count
            codes, counts = codes[frequent], counts[frequent]
            if codes.size:
                total = float(unigram.sum())
                first, second = codes >> 32, codes & 0xFFFFFFFF
                p_ab = counts / total
                p_a, p_b = unigram[first] / total, unigram[second] / total
                with np.errstate(divide="ignore", invalid="ignore"):
                    npmi = np.log(p_ab / (p_a * p_b)) / -np.log(p_ab)
                for code in codes[npmi >= self.bigram_threshold]:
                    pair_ids[int(code)] = len(terms)
                    terms.append(f"{words[int(code) >> 32]} {words[int(code) & 0xFFFFFFFF]}")
        del codes, counts
        chosen = _sorted_pairs(pair_ids)

        # pass 2 over the spilled streams: document frequencies and totals after merging
        df = np.zeros(len(terms), dtype=np.int64)
        totals = np.zeros(len(terms), dtype=np.int64)
        for stream, offsets in spill.chunks():
            merged = _merge_bigrams(stream, chosen)
            kept = merged[merged >= 0]
            totals += np.bincount(kept, minlength=len(terms))
            df += np.bincount(_count_matrix(merged, offsets, len(terms)).indices,
                              minlength=len(terms))

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
            order = np.lexsort((candidates, -totals[candidates]))  # most frequent first
            candidates = candidates[order[: self.max_features]]
        names = np.array([terms[i] for i in candidates], dtype=object)
        order = np.argsort(names.astype(str), kind="stable")
        candidates, names = candidates[order], names[order]
        column_of = np.full(len(terms), -1, dtype=np.int64)
        column_of[candidates] = np.arange(candidates.size)

        self.vocabulary_ = {str(t): i for i, t in enumerate(names)}
        self.bigrams_ = tuple(sorted(t for t in self.vocabulary_ if " " in t))
        self.n_documents_ = n_docs
        # pass 3: the matrix itself, written chunk by chunk into arrays of its final size
        # (every document-term pair counted once in df is one stored entry)
        nnz = int(df[candidates].sum())
        indptr = np.zeros(n_docs + 1, dtype=np.int64)
        indices = np.empty(nnz, dtype=np.int32)
        data = np.empty(nnz, dtype=np.float64)
        row = pos = 0
        for stream, offsets in spill.chunks():
            block = _count_matrix(_merge_bigrams(stream, chosen), offsets, candidates.size,
                                  column_of)
            r, n = block.shape[0], block.nnz
            indptr[row + 1: row + r + 1] = block.indptr[1:] + pos
            indices[pos: pos + n] = block.indices
            data[pos: pos + n] = block.data
            row, pos = row + r, pos + n
        if nnz < np.iinfo(np.int32).max:
            indptr = indptr.astype(np.int32)
        return sp.csr_matrix((data, indices, indptr), shape=(n_docs, candidates.size))

    def _frozen(self) -> tuple[_Analyzer, tuple[np.ndarray, np.ndarray], np.ndarray]:
        """An analyzer knowing only the vocabulary's words, its bigram ids, column map."""
        analyzer = self._analyzer()
        words = {t for t in self.vocabulary_ if " " not in t}
        for bigram in self.bigrams_:
            words.update(bigram.split(" "))
        for w in sorted(words):
            analyzer.ids[w] = len(analyzer.terms)
            analyzer.terms.append(w)
        analyzer.frozen = True
        terms = list(analyzer.terms)
        pair_ids: dict[int, int] = {}
        for bigram in self.bigrams_:
            first, second = bigram.split(" ")
            pair_ids[(analyzer.ids[first] << 32) | analyzer.ids[second]] = len(terms)
            terms.append(bigram)
        column_of = np.array([self.vocabulary_.get(t, -1) for t in terms], dtype=np.int64)
        return analyzer, _sorted_pairs(pair_ids), column_of

    def transform(self, raw_documents: Iterable[str | Document]) -> sp.csr_matrix:
        check_is_fitted(self, "vocabulary_")
        analyzer, pairs, column_of = self._frozen()
        n_cols = len(self.vocabulary_)
        blocks = []
        for texts in self._chunks(raw_documents):
            stream, offsets = analyzer.stream(texts)
            blocks.append(_count_matrix(_merge_bigrams(stream, pairs), offsets, n_cols, column_of))
        return _stack(blocks, n_cols)

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
        analyzer, pairs, column_of = self._frozen()
        stream, offsets = analyzer.stream(texts)
        merged = _merge_bigrams(stream, pairs)
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


def _stack(blocks: list[sp.csr_matrix], n_cols: int) -> sp.csr_matrix:
    """Row blocks as one matrix (a block list emptied as it goes, to hold less at once)."""
    if not blocks:
        return sp.csr_matrix((0, n_cols), dtype=np.float64)
    if len(blocks) == 1:
        return blocks[0]
    n_rows = sum(b.shape[0] for b in blocks)
    nnz = sum(b.nnz for b in blocks)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    indices = np.empty(nnz, dtype=np.int32)
    data = np.empty(nnz, dtype=np.float64)
    row = pos = 0
    blocks.reverse()
    while blocks:
        b = blocks.pop()
        r, n = b.shape[0], b.nnz
        indptr[row + 1: row + r + 1] = b.indptr[1:] + pos
        indices[pos: pos + n] = b.indices
        data[pos: pos + n] = b.data
        row, pos = row + r, pos + n
    if nnz < np.iinfo(np.int32).max:
        indptr = indptr.astype(np.int32)
    return sp.csr_matrix((data, indices, indptr), shape=(n_rows, n_cols))
