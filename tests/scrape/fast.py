"""Settings that keep the scrape tests fast (the defaults wait a second per request)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textmine import load_settings
from textmine.config import Settings

#: Polite settings shrunk so the tests stay fast.
FAST: dict[str, Any] = {
    "http": {"delay": 0.01, "timeout": 0.5, "retries": 2, "backoff": 0.01,
             "max_retry_after": 0.1, "max_bytes": 100_000},
}


def fast_settings(sources_dir: Path | None = None, **sections: dict[str, Any]) -> Settings:
    overrides: dict[str, Any] = {k: dict(v) for k, v in FAST.items()}
    if sources_dir is not None:
        overrides["scrape"] = {"sources_dir": str(sources_dir)}
    for name, values in sections.items():
        overrides.setdefault(name, {}).update(values)
    return load_settings(overrides=overrides)


def write_config(path: Path, sources_dir: Path, *, delay: float = 0.01) -> Path:
    """A user configuration file with the fast settings, for CLI subprocesses."""
    http = dict(FAST["http"], delay=delay)
    lines = ["[http]"] + [f"{k} = {v!r}" for k, v in http.items()]
    lines += ["[scrape]", f'sources_dir = "{sources_dir}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
