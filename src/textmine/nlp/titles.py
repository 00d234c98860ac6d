"""Titles: find job titles, offices and academic ranks in Swedish text.

A title is a word from the titles lexicon (JobTech occupations and SSYK groups, the 2020
variants, academic and political titles) in any inflected form ("rektorn",
"professorerna"), or a compound ending in a title head ("etableringsdirektör"), with
its modifiers ("biträdande", "tf", "vice"), hyphen coordination ("hälso- och
sjukvårdsdirektör"), a governing body in the genitive ("kommunstyrelsens
ordförande") and qualifiers ("professor i företagsekonomi", "ordförande för
kulturberedningen").

The component ``textmine_titles`` puts the spans in ``doc.spans["titles"]``: each span's
``kb_id_`` is the normalised title (lower case, head noun in indefinite singular,
temporal words such as "nya" dropped) and ``id_`` its number ("sg", "def", "pl").

>>> import spacy
>>> nlp = spacy.blank("sv"); _ = nlp.add_pipe("textmine_titles")
>>> doc = nlp("Den nya rektorn och biträdande förvaltningschefen")
>>> [s.kb_id_ for s in doc.spans["titles"]]
['rektor', 'biträdande förvaltningschef']
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from .lemmas import lemmatize
from .lexicons import title_heads, titles
from .tokens import view

__all__ = ["find_titles", "is_title_word", "title_lemma", "TitleFinder", "CLASSIFIER"]

#: Modifiers kept in the title.
MODIFIERS = {
    "vice", "biträdande", "bitr", "bitr.", "tf", "tf.", "t.f", "t.f.", "tillförordnad",
    "tillförordnade",
    "ställföreträdande", "stf", "stf.", "adjungerad", "adjungerade", "förste", "andre", "tredje",
    "interim", "tillträdande", "senior", "vikarierande", "konstituerad", "ordinarie",
}
#: Temporal status words: part of what is written, dropped from the normalised title.
TEMPORAL = {"ny", "nya", "nye", "nuvarande", "avgående", "blivande", "tidigare", "förre", "förra",
            "f.d.", "f.d", "fd", "förutvarande",
            "dåvarande", "nytillträdde", "nyvalde", "nyvalda", "nyutnämnde", "nyutnämnda"}
#: Classifier nouns before an organisation's name ("i energibolaget Solkraft Norr AB"):
#: not a remit of the title, and stripped from the organisation (rule O).
CLASSIFIER = re.compile(r"^\w*(bolaget|företaget|koncernen|stiftelsen|föreningen|förbundet"
                        r"|organisationen|myndigheten|byrån|firman|kedjan)$")
#: Bodies that stay inside a title ("kommunstyrelsens ordförande", "ordförande för
#: regionstyrelsen", "ledamot av gruppen").
_BODY = re.compile(r"(styrelse|nämnd|beredning|utskott|fullmäktige|grupp|råd|presidium|"
                   r"delegation|kommitté|direktion)(n|en|et|ens|ns|ets|s)?$")
#: Heads that take a subject qualifier with "i" ("professor i medicin").
_SUBJECT_HEADS = ("professor", "docent", "lektor", "adjunkt", "forskare", "doktorand",
                  "lärare", "assistent", "postdoktor")
#: Degrees and statuses that look like titles but are not roles (rule R1).
NOT_TITLES = {"civilekonom", "civilingenjör", "student", "doktor", "stipendiat", "pristagare",
              "kontaktperson", "talare", "moderator", "medarbetare", "anställd", "elev"}
#: Elliptical list items: "A (S) ordförande, B (C) vice" -> "vice ordförande".
_ELLIPTIC = {"vice", "andre", "förste", "tredje", "biträdande", "ställföreträdande"}
#: "för perioden 2024–2027" is a term of office, not a remit.
_PERIODS = {"perioden", "tiden", "året", "åren", "mandatperioden", "läsåret", "verksamhetsåret",
            "hösten", "våren", "sommaren", "vintern", "resten", "en", "ett", "två", "tre", "fyra",
            "fem", "sex"}
#: Prepositions before an authority's name ("hos Polisen", "på Tullen").
_AUTHORITY_PREPS = {"hos", "på", "vid", "från", "till", "med", "inom", "av", "för"}
#: Determiners: a subject ("professor i sociologi") never starts with one.
_DETERMINERS = {"en", "ett", "den", "det", "de", "denna", "detta", "dessa", "sin", "sitt",
                "sina", "hans", "hennes", "deras", "vår", "vårt", "våra", "sådan", "samma"}
#: Past-tense and modal verbs that may stand between a title and a name.
_VERB_BEFORE_NAME = {"fick", "blev", "tog", "gav", "ska", "kan", "fått", "blir"}
_STOP_AFTER = {"vid", "på", "i", "för", "hos", "inom", "och", "som", "är", "var", "har",
               "medan", "när", "då", "eftersom", "fast", "men", "sedan", "tills", "innan",
               "blir", "med", "till", "från", "samt", "men", "eller", "om"}


@lru_cache(maxsize=100_000)
def title_lemma(word: str) -> str | None:
    """The base form of ``word`` when it is a title ("rektorn" -> "rektor"), else None."""
    low = word.lower()
    if not low or not low[0].isalpha() or low in NOT_TITLES:
        return None
    known = titles()
    if low in known:
        return low
    lemma = lemmatize(low)
    if len(lemma) > len(low):  # "forskar" (a verb) is not "forskare"
        return None
    if lemma in known and lemma != low[:-1] + "s":
        return lemma
    if "-" in low[1:-1]:  # "IT-direktör", "HR-chefen"
        head, _, tail = low.rpartition("-")
        sub = title_lemma(tail)
        if sub and len(head) >= 2:
            return f"{head}-{sub}"
        return None
    heads = title_heads()
    for cand in (low, lemma):
        for i in range(3, len(cand) - 3):
            tail = cand[i:]
            if tail in heads or tail in known and len(tail) >= 5:
                if cand in NOT_TITLES:
                    return None
                return cand[:i] + tail
            base = lemmatize(tail)
            if base in heads and cand[:i].isalpha():
                return cand[:i] + base
    return None


@lru_cache(maxsize=200_000)
def is_title_word(word: str) -> bool:
    """True when ``word`` (any inflected form) is a title."""
    low = word.lower()
    if low.endswith("s") and len(low) > 4 and title_lemma(low[:-1]) and not title_lemma(low) \
            in titles():
        return False  # a genitive: "direktörens stab" names a unit, not a person's title
    if low.endswith(("ens", "ns", "ets")) and title_lemma(low[:-1]):
        return False
    return title_lemma(word) is not None


#: Heads that are titles only with their adjective: "vetenskaplig ledare" (a named
#: project function, rule R1), not "ledare" alone.
_ADJECTIVE_HEADS = {"ledare"}


def _adjective_title(toks: list, i: int) -> str | None:
    """The adjective of a two-word title of the lexicon ending at ``i``, in base form:
    "medicinsk direktör", "vetenskapliga ledaren" -> "vetenskaplig"."""
    if i == 0 or not toks[i - 1].is_alpha:
        return None
    word = toks[i].lower_
    head = title_lemma(word) or lemmatize(word)
    if head not in _ADJECTIVE_HEADS and title_lemma(word) is None:
        return None
    adj = toks[i - 1].lower_
    for base in (adj, adj[:-1] if adj.endswith(("a", "e")) else None):
        if base and f"{base} {head}" in titles():
            return base
    return None


def _number(surface: str, lemma: str) -> str:
    low = surface.lower()
    head = lemma.split()[-1]
    if low == head or low.endswith("."):
        return "sg"
    if low.endswith("na") and len(low) > len(head):
        return "pl"
    # neuter heads: "regionrådet" is one, "regionråden" several
    if head.endswith(("råd", "ombud")) and low == head + "en":
        return "pl"
    if low.endswith(("er", "or", "ar")) and len(low) > len(head):
        return "pl"
    if low.endswith(("n", "en", "et")) and len(low) > len(head):
        return "def"
    return "sg"


def _definite(body: str) -> str:
    """A governing body in the definite form: "miljönämnd" -> "miljönämnden",
    "styrelse" -> "styrelsen"; a definite form stays."""
    if body.endswith(("en", "et", "n")) or body.endswith("fullmäktige"):
        return body
    return body + ("n" if body.endswith("e") else "en")


def _is_body(text: str) -> bool:
    return bool(_BODY.search(text.lower())) and text[:1].islower()


def find_titles(doc: Doc) -> list[Span]:
    """Title spans of ``doc`` with their normalised form in ``kb_id_``."""
    spans: list[Span] = []
    toks = view(doc).toks
    n = len(toks)
    org_starts = {s.start for s in doc.spans.get("orgs", [])}
    gen_orgs = {s.start: s for s in doc.spans.get("orgs", []) if s.id_ == "gen"}
    person_starts = {s.start for s in doc.spans.get("persons", [])}
    in_org = {i for s in doc.spans.get("orgs", []) if s.label_ != "PLACE"
              for i in range(s.start, s.end)}
    i = 0
    while i < n:
        tok = toks[i]
        if tok.lower_ in _ELLIPTIC and spans and i - spans[-1].end < 12 \
                and not (i + 1 < n and (is_title_word(toks[i + 1].text)
                                        or toks[i + 1].lower_ in MODIFIERS
                                        or toks[i + 1].text.endswith("-"))) \
                and (i == 0 or toks[i - 1].lower_ not in _ELLIPTIC):
            k = i + 1
            mods = [tok.lower_]
            while k < n and toks[k].lower_ in _ELLIPTIC:
                mods.append(toks[k].lower_)
                k += 1
            if k >= n or not is_title_word(toks[k].text):
                head = spans[-1].kb_id_.split(" för ")[0].split(" i ")[0].split()[-1]
                span = Span(doc, i, k, label="TITLE")
                span.kb_id_ = " ".join(mods + [head])
                span.id_ = "sg"
                spans.append(span)
                i = k
                continue
        title_word = is_title_word(tok.text)
        adjective = None if title_word else _adjective_title(toks, i)
        # "hos Polisen", "till Tullen": a capitalised definite title word after a
        # preposition inside a sentence names an authority, not a person's title
        authority = tok.text[:1].isupper() and i > 0 and toks[i - 1].lower_ in _AUTHORITY_PREPS \
            and tok.lower_.endswith(("en", "n")) and i > 1 and toks[i - 2].text not in (".", "\n")
        if authority or i in in_org or not (adjective or title_word) or (
                tok.text[:1].isupper() and tok.text.isupper() and len(tok.text) > 2):
            i += 1
            continue
        head_lemma = title_lemma(tok.text) or lemmatize(tok.lower_)
        start, end = i, i + 1
        parts = [head_lemma]
        # multiword titles in the lexicon: "medicinsk direktör", "vice ordförande",
        # "vetenskaplige ledaren"
        adjective = adjective or (_adjective_title(toks, i) if i > 0 else None)
        if adjective and toks[start - 1].lower_ not in MODIFIERS:
            start -= 1
            parts.insert(0, adjective)
        # hyphen coordination: "hälso- och sjukvårdsdirektör"
        while start >= 2 and toks[start - 1].lower_ in ("och", "eller", "&") \
                and toks[start - 2].text.endswith("-") and len(toks[start - 2].text) > 2:
            start -= 2
            parts[0:0] = [toks[start].lower_, toks[start + 1].lower_]
        # modifiers and governing bodies before the head
        temporal = False
        while start > 0:
            prev = toks[start - 1]
            low = prev.lower_
            if low == "." and start > 1 and toks[start - 2].lower_ in ("t.f", "tf", "bitr", "stf"):
                start -= 2
                parts.insert(0, toks[start].lower_ + ".")
            elif low == "." and start > 1 and toks[start - 2].lower_ in ("f.d", "fd") \
                    and not temporal:  # "f.d. landshövdingen": written, not kept
                start -= 2
                temporal = True
            elif low in MODIFIERS:
                start -= 1
                parts.insert(0, low)
            elif low in TEMPORAL and not temporal:
                start -= 1
                temporal = True
            elif low.endswith("s") and _is_body(low[:-1]) and low[:-1] not in ("grupp",):
                start -= 1
                parts.insert(0, low)
                # "barn- och utbildningsnämndens ordförande"
                while start >= 2 and toks[start - 1].lower_ in ("och", "eller") \
                        and toks[start - 2].text.endswith("-") and len(toks[start - 2].text) > 2:
                    start -= 2
                    parts[0:0] = [toks[start].lower_, toks[start + 1].lower_]
            else:
                break
        # qualifiers after the head
        if end < n:
            nxt = toks[end].lower_
            owner = gen_orgs.get(end + 1)
            if nxt in ("i", "för") and owner is not None and owner.end < n \
                    and _is_body(toks[owner.end].text):
                # "ordförande i Sollefteå kommuns miljönämnd" -> "ordförande i
                # miljönämnden", the owner is the organisation (rule T4)
                parts += [nxt, _definite(toks[owner.end].lower_)]
                end = owner.end + 1
            elif nxt in ("för", "av", "i") and end + 1 < n and _is_body(toks[end + 1].text):
                parts += [nxt, toks[end + 1].lower_]
                end += 2
            elif nxt in ("för", "av", "i") and end + 3 < n and toks[end + 1].text.endswith("-") \
                    and toks[end + 2].lower_ in ("och", "eller") \
                    and _is_body(toks[end + 3].text):  # "i hälso- och sjukvårdsnämnden"
                parts += [nxt] + [t.lower_ for t in toks[end + 1:end + 4]]
                end += 4
            elif nxt == "för" and end + 1 < n and toks[end + 1].text[:1].islower() \
                    and toks[end + 1].is_alpha and toks[end + 1].lower_ not in _STOP_AFTER \
                    and toks[end + 1].lower_ not in ("den", "det", "de", "dess", "sin", "sitt") \
                    and toks[end + 1].lower_ not in _PERIODS \
                    and not (CLASSIFIER.search(toks[end + 1].lower_) and end + 2 < n
                             and toks[end + 2].text[:1].isupper()) \
                    and (end + 1) not in org_starts \
                    and toks[end + 1].lower_ not in TEMPORAL:  # "chef för blivande X"
                k = end + 1
                words = []
                while k < n and len(words) < 5 and k not in org_starts and (
                        (toks[k].is_alpha and toks[k].text[:1].islower()
                         and toks[k].lower_ not in _STOP_AFTER)
                        or toks[k].text.endswith("-") and len(toks[k].text) > 2
                        or toks[k].lower_ == "och" and words and k + 1 < n
                        and toks[k + 1].text[:1].islower()
                        and toks[k + 1].lower_ not in _STOP_AFTER):
                    words.append(toks[k].lower_)
                    k += 1
                # a finite verb before a name ends the qualifier: "Som vicerektor för
                # samverkan får Cecilia Wahlberg ansvar ..."
                if len(words) > 1 and k in person_starts and (
                        words[-1].endswith("r") or words[-1] in _VERB_BEFORE_NAME):
                    words.pop()
                    k -= 1
                if words and words[-1] != "och":
                    parts += ["för", *words]
                    end = k
            elif nxt == "i" and head_lemma.endswith(_SUBJECT_HEADS) and end + 1 < n \
                    and toks[end + 1].lower_ not in _DETERMINERS:  # not "i ett fullsatt X"
                k = end + 1
                words = []
                # "i företagsekonomi", "i internationell migration och etniska relationer",
                # "i medie- och kommunikationsvetenskap"
                while k < n and len(words) < 6 and toks[k].text[:1].islower() and (
                        toks[k].is_alpha and toks[k].lower_ not in _STOP_AFTER
                        or toks[k].text.endswith("-") and len(toks[k].text) > 2
                        and k + 1 < n and toks[k + 1].lower_ in ("och", "eller")):
                    words.append(toks[k].lower_)
                    k += 1
                    if k + 1 < n and toks[k].lower_ == "och" and toks[k + 1].text[:1].islower() \
                            and (toks[k + 1].is_alpha or toks[k + 1].text.endswith("-")) \
                            and toks[k + 1].lower_ not in _STOP_AFTER \
                            and not is_title_word(toks[k + 1].text):  # "... och överläkare"
                        words += ["och", toks[k + 1].lower_]
                        k += 2
                if words:
                    parts += ["i", *words]
                    end = k
        span = Span(doc, start, end, label="TITLE")
        span.kb_id_ = " ".join(parts)
        span.id_ = _number(tok.text, head_lemma)
        spans.append(span)
        i = end
    return spans


class TitleFinder:
    """spaCy component: ``doc.spans["titles"]``."""

    def __init__(self, nlp: Language, name: str = "textmine_titles") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["titles"] = find_titles(doc)
        return doc


@Language.factory("textmine_titles", assigns=["doc.spans"], default_config={})
def make_title_finder(nlp: Language, name: str) -> TitleFinder:
    return TitleFinder(nlp, name)
