"""The fetcher: robots.txt, delays, retries, limits, decoding, conditional GET."""

from __future__ import annotations

import time

import pytest

from textmine.scrape import Fetcher, PageError
from textmine.scrape.encoding import decode_html

from . import fixture_site as fs
from .fast import fast_settings


@pytest.mark.parametrize("slug, kind", [
    (fs.SLOW, "timeout"),
    (fs.LOOP, "redirects"),
    (fs.HUGE, "too-large"),
    (fs.PDF, "content-type"),
    ("finns-inte", "status"),
])
def test_fetch_failures_are_named(site, slug, kind):
    with Fetcher(fast_settings()) as fetcher:
        with pytest.raises(PageError) as info:
            fetcher.fetch(site.article_url(slug))
    assert info.value.kind == kind
    if kind == "too-large":  # the stream was cut off, not read to the end
        assert fetcher.bytes_downloaded < 150_000


def test_robots_disallow_raises_before_any_request(site):
    with Fetcher(fast_settings()) as fetcher:
        with pytest.raises(PageError) as info:
            fetcher.fetch(site.url(fs.DISALLOWED_PATH))
    assert info.value.kind == "robots"
    assert site.state.paths() == ["/robots.txt"]


def test_robots_can_be_switched_off_for_own_sites(site):
    settings = fast_settings(http={"respect_robots": False})
    with Fetcher(settings) as fetcher:
        assert fetcher.fetch(site.url(fs.DISALLOWED_PATH)).status == 200
    assert "/robots.txt" not in site.state.paths()


@pytest.mark.parametrize("slug, hits", [(fs.TOO_MANY, 2), (fs.FLAKY, 2)])
def test_retries_then_success(site, slug, hits):
    pauses: list[float] = []
    with Fetcher(fast_settings(), sleep=pauses.append) as fetcher:
        page = fetcher.fetch(site.article_url(slug))
    assert page.status == 200 and site.state.hits[fs.ARCHIVE + slug] == hits
    if slug == fs.TOO_MANY:  # Retry-After: 1, capped by max_retry_after = 0.1
        assert pytest.approx(max(pauses), abs=1e-6) == 0.1


def test_retry_after_is_honoured_up_to_the_cap(site):
    pauses: list[float] = []
    settings = fast_settings(http={"max_retry_after": 5.0})
    with Fetcher(settings, sleep=pauses.append) as fetcher:
        fetcher.fetch(site.article_url(fs.TOO_MANY))
    assert max(pauses) == pytest.approx(1.0)


def test_per_host_delay(site):
    settings = fast_settings(http={"delay": 0.2})
    with Fetcher(settings) as fetcher:
        started = time.monotonic()
        for article in fs.ARTICLES[:3]:
            fetcher.fetch(site.article_url(article.slug))
        elapsed = time.monotonic() - started
    # robots.txt + 3 pages: three gaps of at least 0.2 s
    assert elapsed >= 0.6


def test_conditional_get_returns_304(site):
    url = site.article_url(fs.ARTICLES[0].slug)
    with Fetcher(fast_settings()) as fetcher:
        first = fetcher.fetch(url)
        again = fetcher.fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert first.status == 200 and first.etag and again.not_modified and again.content == b""


def test_latin1_page_labelled_utf8(site):
    with Fetcher(fast_settings()) as fetcher:
        page = fetcher.fetch(site.article_url(fs.LATIN1))
    assert page.declared_charset == "utf-8"
    assert "Välkommen till Årets möte på Ängsö" in page.text


@pytest.mark.parametrize("encoding, declared", [
    ("utf-8", "iso-8859-1"),
    ("utf-8", None),
    ("iso-8859-1", "utf-8"),
    ("cp1252", "utf-8"),
    ("cp1252", None),
    ("utf-8-sig", "windows-1252"),
])
def test_decoding_ignores_a_misleading_header(encoding, declared):
    text = "<p>Åsa Öberg – räksmörgås på Ängsö “i dag”</p>"
    if encoding == "iso-8859-1":
        text = text.replace("–", "-").replace("“", '"').replace("”", '"')
    decoded, _ = decode_html(text.encode(encoding), declared)
    assert decoded.lstrip("\ufeff") == text


def test_meta_charset_names_a_non_latin_encoding():
    html = '<meta charset="koi8-r"><p>Привет</p>'.encode("koi8-r")
    assert "Привет" in decode_html(html, None)[0]
