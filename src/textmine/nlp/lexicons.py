"""The compiled lexicons that ship with textmine: titles, given names, organisations.

They are written by ``scripts/build_lexicons.py`` into ``textmine/data/lexicons/`` (source
and licence in each file's header and in the README beside them) and loaded once.

>>> "rektor" in titles()
True
>>> orgs()["Lunds universitet"].kind
'university'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = [
    "OrgEntry",
    "titles",
    "title_heads",
    "first_names",
    "surnames",
    "orgs",
    "places",
    "PARTIES",
    "LEGAL_FORMS",
    "read_lexicon",
]

#: Swedish party labels as written after a name ("(S)", ", fp"), upper-cased.
PARTIES = frozenset(
    "S M C V L KD MP SD FP SPI PP FI NYD KDS VPK".split()
)

#: Legal forms that mark a company's name ("Hagby Bygg AB", "Nokia Oyj"): a name they
#: follow is no person's, and a capitalised run holding one is a company.
LEGAL_FORMS = frozenset(
    "AB HB KB ASA AS Oy Oyj GmbH AG SE Inc Ltd plc".split()
)

#: Abbreviated titles written as is ("vd", "vice ordf").
_ABBREVIATIONS = {"vd", "ordf", "ordf.", "vvd"}

#: Heads that end many compound titles but are too generic alone as a compound tail
#: ("programråd" is a body, "husvärd" no office).
_WEAK_HEADS = {"råd", "värd", "man", "vakt", "biträde", "ägare", "are", "mästare", "industri"}

#: Compound tails that make a title even though alone they are too vague to list.
_EXTRA_HEADS = {"ledare", "ansvarig", "chef", "direktör", "strateg", "samordnare",
                "koordinator", "utvecklare", "sekreterare", "ordförande", "rektor",
                "professor", "handläggare", "planerare", "ingenjör", "lektor"}


@dataclass(frozen=True, slots=True)
class OrgEntry:
    """One organisation name: ``kind`` (kommun, region, län, place, university,
    agency, organisation, alias) and the ``canonical`` name it stands for."""

    name: str
    kind: str
    canonical: str


def read_lexicon(name: str) -> list[str]:
    """The data lines of one compiled lexicon file (header comments dropped)."""
    path = resources.files("textmine").joinpath("data", "lexicons", name)
    text = path.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Lower-cased titles in their base form (indefinite singular), one or more words."""
    return frozenset(read_lexicon("titles.txt")) | _ABBREVIATIONS


@lru_cache(maxsize=1)
def title_heads() -> frozenset[str]:
    """One-word titles that also end other titles ("chef", "direktör", "strateg"):
    an unknown compound ending in one of them is a title ("etableringsdirektör")."""
    single = {t for t in titles() if " " not in t and "-" not in t and len(t) >= 4}
    counts: dict[str, int] = {}
    for t in single:
        for i in range(3, len(t) - 3):
            tail = t[i:]
            if tail in single:
                counts[tail] = counts.get(tail, 0) + 1
    heads = {h for h, n in counts.items() if n >= 2} | _EXTRA_HEADS
    return frozenset(heads - _WEAK_HEADS)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Given names as written (SCB 2020, at least 20 bearers; Faker sv_SE)."""
    return frozenset(read_lexicon("first_names.txt"))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Common Swedish surnames (Faker sv_SE)."""
    return frozenset(read_lexicon("surnames.txt"))


@lru_cache(maxsize=1)
def orgs() -> dict[str, OrgEntry]:
    """Organisation names as written -> entry (kommuner, regions, agencies, universities)."""
    out: dict[str, OrgEntry] = {}
    for line in read_lexicon("orgs.tsv"):
        name, kind, canonical = line.split("\t")
        out[name] = OrgEntry(name, kind, canonical)
    return out


@lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Place names standing for a kommun or region -> that organisation ("Nacka" ->
    "Nacka kommun", "Östergötland" -> "Region Östergötland")."""
    return {e.name: e.canonical for e in orgs().values() if e.kind == "place"}
