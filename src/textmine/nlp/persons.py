"""Persons: full names from the NER model and the given-name lexicon, and later mentions.

A full name is a PER entity of the NER model, or a known given name (SCB 2020) followed
by one to three surname-like words ("Anna Erlandsson Karlsson", "Elisabeth O Karlsson",
"Torbjörn von Schantz"). Later mentions by given name or surname ("Ola", "Westins")
are linked to the full name they abbreviate.

The component ``textmine_persons`` puts all mentions in ``doc.spans["persons"]``; each
span's ``kb_id_`` is the full name it refers to (empty when a one-word mention matches
no full name).

>>> import spacy
>>> nlp = spacy.blank("sv"); _ = nlp.add_pipe("textmine_persons")
>>> doc = nlp("Ola Westin är ny chef. Ola börjar i mars.")
>>> [(s.text, s.kb_id_) for s in doc.spans["persons"]]
[('Ola Westin', 'Ola Westin'), ('Ola', 'Ola Westin')]
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lemmas import lemma_table
from .lexicons import LEGAL_FORMS, PARTIES, first_names, orgs
from .titles import is_title_word
from .tokens import view

__all__ = ["PersonFinder", "find_persons", "is_given_name"]

_NOT_BEFORE_NAME = {"vid", "på", "inom", "hos", "i"}
_ORG_PREPS = _NOT_BEFORE_NAME | {"från", "för"}
_COMPANY = {"AB", "HB", "KB", "&", "Group"}
_PARTICLES = {"von", "van", "af", "de", "der", "den", "la", "di", "da", "el", "al", "bin"}
_NOT_SURNAME = {"Region", "Kommun", "Universitet", "Högskolan", "Foto", "Bild", "Text",
                "Telefon", "Tel", "Mobil", "E-post", "Epost", "Fr", "Från", "Och", "Till",
                # countries: "Hela Sverige ska leva" is no "Hela" + surname
                "Sverige", "Sveriges", "Norge", "Danmark", "Finland", "Island", "Europa",
                "Tyskland", "Frankrike", "England", "Storbritannien", "Spanien", "Italien",
                "Polen", "Ryssland", "Ukraina", "Kina", "Indien", "Japan", "Amerika", "USA",
                "Estland", "Lettland", "Litauen", "Nederländerna", "Belgien", "Österrike",
                "Schweiz", "Grekland", "Turkiet", "Irak", "Iran", "Syrien", "Somalia",
                "Afghanistan", "Kanada", "Brasilien", "Australien", "Afrika", "Asien"}


def _surname_like(tok) -> bool:
    t = tok.text
    if not t[:1].isupper() or t in _NOT_SURNAME or t.isupper() and len(t) > 1:
        return False
    if not (tok.is_alpha or ("-" in t and t.replace("-", "").isalpha())):
        return False
    return not is_title_word(t)


def _plain(word: str) -> str:
    """A foreign given name without its accents ("Lucía" -> "Lucia", "José" -> "Jose"); å, ä
    and ö stay, they are letters of their own in Swedish."""
    out = []
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch) and ch not in "\u030a\u0308":
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


@lru_cache(maxsize=100_000)
def is_given_name(word: str) -> bool:
    """A given name of the lexicon, also accented ("Lucía") or hyphenated of two
    ("Hans-Petter", "Eva-Lena")."""
    names = first_names()
    if word in names or _plain(word) in names:
        return True
    parts = word.split("-")
    return len(parts) == 2 and all(p in names or _plain(p) in names for p in parts)


def _initial(text: str) -> bool:
    """A middle initial: "O" or "K."."""
    return len(text) <= 2 and text[:1].isupper() and text[:1].isalpha() \
        and text[1:] in ("", ".")


#: Surname endings that end a surname in the nominative only without an added -s:
#: "Anderssons", "Lindqvists", "Bergs" are genitives of Andersson, Lindqvist, Berg.
_GENITIVE_SURNAME = re.compile(
    r"(son|qvist|kvist|ström|berg|lund|gren|holm|dahl|blad|stedt|mark|gård|én)s$")

def _caps_surname(text: str) -> bool:
    """An all-caps word that can be a surname ("ANDERSSON", "LUNDH-BERG")."""
    return len(text) > 2 and text.isupper() and text.replace("-", "").isalpha() \
        and text not in PARTIES and text.title() not in _NOT_SURNAME \
        and not is_title_word(text)


def recase(name: str) -> str:
    """An all-caps name in normal case: "ANNA VON ANDERSSON" -> "Anna von Andersson"."""
    if not name.isupper():
        return name
    return " ".join(w.lower() if w.lower() in _PARTICLES else w.title() for w in name.split())


#: Closed-class words that are also given names somewhere ("Till", "Om", "En", "Vi"): at the
#: start of a clause they are the word, not the name ("Till Facebooksidan skrev ...").
_FUNCTION_WORDS = frozenset(
    "av bland de den denna det detta då där efter eftersom eller en enligt ett från för "
    "genom han hon hos här i inför inom med mellan men mot när nu och om på sedan som "
    "till trots under ut utan vi vid än även åt över".split()
)


def _starts_clause(toks: list, i: int) -> bool:
    if i == 0:
        return True
    prev = toks[i - 1]
    return prev.is_space or prev.text in (".", "!", "?", "–", "-", ":", "•", "\"", "”") \
        or "\n" in prev.text


def _full_names(doc: Doc) -> list[Span]:
    names = first_names()
    table = lemma_table()
    known_orgs = orgs()
    v = view(doc)
    toks = v.toks
    out: list[Span] = []
    n = len(toks)
    starts = [t.i for t in toks if t.i + 1 < n and (
        t.text in names or t.text.isupper() and len(t.text) > 2 and t.text.title() in names
        or (not t.text.isascii() or "-" in t.text) and is_given_name(t.text))]
    taken_to = 0  # names do not overlap: skip starts inside the previous name
    for i in starts:
        if i < taken_to:
            continue
        tok = toks[i]
        j = i + 1
        if not is_given_name(tok.text):
            # an all-caps lead-in: "ANNA ANDERSSON, rektor"
            while j < n and j - i <= 3 and _caps_surname(toks[j].text):
                j += 1
            if j > i + 1:
                taken_to = j
                out.append(Span(doc, i, j, label="PER"))
            continue
        while j < n and j - i <= 3:
            t = toks[j]
            if t.lower_ in _PARTICLES and j + 1 < n and _surname_like(toks[j + 1]) \
                    and t.text.islower():
                j += 2
            elif _initial(t.text) and j + 1 < n \
                    and _surname_like(toks[j + 1]):  # "Elisabeth O Karlsson", "Anna K. Svensson"
                j += 2
            elif _surname_like(t):
                j += 1
            else:
                break
        if j == i + 1:
            continue
        # a capitalised common word opening a sentence is not a given name ("Vi Ser")
        if _starts_clause(toks, i) and tok.lower_ in table and toks[i + 1].lower_ in table:
            continue
        # nor is a preposition, pronoun or conjunction ("Till Facebooksidan", "Om GERDA")
        if _starts_clause(toks, i) and tok.lower_ in _FUNCTION_WORDS:
            continue
        text = v.span_text(i, j)
        taken_to = j
        if text not in known_orgs:
            out.append(Span(doc, i, j, label="PER"))
    return out


def _ner_names(doc: Doc, taken: set[int]) -> list[Span]:
    """PER entities of the NER model that the lexicon missed, cleaned: a title before
    the name ("Regiondirektör Tommy Svensson") and a party label after it are cut off;
    what remains must be two or more name-like words that no lexicon name overlaps."""
    toks = view(doc).toks
    out = []
    for ent in doc.ents:
        if ent.label_ != "PER":
            continue
        start, end = ent.start, ent.end
        while start < end and (is_title_word(toks[start].text)
                               or not toks[start].text[:1].isupper()):
            start += 1
        while end > start and (toks[end - 1].text.upper() in PARTIES
                               or not toks[end - 1].text[:1].isupper()):
            end -= 1
        if end - start < 2 or any(i in taken for i in range(start, end)) \
                or end < len(toks) and toks[end].text in LEGAL_FORMS:
            continue
        if not all(t.text.replace("-", "").isalpha()
                   and (t.text[:1].isupper() and not is_title_word(t.text)
                        or t.lower_ in _PARTICLES)
                   or start < t.i < end - 1 and _initial(t.text)
                   for t in toks[start:end]):
            continue
        if view(doc).span_text(start, end) in orgs() or not _name_like(toks, start, end):
            continue
        out.append(Span(doc, start, end, label="PER"))
    return out


def _name_like(toks: list, start: int, end: int) -> bool:
    """Whether tokens ``start:end`` can be a person's name: not after a locative
    preposition or another capitalised word ("vid Stockholm Resilience Centre"), no
    place, company or common word in it unless it opens with a known given name."""
    if start > 0 and (toks[start - 1].lower_ in _NOT_BEFORE_NAME
                      or toks[start - 1].text[:1].isupper() and toks[start - 1].is_alpha
                      and not is_title_word(toks[start - 1].text)):
        return False
    words = [t.text for t in toks[start:end]]
    known = orgs()
    if any(w in known or w in _COMPANY or w in _NOT_SURNAME for w in words):
        return False
    if is_given_name(words[0]):
        return True
    # "Nordkustens Energi", "Sveriges Radio": a genitive first word owns the rest (a
    # given name ending in -s, "Jonas", was let through above)
    if len(words) > 1 and words[0].endswith("s") and not words[0].endswith("ss"):
        return False
    table = lemma_table()
    return not any(w.lower() in table for w in words)


def _genitive_only(name: str) -> bool:
    """Whether a full name written with a final -s is a genitive although no other
    mention shows the base form: its surname ends as only a genitive does ("Lars
    Lindqvists", "Eva Bergs"). A surname ending in a vowel + s may be a nominative
    ("Kallas", "Santos") and is kept; so is a given name ("Per Claes")."""
    last = name.rsplit(" ", 1)[-1]
    return last not in first_names() and _GENITIVE_SURNAME.search(last) is not None


def find_persons(doc: Doc, use_ner: bool = True) -> list[Span]:
    """Person mentions of ``doc`` with the full name each refers to in ``kb_id_``.
    Names the lexicon finds come first; with ``use_ner``, PER entities of the NER model
    add the names it misses."""
    toks = view(doc).toks
    # a legal form after the name makes it a company: "Arla Foods AB"
    spans = [s for s in _full_names(doc)
             if s.end >= len(toks) or toks[s.end].text not in LEGAL_FORMS]
    if use_ner and doc.ents:
        # a company the NER model tags ORG after a preposition is not a person, even when
        # it opens with a given name: "från Alfa Laval"
        org_tokens = {i for e in doc.ents if e.label_ == "ORG" for i in range(e.start, e.end)}
        spans = [s for s in spans if not (
            all(i in org_tokens for i in range(s.start, s.end)) and s.start > 0
            and toks[s.start - 1].lower_ in _ORG_PREPS)]
        spans += _ner_names(doc, {i for s in spans for i in range(s.start, s.end)})
    spans = filter_spans(spans)
    # canonical full names: a genitive-only form loses its -s ("Eva Liljas" -> "Eva Lilja")
    texts = {s.text for s in spans}
    for s in spans:
        name = recase(s.text)
        if name.endswith("s") and (name[:-1] in texts or len(s) > 1 and _genitive_only(name)):
            name = name[:-1]
        s.kb_id_ = name
    full = [s.kb_id_ for s in spans]
    by_part: dict[str, set[str]] = {}
    for name in full:
        parts = name.split()
        for part in (parts[0], parts[-1]):
            by_part.setdefault(part, set()).add(name)
            by_part.setdefault(part + "s", set()).add(name)
    taken = {i for s in spans for i in range(s.start, s.end)}
    out = list(spans)
    for tok in view(doc).toks:
        if tok.i in taken or not tok.text[:1].isupper():
            continue
        refs = by_part.get(tok.text)
        if refs:
            span = Span(doc, tok.i, tok.i + 1, label="PER")
            span.kb_id_ = next(iter(refs)) if len(refs) == 1 else ""
            out.append(span)
    out.sort(key=lambda s: s.start)
    return out


class PersonFinder:
    """spaCy component: ``doc.spans["persons"]``."""

    def __init__(self, nlp: Language, name: str = "textmine_persons",
                 use_ner: bool = True) -> None:
        self.name = name
        self.use_ner = use_ner

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["persons"] = find_persons(doc, self.use_ner)
        return doc


@Language.factory("textmine_persons", assigns=["doc.spans"], default_config={"use_ner": True})
def make_person_finder(nlp: Language, name: str, use_ner: bool) -> PersonFinder:
    return PersonFinder(nlp, name, use_ner)
