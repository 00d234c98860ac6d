"""textmine: mine Swedish-language news from municipalities, regions and universities.

>>> import textmine
>>> with textmine.open_corpus(":memory:") as corpus:
...     corpus.upsert_document(textmine.Document(id="a", title="Nytt samarbete", body="Text."))
'new'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("textmine")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

from .build import BuildReport, build
from .config import Settings, load_settings
from .dates import parse_date
from .document import Document, Entity, Quote, Role, ThemeWeight
from .errors import (
    FetchError,
    InputError,
    ModelError,
    QueryError,
    StoreError,
    TextmineError,
)
from .store import (
    Corpus,
    export_documents,
    import_documents,
    open_corpus,
    read_documents,
    write_documents,
)

#: Public names whose modules are heavy (spaCy, scikit-learn, network): imported on
#: first use, so that ``import textmine`` stays fast. name -> "module:attribute".
_LAZY: dict[str, str] = {
    "load_pipeline": "textmine.nlp.pipeline:load_pipeline",
    "extract_roles": "textmine.nlp.pipeline:extract_roles",
    "extract_entities": "textmine.nlp.pipeline:extract_entities",
    "extract_quotes": "textmine.nlp.pipeline:extract_quotes",
    "iter_roles": "textmine.nlp.pipeline:iter_roles",
    "lemmatize": "textmine.nlp.lemmas:lemmatize",
    "fit_themes": "textmine.themes.fit:fit_themes",
    "assign_themes": "textmine.themes.fit:assign_themes",
    "read_themes": "textmine.themes.fit:read_themes",
    "ThemeModel": "textmine.themes.models:ThemeModel",
    "ThemeVectorizer": "textmine.themes.preprocess:ThemeVectorizer",
    "npmi_coherence": "textmine.themes.coherence:npmi_coherence",
    "cv_coherence": "textmine.themes.coherence:cv_coherence",
    "topic_diversity": "textmine.themes.coherence:topic_diversity",
    "themes_over_time": "textmine.themes.profiles:themes_over_time",
    "organisation_profiles": "textmine.themes.profiles:organisation_profiles",
    "plot_themes": "textmine.themes.plots:plot_themes",
    "save_theme_model": "textmine.themes.persist:save_theme_model",
    "load_theme_model": "textmine.themes.persist:load_theme_model",
    "scrape": "textmine.scrape.job:scrape",
    "check_source": "textmine.scrape.job:check_source",
    "extract_document": "textmine.scrape.extract:extract_document",
    "extract_html": "textmine.scrape.extract:extract_html",
    "fetch_page": "textmine.scrape.http:fetch_page",
    "link_stories": "textmine.scrape.stories:link_stories",
    "list_sources": "textmine.scrape.sources:list_sources",
    "search": "textmine.index.search:search",
    "SearchResults": "textmine.index.search:SearchResults",
    "update_index": "textmine.index.search:update_index",
    "people": "textmine.index.people:people",
    "roles_of": "textmine.index.people:roles_of",
}


def __getattr__(name: str):
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'textmine' has no attribute {name!r}")
    import importlib

    module, _, attr = target.partition(":")
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "__version__",
    "build",
    "BuildReport",
    "Corpus",
    "Document",
    "Entity",
    "Quote",
    "Role",
    "ThemeWeight",
    "Settings",
    "load_settings",
    "parse_date",
    "open_corpus",
    "import_documents",
    "export_documents",
    "read_documents",
    "write_documents",
    "TextmineError",
    "InputError",
    "StoreError",
    "FetchError",
    "ModelError",
    "QueryError",
] + sorted(_LAZY)
