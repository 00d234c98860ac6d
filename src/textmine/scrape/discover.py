"""Finding articles: news listing pages (with pagination), RSS/Atom feeds and sitemaps.

These functions parse what :mod:`textmine.scrape.http` fetched; they never fetch.

>>> html = ('<main><ul class="sv-defaultlist"><li><a href="/nyheter/2024-03-01-ny-skola">'
...         'Ny skola</a></li></ul><a rel="next" href="?page=2">Nästa</a></main>')
>>> page = parse_listing(html, "https://www.botkyrka.se/nyheter", load_source("botkyrka"))
>>> page.next_url
'https://www.botkyrka.se/nyheter?page=2'
"""

from __future__ import annotations

import email.utils
import gzip
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

from ..dates import parse_date
from ..urls import canonical_url
from .extract import _css, _select, parse_html
from .sources import Source, load_source  # noqa: F401  (load_source: doctest)

__all__ = ["Item", "ListingPage", "parse_listing", "parse_feed", "parse_sitemap", "is_feed"]

_SKIP_EXT = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|jpe?g|png|gif|svg|webp|zip|mp[34]|ics|xml"
                       r"|rss|css|js)$", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    """A candidate article URL, with the date its listing, feed or sitemap gave."""

    url: str
    date: str | None = None


@dataclass
class ListingPage:
    items: list[Item] = field(default_factory=list)
    next_url: str | None = None
    feeds: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _http_url(base: str, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    url = urljoin(base, href)
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return url.split("#")[0]


def parse_listing(html: str | bytes, url: str, source: Source) -> ListingPage:
    """Article links, the next page and feed links of one news listing page.

    Links are taken from the profile's listing selectors (the first that finds
    links), kept when :meth:`Source.is_article` accepts them. Links to files that
    are not pages (PDF, images...) are reported in ``skipped``.
    """
    tree = parse_html(html)
    listing = source.profile.listing
    result = ListingPage()
    seen: set[str] = set()
    here = canonical_url(url)
    for selector in listing.get("links", ("a",)):
        anchors = _css(tree, selector)
        for a in anchors:
            if a.tag != "a":
                anchors.extend(a.iter("a"))
                continue
            link = _http_url(url, a.get("href"))
            if not link:
                continue
            canon = canonical_url(link)
            if canon in seen or canon == here or not source.is_article(link):
                continue
            seen.add(canon)
            if _SKIP_EXT.search(urlsplit(link).path):
                result.skipped.append(link)
                continue
            date = None
            parent = a.getparent()
            for el in (a, parent, parent.getparent() if parent is not None else None):
                if el is None:
                    continue
                times = el.xpath(".//time")
                if times:
                    date = parse_date(times[0].get("datetime") or times[0].text_content())
                    break
            result.items.append(Item(link, date))
        if result.items or result.skipped:
            break
    for el in _select(tree, listing.get("next", ())):
        nxt = _http_url(url, el.get("href"))
        if nxt and canonical_url(nxt) != here:
            result.next_url = nxt
            break
    for el in tree.iter("link"):
        kind = (el.get("type") or "").lower()
        if "alternate" in (el.get("rel") or "").lower() and kind in (
                "application/rss+xml", "application/atom+xml"):
            feed = _http_url(url, el.get("href"))
            if feed:
                result.feeds.append(feed)
    return result


def _xml_root(content: bytes) -> etree._Element | None:
    if content[:2] == b"\x1f\x8b":
        try:
            content = gzip.decompress(content)
        except OSError:
            return None
    content = content.lstrip()
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                             huge_tree=False)
    try:
        return etree.fromstring(content, parser)
    except etree.XMLSyntaxError:
        return None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def is_feed(content: bytes) -> bool:
    """Whether ``content`` is an RSS or Atom document."""
    root = _xml_root(content)
    return root is not None and _local(root.tag) in ("rss", "feed", "rdf")


def _feed_date(text: str) -> str | None:
    """RFC 822 dates of RSS ("Tue, 05 Mar 2024 08:00:00 +0100") or ISO dates of Atom."""
    try:
        stamp = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return parse_date(text)
    return stamp.isoformat(timespec="seconds") if stamp.tzinfo else stamp.date().isoformat()


def parse_feed(content: bytes, url: str) -> list[Item]:
    """Entries of an RSS 2.0, RSS 1.0 or Atom feed, with their dates."""
    root = _xml_root(content)
    if root is None:
        return []
    items: list[Item] = []
    for el in root.iter():
        name = _local(el.tag)
        if name not in ("item", "entry"):
            continue
        link = date = None
        for child in el:
            cname = _local(child.tag)
            if cname == "link":
                href = child.get("href")
                rel = child.get("rel", "alternate")
                if href and rel == "alternate":
                    link = href
                elif not href and child.text and child.text.strip():
                    link = child.text.strip()
            elif cname == "guid" and not link and (child.text or "").startswith("http") \
                    and child.get("isPermaLink", "true") != "false":
                link = child.text.strip()
            elif cname in ("pubdate", "published", "date", "updated", "issued") and not date:
                date = _feed_date(child.text or "")
        if not link and el.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"):
            link = el.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
        target = _http_url(url, link)
        if target:
            items.append(Item(target, date))
    return items


def parse_sitemap(content: bytes, url: str) -> tuple[list[Item], list[str]]:
    """``(page entries with <lastmod>, nested sitemaps)`` of a sitemap or sitemap index."""
    root = _xml_root(content)
    if root is None:
        return [], []
    pages: list[Item] = []
    nested: list[str] = []
    for el in root:
        name = _local(el.tag)
        if name not in ("url", "sitemap"):
            continue
        loc = lastmod = None
        for child in el:
            cname = _local(child.tag)
            if cname == "loc" and child.text:
                loc = _http_url(url, child.text)
            elif cname == "lastmod" and child.text:
                lastmod = parse_date(child.text)
        if not loc:
            continue
        if name == "sitemap":
            nested.append(loc)
        else:
            pages.append(Item(loc, lastmod))
    return pages, nested
