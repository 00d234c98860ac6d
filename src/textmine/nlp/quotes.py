"""Quotes: words attributed to a person ("– Det är viktigt, säger Anna Berg").

A quote is a paragraph (or the part of it) opened by a dash or a quotation mark and
closed by a speech verb ("säger", "menar", "berättar", ...) followed by the speaker: a
name, a title and a name ("säger rektor Anna Berg"), or "han"/"hon" for the person
last named. The component ``textmine_quotes`` sets ``doc._.quotes`` (a list of
:class:`textmine.document.Quote`), with the speaker's full name.

>>> import textmine
>>> [(q.person, q.text) for q in textmine.extract_quotes(
...     "Anna Berg är rektor.\\n\\n– Vi är glada, säger Anna Berg.")]  # doctest: +SKIP
[('Anna Berg', 'Vi är glada')]
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..document import Quote
from .tokens import view

__all__ = ["QuoteFinder", "find_quotes", "SPEECH_VERBS"]

SPEECH_VERBS = {"säger", "sa", "sade", "menar", "berättar", "konstaterar", "förklarar",
                "avslutar", "betonar", "understryker", "tillägger", "fortsätter", "påpekar",
                "skriver", "svarar", "framhåller", "tycker", "anser"}
_OPENERS = ("–", "-", "—", "”", "\"", "«", "“")
_HAS_VERB = re.compile(r"\b(" + "|".join(sorted(SPEECH_VERBS)) + r")\b", re.I)


def _speaker(toks: list, k: int, persons: dict[int, object], titles: dict[int, int],
             last: object) -> object:
    """The person after a speech verb at ``k``: skip a title ("säger rektor Anna Berg")."""
    j = k + 1
    for _ in range(3):
        if j >= len(toks):
            return None
        if j in persons:
            return persons[j]
        if toks[j].lower_ in ("han", "hon", "hen"):
            return last
        if j in titles:
            j = titles[j]
        elif toks[j].text == "," or toks[j].is_space:
            j += 1
        else:
            return None
    return None


def find_quotes(doc: Doc) -> list[Quote]:
    """Quotes in ``doc`` attributed to the full name of their speaker."""
    v = view(doc)
    text = v.text
    if not _HAS_VERB.search(text):
        return []
    toks = v.toks
    persons = {s.start: s for s in doc.spans.get("persons", []) if s.kb_id_}
    titles = {s.start: s.end for s in doc.spans.get("titles", [])}
    full = {i for i, s in persons.items() if " " in s.kb_id_}
    out: list[Quote] = []
    open_at: int | None = None
    last = None
    for tok in toks:
        i = tok.i
        if i in full:
            last = persons[i]
        t = tok.text
        if t in _OPENERS:
            prev = toks[i - 1] if i else None
            line_start = prev is None or prev.is_space or "\n" in prev.text \
                or prev.text in (".", "!", "?", ":")
            if line_start or t not in ("–", "-"):
                if open_at is None or line_start:
                    open_at = tok.idx + len(t)
                continue
        if open_at is not None and tok.lower_ in SPEECH_VERBS and i > 0 \
                and toks[i - 1].text in (",", "”", "\"", "»", "–", "-", "!", "?"):
            speaker = _speaker(toks, i, persons, titles, last)
            end = toks[i - 1].idx
            words = text[open_at:end].strip(" ,–-”\"»\n")
            if speaker is not None and words:
                out.append(Quote(person=speaker.kb_id_, text=words, start=open_at, end=end))
            open_at = None
    return out


class QuoteFinder:
    """spaCy component: ``doc._.quotes``."""

    def __init__(self, nlp: Language, name: str = "textmine_quotes") -> None:
        self.name = name
        if not Doc.has_extension("quotes"):
            Doc.set_extension("quotes", default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = find_quotes(doc)
        return doc


@Language.factory("textmine_quotes", assigns=["doc._.quotes"], requires=["doc.spans"],
                  default_config={})
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    for needed in ("textmine_persons", "textmine_titles"):
        if needed not in nlp.pipe_names:
            nlp.add_pipe(needed, before=name if name in nlp.pipe_names else None)
    return QuoteFinder(nlp, name)
