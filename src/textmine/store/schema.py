"""The corpus schema as an ordered list of migrations.

The database's ``PRAGMA user_version`` records the last migration applied. Opening
a database applies the missing ones, each in its own transaction, so an older
corpus is upgraded in place and a failed migration leaves it as it was. Add a
migration by appending to :data:`MIGRATIONS`; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from ..errors import SchemaError

__all__ = ["MIGRATIONS", "LATEST_VERSION", "SEARCH_SCHEMA", "SEARCH_SCHEMA_LATEST", "migrate",
           "schema_version"]

Migration = Sequence[str] | Callable[[sqlite3.Connection], None]

_V1_DOCUMENTS = (
    """
    CREATE TABLE documents (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        url TEXT,
        canonical_url TEXT UNIQUE,
        source TEXT,
        title TEXT NOT NULL DEFAULT '',
        published TEXT,
        updated TEXT,
        lead TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        captions TEXT NOT NULL DEFAULT '[]',
        byline TEXT NOT NULL DEFAULT '',
        categories TEXT NOT NULL DEFAULT '[]',
        language TEXT,
        content_hash TEXT NOT NULL,
        fetched_at TEXT,
        metadata TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        modified_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    )
    """,
    "CREATE INDEX documents_content_hash ON documents(content_hash)",
    "CREATE INDEX documents_source_published ON documents(source, published)",
    "CREATE INDEX documents_published ON documents(published)",
)

_V2_ATTACHED = (
    """
    CREATE TABLE entities (
        document INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        label TEXT NOT NULL
    )
    """,
    "CREATE INDEX entities_document ON entities(document)",
    "CREATE INDEX entities_label_text ON entities(label, text)",
    """
    CREATE TABLE roles (
        document INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
        person TEXT NOT NULL,
        title TEXT,
        org TEXT,
        party TEXT,
        start INTEGER,
        "end" INTEGER,
        sentence TEXT NOT NULL DEFAULT '',
        data TEXT NOT NULL DEFAULT '{}'
    )
    """,
    "CREATE INDEX roles_document ON roles(document)",
    "CREATE INDEX roles_person ON roles(person)",
    "CREATE INDEX roles_title_org ON roles(title, org)",
    "CREATE INDEX roles_org ON roles(org)",
    """
    CREATE TABLE quotes (
        document INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
        person TEXT NOT NULL,
        text TEXT NOT NULL,
        start INTEGER,
        "end" INTEGER
    )
    """,
    "CREATE INDEX quotes_document ON quotes(document)",
    "CREATE INDEX quotes_person ON quotes(person)",
    """
    CREATE TABLE document_themes (
        document INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
        model TEXT NOT NULL,
        theme INTEGER NOT NULL,
        weight REAL NOT NULL,
        label TEXT,
        PRIMARY KEY (document, model, theme)
    )
    """,
    "CREATE INDEX document_themes_model_theme ON document_themes(model, theme)",
    """
    CREATE TABLE processed (
        document INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        stage_version TEXT NOT NULL,
        done_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (document, stage)
    )
    """,
)

_V3_SCRAPE_STATE = (
    # per URL: what the last fetch returned, for conditional GET and change detection
    """
    CREATE TABLE fetch_state (
        url TEXT PRIMARY KEY,
        source TEXT,
        status INTEGER,
        etag TEXT,
        last_modified TEXT,
        content_hash TEXT,
        document_id TEXT,
        fetched_at TEXT,
        error TEXT,
        failures INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX fetch_state_source ON fetch_state(source)",
    # per source and listing page (or feed, sitemap): the article URLs it held last time
    """
    CREATE TABLE listing_state (
        source TEXT NOT NULL,
        url TEXT NOT NULL,
        items TEXT NOT NULL DEFAULT '[]',
        fetched_at TEXT,
        PRIMARY KEY (source, url)
    )
    """,
    # near-duplicate stories: one story id per linked document, MinHash signature kept
    """
    CREATE TABLE story_links (
        document INTEGER PRIMARY KEY REFERENCES documents(rowid) ON DELETE CASCADE,
        story TEXT,
        signature BLOB,
        content_hash TEXT NOT NULL
    )
    """,
    "CREATE INDEX story_links_story ON story_links(story)",
)

SEARCH_SCHEMA = (
    # the search index (textmine.index): normalised terms per document, same rowid as
    # documents; compound parts in a column of their own. unicode61 without diacritic
    # removal keeps å, ä, ö distinct. Triggers drop a row when its document is deleted
    # or its text changes; the index stage adds what is new or changed.
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, lead, body, captions, parts, "
    "tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TRIGGER IF NOT EXISTS search_fts_document_deleted AFTER DELETE ON documents "
    "BEGIN DELETE FROM search_fts WHERE rowid = old.rowid; END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_document_changed AFTER UPDATE OF content_hash, "
    "title, lead, body, captions ON documents WHEN old.content_hash IS NOT new.content_hash "
    "BEGIN DELETE FROM search_fts WHERE rowid = old.rowid; END",
)

#: The search table since schema version 6: a ``facets`` column holds one token per
#: filter value (the source), so a filtered search narrows the match inside FTS5 and
#: ranks only the documents the filter keeps (``textmine.index.sqlite``).
SEARCH_FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, lead, body, captions, parts, facets, "
    "tokenize = 'unicode61 remove_diacritics 0')"
)

_V6_SEARCH_FACETS = (
    # the index is rebuilt by the next index stage (a search says so until then)
    "DROP TABLE IF EXISTS search_fts",
    SEARCH_FTS_DDL,
    "DELETE FROM processed WHERE stage = 'index'",
    "DELETE FROM search_meta WHERE key = 'normaliser'",
    # a new source changes the document's facet token: index it again
    "CREATE TRIGGER IF NOT EXISTS search_fts_source_changed AFTER UPDATE OF source ON "
    "documents WHEN old.source IS NOT new.source BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.rowid; "
    "DELETE FROM processed WHERE document = old.rowid AND stage = 'index'; END",
)

#: Idempotent DDL of the current search tables, for rebuilding the index.
SEARCH_SCHEMA_LATEST = (SEARCH_FTS_DDL,) + tuple(
    statement for statement in SEARCH_SCHEMA if "search_fts USING fts5" not in statement
) + (_V6_SEARCH_FACETS[-1],)

_THEMES_TABLES = (
    """
    CREATE TABLE theme_models (
        id TEXT PRIMARY KEY,
        method TEXT NOT NULL,
        k INTEGER NOT NULL,
        active INTEGER NOT NULL DEFAULT 0,
        n_documents INTEGER NOT NULL DEFAULT 0,
        metrics TEXT NOT NULL DEFAULT '{}',
        spec TEXT NOT NULL,
        arrays BLOB NOT NULL,
        textmine_version TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    )
    """,
    """
    CREATE TABLE themes (
        model TEXT NOT NULL REFERENCES theme_models(id) ON DELETE CASCADE,
        theme INTEGER NOT NULL,
        label TEXT NOT NULL,
        seed TEXT,
        top_terms TEXT NOT NULL DEFAULT '[]',
        typical_headline TEXT,
        typical_document TEXT,
        documents INTEGER NOT NULL DEFAULT 0,
        weight REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (model, theme)
    )
    """,
)

#: Migration ``i`` (0-based) brings a database to version ``i + 1``.
MIGRATIONS: list[Migration] = [
    _V1_DOCUMENTS,
    _V2_ATTACHED,
    _V3_SCRAPE_STATE,
    SEARCH_SCHEMA,
    _THEMES_TABLES,
    _V6_SEARCH_FACETS,
]

LATEST_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, *, target: int = LATEST_VERSION) -> int:
    """Apply the migrations the database lacks, up to ``target``; returns the new version.

    The connection must be in autocommit mode (``isolation_level=None``): each
    migration runs in its own ``BEGIN IMMEDIATE`` transaction together with the
    version bump, so it is applied wholly or not at all.
    """
    current = schema_version(conn)
    if current > LATEST_VERSION:
        raise SchemaError(
            f"the corpus has schema version {current}, newer than this textmine knows "
            f"({LATEST_VERSION})",
            hint="upgrade textmine to open it",
        )
    for version in range(current + 1, target + 1):
        migration = MIGRATIONS[version - 1]
        conn.execute("BEGIN IMMEDIATE")
        try:
            if callable(migration):
                migration(conn)
            else:
                for statement in migration:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return schema_version(conn)
