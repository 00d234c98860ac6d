"""Shared fixtures. Tests never touch the network; ../shared is optional."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from textmine.config import Settings

from .scrape.fast import fast_settings
from .scrape.fixture_site import FixtureSite

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path inside ../shared, skipping the test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is not here ({path} missing): evaluation data is optional")
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "corpus.db"


SAMPLE_RECORDS = [
    {
        "id": "huddinge-1",
        "url": "https://www.huddinge.se/nyheter/2023/nytt-samarbete-om-trygghet",
        "source": "huddinge",
        "title": "Nytt samarbete om trygghet i Flemingsberg",
        "published": "2023-08-31",
        "lead": "Huddinge kommun och Södertörns högskola inleder ett samarbete.",
        "text": "– Det här är ett viktigt steg, säger kommunstyrelsens ordförande Åsa Lind (S).",
        "captions": ["Fr v: Åsa Lind och Örjan Ek."],
        "region": "Stockholms län",
    },
    {
        "id": "sh-1",
        "url": "https://www.sh.se/nyheter/forskning-om-kompetensforsorjning",
        "source": "sh",
        "title": "Forskning om kompetensförsörjning",
        "published": "15 mars 2024",
        "text": "Projektet leds av Karin Öst, docent i företagsekonomi vid Södertörns högskola.",
    },
    {"id": "noted-3", "title": "Kort notis", "text": "Biblioteket i Tumba öppnar igen."},
]


@pytest.fixture
def sample_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "sample.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in SAMPLE_RECORDS), encoding="utf-8"
    )
    return path


@pytest.fixture
def site() -> Iterator[FixtureSite]:
    """The fixture website (tests/scrape/fixture_site.py) served on 127.0.0.1."""
    with FixtureSite() as running:
        yield running


@pytest.fixture
def sources_dir(tmp_path: Path, site: FixtureSite) -> Path:
    """A folder holding the fixture site's source file ("testkommun")."""
    folder = tmp_path / "sources"
    site.write_source(folder)
    return folder


@pytest.fixture
def settings(sources_dir: Path) -> Settings:
    """Fast polite settings that know the fixture site's source."""
    return fast_settings(sources_dir)
