"""Commands of the nlp area: ``roles``, ``entities``, ``train-ner``.

Each is a thin wrapper over a library function: :func:`textmine.nlp.pipeline.load_pipeline`
with ``doc._.roles`` / :func:`textmine.nlp.pipeline.doc_entities`, and
:func:`textmine.nlp.training.train_ner`.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, ModelError
from .common import print_table, say, settings_from

_ROLE_COLUMNS = ["id", "person", "title", "org", "party", "title_surface", "org_surface",
                 "start", "end", "sentence"]
_ENTITY_COLUMNS = ["id", "text", "label", "start", "end"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add this area's commands to the parser."""
    for name, help_, what in (
        ("roles", "find who holds which title at which organisation in Swedish text", "roles"),
        ("entities", "find named entities (PER, ORG, LOC, MISC) in Swedish text", "entities"),
    ):
        p = sub.add_parser(name, help=help_, description=help_ + ".")
        p.add_argument("input", nargs="?", default="-", metavar="FILE",
                       help="a plain-text file, or JSONL with one document a line; - (default) "
                            "reads standard input")
        p.add_argument("--id-field", metavar="NAME",
                       help="JSONL input: the field holding each document's id (default: id)")
        p.add_argument("--text-field", metavar="NAME",
                       help="JSONL input: the field holding the text (default: text, or the "
                            "title, lead, body and captions of a textmine document)")
        p.add_argument("--format", choices=["table", "json", "jsonl", "csv"],
                       help="output format (default: a table on a terminal, else jsonl)")
        p.add_argument("--model", metavar="NAME_OR_PATH",
                       help="a Swedish spaCy pipeline (name or directory); default: textmine's "
                            "own NER model; 'blank' for the lexicons alone")
        p.set_defaults(func=_run_roles if what == "roles" else _run_entities)

    p = sub.add_parser("train-ner", help="train textmine's Swedish NER model",
                       description="Train the Swedish NER pipeline (PER, ORG, LOC, MISC) on a "
                                   "corpus in the Swedish NER corpus format.")
    p.add_argument("train", metavar="TRAIN", help="the training corpus file")
    p.add_argument("output", metavar="OUTPUT_DIR", help="where the trained pipeline is written")
    p.add_argument("--dev", metavar="FILE", help="a dev corpus (default: hold out part of TRAIN)")
    p.add_argument("--config", dest="ner_config", metavar="CFG",
                   help="a spaCy training config (default: the committed configs/ner.cfg)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--no-augment", action="store_true",
                   help="train on the corpus alone, without lexicon augmentation")
    p.add_argument("--lexicon-dir", metavar="DIR",
                   help="the raw lexicons used for augmentation (default ../shared/data/lexicons)")
    p.set_defaults(func=_run_train)


def _read_inputs(path: str, id_field: str | None, text_field: str | None
                 ) -> Iterator[tuple[str, str]]:
    """(id, text) pairs: JSONL when the file looks like it (or a field is named), else
    the whole input as one plain text."""
    try:
        if path == "-":
            raw = sys.stdin.buffer.read()
            name = "stdin"
        else:
            raw = Path(path).read_bytes()
            name = Path(path).name
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    if b"\x00" in raw[:4096]:
        raise InputError(f"{name} looks like a binary file, not text",
                         hint="give UTF-8 plain text or JSONL")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name} is not UTF-8 text (byte {exc.start})",
                         hint="convert it to UTF-8, e.g. iconv -f latin1 -t utf-8") from exc
    first = text.lstrip()[:1]
    is_jsonl = (first == "{") or id_field is not None or text_field is not None \
        or name.endswith((".jsonl", ".ndjson"))
    if not is_jsonl:
        yield (Path(name).stem if path != "-" else "stdin", text)
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name} line {n}: not JSON ({exc.msg})",
                             hint="JSONL needs one JSON object a line") from exc
        if not isinstance(record, dict):
            raise InputError(f"{name} line {n}: expected a JSON object")
        doc_id = record.get(id_field or "id", n)
        if text_field:
            if text_field not in record:
                raise InputError(f"{name} line {n}: no field {text_field!r}",
                                 hint=f"fields are {', '.join(sorted(record))}")
            body = record[text_field]
        elif "text" in record:
            body = record["text"]
        else:
            parts = [record.get("title"), record.get("lead"), record.get("body"),
                     *(record.get("captions") or [])]
            body = "\n\n".join(str(p).strip() for p in parts if p)
        yield (str(doc_id), "" if body is None else str(body))


def _pipeline(args: argparse.Namespace):
    from ..nlp.pipeline import load_pipeline

    model = args.model
    if model is None:
        model = settings_from(args).get("nlp", "model", None) or None
    return load_pipeline(model)


def _analyse(args: argparse.Namespace) -> Iterator[tuple[str, Any]]:
    from ..nlp.pipeline import MAX_CHARS

    nlp = _pipeline(args)
    items = _read_inputs(args.input, args.id_field, args.text_field)
    for doc_id, text in items:
        if len(text) > MAX_CHARS:
            raise InputError(f"document {doc_id} has {len(text):,} characters, more than "
                             f"{MAX_CHARS:,}", hint="split it into smaller documents")
        yield doc_id, nlp(text.replace("\x00", " "))


def _emit(records: list[tuple[str, list[dict[str, Any]]]], key: str, columns: list[str],
          fmt: str | None) -> None:
    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    out = sys.stdout
    if fmt == "jsonl":
        for doc_id, items in records:
            out.write(json.dumps({"id": doc_id, key: items}, ensure_ascii=False) + "\n")
    elif fmt == "json":
        json.dump([{"id": d, key: items} for d, items in records], out, ensure_ascii=False,
                  indent=2)
        out.write("\n")
    else:
        rows = [{"id": d, **item} for d, items in records for item in items]
        if fmt == "csv":
            writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        else:
            shown = [c for c in columns if c not in ("sentence", "start", "end")] \
                if key == "roles" else columns
            print_table(rows, shown, out=out)


def _run_roles(args: argparse.Namespace) -> int:
    records = [(doc_id, [r.to_dict() for r in doc._.roles]) for doc_id, doc in _analyse(args)]
    _emit(records, "roles", _ROLE_COLUMNS, args.format)
    return 0


def _run_entities(args: argparse.Namespace) -> int:
    from ..nlp.pipeline import doc_entities

    records = [(doc_id, [{"text": e.text, "label": e.label, "start": e.start, "end": e.end}
                         for e in doc_entities(doc)]) for doc_id, doc in _analyse(args)]
    _emit(records, "entities", _ENTITY_COLUMNS, args.format)
    return 0


def _run_train(args: argparse.Namespace) -> int:
    try:
        from ..nlp.training import train_ner
    except ImportError as exc:  # pragma: no cover - the training module ships with textmine
        raise ModelError(f"training is not available: {exc}") from exc
    if not Path(args.train).is_file():
        raise InputError(f"no training corpus at {args.train}")
    kwargs: dict[str, Any] = {"seed": args.seed, "augment": not args.no_augment}
    if args.ner_config:
        kwargs["config"] = args.ner_config
    if args.lexicon_dir:
        kwargs["lexicon_dir"] = args.lexicon_dir
    try:
        out = train_ner(args.train, args.dev, args.output, **kwargs)
    except (FileNotFoundError, ValueError) as exc:
        raise InputError(str(exc)) from exc
    say(f"textmine: model written to {out}")
    return 0
