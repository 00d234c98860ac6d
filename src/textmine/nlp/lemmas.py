"""Swedish lemmas from the lookup table of spacy-lookups-data, with compound fallback.

The table maps inflected forms to lemmas ("högskolans" -> "högskola") and is
case-sensitive, so a capitalised word is retried lower-cased. Forms the table lacks
are often compounds ("kompetensförsörjningen"): their longest known tail is
lemmatised and the head kept ("kompetens" + "försörjning").

>>> lemmatize("Högskolans")
'högskola'
>>> lemmatize("kompetensförsörjningen")
'kompetensförsörjning'
>>> lemmatize("sparar"), lemmatize("betyg")
('spara', 'betyg')
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

__all__ = ["lemmatize", "lemma_table", "known_lemmas", "split_compound", "table_lemma"]

_MIN_TAIL = 4
_MIN_HEAD = 3


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """The Swedish form -> lemma table (about 660,000 forms), loaded once."""
    path = resources.files("spacy_lookups_data").joinpath("data", "sv_lemma_lookup.json.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def known_lemmas() -> frozenset[str]:
    """Every lemma of the table: the vocabulary compounds are split against."""
    return frozenset(lemma_table().values())


def table_lemma(word: str) -> str | None:
    """The lemma the table gives ``word`` (retried lower-cased), corrected where the table
    prefers a homograph of another word class ("bok" -> "bok", not "boka"), or the word
    itself when it is a lemma of the table; None when the table does not know it."""
    table = lemma_table()
    found = table.get(word)
    if found is None and word != word.lower():
        found = table.get(word.lower())
    if found is not None:
        return _prefer(word.lower(), found.lower())
    if word in known_lemmas() or word.lower() in known_lemmas():
        found = word.lower()
    return found


def _prefer(lower: str, lemma: str) -> str:
    """Correct the table where it gives a word the lemma of a homograph of another class.

    The table maps some verb forms to agent nouns ("sparar" -> "sparare"), some
    infinitives to nouns ("visa" -> "visum", "leda" -> "led"), some nouns to
    verbs ("betyg" -> "betyga") and some agent nouns to adjectives ("ledare" ->
    "led"). The evidence used: a verb is an infinitive in "-a" whose own past tense
    the table leads back to it ("visade" -> "visa"); inflection rarely makes a
    word shorter than its lemma; a word in "-are" that is a lemma is an agent noun.
    """
    if lemma == lower:
        return lemma
    lemmas = known_lemmas()
    if lower.endswith("are") and lower in lemmas:
        return lower                                  # ledare, grundare
    if lower.endswith("ar") and lemma == lower + "e" and _is_verb(lower[:-1]):
        return lower[:-1]                             # sparar -> spara, not sparare
    if _is_verb(lower):
        return lower                                  # visa, leda
    if len(lemma) <= len(lower):
        return lemma
    if lower in lemmas:
        return lower                                  # betyg, dans
    if lower.endswith("ar") and lemma == lower + "e":
        for stem in (lower[:-2], lower[:-1]):        # vägar -> väg; handledar -> handleda
            if stem in lemmas:
                return stem
    return lemma


def _is_verb(infinitive: str) -> bool:
    """Whether the table knows a past tense of this infinitive in "-a" ("visade" -> "visa")."""
    if len(infinitive) < 3 or not infinitive.endswith("a"):
        return False
    table, stem = lemma_table(), infinitive[:-1]
    return any(table.get(stem + end) == infinitive for end in ("ade", "de", "te"))


@lru_cache(maxsize=200_000)
def lemmatize(word: str) -> str:
    """The lemma of one Swedish word, lower-cased; the word itself when unknown."""
    found = table_lemma(word)
    if found is not None:
        return found.lower()
    lower = word.lower()
    split = split_compound(lower)
    if split:
        head, tail = split
        return head + (table_lemma(tail) or tail).lower()
    return lower


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, str] | None:
    """Split a compound at its longest known tail: ("kompetens", "försörjningen").

    Returns ``None`` for a word that is itself known or has no known tail of at
    least four letters after a head of at least three. A linking ``s``
    ("kompetens-försörjning") stays with the head.
    """
    lower = word.lower()
    if not lower.isalpha() or len(lower) < _MIN_HEAD + _MIN_TAIL:
        return None
    table, lemmas = lemma_table(), known_lemmas()
    if lower in table or lower in lemmas:
        return None
    for i in range(_MIN_HEAD, len(lower) - _MIN_TAIL + 1):
        tail = lower[i:]
        if tail in table or tail in lemmas:
            return lower[:i], tail
    return None
