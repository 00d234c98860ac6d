"""Themes over time and per organisation, from the shares stored in the corpus.

A document's shares sum to 1 over its themes, so a period's or an organisation's
``weight`` is the number of documents' worth it gave to a theme and ``share`` the
fraction of its documents' attention.

Organisations come from the roles found in each document (``roles.org``) and from
the document's ``source`` (the site that published it), so a university appears in
a municipality's news when one of its people is named there.

>>> from textmine import open_corpus
>>> with open_corpus(":memory:") as corpus:
...     themes_over_time(corpus, period="quarter")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..store import Corpus
from .fit import _require_model_id

__all__ = ["themes_over_time", "organisation_profiles", "PERIODS", "ORGANISATION_SOURCES"]

PERIODS = ("month", "quarter", "year")
ORGANISATION_SOURCES = ("roles", "source", "both")

_PERIOD_SQL = {
    "month": "substr(d.published, 1, 7)",
    "quarter": "substr(d.published, 1, 4) || '-Q' || "
               "((CAST(substr(d.published, 6, 2) AS INTEGER) + 2) / 3)",
    "year": "substr(d.published, 1, 4)",
}


def themes_over_time(
    corpus: Corpus, *, model: str | None = None, period: str = "month"
) -> list[dict[str, Any]]:
    """Rows ``{period, theme, label, weight, share, documents}``, by period then theme.

    Undated documents are left out. ``documents`` counts the period's documents
    with any share of the theme.
    """
    if period not in PERIODS:
        raise InputError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    model_id = _require_model_id(corpus, model)
    expr = _PERIOD_SQL[period]
    sql = f"""
        WITH per AS (
            SELECT {expr} AS period, count(*) AS n FROM documents d
            WHERE d.published IS NOT NULL AND length(d.published) >= 7 GROUP BY 1)
        SELECT {expr} AS period, t.theme, th.label, sum(t.weight) AS weight,
               count(*) AS documents, per.n AS total
        FROM document_themes t
        JOIN documents d ON d.rowid = t.document
        JOIN themes th ON th.model = t.model AND th.theme = t.theme
        JOIN per ON per.period = {expr}
        WHERE t.model = ? AND d.published IS NOT NULL AND length(d.published) >= 7
        GROUP BY 1, 2 ORDER BY 1, 2
    """
    return [
        {"period": r["period"], "theme": r["theme"], "label": r["label"],
         "weight": round(r["weight"], 4), "share": round(r["weight"] / r["total"], 4),
         "documents": r["documents"]}
        for r in corpus.conn.execute(sql, (model_id,))
    ]


def organisation_profiles(
    corpus: Corpus, *, model: str | None = None, by: str = "both", min_documents: int = 1
) -> list[dict[str, Any]]:
    """Rows ``{organisation, theme, label, weight, share, documents}`` by organisation.

    ``by`` picks where organisations come from: "roles", "source" or "both".
    Organisations with fewer than ``min_documents`` documents are left out.
    """
    if by not in ORGANISATION_SOURCES:
        raise InputError(f"by must be one of {', '.join(ORGANISATION_SOURCES)}, not {by!r}")
    model_id = _require_model_id(corpus, model)
    parts = []
    if by in ("roles", "both"):
        parts.append("SELECT DISTINCT document, org FROM roles WHERE org IS NOT NULL AND org != ''")
    if by in ("source", "both"):
        parts.append("SELECT rowid AS document, source AS org FROM documents "
                     "WHERE source IS NOT NULL AND source != ''")
    sql = f"""
        WITH doc_orgs AS ({' UNION '.join(parts)}),
        sizes AS (SELECT org, count(*) AS n FROM doc_orgs GROUP BY org)
        SELECT o.org AS organisation, t.theme, th.label, sum(t.weight) AS weight,
               count(*) AS documents, sizes.n AS total
        FROM doc_orgs o
        JOIN document_themes t ON t.document = o.document AND t.model = ?
        JOIN themes th ON th.model = t.model AND th.theme = t.theme
        JOIN sizes ON sizes.org = o.org
        WHERE sizes.n >= ?
        GROUP BY 1, 2 ORDER BY 1, 2
    """
    return [
        {"organisation": r["organisation"], "theme": r["theme"], "label": r["label"],
         "weight": round(r["weight"], 4), "share": round(r["weight"] / r["total"], 4),
         "documents": r["documents"]}
        for r in corpus.conn.execute(sql, (model_id, int(min_documents)))
    ]
