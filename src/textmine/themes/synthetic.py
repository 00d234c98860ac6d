"""Synthetic Swedish news items with known themes, for tests and benchmarks.

Each item is written around one or two of a few subjects, with people's names,
organisations, dates and the boilerplate of real news ("säger", "berättar"), so a
good theme model recovers the subjects and none of the names.

:func:`iter_synthetic_news` writes longer items over a vocabulary of thousands of
real Swedish word forms with Zipf-like frequencies, for benchmarks at scale.

>>> docs = synthetic_documents(3, seed=1)
>>> len(docs), docs[0].source is not None
(3, True)
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

from ..document import Document

__all__ = ["synthetic_documents", "iter_synthetic_news", "SUBJECTS"]

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


_GLUE = ["och", "i", "att", "som", "för", "på", "det", "med", "en", "är", "av", "till", "om",
         "har", "inte", "den", "de", "ett", "men", "när", "också", "under", "efter", "mot"]


def _zipf(n: int, s: float = 1.05) -> list[float]:
    """Cumulative Zipf weights of ranks 1..n (for random.choices)."""
    return list(itertools.accumulate(1.0 / (r ** s) for r in range(1, n + 1)))


def iter_synthetic_news(n: int, *, seed: int = 0, vocabulary: int = 5000, subjects: int = 20,
                        words_per_subject: int = 150, sentences: tuple[int, int] = (8, 14),
                        start_year: int = 2022) -> Iterator[Document]:
    """``n`` longer news items (about 150 words) over ``vocabulary`` real Swedish words.

    The words are lemmas of the lemma table (spacy-lookups-data): ``subjects`` themes
    each own ``words_per_subject`` of them and the rest are shared background, all
    drawn with Zipf-like frequencies, mixed with function words, people's names and
    news boilerplate. A generator: nothing but the current item is held.
    ``metadata["subjects"]`` names the item's subject numbers.
    """
    from ..nlp.lemmas import lemma_table
    from .preprocess import stop_words

    stops = stop_words()
    forms = sorted(w for w in set(lemma_table().values())
                   if w.isalpha() and w.islower() and 4 <= len(w) <= 12 and w not in stops)
    rng = random.Random(seed)
    words = rng.sample(forms, min(vocabulary, len(forms)))
    owned = subjects * words_per_subject
    themes = [words[i * words_per_subject:(i + 1) * words_per_subject] for i in range(subjects)]
    background = words[owned:] or words
    theme_cum, back_cum = _zipf(words_per_subject), _zipf(len(background))
    glue_cum = _zipf(len(_GLUE), 0.8)
    for i in range(n):
        picked = [rng.randrange(subjects)] + ([rng.randrange(subjects)] if rng.random() < 0.4
                                              else [])
        source, org = rng.choice(_ORGS)
        person = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        month, year = rng.randrange(12), start_year + rng.randrange(3)
        body = []
        for _ in range(rng.randint(*sentences)):
            length = rng.randint(6, 14)
            kinds = rng.choices((0, 1, 2), weights=(0.35, 0.4, 0.25), k=length)
            subject = themes[rng.choice(picked)]
            pools = {0: rng.choices(_GLUE, cum_weights=glue_cum, k=length),
                     1: rng.choices(subject, cum_weights=theme_cum, k=length),
                     2: rng.choices(background, cum_weights=back_cum, k=length)}
            sentence = " ".join(pools[kind][j] for j, kind in enumerate(kinds))
            body.append(sentence[:1].upper() + sentence[1:] + ".")
        body.insert(2, f"– Det här är viktigt för {org}, säger {person}.")
        body.append(f"{person} berättar att arbetet fortsätter i {_MONTHS[month]}.")
        main = themes[picked[0]]
        title = " ".join(rng.choices(main, cum_weights=theme_cum, k=4))
        yield Document(
            id=f"news-{i}",
            url=f"https://www.{source}.se/nyheter/{i}",
            source=source,
            title=title[:1].upper() + title[1:],
            published=f"{year}-{month + 1:02d}-{rng.randrange(1, 28):02d}",
            lead=f"{org} satsar på {' '.join(rng.choices(main, cum_weights=theme_cum, k=2))}.",
            body=" ".join(body),
            language="sv",
            metadata={"subjects": picked},
        )
