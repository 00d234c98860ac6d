"""The records every stage passes on.

A :class:`Document` is what the scraper or an import produces and the store keeps.
Later stages attach :class:`Entity`, :class:`Role`, :class:`Quote` and
:class:`ThemeWeight` records to a document by its ``id``.

>>> doc = Document(url="https://www.botkyrka.se/nyheter/a", title="Ny rektor", body="Text.")
>>> doc.id
'https://www.botkyrka.se/nyheter/a'
>>> len(doc.content_hash)
64
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .urls import canonical_url as _canonical_url

__all__ = ["Document", "Entity", "Role", "Quote", "ThemeWeight", "normalise_space"]

_SPACE = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """Collapse runs of white space (including no-break spaces) to one space."""
    return _SPACE.sub(" ", text).strip()


@dataclass(slots=True)
class Document:
    """One news item. ``id`` defaults to the canonical URL.

    ``body`` holds paragraphs separated by blank lines; ``captions`` are kept apart
    because they name people ("Fr v: ..."). Dates are ISO 8601 strings.
    """

    id: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    source: str | None = None
    title: str = ""
    published: str | None = None
    updated: str | None = None
    lead: str = ""
    body: str = ""
    captions: list[str] = field(default_factory=list)
    byline: str = ""
    categories: list[str] = field(default_factory=list)
    language: str | None = None
    fetched_at: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.url and not self.canonical_url:
            self.canonical_url = _canonical_url(self.url)
        if not self.id:
            self.id = self.canonical_url
        if not self.id:
            raise ValueError("a document needs an id or a url")

    @property
    def text(self) -> str:
        """The main text: lead, body and captions, separated by blank lines."""
        parts = [self.lead, self.body, *self.captions]
        return "\n\n".join(p.strip() for p in parts if p and p.strip())

    @property
    def full_text(self) -> str:
        """Title and main text, as analysed by the language stages."""
        return "\n\n".join(p for p in (self.title.strip(), self.text) if p)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the normalised title and main text: equal for exact duplicates."""
        payload = "\x1f".join(
            [normalise_space(self.title), normalise_space(self.lead), normalise_space(self.body)]
            + [normalise_space(c) for c in self.captions]
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["content_hash"] = self.content_hash
        return data

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass(slots=True, frozen=True)
class Entity:
    """A named entity: character offsets into the document's ``full_text``."""

    text: str
    label: str
    start: int
    end: int


@dataclass(slots=True, frozen=True)
class Role:
    """A person holding a title, possibly at an organisation and for a party.

    ``start``/``end`` are the character offsets of the statement in the analysed
    text; ``sentence`` is the sentence that states it.
    """

    person: str
    title: str | None = None
    org: str | None = None
    party: str | None = None
    start: int | None = None
    end: int | None = None
    sentence: str = ""
    title_surface: str | None = None
    org_surface: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True, frozen=True)
class Quote:
    """Words attributed to a person ("– ..., säger Namn")."""

    person: str
    text: str
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True, frozen=True)
class ThemeWeight:
    """The weight of one theme of a fitted theme model in a document."""

    theme: int
    weight: float
    label: str | None = None
    model: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
