"""Benchmark Swedish NER on the test split of the Swedish NER corpus.

Prints precision, recall and F1 per label (PER, ORG, LOC, MISC), micro F1 over
PER+ORG+LOC and over all four labels, and words per second on one core, for textmine's
shipped model and, side by side, for any other pipeline (``--model``) and for a
baseline: spaCy's default "efficiency" NER config trained on the same corpus without
augmentation (``--with-baseline``; trained once and cached in ``benchmarks/_work/``).

Speed is words per CPU second of one process with BLAS threads pinned to one (so it
means "on one core" even on a busy machine), the fastest of ``--repeats`` runs.

Entities are compared as exact character spans with the same label, so a model's own
tokenisation does not matter. Labels of other pipelines are mapped with
:data:`textmine.nlp.pipeline.LABEL_MAP` (PRS -> PER, GPE -> LOC, EVN -> MISC, ...).

Usage (from the repository root; needs ``../shared``)::

    PYTHONPATH=src python benchmarks/bench_ner.py
    PYTHONPATH=src python benchmarks/bench_ner.py --with-baseline
    PYTHONPATH=src python benchmarks/bench_ner.py --model sv_core_news_sm --with-baseline
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
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402

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
WORK = ROOT / "benchmarks" / "_work"
BASELINE_MODEL = WORK / "baseline_ner"
CORE_LABELS = ("PER", "ORG", "LOC")

Span = tuple[int, int, int, str]  # (sentence index, start char, end char, label)


@dataclass
class Result:
    name: str
    counts: dict[str, Counter[str]]  # label -> tp/fp/fn
    words_per_second: float
    size_mb: float | None


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


def predict(nlp: spacy.Language, texts: list[str]) -> tuple[set[Span], float]:
    """Predicted character spans and the CPU seconds the pipeline took."""
    pred: set[Span] = set()
    started = time.process_time()
    docs = list(nlp.pipe(texts, batch_size=256))
    seconds = time.process_time() - started
    for i, doc in enumerate(docs):
        for ent in doc.ents:
            label = LABEL_MAP.get(ent.label_, "MISC")
            if label is not None:
                pred.add((i, ent.start_char, ent.end_char, label))
    return pred, seconds


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
             n_words: int, repeats: int) -> Result:
    nlp = spacy.load(model)
    nlp(texts[0])  # warm up
    best = float("inf")
    pred: set[Span] = set()
    for _ in range(repeats):
        pred, seconds = predict(nlp, texts)
        best = min(best, seconds)
    size = dir_size_mb(Path(model)) if Path(model).exists() else None
    return Result(name, score(gold, pred), n_words / best, size)


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
    print(f"{'words/s':<12}" + "".join(f"| {r.words_per_second:>{col - 2},.0f}" for r in results))
    print(f"{'size MB':<12}" + "".join(
        f"| {(f'{r.size_mb:.1f}' if r.size_mb is not None else '-'):>{col - 2}}"
        for r in results))
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
    tok_wps = tokenizer_speed(texts, n_words, args.repeats)
    print_tables(results, tok_wps, len(texts), n_words)
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
            entry["words_per_second"] = round(r.words_per_second)
            entry["size_mb"] = r.size_mb
            out[r.name] = entry
        out["tokenizer_words_per_second"] = round(tok_wps)
        Path(args.json_path).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
