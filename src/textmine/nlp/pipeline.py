"""Load the Swedish roles pipeline and run it: ``load_pipeline``, ``extract_roles``.

The default model is textmine's own NER pipeline (``models/sv_textmine_ner``: tokenizer,
tok2vec, ner with PER, ORG, LOC, MISC). ``model`` may name or point to any Swedish spaCy
pipeline instead, such as ``sv_core_news_sm``; its entity labels are mapped to
textmine's four in one place, :data:`LABEL_MAP`. Without any model, a blank Swedish
tokenizer with the lexicons still finds names, titles and organisations.

>>> nlp = load_pipeline("blank")
>>> doc = nlp("Anna Berg, docent vid Malmö universitet, leder projektet.")
>>> [(r.person, r.title, r.org) for r in doc._.roles]
[('Anna Berg', 'docent', 'Malmö universitet')]
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..document import Entity, Quote, Role
from ..errors import InputError, ModelError
from . import orgs as _orgs  # noqa: F401  (registers the factories)
from . import persons as _persons  # noqa: F401
from . import quotes as _quotes  # noqa: F401
from . import roles as _roles  # noqa: F401
from . import titles as _titles  # noqa: F401

__all__ = [
    "LABEL_MAP",
    "DEFAULT_MODEL",
    "load_pipeline",
    "find_default_model",
    "extract_roles",
    "extract_entities",
    "extract_quotes",
    "iter_roles",
    "MAX_CHARS",
]

logger = logging.getLogger(__name__)

#: The name of textmine's own model directory under ``models/``.
DEFAULT_MODEL = "sv_textmine_ner"
#: Entity labels of other Swedish pipelines -> textmine's PER, ORG, LOC, MISC; labels
#: mapped to None (measures, times) are dropped. The one place labels are mapped.
LABEL_MAP: dict[str, str | None] = {
    "PER": "PER", "PRS": "PER", "PERSON": "PER",
    "ORG": "ORG", "ORGANIZATION": "ORG",
    "LOC": "LOC", "GPE": "LOC", "LOCATION": "LOC",
    "MISC": "MISC", "EVN": "MISC", "WRK": "MISC", "OBJ": "MISC", "NORP": "MISC",
    "EVENT": "MISC", "WORK_OF_ART": "MISC", "PRODUCT": "MISC",
    "MSR": None, "TME": None, "DATE": None, "TIME": None, "MONEY": None, "PERCENT": None,
    "QUANTITY": None, "CARDINAL": None, "ORDINAL": None,
}
#: Texts longer than this are refused (a clear InputError, not a memory blow-up).
MAX_CHARS = 5_000_000
_COMPONENTS = ["textmine_labels", "textmine_persons", "textmine_orgs", "textmine_titles",
               "textmine_roles", "textmine_quotes"]


@Language.component("textmine_labels", assigns=["doc.ents"])
def map_labels(doc: Doc) -> Doc:
    """Map a foreign pipeline's entity labels to PER, ORG, LOC, MISC (see LABEL_MAP)."""
    if not doc.ents:
        return doc
    ents = []
    changed = False
    for ent in doc.ents:
        label = LABEL_MAP.get(ent.label_, "MISC")
        if label != ent.label_:
            changed = True
        if label is not None:
            ents.append(Span(doc, ent.start, ent.end, label=label))
    if changed:
        doc.ents = ents
    return doc


def find_default_model() -> Path | None:
    """The shipped model directory, or None: ``$TEXTMINE_MODEL`` wins, then
    ``models/sv_textmine_ner`` next to the package or in the source tree."""
    env = os.environ.get("TEXTMINE_MODEL")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    candidates = [here.parents[1] / "models" / DEFAULT_MODEL]
    candidates += [p / "models" / DEFAULT_MODEL for p in here.parents]
    for path in candidates:
        if (path / "config.cfg").is_file():
            return path
    return None


def _load_base(model: str | os.PathLike | None) -> Language:
    if model is None:
        path = find_default_model()
        if path is None:
            logger.warning("textmine's NER model is not installed; using names and lexicons only")
            return spacy.blank("sv")
        model = path
    if str(model) == "blank":
        return spacy.blank("sv")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nlp = spacy.load(model, exclude=["lemmatizer", "textmine_roles"])
    except (OSError, IOError, ValueError) as exc:
        raise ModelError(
            f"cannot load the spaCy pipeline {str(model)!r}: {exc}".split("\n")[0],
            hint="give a Swedish spaCy pipeline name (pip-installed) or a model directory, "
                 "or 'blank' for the lexicons alone",
        ) from exc
    if nlp.lang != "sv":
        raise ModelError(f"the pipeline {str(model)!r} is for language {nlp.lang!r}, not Swedish",
                         hint="textmine analyses Swedish text; give a Swedish pipeline")
    return nlp


def use_numpy_blas(nlp: Language) -> Language:
    """Route the matrix products of ``nlp``'s CPU models through numpy's BLAS (OpenBLAS
    or Accelerate) instead of the BLIS build bundled with thinc, which is several times
    slower on some CPUs (3x on the AMD EPYC of docs/benchmarks.md). Same results to
    float rounding. Models on other backends (GPU, Apple) are left alone."""
    from thinc.api import NumpyOps

    ops: NumpyOps | None = None
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps and node.ops.use_blis:
                ops = ops or NumpyOps(use_blis=False)
                node.ops = ops
    return nlp


def load_pipeline(model: str | os.PathLike | None = None) -> Language:
    """A spaCy pipeline whose docs carry ``doc._.roles`` and ``doc._.quotes``.

    ``model``: None for textmine's shipped NER model (or blank Swedish when it is
    missing), ``"blank"`` for no NER at all, or the name or path of any Swedish spaCy
    pipeline. Use ``nlp.pipe(texts)`` for batches.
    """
    nlp = use_numpy_blas(_load_base(model))
    # a parser or tagger is not needed for roles; disable what costs time
    for name in nlp.pipe_names:
        if name in ("parser", "tagger", "morphologizer", "attribute_ruler", "lemmatizer",
                    "trainable_lemmatizer"):
            nlp.disable_pipe(name)
    for name in _COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    nlp.max_length = MAX_CHARS + 1
    return nlp


@lru_cache(maxsize=4)
def _cached(model: str | None) -> Language:
    return load_pipeline(model)


def _check(text: str) -> str:
    if not isinstance(text, str):
        raise InputError(f"expected text (str), got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"the text has {len(text):,} characters, more than the limit of {MAX_CHARS:,}",
            hint="split it into documents (one news item each)",
        )
    # control characters of binary garbage break nothing but add noise
    return text.replace("\x00", " ")


def _doc(text: str, model: str | Language | None) -> Doc:
    nlp = model if isinstance(model, Language) else _cached(None if model is None else str(model))
    return nlp(_check(text))


def extract_roles(text: str, *, model: str | Language | None = None) -> list[Role]:
    """The named roles (person, title, org, party) stated in a Swedish text.

    >>> [(r.person, r.title, r.party) for r in extract_roles(
    ...     "– Vi är glada, säger kommunalrådet Eva Ek (S).", model="blank")]
    [('Eva Ek', 'kommunalråd', 'S')]
    """
    return list(_doc(text, model)._.roles)


def extract_quotes(text: str, *, model: str | Language | None = None) -> list[Quote]:
    """Quotes ("– ..., säger Namn") attributed to the full name of their speaker."""
    return list(_doc(text, model)._.quotes)


def extract_entities(text: str, *, model: str | Language | None = None) -> list[Entity]:
    """Named entities (PER, ORG, LOC, MISC) of the NER model, completed with the persons
    and organisations the lexicons find."""
    return doc_entities(_doc(text, model))


def doc_entities(doc: Doc) -> list[Entity]:
    """The entities of an analysed doc: NER entities plus lexicon persons and orgs."""
    spans = list(doc.ents)
    taken = {i for e in spans for i in range(e.start, e.end)}
    extra = [s for s in doc.spans.get("persons", []) if len(s) > 1]
    extra += [Span(doc, s.start, s.end, label="LOC" if s.label_ == "PLACE" else "ORG")
              for s in doc.spans.get("orgs", [])]
    for s in sorted(extra, key=lambda s: s.start):
        if not any(i in taken for i in range(s.start, s.end)):
            spans.append(s)
            taken.update(range(s.start, s.end))
    spans.sort(key=lambda s: s.start)
    return [Entity(text=s.text, label=s.label_, start=s.start_char, end=s.end_char)
            for s in spans]


def iter_roles(texts: Iterable[str], *, model: str | Language | None = None,
               batch_size: int = 32) -> Iterator[list[Role]]:
    """Roles for each text of a stream, in order (batched through ``nlp.pipe``)."""
    nlp = model if isinstance(model, Language) else _cached(None if model is None else str(model))
    for doc in nlp.pipe((_check(t) for t in texts), batch_size=batch_size):
        yield list(doc._.roles)
