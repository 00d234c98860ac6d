"""ThemeModel: the scikit-learn contract, reproducibility, seeds, new documents, persistence."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.pipeline import Pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from textmine import ThemeModel, ThemeVectorizer, load_theme_model, save_theme_model
from textmine.errors import InputError, ModelError
from textmine.themes import ThemeInputError, theme_shares
from textmine.themes.synthetic import SUBJECTS, synthetic_documents


@pytest.fixture(scope="module")
def docs():
    return synthetic_documents(240, seed=7)


def vec():
    return ThemeVectorizer(min_df=2)


# scikit-learn's common checks feed numeric matrices; all of them pass for both
# methods (none is skipped). ThemeVectorizer is left out of them as scikit-learn
# leaves out its own CountVectorizer: the checks cannot feed raw text.
@parametrize_with_checks([ThemeModel(n_themes=2, random_state=0, max_iter=50)])
def test_scikit_learn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(estimator)


@pytest.mark.slow
@parametrize_with_checks([ThemeModel(method="lda", n_themes=2, random_state=0, max_iter=20)])
def test_scikit_learn_estimator_checks_lda(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(estimator)


def test_init_only_stores_parameters_and_fit_returns_self(docs):
    model = ThemeModel(n_themes=4, random_state=1, vectorizer=vec())
    assert model.get_params()["n_themes"] == 4
    assert not [a for a in vars(model) if a.endswith("_")]
    assert model.fit(docs) is model
    assert model.components_.shape == (4, len(model.feature_names_))


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_fixed_random_state_is_reproducible(docs, method):
    a = ThemeModel(method=method, n_themes=5, random_state=3, vectorizer=vec()).fit(docs)
    b = ThemeModel(method=method, n_themes=5, random_state=3, vectorizer=vec()).fit(docs)
    np.testing.assert_array_equal(a.components_, b.components_)
    assert a.labels_ == b.labels_


@pytest.mark.parametrize("method, at_least", [("nmf", len(SUBJECTS) - 1), ("lda", 4)])
def test_themes_recover_the_subjects(docs, method, at_least):
    model = ThemeModel(method=method, n_themes=len(SUBJECTS), random_state=0,
                       vectorizer=vec()).fit(docs)
    lemmas = {s: set(model.vectorizer_.analyze(" ".join(n))) for s, (n, _) in SUBJECTS.items()}
    found = set()
    for terms in model.top_terms_:
        best = max(lemmas, key=lambda s: len(lemmas[s] & set(terms)))
        if len(lemmas[best] & set(terms)) >= 3:
            found.add(best)
    assert len(found) >= at_least


def test_automatic_k_scores_each_candidate(docs):
    model = ThemeModel(k_range=(3, 7), random_state=0, vectorizer=vec()).fit(docs)
    assert [s["k"] for s in model.scores_] == [3, 4, 5, 6, 7]
    best = max(s["quality"] for s in model.scores_)
    within = [s["k"] for s in model.scores_ if s["quality"] >= 0.95 * best]
    assert model.n_themes_ == max(within)  # the finest k within 5 % of the best quality
    assert all(-1 <= s["npmi"] <= 1 and 0 < s["diversity"] <= 1 for s in model.scores_)
    assert model.n_themes_ >= 5  # six subjects: too few themes would merge them


def test_pipeline_with_a_vectorizer_step(docs):
    texts = [d.full_text for d in docs]
    pipe = Pipeline([("vec", ThemeVectorizer(min_df=2)),
                     ("themes", ThemeModel(n_themes=4, random_state=0))])
    W = pipe.fit_transform(texts)
    assert W.shape == (len(texts), 4)
    assert pipe.transform(texts[:3]).shape == (3, 4)
    clone(pipe).fit(texts)


def test_guided_themes_pull_seed_words_together(docs):
    # "elev" (school) and "klimat" (climate) never share an unguided theme;
    # seeding them as one theme puts both at its top.
    seeds = {"Blandat": ["elev", "klimat"]}
    free = ThemeModel(n_themes=7, random_state=0, vectorizer=vec()).fit(docs)
    assert not any({"elev", "klimat"} <= set(t) for t in free.top_terms_)
    guided = ThemeModel(n_themes=7, random_state=0, seeds=seeds, vectorizer=vec()).fit(docs)
    assert guided.theme_names_[0] == "Blandat" and guided.labels_[0] == "Blandat"
    assert {"elev", "klimat"} <= set(guided.top_terms_[0][:5])


def test_seeds_match_inflected_forms_and_skip_absent_themes(docs):
    seeds = {"Skola": ["eleverna", "skolan"], "Rymden": ["rymdfärd", "astronaut"]}
    model = ThemeModel(n_themes=6, random_state=0, seeds=seeds, vectorizer=vec()).fit(docs)
    assert model.theme_names_[0] == "Skola" and "Rymden" not in model.theme_names_
    assert model.seeds_skipped_ == ["Rymden"]
    assert {"elev", "skola"} & set(model.top_terms_[0][:5])


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_assignment_to_unseen_documents(docs, method):
    model = ThemeModel(method=method, n_themes=6, random_state=0, vectorizer=vec()).fit(docs)
    unseen = ["Eleverna på grundskolan får bättre betyg och rektorn anställer lärare.",
              "Polisen och ordningsvakterna ökar tryggheten i centrum."]
    shares = theme_shares(model.transform(unseen))
    assert shares.shape == (2, 6)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    school = model.transform(["Eleverna och lärarna i skolan."]).argmax()
    school_words = set(model.vectorizer_.analyze(" ".join(SUBJECTS["skola"][0])))
    assert school_words & set(model.top_terms_[school])
    assert shares[0].argmax() != shares[1].argmax()


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_partial_fit_updates_without_refitting(docs, method):
    model = ThemeModel(method=method, n_themes=6, random_state=0, vectorizer=vec()).fit(docs[:200])
    before = model.components_.copy()
    model.partial_fit(docs[200:])
    assert model.n_documents_ == 240
    assert not np.allclose(before, model.components_)
    assert model.components_.shape == before.shape


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_save_load_round_trip(tmp_path, docs, method):
    model = ThemeModel(method=method, n_themes=5, random_state=0, vectorizer=vec(),
                       seeds={"Skola": ["elev", "skola"]}).fit(docs)
    folder = save_theme_model(model, tmp_path / "m")
    spec = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    assert spec["textmine_version"] and spec["params"]["method"] == method
    assert "förskola" in spec["feature_names"]  # å/ä/ö kept as they are
    loaded = load_theme_model(folder)
    assert loaded.labels_ == model.labels_ and loaded.top_terms_ == model.top_terms_
    np.testing.assert_allclose(loaded.transform(docs[:20]), model.transform(docs[:20]))
    loaded.partial_fit(docs[:10])  # the online statistics survive too


def test_loading_refuses_bad_files(tmp_path, docs):
    with pytest.raises(ModelError, match="not a saved theme model"):
        load_theme_model(tmp_path / "nothing")
    model = ThemeModel(n_themes=3, random_state=0, vectorizer=vec()).fit(docs)
    folder = save_theme_model(model, tmp_path / "m")
    good = (folder / "model.json").read_text(encoding="utf-8")
    (folder / "model.json").write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(ModelError, match="not a textmine theme model"):
        load_theme_model(folder)
    (folder / "model.json").write_text(good, encoding="utf-8")
    np.savez(folder / "arrays.npz", components_=np.array([object()], dtype=object))
    with pytest.raises(ModelError, match="cannot be read"):
        load_theme_model(folder)


@pytest.mark.parametrize(
    "data, params, message",
    [
        ([], {}, "no documents"),
        (["Eleverna i skolan."], {}, "at least 2"),
        (["Skolan växer.", "Skolan växer."], {"n_themes": 5}, "5 themes need"),
        (["a"] * 3, {"method": "svd"}, "method must be"),
        (["a"] * 3, {"n_themes": 0}, "n_themes must be"),
    ],
)
def test_bad_input_gives_a_named_error(data, params, message):
    model = ThemeModel(vectorizer=ThemeVectorizer(min_df=1, max_df=1.0), **params)
    with pytest.raises(ThemeInputError, match=message) as info:
        model.fit(data)
    assert isinstance(info.value, InputError) and isinstance(info.value, ValueError)


def test_a_matrix_fitted_model_refuses_texts():
    X = np.abs(np.random.RandomState(0).rand(20, 8))
    model = ThemeModel(n_themes=2, random_state=0).fit(X)
    with pytest.raises(ThemeInputError, match="fitted on a matrix"):
        model.transform(["en text"])
