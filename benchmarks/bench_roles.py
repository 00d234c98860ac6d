#!/usr/bin/env python3
"""Named roles: textmine's extractor beside a 20-line regex, on two gold sets.

1. ``../shared/data/roles-dev`` (the development set used for error analysis);
2. the project's own demo corpus, ``corpora/demo/news.jsonl`` with
   ``corpora/demo/gold_roles.jsonl`` (written independently of the rules: a check that
   they generalise). Its texts are ``Document.full_text`` (title, lead, body, captions),
   exactly what ``textmine build`` analyses.

3. the held-out sets of ``corpora/roles-heldout`` (a to f: texts written for textmine
   by the rules of the development set; see the README there).

Both extractors' predictions are written as JSONL and scored with
``../shared/tools/score_roles.py`` (persons, person+title, person+title+organisation:
precision, recall, F1), one table per set.

    python benchmarks/bench_roles.py [--model NAME_OR_PATH] [--out DIR]
                                     [--set dev|demo|both|heldout|all]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV_GOLD = SHARED / "data" / "roles-dev" / "docs.jsonl"
DEMO_NEWS = ROOT / "corpora" / "demo" / "news.jsonl"
DEMO_GOLD = ROOT / "corpora" / "demo" / "gold_roles.jsonl"
HELDOUT = ROOT / "corpora" / "roles-heldout"
SCORER = SHARED / "tools" / "score_roles.py"

_NAME = r"([A-ZÅÄÖ][a-zåäöé]+(?:[ -][A-ZÅÄÖ][a-zåäöé]+)+)"
_TITLE = r"([a-zåäö]*(?:chef|direktör|rektor|professor|ordförande|strateg|ansvarig|råd|docent|" \
         r"lektor|prefekt|ledare|samordnare|sekreterare))"


def baseline_roles(text: str) -> list[dict]:
    """A simple regex baseline: "Name, title [vid|på|i Org]" and "title Name"."""
    out = []
    for m in re.finditer(_NAME + r",\s+" + _TITLE + r"(?:\s+(?:vid|på|i|för)\s+([A-ZÅÄÖ][\wåäö]+"
                         r"(?:\s[\wåäö]+)?))?", text):
        out.append({"person": m.group(1), "title": m.group(2), "org": m.group(3)})
    for m in re.finditer(r"\b" + _TITLE + r"\s+" + _NAME, text, flags=re.I):
        out.append({"person": m.group(2), "title": m.group(1).lower(), "org": None})
    return out


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def dev_set() -> tuple[list[dict], Path] | None:
    """roles-dev documents ({"id", "text"}) and the gold file, or None when absent."""
    if not DEV_GOLD.is_file():
        return None
    return [{"id": d["id"], "text": d["text"]} for d in read_jsonl(DEV_GOLD)], DEV_GOLD


def demo_set(out_dir: Path) -> tuple[list[dict], Path] | None:
    """Demo-corpus documents with their ``full_text``, and a gold file with that text."""
    if not (DEMO_NEWS.is_file() and DEMO_GOLD.is_file()):
        return None
    from textmine.document import Document

    texts = {}
    for r in read_jsonl(DEMO_NEWS):
        doc = Document(id=r["id"], title=r.get("title") or "", lead=r.get("lead") or "",
                       body=r.get("body") or "", captions=list(r.get("captions") or []),
                       byline=r.get("byline") or "")
        texts[doc.id] = doc.full_text
    gold = [g for g in read_jsonl(DEMO_GOLD) if g["id"] in texts]
    gold_path = out_dir / "demo_gold.jsonl"
    with gold_path.open("w", encoding="utf-8") as fh:
        for g in gold:
            fh.write(json.dumps({**g, "text": texts[g["id"]]}, ensure_ascii=False) + "\n")
    return [{"id": g["id"], "text": texts[g["id"]]} for g in gold], gold_path


def score(gold: Path, pred_path: Path) -> dict:
    res = subprocess.run([sys.executable, str(SCORER), str(gold), str(pred_path), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout)["levels"]


def run_set(name: str, docs: list[dict], gold: Path, nlp, out_dir: Path) -> float:
    started = time.perf_counter()
    pred_tm = out_dir / f"{name}_roles_textmine.jsonl"
    with pred_tm.open("w", encoding="utf-8") as fh:
        for d, doc in zip(docs, nlp.pipe(d["text"] for d in docs)):
            roles = [r.to_dict() for r in doc._.roles]
            fh.write(json.dumps({"id": d["id"], "roles": roles}, ensure_ascii=False) + "\n")
    seconds = time.perf_counter() - started
    pred_re = out_dir / f"{name}_roles_regex.jsonl"
    with pred_re.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps({"id": d["id"], "roles": baseline_roles(d["text"])},
                                ensure_ascii=False) + "\n")
    print(f"\n{name}: {len(docs)} documents, textmine {seconds:.2f} s")
    print(f"{'level':10s} {'extractor':10s} {'P':>6s} {'R':>6s} {'F1':>6s}")
    results = {"textmine": score(gold, pred_tm), "regex": score(gold, pred_re)}
    for level in ("persons", "pairs", "triples"):
        for ext, res in results.items():
            r = res[level]
            print(f"{level:10s} {ext:10s} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: textmine's)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "_work")
    parser.add_argument("--set", choices=("dev", "demo", "both", "heldout", "all"),
                        default="all")
    args = parser.parse_args()
    if not SCORER.is_file():
        print(f"the scorer is not found at {SCORER}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "src"))
    from textmine.nlp.pipeline import find_default_model, load_pipeline

    args.out.mkdir(parents=True, exist_ok=True)
    sets = []
    if args.set in ("dev", "both", "all"):
        sets.append(("roles-dev", dev_set()))
    if args.set in ("demo", "both", "all"):
        sets.append(("demo", demo_set(args.out)))
    if args.set in ("heldout", "all"):
        for path in sorted(HELDOUT.glob("*.jsonl")):
            docs = [{"id": d["id"], "text": d["text"]} for d in read_jsonl(path)]
            sets.append((f"heldout-{path.stem}", (docs, path)))
    nlp = load_pipeline(args.model)
    model = args.model or (str(find_default_model() or "blank (no NER model installed)"))
    print(f"model {model}; pipes {', '.join(nlp.pipe_names)}")
    for name, found in sets:
        if found is None:
            print(f"\n{name}: not found, skipped", file=sys.stderr)
            continue
        run_set(name, *found, nlp, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
