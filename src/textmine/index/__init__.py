"""Search: Swedish full-text index with facets over people, organisations and themes."""
