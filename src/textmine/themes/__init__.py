"""Collaboration themes: Swedish preprocessing, topic models, coherence, time and org profiles."""
