"""Swedish preprocessing: lemmas, stop words and boilerplate, names, bigrams, df bounds."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone

from textmine import Document, ThemeVectorizer
from textmine.themes import ThemeInputError, preprocess, stop_words

TEXTS = [
    "Eleverna i skolan får nya lärare, säger rektorn Åsa Lind.",
    "– Skolan satsar på hållbar utveckling, berättar Karin Öst i januari.",
    "Kommunen arbetar med hållbar utveckling och förskolan.",
    "Hållbar utveckling kräver ett nytt arbetssätt i förskolan.",
]


def fitted(**kw):
    params = dict(min_df=1, max_df=1.0, bigram_min_count=2)
    params.update(kw)
    vec = ThemeVectorizer(**params)
    return vec, vec.fit_transform(TEXTS)


def test_lemmas_and_swedish_letters():
    vec, _ = fitted(bigrams=False)
    terms = set(vec.get_feature_names_out())
    assert {"elev", "skola", "lärare", "förskola", "hållbar", "utveckling"} <= terms


@pytest.mark.parametrize("word", ["säga", "säger", "berätta", "berättar", "januari", "och", "i"])
def test_boilerplate_and_stop_words_are_dropped(word):
    vec, _ = fitted(bigrams=False)
    assert word not in vec.vocabulary_
    assert "säger" in stop_words() and "januari" in stop_words()


@pytest.mark.parametrize("name_word", ["åsa", "lind", "karin", "öst"])
def test_people_names_are_dropped_by_capitalisation(name_word):
    vec, _ = fitted(bigrams=False)
    assert name_word not in vec.vocabulary_
    assert not any(name_word in t.split() for t in vec.vocabulary_)


def test_names_from_the_corpus_are_dropped_even_lower_cased_or_sentence_initial():
    texts = ["Berg talade om skolan.", "Skolan och berg finns här."]
    keep = ThemeVectorizer(min_df=1, max_df=1.0, bigrams=False, proper_nouns="keep").fit(texts)
    assert "berg" in keep.vocabulary_
    drop = ThemeVectorizer(min_df=1, max_df=1.0, bigrams=False, proper_nouns="keep",
                           names=("Anna Berg",)).fit(texts)
    assert "berg" not in drop.vocabulary_ and "skola" in drop.vocabulary_


def test_frequent_pairs_become_bigrams():
    vec, X = fitted()
    assert "hållbar utveckling" in vec.bigrams_
    col = vec.vocabulary_["hållbar utveckling"]
    assert X[:, col].toarray().ravel().tolist() == [0, 1, 1, 1]
    # the words of a merged pair are not counted again on their own
    assert "hållbar" not in vec.vocabulary_


def test_document_frequency_bounds():
    vec = ThemeVectorizer(min_df=2, max_df=1.0, bigrams=False).fit(TEXTS)
    X = vec.transform(TEXTS)
    assert ((X > 0).sum(axis=0) >= 2).all()
    vec = ThemeVectorizer(min_df=1, max_df=0.5, bigrams=False).fit(TEXTS)
    assert "förskola" in vec.vocabulary_          # 2 of 4 documents
    assert "skola" in vec.vocabulary_
    vec = ThemeVectorizer(min_df=1, max_df=1, bigrams=False).fit(TEXTS)  # int: documents
    assert "förskola" not in vec.vocabulary_


def test_max_features_keeps_the_most_frequent():
    vec = ThemeVectorizer(min_df=1, max_df=1.0, max_features=1, bigram_min_count=2).fit(TEXTS)
    assert list(vec.vocabulary_) == ["hållbar utveckling"]


def test_transform_equals_fit_transform_and_handles_unseen_words():
    vec, X = fitted()
    assert (vec.transform(TEXTS) != X).nnz == 0
    Y = vec.transform(["Helt okända ord om rymdfärder, och hållbar utveckling."])
    assert Y.shape == (1, X.shape[1]) and Y.sum() == 1


def test_documents_and_pipeline_use():
    doc = Document(id="d", title="Förskolan växer", body="Förskolan får fler pedagoger.")
    vec = clone(ThemeVectorizer(min_df=1, max_df=1.0)).fit([doc, "Pedagoger i förskolan."])
    assert "förskola" in vec.vocabulary_ and "pedagog" in vec.vocabulary_
    assert vec.analyze("Förskolan får pedagoger.") == ["förskola", "pedagog"]


@pytest.mark.parametrize(
    "texts, message",
    [([], "no documents"), ("en enda text", "single string"),
     (["och i på", "men att"], "no terms are left")],
)
def test_bad_input_is_a_clear_error(texts, message):
    with pytest.raises(ThemeInputError, match=message):
        ThemeVectorizer(min_df=1).fit(texts)


def test_preprocessing_is_vectorised_enough():
    # correctness at scale: 2,000 documents give the same matrix in one call or in two
    texts = TEXTS * 500
    vec = ThemeVectorizer(min_df=1, max_df=1.0, bigram_min_count=2).fit(texts)
    whole = vec.transform(texts)
    halves = [vec.transform(texts[:1000]), vec.transform(texts[1000:])]
    assert np.array_equal(whole[:1000].toarray(), halves[0].toarray())
    assert np.array_equal(whole[1000:].toarray(), halves[1].toarray())


def test_a_generator_in_many_chunks_gives_the_same_matrix(monkeypatch):
    texts = [f"{t} Text nummer {i} om skolan." for i, t in enumerate(TEXTS * 25)]
    whole_vec = ThemeVectorizer(min_df=2, max_df=0.9, bigram_min_count=2)
    whole = whole_vec.fit_transform(texts)
    monkeypatch.setattr(preprocess, "_CHUNK", 3)       # 34 chunks, one a partial
    monkeypatch.setattr(preprocess, "_PAIR_MERGE", 5)  # pair counts merged many times
    vec = ThemeVectorizer(min_df=2, max_df=0.9, bigram_min_count=2)
    X = vec.fit_transform(t for t in texts)
    assert vec.vocabulary_ == whole_vec.vocabulary_ and "hållbar utveckling" in vec.bigrams_
    assert X.shape == whole.shape and (X != whole).nnz == 0
    assert (vec.transform(iter(texts)) != whole).nnz == 0


@pytest.mark.parametrize(
    "text, expected, not_expected",
    [("Kommunen sparar energi.", "spara", "sparare"),
     ("Eleverna får bättre betyg.", "betyg", "betyga"),
     ("Förvaltningen planerar nya bostäder.", "planera", "planerare"),
     ("Kommunens ledare och grundare talade.", "ledare", "led"),
     ("Högskolans forskare arbetar med kompetensförsörjningen.", "kompetensförsörjning",
      "arbetare")],
)
def test_verbs_and_nouns_keep_their_own_lemma(text, expected, not_expected):
    terms = ThemeVectorizer(min_df=1, max_df=1.0, bigrams=False).analyze(text)
    assert expected in terms and not_expected not in terms
