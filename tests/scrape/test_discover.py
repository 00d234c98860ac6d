"""Finding articles in listings, feeds and sitemaps."""

from __future__ import annotations

import gzip

import pytest

from textmine.scrape.discover import parse_feed, parse_listing, parse_sitemap
from textmine.scrape.sources import adhoc_source

from . import fixture_site as fs

BASE = "https://www.testkommun.se"


def test_listing_links_pagination_and_feed():
    source = adhoc_source(BASE + fs.LISTING, profile="sitevision")
    page = parse_listing(fs.listing_html(1), BASE + fs.LISTING, source)
    assert [i.url for i in page.items] == [BASE + fs.ARCHIVE + a.slug for a in fs.ARTICLES[:4]]
    assert page.items[0].date is None  # not in a <time>: no date claimed
    assert page.next_url == BASE + fs.LISTING + "?page=2"
    assert page.feeds == [BASE + "/nyheter.rss"]
    last = parse_listing(fs.listing_html(5), BASE + fs.LISTING, source)
    assert last.next_url is None


def test_listing_skips_file_links():
    source = adhoc_source(BASE + "/nyheter", profile="sitevision")
    html = ('<main><ul class="sv-defaultlist"><li><a href="/nyheter/2024-01-01-rapport.pdf">'
            'Rapport</a></li><li><a href="/nyheter/2024-01-02-nytt-bad">Nytt bad</a></li></ul>'
            "</main>")
    page = parse_listing(html, BASE + "/nyheter", source)
    assert [i.url for i in page.items] == [BASE + "/nyheter/2024-01-02-nytt-bad"]
    assert page.skipped == [BASE + "/nyheter/2024-01-01-rapport.pdf"]


RSS = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<item><title>Ett</title><link>https://ex.se/a</link><pubDate>Tue, 05 Mar 2024 08:00:00 +0100</pubDate></item>
<item><title>Tv\xc3\xa5</title><guid>https://ex.se/b</guid></item></channel></rss>"""
ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Ett</title>
<link rel="alternate" href="/nyheter/ett"/><published>2024-03-05T08:00:00Z</published></entry>
</feed>"""


@pytest.mark.parametrize("content, expected", [
    (RSS, [("https://ex.se/a", "2024-03-05T08:00:00+01:00"), ("https://ex.se/b", None)]),
    (ATOM, [("https://ex.se/nyheter/ett", "2024-03-05T08:00:00+00:00")]),
    (b"not a feed at all", []),
])
def test_feeds(content, expected):
    assert [(i.url, i.date) for i in parse_feed(content, "https://ex.se/feed")] == expected


def test_sitemap_and_index():
    pages, nested = parse_sitemap(fs.sitemap_xml(BASE).encode(), BASE + "/sitemap.xml")
    assert (pages[0].url, pages[0].date) == (BASE + fs.ARCHIVE + fs.SITEMAP_ONLY, "2024-01-15")
    assert nested == []
    index = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<sitemap><loc>https://ex.se/s1.xml.gz</loc></sitemap></sitemapindex>")
    assert parse_sitemap(gzip.compress(index), "https://ex.se/")[1] == ["https://ex.se/s1.xml.gz"]
