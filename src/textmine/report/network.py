"""The collaboration network: organisations that appear in the same document.

An organisation "appears" in a document when a role there names it, or when it
publishes the document (its ``source``, mapped to an organisation name through the
``[report] source_orgs`` setting when given). Edge weight = number of documents.

>>> net = build_network(corpus)  # doctest: +SKIP
>>> net.edges[0]  # doctest: +SKIP
Edge(a='Botkyrka kommun', b='Södertörns högskola', weight=7, documents=(...))
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..store import Corpus

__all__ = ["Edge", "Network", "build_network", "write_edges_csv", "write_graphml"]


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    weight: int
    documents: tuple[str, ...]


@dataclass
class Network:
    nodes: dict[str, int] = field(default_factory=dict)  # organisation -> documents
    edges: list[Edge] = field(default_factory=list)


def build_network(
    corpus: Corpus, *, source_orgs: Mapping[str, str] | None = None, min_weight: int = 1
) -> Network:
    """Organisations co-occurring in documents, strongest ties first."""
    source_orgs = dict(source_orgs or {})
    orgs_by_doc: dict[str, set[str]] = defaultdict(set)
    rows = corpus.conn.execute(
        "SELECT d.id, r.org FROM roles r JOIN documents d ON d.rowid = r.document "
        "WHERE r.org IS NOT NULL AND r.org != ''"
    )
    for doc_id, org in rows:
        orgs_by_doc[doc_id].add(org)
    for doc_id, source in corpus.conn.execute("SELECT id, source FROM documents"):
        org = source_orgs.get(source or "")
        if org:
            orgs_by_doc[doc_id].add(org)
    nodes: Counter[str] = Counter()
    pair_docs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for doc_id, orgs in orgs_by_doc.items():
        nodes.update(orgs)
        for a, b in combinations(sorted(orgs), 2):
            pair_docs[(a, b)].append(doc_id)
    edges = [
        Edge(a, b, len(docs), tuple(sorted(docs)))
        for (a, b), docs in pair_docs.items()
        if len(docs) >= min_weight
    ]
    edges.sort(key=lambda e: (-e.weight, e.a, e.b))
    return Network(dict(nodes.most_common()), edges)


def write_edges_csv(network: Network, path: str | Path) -> Path:
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["source", "target", "weight", "documents"])
        for e in network.edges:
            writer.writerow([e.a, e.b, e.weight, " ".join(e.documents)])
    return path


def write_graphml(network: Network, path: str | Path) -> Path:
    """GraphML readable by Gephi, networkx and igraph."""
    path = Path(path)
    ids = {name: f"n{i}" for i, name in enumerate(network.nodes)}
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
        '  <key id="documents" for="node" attr.name="documents" attr.type="int"/>',
        '  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>',
        '  <graph id="organisations" edgedefault="undirected">',
    ]
    for name, count in network.nodes.items():
        lines.append(
            f'    <node id="{ids[name]}"><data key="label">{escape(name)}</data>'
            f'<data key="documents">{count}</data></node>'
        )
    for e in network.edges:
        lines.append(
            f"    <edge source={quoteattr(ids[e.a])} target={quoteattr(ids[e.b])}>"
            f'<data key="weight">{e.weight}</data></edge>'
        )
    lines += ["  </graph>", "</graphml>", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
