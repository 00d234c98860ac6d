"""Regression floor on the project's own demo corpus (corpora/demo), scored like
../shared/tools/score_roles.py: person + title and person + title + organisation.

The demo gold was written independently of the rules, so this checks that they
generalise; the floors sit below the measured figures (docs/benchmarks.md) so that
an edit of the corpus does not break the test, but a real regression does.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

import textmine
from textmine.document import Document

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "corpora" / "demo"
SCORER = ROOT.parent / "shared" / "tools" / "score_roles.py"
FLOORS = {"pairs": 0.93, "triples": 0.85}


def _norm(s: object) -> str | None:
    if s is None:
        return None
    s = unicodedata.normalize("NFC", str(s)).replace("\u00ad", "").casefold()
    s = re.sub(r"\s+", " ", s).strip(" \t\n.,;:!?\"'()[]–-")
    return s or None


def _within(a: str | None, b: str | None) -> bool:
    return bool(a and b and re.search(r"(?<!\w)" + re.escape(a) + r"(?!\w)", b))


def _title_ok(p: dict, g: dict) -> bool:
    pt = _norm(p.get("title"))
    return pt is not None and any(
        gt and (pt == gt or _within(pt, gt) or _within(gt, pt))
        for gt in (_norm(g.get("title")), _norm(g.get("title_surface"))))


def _org_ok(p: dict, g: dict) -> bool:
    po, gorg, gctx = _norm(p.get("org")), _norm(g.get("org")), _norm(g.get("org_context"))
    if gorg is None and gctx is None:
        return True
    if po is None:
        return gorg is None
    return any(go and (po == go or _within(po, go) or _within(go, po))
               for go in (gorg, _norm(g.get("org_surface")), gctx))


def _pair_ok(p: dict, g: dict) -> bool:
    return _norm(p.get("person")) == _norm(g.get("person")) and _title_ok(p, g)


def _triple_ok(p: dict, g: dict) -> bool:
    return _pair_ok(p, g) and _org_ok(p, g)


def score(gold: list[dict], pred: dict[str, list[dict]]) -> dict[str, float]:
    """F1 of pairs and triples: greedy one-to-one matches, optional gold roles ignored."""
    out = {}
    for level, ok in (("pairs", _pair_ok), ("triples", _triple_ok)):
        tp = fp = fn = 0
        for doc in gold:
            golds, used, optional = doc.get("roles") or [], set(), 0
            preds = pred.get(doc["id"], [])
            for p in preds:
                for i, g in enumerate(golds):
                    if i not in used and ok(p, g):
                        used.add(i)
                        optional += bool(g.get("optional"))
                        break
            hits = len(used) - optional
            tp += hits
            fp += len(preds) - hits - optional
            fn += sum(1 for i, g in enumerate(golds) if i not in used and not g.get("optional"))
        prec = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / (tp + fn) if tp + fn else 1.0
        out[level] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return out


def _demo() -> tuple[list[dict], dict[str, str]]:
    news, gold = DEMO / "news.jsonl", DEMO / "gold_roles.jsonl"
    if not (news.is_file() and gold.is_file()):
        pytest.skip("corpora/demo is not there")
    texts = {}
    for line in news.open(encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            texts[r["id"]] = Document(
                id=r["id"], title=r.get("title") or "", lead=r.get("lead") or "",
                body=r.get("body") or "", captions=list(r.get("captions") or [])).full_text
    golds = [g for g in (json.loads(x) for x in gold.open(encoding="utf-8") if x.strip())
             if g["id"] in texts]
    return golds, texts


@pytest.fixture(scope="module")
def demo_scores() -> tuple[list[dict], dict[str, list[dict]]]:
    gold, texts = _demo()
    ids = [g["id"] for g in gold]
    pred = {i: [r.to_dict() for r in roles]
            for i, roles in zip(ids, textmine.iter_roles([texts[i] for i in ids]))}
    return gold, pred


def test_demo_corpus_scores_stay_above_the_floor(demo_scores) -> None:
    gold, pred = demo_scores
    scores = score(gold, pred)
    for level, floor in FLOORS.items():
        assert scores[level] >= floor, f"{level} F1 {scores[level]:.3f} < {floor}"


def test_scoring_agrees_with_the_shared_scorer(demo_scores, tmp_path: Path) -> None:
    if not SCORER.is_file():
        pytest.skip(f"../shared is not here ({SCORER} missing): evaluation data is optional")
    scorer = SCORER
    gold, pred = demo_scores
    _, texts = _demo()
    gold_path, pred_path = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold_path.write_text("".join(json.dumps({**g, "text": texts[g["id"]]}, ensure_ascii=False)
                                 + "\n" for g in gold), "utf-8")
    pred_path.write_text("".join(json.dumps({"id": i, "roles": r}, ensure_ascii=False) + "\n"
                                 for i, r in pred.items()), "utf-8")
    res = subprocess.run([sys.executable, str(scorer), str(gold_path), str(pred_path), "--json"],
                         capture_output=True, text=True, check=True)
    levels = json.loads(res.stdout)["levels"]
    mine = score(gold, pred)
    for level in ("pairs", "triples"):
        assert mine[level] == pytest.approx(levels[level]["f1"], abs=1e-3)
