"""Tests for the NER corpus reader, augmentation and training (textmine.nlp.corpus/training).

All sentences here are written for these tests. Tests that need ../shared skip when it
is absent; the test that loads the shipped model is marked slow.
"""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from textmine.nlp.corpus import (  # noqa: E402
    iter_entity_spans,
    read_ner_corpus,
    read_ner_docs,
    reconstruct_spaces,
    sentence_to_doc,
)
from textmine.nlp.training import (  # noqa: E402
    DEFAULT_CONFIG,
    AugmentationLexicons,
    augment_sentences,
    build_synthetic_sentences,
    split_train_dev,
    train_ner,
)

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
NER_CORPUS = SHARED / "data" / "ner" / "swedish-ner-corpus"
MODEL_DIR = ROOT / "models" / "sv_textmine_ner"

needs_shared = pytest.mark.skipif(
    not NER_CORPUS.is_dir(),
    reason=f"needs the shared NER corpus at {NER_CORPUS} (../shared is absent)")


def write(tmp_path: Path, text: str, name: str = "corpus.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- reader quirks -----------------------------------------------------------------------

def test_mixed_separators_and_padding(tmp_path: Path) -> None:
    path = write(tmp_path, "Karin\tPER\nLund   PER\nbor 0\ni\t0\nVäxjö    LOC\n.\t0\n")
    assert list(read_ner_corpus(path)) == [
        [("Karin", "PER"), ("Lund", "PER"), ("bor", "O"), ("i", "O"), ("Växjö", "LOC"),
         (".", "O")]]


def test_token_without_label_is_outside(tmp_path: Path) -> None:
    path = write(tmp_path, "Det\t0\nregnar\n.\t0\n")
    assert list(read_ner_corpus(path)) == [[("Det", "O"), ("regnar", "O"), (".", "O")]]


def test_soft_hyphens_are_removed(tmp_path: Path) -> None:
    path = write(tmp_path, "miljö\u00adöverdomstolen\tORG\n\u00ad\t0\n\u00adbeslut\t0\n")
    assert list(read_ner_corpus(path)) == [[("miljööverdomstolen", "ORG"), ("beslut", "O")]]


def test_sentences_split_on_blank_lines_and_crlf(tmp_path: Path) -> None:
    path = write(tmp_path, "Hej\t0\r\n\r\n\r\nHopp\t0\r\n  \nSlut\t0")
    assert [len(s) for s in read_ner_corpus(path)] == [1, 1, 1]


def test_unknown_label_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "Hej\t0\nPelle\tPERSON\n")
    with pytest.raises(ValueError, match="corpus.txt:2"):
        list(read_ner_corpus(path))


@pytest.mark.parametrize(
    ("labels", "spans"),
    [
        (["PER", "PER", "O", "ORG", "ORG", "ORG"], [(0, 2, "PER"), (3, 6, "ORG")]),
        (["ORG", "LOC", "LOC"], [(0, 1, "ORG"), (1, 3, "LOC")]),
        (["O", "O"], []),
        (["MISC"], [(0, 1, "MISC")]),
    ],
)
def test_adjacent_same_type_tokens_merge(labels: list[str], spans: list[tuple]) -> None:
    assert list(iter_entity_spans(labels)) == spans


@pytest.mark.parametrize(
    ("words", "text"),
    [
        (["Hej", ",", "sa", "hon", "."], "Hej, sa hon."),
        (["Vad", "?", "Nej", "!"], "Vad? Nej!"),
        (["Han", "(", "S", ")", "svarar", ":", "ja", ";", "nej"], "Han (S) svarar: ja; nej"),
        (["–", "Ja", ",", "säger", "hon", "."], "– Ja, säger hon."),
        (["Boken", "”", "Molnen", "”", "kom", "ut"], "Boken ”Molnen” kom ut"),
        (["Han", "sa", '"', "nej", '"', "."], 'Han sa "nej".'),
        (["Ökningen", "är", "5", "%", "..."], "Ökningen är 5 %..."),
    ],
)
def test_spacing_reconstruction(words: list[str], text: str) -> None:
    spaces = reconstruct_spaces(words)
    assert "".join(w + (" " if s else "") for w, s in zip(words, spaces)) == text


def test_sentence_to_doc_has_text_and_entities() -> None:
    sentence = [("Lars", "PER"), ("Ek", "PER"), (",", "O"), ("rektor", "O"), ("vid", "O"),
                ("Mittuniversitetet", "ORG"), (",", "O"), ("bor", "O"), ("i", "O"),
                ("Sundsvall", "LOC"), (".", "O")]
    doc = sentence_to_doc(spacy.blank("sv").vocab, sentence)
    assert doc.text == "Lars Ek, rektor vid Mittuniversitetet, bor i Sundsvall."
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Lars Ek", "PER"), ("Mittuniversitetet", "ORG"), ("Sundsvall", "LOC")]
    # every token is annotated: outside tokens are "O", not missing
    assert all(t.ent_iob_ in ("B", "I", "O") for t in doc)


# --- augmentation -------------------------------------------------------------------------

def tiny_lexicons() -> AugmentationLexicons:
    return AugmentationLexicons(
        first_names=("Maja", "Omar"), first_name_weights=(1.0, 1.0),
        surnames=("Lindqvist", "Berg"), surname_weights=(1.0, 1.0),
        universities=("Malmö universitet",), municipalities=("Botkyrka kommun",),
        municipality_places=("Botkyrka",), regions=("Region Gotland",),
        counties=("Gotlands län",), agencies=("Skolverket",), agency_acronyms=("CSN",),
    )


def test_augment_replaces_names_and_keeps_labels_aligned() -> None:
    sentences = [
        [("Pelle", "PER"), ("Svanslös", "PER"), ("besökte", "O"), ("Uppsala", "LOC"),
         (".", "O")],
        [("Inga", "O"), ("namn", "O"), ("här", "O")],
        [("polisen", "ORG"), ("kom", "O")],  # lower-case mentions stay
    ]
    out = augment_sentences(sentences, tiny_lexicons(), copies=3, replace_prob=1.0, seed=1)
    assert len(out) == 3  # only the sentence with a capitalised PER/LOC gets copies
    for sentence in out:
        assert sentence[-1] == (".", "O") and ("besökte", "O") in sentence
        names = {tok for tok, lab in sentence if lab == "PER"}
        assert names <= {"Maja", "Omar", "Lindqvist", "Berg"}
        i = [tok for tok, _ in sentence].index("besökte")
        assert [lab for _, lab in sentence[i + 1:-1]] and all(
            lab == "LOC" for _, lab in sentence[i + 1:-1])


def test_augment_keeps_genitive() -> None:
    sentences = [[("Sveriges", "LOC"), ("regering", "O")], [("Sverige", "LOC"), ("vann", "O")]]
    out = augment_sentences(sentences, tiny_lexicons(), copies=5, replace_prob=1.0, seed=0)
    genitives = [s for s in out if s[-1] == ("regering", "O")]
    assert genitives and all(s[-2][0].endswith("s") for s in genitives)


def test_synthetic_sentences_are_labelled() -> None:
    out = build_synthetic_sentences(tiny_lexicons(), 50, seed=2)
    assert len(out) == 50
    labels = {lab for sentence in out for _, lab in sentence}
    assert {"PER", "ORG", "LOC", "O"} <= labels
    assert all(tok.strip() for sentence in out for tok, _ in sentence)


def test_split_train_dev_is_reproducible() -> None:
    sentences = [[(str(i), "O")] for i in range(50)]
    assert split_train_dev(sentences, seed=3) == split_train_dev(sentences, seed=3)
    train, dev = split_train_dev(sentences, dev_fraction=0.1)
    assert len(dev) == 5 and len(train) == 45


# --- training -----------------------------------------------------------------------------

TINY_TRAIN = """\
Maja\tPER
Lindqvist\tPER
arbetar\t0
vid\t0
Malmö\tORG
universitet\tORG
.\t0

Omar\tPER
Berg\tPER
bor\t0
i\t0
Botkyrka\tLOC
.\t0

Skolverket\tORG
granskar\t0
skolor\t0
i\t0
Visby\tLOC
.\t0
"""


def test_train_tiny_model_saves_and_loads(tmp_path: Path) -> None:
    train = write(tmp_path, TINY_TRAIN, "train.txt")
    dev = write(tmp_path, TINY_TRAIN, "dev.txt")
    out = train_ner(train, dev, tmp_path / "model", augment=False, seed=1,
                    overrides={"training.max_steps": 6, "training.eval_frequency": 3,
                               "components.tok2vec.model.embed.rows": [200, 50, 50, 50],
                               "training.batcher.size.start": 20})
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"PER", "ORG", "LOC"}
    assert nlp.meta["name"] == "sv_textmine_ner"
    assert "train.txt" not in (out / "config.cfg").read_text(encoding="utf-8")
    doc = nlp("Maja Lindqvist arbetar vid Malmö universitet.")
    assert len(doc) == 7


def test_default_config_is_committed() -> None:
    from spacy.util import load_config

    config = load_config(DEFAULT_CONFIG)
    assert config["nlp"]["lang"] == "sv"
    assert config["nlp"]["pipeline"] == ["tok2vec", "ner"]


@needs_shared
def test_reads_the_real_corpus() -> None:
    sentences = list(read_ner_corpus(NER_CORPUS / "train_corpus.txt"))
    assert len(sentences) == 6885
    assert not any("\u00ad" in tok for s in sentences for tok, _ in s)
    labels = {lab for s in sentences for _, lab in s}
    assert labels == {"O", "PER", "ORG", "LOC", "MISC"}
    doc = next(read_ner_docs(NER_CORPUS / "test_corpus.txt", spacy.blank("sv").vocab))
    assert doc.text and not doc.text.endswith(" ")


# --- the shipped model --------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(not (MODEL_DIR / "meta.json").exists(), reason="models/sv_textmine_ner absent")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kerstin Holmgren, docent i sociologi vid Umeå universitet, leder projektet.",
         {("Kerstin Holmgren", "PER"), ("Umeå universitet", "ORG")}),
        ("– Vi är glada för beskedet, säger Johan Strandberg, kommundirektör i Ale kommun.",
         {("Johan Strandberg", "PER"), ("Ale kommun", "ORG")}),
        ("Beslutet togs av Region Jämtland Härjedalen och Skatteverket på tisdagen.",
         {("Skatteverket", "ORG")}),
    ],
)
def test_shipped_model_finds_people_and_organisations(text: str, expected: set) -> None:
    nlp = spacy.load(MODEL_DIR)
    assert nlp.meta["name"] == "sv_textmine_ner"
    found = {(e.text, e.label_) for e in nlp(text).ents}
    assert expected <= found, found
