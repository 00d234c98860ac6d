"""The one Swedish normaliser of the search index, used at index time and at query time.

A word becomes one *term*: its lemma from the Swedish lookup table when the table
knows the word ("högskolans" -> "högskola"), else its Snowball stem ("Botkyrkas" ->
"botkyrk"). Diacritics are kept ("får" and "far" stay apart). Compounds also give
*parts* ("kompetensförsörjningen" -> "kompetens", "försörjning"), indexed in a column
of their own that ranks below the words themselves.

The options of a :class:`Normaliser` are stored with the index, and a query is
always normalised with the options the index was built with: the two never mix.

>>> n = Normaliser()
>>> [n.term(w) for w in ("högskolan", "högskolans", "högskolor", "högskola")]
['högskola', 'högskola', 'högskola', 'högskola']
>>> n.parts("kompetensförsörjningen")
['kompetens', 'försörjning']
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import ConfigError

__all__ = ["Normaliser", "NORMALISER_VERSION", "iter_words", "default_normaliser", "normaliser_for"]

#: Bumped whenever the normalisation of a word changes: the index is then rebuilt.
NORMALISER_VERSION = "3"

# A word is a run of letters and digits: the same units FTS5's unicode61 tokenizer
# and PostgreSQL's lexemes see, so a normalised word is always one token there too.
_WORD = re.compile(r"[^\W_]+")
_MIN_HEAD = 3
_MIN_TAIL = 4
_MAX_WORD = 64


def iter_words(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, word)`` for each word of ``text`` (offsets into the NFC form)."""
    for m in _WORD.finditer(text):
        yield m.start(), m.end(), m.group()


def _clean(term: str) -> str:
    # lower() may turn one letter into a letter plus a combining mark ("İ" -> "i̇"):
    # keep only letters and digits so the term stays a single token everywhere
    if term.isalnum():
        return term[:_MAX_WORD]
    return "".join(c for c in term if c.isalnum())[:_MAX_WORD]


@dataclass(frozen=True)
class Normaliser:
    """Word -> index term (and compound parts). Options are part of the index.

    ``lemmas``: use the Swedish lemma table; ``stem``: Snowball-stem words the table
    does not know; ``compounds``: index the parts of compounds.
    """

    lemmas: bool = True
    stem: bool = True
    compounds: bool = True
    _memo: dict = field(default_factory=dict, repr=False, compare=False, hash=False)
    _parts_memo: dict = field(default_factory=dict, repr=False, compare=False, hash=False)
    _index_memo: dict = field(default_factory=dict, repr=False, compare=False, hash=False)

    # -- identity ----------------------------------------------------------------
    def options(self) -> dict[str, bool]:
        return {"lemmas": self.lemmas, "stem": self.stem, "compounds": self.compounds}

    def signature(self) -> str:
        """A string naming this normaliser, stored with the index."""
        return json.dumps({"version": NORMALISER_VERSION, **self.options()}, sort_keys=True)

    @classmethod
    def from_signature(cls, signature: str) -> Normaliser:
        try:
            data = json.loads(signature)
            normaliser = cls(lemmas=bool(data["lemmas"]), stem=bool(data["stem"]),
                             compounds=bool(data["compounds"]))
            version = str(data["version"])
        except (ValueError, KeyError, TypeError):
            raise ConfigError(f"the search index names an unknown normaliser: {signature!r}",
                              hint="rebuild the index with 'textmine index --rebuild'") from None
        if version != NORMALISER_VERSION:
            raise ConfigError(
                f"the search index was built by normaliser version {version}; this textmine "
                f"normalises words with version {NORMALISER_VERSION}",
                hint="update the index with 'textmine index' (or 'textmine build')")
        return normaliser

    # -- resources ---------------------------------------------------------------
    @property
    def _table(self) -> dict[str, str]:
        table = self.__dict__.get("_table_obj")
        if table is None:
            from ..nlp.lemmas import lemma_table

            table = lemma_table()
            object.__setattr__(self, "_table_obj", table)
        return table

    @property
    def _known(self) -> frozenset[str]:
        known = self.__dict__.get("_known_obj")
        if known is None:
            from ..nlp.lemmas import known_lemmas

            known = known_lemmas()
            object.__setattr__(self, "_known_obj", known)
        return known

    @property
    def _stemmer(self):
        stemmer = self.__dict__.get("_stemmer_obj")
        if stemmer is None:
            import Stemmer

            stemmer = Stemmer.Stemmer("swedish")
            object.__setattr__(self, "_stemmer_obj", stemmer)
        return stemmer

    # -- words -------------------------------------------------------------------
    def lemma(self, lower: str) -> str | None:
        """The table's lemma of a lower-cased word, or None when the table lacks it."""
        if not self.lemmas:
            return None
        if lower not in self._table and lower not in self._known:
            return None
        from ..nlp.lemmas import table_lemma

        return table_lemma(lower)

    def irregular_forms(self) -> dict[str, str]:
        """Lower-case forms whose lemma-table entry does not hold the form's start or
        any three letters of it ("böcker" -> "bok", "gick" -> "gå"), with that entry:
        about 1,500 of the table's 660,000 forms. A word's term is otherwise the word,
        a prefix or stem of it, or an entry that shares three letters with it, which
        lets snippets rule most words out without normalising them. Built once."""
        if not self.lemmas:
            return {}
        found = self.__dict__.get("_irregular_obj")
        if found is None:
            found = {}
            for form, entry in self._table.items():
                if form != form.lower():
                    continue
                entry = _clean(entry.lower())
                if entry[:3] not in form:
                    found[form] = entry
            object.__setattr__(self, "_irregular_obj", found)
        return found

    def term(self, word: str) -> str:
        """The index term of one word ('' when nothing of it can be indexed)."""
        found = self._memo.get(word)
        if found is not None:
            return found
        lower = unicodedata.normalize("NFC", word).lower()
        term = self.lemma(lower)
        if term is None:
            term = self._stemmer.stemWord(lower) if self.stem and lower.isalpha() else lower
        term = _clean(term)
        if len(self._memo) < 500_000:
            self._memo[word] = term
        return term

    def parts(self, word: str) -> list[str]:
        """Terms of a compound's parts (head, tail), or [] for a word that is not one."""
        if not self.compounds:
            return []
        found = self._parts_memo.get(word)
        if found is not None:
            return found
        lower = unicodedata.normalize("NFC", word).lower()
        out: list[str] = []
        if lower.isalpha() and len(lower) >= _MIN_HEAD + _MIN_TAIL:
            table, known = self._table, self._known
            # a word of the lexicon is split only into two words of the lexicon
            # (hög|skolan); an unknown one may have any head (Flemings|berg)
            strict = lower in table or lower in known
            for i in range(_MIN_HEAD, len(lower) - _MIN_TAIL + 1):
                tail = lower[i:]
                if tail not in table and tail not in known:
                    continue
                tail_term = _clean((table.get(tail) or tail).lower())
                if len(tail_term) < _MIN_TAIL:  # pol|isen -> "is": not a part
                    continue
                head = lower[:i]
                head_term = self.lemma(head)
                if head_term is None and head[-1] in "se" and len(head) > _MIN_HEAD:
                    head_term = self.lemma(head[:-1])  # linking s or e: arbets|marknad
                if head_term is None:
                    if strict:
                        continue
                    head_term = self.term(head)
                out = [t for t in (_clean(head_term), tail_term) if t]
                break
        if len(self._parts_memo) < 500_000:
            self._parts_memo[word] = out
        return out

    # -- texts -------------------------------------------------------------------
    def terms(self, text: str) -> list[str]:
        """The terms of every word of ``text``, in order."""
        text = unicodedata.normalize("NFC", text)
        out = []
        for w in _WORD.findall(text):
            t = self.term(w)
            if t:
                out.append(t)
        return out

    def analyse(self, word: str) -> tuple[str, tuple[str, ...]]:
        """(term, compound part terms) of one word, memoised."""
        found = self._index_memo.get(word)
        if found is None:
            found = (self.term(word), tuple(self.parts(word)))
            if not found[0]:
                found = ("", ())
            if len(self._index_memo) < 500_000:
                self._index_memo[word] = found
        return found

    def index_text(self, text: str) -> tuple[str, list[str]]:
        """(space-separated terms, compound part terms) of a text, for the index."""
        memo = self._index_memo
        words = _WORD.findall(unicodedata.normalize("NFC", text))
        found = list(map(memo.get, words))
        if None in found:
            for i, w in enumerate(words):
                if found[i] is None:
                    found[i] = self.analyse(w)
        terms = " ".join([f[0] for f in found if f[0]])
        return terms, [p for f in found if f[1] for p in f[1]]


_DEFAULT: Normaliser | None = None


def default_normaliser() -> Normaliser:
    """The normaliser with the default options (shared, so its memo is shared)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Normaliser()
    return _DEFAULT


def normaliser_for(signature: str | None) -> Normaliser:
    """The normaliser an index was built with (the default for a new index)."""
    default = default_normaliser()
    if signature is None or signature == default.signature():
        return default
    return Normaliser.from_signature(signature)
