"""Collecting news: fetching politely, discovering articles, extracting them into Documents."""
