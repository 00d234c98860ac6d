"""Search: Swedish full-text index with facets over people, organisations and themes.

>>> import textmine
>>> results = textmine.search("trygghet skola", db="corpus.db", since="2023")  # doctest: +SKIP

Modules: ``normalise`` (the one Swedish normaliser of index and queries), ``query``
(the query language), ``sqlite`` and ``postgres`` (backends), ``facets`` (filters and
facet counts for both), ``snippets``, ``people`` (people questions), ``search`` (the
public functions) and ``stage`` (the ``index`` stage of ``textmine build``).
"""

from .people import RoleRecord, RoleSource, people, roles_of
from .search import Hit, SearchResults, search, update_index

__all__ = ["search", "update_index", "SearchResults", "Hit", "people", "roles_of", "RoleRecord",
           "RoleSource"]
