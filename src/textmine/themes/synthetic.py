"""Synthetic Swedish news items with known themes, for tests and benchmarks.

Each item is written around one or two of a few subjects, with people's names,
organisations, dates and the boilerplate of real news ("säger", "berättar"), so a
good theme model recovers the subjects and none of the names.

>>> docs = synthetic_documents(3, seed=1)
>>> len(docs), docs[0].source is not None
(3, True)
"""

from __future__ import annotations

import random

from ..document import Document

__all__ = ["synthetic_documents", "SUBJECTS"]

#: subject -> (nouns, verb phrases): the words a theme model should group
SUBJECTS: dict[str, tuple[list[str], list[str]]] = {
    "skola": (
        ["eleverna", "skolan", "lärarna", "rektorn", "undervisningen", "grundskolan",
         "betygen", "klassrummet", "läxhjälpen", "förskolan", "skolgården", "matematiken"],
        ["läser mer", "får bättre betyg", "undervisar", "börjar i årskurs sju", "lär sig"],
    ),
    "hållbarhet": (
        ["klimatet", "utsläppen", "solcellerna", "energin", "miljön", "återvinningen",
         "klimatomställningen", "elbilarna", "laddstolparna", "fjärrvärmen"],
        ["minskar utsläppen", "sparar energi", "ställer om", "återvinner mer", "installerar"],
    ),
    "trygghet": (
        ["tryggheten", "polisen", "brotten", "ordningsvakterna", "kamerorna",
         "trygghetsvandringen", "belysningen", "skadegörelsen", "grannsamverkan"],
        ["känner sig trygga", "förebygger brott", "patrullerar", "anmäler", "lyser upp"],
    ),
    "vård": (
        ["äldreomsorgen", "hemtjänsten", "patienterna", "vårdcentralen", "sjuksköterskorna",
         "omsorgen", "äldreboendet", "vårdplatserna", "undersköterskorna"],
        ["vårdas", "får hjälp hemma", "tar emot patienter", "behandlas", "besöker"],
    ),
    "stadsutveckling": (
        ["detaljplanen", "bostäderna", "stadsdelen", "kvarteret", "byggnationen",
         "hyresrätterna", "torget", "gatorna", "parken", "exploateringen"],
        ["bygger nya bostäder", "planerar", "river", "växer", "rustar upp"],
    ),
    "forskning": (
        ["forskarna", "studien", "doktoranderna", "projektet", "forskningen",
         "professorn", "resultaten", "högskolan", "artikeln", "laboratoriet"],
        ["publicerar", "undersöker", "analyserar", "disputerar", "samarbetar"],
    ),
}

_FIRST = ["Åsa", "Örjan", "Karin", "Per", "Lena", "Mikael", "Sofia", "Jonas", "Märta", "Håkan"]
_LAST = ["Lind", "Ek", "Öst", "Berg", "Sjöberg", "Åberg", "Nilsson", "Holm", "Strand", "Wikström"]
_ORGS = [("huddinge", "Huddinge kommun"), ("botkyrka", "Botkyrka kommun"),
         ("sh", "Södertörns högskola"), ("kth", "KTH"), ("regionsthlm", "Region Stockholm")]
_TITLES = ["kommunstyrelsens ordförande", "rektor", "förvaltningschef", "projektledare",
           "forskare"]
_MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december"]


def _sentence(rng: random.Random, subject: str) -> str:
    nouns, verbs = SUBJECTS[subject]
    a, b = rng.sample(nouns, 2)
    return f"{a.capitalize()} {rng.choice(verbs)} och {b} {rng.choice(verbs)}."


def synthetic_documents(n: int, *, seed: int = 0, sentences: int = 6,
                        start_year: int = 2022) -> list[Document]:
    """``n`` news items; ``metadata["subjects"]`` names the subjects each was written around."""
    rng = random.Random(seed)
    names = list(SUBJECTS)
    out = []
    for i in range(n):
        main = rng.choice(names)
        subjects = [main] + ([rng.choice(names)] if rng.random() < 0.3 else [])
        source, org = rng.choice(_ORGS)
        person = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        month = rng.randrange(12)
        year = start_year + rng.randrange(3)
        body = [_sentence(rng, main if rng.random() < 0.75 else rng.choice(subjects))
                for _ in range(sentences)]
        body.insert(2, f"– Det här är viktigt för {org}, säger {person}, "
                       f"{rng.choice(_TITLES)}.")
        body.append(f"{person} berättar att arbetet fortsätter i {_MONTHS[month]}.")
        title_nouns = SUBJECTS[main][0]
        out.append(Document(
            id=f"syn-{i}",
            url=f"https://www.{source}.se/nyheter/{i}",
            source=source,
            title=f"Nytt om {rng.choice(title_nouns)} i {org.split()[0]}",
            published=f"{year}-{month + 1:02d}-{rng.randrange(1, 28):02d}",
            lead=f"{org} satsar på {rng.choice(title_nouns)}.",
            body=" ".join(body),
            language="sv",
            metadata={"subjects": subjects, "person": person, "org": org},
        ))
    return out
