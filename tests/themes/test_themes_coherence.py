"""Coherence against values computed by hand on tiny corpora."""

from __future__ import annotations

import math

import pytest

from textmine import cv_coherence, npmi_coherence, topic_diversity
from textmine.themes.coherence import count_cooccurrences, topic_npmi

# Four documents, each one window when window=None:
#   d1 = a b   d2 = a b c   d3 = a c   d4 = d
# N = 4 windows. P(a) = 3/4, P(b) = 2/4, P(c) = 2/4, P(d) = 1/4.
# P(a,b) = 2/4: NPMI(a,b) = ln(0.5 / (0.75 * 0.5)) / -ln(0.5) = ln(4/3) / ln 2 = 0.415037
# P(a,c) = 2/4: NPMI(a,c) = 0.415037 (same counts)
# P(b,c) = 1/4: NPMI(b,c) = ln(0.25 / (0.5 * 0.5)) / -ln(0.25) = 0 / 1.386 = 0
# P(b,d) = 0:   NPMI(b,d) = -1 by definition (never together)
DOCS = [["a", "b"], ["a", "b", "c"], ["a", "c"], ["d"]]
NPMI_AB = math.log(4 / 3) / math.log(2)


@pytest.mark.parametrize(
    "topic, expected",
    [
        (["a", "b"], NPMI_AB),
        (["a", "c"], NPMI_AB),
        (["b", "c"], 0.0),
        (["b", "d"], -1.0),
        # mean of the three pairs (a,b), (a,c), (b,c)
        (["a", "b", "c"], (NPMI_AB + NPMI_AB + 0.0) / 3),
    ],
)
def test_npmi_document_windows_by_hand(topic, expected):
    assert npmi_coherence([topic], DOCS, window=None) == pytest.approx(expected, abs=1e-9)


def test_model_npmi_is_the_mean_over_topics():
    value = npmi_coherence([["a", "b"], ["b", "d"]], DOCS, window=None)
    assert value == pytest.approx((NPMI_AB - 1.0) / 2, abs=1e-9)


@pytest.mark.parametrize(
    "window, expected",
    [
        # "a x b y" with window 2: windows [a x] [x b] [b y]; N = 3, a in 1, b in 2,
        # never together: NPMI = -1
        (2, -1.0),
        # window 3: [a x b] [x b y]; N = 2, P(a) = 1/2, P(b) = 1, P(a,b) = 1/2:
        # ln(0.5 / (0.5 * 1)) / -ln(0.5) = 0
        (3, 0.0),
        # window 4 = the whole document: one window holding both, P = 1: NPMI = 1
        (4, 1.0),
        # a document shorter than the window is one window
        (10, 1.0),
    ],
)
def test_npmi_sliding_window_by_hand(window, expected):
    texts = [["a", "x", "b", "y"]]
    assert npmi_coherence([["a", "b"]], texts, window=window) == pytest.approx(expected, abs=1e-9)


def test_windows_are_counted_per_document_and_not_across_documents():
    # "a" ends d1 and "b" starts d2: adjacent in a concatenation, never in one window
    counts = count_cooccurrences(["a", "b"], [["x", "a"], ["b", "x"]], window=2)
    assert counts.windows == 2
    assert counts.joint[0, 1] == 0
    # a word twice in one window counts once for that window
    counts = count_cooccurrences(["a"], [["a", "a", "a"]], window=3)
    assert counts.single.tolist() == [1] and counts.windows == 1


def test_gensim_mode_skips_documents_without_topic_words_and_smooths():
    texts = [["a", "b"], ["z"], ["z"], ["a"]]
    # exact: N = 4 windows, P(a) = 2/4, P(b) = 1/4, P(a,b) = 1/4:
    #   ln(0.25 / 0.125) / -ln(0.25) = ln 2 / ln 4 = 0.5
    assert npmi_coherence([["a", "b"]], texts, window=None) == pytest.approx(0.5)
    # gensim: the two "z" documents hold no topic word and are not counted; N = 2,
    # P(a) = 1, P(b) = 1/2, P(a,b) = 1/2: ln(0.5 / 0.5) / -ln 0.5 = 0 (up to 1e-12)
    assert npmi_coherence([["a", "b"]], texts, window=None, mode="gensim") == pytest.approx(
        0.0, abs=1e-9)


def test_cv_by_hand():
    # NPMI matrix of [a, b] with NPMI(w, w) = 1: [[1, v], [v, 1]], v = NPMI(a,b);
    # the topic vector is the column sum [1 + v, 1 + v]; cosine of [1, v] with it:
    #   (1 + v) / (sqrt(1 + v^2) * sqrt(2)) = 1.415037 / (1.082708 * 1.414214) = 0.924148
    v = NPMI_AB
    expected = (1 + v) / (math.sqrt(1 + v * v) * math.sqrt(2))
    assert expected == pytest.approx(0.924148, abs=1e-6)
    assert cv_coherence([["a", "b"]], DOCS, window=None) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    "topics, top_n, expected",
    [
        ([["a", "b"], ["c", "d"]], 25, 1.0),
        ([["a", "b"], ["a", "b"]], 25, 0.5),
        ([["a", "b", "x"], ["a", "c", "y"]], 2, 0.75),  # only the top 2 of each count
    ],
)
def test_topic_diversity(topics, top_n, expected):
    assert topic_diversity(topics, top_n=top_n) == pytest.approx(expected)


def test_unknown_words_and_bad_arguments():
    assert math.isnan(topic_npmi([["nowhere", "none"]], DOCS, window=None)[0])
    with pytest.raises(ValueError):
        npmi_coherence([["a", "b"]], DOCS, mode="nope")
    with pytest.raises(ValueError):
        npmi_coherence([["a", "b"]], DOCS, window=0)


def test_swedish_words_survive():
    texts = [["förskola", "pedagog"], ["förskola", "pedagog"], ["äldreomsorg"]]
    assert npmi_coherence([["förskola", "pedagog"]], texts, window=None) == pytest.approx(1.0)
