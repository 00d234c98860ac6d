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
