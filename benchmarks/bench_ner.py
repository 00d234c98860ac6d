"""Benchmark Swedish NER on the test split of the Swedish NER corpus.

Prints precision, recall and F1 per label (PER, ORG, LOC, MISC), micro F1 over
PER+ORG+LOC and over all four labels, and words per second on one core, for textmine's
shipped model and, side by side, for any other pipeline (``--model``) and for a
baseline: spaCy's default "efficiency" NER config trained on the same corpus without
augmentation (``--with-baseline``; trained once and cached in ``benchmarks/_work/``).

``--pipeline`` adds textmine's full entity pipeline, what ``textmine entities`` and
``textmine.extract_entities`` return: ``textmine.load_pipeline(model)`` (the NER model
plus the persons and organisations components and their lexicons of given names,
kommuner, regions, universities and agencies) with
:func:`textmine.nlp.pipeline.doc_entities`, and the same without the model
(``load_pipeline("blank")``: the lexicons and patterns alone).

``--experiments`` (implies ``--pipeline``) also scores other ways of merging the model's
entities with the components' spans, computed on the full pipeline's docs by functions
local to this script. They are experiments to guide ``doc_entities``; textmine does not
ship them.

Speed is words per CPU second of one process with BLAS threads pinned to one (so it
means "on one core" even on a busy machine), the fastest of ``--repeats`` runs.

Entities are compared as exact character spans with the same label, so a model's own
tokenisation does not matter. Labels of other pipelines are mapped with
:data:`textmine.nlp.pipeline.LABEL_MAP` (PRS -> PER, GPE -> LOC, EVN -> MISC, ...).

Usage (from the repository root; needs ``../shared``)::

    PYTHONPATH=src python benchmarks/bench_ner.py
    PYTHONPATH=src python benchmarks/bench_ner.py --with-baseline
    PYTHONPATH=src python benchmarks/bench_ner.py --model sv_core_news_sm --with-baseline
    PYTHONPATH=src python benchmarks/bench_ner.py --pipeline --experiments
"""

from __future__ import annotations

import os

# One core: keep BLAS libraries from starting thread pools (set before numpy loads).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Iterable  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from textmine.nlp.corpus import (  # noqa: E402
    NER_LABELS,
    iter_entity_spans,
    read_ner_corpus,
    reconstruct_spaces,
)
from textmine.nlp.pipeline import LABEL_MAP  # noqa: E402  (the one place labels are mapped)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "data" / "ner" / "swedish-ner-corpus"
SHIPPED_MODEL = ROOT / "models" / "sv_textmine_ner"
LEXICON_DIR = ROOT / "src" / "textmine" / "data" / "lexicons"
WORK = ROOT / "benchmarks" / "_work"
BASELINE_MODEL = WORK / "baseline_ner"
CORE_LABELS = ("PER", "ORG", "LOC")

Span = tuple[int, int, int, str]  # (sentence index, start char, end char, label)
#: A doc's entities as (start char, end char, label before LABEL_MAP).
Entities = Callable[[Doc], Iterable[tuple[int, int, str]]]


@dataclass
class Result:
    name: str
    counts: dict[str, Counter[str]]  # label -> tp/fp/fn
    words_per_second: float | None
    size_mb: float | None
    docs: list[Doc] | None = None  # kept for --experiments


def load_gold(path: Path) -> tuple[list[str], set[Span], int]:
    """Texts with natural spacing, gold character spans and the number of words."""
    texts: list[str] = []
    gold: set[Span] = set()
    n_words = 0
    for i, sentence in enumerate(read_ner_corpus(path)):
        words = [token for token, _ in sentence]
        spaces = reconstruct_spaces(words)
        offsets, pos = [], 0
        for word, space in zip(words, spaces):
            offsets.append(pos)
            pos += len(word) + int(space)
        texts.append("".join(w + (" " if s else "") for w, s in zip(words, spaces)))
        for start, end, label in iter_entity_spans([label for _, label in sentence]):
            gold.add((i, offsets[start], offsets[end - 1] + len(words[end - 1]), label))
        n_words += len(words)
    return texts, gold, n_words


def model_entities(doc: Doc) -> Iterable[tuple[int, int, str]]:
    """The NER model's own entities (``doc.ents``)."""
    return ((ent.start_char, ent.end_char, ent.label_) for ent in doc.ents)


def pipeline_entities(doc: Doc) -> Iterable[tuple[int, int, str]]:
    """What ``textmine entities`` returns: model entities plus lexicon persons and orgs."""
    from textmine.nlp.pipeline import doc_entities

    return ((e.start, e.end, e.label) for e in doc_entities(doc))


def spans_of(per_doc: Iterable[Iterable[tuple[int, int, str]]]) -> set[Span]:
    """Character spans of each doc's entities, labels mapped with LABEL_MAP."""
    pred: set[Span] = set()
    for i, ents in enumerate(per_doc):
        for start, end, raw in ents:
            label = LABEL_MAP.get(raw, "MISC")
            if label is not None:
                pred.add((i, start, end, label))
    return pred


def predict(nlp: spacy.Language, texts: list[str],
            entities: Entities = model_entities) -> tuple[set[Span], float, list[Doc]]:
    """Predicted character spans, the CPU seconds the pipeline took (entity extraction
    included) and the docs."""
    started = time.process_time()
    docs = list(nlp.pipe(texts, batch_size=256))
    ents = [list(entities(doc)) for doc in docs]
    seconds = time.process_time() - started
    return spans_of(ents), seconds, docs


def score(gold: set[Span], pred: set[Span]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {label: Counter() for label in NER_LABELS}
    for span in pred:
        counts[span[3]]["tp" if span in gold else "fp"] += 1
    for span in gold - pred:
        counts[span[3]]["fn"] += 1
    return counts


def prf(c: Counter[str]) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def dir_size_mb(path: Path) -> float | None:
    if not path.is_dir():
        return None
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def evaluate(name: str, model: str | Path, texts: list[str], gold: set[Span],
             n_words: int, repeats: int, *, pipeline: bool = False,
             keep_docs: bool = False) -> Result:
    """Score one system. ``pipeline``: textmine's full entity pipeline around ``model``
    (``"blank"`` for the lexicons alone) instead of the bare spaCy pipeline."""
    if pipeline:
        from textmine.nlp.pipeline import load_pipeline

        nlp, entities = load_pipeline(str(model)), pipeline_entities
    else:
        nlp, entities = spacy.load(model), model_entities
    nlp(texts[0])  # warm up
    best = float("inf")
    pred: set[Span] = set()
    docs: list[Doc] = []
    for _ in range(repeats):
        pred, seconds, docs = predict(nlp, texts, entities)
        best = min(best, seconds)
    size = dir_size_mb(Path(model)) if Path(model).exists() else None
    if pipeline:  # the compiled lexicons ship with the package
        size = (size or 0.0) + (dir_size_mb(LEXICON_DIR) or 0.0)
    return Result(name, score(gold, pred), n_words / best, size, docs if keep_docs else None)


# --- Experiments: other merges of model entities and component spans (not shipped) ---------

#: Organisation kinds that come from the lexicon or a name pattern, not from the model.
_LEXICON_ORG_KINDS = ("KOMMUN", "REGION", "UNIVERSITY", "AGENCY")


def _merge(first: list, rest: list) -> list[tuple[int, int, str]]:
    """Spans of ``first`` then ``rest``, each kept unless it overlaps one kept before."""
    out, taken = [], set()
    for span in first + rest:
        if not any(i in taken for i in range(span.start, span.end)):
            out.append((span.start_char, span.end_char, span.label_))
            taken.update(range(span.start, span.end))
    return out


def _persons(doc: Doc) -> list:
    return [s for s in doc.spans.get("persons", []) if len(s) > 1]


def _orgs(doc: Doc, kinds: tuple[str, ...] | None = None) -> list:
    """Organisation spans as entities (PLACE -> LOC, other kinds -> ORG), without UNIT
    ("förvaltningen", "avdelningen": never an entity in the corpus' annotation)."""
    from spacy.tokens import Span as SpacySpan

    return [SpacySpan(doc, s.start, s.end, label="LOC" if s.label_ == "PLACE" else "ORG")
            for s in doc.spans.get("orgs", [])
            if s.label_ != "UNIT" and (kinds is None or s.label_ in kinds)]


#: name -> entities(doc); each one changes one thing of ``doc_entities`` (model first,
#: then lexicon persons of two or more words, then all organisation spans).
EXPERIMENTS: dict[str, Entities] = {
    # 1. the shipped merge without UNIT spans
    "exp1: no UNIT": lambda doc: _merge(list(doc.ents), _persons(doc) + _orgs(doc)),
    # 2. + person names (given-name lexicon, cleaned model PER) override model entities
    "exp2: 1+persons first": lambda doc: _merge(_persons(doc), list(doc.ents) + _orgs(doc)),
    # 3. + lexicon/pattern organisations override model entities too
    "exp3: 2+lex orgs first": lambda doc: _merge(
        _persons(doc) + _orgs(doc, _LEXICON_ORG_KINDS), list(doc.ents) + _orgs(doc)),
}


def run_experiments(base: Result, gold: set[Span]) -> list[Result]:
    """The EXPERIMENTS on ``base``'s docs, and a ceiling for any relabelling: the model's
    own spans with the gold label wherever the span is right."""
    assert base.docs is not None
    out = [Result(name, score(gold, spans_of(fn(doc) for doc in base.docs)), None, None)
           for name, fn in EXPERIMENTS.items()]
    labels = {span[:3]: span[3] for span in gold}
    model = spans_of(model_entities(doc) for doc in base.docs)
    oracle = {(i, a, b, labels.get((i, a, b), label)) for i, a, b, label in model}
    out.append(Result("ceiling: gold labels", score(gold, oracle), None, None))
    return out


def tokenizer_speed(texts: list[str], n_words: int, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        nlp = spacy.blank("sv")  # fresh, so its cache does not flatter later runs
        nlp("Hej.")
        started = time.process_time()
        for _doc in nlp.pipe(texts, batch_size=256):
            pass
        best = min(best, time.process_time() - started)
    return n_words / best


def train_baseline(train_path: Path, seed: int) -> Path:
    from textmine.nlp.training import BASELINE_CONFIG, train_ner

    print(f"training baseline (spaCy efficiency config, no augmentation) -> {BASELINE_MODEL}",
          file=sys.stderr)
    return train_ner(train_path, None, BASELINE_MODEL, config=BASELINE_CONFIG, seed=seed,
                     augment=False,
                     meta={"name": "baseline_ner", "description": "spaCy's default "
                           "efficiency NER config trained on the corpus alone"})


def print_tables(results: list[Result], tokenizer_wps: float, n_sentences: int,
                 n_words: int) -> None:
    col = 22
    header = f"{'label':<12}" + "".join(f"| {r.name[:col - 2]:<{col - 2}}" for r in results)
    sub = f"{'':<12}" + "".join(f"| {'P':>5} {'R':>5} {'F1':>6} " for _ in results)
    line = "-" * len(sub)
    print(f"\nNER on test_corpus.txt ({n_sentences} sentences, {n_words} words): "
          "exact character spans")
    print(header)
    print(sub)
    print(line)
    for label in NER_LABELS:
        row = f"{label:<12}"
        for r in results:
            p, rc, f = prf(r.counts[label])
            row += f"| {p:5.3f} {rc:5.3f} {f:6.3f} "
        print(row)
    print(line)
    for title, labels in (("PER+ORG+LOC", CORE_LABELS), ("all four", NER_LABELS)):
        row = f"{title:<12}"
        for r in results:
            total: Counter[str] = Counter()
            for label in labels:
                total.update(r.counts[label])
            p, rc, f = prf(total)
            row += f"| {p:5.3f} {rc:5.3f} {f:6.3f} "
        print(row)
    print(line)
    print(f"{'words/s':<12}" + "".join(
        f"| {(f'{r.words_per_second:,.0f}' if r.words_per_second else '-'):>{col - 2}}"
        for r in results))
    print(f"{'size MB':<12}" + "".join(
        f"| {(f'{r.size_mb:.1f}' if r.size_mb is not None else '-'):>{col - 2}}"
        for r in results))
    if tokenizer_wps:
        print(f"\nbare sv tokenizer: {tokenizer_wps:,.0f} words/s (one core)")
    gold_counts = Counter()
    for r in results[:1]:
        for label in NER_LABELS:
            gold_counts[label] = r.counts[label]["tp"] + r.counts[label]["fn"]
    print("gold entities: " + ", ".join(f"{k} {v}" for k, v in gold_counts.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", action="append", default=None,
                        help="pipeline name or path to evaluate (repeatable); "
                             "default: models/sv_textmine_ner")
    parser.add_argument("--with-baseline", action="store_true",
                        help="also evaluate spaCy's default efficiency NER trained on the "
                             "corpus alone (trained once, cached in benchmarks/_work/)")
    parser.add_argument("--retrain-baseline", action="store_true",
                        help="retrain the cached baseline")
    parser.add_argument("--pipeline", action="store_true",
                        help="also evaluate textmine's full entity pipeline (model + persons "
                             "and organisations components, as `textmine entities`) and the "
                             "same without the model (lexicons only)")
    parser.add_argument("--experiments", action="store_true",
                        help="implies --pipeline: also score other merges of model entities and "
                             "lexicon spans (experiments local to this script, not shipped)")
    parser.add_argument("--corpus-dir", default=str(CORPUS),
                        help="directory with train_corpus.txt and test_corpus.txt")
    parser.add_argument("--repeats", type=int, default=2,
                        help="timing runs per model; the fastest counts (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", dest="json_path", default=None,
                        help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    corpus = Path(args.corpus_dir)
    test_path = corpus / "test_corpus.txt"
    if not test_path.exists():
        print(f"error: {test_path} not found (the benchmark needs ../shared)", file=sys.stderr)
        return 2
    texts, gold, n_words = load_gold(test_path)

    models: list[tuple[str, str | Path]] = []
    for model in args.model or [str(SHIPPED_MODEL)]:
        path = Path(model)
        if path.exists():  # "models/sv_textmine_ner", ".../run3/model-best" -> "run3/model-best"
            name = path.name if not path.name.startswith("model-") else \
                f"{path.parent.parent.name}/{path.name}"
        else:
            name = model
        models.append((name, model))
    if args.with_baseline:
        if args.retrain_baseline or not (BASELINE_MODEL / "meta.json").exists():
            train_baseline(corpus / "train_corpus.txt", args.seed)
        models.append(("baseline (efficiency)", BASELINE_MODEL))

    results = [evaluate(name, model, texts, gold, n_words, args.repeats)
               for name, model in models]
    experiments: list[Result] = []
    if args.pipeline or args.experiments:
        full = evaluate("textmine pipeline", models[0][1], texts, gold, n_words, args.repeats,
                        pipeline=True, keep_docs=args.experiments)
        results += [full, evaluate("lexicons only", "blank", texts, gold, n_words,
                                   args.repeats, pipeline=True)]
        if args.experiments:
            experiments = run_experiments(full, gold)
            full.docs = None
    tok_wps = tokenizer_speed(texts, n_words, args.repeats)
    print_tables(results, tok_wps, len(texts), n_words)
    if experiments:
        print("\nEXPERIMENTS (not shipped): other merges of the full pipeline's spans, "
              "same docs as 'textmine pipeline'")
        print_tables([r for r in results if r.name == "textmine pipeline"] + experiments,
                     0.0, len(texts), n_words)
    results += experiments
    if args.json_path:
        out = {}
        for r in results:
            entry: dict[str, object] = {
                label: dict(zip(("p", "r", "f"), (round(x, 4) for x in prf(r.counts[label]))))
                for label in NER_LABELS}
            core: Counter[str] = Counter()
            for label in CORE_LABELS:
                core.update(r.counts[label])
            entry["PER+ORG+LOC"] = dict(zip(("p", "r", "f"), (round(x, 4) for x in prf(core))))
            entry["words_per_second"] = round(r.words_per_second) if r.words_per_second \
                else None
            entry["size_mb"] = r.size_mb
            out[r.name] = entry
        out["tokenizer_words_per_second"] = round(tok_wps)
        Path(args.json_path).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
