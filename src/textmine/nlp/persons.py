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
>>> [(s.text, s.kb_id_) for s in nlp("Ola Westin är ny chef. Ola börjar i mars.").spans["persons"]]
[('Ola Westin', 'Ola Westin'), ('Ola', 'Ola Westin')]
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lemmas import lemma_table
from .lexicons import first_names, orgs
from .titles import is_title_word

__all__ = ["PersonFinder", "find_persons"]

_PARTICLES = {"von", "van", "af", "de", "der", "den", "la", "di", "da", "el", "al", "bin"}
_NOT_SURNAME = {"Region", "Kommun", "Universitet", "Högskolan", "Foto", "Bild", "Text",
                "Telefon", "Tel", "Mobil", "E-post", "Epost", "Fr", "Från", "Och", "Till"}


def _surname_like(tok) -> bool:
    t = tok.text
    if not t[:1].isupper() or t in _NOT_SURNAME or t.isupper() and len(t) > 1:
        return False
    if not (tok.is_alpha or ("-" in t and t.replace("-", "").isalpha())):
        return False
    return not is_title_word(t)


def _starts_clause(doc: Doc, i: int) -> bool:
    if i == 0:
        return True
    prev = doc[i - 1]
    return prev.is_space or prev.text in (".", "!", "?", "–", "-", ":", "•", "\"", "”") \
        or "\n" in prev.whitespace_ or "\n" in prev.text


def _full_names(doc: Doc) -> list[Span]:
    names = first_names()
    table = lemma_table()
    known_orgs = orgs()
    out: list[Span] = []
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        if tok.text not in names or i + 1 >= n:
            i += 1
            continue
        j = i + 1
        while j < n and j - i <= 3:
            t = doc[j]
            if t.lower_ in _PARTICLES and j + 1 < n and _surname_like(doc[j + 1]) \
                    and t.text.islower():
                j += 2
            elif len(t.text) == 1 and t.text.isupper() and j + 1 < n \
                    and _surname_like(doc[j + 1]):  # "Elisabeth O Karlsson"
                j += 2
            elif _surname_like(t) and not t.whitespace_.count("\n") > 1 \
                    and "\n" not in doc[j - 1].whitespace_:
                j += 1
            else:
                break
        if j == i + 1:
            i += 1
            continue
        # a capitalised common word opening a sentence is not a given name ("Vi Ser")
        if _starts_clause(doc, i) and tok.lower_ in table and doc[i + 1].lower_ in table:
            i += 1
            continue
        text = doc[i:j].text
        if text in known_orgs:
            i = j
            continue
        out.append(Span(doc, i, j, label="PER"))
        i = j
    return out


def find_persons(doc: Doc) -> list[Span]:
    """Person mentions of ``doc`` with the full name each refers to in ``kb_id_``."""
    spans = _full_names(doc)
    for ent in doc.ents:
        if ent.label_ == "PER" and len(ent) >= 2 and all(t.text[:1].isupper() or t.lower_ in
                                                         _PARTICLES for t in ent):
            spans.append(Span(doc, ent.start, ent.end, label="PER"))
    spans = filter_spans(spans)
    # canonical full names: a genitive-only form loses its -s ("Eva Liljas" -> "Eva Lilja")
    texts = {s.text for s in spans}
    for s in spans:
        name = s.text
        if name.endswith("s") and name[:-1] in texts:
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
    for tok in doc:
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

    def __init__(self, nlp: Language, name: str = "textmine_persons") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["persons"] = find_persons(doc)
        return doc


@Language.factory("textmine_persons", assigns=["doc.spans"], default_config={})
def make_person_finder(nlp: Language, name: str) -> PersonFinder:
    return PersonFinder(nlp, name)
