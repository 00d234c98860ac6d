"""Collecting news: fetching politely, discovering articles, extracting them into Documents.

Modules: :mod:`~textmine.scrape.http` (the only one that talks to the network),
:mod:`~textmine.scrape.robots`, :mod:`~textmine.scrape.encoding`,
:mod:`~textmine.scrape.sources` (site files and CMS profiles),
:mod:`~textmine.scrape.discover` (listings, feeds, sitemaps),
:mod:`~textmine.scrape.extract` (HTML -> Document), :mod:`~textmine.scrape.job` (a run),
:mod:`~textmine.scrape.lock`, :mod:`~textmine.scrape.state` and
:mod:`~textmine.scrape.stories` (near-duplicate story linking).
"""

from __future__ import annotations

from .extract import extract_document, extract_html
from .http import Fetcher, Page, PageError, fetch_page
from .job import ScrapeReport, SourceCheck, SourceReport, check_source, scrape
from .lock import job_lock
from .sources import Profile, Source, list_sources, load_profile, load_source
from .stories import link_stories, story_groups, story_of

__all__ = [
    "scrape", "check_source", "ScrapeReport", "SourceReport", "SourceCheck",
    "extract_document", "extract_html", "fetch_page", "Fetcher", "Page", "PageError",
    "list_sources", "load_source", "load_profile", "Source", "Profile", "job_lock",
    "link_stories", "story_groups", "story_of",
]
