"""Shared fixtures. Tests never touch the network; ../shared is optional."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
