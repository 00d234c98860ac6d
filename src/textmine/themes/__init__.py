"""Collaboration themes: Swedish preprocessing, topic models, coherence, time and org profiles.

>>> from textmine.themes import ThemeModel, ThemeVectorizer, npmi_coherence  # doctest: +SKIP
"""

from __future__ import annotations

from .coherence import cv_coherence, npmi_coherence, topic_diversity, topic_npmi
from .fit import (
    ThemeAssignReport,
    ThemeFitReport,
    ThemeSummary,
    assign_themes,
    fit_themes,
    load_corpus_model,
    read_themes,
)
from .models import ThemeModel, theme_shares
from .persist import load_theme_model, save_theme_model
from .plots import plot_themes
from .preprocess import ThemeInputError, ThemeVectorizer, stop_words
from .profiles import organisation_profiles, themes_over_time
from .seeds import load_seeds

__all__ = [
    "ThemeModel",
    "ThemeVectorizer",
    "ThemeInputError",
    "theme_shares",
    "stop_words",
    "load_seeds",
    "npmi_coherence",
    "cv_coherence",
    "topic_npmi",
    "topic_diversity",
    "fit_themes",
    "assign_themes",
    "read_themes",
    "load_corpus_model",
    "save_theme_model",
    "load_theme_model",
    "themes_over_time",
    "organisation_profiles",
    "plot_themes",
    "ThemeFitReport",
    "ThemeAssignReport",
    "ThemeSummary",
]
