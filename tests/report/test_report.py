from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from textmine import Document, Role, ThemeWeight, open_corpus
from textmine.browse import datasette_metadata
from textmine.cli import main
from textmine.errors import StoreError
from textmine.report import build_network, write_report

DOCS = [
    ("a", "2023-02-01", "botkyrka", "Trygghet i Alby", [("Åsa Ek", "kommundirektör", "Botkyrka kommun"),
                                                      ("Per Öst", "rektor", "Södertörns högskola")], 0),
    ("b", "2023-05-10", "sh", "Ny forskning om skolan", [("Per Öst", "rektor", "Södertörns högskola"),
                                                       ("Lena Ås", "docent", "Södertörns högskola"),
                                                       ("Åsa Ek", "kommundirektör", "Botkyrka kommun")], 1),
    ("c", "2024-01-15", "huddinge", "Ny kommundirektör", [("Jon Berg", "kommundirektör", "Huddinge kommun")], 1),
]


@pytest.fixture
def filled_db(db_path):
    with open_corpus(db_path) as corpus:
        for doc_id, date, source, title, roles, theme in DOCS:
            corpus.upsert_document(Document(id=doc_id, url=f"https://ex.se/{doc_id}", title=title,
                                            body="Text.", published=date, source=source))
            corpus.set_roles(doc_id, [Role(p, t, o) for p, t, o in roles])
            corpus.set_themes(doc_id, [ThemeWeight(theme, 0.8, ["trygghet", "skola"][theme]),
                                       ThemeWeight(1 - theme, 0.2, ["trygghet", "skola"][1 - theme])],
                              model="nmf-test")
    return db_path


def test_network_counts_documents_per_pair(filled_db):
    with open_corpus(filled_db) as corpus:
        net = build_network(corpus)
    assert net.nodes["Södertörns högskola"] == 2
    assert [(e.a, e.b, e.weight) for e in net.edges] == [("Botkyrka kommun", "Södertörns högskola", 2)]


def test_report_files(filled_db, tmp_path):
    out = tmp_path / "rapport"
    paths = write_report(filled_db, out)
    assert sorted(p.name for p in paths) == ["index.html", "network.csv", "network.graphml"]
    page = (out / "index.html").read_text("utf-8")
    data = json.loads(page.split('type="application/json">', 1)[1].split("</script>", 1)[0])
    assert data["overview"]["documents"] == 3
    assert data["themes"]["labels"] == ["trygghet", "skola"]
    assert data["themes"]["quarters"] == ["2023-Q1", "2023-Q2", "2024-Q1"]
    holders = {o["org"]: o["people"] for o in data["role_holders"]}
    assert holders["Södertörns högskola"][0] == {"person": "Per Öst", "title": "rektor", "mentions": 2}
    graph = ET.parse(out / "network.graphml").getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(graph.findall(".//g:node", ns)) == 3 and len(graph.findall(".//g:edge", ns)) == 1
    assert "Botkyrka kommun,Södertörns högskola,2,a b" in (out / "network.csv").read_text("utf-8")


def test_report_on_empty_corpus_is_a_clear_error(db_path, tmp_path):
    open_corpus(db_path).close()
    with pytest.raises(StoreError, match="no documents"):
        write_report(db_path, tmp_path / "r")


def test_report_cli(filled_db, tmp_path, capsys):
    assert main(["report", "--db", str(filled_db), "--out", str(tmp_path / "r")]) == 0
    assert "index.html" in capsys.readouterr().err


def test_datasette_metadata(filled_db):
    meta = datasette_metadata(filled_db)
    tables = meta["databases"][filled_db.stem]["tables"]
    assert tables["roles"]["facets"] == ["org", "title", "party"]
    assert tables["processed"]["hidden"] is True


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no headless Chromium here (.ci/run installs Debian's chromium)")


@pytest.mark.browser
def test_report_renders_in_a_real_browser(filled_db, tmp_path):
    chromium = _chromium()
    write_report(filled_db, tmp_path / "r")
    proc = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", "--dump-dom",
         (tmp_path / "r" / "index.html").as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    dom = proc.stdout
    body = re.search(r"<body[^>]*>", dom)
    assert body, proc.stderr[-2000:]
    assert 'data-rendered="yes"' in body.group(0), proc.stderr[-2000:]
    assert "data-script-error" not in body.group(0)
    assert dom.count('class="series"') == 2            # two theme lines
    assert dom.count('class="cell"') == 3 * 2          # 3 organisations x 2 themes
    assert dom.count('class="edge"') == 1 and dom.count('class="node"') == 3
    assert "Per Öst" in dom and "Södertörns högskola" in dom


def test_datasette_serves_the_corpus_with_textmine_metadata(filled_db):
    datasette_app = pytest.importorskip("datasette.app", reason="the browse extra is not installed")
    import asyncio

    meta = datasette_metadata(filled_db)

    async def fetch():
        ds = datasette_app.Datasette([str(filled_db)], metadata=meta)
        tables = await ds.client.get(f"/{filled_db.stem}.json")
        roles = await ds.client.get(f"/{filled_db.stem}/roles.json?_shape=objects")
        return tables.json(), roles.json()

    tables, roles = asyncio.run(fetch())
    names = {t["name"]: t for t in tables["tables"]}
    assert names["processed"]["hidden"] is True and not names["documents"]["hidden"]
    facets = roles["facet_results"]
    facets = facets.get("results", facets)  # the layout differs between Datasette versions
    assert "org" in facets
    assert {r["value"] for r in facets["org"]["results"]} >= {"Södertörns högskola", "Botkyrka kommun"}
