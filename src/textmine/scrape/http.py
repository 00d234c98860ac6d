"""The only module that talks to the network: polite, conditional HTTP GETs.

One :class:`Fetcher` holds one ``requests`` session whose User-Agent names textmine
and a contact URL. Before a request it checks robots.txt (and honours its
Crawl-delay), waits out the per-host delay, and it sends ``If-None-Match`` /
``If-Modified-Since`` when the caller knows the page's ETag or Last-Modified. It
retries connection errors, timeouts, 429 and 5xx with exponential backoff,
honouring ``Retry-After`` up to a cap; it follows redirects itself (each hop is
checked against robots.txt; a loop fails at once), checks the content type before
reading the body, and stops reading at ``max_bytes``.

>>> with Fetcher() as fetcher:                              # doctest: +SKIP
...     page = fetcher.fetch("https://www.botkyrka.se/")
...     page.text[:15]
'<!DOCTYPE html>'
"""

from __future__ import annotations

import email.utils
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from .. import __version__
from ..config import Settings, load_settings
from ..errors import FetchError
from .encoding import decode_html
from .robots import RobotsRules, parse_robots

__all__ = ["Fetcher", "Page", "PageError", "fetch_page", "HTML_TYPES", "FEED_TYPES"]

log = logging.getLogger("textmine.scrape")

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/rdf+xml", "text/plain", "application/x-gzip", "text/html")
_RETRY_STATUS = {429, 500, 502, 503, 504}
_AGENT_TOKEN = "textmine"


class PageError(FetchError):
    """A page could not be fetched. ``kind`` says why: ``robots``, ``status``,
    ``content-type``, ``too-large``, ``timeout``, ``connection``, ``redirects``."""

    def __init__(self, message: str, *, url: str, kind: str, status: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.url = url
        self.kind = kind
        self.status = status


@dataclass
class Page:
    """A fetched page. ``status`` 304 means unchanged since the ETag/date sent."""

    url: str
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    content: bytes = b""
    requested_url: str = ""
    downloaded: int = 0

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    @property
    def etag(self) -> str | None:
        return self.headers.get("ETag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("Last-Modified")

    @property
    def declared_charset(self) -> str | None:
        for part in self.headers.get("Content-Type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset":
                return value.strip().strip("\"'")
        return None

    @property
    def text(self) -> str:
        """The body decoded (see :func:`textmine.scrape.encoding.decode_html`)."""
        return decode_html(self.content, self.declared_charset)[0]


def _user_agent(settings: Settings) -> str:
    template = str(settings.get("http", "user_agent", "textmine/{version} (+{contact})"))
    contact = str(settings.get("http", "contact", ""))
    return template.format(version=__version__, contact=contact)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _header_bytes(resp: requests.Response) -> int:
    return sum(len(k) + len(v) + 4 for k, v in resp.headers.items()) + 17


class Fetcher:
    """Polite HTTP GETs with one session; see the module docstring.

    ``bytes_downloaded`` and ``requests_made`` count what the fetcher did (bodies
    and response headers), for reports and the re-scrape benchmark.
    """

    def __init__(self, settings: Settings | None = None, *,
                 session: requests.Session | None = None,
                 sleep: Any = time.sleep) -> None:
        self.settings = settings or load_settings()
        http = self.settings.section("http")
        self.user_agent = _user_agent(self.settings)
        self.delay = float(http.get("delay", 1.0))
        self.timeout = float(http.get("timeout", 20.0))
        self.retries = int(http.get("retries", 3))
        self.backoff = float(http.get("backoff", 1.0))
        self.max_retry_after = float(http.get("max_retry_after", 120.0))
        self.max_bytes = int(http.get("max_bytes", 10_000_000))
        self.max_redirects = int(http.get("max_redirects", 10))
        self.respect_robots = bool(http.get("respect_robots", True))
        self.session = session or requests.Session()
        self.session.headers.update({
            "User-Agent": self.user_agent,
            "Accept-Language": "sv,en;q=0.5",
            "Accept-Encoding": "gzip, deflate",
        })
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotsRules] = {}
        self._lock = threading.Lock()
        self.bytes_downloaded = 0
        self.requests_made = 0
        self.robots_state: dict[str, tuple[str | None, str | None]] = {}

    # -- lifecycle ---------------------------------------------------------------
    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- robots.txt and delays -----------------------------------------------------
    @staticmethod
    def _host(url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc.lower()}"

    def robots(self, url: str) -> RobotsRules:
        """The robots.txt rules of ``url``'s host (fetched once per fetcher)."""
        host = self._host(url)
        rules = self._robots.get(host)
        if rules is None:
            robots_url = host + "/robots.txt"
            try:
                page = self._get(robots_url, accept=None, conditional=None, check_robots=False)
                rules = parse_robots(page.text, status=page.status)
            except PageError as exc:
                if exc.kind == "status" and exc.status and exc.status < 500:
                    rules = parse_robots("", status=exc.status)
                else:
                    log.warning("%s: robots.txt unreachable (%s): the host is skipped",
                                host, exc.message)
                    rules = parse_robots(None)
            self._robots[host] = rules
        return rules

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets textmine fetch ``url``."""
        if not self.respect_robots:
            return True
        return self.robots(url).allowed(url, _AGENT_TOKEN)

    def host_delay(self, url: str) -> float:
        delay = self.delay
        if self.respect_robots:
            rules = self._robots.get(self._host(url))
            crawl = rules.crawl_delay(_AGENT_TOKEN) if rules else None
            if crawl is not None:
                delay = max(delay, min(crawl, 60.0))
        return delay

    def _wait_turn(self, url: str) -> None:
        host = self._host(url)
        with self._lock:
            last = self._last.get(host)
            if last is not None:
                wait = last + self.host_delay(url) - time.monotonic()
                if wait > 0:
                    self._sleep(wait)
            self._last[host] = time.monotonic()

    # -- fetching --------------------------------------------------------------------
    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              accept: tuple[str, ...] | None = HTML_TYPES) -> Page:
        """GET ``url`` politely; a 304 returns a :class:`Page` with ``not_modified``.

        ``accept`` lists the content types wanted (``None``: any); another type
        raises :class:`PageError` before its body is downloaded.
        """
        return self._get(url, accept=accept, conditional=(etag, last_modified),
                         check_robots=True)

    def _get(self, url: str, *, accept: tuple[str, ...] | None,
             conditional: tuple[str | None, str | None] | None, check_robots: bool) -> Page:
        seen = {url}
        current = url
        for _ in range(self.max_redirects + 1):
            if check_robots and not self.allowed(current):
                raise PageError(f"{current}: disallowed by robots.txt", url=current, kind="robots")
            headers = {}
            if conditional:
                etag, modified = conditional
                if etag:
                    headers["If-None-Match"] = etag
                if modified:
                    headers["If-Modified-Since"] = modified
            resp = self._request(current, headers)
            if resp.is_redirect or resp.status_code in (301, 302, 303, 307, 308):
                location = resp.headers.get("Location")
                resp.close()
                if not location:
                    raise PageError(f"{current}: redirect without a Location", url=current,
                                    kind="redirects", status=resp.status_code)
                target = urljoin(current, location)
                if target in seen:
                    raise PageError(f"{url}: redirect loop at {target}", url=url,
                                    kind="redirects", status=resp.status_code)
                seen.add(target)
                if urlsplit(target).netloc != urlsplit(current).netloc:
                    conditional = None  # validators belong to the first host
                current = target
                continue
            return self._read(resp, url, current, accept)
        raise PageError(f"{url}: more than {self.max_redirects} redirects", url=url,
                        kind="redirects")

    def _request(self, url: str, headers: dict[str, str]) -> requests.Response:
        attempt = 0
        while True:
            self._wait_turn(url)
            self.requests_made += 1
            try:
                resp = self.session.get(url, headers=headers, timeout=self.timeout,
                                        stream=True, allow_redirects=False)
            except requests.Timeout:
                error = PageError(f"{url}: no answer within {self.timeout:g} s", url=url,
                                  kind="timeout")
                wait = None
            except requests.RequestException as exc:
                error = PageError(f"{url}: {type(exc).__name__}: {exc}", url=url,
                                  kind="connection")
                wait = None
            else:
                self.bytes_downloaded += _header_bytes(resp)
                if resp.status_code not in _RETRY_STATUS:
                    return resp
                wait = _retry_after(resp.headers.get("Retry-After"))
                error = PageError(f"{url}: HTTP {resp.status_code}", url=url, kind="status",
                                  status=resp.status_code)
                resp.close()
            if attempt >= self.retries:
                raise error
            pause = self.backoff * (2 ** attempt)
            if wait is not None:
                pause = max(pause, wait)
            pause = min(pause, self.max_retry_after)
            log.info("%s; retrying in %.1f s", error.message, pause)
            self._sleep(pause)
            attempt += 1

    def _read(self, resp: requests.Response, requested: str, url: str,
              accept: tuple[str, ...] | None) -> Page:
        headers = dict(resp.headers)
        status = resp.status_code
        if status == 304:
            resp.close()
            return Page(url=url, status=304, headers=headers, requested_url=requested)
        if status >= 400:
            resp.close()
            raise PageError(f"{url}: HTTP {status}", url=url, kind="status", status=status)
        page = Page(url=url, status=status, headers=headers, requested_url=requested)
        if accept is not None and page.content_type and page.content_type not in accept:
            resp.close()
            raise PageError(f"{url}: not a page we read ({page.content_type})", url=url,
                            kind="content-type", status=status)
        length = resp.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            resp.close()
            raise PageError(f"{url}: {int(length):,} bytes, over the limit of "
                            f"{self.max_bytes:,}", url=url, kind="too-large", status=status)
        chunks: list[bytes] = []
        size = 0
        started = time.monotonic()
        try:
            for chunk in resp.iter_content(chunk_size=65536):
                size += len(chunk)
                if size > self.max_bytes:
                    raise PageError(f"{url}: body over the limit of {self.max_bytes:,} bytes",
                                    url=url, kind="too-large", status=status)
                if time.monotonic() - started > self.timeout * 3:
                    raise PageError(f"{url}: body still arriving after {self.timeout * 3:g} s",
                                    url=url, kind="timeout", status=status)
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise PageError(f"{url}: the body broke off ({type(exc).__name__})", url=url,
                            kind="connection", status=status) from None
        finally:
            raw = getattr(resp.raw, "tell", None)
            counted = raw() if callable(raw) else size
            self.bytes_downloaded += counted or size
            resp.close()
        page.content = b"".join(chunks)
        page.downloaded = size
        return page


def fetch_page(url: str, *, settings: Settings | None = None, etag: str | None = None,
               last_modified: str | None = None) -> Page:
    """Fetch one HTML page politely (robots.txt, retries, size and type checks).

    >>> page = fetch_page("https://www.huddinge.se/nyheter/")   # doctest: +SKIP
    """
    with Fetcher(settings) as fetcher:
        return fetcher.fetch(url, etag=etag, last_modified=last_modified)
