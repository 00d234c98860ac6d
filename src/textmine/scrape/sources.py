"""Sources and profiles: small TOML files saying where a site's news are and how to read them.

A *profile* (``profiles/sitevision.toml``, ``wordpress.toml``, ``generic.toml``) holds
the selectors a CMS family shares. A *site file* (``profiles/sites/NAME.toml``, or
any ``*.toml`` in the folder named by ``[scrape] sources_dir``) names a profile and
says only what differs: start points (``listings``, ``feeds``, ``sitemaps``), which
URLs are articles (``article_pattern``) and, in ``[article]``/``[listing]``, any
selectors that replace the profile's.

>>> source = load_source("botkyrka")
>>> source.profile.name, source.title
('sitevision', 'Botkyrka kommun')
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..config import Settings, load_settings
from ..errors import ConfigError, InputError

__all__ = [
    "Profile", "Source", "load_profile", "load_source", "list_sources", "profile_names",
    "detect_profile", "adhoc_source",
]

_SELECTOR_KEYS = ("container", "title", "lead", "body", "captions", "published", "updated",
                  "byline", "categories", "remove")


@dataclass(frozen=True)
class Profile:
    """Selectors shared by a CMS family (lists of CSS selectors, first match wins)."""

    name: str
    description: str = ""
    markers: tuple[str, ...] = ()
    listing: Mapping[str, Any] = field(default_factory=dict)
    article: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    article_pattern: str | None = None

    @property
    def is_generic(self) -> bool:
        return not self.article.get("body")

    def with_overrides(self, article: Mapping[str, Any] | None,
                       listing: Mapping[str, Any] | None) -> Profile:
        merged_article = dict(self.article)
        for key, value in (article or {}).items():
            merged_article[key] = _selectors(value, key)
        merged_listing = dict(self.listing)
        merged_listing.update(listing or {})
        return Profile(self.name, self.description, self.markers, merged_listing,
                       merged_article, self.article_pattern)


@dataclass(frozen=True)
class Source:
    """One site to collect news from."""

    name: str
    profile: Profile
    title: str = ""
    kind: str = ""
    base_url: str = ""
    listings: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    article_pattern: str | None = None
    path: str | None = None

    @property
    def start_points(self) -> list[tuple[str, str]]:
        return ([("listing", u) for u in self.listings] + [("feed", u) for u in self.feeds]
                + [("sitemap", u) for u in self.sitemaps])

    def is_article(self, url: str) -> bool:
        """Whether ``url`` looks like one of this source's articles."""
        pattern = self.article_pattern or self.profile.article_pattern
        if self.base_url and urlsplit(url).netloc.lower() != urlsplit(self.base_url).netloc.lower():
            return False
        if not pattern:
            return True
        return re.search(pattern, urlsplit(url).path) is not None


def _selectors(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"selector list {key!r} must be a string or a list of strings")


def _read(path: Path | Any) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _profiles_dir() -> Any:
    return resources.files("textmine.scrape").joinpath("profiles")


def profile_names() -> list[str]:
    """Names of the packaged profiles."""
    return sorted(p.name[:-5] for p in _profiles_dir().iterdir() if p.name.endswith(".toml"))


@functools.lru_cache(maxsize=32)
def load_profile(name: str) -> Profile:
    """A packaged profile by name: ``sitevision``, ``wordpress`` or ``generic``."""
    path = _profiles_dir().joinpath(f"{name}.toml")
    if not re.fullmatch(r"[a-z0-9_-]+", name) or not path.is_file():
        raise InputError(f"unknown profile {name!r}",
                         hint=f"profiles are {', '.join(profile_names())}")
    data = _read(path)
    article = {k: _selectors(v, k) for k, v in data.get("article", {}).items()}
    unknown = set(article) - set(_SELECTOR_KEYS)
    if unknown:
        raise ConfigError(f"profile {name}: unknown [article] keys {sorted(unknown)}")
    listing = dict(data.get("listing", {}))
    pattern = listing.pop("article_pattern", None)
    return Profile(name=data.get("name", name), description=data.get("description", ""),
                   markers=tuple(data.get("detect", {}).get("markers", ())), listing=listing,
                   article=article, article_pattern=pattern)


def _site_files(settings: Settings) -> dict[str, Any]:
    files: dict[str, Any] = {}
    for item in _profiles_dir().joinpath("sites").iterdir():
        if item.name.endswith(".toml"):
            files[item.name[:-5]] = item
    extra = str(settings.get("scrape", "sources_dir", "") or "")
    if extra:
        folder = Path(extra).expanduser()
        if not folder.is_dir():
            raise ConfigError(f"[scrape] sources_dir {folder} is not a folder")
        for item in sorted(folder.glob("*.toml")):
            files[item.stem] = item
    return files


def _source_from(data: dict[str, Any], name: str, path: str | None) -> Source:
    def urls(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"source {name}: {key} must be a list of URLs")
        return tuple(value)

    profile = load_profile(str(data.get("profile", "generic")))
    profile = profile.with_overrides(data.get("article"), data.get("listing"))
    pattern = data.get("article_pattern")
    if pattern:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"source {name}: article_pattern is not a regular expression: "
                              f"{exc}") from None
    source = Source(
        name=str(data.get("name", name)), profile=profile, title=str(data.get("title", "")),
        kind=str(data.get("kind", "")), base_url=str(data.get("base_url", "")),
        listings=urls("listings"), feeds=urls("feeds"), sitemaps=urls("sitemaps"),
        article_pattern=pattern, path=path,
    )
    if not source.start_points:
        raise ConfigError(f"source {name}: no listings, feeds or sitemaps to start from")
    return source


def load_source(name: str, *, settings: Settings | None = None) -> Source:
    """A source by name (a packaged site file or one in ``[scrape] sources_dir``)."""
    settings = settings or load_settings()
    files = _site_files(settings)
    if name not in files:
        raise InputError(f"unknown source {name!r}",
                         hint="see 'textmine sources list', or use --start-url URL")
    return _source_from(_read(files[name]), name, str(files[name]))


def list_sources(*, settings: Settings | None = None) -> list[Source]:
    """All sources known: packaged site files and those in ``[scrape] sources_dir``."""
    settings = settings or load_settings()
    return [load_source(name, settings=settings) for name in sorted(_site_files(settings))]


def detect_profile(html: str) -> str:
    """The profile whose markers occur in ``html`` (``generic`` when none does)."""
    for name in ("sitevision", "wordpress"):
        if any(marker in html for marker in load_profile(name).markers):
            return name
    return "generic"


def adhoc_source(start_url: str, *, profile: str = "generic", kind: str = "listing") -> Source:
    """A source for ``--start-url``: its host names it; links stay on that host."""
    parts = urlsplit(start_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{start_url!r} is not an http(s) URL")
    host = parts.hostname or parts.netloc
    name = host[4:] if host.startswith("www.") else host
    data: dict[str, Any] = {"name": name, "title": host, "profile": profile,
                            "base_url": f"{parts.scheme}://{parts.netloc}",
                            {"listing": "listings", "feed": "feeds", "sitemap": "sitemaps"}[kind]:
                                [start_url]}
    return _source_from(data, name, None)
