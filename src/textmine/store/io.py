"""Reading documents from JSONL and CSV files, writing them back with what is attached.

``read_documents`` and ``write_documents`` are a pair: what one writes the other
reads back into equal documents.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from ..dates import parse_date
from ..document import Document
from ..errors import InputError
from .corpus import Corpus, UpsertReport

__all__ = [
    "ImportReport",
    "LineError",
    "document_from_record",
    "read_documents",
    "import_documents",
    "write_documents",
    "export_documents",
]

Format = Literal["jsonl", "csv"]

#: Fields that are derived by textmine and recomputed, never taken from input.
_DERIVED = {"content_hash", "canonical_url", "entities", "roles", "quotes", "themes"}
_LIST_FIELDS = ("captions", "categories")
_TEXT_FIELDS = ("title", "lead", "byline", "source", "language", "url", "fetched_at")


@dataclass(frozen=True)
class LineError:
    """A record that could not be read: its line number in the file and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportReport:
    read: int = 0
    upserts: UpsertReport = field(default_factory=UpsertReport)
    errors: list[LineError] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.errors)


def _as_list(value: Any, name: str) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                return [text]
        else:
            sep = "\n" if name == "captions" else (";" if ";" in text else ",")
            return [p.strip() for p in text.split(sep) if p.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v for v in value if v.strip()]
    raise ValueError(f"field {name!r} must be a string or a list of strings")


def document_from_record(record: Mapping[str, Any], *, source: str | None = None) -> Document:
    """A Document from one input record (a JSON object or a CSV row).

    Accepts ``id`` or ``url``; ``text`` or ``body``; optional ``title``,
    ``published``, ``updated``, ``source``, ``lead``, ``captions``, ``byline``,
    ``categories``, ``language``. Unknown fields go to ``metadata``. Raises
    ``ValueError`` with a plain message for a record that cannot be a document.
    """
    if not isinstance(record, Mapping):
        raise ValueError(f"expected an object, got {type(record).__name__}")
    rec = {str(k).strip(): v for k, v in record.items() if k is not None}
    doc_id = rec.get("id")
    url = rec.get("url") or None
    if doc_id is not None and not isinstance(doc_id, (str, int)):
        raise ValueError("field 'id' must be a string or a number")
    doc_id = str(doc_id).strip() if doc_id not in (None, "") else None
    if not doc_id and not url:
        raise ValueError("a record needs an 'id' or a 'url'")
    body = rec.get("body")
    if body in (None, ""):
        body = rec.get("text")
    if body is None:
        body = ""
    for name in ("body", "title", "lead"):
        value = body if name == "body" else rec.get(name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"field {name!r} must be a string")
    if not body.strip() and not (rec.get("title") or "").strip() and not (rec.get("lead") or "").strip():
        raise ValueError("the record has no text (fields 'text' or 'body', 'title', 'lead')")
    values: dict[str, Any] = {"id": doc_id, "body": body}
    for name in _TEXT_FIELDS:
        value = rec.get(name)
        if value not in (None, ""):
            if not isinstance(value, str):
                raise ValueError(f"field {name!r} must be a string")
            values[name] = value
    for name in _LIST_FIELDS:
        values[name] = _as_list(rec.get(name), name)
    for name in ("published", "updated"):
        raw = rec.get(name)
        if raw not in (None, ""):
            parsed = parse_date(str(raw))
            if parsed is None:
                raise ValueError(f"field {name!r}: cannot read {str(raw)[:40]!r} as a date")
            values[name] = parsed
    if source and "source" not in values:
        values["source"] = source
    known = set(Document.field_names()) | {"text"} | _DERIVED
    metadata = rec.get("metadata") or {}
    if isinstance(metadata, str) and metadata.strip().startswith("{"):
        try:
            metadata = json.loads(metadata)
        except json.JSONDecodeError:
            metadata = {"metadata": metadata}
    metadata = dict(metadata) if isinstance(metadata, Mapping) else {"metadata": metadata}
    metadata.update({k: v for k, v in rec.items() if k not in known and v not in (None, "")})
    values["metadata"] = metadata
    return Document(**values)


def _detect_format(path: str, format: str | None) -> Format:
    if format:
        if format not in ("jsonl", "csv"):
            raise InputError(f"unknown format {format!r}: use jsonl or csv")
        return format  # type: ignore[return-value]
    suffixes = Path(path).suffixes
    if ".csv" in suffixes or ".tsv" in suffixes:
        return "csv"
    return "jsonl"


def _open_binary(path: str | Path) -> IO[bytes]:
    if str(path) == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None


def _iter_jsonl(fh: IO[bytes], source: str | None) -> Iterator[Document | LineError]:
    for number, raw in enumerate(fh, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield LineError(number, f"not UTF-8 text (byte {exc.start})")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield LineError(number, f"not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        try:
            yield document_from_record(record, source=source)
        except ValueError as exc:
            yield LineError(number, str(exc))


def _iter_csv(fh: IO[bytes], source: str | None, delimiter: str) -> Iterator[Document | LineError]:
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="strict", newline="")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read the CSV header: {exc}") from None
    header = [h.strip() for h in header]
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            yield LineError(line, f"not UTF-8 text ({exc.reason})")
            return  # the decoder cannot resynchronise; what was read is kept
        except csv.Error as exc:
            yield LineError(line, f"broken CSV: {exc}")
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield LineError(line, f"{len(row)} columns where the header has {len(header)}")
            continue
        try:
            yield document_from_record(dict(zip(header, row)), source=source)
        except ValueError as exc:
            yield LineError(line, str(exc))


def read_documents(
    path: str | Path, *, format: str | None = None, source: str | None = None
) -> Iterator[Document | LineError]:
    """Read documents from a JSONL or CSV file (``-`` for standard input).

    Yields a :class:`Document` for every good record and a :class:`LineError` for
    every record that cannot be read, so a caller can report and go on.
    """
    fmt = _detect_format(str(path), format)
    fh = _open_binary(path)
    try:
        if fmt == "csv":
            delimiter = "\t" if str(path).endswith(".tsv") else ","
            yield from _iter_csv(fh, source, delimiter)
        else:
            yield from _iter_jsonl(fh, source)
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def import_documents(
    corpus: Corpus,
    path: str | Path,
    *,
    format: str | None = None,
    source: str | None = None,
    batch_size: int = 200,
    progress: Any = None,
) -> ImportReport:
    """Store every readable record of ``path`` in ``corpus``; report the others.

    Good records are committed in batches, so an interrupted import keeps what it
    committed and a rerun picks up the rest without duplicates.
    """
    report = ImportReport()

    def good() -> Iterator[Document]:
        for item in read_documents(path, format=format, source=source):
            report.read += 1
            if progress is not None:
                progress(1)
            if isinstance(item, LineError):
                report.errors.append(item)
            else:
                yield item

    report.upserts = corpus.upsert_documents(good(), batch_size=batch_size)
    return report


def _export_record(corpus: Corpus, doc: Document) -> dict[str, Any]:
    record = doc.to_dict()
    record["entities"] = [
        {"text": e.text, "label": e.label, "start": e.start, "end": e.end}
        for e in corpus.get_entities(doc.id)
    ]
    record["roles"] = [r.to_dict() for r in corpus.get_roles(doc.id)]
    record["quotes"] = [q.to_dict() for q in corpus.get_quotes(doc.id)]
    record["themes"] = [t.to_dict() for t in corpus.get_themes(doc.id)]
    return record


def write_documents(records: Iterable[Mapping[str, Any]], out: IO[str], *, format: Format = "jsonl") -> int:
    """Write records as JSONL or CSV (nested values as JSON); returns how many."""
    count = 0
    if format == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count
    if format != "csv":
        raise InputError(f"unknown format {format!r}: use jsonl or csv")
    writer: csv.DictWriter[str] | None = None
    for record in records:
        row = {
            k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
            for k, v in record.items()
        }
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\n")
            writer.writeheader()
        writer.writerow(row)
        count += 1
    return count


def export_documents(
    corpus: Corpus,
    out: IO[str],
    *,
    format: Format = "jsonl",
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> int:
    """Write every (filtered) document with its entities, roles, quotes and themes."""
    docs = corpus.iter_documents(source=source, since=since, until=until)
    return write_documents((_export_record(corpus, d) for d in docs), out, format=format)
