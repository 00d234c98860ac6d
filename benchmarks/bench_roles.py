#!/usr/bin/env python3
"""Named roles on ../shared/data/roles-dev: textmine's extractor beside a 20-line regex.

Runs both extractors over the dev documents, writes their predictions as JSONL and
scores them with ../shared/tools/score_roles.py (persons, person+title,
person+title+organisation: precision, recall, F1), printing one table.

    python benchmarks/bench_roles.py [--model NAME_OR_PATH] [--out DIR]
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
GOLD = SHARED / "data" / "roles-dev" / "docs.jsonl"
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


def score(pred_path: Path) -> dict:
    res = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(pred_path), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout)["levels"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: textmine's)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "_work")
    args = parser.parse_args()
    if not GOLD.is_file():
        print(f"roles-dev not found at {GOLD}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "src"))
    from textmine.nlp.pipeline import find_default_model, load_pipeline

    args.out.mkdir(parents=True, exist_ok=True)
    docs = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    nlp = load_pipeline(args.model)
    started = time.perf_counter()
    pred_tm = args.out / "roles_textmine.jsonl"
    with pred_tm.open("w", encoding="utf-8") as fh:
        for d, doc in zip(docs, nlp.pipe(d["text"] for d in docs)):
            roles = [r.to_dict() for r in doc._.roles]
            fh.write(json.dumps({"id": d["id"], "roles": roles}, ensure_ascii=False) + "\n")
    seconds = time.perf_counter() - started
    pred_re = args.out / "roles_regex.jsonl"
    with pred_re.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps({"id": d["id"], "roles": baseline_roles(d["text"])},
                                ensure_ascii=False) + "\n")
    model = args.model or (str(find_default_model() or "blank (no NER model installed)"))
    print(f"roles-dev: {len(docs)} documents, model {model}, textmine {seconds:.2f} s")
    print(f"{'level':10s} {'extractor':10s} {'P':>6s} {'R':>6s} {'F1':>6s}")
    results = {"textmine": score(pred_tm), "regex": score(pred_re)}
    for level in ("persons", "pairs", "triples"):
        for name, res in results.items():
            r = res[level]
            print(f"{level:10s} {name:10s} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
