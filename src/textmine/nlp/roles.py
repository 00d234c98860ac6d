"""Named roles: who holds which title at which organisation, for which party.

Reads the spans of the persons, titles and organisations components and ties them
together with rules for the constructions Swedish news uses:

* apposition: "Anna Berg, rektor vid Malmö universitet"; contact lines
  "Anna Berg, rektor, Malmö universitet"; juxtaposition "stadsdirektör Nacka kommun";
* title before the name: "rektor Anna Berg", "Lunds universitets rektor Anna Berg",
  "kommunstyrelsens ordförande Anna Berg (S)", stacked "rektor, professor Anna Berg";
* predicates: "Anna Berg, som är docent vid ...", "utsågs till", "tjänsten som",
  "hon har haft rollen som ..." (a pronoun refers to the person last named),
  inverted "Ny chef för X blir Anna Berg", passive "tjänsten som X är tillsatt av NAME";
  the organisation named earlier in the clause: "kom till ORG som TITLE", "ORG, där hon
  är TITLE";
* organisations after the title's preposition, also ones no lexicon knows: "vd för Tumba
  Bygg AB", "dekan för Fakulteten för hälsa och samhälle";
* coordination: "lektor och studierektor vid X" shares the trailing "vid X"; one person
  with two titles gives two roles; plural titles distribute over coordinated names
  ("A och B har utsetts till nya skolchefer", "Ersättare blir A, B och C");
* lists and captions: "Fr v: A, titel på Org, B, titel, Org och C"; a list header with
  a plural title ("Nya professorer är:") applies to the names on the lines below;
  contact cards with the title on the line above or below a name line.

Later mentions by given name or surname resolve to the full name and add no entry
of their own; a party label ("(S)", ", fp") goes to ``party``. The component
``textmine_roles`` sets ``doc._.roles`` (a list of :class:`textmine.document.Role`).

>>> import textmine
>>> [(r.person, r.title, r.org) for r in textmine.extract_roles(
...     "Anna Berg, docent vid Malmö universitet, leder projektet.")]  # doctest: +SKIP
[('Anna Berg', 'docent', 'Malmö universitet')]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..document import Role
from .lemmas import lemma_table
from .lexicons import LEGAL_FORMS, PARTIES
from .orgs import is_unit
from .persons import is_given_name
from .titles import CLASSIFIER, MODIFIERS, TEMPORAL
from .tokens import view

__all__ = ["RoleFinder", "find_roles", "segments"]

_PREPS = {"på", "vid", "i", "för", "hos", "inom"}
_LOCATIVE = {"på", "vid", "i", "hos", "inom"}
_TRIGGERS = {"som", "till", "är", "var", "blir", "blev", "varit", "bli", "vara", "tituleras", "utsedd",
             "utsedda", "vald", "valda", "utsågs", "utses", "utsetts", "utnämnd", "utnämnts"}
#: Words that may stand between a trigger and the title ("som idag är", "rollen som").
_FILLERS = {"en", "ett", "sin", "sitt", "sina", "ny", "nya", "tjänst", "tjänsten", "rollen",
            "roll", "uppdraget", "uppdrag", "funktion", "befattning", "befattningen", "idag",
            "i", "dag", "numera", "nu", "dessförinnan", "tidigare", "redan", "också", "även",
            "tillförordnad", "tf", "sedan", "många", "år", "direkt", "in", "den", "det", "har",
            "haft", "som", "är", "var", "varit", "blivit", "bli", "att", "tid", "tiden",
            "hennes", "hans", "en", "tillförordnade", "under", "vardags", "början", "slutet",
            "mitten", "av"}
_PRONOUNS = {"hon", "han", "hen", "henne", "honom"}
_PASSIVE = {"tillsatt", "tillsatts", "tillsattes", "besatt", "besatts", "besattes"}
#: Prepositions after which capitalised words name the title's organisation.
_NAMED_PREPS = {"vid", "på", "för", "hos", "inom"}
_STOP_NAMED = {"vid", "på", "i", "hos", "inom", "som", "är", "var", "har", "blir", "och",
               "med", "till", "från", "samt", "men", "eller", "om", "att", "under", "efter",
               "den", "det", "de", "sedan", "där", "sin", "sitt", "sina", "ska", "kan"}
#: Speech verbs: "– Titeln ..., säger NAME" is a quote, not an inverted clause.
_SPEECH = {"säger", "sa", "sade", "menar", "berättar", "konstaterar", "förklarar", "betonar",
           "understryker", "tillägger", "fortsätter", "påpekar", "skriver", "svarar"}
_ADVERBS = {"även", "också", "numera", "nu", "idag", "därmed", "dessutom", "sedan", "redan"}
_COORD = {",", "och", "samt", "&"}
#: Verbs that tie a title before a name to it in an inverted clause.
_INVERTING_VERBS = {
    "är", "var", "blir", "blev", "blivit", "heter", "hette", "tituleras", "tillträder",
    "tillträdde", "utses", "utsågs", "utsetts", "utsett", "utsedd", "utser", "utsåg",
    "utnämns", "utnämndes", "utnämnts", "utnämnde", "väljs", "valdes", "valts", "valt", "vald",
    "valde", "anställs", "anställdes", "anställts", "anställt", "anställde", "rekryteras",
    "rekryterades", "rekryterats", "rekryterat", "förordnas", "förordnades", "förordnats",
    "efterträds", "tillsätts", "tillsattes", "tillsatts",
}
#: Lower-case heads of an institution's name after its proper part ("Granlokets skola").
_INSTITUTION_BASES = {
    "skola", "gymnasium", "förskola", "grundskola", "gymnasieskola", "folkhögskola",
    "bibliotek", "stadsbibliotek", "museum", "konsthall", "sjukhus", "lasarett",
    "vårdcentral", "hälsocentral", "tandvård", "teater", "stadsteater", "kyrka", "församling",
    "stiftelse", "förening", "idrottsförening", "akademi", "institut", "tidning", "kulturhus",
    "bryggeri", "hotell", "fritidsgård", "kör", "orkester", "pastorat", "stift",
}
#: ... in the indefinite and the definite form ("Kurdiska kvinnoföreningen").
_INSTITUTION_HEADS = tuple(sorted(
    {b for b in _INSTITUTION_BASES} | {b + ("n" if b.endswith("e") else "en")
                                       for b in _INSTITUTION_BASES}
    | {b + ("t" if b.endswith("e") else "et") for b in _INSTITUTION_BASES}))
#: "A efterträder B som TITLE": both hold the title, one after the other.
_SUCCEEDS = {"efterträder", "efterträdde", "efterträtt", "ersätter", "ersatte", "ersatt",
             "avlöser", "avlöste"}
_RESPECTIVELY = {"respektive", "resp", "resp."}
#: "utbildade sig till X", "utbildad till X", "läste till X": an education (rule R1).
_EDUCATED = {"sig", "utbildad", "utbildade", "examinerad", "examinerades", "läste", "läser",
             "studerade", "studerar", "pluggade", "pluggar"}
#: Words that open a clause before a name: "Enligt Vasakronans vd", "Nu säger X".
_CLAUSE_OPENERS = {"enligt", "nu", "då", "när", "även", "också", "så", "men", "och", "i",
                   "på", "för", "från", "med", "hos", "vid", "efter", "under", "till", "som",
                   "det", "den", "detta", "därför", "dessutom", "samtidigt", "sedan"}
#: Quantifiers that give one title to several coordinated persons.
_ALL_OF = {"båda", "bägge", "alla", "samtliga"}
#: Titles of a municipality's or region's own offices: with them a place name after
#: "i" names the municipality ("kommunalrådet Anna Berg (S) i Nacka"); with other
#: titles it is only where the person is (rule O).
_LOCAL_OFFICE = re.compile(r"kommun|region|landsting|stads|borgar|nämnd|styrelse|fullmäktige"
                           r"|råd$")


@dataclass
class _Title:
    span: Span
    org: Span | None = None
    org_prep: str | None = None
    persons: list[Span] = field(default_factory=list)


def segments(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of sentences and lines: a break at . ! ? before a capital or a line
    end, at every line break, at bullets and at an en dash between spaces."""
    return view(doc).segments


def _lines(doc: Doc) -> list[tuple[int, int]]:
    return view(doc).lines


def _party_after(doc: Doc, end: int) -> tuple[str | None, int]:
    """A party label right after a name: "(S)" or ", s"; returns (party, next index)."""
    toks = view(doc).toks
    if end + 2 < len(toks) and toks[end].text == "(" and toks[end + 2].text == ")" \
            and toks[end + 1].text.upper() in PARTIES:
        return toks[end + 1].text.upper(), end + 3
    if end + 1 < len(toks) and toks[end].text == "," and toks[end + 1].text.endswith(".") \
            and toks[end + 1].text[:-1].upper() in PARTIES and toks[end + 1].text.islower() \
            and len(toks[end + 1].text) <= 3:  # ", c." at a sentence's end, one token
        return toks[end + 1].text[:-1].upper(), end + 2
    if end + 1 < len(toks) and toks[end].text == "," and toks[end + 1].text.upper() in PARTIES \
            and toks[end + 1].text.islower() and len(toks[end + 1].text) <= 2:
        nxt = toks[end + 2] if end + 2 < len(toks) else None
        if nxt is None or nxt.text in (",", "–", "-", ".", ")") or nxt.is_space \
                or "\n" in toks[end + 1].whitespace_:
            return toks[end + 1].text.upper(), end + 2
    if end < len(toks) and toks[end].text.upper() in PARTIES and toks[end].text.islower() \
            and len(toks[end].text) <= 2 and end > 0 and toks[end - 1].text == ",":
        return toks[end].text.upper(), end + 1
    return None, end


class _Index:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.view = view(doc)
        self.toks = self.view.toks
        self.person_at: dict[int, Span] = {}
        self.person_end: dict[int, Span] = {}
        for s in doc.spans.get("persons", []):
            self.person_at[s.start] = s
            self.person_end[s.end] = s
        self.org_at: dict[int, Span] = {}
        self.org_end: dict[int, Span] = {}
        for s in doc.spans.get("orgs", []):
            self.org_at.setdefault(s.start, s)
            self.org_end.setdefault(s.end, s)
        self.parties: dict[str, str] = {}
        self.after_person: dict[int, int] = {}  # person start -> index after party label
        for s in doc.spans.get("persons", []):
            party, nxt = _party_after(doc, s.end)
            if party and s.kb_id_:
                self.parties.setdefault(s.kb_id_, party)
            self.after_person[s.start] = nxt
        # parties written before the name's function: "Anna Berg (S) ordförande"


def _org_after(ix: _Index, t: Span, seg_end: int) -> tuple[Span | None, str | None, int]:
    """The organisation a title's complement names: (org, preposition, index after)."""
    toks = ix.toks
    k = t.end
    # the owner of a body inside the title: "ordförande i Sollefteå kommuns miljönämnd"
    for i in range(t.start + 1, t.end - 1):
        owner = ix.org_at.get(i)
        if owner is not None and owner.id_ == "gen" and owner.end < t.end:
            return owner, toks[i - 1].lower_, t.end
    # a party label between the title and its complement: "kommunalråd (S) i Huddinge"
    if k + 3 < seg_end and toks[k].text == "(" and toks[k + 1].text.upper() in PARTIES \
            and toks[k + 2].text == ")" and toks[k + 3].lower_ in _PREPS:
        k += 3
    if k < seg_end and toks[k].lower_ in _PREPS and k + 1 < seg_end:
        org = _place_institution(ix, ix.org_at.get(k + 1), seg_end)
        if org is None and (toks[k + 1].lower_ in TEMPORAL or CLASSIFIER.search(
                toks[k + 1].lower_)) and k + 2 < seg_end:
            # "chef för blivande kultur- och fritidsförvaltningen", "för nya Kultur och
            # Fritid", a classifier noun: "i energibolaget Solkraft Norr AB" (rule O)
            org = ix.org_at.get(k + 2)
            if org is not None and org.label_ != "PLACE" and org.end <= seg_end:
                return org, toks[k].lower_, org.end
            classified = CLASSIFIER.search(toks[k + 1].lower_) is not None
            org = _named_org(ix, k + 2, seg_end) \
                if toks[k].lower_ in _NAMED_PREPS or classified else None
            if org is not None:
                return org, toks[k].lower_, org.end
        if (toks[k].lower_ in _NAMED_PREPS or org is not None and org.label_ == "PLACE"
                and org.end < seg_end and toks[org.end].text[:1].isupper()) \
                and (org is None or org.label_ == "PLACE"):
            # "vd för Umeå Energi", "ordförande i Stockholm Exergi"
            named = _named_org(ix, k + 1, seg_end)
            if named is not None and (org is None or named.end > org.end):
                return named, toks[k].lower_, named.end
        if org is not None and org.end <= seg_end:
            if org.label_ == "PLACE" and toks[k].lower_ != "i":
                return None, None, k
            # a genitive owner with its unit: "på Skellefteå kommuns näringslivskontor"
            if org.id_ == "gen" and org.end < seg_end and toks[org.end].is_alpha \
                    and toks[org.end].text.islower() and is_unit(toks[org.end].lower_):
                unit = Span(ix.doc, org.start, org.end + 1, label="UNIT")
                unit.kb_id_ = ix.view.span_text(org.start, org.end + 1)
                return unit, toks[k].lower_, unit.end
            return org, toks[k].lower_, org.end
        if org is None and toks[k].lower_ == "i":
            # "i" takes a name only with an institution's head: "i Kurdiska kvinnoföreningen"
            named = _named_org(ix, k + 1, seg_end)
            if named is not None and ix.toks[named.end - 1].text.islower():
                return named, "i", named.end
        return None, None, k
    org = ix.org_at.get(k)
    # juxtaposed ("stadsdirektör Nacka kommun"): not a bare NER guess ("Verksamhetschef
    # Mötesplatser" names a remit)
    if org is not None and org.label_ not in ("PLACE", "NER") and org.id_ != "gen":
        return org, "", org.end
    # or a company its legal form marks: "vd Fastighets AB Förvaltaren", "vd Hagby Bygg AB"
    if k < seg_end and toks[k].text[:1].isupper() and (org is None or org.label_ == "NER"):
        named = _named_org(ix, k, seg_end)
        if _company(named):
            return named, "", named.end
    if k + 1 < seg_end and toks[k].text == ",":
        org = ix.org_at.get(k + 1)
        if org is None and toks[k + 1].text[:1].isupper():
            named = _named_org(ix, k + 1, seg_end)  # "kommunikationsansvarig, X Energi AB"
            if _company(named):
                org = named
        if org is not None and org.label_ not in ("PLACE",) and org.id_ != "gen":
            after = toks[org.end] if org.end < len(toks) else None
            if org.end >= seg_end or after is None or after.text in (",", "(", ")", ".", "och",
                                                                     "–") or after.is_space:
                return org, ",", org.end
    return None, None, k


def _place_institution(ix: _Index, org: Span | None, seg_end: int) -> Span | None:
    """A place and the institution it names: "Köpings pastorat", "Västerås stift",
    "Sala församling" (not the municipality)."""
    toks = ix.toks
    if org is None or org.label_ != "PLACE" or org.end >= seg_end:
        return org
    head = toks[org.end]
    if head.is_alpha and head.text.islower() and head.lower_.endswith(_INSTITUTION_HEADS):
        span = Span(ix.doc, org.start, org.end + 1, label="ORG")
        span.kb_id_ = ix.view.span_text(org.start, org.end + 1)
        return span
    return org


def _company(span: Span | None) -> bool:
    """Whether a name holds a legal form: "Fastighets AB Förvaltaren", "X Energi AB"."""
    return span is not None and any(tok.text in LEGAL_FORMS for tok in span)


def _named_org(ix: _Index, i: int, seg_end: int) -> Span | None:
    """An organisation no lexicon knows, named by capitalised words after a title's
    preposition: "vd för Tumba Bygg AB", "forskare vid Stockholm Resilience Centre",
    "dekan för Fakulteten för lärande och samhälle". Not a person, not a place."""
    toks = ix.toks
    j = i
    while j < seg_end and j - i < 6 and j not in ix.person_at and (
            toks[j].text[:1].isupper() and (toks[j].is_alpha or "-" in toks[j].text)
            or j > i and toks[j].text == "&"
            # "Kultur och Fritid", "Vård och Omsorg"
            or j > i and toks[j].lower_ == "och" and j + 1 < seg_end
            and toks[j + 1].text[:1].isupper() and toks[j + 1].is_alpha
            and j + 1 not in ix.person_at):
        j += 1
    at = ix.org_at.get(i)
    if j == i or at is not None and at.label_ != "PLACE" or toks[j - 1].text in ("&", "och"):
        return None
    # a lower-case head after the name: "Granlokets skola", "Tornbergets gymnasium"
    if j < seg_end and toks[j].is_alpha and toks[j].text.islower() \
            and toks[j].lower_.endswith(_INSTITUTION_HEADS):  # also "lantbruksskola"
        j += 1
    if j - i == 1 and toks[i].text.isupper() and toks[i].text in PARTIES:
        return None
    # a complement: "Fakulteten för lärande och samhälle", "Centrum för AI i offentlig sektor"
    if j + 1 < seg_end and toks[j].lower_ == "för" and toks[j + 1].is_alpha \
            and toks[j + 1].lower_ not in _STOP_NAMED:
        k = j + 1
        while k < seg_end and k - j < 7 and k not in ix.person_at and k + 1 not in ix.person_at and (
                toks[k].is_alpha and toks[k].lower_ not in _STOP_NAMED
                or toks[k].lower_ in ("och", "i") and k + 1 < seg_end and toks[k + 1].is_alpha
                and toks[k + 1].lower_ not in _STOP_NAMED):
            k += 1
        if toks[k - 1].lower_ not in ("och", "i"):
            j = k
    span = Span(ix.doc, i, j, label="ORG")
    span.kb_id_ = ix.view.span_text(i, j)
    return span


def _org_after_person(ix: _Index, t: _Title, person: Span, seg_end: int) -> Span | None:
    """The organisation named right after the person of a title written before the name:
    "docent Anna Berg vid Umeå universitet", "kommunalrådet Anna Berg (S) i Nacka",
    "professor Anna Berg, Lunds universitet, ...", "Projektledare är Anna Berg på X"."""
    toks = ix.toks
    k = max(person.end, ix.after_person.get(person.start, person.end))
    if k + 1 >= seg_end:
        return None
    prep = toks[k].lower_
    if prep in _LOCATIVE:
        org = _place_institution(ix, ix.org_at.get(k + 1), seg_end)
        if prep in _NAMED_PREPS and (org is None or org.label_ == "PLACE"):
            named = _named_org(ix, k + 1, seg_end)
            if named is not None and (org is None or named.end > org.end):
                return named
        if org is None or org.end > seg_end:
            return None
        if org.label_ == "PLACE":
            return org if prep == "i" and _LOCAL_OFFICE.search(t.span.kb_id_) \
                and "polis" not in t.span.kb_id_ else None  # "kommunpolisen NAME i X"
        return org
    if toks[k].text == ",":
        org = ix.org_at.get(k + 1)
        if org is None or org.label_ in ("PLACE", "NER") or org.id_ == "gen":
            return None
        after = toks[org.end] if org.end < len(toks) else None
        if org.end >= seg_end or after is None or after.is_space \
                or after.text in (",", "(", ")", ".", "och", "–"):
            return org
    return None


def _org_before(ix: _Index, t: Span) -> Span | None:
    org = ix.org_end.get(t.start)
    if org is not None and org.id_ == "gen":
        return org
    # a name no lexicon knows, in the genitive, right before the title: "Tunabyggens vd",
    # "Vasakronans affärsområdeschef", "LiU:s prorektor" (not a person's: "Annas chef")
    k = t.start - 1
    if org is None and k >= 0 and not any(p.start <= k < p.end for p in ix.person_end.values()):
        text = ix.toks[k].text
        base = text[:-2] if text.endswith(":s") else text[:-1] if text.endswith("s") else None
        if base and len(base) > 1 and base[:1].isupper() and base.replace("-", "").isalpha() \
                and not is_given_name(base) and base.lower() not in lemma_table():
            j = k  # the whole name: "Jönköping Energis vd"
            while j > 0 and k - j < 3 and ix.toks[j - 1].is_alpha \
                    and ix.toks[j - 1].text[:1].isupper() \
                    and ix.toks[j - 1].lower_ not in _CLAUSE_OPENERS \
                    and ix.toks[j - 1].lower_ not in lemma_table() \
                    and not any(p.start <= j - 1 < p.end for p in ix.person_end.values()):
                j -= 1
            span = Span(ix.doc, j, k + 1, label="ORG")
            span.kb_id_ = f"{ix.view.span_text(j, k)} {base}".strip()
            span.id_ = "gen"
            return span
    return None


def _person_left(ix: _Index, t: _Title, seg_start: int) -> tuple[Span | None, float]:
    toks = ix.toks
    k = t.span.start
    if t.org is not None and t.org_prep is None:  # genitive org before the title
        return None, 0
    comma = False
    # "NAME, i dag TITLE", "NAME, tidigare TITLE"
    if k - 2 > seg_start and toks[k - 1].lower_ == "dag" and toks[k - 2].lower_ == "i" \
            and toks[k - 3].text == ",":
        k -= 2
    elif k - 1 > seg_start and toks[k - 1].lower_ in _ADVERBS and toks[k - 2].text == ",":
        k -= 1
    while k > seg_start:
        prev = toks[k - 1].text
        if prev in (",", "(", ")"):
            comma = comma or prev == ","
            k -= 1
        elif prev.upper() in PARTIES and k - 2 >= seg_start and toks[k - 2].text in ("(", ","):
            k -= 1
        else:
            break
    p = ix.person_end.get(k)
    if p is None and not comma:
        # "blir Anna Berg även rektor": a short adverb between name and title
        j = k
        while j > seg_start and k - j < 2 and toks[j - 1].lower_ in _ADVERBS:
            j -= 1
        if j < k:
            p = ix.person_end.get(j)
            if p is not None and p.start >= seg_start:
                return p, 1.8
    if p is None or p.start < seg_start:
        return None, 0
    return p, 1.5 if comma else 2.0


def _person_right(ix: _Index, t: _Title, after: int, seg_end: int) -> tuple[Span | None, float]:
    toks = ix.toks
    k = t.span.end
    p = ix.person_at.get(k)
    if p is not None and p.end <= seg_end:
        return p, 3.0
    if t.org is not None and t.org_prep:
        p = ix.person_at.get(after)
        if p is not None and p.end <= seg_end:
            return p, 2.5
        if after + 1 < seg_end and toks[after].text == "," and t.span.id_ == "def":
            p = ix.person_at.get(after + 1)
            if p is not None:
                return p, 1.0
    if k + 1 < seg_end and toks[k].text == ",":
        p = ix.person_at.get(k + 1)
        if p is not None and t.span.id_ == "def":
            return p, 1.0
        # an apposition closed by a comma: "Kommunens säkerhetssamordnare, NAME, berättar"
        nxt = ix.after_person.get(p.start, p.end) if p is not None else seg_end
        if p is not None and t.span.id_ == "sg" and nxt < seg_end and toks[nxt].text == ",":
            return p, 0.5
    return None, 0


def _trigger_before(doc: Doc, t: Span, seg_start: int,
                    gen_org_ends: dict[int, int] | None = None) -> int | None:
    """Index of a predicate word ("som", "är", "till", ...) shortly before the title."""
    toks = view(doc).toks
    gen_org_ends = gen_org_ends or {}
    k = t.start - 1
    steps = 0
    while k >= seg_start and steps < 6:
        if k in gen_org_ends:
            k = gen_org_ends[k] - 1
            steps += 1
            continue
        low = toks[k].lower_
        if low in _TRIGGERS:
            if low == "till" and k + 1 < len(toks) and toks[k + 1].lower_ == "att":
                return None  # "fram till att en ny rektor är på plats"
            if low == "till" and k > 0 and toks[k - 1].lower_ in _EDUCATED:
                return None  # education, not a role: "utbildade sig till sjuksköterska"
            return k
        if low not in _FILLERS and low not in MODIFIERS and low not in TEMPORAL \
                and low not in _PRONOUNS \
                and not toks[k].like_num and not (
                    # a definite genitive owner: "var tidigare kommunens klimatstrateg"
                    k == t.start - 1 and toks[k].is_alpha and toks[k].text.islower()
                    and low.endswith(("ens", "ets", "ans"))):
            return None
        k -= 1
        steps += 1
    return None


def _clause_org(ix: _Index, seg_start: int, trig: int, person: Span) -> Span | None:
    """The organisation of a predicate title named earlier in its clause:
    "ORG, där hon är TITLE", "kom till ORG 2014 som TITLE", "arbetade vid ORG, bland
    annat som TITLE". Only the last organisation after a locative preposition counts."""
    toks = ix.toks
    low = toks[trig].lower_
    start = max(seg_start, person.end if person.start >= seg_start else seg_start)
    for k in range(trig - 1, start, -1):
        if toks[k].lower_ == "där" and k >= 2 and toks[k - 1].text == ",":
            org = ix.org_end.get(k - 1)
            if org is not None and org.label_ != "PLACE":
                return org
            # a name no lexicon knows after a preposition: "från Boliden, där hon ..."
            j = k - 1
            while j > start and toks[j - 1].is_alpha and toks[j - 1].text[:1].isupper():
                j -= 1
            if j < k - 1 and toks[j - 1].lower_ in ("från", "vid", "på", "hos", "inom") \
                    and org is None:
                named = _named_org(ix, j, k - 1)
                if named is not None and named.end == k - 1:
                    return named
            return None
    if low != "som":
        return None
    for k in range(trig - 1, start, -1):
        org = ix.org_end.get(k)
        if org is not None and org.start > start and org.label_ not in ("PLACE",) \
                and org.id_ != "gen" and toks[org.start - 1].lower_ in (
                    "vid", "på", "till", "hos", "inom", "i") \
                and not any(t.lower_ in ("och", "men", "eller") or t.text in (".", ";", ":")
                            for t in toks[org.end:trig]):
            return org
    return None


def _passive_agent(ix: _Index, t: _Title, seg_end: int) -> Span | None:
    """The person who fills a post stated passively: "tjänsten som TITLE ... är
    tillsatt av NAME", "posten som TITLE har besatts av NAME"."""
    toks = ix.toks
    k = t.after  # type: ignore[attr-defined]
    for j in range(k, min(seg_end - 2, k + 8)):
        if toks[j].lower_ in _PASSIVE and toks[j + 1].lower_ == "av":
            p = ix.person_at.get(j + 2)
            if p is not None and p.end <= seg_end:
                return p
            return None
    return None


def _group_before(ix: _Index, k: int, seg_start: int) -> list[Span]:
    """Coordinated persons ending before index ``k`` ("A, B och C har ...")."""
    toks = ix.toks
    people: list[Span] = []
    j = k
    skipped = 0
    while j > seg_start and skipped < 3 and toks[j - 1].is_alpha and toks[j - 1].text.islower():
        j -= 1
        skipped += 1
    while True:
        p = ix.person_end.get(j)
        if p is None or p.start < seg_start:
            break
        people.insert(0, p)
        j = p.start
        if j > seg_start and toks[j - 1].lower_ in _COORD:
            j -= 1
        else:
            break
    return people


def _respectively(ix: _Index, items: list[_Title], seg_start: int) -> set[int]:
    """Pair names and titles in order: "A och B, ordförande respektive vice ordförande",
    "A och B har anställts som X respektive Y". Returns the ids of the titles given a
    person."""
    toks = ix.toks
    done: set[int] = set()
    i = 0
    while i < len(items):
        chain, respectively = [items[i]], False
        while not respectively and len(chain) < len(items) - i:
            a, b = chain[-1], items[i + len(chain)]
            own_org = a.org is not None and a.span.end <= a.org.start < b.span.start
            between = [tok.lower_ for tok in toks[a.org.end if own_org else a.span.end:
                                                  b.span.start]]
            if between not in ([","], ["respektive"], ["resp."], ["resp", "."]):
                break
            chain.append(b)
            respectively = between[0].startswith("resp")
        first = chain[0].span.start
        if respectively and first - 1 > seg_start and (
                toks[first - 1].text == "," or toks[first - 1].lower_ in ("som", "till")):
            group = _group_before(ix, first - 1, seg_start)
            if len(group) == len(chain):
                for t, p in zip(chain, group):
                    t.persons = [p]
                    done.add(id(t))
        i += len(chain)
    return done


def _respective_orgs(ix: _Index, t: _Title, seg_end: int) -> list[Span]:
    """The organisations "X respektive Y" after a title, in order."""
    if t.org is None or t.org.start < t.span.end:
        return []
    orgs = [t.org]
    k = t.org.end
    while k + 1 < seg_end and ix.toks[k].lower_ in (",", "respektive", "resp") \
            and (k + 1) in ix.org_at:
        orgs.append(ix.org_at[k + 1])
        k = orgs[-1].end
    return orgs if len(orgs) > 1 and ix.toks[orgs[-2].end].lower_.startswith("resp") else []


def _genitive(person: Span) -> bool:
    """A full name in the genitive ("Lars Lindqvists efterträdare") owns something; it
    is not the subject of its clause."""
    return " " in person.text and person.text.endswith("s") and person.kb_id_ == person.text[:-1]


def _inverted(ix: _Index, t: _Title, person: Span) -> bool:
    """A copula, an appointment verb or an apposition ties a title before a name to it:
    "Ny rektor blir NAME", "Ersättare är A och B", "Rektor heter NAME", "Styrelsens
    ordförande, NAME, säger"."""
    toks = ix.toks
    k = ix.after_person.get(person.start, person.end)
    if person.start == t.after + 1 and toks[t.after].text == "," \
            and k < len(toks) and toks[k].text == ",":  # type: ignore[attr-defined]
        return True  # apposition: "Styrelsens ordförande, NAME, säger ..."
    between = toks[t.after:person.start]  # type: ignore[attr-defined]
    if len(between) == 1 and between[0].text == ":":
        return True  # a labelled line: "Ordförande: NAME (S)"
    if 0 < len(between) <= 3 and all(tok.is_alpha and tok.text[:1].isupper() for tok in between):
        return True  # a remit or unit between: "Verksamhetschef Mötesplatser NAME"
    return any(tok.lower_ in _INVERTING_VERBS
               for tok in toks[t.after:person.start]) or (  # type: ignore[attr-defined]
        k < len(toks) and toks[k].lower_ in _INVERTING_VERBS)


def _persons_after(ix: _Index, k: int, seg_end: int) -> list[Span]:
    out = []
    for i in range(k, seg_end):
        p = ix.person_at.get(i)
        if p is not None and p.end <= seg_end:
            out.append(p)
    return out


def _title_text(t: Span) -> str:
    return t.kb_id_


def find_roles(doc: Doc) -> list[Role]:
    """The roles stated in ``doc`` (persons, titles and orgs must be found first)."""
    ix = _Index(doc)
    toks = ix.toks
    titles = list(doc.spans.get("titles", []))
    if not titles or not doc.spans.get("persons"):
        return []
    segs = segments(doc)
    found: list[tuple[Span, _Title, Span]] = []  # (person, title, statement scope)
    person_starts = sorted(ix.person_at)
    seg_starts = ix.view.segment_starts

    def seg_of(i: int) -> tuple[int, int] | None:
        k = bisect.bisect_right(seg_starts, i) - 1
        if k >= 0 and segs[k][0] <= i < segs[k][1]:
            return segs[k]
        return None

    def previous_person(before: int) -> Span | None:
        for start in reversed(person_starts):
            if start < before:
                p = ix.person_at[start]
                if p.kb_id_ and " " in p.kb_id_:
                    return p
        return None

    gen_ends = {o.end - 1: o.start for o in doc.spans.get("orgs", []) if o.id_ == "gen"}
    by_seg: dict[tuple[int, int], list[_Title]] = {}
    for span in titles:
        seg = seg_of(span.start)
        if seg is None:
            continue
        t = _Title(span)
        gen = _org_before(ix, span)
        org, prep, after = _org_after(ix, span, seg[1])
        if org is not None:
            t.org, t.org_prep = org, prep
        elif gen is not None:
            t.org, t.org_prep = gen, None
        t.after = after  # type: ignore[attr-defined]
        by_seg.setdefault(seg, []).append(t)

    for seg, items in list(by_seg.items()):
        # a title word inside another title's organisation names no role: "vd Fastighets
        # AB Förvaltaren"
        inside = [(t.org.start, t.org.end) for t in items if t.org is not None]
        by_seg[seg] = items = [t for t in items if not any(
            a <= t.span.start and t.span.end <= b for a, b in inside)]
        s, e = seg
        lead_org = None
        if e - s > 2 and toks[s].lower_ in _PREPS and s + 1 in ix.org_at \
                and ix.org_at[s + 1].label_ != "PLACE":
            lead_org = ix.org_at[s + 1]  # "För institutionen X är NAME prefekt"
        for t in items:
            if t.org is not None and t.org.label_ in ("UNIT", "ORG", "NER") \
                    and t.org.id_ != "gen" and t.org.start >= t.span.end:
                # the unit's parent: "akademin för X, MDU", "socialförvaltningen i
                # Järfälla kommun", "institutionen för Y vid Umeå universitet"; a named
                # unit's: "Tema Miljöförändring, LiU"
                k = t.org.end
                link = toks[k].lower_ if k + 1 < e else None
                named_unit = t.org.label_ != "UNIT"
                parent = ix.org_at.get(k + 1) if link in (
                    (",",) if named_unit else (",", "i", "vid", "på")) else None
                if parent is not None and (parent.label_ == "PLACE" and link != "i"
                                           or named_unit and parent.label_ in (
                                               "PLACE", "NER", "UNIT")):
                    parent = None
                if parent is not None and named_unit and parent.end < e \
                        and toks[parent.end].lower_ in ("och", "samt", ","):
                    parent = None  # a list of organisations, not a unit's parent
                if parent is not None and parent.label_ != "UNIT" and parent.end <= e:
                    chain = doc[t.org.start:parent.end]
                    chain.kb_id_ = chain.text
                    t.org = chain
                    t.after = parent.end  # type: ignore[attr-defined]
            elif t.org is None and lead_org is not None and t.span.start > lead_org.end:
                t.org, t.org_prep = lead_org, toks[s].lower_
        # a trailing locative org shared by coordinated titles: "lektor och studierektor vid
        # X", "lektor, docent och prefekt vid X" (from the last conjunct backwards)
        for a, b in reversed(list(zip(items, items[1:]))):
            if a.org is None and b.org is not None and b.org_prep in _LOCATIVE \
                    and a.span.end < b.span.start and " i " not in a.span.kb_id_ \
                    and toks[b.span.start].lower_ not in TEMPORAL \
                    and all(tok.lower_ in _COORD or tok.lower_ in _RESPECTIVELY
                            for tok in toks[a.span.end:b.span.start]):
                a.org, a.org_prep = b.org, b.org_prep
                a.after = a.span.end  # type: ignore[attr-defined]
        paired = _respectively(ix, items, s)
        for t in items:
            if id(t) in paired:
                continue
            # "A och B, båda forskare vid X": the title of each coordinated person
            k0 = t.span.start
            if k0 - 2 > s and toks[k0 - 1].lower_ in _ALL_OF and toks[k0 - 2].text == ",":
                group = _group_before(ix, k0 - 2, s)
                if len(group) > 1:
                    t.persons = group
                    continue
            left, ls = _person_left(ix, t, s)
            right, rs = _person_right(ix, t, t.after, e)  # type: ignore[attr-defined]
            best = None
            if left is not None or right is not None:
                best = left if ls >= rs else right
                if best is right and t.span.id_ == "pl":
                    group = [right] + [p for p in _persons_after(ix, right.end, e)]
                    t.persons = _coordinated(ix, group)
                    continue
                t.persons = [best]
                if best is right and t.org is None:
                    t.org = _org_after_person(ix, t, right, e)
                    t.org_prep = "after person" if t.org is not None else None
                continue
            trig = _trigger_before(doc, t.span, s, gen_ends)
            if trig is not None:
                group = _group_before(ix, trig, s)
                if t.span.id_ == "pl" and group:
                    t.persons = group
                    continue
                k = trig
                p = None
                for start in reversed(person_starts):
                    q = ix.person_at[start]
                    # a genitive owns the noun after it, except "Xs tid som TITLE"
                    if s <= start < k and (not _genitive(q) or q.end < len(toks)
                                           and toks[q.end].lower_ in ("tid", "tiden")):
                        p = ix.person_at[start]
                        break
                if p is None and any(tok.lower_ in _PRONOUNS for tok in toks[s:t.span.start]):
                    p = previous_person(s)
                if p is not None:
                    t.persons = [p]
                    # "A efterträder B som TITLE": B held the office and A takes it over
                    if p.start - 1 > s and toks[p.start - 1].lower_ in _SUCCEEDS:
                        subject = ix.person_end.get(p.start - 1)
                        if subject is not None and subject.start >= s:
                            t.persons = [subject, p]
                    if t.org is None:
                        t.org = _clause_org(ix, s, trig, p)
                        t.org_prep = "clause" if t.org is not None else None
                    continue
            # passive: "tjänsten som chef för X är tillsatt av NAME"
            passive = _passive_agent(ix, t, e)
            if passive is not None:
                t.persons = [passive]
                continue
            # inverted: "Ny chef för X blir NAME", "Till rektor har NAME utsetts",
            # "Ersättare blir A, B och C"
            # "Karlstads kommuns nya näringslivschef heter NAME"
            lead = t.org.start if t.org is not None and t.org_prep is None \
                and t.org.end == t.span.start else t.span.start
            before = [tok for tok in toks[s:lead] if not tok.is_punct]
            labelled = t.after < e and toks[t.after].text == ":" and len(before) <= 2 \
                and all(tok.is_alpha for tok in before)  # "Övriga ledamöter: A, s, B, v"
            if labelled:
                before = []
            if all(tok.lower_ in ("till", "som", "som", "och") or tok.like_num
                   for tok in before):
                after_people = _persons_after(ix, t.after, e)  # type: ignore[attr-defined]
                if after_people and any(tok.lower_ in _SPEECH
                                        for tok in toks[t.span.end:after_people[0].start]):
                    after_people = []
                # without "till"/"som" only a copula or an appointment verb makes the
                # clause inverted: not "Rektorn träffade NAME"
                if after_people and not before and not _inverted(ix, t, after_people[0]):
                    after_people = []
                if after_people:
                    if t.span.id_ == "pl" or t.span.kb_id_ in ("ersättare", "ledamot"):
                        t.persons = _coordinated(ix, after_people)
                    elif toks[lead].text[:1].isupper() or before:
                        t.persons = [after_people[0]]
                        if t.org is None:
                            t.org = _org_after_person(ix, t, after_people[0], e)
                            t.org_prep = "after person" if t.org is not None else None
        # stacked titles share the person: "rektor, professor NAME", "NAME, lektor och prefekt"
        for _ in range(2):
            for a, b in zip(items, items[1:]):
                between = toks[a.span.end if a.org is None else max(a.span.end, a.org.end):
                              b.span.start]
                if not all(tok.lower_ in _COORD or tok.text in "()" for tok in between):
                    continue
                if a.persons and not b.persons and _person_left(ix, b, s)[0] is None:
                    b.persons = list(a.persons)
                elif b.persons and not a.persons and b.persons[0].start > b.span.start:
                    a.persons = list(b.persons)
        for t in items:
            orgs = _respective_orgs(ix, t, e)
            for k, p in enumerate(t.persons):
                title = t
                if len(orgs) == len(t.persons) > 1:  # "A och B ... vid X respektive Y"
                    title = _Title(t.span, org=orgs[k], org_prep=t.org_prep)
                found.append((p, title, doc[min(p.start, t.span.start):max(p.end, t.span.end)]))

    found += _list_headers(doc, ix, by_seg)
    found += _contact_cards(doc, ix, by_seg)
    found += _dash_items(ix, by_seg)
    return _to_roles(doc, ix, found)


def _coordinated(ix: _Index, people: list[Span]) -> list[Span]:
    """The persons of a list "A, B och C" that are joined by commas or "och"."""
    toks = ix.toks
    out = [people[0]]
    for p in people[1:]:
        prev = out[-1]
        nxt = ix.after_person.get(prev.start, prev.end)
        between = toks[nxt:p.start]
        # an affiliation between the names: "A, Malmö universitet, och B"
        org = ix.org_at.get(nxt + 1) if len(between) > 2 and between[0].text == "," else None
        if org is not None and org.end < p.start:
            between = toks[org.end:p.start]
        if all(tok.lower_ in _COORD or tok.is_space for tok in between) or \
                len(between) <= 4:
            out.append(p)
    return out


def _list_headers(doc: Doc, ix: _Index, by_seg: dict) -> list[tuple[Span, _Title, Span]]:
    """A list header applies its title to the names on the lines below (rule R7).

    The header is a line without names that holds a plural title and ends with ":"
    or a verb ("Nya professorer är:", "Till ledamöter utses"), or a line made only
    of titles separated by dashes ("Ledamöter – Ersättare"): then each dash-separated
    column of the lines below gets its own title. The list ends at the first line
    without a name.
    """
    toks = ix.toks
    out = []
    lines = _lines(doc)
    starts = [ls for ls, _ in lines]
    titles_on: dict[int, list[_Title]] = {}  # line index -> titles starting on it
    for seg, items in by_seg.items():
        li = bisect.bisect_right(starts, seg[0]) - 1
        if li >= 0 and seg[0] < lines[li][1]:
            titles_on.setdefault(li, []).extend(items)
    person_lines = {bisect.bisect_right(starts, p) - 1 for p in ix.person_at}
    for li, (ls, le) in enumerate(lines):
        if li not in titles_on:
            continue
        if li in person_lines:
            # a header after a sentence on the same line: "... Ali Hussein (M). Ledamöter:"
            segs = [seg for seg in by_seg if ls <= seg[0] < le]
            last = max(segs) if segs else None
            if last is None or last[0] == ls or any(p in ix.person_at
                                                   for p in range(last[0], last[1])):
                continue
            ls = last[0]
        titles = sorted((t for t in titles_on[li] if t.span.start >= ls),
                        key=lambda t: t.span.start)
        words = [tok for tok in toks[ls:le] if not tok.is_space and tok.text not in "•·▪"]
        covered = {i for t in titles for i in range(t.span.start, t.span.end)}
        columns: list[_Title] = []
        if len(titles) >= 2 and all(tok.i in covered or tok.text in ("–", "-", "/", "|")
                                    for tok in words):
            columns = titles
        else:
            header = [t for t in titles if t.span.id_ == "pl" and not t.persons]
            text = ix.view.span_text(ls, le).strip()
            if not header or not (text.endswith((":", "är", "blir")) or "utses" in text
                                  or "utsedda" in text):
                continue
            columns = [header[-1]]
        for ns, ne in lines[li + 1:]:
            if ns >= ne or not ix.view.span_text(ns, ne).strip():
                continue
            people = [ix.person_at[i] for i in range(ns, ne) if i in ix.person_at
                      and ix.person_at[i].kb_id_ and " " in ix.person_at[i].kb_id_]
            if not people:
                break
            # a line with a title of its own before the names is a new statement:
            # "Ersättare blir A, B och C", "Högtiden leds av prorektor NAME"
            if any(t.span.start < people[0].start
                   for t in titles_on.get(bisect.bisect_right(starts, ns) - 1, ())
                   if t.span.start >= ns):
                break
            col_breaks = [tok.i for tok in toks[ns:ne] if tok.text in ("–", "|")]
            for p in people:
                col = sum(1 for b in col_breaks if b < p.start) if len(columns) > 1 else 0
                if col >= len(columns):
                    continue
                t = columns[col]
                item = _Title(t.span, persons=[p])
                # "Name, institutionen för X", "Name – Institutionen för X" (one column):
                # the unit the item names is its org
                k = ix.after_person.get(p.start, p.end)
                link = (",", "–", "-", ":") if len(columns) == 1 else (",",)
                if k + 1 < ne and toks[k].text in ("–", "-", ":") and len(columns) == 1 \
                        and (k + 1) not in ix.org_at:
                    # "Name – finska, institutionen för X": the subject the header's title
                    # is in (rule R7), then the unit
                    item, k = _list_subject(ix, t, p, k + 1, ne)
                if k + 1 < ne and toks[k].text in link and (k + 1) in ix.org_at:
                    item.org, item.org_prep = ix.org_at[k + 1], ","
                out.append((p, item, doc[ns:ne]))
    return out


def _list_subject(ix: _Index, t: _Title, p: Span, j: int, end: int) -> tuple[_Title, int]:
    """A list item's subject after its dash: "professor" + "medicinsk bioinformatik" ->
    "professor i medicinsk bioinformatik". Returns the item and the index after it."""
    toks = ix.toks
    k = j
    while k < end and toks[k].text not in (",", ".", ";", "(") and k not in ix.org_at \
            and (toks[k].is_alpha or toks[k].text.endswith("-")) and k - j < 6:
        k += 1
    words = [tok.lower_ for tok in toks[j:k]]
    if not words or toks[j].text[:1].isupper():  # a name, not a subject
        return _Title(t.span, persons=[p]), j - 1
    span = Span(ix.doc, t.span.start, t.span.end, label=t.span.label_)
    span.kb_id_ = f"{t.span.kb_id_} i {' '.join(words)}"
    span.id_ = t.span.id_
    return _Title(span, persons=[p]), k


def _dash_items(ix: _Index, by_seg: dict) -> list[tuple[Span, _Title, Span]]:
    """List lines "NAME – TITLE, ...": the dash splits them into two segments."""
    toks = ix.toks
    title_at = {t.span.start: t for items in by_seg.values() for t in items}
    line_starts = set(ix.view.segment_starts)
    out = []
    for start, p in ix.person_at.items():
        if not p.kb_id_ or " " not in p.kb_id_:
            continue
        first = start - 1 if start > 0 and toks[start - 1].text in "•·▪-*" else start
        if first not in line_starts:
            continue
        k = ix.after_person.get(start, p.end)
        t = title_at.get(k + 1) if k + 1 < len(toks) and toks[k].text in ("–", "-") else None
        while t is not None and not t.persons:
            out.append((p, t, ix.doc[start:t.span.end]))
            # stacked after a comma: "NAME – kommunikationschef, tidigare presschef på X"
            j = max(t.span.end, t.org.end if t.org is not None else 0)
            t = title_at.get(j + 1) if j + 1 < len(toks) and toks[j].text in (",", "och") \
                else None
    return out


def _contact_cards(doc: Doc, ix: _Index, by_seg: dict) -> list[tuple[Span, _Title, Span]]:
    """A line holding only a name, next to a line that is a title."""
    toks = ix.toks
    out = []
    # non-empty lines; a blank line between two lines parts them: in signature blocks
    # "NAME / title, Org / (blank) / NAME / ..." each name's title is below it
    lines: list[tuple[int, int]] = []
    blank_before: list[bool] = []
    text = doc.text  # built once: doc.text walks every token
    for s, e in _lines(doc):
        if e > s and ix.view.span_text(s, e).strip():
            gap = text[doc[lines[-1][1] - 1].idx:doc[s].idx] if lines else ""
            blank_before.append(gap.count("\n") >= 2)
            lines.append((s, e))
    title_lines: dict[int, _Title] = {}
    all_at: dict[int, list[_Title]] = {}
    for seg, items in by_seg.items():
        for t in items:
            title_lines.setdefault(t.span.start, t)
            all_at.setdefault(t.span.start, []).append(t)
    for idx, (s, e) in enumerate(lines):
        p = ix.person_at.get(s)
        if p is None or p.end != e and ix.after_person.get(p.start) != e or not p.kb_id_:
            continue
        # neighbours without a blank line between first, then across one
        near = [j for j in (idx - 1, idx + 1) if 0 <= j < len(lines)]
        for j in sorted(near, key=lambda j: blank_before[max(j, idx)]):
            ns, ne = lines[j]
            if ne - ns > 10 or any(q in ix.person_at for q in range(ns, ne)):
                continue
            t = title_lines.get(ns)
            if t is None:
                continue
            # the rest of a signature's title line: "NAME / rektor, Gäddede skola"
            k = _party_after(doc, t.span.end)[1]
            if t.org is None and j == idx + 1 and k + 1 < ne and toks[k].text == "," \
                    and ne - k <= 9 and (toks[k + 1].text[:1].isupper() or any(
                        o.label_ != "PLACE" for o in doc.spans.get("orgs", [])
                        if k < o.start < ne)):
                rest = Span(doc, k + 1, ne, label="ORG")
                rest.kb_id_ = rest.text.strip()
                t = _Title(t.span, org=rest, org_prep="card")
            # an organisation on the line below the title line: "Name / Title / Org"
            if t.org is None and j == idx + 1 and j + 1 < len(lines):
                os_, oe = lines[j + 1]
                org = ix.org_at.get(os_)
                if org is not None and org.end == oe and org.label_ != "PLACE":
                    t = _Title(t.span, org=org, org_prep="card")
                    ne = oe
            out.append((p, t, doc[min(s, ns):max(e, ne)]))
            # coordinated titles on the line: "Ställföreträdande kulturchef och strateg"
            for k in range(ns, ne):
                for t2 in all_at.get(k, ()):
                    if t2 is not t:
                        out.append((p, t2, doc[min(s, ns):max(e, ne)]))
            break
    return out


def _to_roles(doc: Doc, ix: _Index, found: list[tuple[Span, _Title, Span]]) -> list[Role]:
    roles: dict[tuple[str, str, str | None], Role] = {}
    for p, t, _ in found:
        # a party label after the person's title: "Lars Åhman, vice ordf, fp"
        if p.kb_id_ and p.kb_id_ not in ix.parties and p.start < t.span.start:
            # right after the title ("kommunalråd (S) i Huddinge"), else after its org
            party = _party_after(doc, t.span.end)[0]
            if party is None and t.org is not None and t.org.start >= t.span.end:
                party = _party_after(doc, t.org.end)[0]
            if party is not None:
                ix.parties[p.kb_id_] = party
    for p, t, scope in found:
        person = p.kb_id_
        if not person or " " not in person:
            continue
        title = _title_text(t.span)
        org = t.org.kb_id_ if t.org is not None else None
        org_surface = t.org.text if t.org is not None and t.org.text != org else None
        surface = t.span.text if t.span.text.lower() != title else None
        key = (person.lower(), title, org)
        if key in roles:
            continue
        roles[key] = Role(
            person=person,
            title=title,
            org=org,
            party=ix.parties.get(person),
            start=scope.start_char,
            end=scope.end_char,
            sentence=_sentence_of(doc, scope),
            title_surface=surface,
            org_surface=org_surface,
        )
    # one mention with the org and one without: the org wins (rule R2)
    out = []
    with_org = {(k[0], k[1]) for k in roles if k[2]}
    for (person, title, org), role in roles.items():
        if org is None and (person, title) in with_org:
            continue
        out.append(role)
    out.sort(key=lambda r: (r.start or 0, r.person))
    return out


def _sentence_of(doc: Doc, scope: Span) -> str:
    v = view(doc)
    segs = v.segments
    k = bisect.bisect_right(v.segment_starts, scope.start) - 1
    if k >= 0:
        s, e = segs[k]
        if s <= scope.start < e:
            return v.span_text(s, max(e, scope.end)).strip()
    return scope.text


class RoleFinder:
    """spaCy component: ``doc._.roles``."""

    def __init__(self, nlp: Language, name: str = "textmine_roles") -> None:
        self.name = name
        if not Doc.has_extension("roles"):
            Doc.set_extension("roles", default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.roles = find_roles(doc)
        return doc


@Language.factory(
    "textmine_roles",
    assigns=["doc._.roles"],
    requires=["doc.spans"],
    default_config={},
)
def make_role_finder(nlp: Language, name: str) -> RoleFinder:
    for needed in ("textmine_persons", "textmine_orgs", "textmine_titles"):
        if needed not in nlp.pipe_names:
            nlp.add_pipe(needed, before=name if name in nlp.pipe_names else None)
    return RoleFinder(nlp, name)
