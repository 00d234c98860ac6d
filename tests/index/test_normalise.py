"""The Swedish normaliser shared by indexing and querying."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textmine.index.normalise import Normaliser

N = Normaliser()


@pytest.mark.parametrize("words", [
    ("högskolan", "högskolans", "högskolor", "högskola", "Högskolornas"),
    ("trygghet", "tryggheten", "Trygghetens"),
    ("kommun", "kommunen", "kommunens", "kommuner"),
    ("Botkyrka", "Botkyrkas"),  # unknown to the table: Snowball stems both alike
    ("kompetensförsörjning", "kompetensförsörjningen"),
])
def test_forms_meet(words):
    assert len({N.term(w) for w in words}) == 1


@pytest.mark.parametrize("a, b", [("får", "far"), ("år", "ar"), ("trygghet", "trygg"),
                                  ("för", "for"), ("höst", "host")])
def test_words_stay_apart(a, b):
    assert N.term(a) != N.term(b)


@pytest.mark.parametrize("word, parts", [
    ("kompetensförsörjningen", ["kompetens", "försörjning"]),
    ("trygghetsvandring", ["trygghet", "vandring"]),
    ("högskolan", ["hög", "skola"]),  # known compounds are split too: "skola" finds it
    ("kommun", []),
])
def test_compound_parts(word, parts):
    assert N.parts(word) == parts


def test_options_change_terms_and_signature():
    plain = Normaliser(lemmas=False, stem=False, compounds=False)
    assert plain.term("Högskolans") == "högskolans"
    assert plain.parts("kompetensförsörjningen") == []
    assert plain.signature() != N.signature()
    assert Normaliser.from_signature(plain.signature()) == plain


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_every_term_is_one_token_of_letters_and_digits(text):
    terms, parts = N.index_text(text)
    for term in terms.split() + parts:
        assert term and all(c.isalnum() for c in term)
    assert terms.split() == N.terms(text)


def test_snippet_highlights_irregular_forms_of_a_query_word():
    # "gick" and "böcker" do not begin like "gå" and "bok": the lemma table links them
    from textmine.index.normalise import default_normaliser
    from textmine.index.snippets import make_snippet

    n = default_normaliser()
    text = "Hon gick till biblioteket och lånade böcker om kompetensförsörjning."
    assert make_snippet(text, {n.term("gå"), n.term("bok"), "försörjning"}, (), n) == (
        "Hon [gick] till biblioteket och lånade [böcker] om [kompetensförsörjning].")
    assert make_snippet(text, set(), ("bibl",), n) == (
        "Hon gick till [biblioteket] och lånade böcker om kompetensförsörjning.")
