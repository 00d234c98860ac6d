"""Swedish dates as they appear in news pages, read into ISO 8601 strings.

>>> parse_date("Publicerad 31 aug. 2023")
'2023-08-31'
>>> parse_date("Senast uppdaterad: 2023-09-01 kl. 14.05")
'2023-09-01T14:05'
"""

from __future__ import annotations

import re
from datetime import date, datetime

__all__ = ["parse_date", "SWEDISH_MONTHS"]

SWEDISH_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3,
    "april": 4, "apr": 4, "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augusti": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # English forms occur in meta tags and bilingual university sites
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10, "oct": 10,
}

_MONTH_RE = "|".join(sorted(SWEDISH_MONTHS, key=len, reverse=True))
_TIME = r"(?:\s*(?:,|kl\.?|klockan|T)?\s*(?P<h>[01]?\d|2[0-3])[.:](?P<mi>[0-5]\d)(?:[.:](?P<s>[0-5]\d))?)?"
_ISO = re.compile(
    r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)" + _TIME
    + r"(?P<tz>Z|[+-][01]\d:?[0-5]\d)?"
)
_WORDS = re.compile(
    r"(?P<d>[0-3]?\d)(?::e|:a)?\.?\s+(?P<mon>" + _MONTH_RE + r")\.?,?\s+(?P<y>(?:19|20)\d\d)" + _TIME,
    re.IGNORECASE,
)
_ENGLISH = re.compile(
    r"(?P<mon>" + _MONTH_RE + r")\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)",
    re.IGNORECASE,
)
_SLASH = re.compile(r"(?<![\d/])(?P<d>[0-3]?\d)/(?P<m>[01]?\d)\s*(?:-|/)?\s*(?P<y>(?:19|20)\d\d)(?![\d/])")


def _build(y: str, m: int, d: str, match: re.Match[str]) -> str | None:
    try:
        day = date(int(y), m, int(d))
    except ValueError:
        return None
    hour = match.groupdict().get("h")
    if hour is None:
        return day.isoformat()
    stamp = datetime(day.year, day.month, day.day, int(hour), int(match["mi"]), int(match["s"] or 0))
    text = stamp.isoformat(timespec="seconds" if match["s"] else "minutes")
    tz = match.groupdict().get("tz")
    if tz:
        text += "+00:00" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
    return text


def parse_date(text: str | None) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD`` (or with a time, ``YYYY-MM-DDTHH:MM``).

    Reads ISO dates and timestamps, Swedish forms ("31 augusti 2023", "31 aug. 2023",
    "den 1:a maj 2024 kl. 10.15"), English forms ("August 31, 2023") and "31/8 2023".
    Returns ``None`` when no valid date is found; an impossible date (30 februari) is
    not a date.
    """
    if not text:
        return None
    text = text.replace("\xa0", " ")
    candidates = []
    for pattern in (_ISO, _WORDS, _ENGLISH, _SLASH):
        match = pattern.search(text)
        if match:
            candidates.append((match.start(), pattern, match))
    for _, pattern, match in sorted(candidates, key=lambda c: c[0]):
        if pattern is _ISO or pattern is _SLASH:
            result = _build(match["y"], int(match["m"]), match["d"], match)
        else:
            result = _build(match["y"], SWEDISH_MONTHS[match["mon"].lower()], match["d"], match)
        if result:
            return result
    return None
