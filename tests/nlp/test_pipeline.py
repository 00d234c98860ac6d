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


def test_org_lexicon_is_compiled_once_per_process() -> None:
    first = load_pipeline("blank").get_pipe("textmine_orgs").matcher
    second = load_pipeline("blank").get_pipe("textmine_orgs").matcher
    assert first is second


def test_docs_stay_serialisable_and_spans_are_consistent() -> None:
    from spacy.tokens import Doc

    nlp = load_pipeline("blank")
    doc = nlp("Åsa Öberg, rektor vid Umeå universitet.\n\nÖberg talade.")
    # the rules keep their token view outside the doc: only the extensions are stored
    assert {k[1] for k in doc.user_data} == {"roles", "quotes"}
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes(exclude=["user_data"]))
    assert copy.text == doc.text and len(copy.spans["persons"]) == 2
    assert [(s.text, s.kb_id_) for s in doc.spans["persons"]] == [
        ("Åsa Öberg", "Åsa Öberg"), ("Öberg", "Åsa Öberg")]
    assert [(r.person, r.title, r.org) for r in doc._.roles] == [
        ("Åsa Öberg", "rektor", "Umeå universitet")]


def _with_ents(text: str, ents: list[tuple[int, int, str]], **flags: bool):
    """Run the textmine components over a doc whose NER entities are given."""
    nlp = load_pipeline("blank")
    for name, value in flags.items():
        setattr(nlp.get_pipe(name), "use_ner", value)
    doc = nlp.make_doc(text)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def test_ner_names_are_cleaned_before_they_join_the_lexicon_names() -> None:
    # a title inside the PER entity is cut off; an organisation tagged PER is refused
    doc = _with_ents("Regiondirektör Nkechi Wenqing talade med vd:n för Umeå Energi.",
                     [(0, 3, "PER"), (8, 10, "PER")])
    assert [s.text for s in doc.spans["persons"]] == ["Nkechi Wenqing"]
    assert [(r.person, r.title) for r in doc._.roles] == [("Nkechi Wenqing", "regiondirektör")]
    off = _with_ents("Regiondirektör Nkechi Wenqing talade.", [(0, 3, "PER")],
                     textmine_persons=False)
    assert off._.roles == []


def test_ner_orgs_fill_gaps_but_lexicon_orgs_win() -> None:
    doc = _with_ents("Ali Berg, vd för Norrsken Kraftverk, besökte Lunds universitet.",
                     [(5, 7, "ORG"), (9, 11, "ORG")])
    assert [(s.text, s.kb_id_) for s in doc.spans["orgs"]] == [
        ("Norrsken Kraftverk", "Norrsken Kraftverk"), ("Lunds universitet", "Lunds universitet")]


def test_a_ner_org_loses_a_final_s_only_where_it_owns_a_noun() -> None:
    doc = _with_ents("Hon var controller på Norrsken Cars. Norrsken Kraftverks vd talade.",
                     [(4, 6, "ORG"), (7, 9, "ORG")])
    assert [(s.kb_id_, s.id_) for s in doc.spans["orgs"]] == [
        ("Norrsken Cars", ""), ("Norrsken Kraftverk", "gen")]


def test_numpy_blas_gives_the_same_results_as_thincs_blis() -> None:
    import numpy
    from thinc.api import NumpyOps

    from textmine.nlp.pipeline import use_numpy_blas

    nlp = spacy.blank("sv")
    nlp.add_pipe("tok2vec")
    ner = nlp.add_pipe("ner")
    for label in ("PER", "ORG", "LOC"):
        ner.add_label(label)
    nlp.initialize()
    text = "Anna Berg, docent vid Malmö universitet, bor i Botkyrka."
    before = nlp.get_pipe("tok2vec").predict([nlp.make_doc(text)])[0]
    assert nlp.get_pipe("tok2vec").model.ops.use_blis
    use_numpy_blas(nlp)
    ops = {type(node.ops) for node in nlp.get_pipe("tok2vec").model.walk()}
    assert ops == {NumpyOps}
    assert not any(node.ops.use_blis for node in nlp.get_pipe("ner").model.walk())
    after = nlp.get_pipe("tok2vec").predict([nlp.make_doc(text)])[0]
    numpy.testing.assert_allclose(before, after, rtol=1e-4, atol=1e-5)
    assert nlp(text).text == text  # the parser still runs


@pytest.mark.parametrize("text, name", [
    ("Under Lars Lindqvists ledning växte bolaget.", "Lars Lindqvist"),
    ("Enligt Eva Bergströms rapport ökar kostnaderna.", "Eva Bergström"),
    ("Hon mötte Per Claes i går.", "Per Claes"),  # a given name ending in -s
    ("Det var Kaja Kallas idé.", "Kaja Kallas"),  # a vowel + s may be the name itself
])
def test_a_name_written_only_in_the_genitive_gets_its_base_form(text, name) -> None:
    doc = load_pipeline("blank")(text)
    assert [s.kb_id_ for s in doc.spans["persons"]] == [name]


def test_a_company_is_not_a_person_whatever_its_first_word() -> None:
    # a PER entity opening with a genitive; an ORG entity after a preposition that the
    # given-name lexicon would read as a name
    doc = _with_ents("Det säger Henrik Väisänen, vd för Nordkustens Energi.",
                     [(2, 4, "PER"), (7, 9, "PER")])
    assert [s.kb_id_ for s in doc.spans["persons"]] == ["Henrik Väisänen"]
    assert [(r.person, r.org) for r in doc._.roles] == [("Henrik Väisänen", "Nordkustens Energi")]
    doc = _with_ents("Han kommer från Alfa Laval.", [(3, 5, "ORG")])
    assert list(doc.spans["persons"]) == []
    doc = _with_ents("Ett brev från Anna Berg kom.", [(3, 5, "PER")])
    assert [s.kb_id_ for s in doc.spans["persons"]] == ["Anna Berg"]


def test_a_ner_org_that_is_a_common_noun_names_no_organisation() -> None:
    doc = _with_ents("Regionens personaldirektör Tomas Berglund talade.", [(0, 1, "ORG")])
    assert list(doc.spans["orgs"]) == []
    doc = _with_ents("Centerpartiets gruppledare Daniel Ekström talade.", [(0, 1, "ORG")])
    assert [(s.kb_id_, s.id_) for s in doc.spans["orgs"]] == [("Centerpartiet", "gen")]
