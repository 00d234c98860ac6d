#!/usr/bin/env python3
"""Words per second on one core: bare tokenizer, bare NER model, whole roles pipeline.

Beside them, as the peer, spaCy's default "efficiency" tok2vec + NER config
(``ner_baseline.cfg``, the config spaCy's ``init config`` writes for Swedish NER on CPU),
untrained: speed does not depend on the weights; once as spaCy loads it (thinc's
bundled BLIS) and once with numpy's BLAS, as ``textmine.load_pipeline`` runs models.

The texts are the demo corpus (corpora/demo/news.jsonl) when present, else the
roles-dev texts, repeated to about ``--words`` words. All run in one process, one
after the other, on the same texts, pinned to one core and one thread. Rates are
words per CPU second of the process (best of ``--repeat`` runs), so that other load on
a shared machine does not count; wall-clock rates are printed beside them.

    python benchmarks/bench_pipeline_speed.py [--model NAME_OR_PATH] [--words 60000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
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


REPEAT = 3


def rate(fn, texts: list[str]) -> tuple[float, float, float]:
    """(words per CPU second, CPU seconds, words per wall second), best of REPEAT runs."""
    words = sum(len(t.split()) for t in texts)
    best_cpu = best_wall = float("inf")
    for _ in range(REPEAT):
        wall, cpu = time.perf_counter(), time.process_time()
        fn(texts)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return words / best_cpu, best_cpu, words / best_wall


def untrained_stand_in(config_path: Path) -> Path:
    """An untrained tok2vec + NER pipeline built from ``config_path``, saved to a
    temporary directory: the same network size as the trained model, so the same speed."""
    import tempfile

    from spacy.util import load_config, load_model_from_config

    nlp = load_model_from_config(load_config(config_path), auto_fill=True, validate=False)
    from textmine.nlp.training import uses_static_vectors

    if uses_static_vectors(config_path):  # the gazetteer features, as training adds them
        from textmine.nlp.gazetteer import build_vectors, feature_table
        from textmine.nlp.training import gazetteer_groups

        nlp.vocab.vectors = build_vectors(nlp.vocab, feature_table(gazetteer_groups()))
    for label in ("PER", "ORG", "LOC", "MISC"):
        nlp.get_pipe("ner").add_label(label)
    nlp.initialize()
    out = Path(tempfile.mkdtemp(prefix="textmine-stand-in-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    nlp.to_disk(out)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--words", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stand-in", type=Path,
                        default=ROOT / "src" / "textmine" / "nlp" / "configs" / "ner.cfg",
                        help="NER config for an untrained model of the same size, timed when "
                             "no trained model is installed (speed does not depend on training)")
    parser.add_argument("--baseline-config", type=Path,
                        default=ROOT / "src" / "textmine" / "nlp" / "configs" / "ner_baseline.cfg",
                        help="config of the peer row: spaCy's default efficiency tok2vec + NER")
    args = parser.parse_args()
    global REPEAT
    REPEAT = max(1, args.repeat)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    sys.path.insert(0, str(ROOT / "src"))
    import spacy

    from textmine.nlp.pipeline import find_default_model, load_pipeline

    texts = load_texts(args.words)
    model_name = args.model
    if model_name is None and find_default_model() is None and args.stand_in.is_file():
        model_name = str(untrained_stand_in(args.stand_in))
        stand_in = f"untrained stand-in from {args.stand_in.name} (same size as the shipped model)"
    else:
        stand_in = None
    nlp = load_pipeline(model_name)
    list(nlp.pipe(texts[:50]))  # warm-up: lexicons and lemma caches load on first use
    rows = []
    rows.append(("tokenizer only", *rate(lambda ts: [nlp.make_doc(t) for t in ts], texts)))
    ner_names = [n for n in nlp.pipe_names if n in ("tok2vec", "ner")]
    if ner_names:
        with nlp.select_pipes(enable=ner_names):
            rows.append(("NER model only", *rate(lambda ts: list(nlp.pipe(ts, batch_size=64)),
                                                 texts)))
    # the peer: spaCy's default "efficiency" tok2vec + NER (ner_baseline.cfg), untrained
    # (speed does not depend on the weights), on the same texts in the same run
    from textmine.nlp.pipeline import use_numpy_blas

    peer_dir = untrained_stand_in(args.baseline_config)
    peer = spacy.load(peer_dir)
    peer("Hej.")
    rows.append(("spaCy efficiency NER", *rate(lambda ts: list(peer.pipe(ts, batch_size=64)),
                                               texts)))
    # the same with numpy's BLAS, as textmine runs its own model (load_pipeline)
    peer = use_numpy_blas(spacy.load(peer_dir))
    peer("Hej.")
    rows.append(("  same, numpy BLAS", *rate(lambda ts: list(peer.pipe(ts, batch_size=64)),
                                             texts)))
    rules = [n for n in nlp.pipe_names if n.startswith("textmine_")]
    with nlp.select_pipes(enable=rules):
        rows.append(("roles rules only", *rate(lambda ts: list(nlp.pipe(ts, batch_size=64)),
                                               texts)))
    rows.append(("whole roles pipeline", *rate(lambda ts: list(nlp.pipe(ts, batch_size=64)),
                                               texts)))
    model = stand_in or args.model or str(find_default_model() or "blank (no NER model)")
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} texts, {words} words, model {model}, spaCy {spacy.__version__}, 1 core")
    print(f"{'pipeline':22s} {'words/s':>10s} {'CPU s':>8s} {'wall words/s':>13s}")
    for name, wps, secs, wall in rows:
        print(f"{name:22s} {wps:10,.0f} {secs:8.2f} {wall:13,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
