"""Titles, organisations and names from the shipped lexicons."""

from __future__ import annotations

import pytest
import spacy

from textmine.nlp import lexicons
from textmine.nlp.titles import find_titles
from textmine.nlp.orgs import OrgFinder


@pytest.mark.parametrize("word, lemma", [
    ("rektorn", "rektor"), ("professorerna", "professor"), ("docent", "docent"),
    ("kommunalrådet", "kommunalråd"), ("samverkansstrateg", "samverkansstrateg"),
    ("etableringsdirektören", "etableringsdirektör"), ("prorektor", "prorektor"),
])
def test_inflected_titles(word: str, lemma: str) -> None:
    from textmine.nlp.titles import title_lemma
    assert title_lemma(word) == lemma


@pytest.mark.parametrize("text, title", [
    ("biträdande förvaltningschefen", "biträdande förvaltningschef"),
    ("professor i företagsekonomi", "professor i företagsekonomi"),
    ("nya kommunstyrelsens ordförande", "kommunstyrelsens ordförande"),
    ("hälso- och sjukvårdsdirektör", "hälso- och sjukvårdsdirektör"),
    ("tf kostchef", "tf kostchef"),
])
def test_title_spans_keep_qualifiers(text: str, title: str) -> None:
    doc = spacy.blank("sv")(text)
    assert [s.kb_id_ for s in find_titles(doc)] == [title]


@pytest.mark.parametrize("text, name", [
    ("Botkyrkas", "Botkyrka kommun"),
    ("Södertörns högskolas", "Södertörns högskola"),
    ("Region Jönköpings län", "Region Jönköpings län"),
    ("Högskolan i Borås", "Högskolan i Borås"),
    ("Mittuniversitetet", "Mittuniversitetet"),
    ("samhällsbyggnadsförvaltningen", "samhällsbyggnadsförvaltningen"),
    ("institutionen för kulturgeografi", "institutionen för kulturgeografi"),
])
def test_orgs_normalised(text: str, name: str) -> None:
    nlp = spacy.blank("sv")
    finder = OrgFinder(nlp)
    doc = finder(nlp(text))
    assert [s.kb_id_ for s in doc.spans["orgs"]] == [name]


def test_lexicon_sizes_and_headers() -> None:
    assert len([o for o in lexicons.orgs().values() if o.kind == "kommun"
                and o.name.endswith(" kommun")]) == 290
    regions = {o.name for o in lexicons.orgs().values() if o.kind == "region"}
    assert {"Region Skåne", "Västra Götalandsregionen", "Region Jämtland Härjedalen",
            "Region Jönköpings län", "Region Norrbotten"} <= regions
    assert {"Anna", "Åsa", "Örjan"} <= lexicons.first_names()
    assert "universitetslektor" in lexicons.titles()
    from importlib import resources
    header = resources.files("textmine").joinpath("data", "lexicons", "titles.txt").read_text(
        encoding="utf-8").splitlines()[:4]
    assert any("source:" in line for line in header)
