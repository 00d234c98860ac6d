#!/usr/bin/env python3
"""Words per second on one core: bare tokenizer, bare NER model, whole roles pipeline.

The texts are the demo corpus (corpora/demo/news.jsonl) when present, else the
roles-dev texts, repeated to about ``--words`` words. All three run in one process,
one after the other, on the same texts, pinned to one thread.

    python benchmarks/bench_pipeline_speed.py [--model NAME_OR_PATH] [--words 60000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]


def load_texts(target_words: int) -> list[str]:
    texts: list[str] = []
    demo = ROOT / "corpora" / "demo" / "news.jsonl"
    dev = ROOT.parent / "shared" / "data" / "roles-dev" / "docs.jsonl"
    for path in (demo, dev):
        if path.is_file():
            for line in path.open(encoding="utf-8"):
                if line.strip():
                    r = json.loads(line)
                    parts = [r.get("title"), r.get("lead"), r.get("body"), r.get("text"),
                             *(r.get("captions") or [])]
                    texts.append("\n\n".join(p for p in parts if isinstance(p, str) and p))
            break
    if not texts:
        texts = ["Anna Berg, docent vid Malmö universitet, leder projektet. – Vi är glada, "
                 "säger kommunalrådet Åsa Lind (S)."]
    out, words = [], 0
    while words < target_words:
        for t in texts:
            out.append(t)
            words += len(t.split())
    return out


def rate(fn, texts: list[str]) -> tuple[float, float]:
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    fn(texts)
    seconds = time.perf_counter() - started
    return words / seconds, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--words", type=int, default=60_000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    sys.path.insert(0, str(ROOT / "src"))
    import spacy

    from textmine.nlp.pipeline import find_default_model, load_pipeline

    texts = load_texts(args.words)
    nlp = load_pipeline(args.model)
    list(nlp.pipe(texts[:50]))  # warm-up: lexicons and lemma caches load on first use
    rows = []
    rows.append(("tokenizer only", *rate(lambda ts: [nlp.make_doc(t) for t in ts], texts)))
    ner_names = [n for n in nlp.pipe_names if n in ("tok2vec", "ner")]
    if ner_names:
        with nlp.select_pipes(enable=ner_names):
            rows.append(("NER model only", *rate(lambda ts: list(nlp.pipe(ts, batch_size=64)),
                                                 texts)))
    rules = [n for n in nlp.pipe_names if n.startswith("textmine_")]
    with nlp.select_pipes(enable=rules):
        rows.append(("roles rules only", *rate(lambda ts: list(nlp.pipe(ts, batch_size=64)),
                                               texts)))
    rows.append(("whole roles pipeline", *rate(lambda ts: list(nlp.pipe(ts, batch_size=64)),
                                               texts)))
    model = args.model or str(find_default_model() or "blank (no NER model installed)")
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} texts, {words} words, model {model}, spaCy {spacy.__version__}, 1 core")
    print(f"{'pipeline':22s} {'words/s':>10s} {'seconds':>8s}")
    for name, wps, secs in rows:
        print(f"{name:22s} {wps:10,.0f} {secs:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
