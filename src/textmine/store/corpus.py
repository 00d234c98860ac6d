"""The corpus store: one SQLite file holding documents and everything attached to them.

>>> from textmine import Document
>>> with open_corpus(":memory:") as corpus:
...     corpus.upsert_document(Document(url="https://ex.se/a", title="Hej", body="Text"))
'new'
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from ..document import Document, Entity, Quote, Role, ThemeWeight
from ..errors import SchemaError, StoreError
from .schema import LATEST_VERSION, migrate, schema_version

__all__ = ["Corpus", "open_corpus", "UpsertReport", "UpsertStatus", "iter_batches"]

T = TypeVar("T")

UpsertStatus = Literal["new", "changed", "unchanged"]

_DOC_COLUMNS = (
    "id", "url", "canonical_url", "source", "title", "published", "updated", "lead", "body",
    "captions", "byline", "categories", "language", "content_hash", "fetched_at", "metadata",
)
_JSON_COLUMNS = {"captions", "categories", "metadata"}


@dataclass
class UpsertReport:
    """What a batch of upserts did."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    ids: dict[str, UpsertStatus] = field(default_factory=dict, repr=False)

    def add(self, doc_id: str, status: UpsertStatus) -> None:
        setattr(self, status, getattr(self, status) + 1)
        self.ids[doc_id] = status

    @property
    def total(self) -> int:
        return self.new + self.changed + self.unchanged


def iter_batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items (the last may be shorter)."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _row_values(doc: Document) -> dict[str, Any]:
    data = doc.to_dict()
    return {
        col: json.dumps(data[col], ensure_ascii=False) if col in _JSON_COLUMNS else data[col]
        for col in _DOC_COLUMNS
    }


def _row_to_document(row: sqlite3.Row) -> Document:
    values = {col: row[col] for col in _DOC_COLUMNS if col != "content_hash"}
    for col in _JSON_COLUMNS:
        values[col] = json.loads(values[col]) if values[col] else ([] if col != "metadata" else {})
    return Document(**values)


class Corpus:
    """A corpus database. Use :func:`open_corpus` (or the class as a context manager).

    Every write happens inside a transaction: a process killed mid-write leaves the
    database as it was before that transaction. The file uses WAL journaling and
    enforces foreign keys, so deleting a document removes what is attached to it.
    """

    def __init__(self, path: str | Path, *, migrate_schema: bool = True) -> None:
        self.path = str(path)
        self._depth = 0
        if self.path != ":memory:":
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"{self.path}: the folder {parent} does not exist")
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0,
                                        check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA busy_timeout = 30000")
            if self.path != ":memory:":
                mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if mode.lower() != "wal":
                    raise StoreError(f"{self.path}: cannot switch the database to WAL mode")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            if migrate_schema:
                migrate(self.conn)
            elif schema_version(self.conn) > LATEST_VERSION:
                raise SchemaError(f"{self.path}: schema version too new for this textmine")
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path}: not a usable corpus database ({exc})",
                hint="give a new file name or a textmine corpus",
            ) from None

    # -- lifecycle -----------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return schema_version(self.conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (nested calls join the outer one)."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

    # -- documents -------------------------------------------------------------
    def _rowid(self, doc: Document) -> tuple[int, str] | None:
        row = None
        if doc.canonical_url:
            row = self.conn.execute(
                "SELECT rowid, content_hash FROM documents WHERE canonical_url = ?",
                (doc.canonical_url,),
            ).fetchone()
        if row is None:
            row = self.conn.execute(
                "SELECT rowid, content_hash FROM documents WHERE id = ?", (doc.id,)
            ).fetchone()
        return (row[0], row[1]) if row else None

    def upsert_document(self, doc: Document) -> UpsertStatus:
        """Insert or update one document, matched by canonical URL, else by id.

        Returns ``"new"``, ``"changed"`` (stored fields differed; results attached by
        later stages are dropped when the text changed) or ``"unchanged"``.
        """
        values = _row_values(doc)
        with self.transaction():
            found = self._rowid(doc)
            if found is None:
                cols = ", ".join(_DOC_COLUMNS)
                marks = ", ".join("?" for _ in _DOC_COLUMNS)
                self.conn.execute(
                    f"INSERT INTO documents ({cols}) VALUES ({marks})",
                    [values[c] for c in _DOC_COLUMNS],
                )
                return "new"
            rowid, old_hash = found
            old = self.conn.execute(
                f"SELECT {', '.join(_DOC_COLUMNS)} FROM documents WHERE rowid = ?", (rowid,)
            ).fetchone()
            # the raw URL may differ in tracking parameters and the fetch time always
            # does: neither makes a document changed
            compare = [c for c in _DOC_COLUMNS if c not in ("fetched_at", "url")]
            if all(old[c] == values[c] for c in compare):
                if values["fetched_at"] and values["fetched_at"] != old["fetched_at"]:
                    self.conn.execute("UPDATE documents SET fetched_at = ? WHERE rowid = ?",
                                      (values["fetched_at"], rowid))
                return "unchanged"
            sets = ", ".join(f"{c} = ?" for c in _DOC_COLUMNS)
            self.conn.execute(
                f"UPDATE documents SET {sets}, "
                "modified_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE rowid = ?",
                [values[c] for c in _DOC_COLUMNS] + [rowid],
            )
            if old_hash != values["content_hash"]:
                self._clear_attached(rowid)
            return "changed"

    def upsert_documents(self, docs: Iterable[Document], *, batch_size: int = 200) -> UpsertReport:
        """Upsert many documents, committing every ``batch_size`` documents."""
        report = UpsertReport()
        for batch in iter_batches(docs, batch_size):
            with self.transaction():
                for d in batch:
                    report.add(d.id, self.upsert_document(d))
        return report

    def get_document(self, doc_id: str) -> Document | None:
        row = self.conn.execute(
            f"SELECT {', '.join(_DOC_COLUMNS)} FROM documents WHERE id = ? OR canonical_url = ?",
            (doc_id, doc_id),
        ).fetchone()
        return _row_to_document(row) if row else None

    def iter_documents(
        self,
        *,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        ids: Sequence[str] | None = None,
    ) -> Iterator[Document]:
        """Documents in published order (undated last), optionally filtered."""
        where, params = self._filters(source=source, since=since, until=until, ids=ids)
        sql = (
            f"SELECT {', '.join(_DOC_COLUMNS)} FROM documents {where} "
            "ORDER BY published IS NULL, published, rowid"
        )
        for row in self.conn.execute(sql, params):
            yield _row_to_document(row)

    @staticmethod
    def _filters(**kw: Any) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if kw.get("source"):
            clauses.append("source = ?")
            params.append(kw["source"])
        if kw.get("since"):
            clauses.append("published >= ?")
            params.append(kw["since"])
        if kw.get("until"):
            clauses.append("substr(published, 1, 10) <= ?")
            params.append(kw["until"])
        if kw.get("ids") is not None:
            ids = list(kw["ids"])
            clauses.append(f"id IN ({', '.join('?' for _ in ids)})" if ids else "0")
            params.extend(ids)
        return ("WHERE " + " AND ".join(clauses) if clauses else "", params)

    def count_documents(self, *, source: str | None = None) -> int:
        where, params = self._filters(source=source)
        return int(self.conn.execute(f"SELECT count(*) FROM documents {where}", params).fetchone()[0])

    def delete_document(self, doc_id: str) -> bool:
        """Delete a document and everything attached to it; False when absent."""
        with self.transaction():
            cur = self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        return cur.rowcount > 0

    def duplicate_groups(self) -> list[list[str]]:
        """Ids of documents with identical content (same content hash), group by group."""
        rows = self.conn.execute(
            "SELECT group_concat(id, char(31)) FROM documents GROUP BY content_hash "
            "HAVING count(*) > 1 ORDER BY min(rowid)"
        ).fetchall()
        return [sorted(r[0].split("\x1f")) for r in rows]

    def sources(self) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT coalesce(source, ''), count(*) FROM documents GROUP BY 1 ORDER BY 1"
        )
        return {r[0]: r[1] for r in rows}

    # -- attached records --------------------------------------------------------
    def _require_rowid(self, doc_id: str) -> int:
        row = self.conn.execute("SELECT rowid FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise StoreError(f"no document with id {doc_id!r} in {self.path}")
        return int(row[0])

    def _clear_attached(self, rowid: int) -> None:
        for table in ("entities", "roles", "quotes", "document_themes", "processed"):
            self.conn.execute(f"DELETE FROM {table} WHERE document = ?", (rowid,))

    def set_entities(self, doc_id: str, entities: Iterable[Entity]) -> None:
        """Replace the entities attached to a document."""
        with self.transaction():
            rowid = self._require_rowid(doc_id)
            self.conn.execute("DELETE FROM entities WHERE document = ?", (rowid,))
            self.conn.executemany(
                'INSERT INTO entities (document, start, "end", text, label) VALUES (?, ?, ?, ?, ?)',
                [(rowid, e.start, e.end, e.text, e.label) for e in entities],
            )

    def set_roles(self, doc_id: str, roles: Iterable[Role]) -> None:
        """Replace the roles attached to a document."""
        core = {"person", "title", "org", "party", "start", "end", "sentence"}
        with self.transaction():
            rowid = self._require_rowid(doc_id)
            self.conn.execute("DELETE FROM roles WHERE document = ?", (rowid,))
            rows = []
            for r in roles:
                data = r.to_dict()
                extra = {k: v for k, v in data.items() if k not in core and v is not None}
                rows.append((rowid, r.person, r.title, r.org, r.party, r.start, r.end,
                             r.sentence or "", json.dumps(extra, ensure_ascii=False)))
            self.conn.executemany(
                'INSERT INTO roles (document, person, title, org, party, start, "end", sentence, data)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def set_quotes(self, doc_id: str, quotes: Iterable[Quote]) -> None:
        """Replace the quotes attached to a document."""
        with self.transaction():
            rowid = self._require_rowid(doc_id)
            self.conn.execute("DELETE FROM quotes WHERE document = ?", (rowid,))
            self.conn.executemany(
                'INSERT INTO quotes (document, person, text, start, "end") VALUES (?, ?, ?, ?, ?)',
                [(rowid, q.person, q.text, q.start, q.end) for q in quotes],
            )

    def set_themes(self, doc_id: str, weights: Iterable[ThemeWeight], *, model: str) -> None:
        """Replace the theme weights of one theme model attached to a document."""
        with self.transaction():
            rowid = self._require_rowid(doc_id)
            self.conn.execute(
                "DELETE FROM document_themes WHERE document = ? AND model = ?", (rowid, model)
            )
            self.conn.executemany(
                "INSERT INTO document_themes (document, model, theme, weight, label)"
                " VALUES (?, ?, ?, ?, ?)",
                [(rowid, model, w.theme, float(w.weight), w.label) for w in weights],
            )

    def get_entities(self, doc_id: str) -> list[Entity]:
        rows = self.conn.execute(
            'SELECT e.text, e.label, e.start, e."end" FROM entities e JOIN documents d '
            "ON d.rowid = e.document WHERE d.id = ? ORDER BY e.start",
            (doc_id,),
        )
        return [Entity(r[0], r[1], r[2], r[3]) for r in rows]

    def get_roles(self, doc_id: str) -> list[Role]:
        rows = self.conn.execute(
            'SELECT r.person, r.title, r.org, r.party, r.start, r."end", r.sentence, r.data '
            "FROM roles r JOIN documents d ON d.rowid = r.document WHERE d.id = ? "
            "ORDER BY r.start IS NULL, r.start, r.rowid",
            (doc_id,),
        )
        out = []
        for r in rows:
            extra = json.loads(r[7] or "{}")
            known = {k: v for k, v in extra.items() if k in Role.__dataclass_fields__}
            out.append(Role(r[0], r[1], r[2], r[3], r[4], r[5], r[6], **known))
        return out

    def get_quotes(self, doc_id: str) -> list[Quote]:
        rows = self.conn.execute(
            'SELECT q.person, q.text, q.start, q."end" FROM quotes q JOIN documents d '
            "ON d.rowid = q.document WHERE d.id = ? ORDER BY q.start",
            (doc_id,),
        )
        return [Quote(r[0], r[1], r[2], r[3]) for r in rows]

    def get_themes(self, doc_id: str) -> list[ThemeWeight]:
        rows = self.conn.execute(
            "SELECT t.theme, t.weight, t.label, t.model FROM document_themes t JOIN documents d "
            "ON d.rowid = t.document WHERE d.id = ? ORDER BY t.model, t.weight DESC",
            (doc_id,),
        )
        return [ThemeWeight(r[0], r[1], r[2], r[3]) for r in rows]

    # -- incremental processing ---------------------------------------------------
    def iter_unprocessed(
        self, stage: str, *, stage_version: str = "1", page_size: int = 500
    ) -> Iterator[Document]:
        """Documents whose current text ``stage`` (at ``stage_version``) has not processed.

        Reads ``page_size`` rows at a time in rowid order, so a large backlog is never
        held in memory and the caller may write (e.g. :meth:`mark_processed`) between
        documents.
        """
        sql = (
            f"SELECT d.rowid AS _rowid, {', '.join('d.' + c for c in _DOC_COLUMNS)} "
            "FROM documents d LEFT JOIN processed p ON p.document = d.rowid AND p.stage = ? "
            "WHERE d.rowid > ? AND (p.document IS NULL OR p.content_hash != d.content_hash "
            "OR p.stage_version != ?) ORDER BY d.rowid LIMIT ?"
        )
        last = 0
        while True:
            rows = self.conn.execute(sql, (stage, last, stage_version, page_size)).fetchall()
            if not rows:
                return
            last = rows[-1]["_rowid"]
            for row in rows:
                yield _row_to_document(row)

    def count_unprocessed(self, stage: str, *, stage_version: str = "1") -> int:
        sql = (
            "SELECT count(*) FROM documents d LEFT JOIN processed p ON p.document = d.rowid "
            "AND p.stage = ? WHERE p.document IS NULL OR p.content_hash != d.content_hash "
            "OR p.stage_version != ?"
        )
        return int(self.conn.execute(sql, (stage, stage_version)).fetchone()[0])

    def mark_processed(self, doc_id: str, stage: str, *, stage_version: str = "1") -> None:
        """Record that ``stage`` processed the document's current text."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO processed (document, stage, content_hash, stage_version) "
                "SELECT rowid, ?, content_hash, ? FROM documents WHERE id = ? "
                "ON CONFLICT(document, stage) DO UPDATE SET content_hash = excluded.content_hash, "
                "stage_version = excluded.stage_version, done_at = excluded.done_at",
                (stage, stage_version, doc_id),
            )

    def stats(self) -> dict[str, int]:
        """Row counts of the main tables."""
        out = {}
        for table in ("documents", "entities", "roles", "quotes", "document_themes"):
            out[table] = int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        out["people"] = int(
            self.conn.execute("SELECT count(DISTINCT person) FROM roles").fetchone()[0]
        )
        out["organisations"] = int(
            self.conn.execute("SELECT count(DISTINCT org) FROM roles WHERE org IS NOT NULL")
            .fetchone()[0]
        )
        has_themes = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'theme_models'"
        ).fetchone()
        out["themes"] = int(
            self.conn.execute(
                "SELECT count(*) FROM themes WHERE model = (SELECT id FROM theme_models "
                "WHERE active ORDER BY created_at DESC LIMIT 1)"
            ).fetchone()[0]
        ) if has_themes else 0
        return out


def open_corpus(path: str | Path) -> Corpus:
    """Open (creating or upgrading as needed) the corpus database at ``path``."""
    return Corpus(path)
