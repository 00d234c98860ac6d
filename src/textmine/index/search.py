"""Swedish full-text search over a corpus: ``search(query, db=..., **filters)``.

``db`` is a corpus file (SQLite FTS5 index inside it) or a PostgreSQL DSN
(``postgresql://...``) holding an index built with :func:`update_index`.

>>> results = search("trygghet skola", db="corpus.db", org="Huddinge kommun")  # doctest: +SKIP
>>> results.hits[0].snippet  # doctest: +SKIP
'… ökad [trygghet] i [skolan] …'
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Settings, load_settings
from ..document import Document
from ..errors import InputError, StoreError
from .facets import Filters
from .normalise import Normaliser
from .query import parse_query
from .snippets import highlight_terms, make_snippet

__all__ = ["search", "update_index", "SearchResults", "Hit", "is_postgres", "open_corpus_for"]


def is_postgres(db: str | Path) -> bool:
    """True when ``db`` is a PostgreSQL DSN rather than a corpus file."""
    return str(db).startswith(("postgresql://", "postgres://"))


@dataclass
class Hit:
    """One search result: the document, its BM25 score and a highlighted snippet."""

    document: Document
    score: float
    snippet: str

    @property
    def id(self) -> str:
        return self.document.id

    def to_dict(self) -> dict[str, Any]:
        d = self.document
        return {"id": d.id, "score": round(self.score, 4), "title": d.title, "source": d.source,
                "published": d.published, "url": d.url, "snippet": self.snippet}


@dataclass
class SearchResults:
    """Hits of one page, the number of matching documents, and facet counts over all of them.

    ``facets`` maps source, year, org, person, title and theme to ``[(value, count)]``.
    """

    query: str
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    filters: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    @property
    def ids(self) -> list[str]:
        return [h.id for h in self.hits]

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "filters": self.filters,
                "hits": [h.to_dict() for h in self.hits],
                "facets": {k: [{"value": v, "count": c} for v, c in vals]
                           for k, vals in self.facets.items()}}


class _Borrowed:
    """An open corpus given by the caller: used, not closed."""

    def __init__(self, corpus) -> None:
        self.corpus = corpus

    def __enter__(self):
        return self.corpus

    def __exit__(self, *exc: object) -> None:
        pass


def open_corpus_for(db):
    """Open an existing corpus file (a missing file is an error, not a new corpus).

    An open :class:`~textmine.store.Corpus` is used as it is (and left open), so a
    program running many searches keeps one connection.
    """
    from ..store import Corpus, open_corpus

    if isinstance(db, Corpus):
        return _Borrowed(db)
    if str(db) != ":memory:" and not Path(db).expanduser().is_file():
        raise StoreError(f"no corpus database at {db}",
                         hint="give the file 'textmine build' or 'textmine import' wrote")
    return open_corpus(Path(db).expanduser() if str(db) != ":memory:" else db)


def _check_page(limit: int, offset: int) -> None:
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise InputError(f"limit must be a whole number >= 0, not {limit!r}")
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise InputError(f"offset must be a whole number >= 0, not {offset!r}")


def search(
    query: str,
    db: str | Path,
    *,
    limit: int = 20,
    offset: int = 0,
    facets: bool = True,
    settings: Settings | None = None,
    highlight: tuple[str, str] | None = None,
    **filters: Any,
) -> SearchResults:
    """Search the corpus ``db`` (a file, an open Corpus, or a PostgreSQL DSN) for ``query``.

    Filters (keyword-only; each takes one value or a list): ``source``, ``since``,
    ``until`` (dates), ``person``, ``org``, ``title`` (a role stated in the
    document), ``theme`` (label or number). Raises :class:`QueryError` for a query
    with nothing to search, never a database error.
    """
    started = time.perf_counter()
    settings = settings or load_settings()
    section = settings.section("search")
    _check_page(limit, offset)
    parsed = parse_query(query)
    flt = Filters.from_kwargs(**filters)
    facet_size = int(section.get("facet_size", 10))
    min_weight = float(section.get("theme_min_weight", 0.2))
    mark = tuple(highlight or section.get("highlight", ("[", "]")))
    if len(mark) != 2:
        raise InputError("highlight must be a pair of strings, e.g. ('<b>', '</b>')")
    words = int(section.get("snippet_words", 30))

    if is_postgres(db):
        from .postgres import PostgresIndex

        with PostgresIndex(str(db), settings) as index:
            ranked, total, counts = index.search(
                parsed, flt, limit=limit, offset=offset, facets=facets,
                facet_size=facet_size, theme_min_weight=min_weight)
            docs = index.get_documents([doc_id for doc_id, _ in ranked])
            normaliser = index.normaliser()
    else:
        from .sqlite import SqliteIndex

        with open_corpus_for(db) as corpus:
            index = SqliteIndex(corpus, settings)
            ranked, total, counts = index.search(
                parsed, flt, limit=limit, offset=offset, facets=facets,
                facet_size=facet_size, theme_min_weight=min_weight)
            docs = {doc_id: corpus.get_document(doc_id) for doc_id, _ in ranked}
            normaliser = index.normaliser()

    hits = [Hit(docs[doc_id], score, _snippet(docs[doc_id], parsed, normaliser, mark, words))
            for doc_id, score in ranked if docs.get(doc_id) is not None]
    return SearchResults(query=query, hits=hits, total=total, facets=counts,
                         filters=flt.as_dict(), seconds=time.perf_counter() - started)


def _snippet(doc: Document, parsed, normaliser: Normaliser, mark: tuple[str, str],
             words: int) -> str:
    terms, prefixes = highlight_terms(parsed, normaliser)
    text = doc.text
    snippet = make_snippet(text, terms, prefixes, normaliser, words=words, mark=mark)
    if mark[0] not in snippet and doc.title:
        titled = make_snippet(doc.title, terms, prefixes, normaliser, words=words, mark=mark)
        if mark[0] in titled:
            return titled
    return snippet


def update_index(
    db: str | Path,
    *,
    target: str | None = None,
    rebuild: bool = False,
    settings: Settings | None = None,
    progress: Callable[[str, int | None], Any] | None = None,
) -> dict[str, Any]:
    """Bring the search index of the corpus ``db`` up to date with its documents.

    Only new and changed documents are indexed (deleted ones leave the index through
    triggers); ``rebuild`` re-indexes everything. With ``target`` (a PostgreSQL DSN)
    the corpus is copied into that server's index instead, again incrementally.
    """
    settings = settings or load_settings()
    if is_postgres(db):
        raise InputError("--db must be the corpus file; give the PostgreSQL DSN as --to",
                         hint="textmine index --db corpus.db --to postgresql://...")
    with open_corpus_for(db) as corpus:
        return update_corpus_index(corpus, target=target, rebuild=rebuild, settings=settings,
                                   progress=progress)


def update_corpus_index(corpus, *, target: str | None = None, rebuild: bool = False,
                        settings: Settings, progress=None) -> dict[str, Any]:
    """:func:`update_index` on an open corpus (the ``index`` stage calls this)."""
    section = settings.section("search")
    normaliser = Normaliser(lemmas=bool(section.get("lemmas", True)),
                            stem=bool(section.get("stem", True)),
                            compounds=bool(section.get("compounds", True)))
    from .normalise import default_normaliser

    if normaliser == default_normaliser():
        normaliser = default_normaliser()
    batch = int(section.get("batch_size", 500))
    if target:
        if not is_postgres(target):
            raise InputError(f"not a PostgreSQL DSN: {target!r}",
                             hint="write it as postgresql://user:password@host:5432/dbname")
        from .postgres import PostgresIndex

        with PostgresIndex(target, settings) as index:
            return index.sync(corpus, normaliser=normaliser, rebuild=rebuild,
                              batch_size=batch, progress=progress)
    from .sqlite import SqliteIndex

    return SqliteIndex(corpus, settings).update(normaliser=normaliser, rebuild=rebuild,
                                                batch_size=batch, progress=progress)

