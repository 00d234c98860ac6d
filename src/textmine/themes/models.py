"""Theme models as scikit-learn estimators: NMF (default) or LDA, automatic or fixed k, seeds.

:class:`ThemeModel` learns themes from texts (through its ``vectorizer``, a
:class:`~textmine.themes.preprocess.ThemeVectorizer` by default) or from a
document-term matrix of counts (e.g. the output of a vectorizer step in a
:class:`~sklearn.pipeline.Pipeline`).

* ``n_themes=None`` chooses k in ``k_range`` by topic quality: the mean NPMI of
  each theme's top words (documents as windows, rescaled to 0..1) times topic
  diversity; the largest k within ``k_tolerance`` of the best quality wins.
  ``scores_`` keeps every candidate's figures.
* ``seeds`` ({name: [words]}) guides themes: each seeded theme starts from its seed
  words and a pseudo-document of them is added to the data with a weight of
  ``seed_weight`` times an average theme's size, so the seed words end up together.
* ``transform`` gives the theme weights of new documents without refitting;
  ``partial_fit`` updates the themes with new documents (online NMF from the
  kept sufficient statistics, or LDA's online variational Bayes).

>>> texts = ["Eleverna i skolan får nya lärare."] * 5 + ["Parken får nya träd och bänkar."] * 5
>>> model = ThemeModel(n_themes=2, random_state=0,
...                    vectorizer=ThemeVectorizer(min_df=1, max_df=1.0)).fit(texts)
>>> sorted(model.top_terms_[0][:2] + model.top_terms_[1][:2])
['bänk', 'elev', 'lärare', 'park']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.decomposition import NMF, LatentDirichletAllocation, non_negative_factorization
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from ..document import Document
from .coherence import document_npmi, topic_diversity
from .preprocess import ThemeInputError, ThemeVectorizer

__all__ = ["ThemeModel", "theme_shares"]

_METHODS = ("nmf", "lda")


def theme_shares(weights: np.ndarray) -> np.ndarray:
    """Rows of theme weights rescaled to sum to 1 (rows of zeros stay zero)."""
    weights = np.asarray(weights, dtype=np.float64)
    sums = weights.sum(axis=1, keepdims=True)
    return np.divide(weights, sums, out=np.zeros_like(weights), where=sums > 0)


def _is_text_input(X: Any) -> bool:
    if isinstance(X, (str, bytes, Iterator)):
        return True  # a generator streams texts (e.g. from a corpus)
    if sp.issparse(X) or isinstance(X, np.ndarray):
        return X.dtype == object and X.ndim == 1
    if isinstance(X, (list, tuple)) and X:
        return isinstance(X[0], (str, Document))
    return False


class ThemeModel(TransformerMixin, BaseEstimator):
    """Collaboration themes from Swedish news (a scikit-learn estimator).

    Parameters
    ----------
    method : "nmf" (default; on sublinear tf-idf) or "lda" (on counts).
    n_themes : the number of themes; ``None`` chooses it in ``k_range``.
    k_range : (first, last) candidates for k, both included.
    seeds : {theme name: [seed words]} guiding some themes.
    seed_weight : how strongly seeds pull (1.0: as much as all documents of an average theme).
    top_n : top words kept per theme (labels, coherence).
    max_iter, tol : solver limits.
    alpha_W, l1_ratio : NMF regularisation (sparser document weights with alpha_W > 0).
    seed_min_df : a seeded theme is used only when this share of the documents (and
        at least 2) contain one of its seed words; others go to ``seeds_skipped_``.
    k_tolerance : automatic k takes the largest candidate whose quality is within
        this fraction of the best (finer themes, as long as they hold together).
    selection_sample : at most this many documents score each candidate k.
    vectorizer : turns texts into counts (default ``ThemeVectorizer()``); unused
        when ``fit`` gets a matrix.
    random_state : seed for repeatable fits.

    Learned: ``components_`` (themes x terms), ``n_themes_``, ``feature_names_``,
    ``top_terms_``, ``theme_names_`` (seed name or None), ``labels_``,
    ``scores_`` (per candidate k), ``npmi_``, ``diversity_``, ``vectorizer_``.
    """

    def __init__(
        self,
        *,
        method: str = "nmf",
        n_themes: int | None = None,
        k_range: tuple[int, int] = (5, 15),
        seeds: Mapping[str, Sequence[str]] | None = None,
        seed_weight: float = 0.1,
        top_n: int = 10,
        max_iter: int = 300,
        tol: float = 1e-4,
        alpha_W: float = 0.0,
        l1_ratio: float = 0.0,
        seed_min_df: float = 0.02,
        k_tolerance: float = 0.05,
        selection_sample: int = 20000,
        vectorizer: ThemeVectorizer | None = None,
        random_state: int | np.random.RandomState | None = None,
    ) -> None:
        self.method = method
        self.n_themes = n_themes
        self.k_range = k_range
        self.seeds = seeds
        self.seed_weight = seed_weight
        self.top_n = top_n
        self.max_iter = max_iter
        self.tol = tol
        self.alpha_W = alpha_W
        self.l1_ratio = l1_ratio
        self.seed_min_df = seed_min_df
        self.k_tolerance = k_tolerance
        self.selection_sample = selection_sample
        self.vectorizer = vectorizer
        self.random_state = random_state

    # -- input ---------------------------------------------------------------------
    def _counts(self, X: Any, *, fitting: bool) -> sp.csr_matrix:
        if isinstance(X, (list, tuple)) and not X:
            raise ThemeInputError("no documents to find themes in",
                                  hint="give at least two texts")
        if _is_text_input(X):
            if isinstance(X, (str, bytes)):
                raise ThemeInputError("expected a list of texts, got a single string",
                                      hint="wrap one text in a list: [text]")
            if fitting:
                self.vectorizer_ = clone(self.vectorizer) if self.vectorizer is not None \
                    else ThemeVectorizer()
                counts = self.vectorizer_.fit_transform(X)
                self.feature_names_ = self.vectorizer_.get_feature_names_out()
                self.n_features_in_ = counts.shape[1]
                return counts
            if getattr(self, "vectorizer_", None) is None:
                raise ThemeInputError("this theme model was fitted on a matrix: give it a matrix")
            return self.vectorizer_.transform(X)
        counts = validate_data(self, X, reset=fitting, accept_sparse="csr",
                               dtype=np.float64, ensure_min_samples=2 if fitting else 1)
        if sp.issparse(counts):
            if counts.data.size and counts.data.min() < 0:
                raise ThemeInputError("Negative values in data: a theme model needs a "
                                      "document-term matrix of counts")
        elif counts.size and counts.min() < 0:
            raise ThemeInputError("Negative values in data: a theme model needs a "
                                  "document-term matrix of counts")
        if fitting:
            self.vectorizer_ = None
            self.feature_names_ = np.asarray([f"x{i}" for i in range(counts.shape[1])],
                                             dtype=object)
        return sp.csr_matrix(counts)

    def _weighted(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """NMF reads sublinear tf-idf (log(1 + tf) x idf) with unit rows; LDA reads counts."""
        if self.method == "lda":
            return counts
        # one copy of the matrix, weighted in place (memory: the matrix once more)
        X = sp.csr_matrix(counts, dtype=np.float64, copy=True)
        X.sum_duplicates()
        X.data = np.log1p(X.data)
        X.data *= self.idf_[X.indices]
        lengths = np.diff(X.indptr)
        squares = np.zeros(X.shape[0])
        nonempty = lengths > 0
        if X.nnz:
            squares[nonempty] = np.add.reduceat(X.data ** 2, X.indptr[:-1][nonempty])
        norms = np.sqrt(squares)
        norms[norms == 0] = 1.0
        X.data /= np.repeat(norms, lengths)
        return X

    # -- fitting ---------------------------------------------------------------------
    def fit(self, X: Any, y: Any = None) -> ThemeModel:
        """Learn the themes of ``X`` (texts, Documents or a matrix of counts)."""
        self._fit(X)
        del self._fit_weights
        return self

    def fit_transform(self, X: Any, y: Any = None, **params: Any) -> np.ndarray:
        """Learn the themes and return the documents' theme weights."""
        self._fit(X)
        weights, self._fit_weights = self._fit_weights, None
        del self._fit_weights
        return weights

    def _check_params(self) -> None:
        if self.method not in _METHODS:
            raise ThemeInputError(f"method must be one of {_METHODS}, not {self.method!r}")
        if self.n_themes is not None and (not isinstance(self.n_themes, (int, np.integer))
                                          or self.n_themes < 1):
            raise ThemeInputError(f"n_themes must be a positive integer, not {self.n_themes!r}")
        lo, hi = self.k_range
        if not (1 <= lo <= hi):
            raise ThemeInputError(f"k_range must be (first, last) with 1 <= first <= last, "
                                  f"not {self.k_range!r}")

    def _fit(self, X: Any) -> sp.csr_matrix:
        self._check_params()
        counts = self._counts(X, fitting=True)
        n_docs, n_terms = counts.shape
        if n_docs < 2:
            raise ThemeInputError(f"{n_docs} document(s) cannot make themes: need at least 2 "
                                  f"(n_samples = {n_docs})")
        df = np.bincount(sp.csr_matrix(counts).indices, minlength=n_terms)
        self.idf_ = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
        Xw = self._weighted(counts)
        rng = check_random_state(self.random_state)
        seed_cols = self._seed_columns(counts)
        limit = min(n_docs, n_terms)
        if self.n_themes is not None:
            candidates = [int(self.n_themes)]
        else:
            lo, hi = self.k_range
            candidates = list(range(lo, hi + 1))
        candidates = sorted({max(k, len(seed_cols)) for k in candidates})
        if candidates[0] > limit:
            raise ThemeInputError(
                f"{candidates[0]} themes need at least {candidates[0]} documents and terms; "
                f"the data has {n_docs} documents and {n_terms} terms "
                f"(n_samples = {n_docs}, n_features = {n_terms})",
                hint="add documents, lower the number of themes, or relax the vocabulary bounds",
            )
        candidates = [k for k in candidates if k <= limit]
        sample = counts
        if n_docs > self.selection_sample:
            pick = np.sort(rng.choice(n_docs, self.selection_sample, replace=False))
            sample = counts[pick]
        state = rng.randint(np.iinfo(np.int32).max)
        self.scores_ = []
        fits = {}
        for k in candidates:
            H, W = self._fit_k(Xw, k, seed_cols, state)
            fits[k] = (H, W)
            if len(candidates) == 1:
                break
            order = np.argsort(-H, axis=1)
            npmi = float(np.nanmean(document_npmi(sample, [list(o[: self.top_n]) for o in order])))
            diversity = topic_diversity([[int(i) for i in row[:25]] for row in order])
            quality = (npmi + 1.0) / 2.0 * diversity
            self.scores_.append({"k": k, "npmi": npmi, "diversity": diversity,
                                 "quality": quality})
            for other in list(fits):  # keep only the fits that can still be chosen
                if other != k and other != self._choose_k():
                    del fits[other]
        k = candidates[0] if len(candidates) == 1 else self._choose_k()
        # a fit dropped above is refitted (same seed: the same result)
        H, W = fits[k] if k in fits else self._fit_k(Xw, k, seed_cols, state)
        self.components_ = H
        self.n_themes_ = k
        self._finish(W, Xw, counts, seed_cols)
        self._fit_weights = W
        return counts

    def _choose_k(self) -> int:
        """The largest k whose quality is within ``k_tolerance`` of the best so far."""
        top = max(s["quality"] for s in self.scores_)
        return max(s["k"] for s in self.scores_ if s["quality"] >= (1 - self.k_tolerance) * top)

    def _seed_columns(self, counts: sp.csr_matrix) -> list[tuple[str, np.ndarray]]:
        """(name, columns) for each seeded theme whose words enough documents hold."""
        self.seeds_skipped_ = []
        if not self.seeds:
            return []
        vocab = {str(t): i for i, t in enumerate(self.feature_names_)}
        out = []
        for name, words in self.seeds.items():
            if isinstance(words, str):
                words = [words]
            cols: set[int] = set()
            for word in words:
                terms = [word.lower()]
                if self.vectorizer_ is not None:
                    analysed = self.vectorizer_.analyze(word)
                    terms += analysed + [" ".join(analysed)]
                cols.update(vocab[t] for t in terms if t in vocab)
            cols_array = np.array(sorted(cols), dtype=np.int64)
            support = int((counts[:, cols_array].sum(axis=1) > 0).sum()) if cols else 0
            if support >= max(2, self.seed_min_df * counts.shape[0]):
                out.append((str(name), cols_array))
            else:
                self.seeds_skipped_.append(str(name))
        return out

    def _fit_k(self, Xw: sp.csr_matrix, k: int, seed_cols: list, state: int):
        n_docs, n_terms = Xw.shape
        data = Xw
        pseudo = None
        if seed_cols:
            rows = []
            for _, cols in seed_cols:
                row = np.zeros(n_terms)
                if self.method == "lda":
                    # pseudo-document of counts: an average theme's words, spread over the seeds
                    mass = self.seed_weight * float(Xw.sum()) / k
                    row[cols] = mass / cols.size
                else:
                    # a unit row counts like its squared norm of documents in the Frobenius loss
                    row[cols] = 1.0 / np.sqrt(cols.size)
                    row *= np.sqrt(max(self.seed_weight * n_docs / k, 1.0))
                rows.append(row)
            pseudo = sp.csr_matrix(np.vstack(rows))
            data = sp.vstack([Xw, pseudo]).tocsr()
        if self.method == "lda":
            lda = LatentDirichletAllocation(
                n_components=k, learning_method="batch", max_iter=min(self.max_iter, 50),
                random_state=state, evaluate_every=-1,
            )
            W = lda.fit_transform(data)
            H = lda.components_
            self.n_iter_ = int(lda.n_iter_)
            self._lda_state = lda
        else:
            init = "nndsvda"
            W0 = H0 = None
            if seed_cols:
                init = "custom"
                rng = check_random_state(state)
                scale = np.sqrt(data.mean() / k)
                H0 = rng.uniform(0.0, scale * 0.1, size=(k, n_terms))
                for t, (_, cols) in enumerate(seed_cols):
                    H0[t, cols] += scale * 10
                W0 = np.asarray(data @ H0.T)
                W0 /= max(W0.max(), 1e-12)
                W0 = np.maximum(W0, 1e-6) * scale
            nmf = NMF(n_components=k, init=init, solver="cd", beta_loss="frobenius",
                      max_iter=self.max_iter, tol=self.tol, alpha_W=self.alpha_W,
                      alpha_H="same", l1_ratio=self.l1_ratio, random_state=state)
            import warnings
            from sklearn.exceptions import ConvergenceWarning
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                W = nmf.fit_transform(data, W=W0, H=H0)
            H = nmf.components_
            self.n_iter_ = int(nmf.n_iter_)
        W = W[:n_docs]
        if seed_cols:
            H, W = self._order_seeded(H, W, seed_cols)
        return H, W

    @staticmethod
    def _order_seeded(H: np.ndarray, W: np.ndarray, seed_cols: list):
        """Put the theme that holds most of each seed's words at that seed's index."""
        share = H / np.maximum(H.sum(axis=1, keepdims=True), 1e-12)
        gain = np.stack([share[:, cols].sum(axis=1) for _, cols in seed_cols])  # seeds x k
        rows, cols = linear_sum_assignment(-gain)
        order = list(cols[np.argsort(rows)])
        order += [t for t in range(H.shape[0]) if t not in order]
        return H[order], W[:, order]

    def _finish(self, W: np.ndarray, Xw: sp.csr_matrix, counts: sp.csr_matrix,
                seed_cols: list) -> None:
        k = self.n_themes_
        order = np.argsort(-self.components_, axis=1)
        names: list[str | None] = []
        for t, (name, cols) in enumerate(seed_cols[:k]):
            # a seeded theme keeps its name only when its seed words made its top words
            names.append(name if np.isin(cols, order[t, : self.top_n]).any() else None)
            if names[-1] is None:
                self.seeds_skipped_.append(name)
        self.theme_names_ = names + [None] * (k - len(names))
        self.top_terms_ = [[str(self.feature_names_[i]) for i in row[: self.top_n]]
                           for row in order]
        self.labels_ = [name if name else " / ".join(terms[:3])
                        for name, terms in zip(self.theme_names_, self.top_terms_)]
        div_terms = [[str(self.feature_names_[i]) for i in row[:25]] for row in order]
        self.diversity_ = topic_diversity(div_terms)
        self.npmi_ = float(np.nanmean(document_npmi(counts, [list(r[: self.top_n]) for r in order])))
        self.n_documents_ = int(counts.shape[0])
        if self.method == "nmf":
            # sufficient statistics for online updates: A = W^T X, B = W^T W
            self.stats_A_ = np.asarray((sp.csr_matrix(W.T) @ Xw).todense()) \
                if sp.issparse(Xw) else W.T @ Xw
            self.stats_B_ = W.T @ W
        else:
            lda = self._lda_state
            del self._lda_state
            self.doc_topic_prior_ = float(lda.doc_topic_prior_)
            self.topic_word_prior_ = float(lda.topic_word_prior_)
            self.n_batch_iter_ = int(lda.n_batch_iter_)

    # -- using a fitted model ----------------------------------------------------------
    def transform(self, X: Any) -> np.ndarray:
        """Theme weights of documents (rows); see :func:`theme_shares` for shares."""
        check_is_fitted(self, "components_")
        counts = self._counts(X, fitting=False)
        return self._transform_counts(counts)

    def _transform_counts(self, counts: sp.csr_matrix) -> np.ndarray:
        if counts.shape[1] != self.components_.shape[1]:
            raise ThemeInputError(f"the matrix has {counts.shape[1]} terms; the model knows "
                                  f"{self.components_.shape[1]}")
        if self.method == "lda":
            return self._lda().transform(counts)
        W, _, _ = non_negative_factorization(
            self._weighted(counts), H=self.components_, n_components=self.n_themes_,
            update_H=False, solver="cd",
            beta_loss="frobenius", tol=min(self.tol, 1e-8), max_iter=max(self.max_iter, 1000),
            alpha_W=self.alpha_W, alpha_H="same", l1_ratio=self.l1_ratio,
        ) if counts.shape[0] else (np.zeros((0, self.n_themes_)), None, None)
        return W

    def _lda(self) -> LatentDirichletAllocation:
        from sklearn.decomposition._online_lda_fast import _dirichlet_expectation_2d

        lda = LatentDirichletAllocation(
            n_components=self.n_themes_, learning_method="online",
            total_samples=max(self.n_documents_, 1), random_state=0,
            doc_topic_prior=self.doc_topic_prior_, topic_word_prior=self.topic_word_prior_,
        )
        lda.components_ = self.components_
        lda.exp_dirichlet_component_ = np.exp(_dirichlet_expectation_2d(self.components_))
        lda.doc_topic_prior_ = self.doc_topic_prior_
        lda.topic_word_prior_ = self.topic_word_prior_
        lda.n_batch_iter_ = self.n_batch_iter_
        lda.n_iter_ = 0
        lda.n_features_in_ = self.components_.shape[1]
        lda.random_state_ = check_random_state(self.random_state)
        return lda

    def partial_fit(self, X: Any, y: Any = None) -> ThemeModel:
        """Update the themes with more documents (the vocabulary stays as fitted).

        NMF: one online step (Mairal et al. 2010) from the statistics kept since
        ``fit``, so old documents keep their weight; LDA: online variational Bayes.
        Fits from scratch when the model is not fitted yet.
        """
        if not hasattr(self, "components_"):
            return self.fit(X)
        counts = self._counts(X, fitting=False)
        if counts.shape[0] == 0:
            return self
        if self.method == "lda":
            lda = self._lda()
            lda.total_samples = self.n_documents_ + counts.shape[0]
            lda.partial_fit(counts)
            self.components_ = lda.components_
            self.n_batch_iter_ = int(lda.n_batch_iter_)
        else:
            Xw = self._weighted(counts)
            W = self._transform_counts(counts)
            self.stats_A_ = self.stats_A_ + np.asarray((sp.csr_matrix(W.T) @ Xw).todense())
            self.stats_B_ = self.stats_B_ + W.T @ W
            H = self.components_.copy()
            for _ in range(50):
                H *= self.stats_A_ / np.maximum(self.stats_B_ @ H, 1e-12)
            self.components_ = H
        self.n_documents_ += int(counts.shape[0])
        order = np.argsort(-self.components_, axis=1)
        self.top_terms_ = [[str(self.feature_names_[i]) for i in row[: self.top_n]]
                           for row in order]
        self.labels_ = [name if name else " / ".join(terms[:3])
                        for name, terms in zip(self.theme_names_, self.top_terms_)]
        return self

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Output columns: one per theme (``theme0``, ``theme1``, ...)."""
        check_is_fitted(self, "components_")
        return np.asarray([f"theme{i}" for i in range(self.n_themes_)], dtype=object)

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.positive_only = True
        tags.input_tags.string = True
        return tags
