"""Filters and facet counts, written once for both backends.

Both backends hold the same tables under the same column names (SQLite: the corpus
itself; PostgreSQL: copies in a schema of their own), so the SQL differs only in
table names and parameter marks. Facets count distinct documents of the current
result set (a temporary table ``hits(rowid, score)``); they are empty, not failing,
when no roles or themes have been extracted yet.
"""

from __future__ import annotations

import re

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..dates import parse_date
from ..errors import QueryError

__all__ = ["Filters", "Tables", "FACETS", "filter_sql", "facet_counts", "fold"]

#: Facet names in display order.
FACETS = ("source", "year", "org", "person", "title", "theme")


def fold(value: str) -> str:
    """Case- and space-insensitive form used to match filter values ("Åsa  LIND" = "åsa lind")."""
    return " ".join(value.casefold().split())


def _values(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    out = []
    for v in items:
        if not isinstance(v, str):
            raise QueryError(f"a filter value must be text, not {type(v).__name__}")
        if v.strip():
            out.append(v.strip())
    return out


def _date(value: str | None, name: str) -> str | None:
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{4}(-\d{2})?", text):  # a year or a month: its first or last day
        return text + ("-01-01"[len(text) - 4:] if name == "since" else "-12-31"[len(text) - 4:])
    parsed = parse_date(text)
    if not parsed:
        raise QueryError(f"--{name}: not a date: {value!r}",
                         hint="use YYYY-MM-DD, YYYY-MM, YYYY or a Swedish date like '3 mars 2024'")
    return parsed[:10]


@dataclass(frozen=True)
class Filters:
    """What a search is limited to. Each text filter takes one value or several (any of them)."""

    source: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    person: tuple[str, ...] = ()
    org: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()

    @classmethod
    def from_kwargs(cls, **kw: Any) -> Filters:
        unknown = set(kw) - {"source", "since", "until", "person", "org", "title", "theme"}
        if unknown:
            raise QueryError(f"unknown search filter(s): {', '.join(sorted(unknown))}",
                             hint="filters are source, since, until, person, org, title, theme")
        since, until = _date(kw.get("since"), "since"), _date(kw.get("until"), "until")
        if since and until and since > until:
            raise QueryError(f"--since {since} is after --until {until}")
        return cls(
            source=tuple(_values(kw.get("source"))), since=since, until=until,
            person=tuple(_values(kw.get("person"))), org=tuple(_values(kw.get("org"))),
            title=tuple(_values(kw.get("title"))),
            theme=tuple(_values([str(t) for t in kw["theme"]] if isinstance(
                kw.get("theme"), (list, tuple)) else (None if kw.get("theme") is None
                                                      else str(kw["theme"])))),
        )

    def as_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()
                if v}


@dataclass(frozen=True)
class Tables:
    """Table names and the parameter mark of one backend."""

    documents: str = "documents"
    roles: str = "roles"
    themes: str = "document_themes"
    theme_labels: str | None = None  # a table (model, theme, label) when there is one
    theme_model: str = ""  # SQL condition on t.model (e.g. the active theme model only)
    mark: str = "?"


Resolver = Callable[[str, list[str]], list[str]]


def _in(mark: str, n: int) -> str:
    return "(" + ", ".join([mark] * n) + ")"


def filter_sql(filters: Filters, tables: Tables, resolve: Resolver,
               theme_min_weight: float) -> tuple[list[str], list[Any]]:
    """SQL conditions on documents ``d`` and their parameters.

    ``resolve(column, values)`` returns the stored values of ``roles.column`` that
    match ``values`` case-insensitively (so "åsa lind" finds "Åsa Lind").
    """
    m = tables.mark
    clauses: list[str] = []
    params: list[Any] = []
    if filters.source:
        clauses.append(f"d.source IN {_in(m, len(filters.source))}")
        params.extend(filters.source)
    if filters.since:
        clauses.append(f"d.published >= {m}")
        params.append(filters.since)
    if filters.until:
        clauses.append(f"substr(d.published, 1, 10) <= {m}")
        params.append(filters.until)
    role_parts: list[str] = []
    for column in ("person", "title", "org"):
        wanted = getattr(filters, column)
        if not wanted:
            continue
        stored = resolve(column, list(wanted))
        if not stored:
            return ["1 = 0"], []
        role_parts.append(f"r.{column} IN {_in(m, len(stored))}")
        params.extend(stored)
    if role_parts:
        clauses.append(f"EXISTS (SELECT 1 FROM {tables.roles} r WHERE r.document = d.rowid AND "
                       + " AND ".join(role_parts) + ")")
    if filters.theme:
        labels = resolve("theme", list(filters.theme))
        ids = [t for t in filters.theme if t.isdigit()]
        if not labels and not ids:
            return ["1 = 0"], []
        label = _theme_label(tables)
        alts = []
        if labels:
            alts.append(f"{label} IN {_in(m, len(labels))}")
        if ids:
            alts.append(f"t.theme IN {_in(m, len(ids))}")
        clauses.append(
            f"EXISTS (SELECT 1 FROM {tables.themes} t{_theme_join(tables)} WHERE "
            f"t.document = d.rowid AND t.weight >= {m}{tables.theme_model} "
            f"AND ({' OR '.join(alts)}))"
        )
        params.append(theme_min_weight)
        params.extend(labels)
        params.extend(int(i) for i in ids)
    return clauses, params


def _theme_label(tables: Tables) -> str:
    if tables.theme_labels:
        return "coalesce(t.label, l.label, 'theme ' || CAST(t.theme AS TEXT))"
    return "coalesce(t.label, 'theme ' || CAST(t.theme AS TEXT))"


def _theme_join(tables: Tables) -> str:
    if tables.theme_labels:
        return (f" LEFT JOIN {tables.theme_labels} l ON l.model = t.model "
                "AND l.theme = t.theme")
    return ""


def facet_sql(tables: Tables, size: int) -> dict[str, tuple[str, list[Any]]]:
    """Facet name -> (SQL over the temporary table ``hits``, extra parameters)."""
    m = tables.mark
    docs, roles = tables.documents, tables.roles
    # "IN (SELECT rowid FROM hits)" keeps the small result set the outer loop: with a
    # join, SQLite may walk a whole index of documents and probe the hits instead
    hits = "(SELECT rowid FROM hits)"
    role = (
        "SELECT r.{col}, count(DISTINCT r.document) FROM {roles} r WHERE r.document IN {hits} "
        "AND r.{col} IS NOT NULL AND r.{col} != '' GROUP BY r.{col} "
        "ORDER BY 2 DESC, 1 LIMIT {size}"
    )
    return {
        "source": (f"SELECT coalesce(d.source, ''), count(*) FROM {docs} d WHERE d.rowid IN "
                   f"{hits} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {size}", []),
        "year": (f"SELECT substr(d.published, 1, 4), count(*) FROM {docs} d WHERE d.rowid IN "
                 f"{hits} AND d.published IS NOT NULL GROUP BY 1 ORDER BY 1 DESC LIMIT {size}",
                 []),
        "org": (role.format(col="org", roles=roles, size=size, hits=hits), []),
        "person": (role.format(col="person", roles=roles, size=size, hits=hits), []),
        "title": (role.format(col="title", roles=roles, size=size, hits=hits), []),
        "theme": (
            f"SELECT {_theme_label(tables)}, count(DISTINCT t.document) FROM {tables.themes} t"
            f"{_theme_join(tables)} WHERE t.document IN {hits} AND t.weight >= {m}"
            f"{tables.theme_model} "
            f"GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {size}",
            ["min_weight"],
        ),
    }


def facet_counts(execute: Callable[[str, list[Any]], Iterable[Sequence[Any]]], tables: Tables,
                 *, size: int, theme_min_weight: float,
                 names: Iterable[str] = FACETS) -> dict[str, list[tuple[str, int]]]:
    """Run the facet queries through ``execute(sql, params) -> rows``."""
    out: dict[str, list[tuple[str, int]]] = {}
    queries = facet_sql(tables, size)
    for name in names:
        sql, extra = queries[name]
        params = [theme_min_weight if p == "min_weight" else p for p in extra]
        out[name] = [(str(r[0]), int(r[1])) for r in execute(sql, params) if r[0] is not None]
    return out
