"""One scrape run: discover each source's articles, fetch new and changed ones, store them.

The run holds the corpus's scrape lock (:func:`~textmine.scrape.lock.job_lock`),
so two runs never overlap. Each article is stored together with its fetch state in
one transaction: a run killed at any moment leaves whole articles only, and the
next run picks up where it stopped. A listing is paged only until a page brings
no article not seen before (``[scrape] stop_at_seen``), unless the previous run of
the source did not finish. Known articles are re-requested with their ETag or
Last-Modified; a 304 costs neither parsing nor a database write.

>>> report = scrape("corpus.db", ["botkyrka"])       # doctest: +SKIP
>>> report.sources[0].new
12
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Settings, load_settings
from ..errors import InputError, TextmineError
from ..store import Corpus, open_corpus
from ..urls import canonical_url
from .discover import Item, is_feed, parse_feed, parse_listing, parse_sitemap
from .extract import extract_document
from .http import FEED_TYPES, Fetcher, Page, PageError
from .lock import job_lock
from .sources import Source, adhoc_source, detect_profile, list_sources, load_source
from .state import (FetchState, get_fetch_state, get_listing_items, now_iso, record_failure,
                    save_fetch_state, save_listing_items)

__all__ = [
    "scrape", "scrape_source", "check_source", "ScrapeReport", "SourceReport", "SourceCheck",
]

log = logging.getLogger("textmine.scrape")

_RUN_MARK = "@run"


@dataclass
class SourceReport:
    """What a run did for one source."""

    name: str
    discovered: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    error: str | None = None
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    bytes_downloaded: int = 0

    @property
    def failed_whole(self) -> bool:
        """True when the source failed as a whole (no start point or no article worked)."""
        attempted = self.new + self.changed + self.unchanged + self.failed
        return self.error is not None or (attempted > 0 and self.failed == attempted)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.name, "discovered": self.discovered, "new": self.new,
                "changed": self.changed, "unchanged": self.unchanged, "failed": self.failed,
                "skipped": self.skipped, "requests": self.requests,
                "bytes": self.bytes_downloaded, "error": self.error}


@dataclass
class ScrapeReport:
    db: str
    sources: list[SourceReport] = field(default_factory=list)
    stories: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not any(s.failed_whole for s in self.sources)

    @property
    def bytes_downloaded(self) -> int:
        return sum(s.bytes_downloaded for s in self.sources)

    @property
    def requests(self) -> int:
        return sum(s.requests for s in self.sources)


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class _SourceRun:
    def __init__(self, corpus: Corpus, source: Source, fetcher: Fetcher, settings: Settings,
                 progress: Callable[[str, int | None], Any] | None,
                 prefetched: dict[str, Page] | None = None) -> None:
        self.corpus = corpus
        self.source = source
        self.fetcher = fetcher
        self.progress = progress
        scrape = settings.section("scrape")
        self.stop_at_seen = bool(scrape.get("stop_at_seen", True))
        self.max_pages = int(scrape.get("max_listing_pages", 30))
        self.max_articles = int(scrape.get("max_articles", 400))
        self.trust_lastmod = bool(scrape.get("trust_sitemap_lastmod", True))
        self.min_body = int(scrape.get("min_body_chars", 200))
        self.report = SourceReport(source.name)
        self.items: dict[str, Item] = {}
        self.prefetched = prefetched or {}

    # -- helpers -------------------------------------------------------------------
    def _seen(self, url: str) -> bool:
        state = get_fetch_state(self.corpus, canonical_url(url))
        return bool(state and state.document_id)

    def _get(self, url: str, accept: tuple[str, ...] | None) -> tuple[Page, FetchState | None]:
        canon = canonical_url(url)
        state = get_fetch_state(self.corpus, canon)
        if url in self.prefetched:
            return self.prefetched.pop(url), state
        valid = state is not None and state.status is not None and state.error is None
        page = self.fetcher.fetch(url, etag=state.etag if valid else None,
                                  last_modified=state.last_modified if valid else None,
                                  accept=accept)
        return page, state

    def _remember(self, url: str, page: Page, items: list[Item], next_url: str | None) -> None:
        payload = [[i.url, i.date] for i in items]
        with self.corpus.transaction():
            save_listing_items(self.corpus, self.source.name, canonical_url(url),
                               payload + ([["@next", next_url]] if next_url else []))
            save_fetch_state(self.corpus, FetchState(
                url=canonical_url(url), source=self.source.name, status=page.status,
                etag=page.etag, last_modified=page.last_modified,
                content_hash=_sha(page.content), fetched_at=now_iso()))

    def _recall(self, url: str) -> tuple[list[Item], str | None]:
        stored = get_listing_items(self.corpus, self.source.name, canonical_url(url))
        items = [Item(u, d) for u, d in stored if u != "@next"]
        nxt = next((d for u, d in stored if u == "@next"), None)
        return items, nxt

    def _add(self, items: Iterable[Item]) -> int:
        added = 0
        for item in items:
            canon = canonical_url(item.url)
            if canon not in self.items:
                self.items[canon] = item
                added += 1
        return added

    # -- discovery ---------------------------------------------------------------
    def walk_listing(self, url: str, *, resume: bool) -> None:
        page_url: str | None = url
        visited: set[str] = set()
        pages = 0
        while page_url and pages < self.max_pages and canonical_url(page_url) not in visited:
            visited.add(canonical_url(page_url))
            try:
                page, _ = self._get(page_url, None)
            except PageError:
                if pages == 0:
                    raise
                log.warning("%s: listing page %s failed; paging stops", self.source.name,
                            page_url)
                break
            if page.not_modified:
                items, next_url = self._recall(page_url)
            else:
                if is_feed(page.content):
                    items, next_url = parse_feed(page.content, page.url), None
                else:
                    listing = parse_listing(page.content, page.url, self.source)
                    items, next_url = listing.items, listing.next_url
                    self.report.skipped += len(listing.skipped)
                self._remember(page_url, page, items, next_url)
            pages += 1
            fresh = [i for i in items if not self._seen(i.url)]
            self._add(items)
            log.info("%s: listing %s: %d links, %d not seen", self.source.name, page_url,
                     len(items), len(fresh))
            if self.stop_at_seen and not resume and items and not fresh:
                break
            page_url = next_url

    def read_feed(self, url: str) -> None:
        page, _ = self._get(url, FEED_TYPES)
        if page.not_modified:
            items, _ = self._recall(url)
        else:
            items = [i for i in parse_feed(page.content, page.url) if self.source.is_article(i.url)]
            self._remember(url, page, items, None)
        self._add(items)

    def read_sitemap(self, url: str, depth: int = 0) -> None:
        page, _ = self._get(url, FEED_TYPES)
        if page.not_modified:
            items, _ = self._recall(url)
            nested: list[str] = [i.url for i in items if i.date == "@sitemap"]
            items = [i for i in items if i.date != "@sitemap"]
        else:
            items, nested = parse_sitemap(page.content, page.url)
            items = [i for i in items if self.source.is_article(i.url)]
            self._remember(url, page, items + [Item(n, "@sitemap") for n in nested], None)
        self._add(items)
        if depth < 2:
            for sub in nested[:50]:
                try:
                    self.read_sitemap(sub, depth + 1)
                except PageError as exc:
                    self.report.errors.append(exc.message)

    # -- articles ------------------------------------------------------------------
    def read_start_point(self, kind: str, url: str, *, resume: bool) -> None:
        """Discover articles from one start point: a listing, a feed or a sitemap."""
        if kind == "listing":
            self.walk_listing(url, resume=resume)
        elif kind == "feed":
            self.read_feed(url)
        else:
            self.read_sitemap(url)

    def fetch_article(self, item: Item) -> str:
        canon = canonical_url(item.url)
        state = get_fetch_state(self.corpus, canon)
        known = state is not None and state.document_id is not None
        if (known and self.trust_lastmod and item.date and state.fetched_at
                and item.date[:10] < state.fetched_at[:10]):
            return "unchanged"
        try:
            page = self.fetcher.fetch(item.url, etag=state.etag if known else None,
                                      last_modified=state.last_modified if known else None)
        except PageError as exc:
            if exc.kind in ("content-type", "robots"):
                log.info("%s: skipped %s (%s)", self.source.name, item.url, exc.message)
                return "skipped"
            record_failure(self.corpus, canon, self.source.name, exc.message, exc.status)
            self.report.errors.append(exc.message)
            log.warning("%s: %s", self.source.name, exc.message)
            return "failed"
        if page.not_modified:
            return "unchanged"
        body_hash = _sha(page.content)
        if known and state.content_hash == body_hash and self.corpus.get_document(
                state.document_id) is not None:
            if (page.etag, page.last_modified) != (state.etag, state.last_modified):
                save_fetch_state(self.corpus, FetchState(
                    canon, self.source.name, page.status, page.etag, page.last_modified,
                    body_hash, state.document_id, now_iso()))
            return "unchanged"
        try:
            doc = extract_document(page.content, url=page.url, profile=self.source.profile,
                                   source=self.source.name, min_body_chars=self.min_body)
        except InputError as exc:
            record_failure(self.corpus, canon, self.source.name, exc.message, page.status)
            self.report.errors.append(f"{item.url}: {exc.message}")
            return "failed"
        if not (doc.body or doc.lead):
            log.info("%s: skipped %s (no article text)", self.source.name, item.url)
            return "skipped"
        doc.fetched_at = now_iso()
        if not doc.published and item.date and item.date != "@sitemap":
            doc.published = item.date
        with self.corpus.transaction():
            status = self.corpus.upsert_document(doc)
            save_fetch_state(self.corpus, FetchState(
                canon, self.source.name, page.status, page.etag, page.last_modified,
                body_hash, doc.id, doc.fetched_at))
        log.info("%s: %s %s", self.source.name, status, item.url)
        return status

    # -- the run -------------------------------------------------------------------------
    def run(self) -> SourceReport:
        started_bytes = self.fetcher.bytes_downloaded
        started_requests = self.fetcher.requests_made
        mark = get_listing_items(self.corpus, self.source.name, _RUN_MARK)
        resume = bool(mark) and mark[0][1] != "complete"
        save_listing_items(self.corpus, self.source.name, _RUN_MARK, [["state", "running"]])
        worked = 0
        failures: list[str] = []
        for kind, url in self.source.start_points:
            try:
                self.read_start_point(kind, url, resume=resume)
                worked += 1
            except (PageError, InputError) as exc:
                failures.append(exc.message)
                log.warning("%s: %s %s failed: %s", self.source.name, kind, url, exc.message)
        self.report.errors.extend(failures)
        if not worked:
            self.report.error = "; ".join(failures) or "no start point worked"
        items = list(self.items.values())[: self.max_articles]
        self.report.discovered = len(items)
        bar = self.progress(self.source.name, len(items)) if self.progress else nullcontext(None)
        with bar as advance:
            for item in items:
                status = self.fetch_article(item)
                setattr(self.report, status, getattr(self.report, status) + 1)
                if advance:
                    advance(1)
        if worked:
            save_listing_items(self.corpus, self.source.name, _RUN_MARK, [["state", "complete"]])
        self.report.bytes_downloaded = self.fetcher.bytes_downloaded - started_bytes
        self.report.requests = self.fetcher.requests_made - started_requests
        return self.report


def scrape_source(corpus: Corpus, source: Source, *, fetcher: Fetcher,
                  settings: Settings | None = None,
                  progress: Callable[[str, int | None], Any] | None = None) -> SourceReport:
    """Scrape one source into an open corpus (the caller holds the lock)."""
    return _SourceRun(corpus, source, fetcher, settings or load_settings(), progress).run()


def _adhoc(start_url: str, profile: str | None, fetcher: Fetcher) -> tuple[Source, dict]:
    kind = "listing"
    prefetched: dict[str, Page] = {}
    if profile is None:
        page = fetcher.fetch(start_url, accept=None)
        prefetched[start_url] = page
        head = page.content[:2000].lower()
        if is_feed(page.content):
            kind = "feed"
        elif b"<urlset" in head or b"<sitemapindex" in head:
            kind = "sitemap"
        profile = detect_profile(page.text) if kind == "listing" else "generic"
    return adhoc_source(start_url, profile=profile, kind=kind), prefetched


def scrape(
    db: str | Path,
    sources: Sequence[str | Source] | None = None,
    *,
    start_url: str | None = None,
    profile: str | None = None,
    settings: Settings | None = None,
    progress: Callable[[str, int | None], Any] | None = None,
    on_source: Callable[[SourceReport], None] | None = None,
    link: bool = True,
    fetcher: Fetcher | None = None,
) -> ScrapeReport:
    """Collect new and changed articles of ``sources`` (names or :class:`Source`) into ``db``.

    With ``start_url`` (and optionally ``profile``), scrape that listing, feed or
    sitemap without a site file. With neither, scrape every known source. After
    the sources, near-duplicate stories are linked (``link=False`` skips it).
    Raises :class:`~textmine.errors.LockedError` when another run holds the lock.
    """
    settings = settings or load_settings()
    started = time.perf_counter()
    if start_url is None:
        chosen = [s if isinstance(s, Source) else load_source(s, settings=settings)
                  for s in (sources or [])] or list_sources(settings=settings)
    elif sources:
        raise InputError("give source names or --start-url, not both")
    else:
        chosen = []
    report = ScrapeReport(db=str(db))
    with job_lock(db), open_corpus(db) as corpus:
        own = fetcher is None
        fetcher = fetcher or Fetcher(settings)
        try:
            prefetched: dict[str, Page] = {}
            if start_url is not None:
                try:
                    source, prefetched = _adhoc(start_url, profile, fetcher)
                except PageError as exc:
                    failed = SourceReport(start_url, error=exc.message)
                    report.sources.append(failed)
                    if on_source:
                        on_source(failed)
                    return report
                chosen = [source]
            for source in chosen:
                try:
                    result = _SourceRun(corpus, source, fetcher, settings, progress,
                                        prefetched).run()
                except TextmineError as exc:
                    result = SourceReport(source.name, error=exc.message)
                report.sources.append(result)
                if on_source:
                    on_source(result)
            if link:
                from .stories import link_stories

                report.stories = link_stories(corpus, settings=settings)
        finally:
            if own:
                fetcher.close()
    report.seconds = time.perf_counter() - started
    return report


def report_json(report: ScrapeReport) -> str:
    return json.dumps({"db": report.db, "ok": report.ok,
                       "sources": [s.to_dict() for s in report.sources],
                       "stories": report.stories}, ensure_ascii=False)


@dataclass
class SourceCheck:
    """What a live look at a source found: start points, articles, fields extracted."""

    name: str
    start_points: list[dict[str, Any]] = field(default_factory=list)
    discovered: int = 0
    articles: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.discovered > 0 and any(a.get("body_chars") for a in self.articles)


def check_source(source: str | Source, *, limit: int = 3,
                 settings: Settings | None = None) -> SourceCheck:
    """Try a source live without storing anything: which start points answer, how many
    articles they list, and what the first ``limit`` articles yield field by field.
    """
    settings = settings or load_settings()
    if isinstance(source, str):
        source = load_source(source, settings=settings)
    check = SourceCheck(source.name)
    with open_corpus(":memory:") as corpus, Fetcher(settings) as fetcher:
        run = _SourceRun(corpus, source, fetcher, settings, None)
        for kind, url in source.start_points:
            before = len(run.items)
            try:
                run.read_start_point(kind, url, resume=False)
                check.start_points.append({"kind": kind, "url": url, "ok": True,
                                           "articles": len(run.items) - before})
            except (PageError, InputError) as exc:
                check.start_points.append({"kind": kind, "url": url, "ok": False,
                                           "error": exc.message})
                check.errors.append(exc.message)
        check.discovered = len(run.items)
        for item in list(run.items.values())[:limit]:
            try:
                page = fetcher.fetch(item.url)
                doc = extract_document(page.content, url=page.url, profile=source.profile,
                                       source=source.name, min_body_chars=run.min_body)
            except (PageError, InputError) as exc:
                check.articles.append({"url": item.url, "error": exc.message})
                continue
            check.articles.append({
                "url": item.url, "title": doc.title, "published": doc.published,
                "updated": doc.updated, "lead_chars": len(doc.lead),
                "body_chars": len(doc.body), "captions": len(doc.captions),
                "byline": doc.byline, "categories": doc.categories, "language": doc.language,
            })
    return check
