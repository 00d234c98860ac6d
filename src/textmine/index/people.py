"""People questions: who has held a title at an organisation; every role of a person.

Answers come from the ``roles`` the NLP stage extracted, grouped by (person, title,
organisation, party), each with the documents that state it and the first and last
date it was stated. Names, titles and organisations match regardless of case and
spacing ("södertörns högskola" finds "Södertörns högskola").

>>> for role in people("corpus.db", title="rektor", org="Södertörns högskola"):  # doctest: +SKIP
...     print(role.person, role.first_seen, role.last_seen)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import QueryError
from .facets import Tables, fold

__all__ = ["people", "roles_of", "RoleRecord", "RoleSource"]


@dataclass(frozen=True)
class RoleSource:
    """A document that states a role."""

    id: str
    published: str | None
    source: str | None
    url: str | None
    sentence: str


@dataclass
class RoleRecord:
    """One (person, title, org, party) and every document that states it, oldest first."""

    person: str
    title: str | None
    org: str | None
    party: str | None
    documents: list[RoleSource] = field(default_factory=list)

    @property
    def first_seen(self) -> str | None:
        dates = [d.published for d in self.documents if d.published]
        return min(dates)[:10] if dates else None

    @property
    def last_seen(self) -> str | None:
        dates = [d.published for d in self.documents if d.published]
        return max(dates)[:10] if dates else None

    def to_dict(self) -> dict[str, Any]:
        return {"person": self.person, "title": self.title, "org": self.org, "party": self.party,
                "first_seen": self.first_seen, "last_seen": self.last_seen,
                "documents": [d.__dict__ for d in self.documents]}


def _values(value: str | Sequence[str] | None, name: str) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    if not all(isinstance(v, str) for v in items):
        raise QueryError(f"--{name} must be text")
    return [v.strip() for v in items if v.strip()]


def role_records(
    execute: Callable[[str, list[Any]], Iterable[Sequence[Any]]],
    tables: Tables,
    resolve: Callable[[str, list[str]], list[str]],
    *,
    person: Sequence[str] = (),
    title: Sequence[str] = (),
    org: Sequence[str] = (),
    limit: int | None = None,
) -> list[RoleRecord]:
    """The grouped roles matching the filters, through one backend's ``execute``."""
    m = tables.mark
    clauses, params = [], []
    for column, wanted in (("person", person), ("title", title), ("org", org)):
        if not wanted:
            continue
        stored = resolve(column, list(wanted))
        if not stored:
            return []
        clauses.append(f"r.{column} IN ({', '.join([m] * len(stored))})")
        params.extend(stored)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = (
        "SELECT r.person, r.title, r.org, r.party, d.id, d.published, d.source, d.url, "
        f"r.sentence FROM {tables.roles} r JOIN {tables.documents} d ON d.rowid = r.document "
        f"{where} ORDER BY d.published IS NULL, d.published, d.id"
    )
    groups: dict[tuple, RoleRecord] = {}
    for row in execute(sql, params):
        key = (row[0], row[1], row[2], row[3])
        record = groups.get(key)
        if record is None:
            record = groups[key] = RoleRecord(row[0], row[1], row[2], row[3])
        if not any(d.id == row[4] for d in record.documents[-3:]):
            record.documents.append(RoleSource(row[4], row[5], row[6], row[7], row[8] or ""))
    records = sorted(groups.values(), key=lambda r: (r.first_seen is None, r.first_seen or "",
                                                     fold(r.person), r.title or "", r.org or ""))
    return records[:limit] if limit else records


def people(
    db: str | Path,
    *,
    title: str | Sequence[str] | None = None,
    org: str | Sequence[str] | None = None,
    person: str | Sequence[str] | None = None,
    limit: int | None = None,
    settings: Any = None,
) -> list[RoleRecord]:
    """Roles stated in the corpus ``db`` (a file or a PostgreSQL DSN), grouped, oldest first.

    ``people(db, title="rektor", org="Södertörns högskola")``: everyone stated to
    have been rector there, with the documents that say so.
    """
    from ..config import load_settings
    from .search import is_postgres, open_corpus_for

    settings = settings or load_settings()
    kw = {"person": _values(person, "person"), "title": _values(title, "title"),
          "org": _values(org, "org"), "limit": limit}
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise QueryError(f"limit must be a whole number >= 1, not {limit!r}")
    if is_postgres(db):
        from .postgres import PostgresIndex

        with PostgresIndex(str(db), settings) as index:
            return role_records(index.execute, index.tables, index.resolve, **kw)
    from .sqlite import SqliteIndex

    with open_corpus_for(db) as corpus:
        index = SqliteIndex(corpus, settings)
        return role_records(lambda sql, p: corpus.conn.execute(sql, p).fetchall(),
                            Tables(), index.resolve, **kw)


def roles_of(person: str, db: str | Path, *, settings: Any = None) -> list[RoleRecord]:
    """Every role of one person over time, oldest first, with the documents that state it."""
    if not isinstance(person, str) or not person.strip():
        raise QueryError("give the name of a person")
    return people(db, person=person, settings=settings)
