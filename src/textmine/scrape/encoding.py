"""Decoding HTML bytes whatever the server claims: UTF-8, ISO-8859-1 and windows-1252.

Swedish municipal sites still serve Latin-1 pages labelled UTF-8 and the reverse.
The bytes decide: a byte-order mark, then strict UTF-8, then a ``<meta charset>``
that names another encoding, then windows-1252 (a superset of ISO-8859-1 that
browsers use for both).

>>> decode_html("Välkommen till Åsa".encode("latin-1"), declared="utf-8")[0]
'Välkommen till Åsa'
>>> decode_html("Välkommen".encode("utf-8"), declared="iso-8859-1")
('Välkommen', 'utf-8')
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_html", "declared_charset"]

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_META = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.\-]+)""", re.IGNORECASE)
# names browsers read as windows-1252 (WHATWG Encoding Standard)
_LATIN = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii",
          "windows-1252", "cp1252", "iso-8859-15", "iso8859-15"}


def _lookup(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(content: bytes) -> str | None:
    """The charset a page declares in its first bytes (``<meta>`` or XML declaration)."""
    head = content[:4096]
    match = _META.search(head) or _XML_DECL.search(head)
    return match.group(1).decode("ascii", "ignore") if match else None


def decode_html(content: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``content``; returns ``(text, encoding used)``.

    ``declared`` is the charset of the Content-Type header: it is trusted only
    for encodings that cannot be mistaken for Latin-1 or UTF-8 (UTF-16, KOI8...).
    """
    for bom, name in _BOMS:
        if content.startswith(bom):
            return content.decode(name, errors="replace"), name
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for claim in (declared_charset(content), declared):
        if claim and claim.strip().lower() not in _LATIN:
            name = _lookup(claim)
            if name and name not in ("utf-8", "ascii") and not name.startswith("utf-8"):
                try:
                    return content.decode(name), name
                except (UnicodeDecodeError, LookupError):
                    continue
    return content.decode("cp1252", errors="replace"), "cp1252"
