"""URL canonicalisation: one spelling per article, so upserts meet.

>>> canonical_url("HTTPS://www.Botkyrka.se:443/nyheter/a?utm_source=x&b=2#top")
'https://www.botkyrka.se/nyheter/a?b=2'
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

__all__ = ["canonical_url"]

_TRACKING_PREFIXES = ("utm_", "mc_", "_hs")
_TRACKING_KEYS = {"fbclid", "gclid", "msclkid", "mkt_tok", "sv.url", "igshid"}
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, fragments and tracking parameters.

    Path case and meaningful query parameters are kept (Sitevision and WordPress
    paths are case-sensitive). Percent-escapes are normalised so that ``ö`` and
    ``%C3%B6`` give the same URL.
    """
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        host = host.encode("idna").decode("ascii") if host else host
    except UnicodeError:
        pass
    netloc = host
    if parts.port and str(parts.port) != _DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~%") or "/"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING_KEYS and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))
