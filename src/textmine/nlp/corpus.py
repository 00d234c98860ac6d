"""Read the Swedish NER corpus and turn it into spaCy training data.

The corpus (``swedish-ner-corpus``: web news 2012 from Språkbanken, CC BY 4.0) is a
CoNLL-like text file: one ``token<separator>label`` per line and a blank line between
sentences. Labels are ``0`` (outside), ``PER``, ``ORG``, ``LOC`` and ``MISC`` with no
B-/I- prefixes. :func:`read_ner_corpus` repairs the file's quirks so that the rest of
textmine sees clean ``(token, label)`` pairs:

* **Mixed separators.** Lines are separated by a tab in some parts of the file and by one
  or more spaces (often padding) in others. Any run of whitespace separates token and label.
* **Missing label.** One token in the training split has no label at all. It is read as
  outside (``"O"``) and a debug message is logged.
* **Soft hyphens.** Some tokens hold U+00AD SOFT HYPHEN (``miljö\\u00adöverdomstolen``),
  a leftover of web hyphenation. They are removed; a token that becomes empty is dropped.
* **Outside label.** The digit ``0`` used for "outside" is normalised to the letter ``"O"``.
* **No B-/I- prefixes.** Adjacent tokens with the same label form one entity
  (:func:`iter_entity_spans`). Two different adjacent names of the same type therefore
  merge; that is how the corpus is annotated and how it is scored.

:func:`sentence_to_doc` rebuilds natural spacing (no space before ``,`` ``.`` ``)`` ...,
none after ``(``, quotes attached to the words they enclose) so that a model trained on
the Docs sees text the way the tokenizer sees real text.

Example:
    >>> import spacy
    >>> nlp = spacy.blank("sv")
    >>> doc = sentence_to_doc(nlp.vocab, [("Anna", "PER"), ("Berg", "PER"), (",", "O"),
    ...                                    ("Malmö", "ORG"), ("universitet", "ORG"), (".", "O")])
    >>> doc.text, [(e.text, e.label_) for e in doc.ents]
    ('Anna Berg, Malmö universitet.', [('Anna Berg', 'PER'), ('Malmö universitet', 'ORG')])
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

__all__ = [
    "NER_LABELS",
    "OUTSIDE",
    "Sentence",
    "iter_entity_spans",
    "read_ner_corpus",
    "read_ner_docs",
    "build_docbin",
    "reconstruct_spaces",
    "sentence_to_doc",
]

logger = logging.getLogger(__name__)

#: The entity labels of the corpus, in a fixed order.
NER_LABELS: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")
#: The label for tokens outside any entity (the corpus writes it as the digit ``0``).
OUTSIDE = "O"

#: One sentence: a list of ``(token, label)`` pairs, label in :data:`NER_LABELS` or ``"O"``.
Sentence = list[tuple[str, str]]

SOFT_HYPHEN = "\u00ad"
_OUTSIDE_SPELLINGS = frozenset({"0", "O", "o", "-", "_"})

# Tokens that attach to the preceding token (no space before them).
_NO_SPACE_BEFORE = frozenset(
    {",", ".", ":", ";", "!", "?", ")", "]", "}", "...", "…", "»", "’", "'s", "”."}
)
# Tokens that attach to the following token (no space after them).
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "«", "$"})
# Symmetric quotes: the first of a pair opens (attaches right), the second closes.
_TOGGLE_QUOTES = frozenset({'"', "”", "“", "'"})


def _normalise_label(raw: str, *, path: str, line_no: int) -> str:
    if raw in _OUTSIDE_SPELLINGS:
        return OUTSIDE
    label = raw.upper()
    if label.startswith(("B-", "I-")):
        label = label[2:]
    if label not in NER_LABELS:
        raise ValueError(
            f"{path}:{line_no}: unknown NER label {raw!r}; expected one of "
            f"{', '.join(NER_LABELS)} or 0"
        )
    return label


def read_ner_corpus(path: str | PathLike[str]) -> Iterator[Sentence]:
    """Yield the sentences of a Swedish NER corpus file as ``(token, label)`` lists.

    Handles the quirks listed in the module docstring: mixed tab/space separators,
    padding spaces, one token with no label (read as ``"O"``), soft hyphens (removed),
    the outside label ``0`` (returned as ``"O"``), CRLF line ends and a missing blank
    line at the end of the file. A line with more than two fields is read as token +
    last field (the label) if the last field is a known label, else it raises
    :class:`ValueError` naming the file and line.

    Args:
        path: a file such as ``train_corpus.txt``.

    Yields:
        One list of ``(token, label)`` per sentence; labels are ``"O"`` or one of
        :data:`NER_LABELS`.

    Example:
        >>> sentences = list(read_ner_corpus("train_corpus.txt"))  # doctest: +SKIP
        >>> sentences[1][:2]  # doctest: +SKIP
        [('Gunhild', 'PER'), ('Westman', 'PER')]
    """
    path_str = str(path)
    sentence: Sentence = []
    with open(path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            fields = line.split()
            if not fields:
                if sentence:
                    yield sentence
                    sentence = []
                continue
            if len(fields) == 1:
                logger.debug("%s:%d: token %r has no label; read as outside", path_str,
                             line_no, fields[0])
                token, label = fields[0], OUTSIDE
            else:
                token = fields[0] if len(fields) == 2 else "".join(fields[:-1])
                label = _normalise_label(fields[-1], path=path_str, line_no=line_no)
            token = token.replace(SOFT_HYPHEN, "")
            if not token:
                logger.debug("%s:%d: token was only soft hyphens; dropped", path_str, line_no)
                continue
            sentence.append((token, label))
    if sentence:
        yield sentence


def iter_entity_spans(labels: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, label)`` token spans, merging adjacent tokens of one type.

    The corpus has no B-/I- prefixes, so a run of tokens with the same label is one
    entity and ``end`` is exclusive.

    Example:
        >>> list(iter_entity_spans(["PER", "PER", "O", "ORG", "ORG", "LOC"]))
        [(0, 2, 'PER'), (3, 5, 'ORG'), (5, 6, 'LOC')]
    """
    start = 0
    current = OUTSIDE
    for i, label in enumerate(labels):
        if label != current:
            if current != OUTSIDE:
                yield (start, i, current)
            start, current = i, label
    if current != OUTSIDE:
        yield (start, len(labels), current)


def reconstruct_spaces(words: Sequence[str]) -> list[bool]:
    """Guess whether each token is followed by a space in natural running text.

    No space before closing punctuation (``, . : ; ! ? ) ] } ...``; ``%`` keeps the
    Swedish space, ``5 %``), none after
    opening brackets, and symmetric quotes (``"``, ``”``) alternately open (attach to
    the next word) and close (attach to the previous word). The last token has no
    trailing space.

    Example:
        >>> words = ["Han", "sa", ":", "”", "Ja", "”", "(", "igen", ")", "."]
        >>> "".join(w + (" " if s else "") for w, s in zip(words, reconstruct_spaces(words)))
        'Han sa: ”Ja” (igen).'
    """
    n = len(words)
    spaces = [True] * n
    quote_open = False
    for i, word in enumerate(words):
        if word in _TOGGLE_QUOTES:
            if quote_open:  # closing quote attaches to the previous word
                if i > 0:
                    spaces[i - 1] = False
            else:  # opening quote attaches to the next word
                spaces[i] = False
            quote_open = not quote_open
            continue
        if word in _NO_SPACE_BEFORE and i > 0:
            spaces[i - 1] = False
        if word in _NO_SPACE_AFTER:
            spaces[i] = False
    if n:
        spaces[-1] = False
    return spaces


def sentence_to_doc(vocab: Vocab, sentence: Sentence) -> Doc:
    """Build a spaCy :class:`~spacy.tokens.Doc` with entities from one sentence.

    Spacing is rebuilt with :func:`reconstruct_spaces`; entities come from
    :func:`iter_entity_spans`. Tokens outside entities are marked as outside (``O``),
    not as missing, so the NER learns from them.

    Example:
        >>> import spacy
        >>> doc = sentence_to_doc(spacy.blank("sv").vocab, [("Region", "ORG"),
        ...                       ("Skåne", "ORG"), ("växer", "O"), (".", "O")])
        >>> doc.text, doc.ents[0].label_
        ('Region Skåne växer.', 'ORG')
    """
    from spacy.tokens import Doc

    words = [token for token, _ in sentence]
    labels = [label for _, label in sentence]
    ents = ["O"] * len(words)
    for start, end, label in iter_entity_spans(labels):
        ents[start] = f"B-{label}"
        for i in range(start + 1, end):
            ents[i] = f"I-{label}"
    return Doc(vocab, words=words, spaces=reconstruct_spaces(words), ents=ents)


def read_ner_docs(path: str | PathLike[str], vocab: Vocab) -> Iterator[Doc]:
    """Yield one :class:`~spacy.tokens.Doc` per sentence of a corpus file.

    Example:
        >>> import spacy
        >>> docs = read_ner_docs("test_corpus.txt", spacy.blank("sv").vocab)  # doctest: +SKIP
    """
    for sentence in read_ner_corpus(path):
        yield sentence_to_doc(vocab, sentence)


def build_docbin(docs: Iterable[Doc], path: str | PathLike[str] | None = None) -> DocBin:
    """Collect Docs into a :class:`~spacy.tokens.DocBin`; write it to ``path`` if given.

    Example:
        >>> import spacy
        >>> nlp = spacy.blank("sv")
        >>> build_docbin([nlp("Hej")]).__len__()
        1
    """
    from spacy.tokens import DocBin

    docbin = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for doc in docs:
        docbin.add(doc)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        docbin.to_disk(path)
    return docbin
