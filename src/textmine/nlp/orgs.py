"""Organisations: kommuner, regions, universities, agencies, companies and their units.

Found from the compiled lexicon (the 290 kommuner, 21 regions, universities and
university colleges, agencies with their aliases), from patterns ("X kommun",
"Region X", "Högskolan i X", "X universitet", "Kunskapsskolan"), from units
("samhällsbyggnadsförvaltningen", "institutionen för byggvetenskap", "Strategiska
avdelningen"), from the NER model's ORG entities, and from aliases the text defines
("Södertörns högskola (Sh)" and later "Sh").

The component ``textmine_orgs`` puts the spans in ``doc.spans["orgs"]``: ``label_`` is
the kind (KOMMUN, REGION, UNIVERSITY, AGENCY, ORG, UNIT, PLACE), ``kb_id_`` the
normalised name (genitive removed: "Södertörns högskolas" -> "Södertörns högskola";
aliases resolved) and ``id_`` is "gen" for a genitive mention.

>>> import spacy
>>> nlp = spacy.blank("sv"); _ = nlp.add_pipe("textmine_orgs")
>>> [(s.text, s.kb_id_) for s in nlp("Lunds universitets rektor besökte Botkyrka kommun.").spans["orgs"]]
[('Lunds universitets', 'Lunds universitet'), ('Botkyrka kommun', 'Botkyrka kommun')]
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lexicons import PARTIES, orgs

__all__ = ["OrgFinder", "find_orgs", "base_form"]

_KIND_LABEL = {
    "kommun": "KOMMUN", "region": "REGION", "län": "PLACE", "place": "PLACE",
    "university": "UNIVERSITY", "agency": "AGENCY", "organisation": "ORG", "alias": "ORG",
}
#: Nouns that make "<Name> noun" an organisation.
_ORG_NOUNS = {
    "kommun": "KOMMUN", "stad": "KOMMUN", "universitet": "UNIVERSITY", "högskola": "UNIVERSITY",
    "landsting": "REGION", "folkhögskola": "ORG", "kommunalförbund": "ORG",
    "universitetssjukhus": "ORG", "sjukhus": "ORG", "länsstyrelse": "AGENCY",
}
_ORG_NOUN_FORMS = {}
for _noun, _label in _ORG_NOUNS.items():
    for _form in (_noun, _noun + "s", _noun + "en", _noun + "ens", _noun + "et", _noun + "ets",
                  _noun + "n", _noun + "ns"):
        _ORG_NOUN_FORMS[_form] = (_noun, _label)
#: One-word proper names ending like an organisation ("Kunskapsskolan", "Skolverket").
_PROPER_ORG = re.compile(
    r"^[A-ZÅÄÖ][a-zåäöé]{2,}(skolan|skola|gymnasiet|institutet|verket|myndigheten|förbundet|"
    r"bolaget|sjukhuset|stiftelsen|akademien|fonden|kyrkan|teatern|museet|biblioteket)(s)?$"
)
#: Administrative units (rule O): "samhällsbyggnadsförvaltningen", "Planavdelningen".
_UNIT = re.compile(
    r"(förvaltning|avdelning|kontor|institution|enhet|stab|akademi|sektion|sekretariat|"
    r"kansli|centrum|område|byrå|division|verksamhet)(en|et|n)?$", re.I
)
_UNIT_DEFINITE = re.compile(
    r"(förvaltningen|avdelningen|kontoret|institutionen|enheten|staben|akademin|sektionen|"
    r"sekretariatet|kansliet|centrum|området|byrån|divisionen|område)$", re.I
)
_STOP_COMPLEMENT = {"vid", "på", "i", "hos", "inom", "som", "är", "var", "har", "blir", "och",
                    "med", "till", "från", "samt", "men", "eller", "om", "att", "under", "efter",
                    "den", "det", "de", "sedan", "där"}


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


class OrgFinder:
    """spaCy component: ``doc.spans["orgs"]``."""

    def __init__(self, nlp: Language, name: str = "textmine_orgs") -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.entries: dict[str, tuple[str, str, bool]] = {}
        exact, lower = [], []
        for name_, entry in orgs().items():
            label = _KIND_LABEL.get(entry.kind, "ORG")
            forms = [(name_, False)]
            if not name_.endswith(("s", "x", "z")):
                forms.append((name_ + "s", True))
            for form, gen in forms:
                key = f"O{len(self.entries)}"
                self.entries[key] = (label, entry.canonical, gen)
                exact.append((key, form))
                if entry.kind in ("agency", "university", "region") and " " not in form \
                        and len(form) > 6:
                    lower.append((key, form.lower()))
        for key, form in exact:
            self.matcher.add(key, [nlp.make_doc(form)])
        for key, form in lower:
            self.lower_matcher.add(key, [nlp.make_doc(form)])

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["orgs"] = find_orgs(doc, self)
        return doc


def _lexicon_spans(doc: Doc, finder: OrgFinder) -> list[Span]:
    spans = []
    strings = doc.vocab.strings
    for matcher in (finder.matcher, finder.lower_matcher):
        for match_id, start, end in matcher(doc):
            label, canonical, gen = finder.entries[strings[match_id]]
            span = Span(doc, start, end, label=label)
            span.kb_id_ = canonical
            span.id_ = "gen" if gen else ""
            spans.append(span)
    return spans


def _pattern_spans(doc: Doc) -> list[Span]:
    spans = []
    n = len(doc)
    for i, tok in enumerate(doc):
        low = tok.lower_
        # "<Name> kommun", "Västerås stads", "Sophiahemmet högskola"
        if low in _ORG_NOUN_FORMS and i > 0 and _cap(doc[i - 1]):
            noun, label = _ORG_NOUN_FORMS[low]
            start = i - 1
            while start > 0 and _cap(doc[start - 1]) and i - start < 3:
                start -= 1
            gen = low.endswith("s") and not noun.endswith("s")
            span = Span(doc, start, i + 1, label=label)
            span.kb_id_ = doc[start:i].text + " " + noun
            span.id_ = "gen" if gen else ""
            spans.append(span)
        # "Region X", "Region Jönköpings län"
        elif tok.text == "Region" and i + 1 < n and _cap(doc[i + 1]):
            end = i + 2
            while end < n and (_cap(doc[end]) or doc[end].lower_ in ("län", "läns")) and end - i < 4:
                end += 1
            span = Span(doc, i, end, label="REGION")
            span.kb_id_ = base_form(span.text)
            span.id_ = "gen" if span.text != span.kb_id_ else ""
            spans.append(span)
        # "Högskolan i X", "Universitetet i X", "Högskolan Dalarna"
        elif tok.text in ("Högskolan", "Universitetet") and i + 1 < n:
            if doc[i + 1].lower_ == "i" and i + 2 < n and _cap(doc[i + 2]):
                end = i + 3
            elif _cap(doc[i + 1]):
                end = i + 2
            else:
                continue
            span = Span(doc, i, end, label="UNIVERSITY")
            span.kb_id_ = base_form(span.text)
            span.id_ = "gen" if span.text != span.kb_id_ else ""
            spans.append(span)
        elif _PROPER_ORG.match(tok.text) and i > 0 and not doc[i - 1].is_sent_start:
            span = Span(doc, i, i + 1, label="ORG")
            span.kb_id_ = base_form(tok.text) if tok.text.endswith("s") else tok.text
            span.id_ = "gen" if span.kb_id_ != tok.text else ""
            spans.append(span)
        # "VEMAB: s", "SUHF:s" genitive acronyms
        elif tok.text.isupper() and 2 <= len(tok.text) <= 8 and tok.is_alpha \
                and tok.text not in PARTIES and i + 2 < n and doc[i + 1].text == ":" \
                and doc[i + 2].text == "s":
            span = Span(doc, i, i + 3, label="ORG")
            span.kb_id_ = tok.text
            span.id_ = "gen"
            spans.append(span)
        elif re.fullmatch(r"[A-ZÅÄÖ]{2,8}:s", tok.text):
            span = Span(doc, i, i + 1, label="ORG")
            span.kb_id_ = tok.text[:-2]
            span.id_ = "gen"
            spans.append(span)
        elif _UNIT.search(low) and tok.is_alpha:
            unit = _unit_span(doc, i)
            if unit is not None:
                spans.append(unit)
    return spans


def _unit_span(doc: Doc, i: int) -> Span | None:
    tok = doc[i]
    low = tok.lower_
    named = bool(_UNIT.match(low)) is False  # a compound: "planavdelningen"
    m = _UNIT.search(low)
    if m and m.start() < 3:
        named = False
    definite = bool(_UNIT_DEFINITE.search(low)) or tok.text[:1].isupper()
    if not definite:
        return None
    start, end = i, i + 1
    # adjectives and determiners before: "det administrativa kontoret", "Strategiska avdelningen"
    while start > 0 and doc[start - 1].is_alpha and (
        doc[start - 1].lower_.endswith("a") and doc[start - 1].lower_ not in
        ("de", "efter", "inte", "alla", "andra", "båda", "samma", "varje", "denna", "vilka")
    ) and not doc[start - 1].lower_.endswith(("na", "ade")):
        start -= 1
        named = True
    if start > 0 and doc[start - 1].lower_ in ("det", "den") and start < i + 1 and named:
        start -= 1
    # genitive owner before: "landstingsdirektörens stab"
    if start == i and i > 0 and doc[i - 1].lower_.endswith(("ens", "ns")) and doc[i - 1].is_alpha:
        start -= 1
        named = True
    # complement: "institutionen för matematisk statistik", "akademin för ekonomi, samhälle och teknik"
    if end + 1 < len(doc) and doc[end].lower_ == "för" and doc[end + 1].text[:1].islower() \
            and doc[end + 1].lower_ not in _STOP_COMPLEMENT:
        k = end + 1
        while k < len(doc):
            t = doc[k]
            if t.is_alpha and t.text[:1].islower() and t.lower_ not in _STOP_COMPLEMENT:
                k += 1
            elif t.lower_ in ("och", ",") and k + 1 < len(doc) and doc[k + 1].is_alpha \
                    and doc[k + 1].text[:1].islower() and doc[k + 1].lower_ not in _STOP_COMPLEMENT:
                k += 1
            else:
                break
        end = k
        named = True
    # "länssjukvårdsområde 2"
    if end < len(doc) and doc[end].like_num and low.endswith("område"):
        end += 1
        named = True
    if not named:
        return None
    span = Span(doc, start, end, label="UNIT")
    span.kb_id_ = span.text
    return span


def find_orgs(doc: Doc, finder: OrgFinder) -> list[Span]:
    """Organisation spans of ``doc``, longest first where they overlap."""
    candidates = _lexicon_spans(doc, finder) + _pattern_spans(doc)
    for ent in doc.ents:
        if ent.label_ == "ORG":
            span = Span(doc, ent.start, ent.end, label="ORG")
            span.kb_id_ = base_form(ent.text) if ent.text.endswith("s") and len(ent) > 1 \
                else ent.text
            span.id_ = "gen" if span.kb_id_ != ent.text else ""
            candidates.append(span)
    spans = filter_spans(candidates)
    # aliases the text defines: "Södertörns högskola (Sh)" -> later "Sh"
    aliases: dict[str, str] = {}
    for span in spans:
        e = span.end
        if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")" \
                and doc[e + 1].text[:1].isupper() and len(doc[e + 1].text) <= 8 \
                and doc[e + 1].text not in PARTIES:
            aliases[doc[e + 1].text] = span.kb_id_
    if aliases:
        taken = {i for s in spans for i in range(s.start, s.end)}
        for tok in doc:
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


@Language.factory("textmine_orgs", assigns=["doc.spans"], default_config={})
def make_org_finder(nlp: Language, name: str) -> OrgFinder:
    return OrgFinder(nlp, name)
