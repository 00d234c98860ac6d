"""Loading the pipeline, the spaCy components and the label mapping."""

from __future__ import annotations

import spacy
import pytest
from spacy.tokens import Span

import textmine
from textmine.errors import ModelError
from textmine.nlp.pipeline import LABEL_MAP, find_default_model, load_pipeline, map_labels


def test_components_work_in_any_pipeline() -> None:
    import textmine.nlp.roles  # noqa: F401  registers the factories (entry points do too)

    nlp = spacy.blank("sv")
    nlp.add_pipe("textmine_roles")
    assert {"textmine_persons", "textmine_orgs", "textmine_titles"} <= set(nlp.pipe_names)
    doc = nlp("Ny ekonomichef i Järfälla kommun blir Sofia Lind.")
    assert [(r.person, r.title, r.org) for r in doc._.roles] == [
        ("Sofia Lind", "ekonomichef", "Järfälla kommun")]
    meta = nlp.get_pipe_meta("textmine_roles")
    assert "doc._.roles" in meta.assigns


def test_batch_through_pipe() -> None:
    nlp = load_pipeline("blank")
    texts = ["Rektor Eva Ek talade.", "Ingen roll här.", "Docent Ali Berg forskar."]
    docs = list(nlp.pipe(texts))
    assert [len(d._.roles) for d in docs] == [1, 0, 1]


def test_foreign_labels_are_mapped_in_one_place() -> None:
    nlp = spacy.blank("sv")
    doc = nlp("Anna Berg besökte Stockholm i maj")
    doc.ents = [Span(doc, 0, 2, "PRS"), Span(doc, 3, 4, "LOC"), Span(doc, 5, 6, "TME")]
    doc = map_labels(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Anna Berg", "PER"), ("Stockholm", "LOC")]
    assert LABEL_MAP["PRS"] == "PER" and LABEL_MAP["EVN"] == "MISC"


def test_unknown_model_is_a_model_error() -> None:
    with pytest.raises(ModelError):
        load_pipeline("/no/such/model")


def test_entities_include_lexicon_persons_and_orgs() -> None:
    ents = textmine.extract_entities("Rektor Eva Öst besökte Botkyrka kommun.", model="blank")
    assert [(e.text, e.label) for e in ents] == [("Eva Öst", "PER"), ("Botkyrka kommun", "ORG")]


@pytest.mark.slow
def test_default_model_is_picked_up_when_shipped() -> None:
    path = find_default_model()
    if path is None:
        pytest.skip("models/sv_textmine_ner is not there yet")
    nlp = load_pipeline()
    assert "ner" in nlp.pipe_names
    roles = [(r.person, r.title) for r in nlp("Anna Berg, docent vid Malmö universitet.")._.roles]
    assert roles == [("Anna Berg", "docent")]
