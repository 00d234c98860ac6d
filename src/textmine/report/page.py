"""``textmine report``: one self-contained HTML page with the corpus at a glance.

The page embeds its data as JSON and draws its charts with a little plain
JavaScript into SVG (no external scripts: it works offline and from a file). Next
to it go the collaboration network as GraphML and as CSV edges.

>>> paths = write_report("demo.db", "out/")  # doctest: +SKIP
>>> sorted(p.name for p in paths)  # doctest: +SKIP
['index.html', 'network.csv', 'network.graphml']
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from ..config import Settings, load_settings
from ..errors import InputError, StoreError
from ..store import Corpus, open_corpus
from .network import Network, build_network, write_edges_csv, write_graphml

__all__ = ["write_report", "report_data"]


def _quarter(date: str | None) -> str | None:
    if not date or len(date) < 7:
        return None
    return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"


def _theme_model(corpus: Corpus) -> str | None:
    row = corpus.conn.execute(
        "SELECT model FROM document_themes GROUP BY model ORDER BY max(rowid) DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def _themes(corpus: Corpus, orgs_by_doc: Mapping[str, set[str]]) -> dict[str, Any]:
    model = _theme_model(corpus)
    if model is None:
        return {"model": None, "labels": [], "quarters": [], "series": [], "orgs": [], "heat": []}
    rows = corpus.conn.execute(
        "SELECT d.id, d.published, t.theme, t.weight, t.label FROM document_themes t "
        "JOIN documents d ON d.rowid = t.document WHERE t.model = ?",
        (model,),
    ).fetchall()
    labels: dict[int, str] = {}
    by_quarter: dict[str, Counter[int]] = defaultdict(Counter)
    by_org: dict[str, Counter[int]] = defaultdict(Counter)
    for doc_id, published, theme, weight, label in rows:
        labels.setdefault(theme, label or f"tema {theme}")
        quarter = _quarter(published)
        if quarter:
            by_quarter[quarter][theme] += weight
        for org in orgs_by_doc.get(doc_id, ()):
            by_org[org][theme] += weight
    themes = sorted(labels)
    quarters = sorted(by_quarter)
    series = []
    for theme in themes:
        values = []
        for q in quarters:
            total = sum(by_quarter[q].values()) or 1.0
            values.append(round(by_quarter[q][theme] / total, 4))
        series.append({"theme": theme, "label": labels[theme], "values": values})
    top_orgs = sorted(by_org, key=lambda o: -sum(by_org[o].values()))[:20]
    heat = []
    for org in top_orgs:
        total = sum(by_org[org].values()) or 1.0
        heat.append([round(by_org[org][t] / total, 4) for t in themes])
    return {
        "model": model,
        "labels": [labels[t] for t in themes],
        "quarters": quarters,
        "series": series,
        "orgs": top_orgs,
        "heat": heat,
    }


def report_data(corpus: Corpus, *, settings: Settings | None = None) -> dict[str, Any]:
    """Everything the report shows, as plain data (also useful in notebooks)."""
    return _collect(corpus, settings)[0]


def _collect(corpus: Corpus, settings: Settings | None) -> tuple[dict[str, Any], Network]:
    settings = settings or load_settings()
    source_orgs = dict(settings.section("report").get("source_orgs", {}))
    stats = corpus.stats()
    span = corpus.conn.execute(
        "SELECT min(substr(published, 1, 10)), max(substr(published, 1, 10)) FROM documents"
    ).fetchone()
    orgs_by_doc: dict[str, set[str]] = defaultdict(set)
    for doc_id, org in corpus.conn.execute(
        "SELECT d.id, r.org FROM roles r JOIN documents d ON d.rowid = r.document "
        "WHERE r.org IS NOT NULL AND r.org != ''"
    ):
        orgs_by_doc[doc_id].add(org)
    for doc_id, source in corpus.conn.execute("SELECT id, source FROM documents"):
        if source_orgs.get(source or ""):
            orgs_by_doc[doc_id].add(source_orgs[source])
    holders: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for org, person, title in corpus.conn.execute(
        "SELECT org, person, coalesce(title, '') FROM roles WHERE org IS NOT NULL AND org != ''"
    ):
        holders[org][(person, title)] += 1
    top_orgs = sorted(holders, key=lambda o: (-sum(holders[o].values()), o))[:15]
    role_holders = [
        {
            "org": org,
            "people": [
                {"person": p, "title": t, "mentions": n} for (p, t), n in holders[org].most_common(8)
            ],
        }
        for org in top_orgs
    ]
    people_by_doc: dict[str, list[str]] = defaultdict(list)
    for doc_id, person in corpus.conn.execute(
        "SELECT DISTINCT d.id, r.person FROM roles r JOIN documents d ON d.rowid = r.document"
    ):
        people_by_doc[doc_id].append(person)
    documents = [
        {
            "id": d.id,
            "title": d.title or d.id,
            "url": d.url,
            "published": (d.published or "")[:10],
            "source": d.source or "",
            "people": sorted(people_by_doc.get(d.id, []))[:6],
        }
        for d in corpus.iter_documents()
    ]
    documents.sort(key=lambda d: d["published"], reverse=True)
    network = build_network(corpus, source_orgs=source_orgs)
    shown = set(list(network.nodes)[:40])
    return {
        "overview": {
            "documents": stats["documents"],
            "roles": stats["roles"],
            "people": stats["people"],
            "organisations": stats["organisations"],
            "first": span[0],
            "last": span[1],
            "sources": corpus.sources(),
        },
        "themes": _themes(corpus, orgs_by_doc),
        "role_holders": role_holders,
        "network": {
            "nodes": [{"name": n, "documents": c} for n, c in list(network.nodes.items())[:40]],
            "edges": [
                {"a": e.a, "b": e.b, "weight": e.weight}
                for e in network.edges
                if e.a in shown and e.b in shown
            ][:200],
        },
        "documents": documents[:1000],
        "documents_total": len(documents),
    }, network


def write_report(
    db: str | Path, out: str | Path, *, settings: Settings | None = None
) -> list[Path]:
    """Write ``index.html``, ``network.graphml`` and ``network.csv`` into the folder ``out``."""
    if str(db) != ":memory:" and not Path(db).exists():
        raise InputError(f"{db}: no such corpus database")
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot create the report folder: {exc.strerror}") from None
    with open_corpus(db) as corpus:
        if corpus.count_documents() == 0:
            raise StoreError(f"{db}: the corpus holds no documents", hint="run textmine build first")
        data, network = _collect(corpus, settings)
    page = _render(data, title=f"textmine: {Path(str(db)).name}")
    index = out / "index.html"
    tmp = index.with_suffix(".html.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(index)
    return [index, write_graphml(network, out / "network.graphml"),
            write_edges_csv(network, out / "network.csv")]


def _render(data: Mapping[str, Any], *, title: str) -> str:
    template = resources.files("textmine.report").joinpath("template.html").read_text("utf-8")
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return template.replace("{{title}}", html.escape(title)).replace("{{data}}", payload)
