"""The query parser: syntax, and no user string ever reaching FTS5 raw (hypothesis)."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textmine
from textmine import Document, QueryError
from textmine.index.normalise import Normaliser
from textmine.index.query import Phrase, Word, parse_query, to_fts5, to_tsquery

N = Normaliser()


@pytest.mark.parametrize("text, required, excluded", [
    ("skola", [[Word("skola")]], []),
    ("Skola trygghet", [[Word("Skola")], [Word("trygghet")]], []),
    ('"Södertörns högskola"', [[Phrase(("Södertörns", "högskola"))]], []),
    ('"Södertörns högskola', [[Phrase(("Södertörns", "högskola"))]], []),  # unclosed quote
    ("“trygg skola”", [[Phrase(("trygg", "skola"))]], []),  # typographic quotes
    ("skola OR förskola", [[Word("skola"), Word("förskola")]], []),
    ("a OR b OR c d", [[Word("a"), Word("b"), Word("c")], [Word("d")]], []),
    ("OR skola OR", [[Word("skola")]], []),
    ("skola or förskola", [[Word("skola")], [Word("or")], [Word("förskola")]], []),
    ("skola -polis", [[Word("skola")]], [Word("polis")]),
    ('skola -"polisen i Tumba"', [[Word("skola")]], [Phrase(("polisen", "i", "Tumba"))]),
    ("skol*", [[Word("skol", prefix=True)]], []),
    ("e-post", [[Phrase(("e", "post"))]], []),
    ("title:skola (trygg)", [[Phrase(("title", "skola"))], [Word("trygg")]], []),
    ("2024 års budget", [[Word("2024")], [Word("års")], [Word("budget")]], []),
])
def test_parse(text, required, excluded):
    q = parse_query(text)
    assert [list(g.items) for g in q.required] == required
    assert list(q.excluded) == excluded


@pytest.mark.parametrize("text", ["", "  ", "-skola", '""', "OR", "*", "- -", "()", "x" * 1001,
                                  " ".join(["ord"] * 40)])
def test_parse_refuses_with_a_clear_message(text):
    with pytest.raises(QueryError) as err:
        parse_query(text)
    assert err.value.message


@pytest.mark.parametrize("text, fts", [
    ("högskolans", '("högskola" OR ("hög" AND "skola"))'),  # a compound: also its parts
    ("får far", '"får" AND "far"'),  # å stays å; the nouns are their own lemmas
    ("kommunen", '"kommun"'),
    ('"Södertörns högskola"', '{title lead body captions} : "södertörn högskola"'),
    ("skola -polisen", '("skola") NOT "polis"'),  # exclusions are never split
    ("a OR b", '("a" OR "b")'),
    ("högskolan*", '"högskola" *'),  # the lemma's prefix covers the form's
])
def test_fts5_expression(text, fts):
    assert to_fts5(parse_query(text), N) == fts


@pytest.mark.parametrize("text, ts", [
    ("kommunens", "'kommun'"),
    ("högskolans", "('högskola' | ('hög' & 'skola'))"),
    ('"Södertörns högskola"', "('södertörn':ABC <-> 'högskola':ABC)"),
    ("skola -polisen", "('skola') & !'polis'"),
    ("skol*", "'skol':*"),
])
def test_tsquery_expression(text, ts):
    assert to_tsquery(parse_query(text), N) == ts


_PIECES = st.sampled_from([
    "skola", "högskolans", "får", "OR", "AND", "NOT", "NEAR", "-", "*", '"', "'", "(", ")",
    ":", "^", "{", "}", "+", "title:", "-skola", "skol*", '"trygg', "å", "İ", "ß", "\x00",
    "\u0301", "😀", "١٢٣", "e-post", "--", "**", "\\", ";", "%", "_",
])
_QUERIES = st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=12).map(" ".join),
                     st.lists(_PIECES, max_size=12).map("".join))


@pytest.fixture(scope="module")
def fts_conn():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE search_fts USING fts5(title, lead, body, captions, parts, "
                 "tokenize = 'unicode61 remove_diacritics 0')")
    conn.execute("INSERT INTO search_fts VALUES ('skola', 'högskola', 'fåra', '', 'hög skola')")
    return conn


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_QUERIES)
def test_fuzz_parser_never_gives_fts5_an_invalid_expression(fts_conn, text):
    try:
        expr = to_fts5(parse_query(text), N)
    except QueryError:
        return
    fts_conn.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH ?", (expr,)).fetchall()
    assert to_tsquery(parse_query(text), N)


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "c.db"
    with textmine.open_corpus(path) as corpus:
        corpus.upsert_documents([
            Document(id="a", source="x", title="Skolan i Tumba", body="Högskolans nya lokaler."),
            Document(id="b", source="y", title="Får på bete", body="E-post till kommunen."),
            Document(id="c", source="y", title="Biblioteket", body="Öppet på lördagar."),
        ])
    textmine.update_index(path)
    return path


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_QUERIES, st.sampled_from([{}, {"source": "y"}, {"person": "Ingen"}, {"theme": "1"}]))
def test_fuzz_search_end_to_end(small_db, text, filters):
    try:
        results = textmine.search(text, db=small_db, **filters)
    except QueryError as exc:
        assert exc.message
        return
    assert results.total >= len(results.hits)
    assert all(isinstance(h.snippet, str) for h in results.hits)
