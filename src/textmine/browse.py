"""Browsing a corpus in Datasette, with table and facet settings written by textmine.

>>> metadata = datasette_metadata("demo.db")  # doctest: +SKIP
>>> metadata["databases"]["demo"]["tables"]["roles"]["facets"]
['org', 'title', 'party']
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from .errors import InputError
from .store import open_corpus

__all__ = ["datasette_metadata", "write_datasette_metadata", "browse"]

_HIDDEN = ("processed",)


def datasette_metadata(db: str | Path) -> dict[str, Any]:
    """Datasette metadata for a corpus: labels, sort orders, facets, full-text search."""
    path = Path(db)
    if not path.exists():
        raise InputError(f"{db}: no such corpus database")
    with open_corpus(path) as corpus:
        tables = {
            r[0] for r in corpus.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    config: dict[str, Any] = {
        "documents": {
            "label_column": "title",
            "sort_desc": "published",
            "facets": ["source", "language"],
            "description": "News items: one row per article (text, dates, source).",
        },
        "roles": {
            "facets": ["org", "title", "party"],
            "description": "Who holds which title at which organisation, per document.",
        },
        "entities": {"facets": ["label"], "description": "Named entities per document."},
        "quotes": {"facets": ["person"], "description": "Quotes attributed to people."},
        "document_themes": {"facets": ["model", "label"], "sort_desc": "weight",
                            "description": "Theme weights per document."},
    }
    for name in tables:
        if name in _HIDDEN or name.startswith("sqlite_") or "_fts_" in name or name.endswith(
            ("_data", "_idx", "_docsize", "_config", "_content")
        ):
            config.setdefault(name, {})["hidden"] = True
    fts = sorted(n for n in tables if n.endswith("_fts") or n == "search_index")
    if fts:
        config["documents"]["fts_table"] = fts[0]
        config["documents"]["fts_pk"] = "rowid"
    config = {k: v for k, v in config.items() if k in tables}
    return {
        "title": "textmine corpus",
        "description": "Swedish news collected and analysed by textmine.",
        "databases": {path.stem: {"tables": config}},
    }


def write_datasette_metadata(db: str | Path, out: str | Path | None = None) -> Path:
    """Write the metadata JSON beside the database (``NAME.datasette.json``)."""
    target = Path(out) if out else Path(db).with_suffix(".datasette.json")
    target.write_text(json.dumps(datasette_metadata(db), ensure_ascii=False, indent=2), "utf-8")
    return target


def browse(db: str | Path, *, port: int = 8001, host: str = "127.0.0.1", open_browser: bool = False) -> int:
    """Start Datasette on the corpus (needs the ``browse`` extra); returns its exit code."""
    metadata = write_datasette_metadata(db)
    exe = shutil.which("datasette")
    if exe is None:
        try:
            import datasette  # noqa: F401
        except ImportError:
            raise InputError(
                "Datasette is not installed",
                hint="pip install 'textmine[browse]', then run textmine browse again",
            ) from None
        command = [sys.executable, "-m", "datasette"]
    else:
        command = [exe]
    command += ["serve", str(db), "--metadata", str(metadata), "--host", host, "--port", str(port)]
    if open_browser:
        command.append("--open")
    return subprocess.call(command)
