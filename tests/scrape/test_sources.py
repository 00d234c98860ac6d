"""Site files and profiles."""

from __future__ import annotations

import json

import pytest

from textmine.cli import main
from textmine.errors import ConfigError, InputError
from textmine.scrape import list_sources, load_profile, load_source

from .fast import fast_settings


def test_packaged_sources_load():
    sources = list_sources(settings=fast_settings())
    assert len(sources) >= 8
    assert {"botkyrka", "huddinge", "sh", "su"} <= {s.name for s in sources}
    for source in sources:
        assert source.start_points and source.title and source.profile.name


@pytest.mark.parametrize("url, expected", [
    ("https://www.botkyrka.se/nyhetsarkiv/nyhetsarkiv/2023-10-12-nytt-bad", True),
    ("https://www.botkyrka.se/nyhetsarkiv/nyhetsarkiv/", False),
    ("https://www.botkyrka.se/stod-trygghet-och-familj/aldreomsorg", False),
    ("https://www.huddinge.se/nyhetsarkiv/nyhetsarkiv/2023-10-12-nytt-bad", False),
])
def test_article_pattern(url, expected):
    assert load_source("botkyrka", settings=fast_settings()).is_article(url) is expected


def test_site_file_overrides_profile_selectors(tmp_path):
    (tmp_path / "egen.toml").write_text(
        'name = "egen"\nprofile = "sitevision"\nlistings = ["https://ex.se/nyheter"]\n'
        '[article]\nlead = ".min-ingress"\n', encoding="utf-8")
    source = load_source("egen", settings=fast_settings(tmp_path))
    assert source.profile.article["lead"] == (".min-ingress",)
    assert source.profile.article["title"] == load_profile("sitevision").article["title"]


@pytest.mark.parametrize("text, error", [
    ('name = "x"\nprofile = "sitevision"\n', ConfigError),                 # no start points
    ('name = "x"\nprofile = "joomla"\nlistings = ["https://ex.se"]\n', InputError),
    ('name = "x"\nlistings = ["https://ex.se"]\narticle_pattern = "("\n', ConfigError),
    ('name = "x"\nlistings = "https://ex.se"\n[article]\ntitle = 3\n', ConfigError),
    ("name = \n", ConfigError),
])
def test_bad_site_files_are_named_errors(tmp_path, text, error):
    (tmp_path / "x.toml").write_text(text, encoding="utf-8")
    with pytest.raises(error):
        load_source("x", settings=fast_settings(tmp_path))


def test_unknown_source_and_profile():
    with pytest.raises(InputError, match="unknown source"):
        load_source("finns-inte", settings=fast_settings())
    with pytest.raises(InputError, match="unknown profile"):
        load_profile("../generic")


def test_sources_list_cli(capsys):
    assert main(["sources", "list", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert any(r["name"] == "sh" and r["title"] == "Södertörns högskola" for r in rows)


def test_sources_check_cli_against_the_fixture_site(site, sources_dir, tmp_path, capsys):
    from .fast import write_config

    config = write_config(tmp_path / "c.toml", sources_dir)
    code = main(["--config", str(config), "sources", "check", "testkommun", "--limit", "2"])
    out = capsys.readouterr().out
    assert code == 0
    assert "articles discovered" in out and "looks usable" in out
    assert "Ny förskola i Norrby öppnar i augusti" in out
    assert not any(p[0].startswith("/nyhetsarkiv/intern/") for p in site.state.requests)
