"""The scale-out search backend: the same index and queries on a PostgreSQL server.

:meth:`PostgresIndex.sync` copies a corpus (documents, roles, themes) into a schema
of its own (``[search] postgres_schema``, default ``textmine``) with a ``tsvector``
per document built from the *same* normalised terms as the SQLite index (weights:
A title, B lead, C body and captions, D compound parts) and a GIN index on it. The
vector is written as ``tsvector`` text, never through a PostgreSQL text-search
parser, and queries are written as ``tsquery`` text from the same parsed query, so
index and query time normalise alike. Sync is incremental: only documents whose
text, fields, roles or themes changed are rewritten; documents gone from the corpus
are deleted.

>>> dsn = "postgresql://localhost/textmine"
>>> with PostgresIndex(dsn, load_settings()) as index:  # doctest: +SKIP
...     index.sync(corpus)
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..config import Settings
from ..document import Document
from ..errors import ConfigError, InputError, QueryError, StoreError
from .facets import FACETS, Filters, Tables, facet_counts, filter_sql, fold
from .normalise import Normaliser, normaliser_for
from .query import Query, to_tsquery

__all__ = ["PostgresIndex", "tsvector_text"]

_MAX_POS = 16383
_MAX_POSITIONS_PER_LEXEME = 255
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_DOC_FIELDS = ("id", "url", "source", "title", "published", "updated", "lead", "body",
               "captions", "byline", "categories", "language", "metadata")


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_text(fields: Sequence[tuple[str, str]], parts: Iterable[str],
                  normaliser: Normaliser) -> str:
    """``tsvector`` input text of weighted fields ``[(text, "A"), ...]`` and compound parts (D).

    Positions run on across fields with a gap, so a phrase never spans two fields.
    """
    positions: dict[str, list[str]] = {}
    pos = 1
    for text, weight in fields:
        for term in normaliser.terms(text):
            if pos <= _MAX_POS:
                slot = positions.setdefault(term, [])
                if len(slot) < _MAX_POSITIONS_PER_LEXEME:
                    slot.append(f"{pos}{weight}")
            pos += 1
        pos += 1
    for part in parts:
        pos = min(pos + 1, _MAX_POS)
        slot = positions.setdefault(part, [])
        if len(slot) < _MAX_POSITIONS_PER_LEXEME:
            slot.append(f"{pos}D")
    return " ".join(f"{_lexeme(t)}:{','.join(p)}" for t, p in positions.items())


class PostgresIndex:
    """An index on a PostgreSQL server (use as a context manager)."""

    def __init__(self, dsn: str, settings: Settings) -> None:
        try:
            import psycopg
        except ImportError:
            raise InputError("the PostgreSQL backend needs psycopg",
                             hint="pip install 'textmine[postgres]'") from None
        self.settings = settings
        schema = str(settings.get("search", "postgres_schema", "textmine"))
        if not _SCHEMA_NAME.match(schema):
            raise ConfigError(f"[search] postgres_schema: not a plain schema name: {schema!r}",
                              hint="use lower-case letters, digits and _")
        self.schema = schema
        self.tables = Tables(documents=f"{schema}.documents", roles=f"{schema}.roles",
                             themes=f"{schema}.document_themes", mark="%s")
        self._psycopg = psycopg
        try:
            self.conn = psycopg.connect(dsn, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            safe = re.sub(r"//([^:@/]*):[^@/]*@", r"//\1:***@", dsn)
            raise StoreError(f"cannot connect to PostgreSQL at {safe}: "
                             f"{str(exc).strip().splitlines()[0] if str(exc).strip() else exc}",
                             hint="check host, port, user, password and database in the DSN "
                                  "(add ?sslmode=require for a managed server)") from None

    def __enter__(self) -> PostgresIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.close()

    # -- plumbing ------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        try:
            cur = self.conn.execute(sql, list(params))
            return cur.fetchall() if cur.description else []
        except self._psycopg.Error as exc:
            raise StoreError(f"PostgreSQL: {str(exc).strip().splitlines()[0]}") from None

    def _exists(self) -> bool:
        row = self.execute("SELECT to_regclass(%s)", [f"{self.schema}.documents"])
        return bool(row and row[0][0])

    def ensure_schema(self) -> None:
        s = self.schema
        for statement in (
            f"CREATE SCHEMA IF NOT EXISTS {s}",
            f"CREATE TABLE IF NOT EXISTS {s}.meta (key text PRIMARY KEY, value text NOT NULL)",
            f"""CREATE TABLE IF NOT EXISTS {s}.documents (
                rowid bigint PRIMARY KEY, id text NOT NULL UNIQUE, url text, source text,
                title text NOT NULL DEFAULT '', published text, updated text,
                lead text NOT NULL DEFAULT '', body text NOT NULL DEFAULT '',
                captions jsonb NOT NULL DEFAULT '[]', byline text NOT NULL DEFAULT '',
                categories jsonb NOT NULL DEFAULT '[]', language text,
                metadata jsonb NOT NULL DEFAULT '{{}}', state text NOT NULL,
                tsv tsvector NOT NULL)""",
            f"CREATE INDEX IF NOT EXISTS documents_tsv ON {s}.documents USING GIN (tsv)",
            f"CREATE INDEX IF NOT EXISTS documents_source_published ON {s}.documents "
            "(source, published)",
            f"CREATE INDEX IF NOT EXISTS documents_published ON {s}.documents (published)",
            f"""CREATE TABLE IF NOT EXISTS {s}.roles (
                document bigint NOT NULL REFERENCES {s}.documents(rowid) ON DELETE CASCADE,
                person text NOT NULL, title text, org text, party text,
                sentence text NOT NULL DEFAULT '')""",
            f"CREATE INDEX IF NOT EXISTS roles_document ON {s}.roles (document)",
            f"CREATE INDEX IF NOT EXISTS roles_person ON {s}.roles (person)",
            f"CREATE INDEX IF NOT EXISTS roles_title_org ON {s}.roles (title, org)",
            f"CREATE INDEX IF NOT EXISTS roles_org ON {s}.roles (org)",
            f"""CREATE TABLE IF NOT EXISTS {s}.document_themes (
                document bigint NOT NULL REFERENCES {s}.documents(rowid) ON DELETE CASCADE,
                model text NOT NULL, theme integer NOT NULL, weight real NOT NULL,
                label text, PRIMARY KEY (document, model, theme))""",
        ):
            self.execute(statement)

    def normaliser(self) -> Normaliser:
        if not self._exists():
            return normaliser_for(None)
        row = self.execute(f"SELECT value FROM {self.schema}.meta WHERE key = 'normaliser'")
        return normaliser_for(row[0][0] if row else None)

    # -- sync ----------------------------------------------------------------------
    def sync(self, corpus, *, normaliser: Normaliser | None = None, rebuild: bool = False,
             batch_size: int = 500,
             progress: Callable[[str, int | None], Any] | None = None) -> dict[str, Any]:
        """Copy what changed in ``corpus`` since the last sync; delete what is gone."""
        started = time.perf_counter()
        n = normaliser or normaliser_for(None)
        signature = n.signature()
        self.ensure_schema()
        s = self.schema
        stored = self.execute(f"SELECT value FROM {s}.meta WHERE key = 'normaliser'")
        rebuilt = False
        if rebuild or not stored or stored[0][0] != signature:
            with self.conn.transaction():
                self.execute(f"TRUNCATE {s}.documents CASCADE")
                self.execute(f"INSERT INTO {s}.meta VALUES ('normaliser', %s) ON CONFLICT (key) "
                             "DO UPDATE SET value = excluded.value", [signature])
            rebuilt = True
        conn = corpus.conn
        # a document's state: its text, its other fields, its roles and themes
        attached: dict[int, str] = {}
        for table, cols in (("roles", "person, title, org, party, sentence"),
                            ("document_themes", "model, theme, weight, label")):
            for row in conn.execute(f"SELECT document, {cols} FROM {table} ORDER BY document, "
                                    f"{cols}"):
                attached[row[0]] = attached.get(row[0], "") + json.dumps(list(row[1:]),
                                                                         ensure_ascii=False)
        local: dict[int, tuple[str, str]] = {}
        for rowid, doc_id, content_hash, modified in conn.execute(
                "SELECT rowid, id, content_hash, modified_at FROM documents"):
            state = hashlib.sha1(
                f"{signature}|{content_hash}|{modified}|{attached.get(rowid, '')}".encode()
            ).hexdigest()
            local[rowid] = (doc_id, state)
        remote = {r[0]: (r[1], r[2]) for r in self.execute(
            f"SELECT rowid, id, state FROM {s}.documents")}
        gone = [r for r, (doc_id, _) in remote.items()
                if r not in local or local[r][0] != doc_id]
        todo = [r for r, v in local.items() if remote.get(r) != v]
        with self.conn.transaction():
            for i in range(0, len(gone), 1000):
                self.execute(f"DELETE FROM {s}.documents WHERE rowid = ANY(%s)",
                             [gone[i:i + 1000]])
        ctx = progress("index (PostgreSQL)", len(todo)) if (progress and todo) else None
        advance = ctx.__enter__() if ctx else None
        try:
            for i in range(0, len(todo), batch_size):
                self._copy_batch(corpus, todo[i:i + batch_size], local, n)
                if advance:
                    advance(len(todo[i:i + batch_size]))
        finally:
            if ctx:
                ctx.__exit__(None, None, None)
        count = self.execute(f"SELECT count(*) FROM {s}.documents")[0][0]
        return {"indexed": len(todo), "deleted": len(gone), "rebuilt": rebuilt,
                "documents": int(count), "seconds": round(time.perf_counter() - started, 3)}

    def _copy_batch(self, corpus, batch: list[int], local: dict[int, tuple[str, str]],
                    n: Normaliser) -> None:
        from .sqlite import _index_row

        s = self.schema
        conn = corpus.conn
        marks = ", ".join("?" for _ in batch)
        cols = ", ".join(_DOC_FIELDS)
        docs = conn.execute(f"SELECT rowid, {cols} FROM documents WHERE rowid IN ({marks})",
                            batch).fetchall()
        roles = conn.execute(
            "SELECT document, person, title, org, party, sentence FROM roles "
            f"WHERE document IN ({marks})", batch).fetchall()
        from .sqlite import SqliteIndex

        only = SqliteIndex(corpus, self.settings)._tables().theme_model
        themes = conn.execute(
            "SELECT t.document, t.model, t.theme, t.weight, t.label FROM document_themes t "
            f"WHERE t.document IN ({marks}){only}", batch).fetchall()
        labels = _theme_labels(conn)
        doc_rows = []
        for row in docs:
            data = dict(zip(("rowid",) + _DOC_FIELDS, row))
            captions = json.loads(data["captions"] or "[]")
            _, _, _, _, parts = _index_row(n, data["title"], data["lead"], data["body"],
                                           data["captions"])
            tsv = tsvector_text([(data["title"] or "", "A"), (data["lead"] or "", "B"),
                                 (data["body"] or "", "C"),
                                 ("\n".join(map(str, captions)), "C")],
                                parts.split(), n)
            doc_rows.append([data["rowid"]] + [data[f] for f in _DOC_FIELDS]
                            + [local[data["rowid"]][1], tsv])
        placeholders = ", ".join(["%s"] * (len(_DOC_FIELDS) + 2) + ["%s::tsvector"])
        updates = ", ".join(f"{c} = excluded.{c}" for c in _DOC_FIELDS + ("state", "tsv"))
        with self.conn.transaction():
            self.execute(f"DELETE FROM {s}.roles WHERE document = ANY(%s)", [batch])
            self.execute(f"DELETE FROM {s}.document_themes WHERE document = ANY(%s)", [batch])
            with self.conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {s}.documents (rowid, {cols}, state, tsv) VALUES "
                    f"({placeholders}) ON CONFLICT (rowid) DO UPDATE SET "
                    f"{updates}", doc_rows)
                if roles:
                    cur.executemany(
                        f"INSERT INTO {s}.roles (document, person, title, org, party, sentence) "
                        "VALUES (%s, %s, %s, %s, %s, %s)",
                        [(r[0], r[1], r[2], r[3], r[4], r[5] or "") for r in roles])
                if themes:
                    cur.executemany(
                        f"INSERT INTO {s}.document_themes (document, model, theme, weight, "
                        "label) VALUES (%s, %s, %s, %s, %s)",
                        [(r[0], r[1], r[2], r[3], r[4] or labels.get((r[1], r[2])))
                         for r in themes])

    # -- searching -----------------------------------------------------------------
    def resolve(self, column: str, values: list[str]) -> list[str]:
        wanted = {fold(v) for v in values}
        if column == "theme":
            sql = (f"SELECT DISTINCT coalesce(t.label, 'theme ' || CAST(t.theme AS TEXT)) "
                   f"FROM {self.tables.themes} t")
        else:
            sql = f"SELECT DISTINCT {column} FROM {self.tables.roles} WHERE {column} IS NOT NULL"
        return sorted({r[0] for r in self.execute(sql) if r[0] and fold(r[0]) in wanted})

    def _rank_weights(self) -> str:
        w = self.settings.section("search").get("weights", {}) or {}
        title = float(w.get("title", 10.0))
        lead = float(w.get("lead", 4.0))
        body = float(w.get("body", 1.0))
        parts = float(w.get("parts", 0.3))
        top = max(title, lead, body, parts, 1e-9)
        return "{" + ", ".join(f"{v / top:.4f}" for v in (parts, body, lead, title)) + "}"

    def search(self, query: Query, filters: Filters, *, limit: int, offset: int, facets: bool,
               facet_size: int, theme_min_weight: float
               ) -> tuple[list[tuple[str, float]], int, dict[str, list[tuple[str, int]]]]:
        if not self._exists():
            raise StoreError(f"no textmine index in schema {self.schema!r} on this server",
                             hint="build it: textmine index --db corpus.db --to postgresql://...")
        normaliser = self.normaliser()
        tsquery = to_tsquery(query, normaliser)
        # ts_rank scores a negated query as 0: rank by what is asked for only
        rank_query = to_tsquery(Query(query.text, query.required, ()), normaliser)
        clauses, params = filter_sql(filters, self.tables, self.resolve, theme_min_weight)
        where = "".join(" AND " + c for c in clauses)
        docs = self.tables.documents
        with self.conn.transaction():
            try:
                self.conn.execute(
                    "CREATE TEMP TABLE hits (rowid bigint PRIMARY KEY, score real NOT NULL) "
                    "ON COMMIT DROP")
                self.conn.execute(
                    f"INSERT INTO hits SELECT d.rowid, ts_rank(%s::real[], d.tsv, r, 1) "
                    f"FROM {docs} d, CAST(%s AS tsquery) q, CAST(%s AS tsquery) r "
                    f"WHERE d.tsv @@ q{where}",
                    [self._rank_weights(), tsquery, rank_query, *params])
            except self._psycopg.errors.SyntaxError as exc:  # never expected: all quoted
                raise QueryError(f"the query could not be run: {exc}",
                                 hint="please report this query as a bug") from None
            total = int(self.conn.execute("SELECT count(*) FROM hits").fetchone()[0])
            rows = self.conn.execute(
                f"SELECT d.id, h.score FROM hits h JOIN {docs} d ON d.rowid = h.rowid "
                "ORDER BY h.score DESC, d.published DESC NULLS LAST, h.rowid "
                "LIMIT %s OFFSET %s", [limit, offset]).fetchall()
            counts: dict[str, list[tuple[str, int]]] = {}
            if facets and total:
                counts = facet_counts(lambda sql, p: self.conn.execute(sql, p).fetchall(),
                                      self.tables, size=facet_size,
                                      theme_min_weight=theme_min_weight)
            elif facets:
                counts = {name: [] for name in FACETS}
        return [(r[0], float(r[1])) for r in rows], total, counts

    def get_documents(self, ids: list[str]) -> dict[str, Document]:
        if not ids:
            return {}
        rows = self.execute(
            f"SELECT {', '.join(_DOC_FIELDS)} FROM {self.tables.documents} WHERE id = ANY(%s)",
            [ids])
        out = {}
        for row in rows:
            data = dict(zip(_DOC_FIELDS, row))
            out[data["id"]] = Document(**data)
        return out


def _theme_labels(conn) -> dict[tuple[str, int], str]:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'themes'"
                       ).fetchone()
    if not row:
        return {}
    cols = {r[1] for r in conn.execute("PRAGMA table_info(themes)")}
    if not {"model", "theme", "label"} <= cols:
        return {}
    return {(r[0], r[1]): r[2] for r in conn.execute("SELECT model, theme, label FROM themes")
            if r[2]}

