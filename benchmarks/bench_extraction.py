"""Main-text extraction: textmine's extractor side by side with bare trafilatura.

Pages and gold snippets: ../shared/data/html/extraction-dev/ (200 real pages; each
gold entry lists snippets that must appear in the main text and boilerplate that
must not). Scored as ../shared/README.md says: every `with` snippet found is a true
positive (else a false negative), every `without` snippet found a false positive,
after collapsing white space, summed over all pages. Both extractors get the same
bytes in the same process; time is wall-clock per page, parsing included.

usage: python benchmarks/bench_extraction.py [--pages DIR] [--limit N] [--out PRED.jsonl]

``--out`` writes our predictions as `textmine extract-html --format jsonl` would, so
``../shared/tools/score_extraction.py gold.json PRED.jsonl`` gives the same figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "html" / "extraction-dev"


def squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def score(gold: dict, predictions: dict[str, str | None]) -> dict[str, float]:
    tp = fp = fn = 0
    for entry in gold.values():
        text = predictions.get(entry["file"])
        if text is None:
            fn += len(entry.get("with", []))
            continue
        text = squash(text)
        for snippet in entry.get("with", []):
            if squash(snippet) in text:
                tp += 1
            else:
                fn += 1
        fp += sum(1 for s in entry.get("without", []) if squash(s) in text)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def run_textmine(pages: dict[str, tuple[str, bytes]]) -> tuple[dict[str, str | None], float]:
    from textmine.scrape.extract import extract_document

    out: dict[str, str | None] = {}
    started = time.perf_counter()
    for name, (url, content) in pages.items():
        try:
            out[name] = extract_document(content, url=url).text
        except Exception as exc:  # a page that fails counts its snippets as missed
            print(f"textmine failed on {name}: {exc}", file=sys.stderr)
            out[name] = None
    return out, time.perf_counter() - started


def run_trafilatura(pages: dict[str, tuple[str, bytes]]) -> tuple[dict[str, str | None], float]:
    import trafilatura

    out: dict[str, str | None] = {}
    started = time.perf_counter()
    for name, (_url, content) in pages.items():
        try:
            out[name] = trafilatura.extract(content)
        except Exception:
            out[name] = None
    return out, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT,
                        help="folder with gold.json and pages/")
    parser.add_argument("--limit", type=int, default=0, help="use the first N pages only")
    parser.add_argument("--out", type=Path, help="write textmine's predictions as JSONL")
    args = parser.parse_args(argv)
    gold_file = args.pages / "gold.json"
    if not gold_file.is_file():
        print(f"no benchmark data at {args.pages} (../shared is absent)", file=sys.stderr)
        return 2
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    if args.limit:
        gold = dict(list(gold.items())[: args.limit])
    pages = {e["file"]: (url, (args.pages / "pages" / e["file"]).read_bytes())
             for url, e in gold.items()}
    import trafilatura

    import textmine

    # warm both up (imports, lazy tables) outside the timing
    first = next(iter(pages.values()))
    trafilatura.extract(first[1])
    run_textmine(dict([next(iter(pages.items()))]))
    rows = []
    for name, runner in (("trafilatura " + trafilatura.__version__, run_trafilatura),
                         ("textmine " + textmine.__version__, run_textmine)):
        predictions, seconds = runner(pages)
        result = score(gold, predictions)
        rows.append((name, result, seconds, predictions))
    print(f"{len(pages)} pages of {args.pages}")
    print(f"{'extractor':<22} {'precision':>9} {'recall':>7} {'F1':>6} {'pages/s':>8}")
    for name, result, seconds, _ in rows:
        print(f"{name:<22} {result['precision']:>9.3f} {result['recall']:>7.3f} "
              f"{result['f1']:>6.3f} {len(pages) / seconds:>8.1f}")
    ours = rows[-1]
    speed = (rows[0][2] / ours[2]) if ours[2] else 0.0
    print(f"textmine speed relative to trafilatura: {speed:.2f}")
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for name, text in ours[3].items():
                if text is not None:
                    fh.write(json.dumps({"file": name, "text": text}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
