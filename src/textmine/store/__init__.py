"""The corpus store: SQLite by default, with versioned schema and JSONL/CSV import and export."""

from .corpus import Corpus, UpsertReport, open_corpus
from .io import (
    ImportReport,
    LineError,
    document_from_record,
    export_documents,
    import_documents,
    read_documents,
    write_documents,
)
from .schema import LATEST_VERSION

__all__ = [
    "Corpus",
    "UpsertReport",
    "open_corpus",
    "ImportReport",
    "LineError",
    "document_from_record",
    "export_documents",
    "import_documents",
    "read_documents",
    "write_documents",
    "LATEST_VERSION",
]
