"""HTML -> :class:`~textmine.document.Document`: title, dates, lead, body, captions, byline.

With a CMS profile (Sitevision, WordPress or a site file) the profile's CSS
selectors pick the parts of the article. Without one (or when the selectors find
too little body text) the main text comes from trafilatura. Metadata comes from
meta tags (``og:*``, ``article:*``, Dublin Core), JSON-LD, ``<time>`` and Swedish
phrases such as "Publicerad 31 aug. 2023" or "Senast uppdaterad 2023-09-01".

>>> html = ('<html lang="sv"><head><title>Ny skola | Tumba</title></head><body><main>'
...         '<h1>Ny skola i Tumba</h1><p class="sv-font-ingress">Bygget börjar i höst.</p>'
...         '<p>Publicerad 3 mars 2024</p><p>Skolan får plats för 600 elever.</p>'
...         '</main></body></html>')
>>> doc = extract_document(html, url="https://www.botkyrka.se/nyheter/ny-skola",
...                        profile="sitevision")
>>> doc.title, doc.published, doc.lead
('Ny skola i Tumba', '2024-03-03', 'Bygget börjar i höst.')
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

from ..dates import parse_date
from ..document import Document, normalise_space
from ..errors import InputError
from .encoding import decode_html
from .sources import Profile, detect_profile, load_profile

__all__ = ["extract_document", "extract_html", "parse_html", "page_metadata", "PageMetadata"]

log = logging.getLogger("textmine.scrape")

_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd",
               "dt", "figcaption", "div", "section", "article", "ul", "ol", "table", "tr"}
_PUBLISHED_RE = re.compile(
    r"(?:Publicerad|Publicerat|Publiceringsdatum|Datum|Published)\s*(?:den|:)?\s*:?\s*"
    r"([^\n|]{6,40})", re.IGNORECASE)
_UPDATED_RE = re.compile(
    r"(?:Senast\s+(?:uppdaterad|ändrad|granskad)|Uppdaterad|Ändrad|Last\s+updated|Updated)"
    r"\s*(?:den|:)?\s*:?\s*([^\n|]{6,40})", re.IGNORECASE)
_SV_WORDS = {"och", "att", "det", "som", "för", "på", "är", "med", "av", "till", "den", "har",
             "inte", "om", "ett", "vi", "kommer", "kommunen", "också", "under", "sig"}
_EN_WORDS = {"the", "and", "of", "to", "is", "in", "that", "for", "with", "are", "this", "on"}
_DE_WORDS = {"der", "die", "und", "das", "ist", "nicht", "mit", "auf", "für", "sich", "ein"}


@dataclass
class PageMetadata:
    """What a page says about itself outside the article text."""

    title: str = ""
    published: str | None = None
    updated: str | None = None
    byline: str = ""
    categories: tuple[str, ...] = ()
    language: str | None = None
    canonical: str | None = None
    description: str = ""
    site_name: str = ""


def parse_html(html: str | bytes) -> Any:
    """An lxml tree of ``html`` (bytes are decoded with :func:`decode_html`)."""
    if isinstance(html, bytes):
        html = decode_html(html)[0]
    html = html.lstrip("\ufeff")
    if not html.strip():
        raise InputError("the page is empty")
    # lxml refuses str input that carries an XML encoding declaration
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"the page cannot be parsed as HTML: {exc}") from None


def _text(el: Any) -> str:
    return normalise_space(el.text_content()) if el is not None else ""


@functools.lru_cache(maxsize=1024)
def _compiled(selector: str) -> Any:
    """A compiled CSS selector (translating CSS to XPath is the slow part), or None."""
    try:
        return CSSSelector(selector)
    except Exception:  # cssselect raises several types on selectors it cannot read
        log.debug("selector %r is not understood", selector)
        return None


def _css(root: Any, selector: str) -> list[Any]:
    compiled = _compiled(selector)
    return compiled(root) if compiled is not None else []


def _select(root: Any, selectors: Iterable[str]) -> list[Any]:
    """Elements matching the first selector that matches anything."""
    for selector in selectors:
        found = _css(root, selector)
        if found:
            return found
    return []


def _meta(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop")
               or el.get("http-equiv") or "").strip().lower()
        value = el.get("content")
        if key and value and key not in out:
            out[key] = normalise_space(value)
    return out


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if "@graph" in node:
                walk(node["@graph"])
            kind = node.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and (k.endswith("Article") or k in (
                    "BlogPosting", "WebPage", "Report", "PressRelease")) for k in kinds):
                found.append(node)

    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            walk(json.loads(script.text))
        except (ValueError, RecursionError):
            continue
    # articles before web pages
    found.sort(key=lambda n: "WebPage" in str(n.get("@type")))
    return found


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _language(tree: Any, meta: dict[str, str], text: str = "") -> str | None:
    for value in (tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
                  meta.get("dcterms.language"), meta.get("dc.language"),
                  meta.get("content-language"), meta.get("og:locale"), meta.get("language")):
        if value:
            code = re.split(r"[-_]", value.strip().lower())[0]
            if re.fullmatch(r"[a-z]{2,3}", code):
                return {"swe": "sv", "eng": "en", "ger": "de", "deu": "de"}.get(code, code)
    if text:
        words = re.findall(r"\w+", text.lower()[:3000])
        scores = {lang: sum(w in vocab for w in words)
                  for lang, vocab in (("sv", _SV_WORDS), ("en", _EN_WORDS), ("de", _DE_WORDS))}
        best = max(scores, key=scores.__getitem__)
        if scores[best] >= 3:
            return best
    return None


def page_metadata(tree: Any) -> PageMetadata:
    """Title, dates, author, categories and language from meta tags, JSON-LD and ``<time>``."""
    meta = _meta(tree)
    ld = _json_ld(tree)
    data = PageMetadata()
    ld_first = ld[0] if ld else {}
    h1 = next(iter(tree.iter("h1")), None)
    title_el = next(iter(tree.iter("title")), None)
    for candidate in (meta.get("og:title"), ld_first.get("headline"), meta.get("twitter:title"),
                      meta.get("dc.title"), _text(h1), _text(title_el)):
        if isinstance(candidate, str) and candidate.strip():
            data.title = normalise_space(candidate)
            break
    for candidate in (ld_first.get("datePublished"), meta.get("article:published_time"),
                      meta.get("og:published_time"), meta.get("datepublished"),
                      meta.get("dcterms.created"), meta.get("dcterms.issued"),
                      meta.get("dc.date.issued"), meta.get("dc.date"), meta.get("date"),
                      meta.get("pubdate"), meta.get("publish-date")):
        if isinstance(candidate, str) and parse_date(candidate):
            data.published = parse_date(candidate)
            break
    for candidate in (ld_first.get("dateModified"), meta.get("article:modified_time"),
                      meta.get("og:updated_time"), meta.get("datemodified"),
                      meta.get("dcterms.modified"), meta.get("last-modified")):
        if isinstance(candidate, str) and parse_date(candidate):
            data.updated = parse_date(candidate)
            break
    authors = _names(ld_first.get("author")) or ([meta["author"]] if meta.get("author") else [])
    if not authors and meta.get("article:author") and "://" not in meta["article:author"]:
        authors = [meta["article:author"]]
    data.byline = ", ".join(dict.fromkeys(normalise_space(a) for a in authors if a.strip()))
    cats: list[str] = []
    for value in (ld_first.get("articleSection"), ld_first.get("keywords"),
                  meta.get("article:section"), meta.get("article:tag"), meta.get("keywords")):
        if isinstance(value, str):
            cats += [c.strip() for c in value.split(",")]
        elif isinstance(value, list):
            cats += [c.strip() for c in value if isinstance(c, str)]
    data.categories = tuple(dict.fromkeys(c for c in cats if c))
    data.language = _language(tree, meta)
    link = next((el.get("href") for el in tree.iter("link")
                 if "canonical" in (el.get("rel") or "").lower().split() and el.get("href")), None)
    data.canonical = link or meta.get("og:url")
    data.description = meta.get("og:description") or meta.get("description") or ""
    data.site_name = meta.get("og:site_name", "")
    return data


def _date_from(elements: list[Any]) -> str | None:
    for el in elements:
        for value in (el.get("datetime"), el.get("content"), _text(el)):
            found = parse_date(value)
            if found:
                return found
    return None


def _is_dateline(text: str) -> bool:
    """A short block that only states a date ("Publicerad 4 mars 2024")."""
    return len(text) < 80 and bool(_PUBLISHED_RE.match(text) or _UPDATED_RE.match(text))


def _phrase_dates(text: str) -> tuple[str | None, str | None]:
    published = updated = None
    match = _PUBLISHED_RE.search(text)
    if match:
        published = parse_date(match.group(1))
    match = _UPDATED_RE.search(text)
    if match:
        updated = parse_date(match.group(1))
    return published, updated


def _ancestors(el: Any) -> Iterable[Any]:
    parent = el.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def _blocks(container: Any, selectors: Iterable[str], skip: set[Any]) -> list[str]:
    """Texts of the block elements in document order, outermost match only."""
    wanted: set[Any] = set()
    for selector in selectors:
        wanted.update(_css(container, selector))
    out: list[str] = []
    seen: set[str] = set()
    for el in container.iter():
        if el not in wanted or el in skip:
            continue
        if any(a in wanted or a in skip for a in _ancestors(el)):
            continue
        text = _text(el)
        if text and text not in seen:
            seen.add(text)
            out.append(text)
    return out


def _containers(tree: Any, selectors: Iterable[str], min_chars: int) -> list[Any]:
    """All matches of the first container selector whose matches hold enough text
    (Sitevision splits a page into several ``.pagecontent`` areas)."""
    best: list[Any] = []
    for selector in selectors:
        found = _css(tree, selector)
        # keep outermost matches only
        found = [e for e in found if not any(a in found for a in _ancestors(e))]
        if not found:
            continue
        if not best:
            best = found
        if sum(len(_text(e)) for e in found) >= min_chars:
            return found
    if best:
        return best
    body = tree.find("body")
    return [body if body is not None else tree]


def _trafilatura_text(tree: Any) -> str:
    import trafilatura

    try:
        text = trafilatura.extract(tree, include_comments=False, include_tables=True,
                                   deduplicate=False)
    except Exception as exc:  # trafilatura may fail on exotic markup: treat as no text
        log.debug("trafilatura failed: %s", exc)
        text = None
    return text or ""


def _generic_body(html_tree: Any) -> str:
    """Main text by trafilatura; paragraphs separated by blank lines."""
    text = _trafilatura_text(html_tree)
    paragraphs = [normalise_space(p) for p in text.split("\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _generic_captions(tree: Any, selectors: Iterable[str]) -> list[str]:
    scope = next(iter(tree.xpath("//main | //article")), None)
    if scope is None:
        return []
    return list(dict.fromkeys(t for t in (_text(el) for el in _select(scope, selectors)) if t))


def extract_document(
    html: str | bytes,
    *,
    url: str | None = None,
    profile: str | Profile | None = None,
    source: str | None = None,
    min_body_chars: int = 200,
    fallback_url: str | None = None,
) -> Document:
    """Read one article page into a :class:`Document`.

    ``profile`` is a profile name, a :class:`Profile` or ``None`` to detect the CMS
    from the markup (``"generic"`` forces trafilatura). ``url`` (else the page's
    canonical link, else ``fallback_url``) becomes the document's URL.
    """
    raw = html if isinstance(html, str) else decode_html(html)[0]
    tree = parse_html(raw)
    if profile is None:
        profile = detect_profile(raw)
    if isinstance(profile, str):
        profile = load_profile(profile)
    meta = page_metadata(tree)
    page_url = url or meta.canonical or fallback_url
    if not page_url:
        raise InputError("the page has no URL: give url= (or --url)")
    body_el = tree.find("body")
    page_text = body_el.text_content() if body_el is not None else ""
    phrase_published, phrase_updated = _phrase_dates(page_text)
    sel = profile.article
    lead = body = ""
    captions: list[str] = []
    # metadata selectors apply in both modes; a profile without body selectors leaves
    # the main text to the generic extractor
    title = _text(next(iter(_select(tree, sel.get("title", ()))), None))
    published = _date_from(_select(tree, sel.get("published", ())))
    updated = _date_from(_select(tree, sel.get("updated", ())))
    byline = "; ".join(dict.fromkeys(
        t for t in (_text(e) for e in _select(tree, sel.get("byline", ()))) if t))
    categories = list(dict.fromkeys(
        t for t in (_text(e) for e in _select(tree, sel.get("categories", ()))) if t))
    if not profile.is_generic:
        containers = _containers(tree, sel.get("container", ()), min_body_chars)
        skip: set[Any] = set()
        for container in containers:
            for selector in sel.get("remove", ()):
                skip.update(_css(container, selector))
        lead_els = [e for c in containers for e in _select(c, sel.get("lead", ()))
                    if e not in skip][:1]
        lead = " ".join(_text(e) for e in lead_els)
        caption_els = [e for c in containers for e in _select(c, sel.get("captions", ()))
                       if e not in skip]
        captions = list(dict.fromkeys(t for t in (_text(e) for e in caption_els) if t))
        title_els = [h for c in containers for h in c.iter("h1")]
        skip.update(lead_els + caption_els + title_els)
        blocks = [b for c in containers for b in _blocks(c, sel.get("body", ()), skip)]
        blocks = [b for b in blocks if b != title and b != lead and b not in captions
                  and not _is_dateline(b)]
        body = "\n\n".join(blocks)
        if len(body) < min_body_chars:
            fallback = _generic_body(parse_html(raw))
            if len(fallback) > len(body):
                fallback_paragraphs = [p for p in fallback.split("\n\n")
                                       if p != lead and p != title and p not in captions
                                       and not _is_dateline(p)]
                body = "\n\n".join(fallback_paragraphs)
    else:
        captions = _generic_captions(tree, sel.get("captions", ()))
        body = "\n\n".join(p for p in _generic_body(tree).split("\n\n")
                             if p not in captions and not _is_dateline(p))
    language = meta.language or _language(tree, {}, body)
    return Document(
        url=page_url,
        source=source,
        title=title or meta.title,
        published=published or meta.published or phrase_published
        or _date_from(tree.xpath("//time[@datetime]")[:1]),
        updated=updated or meta.updated or phrase_updated,
        lead=lead,
        body=body,
        captions=captions,
        byline=byline or meta.byline,
        categories=categories or list(meta.categories),
        language=language,
        metadata={"profile": profile.name},
    )


def extract_html(path: str | Path, *, url: str | None = None,
                 profile: str | Profile | None = None) -> Document:
    """Extract a saved HTML file (any of UTF-8, ISO-8859-1, windows-1252).

    Without ``url`` the page's canonical link is used, else a ``file:`` URL.
    """
    file = Path(path)
    try:
        content = file.read_bytes()
    except OSError as exc:
        raise InputError(f"{file}: cannot read the file: {exc.strerror}") from None
    try:
        return extract_document(content, url=url, profile=profile,
                                fallback_url=file.resolve().as_uri())
    except InputError as exc:
        raise InputError(f"{file}: {exc.message}", hint=exc.hint) from None
