"""What earlier runs learnt, kept in the corpus: fetch state per URL, listing state per page.

Fetch state (ETag, Last-Modified, status, time, hash of the body) makes the next
request conditional; listing state remembers the article URLs a listing page held,
so a listing answered with 304 still tells which articles to re-check.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from ..store import Corpus

__all__ = ["FetchState", "get_fetch_state", "save_fetch_state", "record_failure",
           "get_listing_items", "save_listing_items", "now_iso"]


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class FetchState:
    url: str
    source: str | None = None
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    document_id: str | None = None
    fetched_at: str | None = None
    error: str | None = None
    failures: int = 0


def get_fetch_state(corpus: Corpus, url: str) -> FetchState | None:
    row = corpus.conn.execute(
        "SELECT url, source, status, etag, last_modified, content_hash, document_id, "
        "fetched_at, error, failures FROM fetch_state WHERE url = ?", (url,)
    ).fetchone()
    return FetchState(*row) if row else None


def save_fetch_state(corpus: Corpus, state: FetchState) -> None:
    """Upsert the fetch state (joins the caller's transaction, if any)."""
    with corpus.transaction():
        corpus.conn.execute(
            "INSERT INTO fetch_state (url, source, status, etag, last_modified, content_hash, "
            "document_id, fetched_at, error, failures) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET source = excluded.source, status = excluded.status, "
            "etag = excluded.etag, last_modified = excluded.last_modified, "
            "content_hash = excluded.content_hash, document_id = excluded.document_id, "
            "fetched_at = excluded.fetched_at, error = excluded.error, "
            "failures = excluded.failures",
            (state.url, state.source, state.status, state.etag, state.last_modified,
             state.content_hash, state.document_id, state.fetched_at, state.error,
             state.failures),
        )


def record_failure(corpus: Corpus, url: str, source: str | None, error: str,
                   status: int | None = None) -> None:
    """Note a failed fetch; the URL's validators and document stay as they were."""
    with corpus.transaction():
        corpus.conn.execute(
            "INSERT INTO fetch_state (url, source, status, error, failures) VALUES (?, ?, ?, ?, 1) "
            "ON CONFLICT(url) DO UPDATE SET error = excluded.error, "
            "failures = fetch_state.failures + 1",
            (url, source, status, error),
        )


def get_listing_items(corpus: Corpus, source: str, url: str) -> list[tuple[str, str | None]]:
    row = corpus.conn.execute(
        "SELECT items FROM listing_state WHERE source = ? AND url = ?", (source, url)
    ).fetchone()
    return [tuple(x) for x in json.loads(row[0])] if row else []


def save_listing_items(corpus: Corpus, source: str, url: str,
                       items: list[tuple[str, str | None]]) -> None:
    with corpus.transaction():
        corpus.conn.execute(
            "INSERT INTO listing_state (source, url, items, fetched_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(source, url) DO UPDATE SET items = excluded.items, "
            "fetched_at = excluded.fetched_at",
            (source, url, json.dumps(items, ensure_ascii=False), now_iso()),
        )
