"""Themes of a corpus: fit, store, assign incrementally, profiles, plots, the build stage."""

from __future__ import annotations

import json

import pytest

from textmine import (
    assign_themes,
    build,
    fit_themes,
    load_settings,
    open_corpus,
    organisation_profiles,
    plot_themes,
    read_themes,
    themes_over_time,
)
from textmine.document import Role
from textmine.errors import InputError
from textmine.themes.fit import load_corpus_model
from textmine.themes.synthetic import synthetic_documents

SETTINGS = load_settings(overrides={"themes": {"min_documents": 20, "k_range": [4, 7]}})


@pytest.fixture(scope="module")
def fitted_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("themes") / "corpus.db"
    docs = synthetic_documents(160, seed=11)
    with open_corpus(path) as corpus:
        corpus.upsert_documents(docs[:150])
        corpus.set_roles(docs[0].id, [Role(person="Åsa Lind", title="rektor",
                                           org="Södertörns högskola")])
        report = fit_themes(corpus, settings=SETTINGS)
    return path, report, docs


def test_fit_stores_model_themes_and_weights(fitted_db):
    path, report, _ = fitted_db
    assert report.documents == 150 and 4 <= report.n_themes <= 7
    with open_corpus(path) as corpus:
        summary = read_themes(corpus)
        assert summary.model["id"] == report.model and summary.model["active"]
        assert len(summary.themes) == report.n_themes
        seeded = [t for t in summary.themes if t["seed"]]
        assert {"Skola", "Hållbarhet", "Trygghet"} <= {t["label"] for t in seeded}
        for theme in summary.themes:
            assert theme["top_terms"] and theme["typical_headline"].startswith("Nytt om")
        assert sum(t["documents"] for t in summary.themes) == 150
        weights = corpus.get_themes("syn-0")
        assert weights and weights[0].model == report.model
        assert abs(sum(w.weight for w in weights) - 1.0) < 0.2
        assert corpus.count_unprocessed("themes", stage_version=report.model) == 0
        all_terms = {w for t in summary.themes for w in t["top_terms"]}
        assert not {"åsa", "lind", "säga", "berätta"} & all_terms


def test_assign_only_new_documents_then_all(fitted_db):
    path, report, docs = fitted_db
    with open_corpus(path) as corpus:
        corpus.upsert_documents(docs[150:])
        assert assign_themes(corpus, settings=SETTINGS).assigned == 10
        assert assign_themes(corpus, settings=SETTINGS).assigned == 0
        assert corpus.get_themes("syn-155")
        assert assign_themes(corpus, all=True, settings=SETTINGS).assigned == 160


def test_profiles_over_time_and_per_organisation(fitted_db):
    path, report, _ = fitted_db
    with open_corpus(path) as corpus:
        months = themes_over_time(corpus, period="month")
        quarters = themes_over_time(corpus, period="quarter")
        assert months[0]["period"][:2] == "20" and len(months[0]["period"]) == 7
        assert all("-Q" in r["period"] for r in quarters)
        by_quarter = {}
        for r in quarters:
            by_quarter[r["period"]] = by_quarter.get(r["period"], 0) + r["share"]
        assert all(abs(v - 1.0) < 0.15 for v in by_quarter.values())
        orgs = {r["organisation"] for r in organisation_profiles(corpus)}
        assert {"huddinge", "sh", "Södertörns högskola"} <= orgs  # sources and roles
        assert "Södertörns högskola" not in {
            r["organisation"] for r in organisation_profiles(corpus, by="source")}
        with pytest.raises(InputError, match="period must be"):
            themes_over_time(corpus, period="week")


def test_plots_are_png(fitted_db, tmp_path):
    pytest.importorskip("matplotlib")
    path, _, _ = fitted_db
    with open_corpus(path) as corpus:
        written = plot_themes(corpus, tmp_path / "plots")
    assert [p.name for p in written] == ["themes_over_time.png", "organisations_by_theme.png"]
    for p in written:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 5000


def test_model_in_corpus_has_version_and_vocabulary(fitted_db):
    path, report, _ = fitted_db
    with open_corpus(path) as corpus:
        row = corpus.conn.execute("SELECT spec, textmine_version FROM theme_models WHERE id = ?",
                                  (report.model,)).fetchone()
        spec = json.loads(row[0])
        assert row[1] and spec["feature_names"] and spec["params"]["method"] == "nmf"
        model = load_corpus_model(corpus)
        assert model.labels_ == report.labels


@pytest.mark.parametrize("n_docs, message", [(0, "no documents"), (5, "themes need at least 20")])
def test_too_few_documents_is_a_clear_error(tmp_path, n_docs, message):
    with open_corpus(tmp_path / "c.db") as corpus:
        corpus.upsert_documents(synthetic_documents(n_docs))
        with pytest.raises(InputError, match=message):
            fit_themes(corpus, settings=SETTINGS)
        assert corpus.conn.execute("SELECT count(*) FROM theme_models").fetchone()[0] == 0
        with pytest.raises(InputError, match="no theme model"):
            assign_themes(corpus)


def test_build_stage_fits_then_assigns(tmp_path):
    src = tmp_path / "in.jsonl"
    docs = synthetic_documents(70, seed=5)
    rows = [{k: v for k, v in d.to_dict().items() if k != "content_hash"} for d in docs]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[:60]),
                   encoding="utf-8")
    settings = load_settings(overrides={"themes": {"min_documents": 30, "k": 5, "seeds": ""}})
    db = tmp_path / "c.db"
    report = build(db, src, stages=["import", "themes"], settings=settings)
    summary = {s.name: s.summary for s in report.stages}["themes"]
    assert summary["fitted"] == 60 and summary["themes"] == 5
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                   encoding="utf-8")
    report = build(db, src, stages=["import", "themes"], settings=settings)
    summary = {s.name: s.summary for s in report.stages}["themes"]
    assert summary["assigned"] == 10
    small = load_settings(overrides={"themes": {"min_documents": 1000}})
    report = build(tmp_path / "d.db", src, stages=["import", "themes"], settings=small)
    assert "skipped" in {s.name: s.summary for s in report.stages}["themes"]
