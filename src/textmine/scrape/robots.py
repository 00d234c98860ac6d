"""robots.txt rules per host, read with protego (Disallow, Allow, Crawl-delay, Sitemap).

A missing robots.txt (4xx) allows everything; a server error or an unreachable
host disallows the host for the run, as RFC 9309 asks.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from protego import Protego

__all__ = ["RobotsRules", "parse_robots"]

log = logging.getLogger("textmine.scrape")


@dataclass
class RobotsRules:
    """What one host's robots.txt says for our user agent."""

    parser: Protego | None = None
    allow_all: bool = False
    disallow_all: bool = False
    sitemaps: list[str] = field(default_factory=list)

    def allowed(self, url: str, agent: str) -> bool:
        if self.disallow_all:
            return False
        if self.allow_all or self.parser is None:
            return True
        return bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None


def parse_robots(text: str | None, *, status: int = 200) -> RobotsRules:
    """Rules from a robots.txt body and its HTTP status (``None`` text: unreachable)."""
    if text is None or status >= 500:
        return RobotsRules(disallow_all=True)
    if status >= 400:
        return RobotsRules(allow_all=True)
    try:
        parser = Protego.parse(text)
    except Exception as exc:  # protego raises plain exceptions on odd files
        log.warning("robots.txt could not be parsed (%s): allowing everything", exc)
        return RobotsRules(allow_all=True)
    return RobotsRules(parser=parser, sitemaps=list(parser.sitemaps))
