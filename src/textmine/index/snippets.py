"""Snippets: a short passage of the original text with the query's words highlighted.

The index holds normalised terms, so snippets are cut from the stored document:
each word is normalised with the index's normaliser and highlighted when it (or
one of its compound parts) is a query term, so "högskolans" is highlighted for a
search on "högskola" and "kompetensförsörjningen" for "försörjning".

>>> from textmine.index.normalise import Normaliser
>>> make_snippet("Södertörns högskola och kommunen", {"högskola"}, (), Normaliser())
'Södertörns [högskola] och kommunen'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .normalise import Normaliser, iter_words

__all__ = ["make_snippet", "highlight_terms"]


def highlight_terms(query, normaliser: Normaliser) -> tuple[set[str], tuple[str, ...]]:
    """(terms, prefixes) to highlight for a parsed query."""
    from .query import Phrase, Word, compound_terms, phrase_terms, word_terms

    terms: set[str] = set()
    prefixes: list[str] = []
    for group in query.required:
        for item in group.items:
            if isinstance(item, Word):
                exact, pre = word_terms(item, normaliser)
                terms.update(exact)
                terms.update(compound_terms(item, normaliser))
                prefixes.extend(pre)
            elif isinstance(item, Phrase):
                terms.update(phrase_terms(item, normaliser))
    return terms, tuple(prefixes)


def _hits(words: list[str], terms: set[str], prefixes: tuple[str, ...],
          n: Normaliser) -> list[bool]:
    """Whether each word (or one of its compound parts) is a query term."""
    stems = {t[:3] for t in (*terms, *prefixes) if t}
    probe = re.compile("|".join(map(re.escape, sorted(stems)))).search if stems else None
    irregular = n.irregular_forms().get
    out: list[bool] = []
    for word in words:
        lower = word.lower()
        if probe is not None and probe(lower):
            out.append(_is_hit(word, lower, terms, prefixes, n))
            continue
        # No query term begins inside the word, so neither the word, nor a prefix or
        # stem of it, nor a compound part can be one: only a lemma-table entry that
        # shares no letters with the word can ("böcker" -> "bok"); confirmed with the
        # full normalisation, which may correct the entry.
        entry = irregular(lower)
        if entry is not None and (entry in terms or bool(prefixes)
                                  and entry.startswith(prefixes)):
            term = n.term(word)
            out.append(term in terms or bool(prefixes) and term.startswith(prefixes))
        else:
            out.append(False)
    return out


def _is_hit(word: str, lower: str, terms: set[str], prefixes: tuple[str, ...],
            n: Normaliser) -> bool:
    term = n.term(word)
    if term in terms:
        return True
    if prefixes and (lower.startswith(prefixes) or term.startswith(prefixes)):
        return True
    _, parts = n.analyse(word)
    return any(p in terms or (prefixes and p.startswith(prefixes)) for p in parts)


def make_snippet(text: str, terms: set[str], prefixes: Iterable[str], normaliser: Normaliser,
                 *, words: int = 30, mark: tuple[str, str] = ("[", "]"),
                 ellipsis: str = "…") -> str:
    """The passage of ``words`` words of ``text`` holding the most distinct query terms."""
    text = unicodedata.normalize("NFC", text or "")
    prefixes = tuple(prefixes)
    spans = list(iter_words(text))
    if not spans:
        return ""
    hits = _hits([w for _, _, w in spans], terms, prefixes, normaliser)
    keys = [normaliser.term(w) if h else None for (_, _, w), h in zip(spans, hits)]
    best, best_score = 0, (-1, -1)
    if any(hits):
        for start in [i for i, h in enumerate(hits) if h]:
            window = [k for k in keys[start:start + words] if k is not None]
            score = (len(set(window)), len(window))
            if score > best_score:
                best, best_score = start, score
        best = max(0, best - 3)  # a little context before the first hit
    stop = min(len(spans), best + words)
    begin = 0 if best == 0 else spans[best][0]
    end = len(text) if stop == len(spans) else spans[stop - 1][1]
    out: list[str] = []
    pos = begin
    for i in range(best, stop):
        s, e, _ = spans[i]
        if hits[i]:
            out.append(text[pos:s])
            out.append(mark[0] + text[s:e] + mark[1])
            pos = e
    out.append(text[pos:end])
    snippet = " ".join("".join(out).split())
    if best > 0:
        snippet = ellipsis + snippet
    if stop < len(spans):
        snippet = snippet + ellipsis
    return snippet
