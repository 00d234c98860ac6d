"""One shared, plain-Python view of a doc's tokens for the rule components.

spaCy creates a new ``Token`` object on every ``doc[i]`` and every iteration; the rule
components (persons, orgs, titles, roles, quotes) look at each token many times, so
they read this view instead: one ``Tok`` (text, lower case, flags) per token, built
once per doc from ``Doc.to_array`` and shared by all components through a weak
reference to the doc (nothing is stored in the doc, so ``Doc.to_bytes`` is unaffected).
The sentence/line segmentation the roles and quotes share lives here too.

>>> import spacy
>>> v = view(spacy.blank("sv")("Anna Berg.\\nRektor"))
>>> [t.text for t in v.toks], v.lines
(['Anna', 'Berg', '.', '\\n', 'Rektor'], [(0, 3), (4, 5)])
"""

from __future__ import annotations

import weakref
from functools import partial
from operator import add
from typing import NamedTuple

from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, LIKE_NUM, ORTH, SPACY
from spacy.tokens import Doc

__all__ = ["Tok", "TokenView", "view"]

_ATTRS = [ORTH, IDX, SPACY, IS_ALPHA, IS_SPACE, IS_PUNCT, LIKE_NUM]
_BULLETS = ("•", "–", "·", "▪")


class Tok(NamedTuple):
    """The token attributes the rules use, with spaCy's names (a tuple: built in C)."""

    i: int
    text: str
    lower_: str
    whitespace_: str
    idx: int
    is_alpha: int
    is_space: int
    is_punct: int
    like_num: int


_new_tok = partial(tuple.__new__, Tok)


class TokenView:
    """``toks`` (one :class:`Tok` per token), ``text``; ``segments`` (sentences and
    lines) and ``lines`` computed on first use."""

    __slots__ = ("n", "toks", "text", "_segments", "_segment_starts", "_lines", "__weakref__")

    def __init__(self, doc: Doc) -> None:
        n = len(doc)
        self.n = n
        if n:
            # column-wise, with C-level map/zip: doc.text or Token objects would cost
            # a Python object per token and attribute
            orth, idx, space, alpha, is_space, punct, num = doc.to_array(_ATTRS).T.tolist()
            texts = list(map(doc.vocab.strings.__getitem__, orth))
            ws = [" " if s else "" for s in space]
            self.text = "".join(map(add, texts, ws))
            self.toks: list[Tok] = list(map(_new_tok, zip(
                range(n), texts, map(str.lower, texts), ws, idx, alpha, is_space, punct, num)))
        else:
            self.text = ""
            self.toks = []
        self._segments: list[tuple[int, int]] | None = None
        self._segment_starts: list[int] | None = None
        self._lines: list[tuple[int, int]] | None = None

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens ``start:end`` as written (like ``doc[start:end].text``)."""
        if end <= start:
            return ""
        last = self.toks[end - 1]
        return self.text[self.toks[start].idx:last.idx + len(last.text)]

    @property
    def segments(self) -> list[tuple[int, int]]:
        """Token ranges of sentences and lines: a break at . ! ? before a capital or a
        line end, at every line break, at bullets and at an en dash."""
        if self._segments is None:
            self._segments = _segments(self.toks)
        return self._segments

    @property
    def segment_starts(self) -> list[int]:
        """The first token of each segment, for bisecting."""
        if self._segment_starts is None:
            self._segment_starts = [s for s, _ in self.segments]
        return self._segment_starts

    @property
    def lines(self) -> list[tuple[int, int]]:
        """Token ranges of the lines (line-break tokens excluded; may be empty)."""
        if self._lines is None:
            self._lines = _lines(self.toks)
        return self._lines


def _label_with_stop(toks: list[Tok], i: int) -> bool:
    """A party label that ends a sentence as one token: "Mehmet Yilmaz, c. Andre ..."."""
    t = toks[i].text
    return 2 <= len(t) <= 3 and t.endswith(".") and t[:-1].isalpha() and t[:-1].islower() \
        and i > 0 and toks[i - 1].text == ","


def _segments(toks: list[Tok]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = 0
    n = len(toks)
    for i, tok in enumerate(toks):
        t = tok.text
        if tok.is_space or "\n" in t:
            if i > start:
                out.append((start, i))
            start = i + 1
            continue
        if t in _BULLETS and i > start:
            out.append((start, i))
            start = i
        elif (t in (".", "!", "?", "…") or _label_with_stop(toks, i)) and i + 1 < n:
            nxt = toks[i + 1]
            if nxt.text[:1].isupper() or nxt.is_space or nxt.text in ("–", "-", "”", "\""):
                out.append((start, i + 1))
                start = i + 1
    if start < n:
        out.append((start, n))
    return [(s, e) for s, e in out if e > s]


def _lines(toks: list[Tok]) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, tok in enumerate(toks):
        if tok.is_space or "\n" in tok.text:
            out.append((start, i))
            start = i + 1
    out.append((start, len(toks)))
    return out


_VIEWS: "weakref.WeakKeyDictionary[Doc, TokenView]" = weakref.WeakKeyDictionary()


def view(doc: Doc) -> TokenView:
    """The shared token view of ``doc`` (built on first use, rebuilt if the doc's
    tokens changed)."""
    v = _VIEWS.get(doc)
    if v is None or v.n != len(doc):
        v = TokenView(doc)
        _VIEWS[doc] = v
    return v
