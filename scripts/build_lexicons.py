#!/usr/bin/env python3
"""Compile textmine's compact lexicons from the raw lexicon sources.

The raw sources (JobTech taxonomy, SCB given names, Swedish geodata, myndighetsdata,
Faker sv_SE names) live outside the repository, by default in ``../shared/data/lexicons``.
This script reads them and writes small UTF-8 text files to
``src/textmine/data/lexicons/``; those compiled files ship with the package and are all
textmine reads at run time. Each file starts with ``#`` header lines naming its sources
and licences; ``README.md`` beside them says the same.

Usage (from the repository root)::

    python scripts/build_lexicons.py [--source ../shared/data/lexicons] [--out src/textmine/data/lexicons]

Re-running is safe and deterministic: the output depends only on the sources.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from textmine.nlp.lemmas import lemmatize  # noqa: E402

#: Given names borne by fewer people than this are left out (they add size, not recall).
MIN_BEARERS = 20

#: Academic, political and public-sector titles the occupation taxonomies lack or
#: write differently. Facts about Swedish usage, written for textmine.
EXTRA_TITLES = """
docent universitetslektor lektor universitetsadjunkt adjunkt professor gästprofessor
adjungerad professor biträdande professor seniorprofessor professor emeritus rektor prorektor
vicerektor rektorsråd dekan prodekan vicedekan prefekt proprefekt biträdande prefekt
studierektor forskare forskarassistent postdoktor doktorand biträdande lektor
akademichef fakultetsdirektör universitetsdirektör högskoledirektör förvaltningschef
överbibliotekarie universitetsbibliotekarie institutionschef avdelningschef enhetschef
sektionschef verksamhetschef områdeschef kommunalråd oppositionsråd regionråd landstingsråd
borgarråd statsråd kommunstyrelsens ordförande regionstyrelsens ordförande
kommunfullmäktiges ordförande regionfullmäktiges ordförande nämndordförande ordförande
vice ordförande förste vice ordförande andre vice ordförande ledamot ersättare
gruppledare kommundirektör stadsdirektör regiondirektör landstingsdirektör kommunchef
biträdande kommundirektör biträdande regiondirektör hälso- och sjukvårdsdirektör
ekonomidirektör kommunikationsdirektör personaldirektör hr-direktör it-direktör
näringslivsdirektör näringslivschef näringslivsstrateg etableringsdirektör
samhällsbyggnadsdirektör samhällsbyggnadschef stadsbyggnadsdirektör digitaliseringsdirektör
servicedirektör säkerhetsdirektör miljödirektör utbildningsdirektör kulturdirektör
skolchef grundskolechef gymnasiechef förskolechef utbildningschef socialchef kulturchef
fritidschef kostchef ekonomichef kanslichef stabschef planchef bygglovschef
kommunikationschef it-chef hr-chef personalchef utvecklingschef miljöchef
strateg samordnare samverkansstrateg samverkanskoordinator samverkansansvarig hållbarhetsstrateg
miljöstrateg utvecklingsstrateg digitaliseringsstrateg kommunikationsstrateg
folkhälsostrateg klimatstrateg näringslivsutvecklare regionutvecklare processledare
projektledare projektsamordnare projektkoordinator vetenskaplig ledare verksamhetsansvarig
nämndsekreterare kommunsekreterare kommunikatör pressekreterare presschef
generaldirektör överdirektör landshövding länsråd riksdagsledamot minister statssekreterare
partiledare partisekreterare förbundsordförande förbundsdirektör vd verkställande direktör
styrelseordförande styrelseledamot medicinsk direktör chefläkare chefsjuksköterska
planarkitekt samhällsplanerare ekolog stadsarkitekt stadsträdgårdsmästare
överläkare specialistläkare distriktsläkare barnmorska sjuksköterska undersköterska
journalist redaktör chefredaktör författare bibliotekarie biblioteksdirektör
lärare förstelärare lektor ingenjör analytiker konsult koordinator intendent museiintendent
kassör sekreterare revisor suppleant talesperson språkrör biskop kyrkoherde borgmästare konsul
generalkonsul ambassadör tränare huvudtränare förbundskapten lagkapten sportchef
ämnesråd kansliråd departementsråd rättssakkunnig huvudsekreterare utredningssekreterare
särskild utredare programansvarig utbildningsansvarig kursansvarig konstnärlig ledare
musikalisk ledare teaterchef museichef trygghetsvärd stadsvärd skolvärd ordningsvakt
""".split("\n")

#: Words the taxonomies list as occupations that are not roles in news text (student
#: status, prizes, event functions, generic plurals).
NOT_TITLES = {
    "student", "elev", "stipendiat", "pristagare", "talare", "moderator", "kontaktperson",
    "medarbetare", "anställd", "deltagare", "besökare", "medlem", "praktikant", "vän",
    "partner", "ägare", "värd", "guide", "ledare", "lärling", "kund", "person", "doktor",
    "civilekonom", "officer", "mästare", "chaufför", "modell", "artist", "sångare",
    "civilingenjör", "jurist kandidat", "teknik", "andre", "statistik", "bing",
}

#: The 21 regions (self-governing regions, formerly county councils).
REGIONS = [
    ("Region Stockholm", "Stockholm"), ("Region Uppsala", "Uppsala"),
    ("Region Sörmland", "Sörmland"), ("Region Östergötland", "Östergötland"),
    ("Region Jönköpings län", "Jönköping"), ("Region Kronoberg", "Kronoberg"),
    ("Region Kalmar län", "Kalmar"), ("Region Gotland", "Gotland"),
    ("Region Blekinge", "Blekinge"), ("Region Skåne", "Skåne"), ("Region Halland", "Halland"),
    ("Västra Götalandsregionen", "Västra Götaland"), ("Region Värmland", "Värmland"),
    ("Region Örebro län", "Örebro"), ("Region Västmanland", "Västmanland"),
    ("Region Dalarna", "Dalarna"), ("Region Gävleborg", "Gävleborg"),
    ("Region Västernorrland", "Västernorrland"),
    ("Region Jämtland Härjedalen", "Jämtland Härjedalen"),
    ("Region Västerbotten", "Västerbotten"), ("Region Norrbotten", "Norrbotten"),
]

#: Universities and university colleges with other principals than the state (not in
#: the agency register), and common names of state ones that the register spells
#: otherwise.
EXTRA_ORGS = [
    ("Chalmers tekniska högskola", "university", ["Chalmers"]),
    ("Handelshögskolan i Stockholm", "university", []),
    ("Jönköping University", "university", ["Högskolan i Jönköping"]),
    ("Sophiahemmet högskola", "university", []),
    ("Röda Korsets högskola", "university", []),
    ("Marie Cederschiöld högskola", "university", ["Ersta Sköndal Bräcke högskola"]),
    ("Enskilda Högskolan Stockholm", "university", []),
    ("Johannelunds teologiska högskola", "university", []),
    ("Beckmans designhögskola", "university", []),
    ("Newmaninstitutet", "university", []),
    ("Kungliga Tekniska högskolan", "university", ["KTH"]),
    ("Karolinska institutet", "university", ["KI"]),
    ("Mälardalens universitet", "university", ["MDU", "Mälardalens högskola"]),
    ("Konstfack", "university", []),
    ("Sveriges Kommuner och Regioner", "organisation", ["SKR"]),
    ("Sveriges universitets- och högskoleförbund", "organisation", ["SUHF"]),
]


def _header(sources: list[str]) -> str:
    lines = ["# Compiled by scripts/build_lexicons.py; do not edit by hand."]
    lines += [f"# source: {s}" for s in sources]
    return "\n".join(lines) + "\n"


def _split_occupation(label: str) -> list[str]:
    """'Kommunchef/Kommundirektör/Stadsdirektör' -> three titles; drops ', kommun' remarks."""
    out = []
    for part in label.split("/"):
        part = re.sub(r"\(.*?\)", "", part).split(",")[0].strip().lower()
        part = re.sub(r"\s+", " ", part)
        if not part or any(ch.isdigit() for ch in part) or len(part.split()) > 3:
            continue
        if not re.fullmatch(r"[a-zåäöéü\- ]+", part):
            continue
        out.append(part)
    return out


def _ssyk_titles(label: str) -> list[str]:
    """'Ekonomi- och finanschefer' -> ['ekonomichef', 'finanschef'] (plural group labels)."""
    label = re.sub(r"\bm\.fl\.?", "", label).split(" inom ")[0].split(" med ")[0].strip()
    words = re.split(r",\s*|\s+och\s+|\s+", label.lower())
    words = [w for w in words if w]
    if not words:
        return []
    last = lemmatize(words[-1])
    if last == words[-1]:  # group labels are plural nouns; anything else is not a title
        return []
    out = [last]
    for w in words[:-1]:
        if w.endswith("-"):
            # the shared tail of a hyphen-coordinated compound: take the last's head noun
            for i in range(3, len(last) - 3):
                tail = last[i:]
                if tail in {"chef", "direktör", "handläggare", "sekreterare", "tekniker"}:
                    out.append(w[:-1] + tail)
                    break
    return [t for t in out if re.fullmatch(r"[a-zåäö\-]+", t)]


def build_titles(src: Path) -> tuple[list[str], list[str]]:
    titles: set[str] = set()
    sources = []
    path = src / "jobtech-taxonomy" / "occupation_names.tsv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for row in rows:
        titles.update(_split_occupation(row["occupation_name"]))
    sources.append("JobTech taxonomy occupation names and SSYK 2012 groups "
                   "(Arbetsförmedlingen, open data CC0 1.0)")
    path = src / "jobtech-taxonomy" / "ssyk2012_level4.tsv"
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row.get("label") and row.get("ssyk2012_4", "").isdigit():
                titles.update(_ssyk_titles(row["label"]))
    path = src / "jobtech-taxonomy-2020-legacy" / "occupation_names_2020.tsv"
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            titles.update(_split_occupation(row["occupation_name"]))
    sources.append("JobTech taxonomy 2020 legacy occupation names incl. variants "
                   "(JobtechSwe/jobtech-taxonomy-database, EPL-1.0)")
    extra_text = " ".join(EXTRA_TITLES)
    # multi-word extras are written with spaces; keep known multi-word ones intact
    multi = [
        "adjungerad professor", "biträdande professor", "professor emeritus",
        "biträdande prefekt", "biträdande lektor", "kommunstyrelsens ordförande",
        "regionstyrelsens ordförande", "kommunfullmäktiges ordförande",
        "regionfullmäktiges ordförande", "vice ordförande", "förste vice ordförande",
        "andre vice ordförande", "biträdande kommundirektör", "biträdande regiondirektör",
        "hälso- och sjukvårdsdirektör", "vetenskaplig ledare", "verkställande direktör",
        "medicinsk direktör", "särskild utredare", "konstnärlig ledare", "musikalisk ledare",
    ]
    for m in sorted(multi, key=len, reverse=True):  # "förste vice ordförande" first
        titles.add(m)
        extra_text = extra_text.replace(m, " ")
    titles.update(w for w in extra_text.split() if w)
    sources.append("textmine's own list of academic, political and public-sector titles (MIT)")
    titles = {t for t in titles if t not in NOT_TITLES and len(t) > 1
              and not t.endswith(("teknik", "odling", "statistik", "organisation"))}
    return sorted(titles), sources


def build_first_names(src: Path) -> tuple[list[str], list[str]]:
    names: set[str] = set()
    with (src / "scb-fornamn-2020" / "fornamn_2020.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            bearers = int(row["bearers_2020"] or 0)
            name = row["name"].strip()
            if bearers >= MIN_BEARERS and name[:1].isupper() and len(name) > 1:
                names.add(name)
    for fname in ("first_names_female.tsv", "first_names_male.tsv"):
        with (src / "faker-sv_SE-names" / fname).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                names.add(row["name"].strip())
    sources = [
        f"SCB given names 2020 with at least {MIN_BEARERS} bearers (Statistics Sweden, CC0 1.0)",
        "Faker sv_SE first names (MIT, Copyright (c) 2012 Daniele Faraglia)",
    ]
    return sorted(names), sources


def build_surnames(src: Path) -> tuple[list[str], list[str]]:
    with (src / "faker-sv_SE-names" / "last_names.tsv").open(encoding="utf-8") as fh:
        names = {row["name"].strip() for row in csv.DictReader(fh, delimiter="\t")}
    return sorted(names), ["Faker sv_SE surnames (MIT, Copyright (c) 2012 Daniele Faraglia)"]


def build_orgs(src: Path) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Rows (name, kind, canonical): kommuner, regions, län, agencies, universities, aliases."""
    rows: dict[str, tuple[str, str, str]] = {}

    def add(name: str, kind: str, canonical: str) -> None:
        name = name.strip()
        if name and name not in rows:
            rows[name] = (name, kind, canonical)

    geo = src / "swedish-geodata" / "data"
    with (geo / "municipalities.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            full, short = row["municipality_name"], row["municipality_name_short"]
            add(full, "kommun", full)
            add(short, "place", full)
            # "Västerås stad", "Göteborgs stad": cities name their municipality so
            stad = (short if short.endswith("s") else short + "s") + " stad"
            add(stad, "kommun", stad)
    with (geo / "counties.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            add(row["county_name"], "län", row["county_name"])
            add(row["county_name"] + "s landsting", "region", row["county_name"] + "s landsting")
    for name, area in REGIONS:
        add(name, "region", name)
        add(area, "place", name)
    agencies = src / "myndighetsdata" / "data"
    merged = json.loads((agencies / "merged.json").read_text(encoding="utf-8"))
    for name, info in merged.items():
        kind = "university" if re.search(r"universitet|högskola|högskolan|institut", name,
                                         re.I) else "agency"
        add(name, kind, name)
    with (agencies / "matchlist.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            alias, official = row["name"].strip(), row["official_name"].strip()
            if re.search(r"\b(of|the|and|for)\b", alias):
                continue
            if not re.search(r"[åäö]|\b(och|för|i|av)\b|verket|nämnden|universitet|högskola|"
                             r"myndighet|institut|inspektion|styrelse|domstol|kammar|rätt|"
                             r"kommission|ombudsman|museum|muse|centrum|arkiv", alias):
                # English names and opaque short aliases: keep only upper-case acronyms
                if re.fullmatch(r"[a-zåäö\-]{3,6}", alias):
                    add(alias.upper(), "alias", official)
                continue
            if " " not in alias and len(alias) < 6:
                continue
            add(alias[:1].upper() + alias[1:], "alias", official)
    for name, kind, aliases in EXTRA_ORGS:
        add(name, kind, name)
        for alias in aliases:
            add(alias, "alias", name)
    # The name news write for "Statens X" agencies is their definite short form
    # ("Skolverket", "Energimyndigheten", "Skolinspektionen"): that is the canonical one.
    written: dict[str, str] = {}
    for name, kind, canonical in rows.values():
        m = re.fullmatch(r"Statens (\w+)", canonical)
        if kind == "alias" and m and " " not in name and name.lower() in {
                m.group(1) + end for end in ("et", "en", "n", "t")}:
            written[canonical] = name
    for name, (_, kind, canonical) in list(rows.items()):
        if canonical in written:
            rows[name] = (name, rows[canonical][1] if name == written[canonical] else kind,
                          written[canonical])
    sources = [
        "Swedish geodata: the 290 kommuner and 21 län (sjbrg/swedish-geodata, CC0 1.0)",
        "myndighetsdata: Swedish government agencies and their aliases "
        "(civictechsweden/myndighetsdata, data CC0 1.0)",
        "textmine's own lists of the 21 regions and of non-state universities (MIT)",
    ]
    return sorted(rows.values()), sources


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "data" / "lexicons")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "textmine" / "data" / "lexicons")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        print(f"lexicon sources not found at {args.source}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    readme = ["# Compiled lexicons", "",
              "Written by `scripts/build_lexicons.py` from the raw sources named below; "
              "textmine reads only these files at run time.", ""]

    titles, src = build_titles(args.source)
    (args.out / "titles.txt").write_text(_header(src) + "\n".join(titles) + "\n", encoding="utf-8")
    readme += ["## titles.txt", *[f"- {s}" for s in src], ""]

    names, src = build_first_names(args.source)
    (args.out / "first_names.txt").write_text(_header(src) + "\n".join(names) + "\n",
                                              encoding="utf-8")
    readme += ["## first_names.txt", *[f"- {s}" for s in src], ""]

    surnames, src = build_surnames(args.source)
    (args.out / "surnames.txt").write_text(_header(src) + "\n".join(surnames) + "\n",
                                           encoding="utf-8")
    readme += ["## surnames.txt", *[f"- {s}" for s in src], ""]

    orgs, src = build_orgs(args.source)
    body = "\n".join("\t".join(r) for r in orgs)
    (args.out / "orgs.tsv").write_text(_header(src) + "# name\tkind\tcanonical\n" + body + "\n",
                                       encoding="utf-8")
    readme += ["## orgs.tsv", "Columns: name, kind (kommun, region, län, place, university, "
               "agency, organisation, alias), canonical name.", *[f"- {s}" for s in src], ""]
    readme += ["Licences: CC0 1.0 (SCB, geodata, myndighetsdata, JobTech 2025), EPL-1.0 "
               "(JobTech 2020 legacy names), MIT (Faker names, textmine's own lists)."]
    (args.out / "README.md").write_text("\n".join(readme) + "\n", encoding="utf-8")
    print(f"titles {len(titles)}, first names {len(names)}, orgs {len(orgs)} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
