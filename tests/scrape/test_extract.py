"""HTML -> Document: profiles, the generic fallback, dates, captions, extract-html."""

from __future__ import annotations

import json

import pytest

from textmine import extract_document
from textmine.cli import main
from textmine.errors import InputError
from textmine.scrape import extract_html

from . import fixture_site as fs
from ..conftest import shared_path

URL = "https://www.testkommun.se/nyhetsarkiv/nyhetsarkiv/a"


def _page(body: str, head: str = "") -> str:
    return f'<html lang="sv"><head><title>Sidan</title>{head}</head><body>{body}</body></html>'


LONG = ("<p>Kommunen bygger en ny idrottshall vid skolan. Hallen får plats för handboll, "
        "basket och innebandy och kan delas av i tre delar. </p>") * 3


@pytest.mark.parametrize("snippet, published, updated", [
    ("<p>Publicerad 31 augusti 2023</p>", "2023-08-31", None),
    ("<p>Publicerad: 31 aug. 2023</p>", "2023-08-31", None),
    ("<p>Publicerad 2023-08-31</p><p>Senast uppdaterad 1 september 2023</p>", "2023-08-31",
     "2023-09-01"),
    ('<p class="sv-font-publiceringsdatum">Publicerad den 3 mars 2024 kl. 10.15</p>',
     "2024-03-03T10:15", None),
    ('<p><time datetime="2024-01-05T09:00:00+01:00">5 januari</time></p>',
     "2024-01-05T09:00:00+01:00", None),
])
def test_swedish_date_forms(snippet, published, updated):
    html = _page(f"<main><h1>Rubrik</h1>{snippet}{LONG}</main>")
    for profile in ("sitevision", "generic"):
        doc = extract_document(html, url=URL, profile=profile)
        assert (doc.published, doc.updated) == (published, updated), profile
        assert "Publicerad" not in doc.body


@pytest.mark.parametrize("head, published, byline, categories", [
    ('<meta property="article:published_time" content="2024-02-01T08:00:00Z">'
     '<meta name="author" content="Åsa Ek"><meta property="article:tag" content="Skola">',
     "2024-02-01T08:00:00+00:00", "Åsa Ek", ["Skola"]),
    ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
     '"datePublished": "2024-02-02", "author": [{"name": "Örjan Berg"}], '
     '"keywords": ["Miljö", "Trafik"]}]}</script>',
     "2024-02-02", "Örjan Berg", ["Miljö", "Trafik"]),
])
def test_metadata_from_meta_tags_and_json_ld(head, published, byline, categories):
    doc = extract_document(_page(f"<main><h1>Rubrik</h1>{LONG}</main>", head), url=URL,
                           profile="generic")
    assert (doc.published, doc.byline, doc.categories) == (published, byline, categories)


def test_sitevision_article_parts_and_captions():
    doc = extract_document(fs.article_html(fs.ARTICLES[0]), url=URL)
    assert doc.metadata["profile"] == "sitevision"  # detected from the markup
    assert doc.title == fs.ARTICLES[0].title and doc.lead == fs.ARTICLES[0].lead
    assert doc.captions == [fs.ARTICLES[0].caption]
    assert doc.body.split("\n\n") == fs.ARTICLES[0].paragraphs
    assert doc.text.endswith(fs.ARTICLES[0].caption)


def test_generic_fallback_when_selectors_find_little():
    html = _page('<div class="sv-portlet"></div><div id="content"><h1>Stor nyhet</h1>'
                 f"<article>{LONG}</article></div><footer>Kontakta oss</footer>")
    doc = extract_document(html, url=URL, profile="sitevision", min_body_chars=1000)
    assert "idrottshall" in doc.body and "Kontakta oss" not in doc.body


def test_language_from_text_when_the_page_does_not_say():
    html = f"<html><body><main><h1>Rubrik</h1>{LONG}</main></body></html>"
    assert extract_document(html, url=URL).language == "sv"


@pytest.mark.parametrize("html", ["", "   "])
def test_empty_page_is_a_clear_error(html):
    with pytest.raises(InputError):
        extract_document(html, url=URL)


def test_extract_html_cli_jsonl(tmp_path, capsys):
    good = tmp_path / "nyhet.html"
    good.write_bytes(fs.article_html(fs.EXTRA[fs.LATIN1]).encode("latin-1"))
    other = tmp_path / "annan.html"
    other.write_text(fs.article_html(fs.ARTICLES[1]), encoding="utf-8")
    assert main(["extract-html", str(good), str(other), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["file"] for r in rows] == [str(good), str(other)]
    assert rows[0]["title"] == "Välkommen till Årets möte på Ängsö"
    assert rows[1]["published"] == "2024-03-08"
    assert rows[1]["text"].startswith(fs.ARTICLES[1].lead)
    assert fs.ARTICLES[1].caption in rows[1]["text"]
    assert {"file", "title", "published", "text", "lead", "body", "captions"} <= set(rows[0])


def test_extract_html_missing_file_is_clean(tmp_path, capsys):
    assert main(["extract-html", str(tmp_path / "saknas.html")]) == 1
    assert "cannot read the file" in capsys.readouterr().err


def test_real_sitevision_page():
    path = shared_path("data", "html", "sitevision-real", "aldreomsorg-botkyrka-kommun.html")
    doc = extract_html(path)
    assert doc.metadata["profile"] == "sitevision"
    assert doc.url == "https://www.botkyrka.se/stod-trygghet-och-familj/aldreomsorg"
    assert doc.title == "Äldreomsorg" and doc.language == "sv"
    assert doc.lead.startswith("Här hittar du allt om boenden")
    assert "Meny - Botkyrka.se" not in doc.text
