"""Organisations: kommuner, regions, universities, agencies, companies and their units.

Found from the compiled lexicon (the 290 kommuner, 21 regions, universities and
university colleges, agencies with their aliases), from patterns ("X kommun",
"Region X", "Högskolan i X", "X universitet", "Kunskapsskolan"), from units
("samhällsbyggnadsförvaltningen", "institutionen för byggvetenskap", "Strategiska
avdelningen"), from the NER model's ORG entities, and from aliases the text defines
("Södertörns högskola (Sh)" and later "Sh").

The component ``textmine_orgs`` puts the spans in ``doc.spans["orgs"]``: ``label_`` is
the kind (KOMMUN, REGION, UNIVERSITY, AGENCY, ORG, UNIT, PLACE; NER for an ORG entity of
the NER model that nothing else found), ``kb_id_`` the
normalised name (genitive removed: "Södertörns högskolas" -> "Södertörns högskola";
aliases resolved) and ``id_`` is "gen" for a genitive mention.

>>> import spacy
>>> nlp = spacy.blank("sv"); _ = nlp.add_pipe("textmine_orgs")
>>> doc = nlp("Lunds universitets rektor besökte Botkyrka kommun.")
>>> [(s.text, s.kb_id_) for s in doc.spans["orgs"]]
[('Lunds universitets', 'Lunds universitet'), ('Botkyrka kommun', 'Botkyrka kommun')]
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lemmas import known_lemmas, table_lemma
from .lexicons import LEGAL_FORMS, PARTIES, orgs
from .titles import TEMPORAL, is_title_word
from .tokens import view

__all__ = ["OrgFinder", "find_orgs", "base_form", "is_unit"]

_KIND_LABEL = {
    "kommun": "KOMMUN", "region": "REGION", "län": "PLACE", "place": "PLACE",
    "university": "UNIVERSITY", "agency": "AGENCY", "organisation": "ORG", "alias": "ORG",
}
#: Nouns that make "<Name> noun" an organisation.
_ORG_NOUNS = {
    "kommun": "KOMMUN", "stad": "KOMMUN", "universitet": "UNIVERSITY", "högskola": "UNIVERSITY",
    "landsting": "REGION", "folkhögskola": "ORG", "kommunalförbund": "ORG",
    "universitetssjukhus": "ORG", "sjukhus": "ORG", "länsstyrelse": "AGENCY",
    "museum": "ORG", "bibliotek": "ORG", "stadsbibliotek": "ORG", "gymnasium": "ORG",
    "fakultet": "UNIT",
}
#: Nouns that names use in the indefinite form ("Lunds universitet", "Malmö stad").
_INDEFINITE_NAMES = {"kommun", "stad", "universitet", "högskola", "folkhögskola",
                     "kommunalförbund", "landsting"}
_ORG_NOUN_FORMS = {}
for _noun, _label in _ORG_NOUNS.items():
    for _form in (_noun, _noun + "s", _noun + "en", _noun + "ens", _noun + "et", _noun + "ets",
                  _noun + "n", _noun + "ns"):
        _ORG_NOUN_FORMS[_form] = (_noun, _label)
#: One-word proper names ending like an organisation ("Kunskapsskolan", "Skolverket").
_PROPER_ORG = re.compile(
    r"^[A-ZÅÄÖ][a-zåäöé]{2,}(skolan|skola|gymnasiet|institutet|verket|myndigheten|förbundet|"
    r"bolaget|sjukhuset|stiftelsen|akademien|fonden|kyrkan|teatern|museet|biblioteket|"
    r"departementet)(s)?$"
)
#: Administrative units (rule O): "samhällsbyggnadsförvaltningen", "Planavdelningen".
_UNIT = re.compile(
    r"(förvaltning|avdelning|kontor|institution|enhet|stab|akademi|sektion|sekretariat|"
    r"kansli|centrum|område|byrå|division|verksamhet|fakultet|polisregion|klinik|"
    r"mottagning)(en|et|n)?$", re.I
)
_UNIT_DEFINITE = re.compile(
    r"(förvaltningen|avdelningen|kontoret|institutionen|enheten|staben|akademin|sektionen|"
    r"sekretariatet|kansliet|centrum|området|byrån|divisionen|område|fakulteten|"
    r"polisregion|kliniken|mottagningen)$", re.I
)
#: Organisations named by a common noun ("Regionens", "Kommunen"): anaphoric, no name.
_ANAPHORIC_ORGS = {"region", "kommun", "stad", "universitet", "högskola", "myndighet", "bolag",
                   "företag", "skola", "förening", "förbund", "organisation", "verk",
                   "landsting", "koncern", "stiftelse", "institut", "sjukhus", "departement",
                   "regering", "styrelse", "nämnd", "förvaltning", "lärosäte", "kommunförbund"}
_STOP_COMPLEMENT = {"vid", "på", "i", "hos", "inom", "som", "är", "var", "har", "blir", "och",
                    "respektive", "resp",
                    "med", "till", "från", "samt", "men", "eller", "om", "att", "under", "efter",
                    "den", "det", "de", "sedan", "där"}


_ACRONYM_GEN = re.compile(r"[A-ZÅÄÖ]{2,8}:s")


def _acronym_genitive(doc: Doc, toks: list, i: int, end: int, name: str,
                      found: list[Span]) -> Span:
    """A genitive acronym: "VEMAB: s", "SUHF:s"; a legal form takes the company's name
    before it along: "Norrskog Innovation AB:s vd" -> Norrskog Innovation AB."""
    start = i
    if name in LEGAL_FORMS:
        taken = {k for s in found for k in range(s.start, s.end)}
        while start > 0 and _cap(toks[start - 1]) and start - 1 not in taken and i - start < 4:
            start -= 1
        name = f"{view(doc).span_text(start, i)} {name}".strip()
    span = Span(doc, start, end, label="ORG")
    span.kb_id_ = name
    span.id_ = "gen"
    return span


@lru_cache(maxsize=200_000)
def _proper_org(text: str) -> bool:
    return _PROPER_ORG.match(text) is not None


_HET_NOUN = re.compile(r"(.{2,}enhet)(en|er|erna)?$")


@lru_cache(maxsize=200_000)
def _het_noun(low: str) -> bool:
    """A dictionary noun in -het that only looks like a unit in -enhet: "erfarenheten",
    "lägenheten", "förmögenheten" (made from adjectives and participles), as opposed
    to the unit compounds "utvecklingsenheten", "IT-enheten" that no dictionary lists."""
    m = _HET_NOUN.match(low)
    return bool(m) and "-" not in low and m.group(1) in known_lemmas()


@lru_cache(maxsize=200_000)
def is_unit(low: str) -> bool:
    return _UNIT.search(low) is not None and not _het_noun(low)


def base_form(text: str) -> str:
    """Strip a genitive -s from the last word ("Lunds universitets" -> "Lunds universitet",
    "VEMAB: s" -> "VEMAB")."""
    text = re.sub(r"\s*:\s*s$", "", text)
    if re.search(r"[^s]s$", text) and not text.endswith(("ss", "ens ", "us")):
        return text[:-1]
    return text


def _cap(tok) -> bool:
    t = tok.text
    return bool(t[:1].isupper()) and (tok.is_alpha or "-" in t)


class _LexiconMatcher:
    """Organisation names of the lexicon as token sequences, matched on the shared
    token view: ``exact[first token] -> [(tokens, label, canonical, genitive)]`` and
    the same for lower-cased one-word agency/university/region names. Built once per
    process (tokenising ~5,600 forms takes a second) and shared by every pipeline."""

    def __init__(self, tokenize) -> None:
        self.exact: dict[str, list[tuple[tuple[str, ...], str, str, bool]]] = {}
        self.lower: dict[str, list[tuple[tuple[str, ...], str, str, bool]]] = {}
        forms: list[tuple[str, str, str, bool, bool]] = []
        for name_, entry in orgs().items():
            label = _KIND_LABEL.get(entry.kind, "ORG")
            variants = [(name_, False)]
            if not name_.endswith(("s", "x", "z")):
                variants.append((name_ + "s", True))
            for form, gen in variants:
                lower = entry.kind in ("agency", "university", "region") and " " not in form \
                    and len(form) > 6
                forms.append((form, label, entry.canonical, gen, lower))
        for (form, label, canonical, gen, lower), words in zip(
                forms, tokenize([f[0] for f in forms])):
            item = (tuple(words), label, canonical, gen)
            self.exact.setdefault(words[0], []).append(item)
            if lower:
                low = tuple(w.lower() for w in words)
                self.lower.setdefault(low[0], []).append((low, label, canonical, gen))

    def matches(self, toks: list) -> list[tuple[int, int, str, str, bool]]:
        """(start, end, label, canonical, genitive) for every lexicon name in ``toks``."""
        out = []
        n = len(toks)
        exact, lower = self.exact, self.lower
        texts = [t.text for t in toks]
        for i in [i for i, t in enumerate(texts) if t in exact]:
            for words, label, canonical, gen in exact[texts[i]]:
                k = len(words)
                if k == 1 or i + k <= n and texts[i:i + k] == list(words):
                    out.append((i, i + k, label, canonical, gen))
        if lower:
            lowers = [t.lower_ for t in toks]
            for i in [i for i, t in enumerate(lowers) if t in lower]:
                for words, label, canonical, gen in lower[lowers[i]]:
                    k = len(words)
                    if k == 1 or i + k <= n and lowers[i:i + k] == list(words):
                        out.append((i, i + k, label, canonical, gen))
        out.sort(key=lambda m: m[0])
        return out


_MATCHER: _LexiconMatcher | None = None


def lexicon_matcher(nlp: Language | None = None) -> _LexiconMatcher:
    """The process-wide organisation matcher (tokenised with ``nlp``'s tokenizer the
    first time; Swedish spaCy pipelines share the tokenizer rules)."""
    global _MATCHER
    if _MATCHER is None:
        tokenizer = (nlp or spacy.blank("sv")).tokenizer
        _MATCHER = _LexiconMatcher(
            lambda texts: ([t.text for t in d] for d in tokenizer.pipe(texts)))
    return _MATCHER


class OrgFinder:
    """spaCy component: ``doc.spans["orgs"]``."""

    def __init__(self, nlp: Language, name: str = "textmine_orgs", use_ner: bool = True) -> None:
        self.name = name
        self.use_ner = use_ner
        self.matcher = lexicon_matcher(nlp)

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["orgs"] = find_orgs(doc, self)
        return doc


def _lexicon_spans(doc: Doc, finder: OrgFinder) -> list[Span]:
    spans = []
    for start, end, label, canonical, gen in finder.matcher.matches(view(doc).toks):
        span = Span(doc, start, end, label=label)
        span.kb_id_ = canonical
        span.id_ = "gen" if gen else ""
        spans.append(span)
    return spans


def _pattern_spans(doc: Doc) -> list[Span]:
    spans = []
    toks = view(doc).toks
    n = len(toks)
    for i, tok in enumerate(toks):
        low = tok.lower_
        # "<Name> kommun", "Västerås stads", "Sophiahemmet högskola"
        if low in _ORG_NOUN_FORMS and i > 0 and _cap(toks[i - 1]) \
                and not is_title_word(toks[i - 1].text):
            noun, label = _ORG_NOUN_FORMS[low]
            start = i - 1
            while start > 0 and _cap(toks[start - 1]) and i - start < 3 \
                    and not is_title_word(toks[start - 1].text):
                start -= 1
            gen = low.endswith("s") and not noun.endswith("s")
            span = Span(doc, start, i + 1, label=label)
            if noun in _INDEFINITE_NAMES:  # "Lunds universitets" -> "Lunds universitet"
                span.kb_id_ = view(doc).span_text(start, i) + " " + noun
            else:  # as written: "Karolinska Universitetssjukhusets" -> "...sjukhuset"
                written = view(doc).span_text(start, i + 1)
                span.kb_id_ = base_form(written) if gen else written
            span.id_ = "gen" if gen else ""
            spans.append(span)
        # "Region X", "Region Jönköpings län"
        elif tok.text == "Region" and i + 1 < n and _cap(toks[i + 1]):
            end = i + 2
            while end < n and (_cap(toks[end]) or toks[end].lower_ in ("län", "läns")) and end - i < 4:
                end += 1
            span = Span(doc, i, end, label="REGION")
            span.kb_id_ = base_form(span.text)
            span.id_ = "gen" if span.text != span.kb_id_ else ""
            spans.append(span)
        # "Högskolan i X", "Universitetet i X", "Högskolan Dalarna"
        elif tok.text in ("Högskolan", "Universitetet") and i + 1 < n:
            if toks[i + 1].lower_ == "i" and i + 2 < n and _cap(toks[i + 2]):
                end = i + 3
            elif _cap(toks[i + 1]):
                end = i + 2
            else:
                continue
            span = Span(doc, i, end, label="UNIVERSITY")
            span.kb_id_ = base_form(span.text)
            span.id_ = "gen" if span.text != span.kb_id_ else ""
            spans.append(span)
        elif i > 0 and toks[i - 1].text not in (".", "!", "?", "–", "-") \
                and not toks[i - 1].is_space and _proper_org(tok.text):  # not a sentence start
            span = Span(doc, i, i + 1, label="ORG")
            span.kb_id_ = base_form(tok.text) if tok.text.endswith("s") else tok.text
            span.id_ = "gen" if span.kb_id_ != tok.text else ""
            spans.append(span)
        # "VEMAB: s", "SUHF:s" genitive acronyms
        elif tok.text.isupper() and 2 <= len(tok.text) <= 8 and tok.is_alpha \
                and tok.text not in PARTIES and i + 2 < n and toks[i + 1].text == ":" \
                and toks[i + 2].text == "s":
            spans.append(_acronym_genitive(doc, toks, i, i + 3, tok.text, spans))
        elif ":" in tok.text and _ACRONYM_GEN.fullmatch(tok.text):
            spans.append(_acronym_genitive(doc, toks, i, i + 1, tok.text[:-2], spans))
        elif tok.is_alpha and is_unit(low):
            unit = _unit_span(doc, i)
            if unit is not None:
                spans.append(unit)
    return spans


def _unit_span(doc: Doc, i: int) -> Span | None:
    toks = view(doc).toks
    tok = toks[i]
    low = tok.lower_
    if _het_noun(low) and not tok.text[:1].isupper():
        return None
    named = bool(_UNIT.match(low)) is False  # a compound: "planavdelningen"
    m = _UNIT.search(low)
    if m and m.start() < 3:
        named = False
    definite = bool(_UNIT_DEFINITE.search(low)) or tok.text[:1].isupper() or (
        # a genitive owner makes it definite: "landstingsdirektörens stab"
        i > 0 and toks[i - 1].is_alpha and toks[i - 1].lower_.endswith(("ens", "ets")))
    if not definite:
        return None
    start, end = i, i + 1
    # adjectives and determiners before: "det administrativa kontoret", "Strategiska avdelningen"
    while start > 0 and toks[start - 1].is_alpha and (
        toks[start - 1].lower_.endswith("a") and toks[start - 1].lower_ not in
        ("de", "efter", "inte", "alla", "andra", "båda", "samma", "varje", "denna", "vilka")
        and toks[start - 1].lower_ not in TEMPORAL
    ) and not toks[start - 1].lower_.endswith(("na", "ade")):
        start -= 1
        named = True
    if start > 0 and toks[start - 1].lower_ in ("det", "den") and start < i + 1 and named:
        start -= 1
    # hyphen coordination: "vård- och omsorgsförvaltningen", "hälsa-, vård- och omsorgs..."
    while start >= 2 and toks[start - 1].lower_ in ("och", "eller") \
            and toks[start - 2].text.endswith("-") and len(toks[start - 2].text) > 2:
        start -= 2
        named = True
        while start >= 2 and toks[start - 1].text == "," and toks[start - 2].text.endswith("-") \
                and len(toks[start - 2].text) > 2:
            start -= 2
    # genitive owner before: "landstingsdirektörens stab"
    if start == i and i > 0 and toks[i - 1].lower_.endswith(("ens", "ns")) and toks[i - 1].is_alpha:
        start -= 1
        named = True
    # complement: "institutionen för matematisk statistik", "akademin för ekonomi, samhälle och teknik"
    if end + 1 < len(toks) and toks[end].lower_ == "för" and toks[end + 1].text[:1].islower() \
            and toks[end + 1].lower_ not in _STOP_COMPLEMENT:
        k = end + 1
        # a word right before a person's name is the clause's verb: "vid Institutionen
        # för historiska studier tillträder Erik Lundh"
        person_starts = {s.start for s in doc.spans.get("persons", [])}
        while k < len(toks) and k + 1 not in person_starts:
            t = toks[k]
            if t.is_alpha and t.text[:1].islower() and t.lower_ not in _STOP_COMPLEMENT:
                k += 1
            elif t.lower_ in ("och", ",") and k + 1 < len(toks) and toks[k + 1].is_alpha \
                    and toks[k + 1].text[:1].islower() and toks[k + 1].lower_ not in _STOP_COMPLEMENT:
                k += 1
            else:
                break
        end = k
        named = True
    # "länssjukvårdsområde 2", "lokalpolisområde Botkyrka"
    if end < len(toks) and low.endswith(("område", "polisregion")) and (
            toks[end].like_num or toks[end].is_alpha and toks[end].text[:1].isupper()
            and toks[end].text[1:].islower()):
        end += 1
        named = True
    if not named:
        return None
    span = Span(doc, start, end, label="UNIT")
    span.kb_id_ = span.text
    return span


def _ner_orgs(doc: Doc, found: list[Span]) -> list[Span]:
    """ORG entities of the NER model where the lexicon and patterns found nothing; not
    over a person, without a title in front ("Rektor Lunds universitet")."""
    toks = view(doc).toks
    taken = {i for s in found for i in range(s.start, s.end)}
    taken.update(i for s in doc.spans.get("persons", []) for i in range(s.start, s.end))
    out = []
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        start, end = ent.start, ent.end
        while start < end and (is_title_word(toks[start].text) or toks[start].is_punct):
            start += 1
        while end > start and toks[end - 1].is_punct:
            end -= 1
        if end == start or any(i in taken for i in range(start, end)) \
                or any(t.is_space for t in toks[start:end]):
            continue
        text = view(doc).span_text(start, end)
        if len(text) < 2 or text.upper() in PARTIES:  # "rektor, M" (a cut text), "(S)"
            continue
        if end - start == 1 and table_lemma(base_form(text).lower()) in _ANAPHORIC_ORGS:
            continue  # a common noun, anaphoric: "Regionens personaldirektör"
        span = Span(doc, start, end, label="NER")
        # a genitive owns the noun after it ("Stockholm Exergis vd"); "på Volvo Cars."
        # keeps its -s
        nxt = toks[end] if end < len(toks) else None
        owns = nxt is not None and nxt.is_alpha and nxt.text[:1].islower()
        span.kb_id_ = base_form(text) if owns and text.endswith("s") else text
        span.id_ = "gen" if span.kb_id_ != text else ""
        out.append(span)
    return out


def find_orgs(doc: Doc, finder: OrgFinder) -> list[Span]:
    """Organisation spans of ``doc``, longest first where they overlap."""
    spans = filter_spans(_lexicon_spans(doc, finder) + _pattern_spans(doc))
    # a place inside a person's name is the name ("Ali Berg" is not Bergs kommun)
    in_person = {i for s in doc.spans.get("persons", []) if len(s) > 1
                 for i in range(s.start, s.end)}
    if in_person:
        spans = [s for s in spans if s.label_ != "PLACE" or s.start not in in_person]
    if finder.use_ner and doc.ents:
        spans = sorted(spans + _ner_orgs(doc, spans), key=lambda s: s.start)
    toks = view(doc).toks
    # aliases the text defines: "Södertörns högskola (Sh)" -> later "Sh"
    aliases: dict[str, str] = {}
    for span in spans:
        e = span.end
        if e + 2 < len(toks) and toks[e].text == "(" and toks[e + 2].text == ")" \
                and toks[e + 1].text[:1].isupper() and len(toks[e + 1].text) <= 8 \
                and toks[e + 1].text not in PARTIES:
            aliases[toks[e + 1].text] = span.kb_id_
    if aliases:
        taken = {i for s in spans for i in range(s.start, s.end)}
        for tok in toks:
            if tok.i not in taken:
                name = tok.text[:-1] if tok.text.endswith("s") and tok.text[:-1] in aliases \
                    else tok.text
                if name in aliases:
                    span = Span(doc, tok.i, tok.i + 1, label="ORG")
                    span.kb_id_ = aliases[name]
                    span.id_ = "gen" if name != tok.text else ""
                    spans.append(span)
        spans.sort(key=lambda s: s.start)
    return spans


@Language.factory("textmine_orgs", assigns=["doc.spans"], default_config={"use_ner": True})
def make_org_finder(nlp: Language, name: str, use_ner: bool) -> OrgFinder:
    return OrgFinder(nlp, name, use_ner)
