"""The embedded search backend: an FTS5 table inside the corpus database.

``search_fts`` holds, per document (same rowid as ``documents``), the normalised
terms of its title, lead, body and captions, and the compound parts of all of them
in a column of their own. The tokenizer is ``unicode61 remove_diacritics 0``, so
å, ä and ö stay distinct. Triggers drop a document's row when it is deleted or its
text changes; :meth:`SqliteIndex.update` (the ``index`` stage) indexes what is new
or changed, so the index follows the store without a full rebuild.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from ..config import Settings
from ..errors import QueryError, StoreError
from ..store import Corpus
from ..store.schema import SEARCH_SCHEMA_LATEST
from .facets import FACETS, Filters, Tables, facet_counts, filter_sql, fold
from .normalise import Normaliser, normaliser_for
from .query import Query, to_fts5

__all__ = ["SqliteIndex", "ensure_schema", "STAGE", "COLUMNS"]

STAGE = "index"
COLUMNS = ("title", "lead", "body", "captions", "parts")
#: An update that indexes at least this share of the documents ends by merging the
#: index's segments (FTS5 'optimize'); smaller updates leave it to FTS5's automerge.
OPTIMIZE_SHARE = 0.2

#: The column of filter tokens (not searched by words, weight 0 in BM25).
FACETS_COLUMN = "facets"

#: Idempotent DDL of the search tables (the store's latest), reused for rebuilds.
SCHEMA = SEARCH_SCHEMA_LATEST


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the search tables and triggers when missing (inside the caller's transaction)."""
    for statement in SCHEMA:
        conn.execute(statement)


def _weights(settings: Settings) -> tuple[float, ...]:
    w = settings.section("search").get("weights", {}) or {}
    defaults = {"title": 10.0, "lead": 4.0, "body": 1.0, "captions": 1.0, "parts": 0.3}
    return tuple(float(w.get(c, defaults[c])) for c in COLUMNS) + (0.0,)  # facets


def source_token(source: str | None) -> str:
    """The facets-column token of a source: letters and digits only, whatever the name."""
    return "src" + hashlib.sha1((source or "").encode("utf-8")).hexdigest()[:16]


class SqliteIndex:
    """Search over the FTS5 index of one corpus."""

    def __init__(self, corpus: Corpus, settings: Settings) -> None:
        self.corpus = corpus
        self.conn = corpus.conn
        self.settings = settings

    # -- state ---------------------------------------------------------------------
    def _has_index(self) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'search_fts'").fetchone()
        return row is not None

    def meta(self, key: str) -> str | None:
        if not self._has_index():
            return None
        row = self.conn.execute("SELECT value FROM search_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def normaliser(self) -> Normaliser:
        """The normaliser the index was built with (queries must use the same)."""
        return normaliser_for(self.meta("normaliser"))

    def indexed_count(self) -> int:
        if not self._has_index():
            return 0
        return int(self.conn.execute(
            "SELECT count(*) FROM processed WHERE stage = ?", (STAGE,)).fetchone()[0])

    # -- building ------------------------------------------------------------------
    def update(self, *, normaliser: Normaliser | None = None, rebuild: bool = False,
               batch_size: int = 2000,
               progress: Callable[[str, int | None], Any] | None = None) -> dict[str, Any]:
        """Index new and changed documents; rebuild when asked or the normaliser changed."""
        n = normaliser or normaliser_for(None)
        signature = n.signature()
        rebuilt = False
        with self.corpus.transaction():
            ensure_schema(self.conn)
            if rebuild or self.meta("normaliser") != signature:
                # dropping is much faster than deleting every row of an FTS5 table
                self.conn.execute("DROP TABLE IF EXISTS search_fts")
                ensure_schema(self.conn)
                self.conn.execute("DELETE FROM processed WHERE stage = ?", (STAGE,))
                self.conn.execute(
                    "INSERT INTO search_meta (key, value) VALUES ('normaliser', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (signature,))
                rebuilt = True
        todo = [r[0] for r in self.conn.execute(
            "SELECT d.rowid FROM documents d LEFT JOIN processed p ON p.document = d.rowid "
            "AND p.stage = ? WHERE p.document IS NULL OR p.content_hash != d.content_hash "
            "OR p.stage_version != ? ORDER BY d.rowid", (STAGE, signature))]
        ctx = progress("index", len(todo)) if (progress and todo) else None
        advance = ctx.__enter__() if ctx else None
        started = time.perf_counter()
        try:
            for i in range(0, len(todo), batch_size):
                batch = todo[i:i + batch_size]
                marks = ", ".join("?" for _ in batch)
                rows = self.conn.execute(
                    "SELECT rowid, title, lead, body, captions, content_hash, source "
                    f"FROM documents WHERE rowid IN ({marks})", batch).fetchall()
                values = [(r[0], *_index_row(n, r[1], r[2], r[3], r[4]), source_token(r[6]))
                          for r in rows]
                with self.corpus.transaction():
                    self.conn.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", batch)
                    self.conn.executemany(
                        "INSERT INTO search_fts (rowid, title, lead, body, captions, parts, "
                        "facets) VALUES (?, ?, ?, ?, ?, ?, ?)", values)
                    self.conn.executemany(
                        "INSERT INTO processed (document, stage, content_hash, stage_version) "
                        "VALUES (?, ?, ?, ?) ON CONFLICT(document, stage) DO UPDATE SET "
                        "content_hash = excluded.content_hash, "
                        "stage_version = excluded.stage_version, done_at = excluded.done_at",
                        [(r[0], STAGE, r[5], signature) for r in rows])
                if advance:
                    advance(len(batch))
        finally:
            if ctx:
                ctx.__exit__(None, None, None)
        documents = self.indexed_count()
        optimized = bool(todo) and len(todo) >= OPTIMIZE_SHARE * documents
        if optimized:
            # after a bulk load, merge FTS5's segments into one b-tree: queries then read
            # one doclist per term instead of merging many (measured: p95 -20 % at 1M)
            with self.corpus.transaction():
                self.conn.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        return {"indexed": len(todo), "rebuilt": rebuilt, "optimized": optimized,
                "documents": documents,
                "seconds": round(time.perf_counter() - started, 3)}

    # -- searching -----------------------------------------------------------------
    def _tables(self) -> Tables:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'themes'").fetchone()
        labels = None
        if row:
            cols = {r[1] for r in self.conn.execute("PRAGMA table_info(themes)")}
            if {"model", "theme", "label"} <= cols:
                labels = "themes"
        model = ""
        if self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                             "AND name = 'theme_models'").fetchone():
            # documents keep the weights of older fits too: count the active model's only
            # (the themes area's choice: active first, then the newest)
            model = (" AND (NOT EXISTS (SELECT 1 FROM theme_models) OR t.model = (SELECT id "
                     "FROM theme_models ORDER BY active DESC, created_at DESC, rowid DESC "
                     "LIMIT 1))")
        return Tables(theme_labels=labels, theme_model=model)

    def resolve(self, column: str, values: list[str]) -> list[str]:
        """Stored values of a role column (or theme labels) equal to ``values`` but for case."""
        wanted = {fold(v) for v in values}
        if column == "theme":
            tables = self._tables()
            from .facets import _theme_join, _theme_label

            sql = (f"SELECT DISTINCT {_theme_label(tables)} FROM document_themes t"
                   f"{_theme_join(tables)} WHERE 1{tables.theme_model}")
        else:
            sql = f"SELECT DISTINCT {column} FROM roles WHERE {column} IS NOT NULL"
        return sorted({r[0] for r in self.conn.execute(sql) if r[0] and fold(r[0]) in wanted})

    def search(self, query: Query, filters: Filters, *, limit: int, offset: int,
               facets: bool, facet_size: int, theme_min_weight: float
               ) -> tuple[list[tuple[str, float]], int, dict[str, list[tuple[str, int]]]]:
        """(hits as (document id, score), total, facets) of a parsed query."""
        if not self._has_index() or (
                self.meta("normaliser") is None
                and self.conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone()):
            raise StoreError(f"{self.corpus.path} has no search index yet",
                             hint=f"run 'textmine index --db {self.corpus.path}' (or build)")
        normaliser = self.normaliser()
        match = to_fts5(query, normaliser)
        if filters.source:
            # narrow inside FTS5, so BM25 is computed for the filtered documents only
            tokens = " OR ".join(f'"{source_token(s)}"' for s in filters.source)
            match = f"({match}) AND {FACETS_COLUMN} : ({tokens})"
        tables = self._tables()
        clauses, params = filter_sql(filters, tables, self.resolve, theme_min_weight)
        where = "".join(" AND " + c for c in clauses)
        weights = ", ".join(str(w) for w in _weights(self.settings))
        conn = self.conn
        # match first, then filter: the planner would otherwise probe the full-text
        # index once per document the filter lets through
        matched = (f"WITH m AS MATERIALIZED (SELECT rowid, -bm25(search_fts, {weights}) "
                   f"AS score FROM search_fts WHERE search_fts MATCH ?) ")
        order = "ORDER BY m.score DESC, d.published DESC, m.rowid LIMIT ? OFFSET ?"
        counts: dict[str, list[tuple[str, int]]] = {}
        try:
            if not facets:
                rows = conn.execute(
                    f"{matched}SELECT d.id, m.score, count(*) OVER () FROM m JOIN documents d "
                    f"ON d.rowid = m.rowid WHERE 1{where} {order}",
                    [match, *params, limit, offset]).fetchall()
                if rows:
                    total = int(rows[0][2])
                else:
                    total = int(conn.execute(
                        f"{matched}SELECT count(*) FROM m JOIN documents d ON d.rowid = m.rowid "
                        f"WHERE 1{where}", [match, *params]).fetchone()[0]) if offset else 0
                return [(r[0], float(r[1])) for r in rows], total, counts
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS hits "
                         "(rowid INTEGER PRIMARY KEY, score REAL NOT NULL)")
            conn.execute("DELETE FROM temp.hits")
            conn.execute(f"{matched}INSERT INTO temp.hits (rowid, score) SELECT m.rowid, m.score "
                         f"FROM m JOIN documents d ON d.rowid = m.rowid WHERE 1{where}",
                         [match, *params])
        except sqlite3.OperationalError as exc:  # never expected: every term is quoted
            raise QueryError(f"the query could not be run: {exc}",
                             hint="please report this query as a bug") from None
        total = int(conn.execute("SELECT count(*) FROM temp.hits").fetchone()[0])
        rows = conn.execute(
            # CROSS JOIN: the hits are the outer loop (see facets.py)
            "SELECT d.id, m.score FROM temp.hits m CROSS JOIN documents d ON d.rowid = m.rowid "
            + order, (limit, offset)).fetchall()
        if total:
            counts = facet_counts(lambda sql, p: conn.execute(sql, p).fetchall(), tables,
                                  size=facet_size, theme_min_weight=theme_min_weight)
        else:
            counts = {name: [] for name in FACETS}
        conn.execute("DELETE FROM temp.hits")
        return [(r[0], float(r[1])) for r in rows], total, counts


def _index_row(n: Normaliser, title: str, lead: str, body: str,
               captions: str) -> tuple[str, str, str, str, str]:
    try:
        caption_list = json.loads(captions or "[]")
    except ValueError:
        caption_list = []
    parts: list[str] = []
    out = []
    for text in (title or "", lead or "", body or "", "\n".join(map(str, caption_list))):
        terms, p = n.index_text(text)
        out.append(terms)
        parts.extend(p)
    return out[0], out[1], out[2], out[3], " ".join(parts)

