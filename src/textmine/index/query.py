"""Search queries: what a user types, parsed into a small tree, then written for a backend.

Syntax: words (all must occur), ``"exact phrases"``, ``OR`` between two items
(either may occur), ``-word`` or ``-"a phrase"`` (must not occur), ``prefix*``.
Everything else a user may type (brackets, colons, stray quotes, ``AND``, ``NEAR``)
is read as plain text: no user string ever reaches FTS5 or ``tsquery`` raw, every
term is normalised and quoted before it is written out.

>>> q = parse_query('trygghet "Södertörns högskola" -polis skol*')
>>> [type(c).__name__ for c in q.required]
['Any', 'Any', 'Any']
>>> q.excluded
(Word(text='polis', prefix=False),)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..errors import QueryError
from .normalise import Normaliser, iter_words

__all__ = ["parse_query", "Query", "Word", "Phrase", "Any", "to_fts5", "to_tsquery",
           "MAX_QUERY_LENGTH", "MAX_QUERY_ITEMS"]

MAX_QUERY_LENGTH = 1000
MAX_QUERY_ITEMS = 32
_MAX_PREFIX_FORMS = 2


@dataclass(frozen=True)
class Word:
    """One word as typed; ``prefix`` when it ended with ``*``."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words that must occur next to each other, in order."""

    words: tuple[str, ...]


Item = Word | Phrase


@dataclass(frozen=True)
class Any:
    """Items of which at least one must occur (one item: it must occur)."""

    items: tuple[Item, ...]


@dataclass(frozen=True)
class Query:
    """A parsed query: every ``required`` group must match, no ``excluded`` item may."""

    text: str
    required: tuple[Any, ...]
    excluded: tuple[Item, ...]

    def words(self) -> list[str]:
        """Every word the user asked for (not excluded), as typed: for highlighting."""
        out: list[str] = []
        for group in self.required:
            for item in group.items:
                out.extend([item.text] if isinstance(item, Word) else list(item.words))
        return out


# a quoted phrase (the closing quote may be missing), or a run of non-space characters
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_QUOTES = str.maketrans({c: '"' for c in "“”„«»″"})


def _item(chunk: str) -> Item | None:
    """A bare chunk ('skol*', 'e-post', 'a:b') as an item, or None when it has no word."""
    prefix = chunk.endswith("*")
    words = [w for _, _, w in iter_words(chunk)]
    if not words:
        return None
    if len(words) == 1:
        return Word(words[0], prefix=prefix)
    return Phrase(tuple(words))


def parse_query(text: str) -> Query:
    """Parse what a user typed; raises :class:`QueryError` when it has nothing to search."""
    if not isinstance(text, str):
        raise QueryError("the query must be text")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"the query is too long ({len(text)} characters; at most "
                         f"{MAX_QUERY_LENGTH})")
    text = text.translate(_QUOTES).replace("\x00", " ")
    # tokens: ("or",) | ("item", negated, Item)
    tokens: list[tuple] = []
    for m in _CHUNK.finditer(text):
        neg, phrase, bare = m.group(1), m.group(2), m.group(3)
        if bare is not None:
            if bare == "OR":
                tokens.append(("or",))
                continue
            negated = bare.startswith("-") and len(bare) > 1
            item = _item(bare[1:] if negated else bare)
            if item is not None:
                tokens.append(("item", negated, item))
            continue
        words = tuple(w for _, _, w in iter_words(phrase or ""))
        if words:
            item = Word(words[0]) if len(words) == 1 else Phrase(words)
            tokens.append(("item", bool(neg), item))

    groups: list[list[Item]] = []
    excluded: list[Item] = []
    pending_or = False
    for tok in tokens:
        if tok[0] == "or":
            pending_or = bool(groups)
            continue
        _, negated, item = tok
        if negated:
            excluded.append(item)
            pending_or = False
            continue
        if pending_or and groups:
            groups[-1].append(item)
        else:
            groups.append([item])
        pending_or = False
    if sum(len(g) for g in groups) + len(excluded) > MAX_QUERY_ITEMS:
        raise QueryError(f"the query has too many words (at most {MAX_QUERY_ITEMS})")
    if not groups:
        if excluded:
            raise QueryError("the query only excludes words",
                             hint='add a word to look for, e.g. skola -förskola')
        raise QueryError("the query has no words to search for",
                         hint='type words, "an exact phrase", a OR b, -excluded or prefix*')
    return Query(text=text, required=tuple(Any(tuple(g)) for g in groups),
                 excluded=tuple(excluded))


# -- terms -------------------------------------------------------------------------
def word_terms(word: Word, normaliser: Normaliser) -> tuple[list[str], list[str]]:
    """(exact terms, prefix terms) a word stands for after normalisation."""
    if not word.prefix:
        term = normaliser.term(word.text)
        return ([term] if term else []), []
    lower = unicodedata.normalize("NFC", word.text).lower()
    forms = [lower, normaliser.lemma(lower) or normaliser.term(lower)]
    cleaned = [c for c in dict.fromkeys("".join(ch for ch in f if ch.isalnum()) for f in forms)
               if c]
    # a form another form starts with already covers it ("skol*" covers "skola*")
    kept = [c for c in cleaned if not any(o != c and c.startswith(o) for o in cleaned)]
    return [], kept[:_MAX_PREFIX_FORMS]


def compound_terms(word: Word, normaliser: Normaliser) -> list[str]:
    """The parts of a compound query word ("energiomställning" -> energi, omställning).

    The query then also finds documents holding both parts in any form
    ("omställningen av energisystemet"), ranked by BM25 like any other match.
    Words of the lexicon are split too, into two words of the lexicon only
    (see :meth:`Normaliser.parts`); on the demo queries that raised recall@10.
    """
    if word.prefix or not normaliser.compounds:
        return []
    parts = [p for p in dict.fromkeys(normaliser.parts(word.text)) if p]
    return parts if len(parts) > 1 else []


def phrase_terms(phrase: Phrase, normaliser: Normaliser) -> list[str]:
    return [t for t in (normaliser.term(w) for w in phrase.words) if t]


# -- FTS5 ----------------------------------------------------------------------------
_TEXT_COLUMNS = "{title lead body captions}"


def _fts5_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts5_item(item: Item, normaliser: Normaliser, *, split: bool = True) -> str | None:
    if isinstance(item, Word):
        exact, prefixes = word_terms(item, normaliser)
        alts = [_fts5_string(t) for t in exact] + [_fts5_string(p) + " *" for p in prefixes]
        parts = compound_terms(item, normaliser) if split else []
        if parts:  # a compound also matches its parts together, in any form
            alts.append("(" + " AND ".join(_fts5_string(p) for p in parts) + ")")
    else:
        terms = phrase_terms(item, normaliser)
        if not terms:
            return None
        if len(terms) == 1:
            alts = [_fts5_string(terms[0])]
        else:
            # a phrase is matched in the text itself, never across compound parts
            alts = [_TEXT_COLUMNS + " : " + _fts5_string(" ".join(terms))]
    if not alts:
        return None
    return alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")"


def to_fts5(query: Query, normaliser: Normaliser) -> str:
    """The FTS5 MATCH expression of a parsed query (every term quoted)."""
    groups = []
    for group in query.required:
        alts = [a for a in (_fts5_item(i, normaliser) for i in group.items) if a]
        if alts:
            groups.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    if not groups:
        raise QueryError("the query has no words that can be searched",
                         hint="use letters or digits")
    expr = " AND ".join(groups)
    negs = [n for n in (_fts5_item(i, normaliser, split=False) for i in query.excluded) if n]
    if negs:
        expr = "(" + expr + ")" + "".join(" NOT " + n for n in negs)
    return expr


# -- PostgreSQL tsquery ------------------------------------------------------------
def _ts_lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _ts_item(item: Item, normaliser: Normaliser, *, split: bool = True) -> str | None:
    if isinstance(item, Word):
        exact, prefixes = word_terms(item, normaliser)
        alts = [_ts_lexeme(t) for t in exact] + [_ts_lexeme(p) + ":*" for p in prefixes]
        parts = compound_terms(item, normaliser) if split else []
        if parts:
            alts.append("(" + " & ".join(_ts_lexeme(p) for p in parts) + ")")
    else:
        terms = phrase_terms(item, normaliser)
        if not terms:
            return None
        if len(terms) == 1:
            alts = [_ts_lexeme(terms[0])]
        else:
            # weight D holds compound parts: a phrase matches in the text only
            alts = ["(" + " <-> ".join(_ts_lexeme(t) + ":ABC" for t in terms) + ")"]
    if not alts:
        return None
    return alts[0] if len(alts) == 1 else "(" + " | ".join(alts) + ")"


def to_tsquery(query: Query, normaliser: Normaliser) -> str:
    """The PostgreSQL ``tsquery`` text of a parsed query (every lexeme quoted)."""
    groups = []
    for group in query.required:
        alts = [a for a in (_ts_item(i, normaliser) for i in group.items) if a]
        if alts:
            groups.append(alts[0] if len(alts) == 1 else "(" + " | ".join(alts) + ")")
    if not groups:
        raise QueryError("the query has no words that can be searched",
                         hint="use letters or digits")
    expr = " & ".join(groups)
    negs = [n for n in (_ts_item(i, normaliser, split=False) for i in query.excluded) if n]
    if negs:
        expr = "(" + expr + ")" + "".join(" & !" + n for n in negs)
    return expr
