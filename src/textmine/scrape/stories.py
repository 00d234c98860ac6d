"""Cross-posted stories: near-duplicate documents linked as one story, both kept.

A municipality and its partner university often publish the same press text. Each
document's MinHash signature (datasketch, over word shingles of its title and text)
is stored once per text version; LSH finds pairs above ``[stories] threshold``
(estimated Jaccard similarity), and linked documents share one story id: the id of
the group's earliest document. Incremental: only new or changed texts get a new
signature; the grouping is recomputed from the stored signatures (cheap).

>>> from textmine import open_corpus                              # doctest: +SKIP
>>> link_stories(open_corpus("corpus.db"))["linked"]
14
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..config import Settings, load_settings
from ..store import Corpus

__all__ = ["link_stories", "run_stories", "story_of", "story_groups", "signature"]

_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = 1
# datasketch >= 2 asks for the permutation scheme when sketches are rebuilt from values
_SCHEME: dict[str, str] = (
    {"scheme": "affine32"} if "scheme" in inspect.signature(MinHash).parameters else {}
)


def _shingles(text: str, size: int) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str, *, num_perm: int = 128, shingle_words: int = 4) -> np.ndarray:
    """The MinHash signature (``num_perm`` uint64 values) of ``text``'s word shingles."""
    mh = MinHash(num_perm=num_perm, seed=_SEED, **_SCHEME)
    shingles = _shingles(text, shingle_words)
    if shingles:
        mh.update_batch(list(shingles))
    return mh.hashvalues.astype(np.uint64)


def _params(settings: Settings) -> tuple[float, int, int, bool]:
    s = settings.section("stories")
    return (float(s.get("threshold", 0.5)), int(s.get("num_perm", 128)),
            int(s.get("shingle_words", 4)), bool(s.get("cross_source_only", False)))


def _update_signatures(corpus: Corpus, num_perm: int, size: int,
                       advance: Callable[[int], None] | None) -> int:
    rows = corpus.conn.execute(
        "SELECT d.rowid, d.title, d.lead, d.body, d.captions, d.content_hash FROM documents d "
        "LEFT JOIN story_links s ON s.document = d.rowid "
        "WHERE s.document IS NULL OR s.content_hash != d.content_hash "
        "OR length(s.signature) != ?", (num_perm * 8,)
    ).fetchall()
    batch = []
    for rowid, title, lead, body, captions, content_hash in rows:
        text = "\n".join([title or "", lead or "", body or "", captions or ""])
        batch.append((rowid, signature(text, num_perm=num_perm, shingle_words=size).tobytes(),
                      content_hash))
        if len(batch) >= 500:
            _write_signatures(corpus, batch)
            if advance:
                advance(len(batch))
            batch = []
    if batch:
        _write_signatures(corpus, batch)
        if advance:
            advance(len(batch))
    return len(rows)


def _write_signatures(corpus: Corpus, rows: list[tuple[int, bytes, str]]) -> None:
    with corpus.transaction():
        corpus.conn.executemany(
            "INSERT INTO story_links (document, signature, content_hash) VALUES (?, ?, ?) "
            "ON CONFLICT(document) DO UPDATE SET signature = excluded.signature, "
            "content_hash = excluded.content_hash", rows)


def link_stories(corpus: Corpus, *, settings: Settings | None = None,
                 progress: Callable[[str, int | None], Any] | None = None) -> dict[str, Any]:
    """Link near-duplicate documents into stories; returns summary counts.

    Every document whose text resembles another's above the threshold gets the
    same story id; the others get none. Re-running changes nothing unless texts did.
    """
    settings = settings or load_settings()
    threshold, num_perm, size, cross_only = _params(settings)
    if progress is not None:
        with progress("stories", None) as advance:
            signed = _update_signatures(corpus, num_perm, size, advance)
    else:
        signed = _update_signatures(corpus, num_perm, size, None)
    rows = corpus.conn.execute(
        "SELECT s.document, s.signature, d.id, coalesce(d.source, ''), d.published "
        "FROM story_links s JOIN documents d ON d.rowid = s.document ORDER BY d.rowid"
    ).fetchall()
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes: dict[int, MinHash] = {}
    info: dict[int, tuple[str, str, str | None]] = {}
    for rowid, blob, doc_id, source, published in rows:
        values = np.frombuffer(blob, dtype=np.uint64)
        if not values.size or (values == np.iinfo(np.uint64).max).all() \
                or (values == np.uint64((1 << 32) - 1)).all():
            continue  # empty text: no shingles
        mh = MinHash(num_perm=num_perm, seed=_SEED, hashvalues=values, **_SCHEME)
        hashes[rowid] = mh
        info[rowid] = (doc_id, source, published)
        lsh.insert(rowid, mh)
    parent = {r: r for r in hashes}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pairs = 0
    for rowid, mh in hashes.items():
        for other in lsh.query(mh):
            if other == rowid or (cross_only and info[other][1] == info[rowid][1]):
                continue
            if mh.jaccard(hashes[other]) < threshold:
                continue
            a, b = find(rowid), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
                pairs += 1
    groups: dict[int, list[int]] = {}
    for rowid in hashes:
        groups.setdefault(find(rowid), []).append(rowid)
    assignment: dict[int, str | None] = {r: None for r in hashes}
    for members in groups.values():
        if len(members) < 2:
            continue
        first = min(members, key=lambda r: (info[r][2] or "9999", r))
        for r in members:
            assignment[r] = info[first][0]
    with corpus.transaction():
        corpus.conn.executemany("UPDATE story_links SET story = ? WHERE document = ?",
                                [(story, rowid) for rowid, story in assignment.items()])
    linked = sum(1 for s in assignment.values() if s)
    return {"signed": signed, "documents": len(hashes), "linked": linked,
            "stories": sum(1 for g in groups.values() if len(g) > 1), "merges": pairs}


def run_stories(corpus: Corpus, *, settings: Settings | None = None,
                progress: Callable[[str, int | None], Any] | None = None) -> dict[str, Any]:
    """The ``stories`` stage of :func:`textmine.build`."""
    return link_stories(corpus, settings=settings, progress=progress)


def story_of(corpus: Corpus, doc_id: str) -> str | None:
    """The story id of a document (``None`` when it has no near-duplicate)."""
    row = corpus.conn.execute(
        "SELECT s.story FROM story_links s JOIN documents d ON d.rowid = s.document "
        "WHERE d.id = ?", (doc_id,)).fetchone()
    return row[0] if row else None


def story_groups(corpus: Corpus) -> dict[str, list[str]]:
    """Story id -> ids of its documents, for every story of two or more documents."""
    out: dict[str, list[str]] = {}
    for story, doc_id in corpus.conn.execute(
            "SELECT s.story, d.id FROM story_links s JOIN documents d ON d.rowid = s.document "
            "WHERE s.story IS NOT NULL ORDER BY s.story, d.rowid"):
        out.setdefault(story, []).append(doc_id)
    return out
