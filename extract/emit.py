"""Emit: clean-text items → the contract's `Document`, spans mapped to the original text,
checked against the JSON Schema and written atomically."""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

import orjson
from pydantic import BaseModel

from .load import Text
from .models import Document, Metadata, Section, Source
from .readers import READERS
from .schema import validate
from .segment import Outline

TEMPORARY_SUFFIX = ".partial"


def _move_section(section: Section, text: Text) -> None:
    fields = section.__dict__
    fields["span"] = text.to_original(*fields["span"])
    fields["heading_span"] = text.to_original(*fields["heading_span"])
    if fields["title_span"]:
        fields["title_span"] = text.to_original(*fields["title_span"])
    for child in fields["children"]:
        _move_section(child, text)


def _move_item(item: BaseModel, text: Text) -> None:
    fields = item.__dict__  # not getattr(item, name, None): a missing name costs pydantic's slow __getattr__
    if fields.get("span") is not None:
        fields["span"] = text.to_original(*fields["span"])
    for mention in fields.get("mentions", ()):
        mention.__dict__["span"] = text.to_original(*mention.span)


def to_document(doc_id: str, text: Text, outline: Outline, metadata: Metadata, items: dict[str, list]) -> Document:
    """The document made of the outline's sections and the items themselves, their spans
    moved from the clean text to the original in place.

    In place, not copied: a model_copy costs 4 us, more than mapping its spans, and a bulk
    document has hundreds of sections. So what is handed in belongs to the document from
    then on, and each object must appear once in it (or it would be moved twice). Fields are
    written to __dict__, as pydantic's __setattr__ does when, as here, no field validates on
    assignment, at a fifth of the cost.
    """
    for section in outline.sections:
        _move_section(section, text)
    for found in items.values():
        for item in found:
            _move_item(item, text)
    return Document(
        doc_id=doc_id,
        source=Source(path=text.path, sha256=text.sha256, chars=len(text.original), format=text.format,
                      encoding=text.encoding, text=text.original if text.converted or text.format in READERS else None),
        metadata=metadata,
        sections=outline.sections,
        warnings=[*text.warnings, *outline.warnings],
        **items,
    )


def checked_data(document: Document) -> dict:
    """The document as JSON data, checked against the schema (SchemaError when it is not valid)."""
    data = document.model_dump(mode="json")
    validate(data)
    return data


def to_json(data: dict, *, indent: bool = True) -> bytes:
    """UTF-8 JSON with a final newline; without `indent`, one line (for JSON Lines).

    orjson writes the same bytes as `json.dumps(ensure_ascii=False, indent=2)`, ten times
    faster.
    """
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else 0) + b"\n"


def document_json(document: Document, *, indent: bool = True) -> bytes:
    return to_json(checked_data(document), indent=indent)


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file that appears at `path` complete or not at all.

    It is written as a hidden temporary file beside `path` and renamed over it on success;
    on any failure, an interrupt included, the temporary file is removed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # Named before the file exists, so that a stop signal arriving just as it is created
    # (a batch stops its workers with SIGTERM) still finds it to remove.
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}{TEMPORARY_SUFFIX}")
    try:
        with open(tmp, "xb") as handle:  # "x": never another writer's file
            yield handle
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, for a writer that opens its file by name (DuckDB):
    renamed over `path` on success, removed (with what the writer kept beside it) on failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TEMPORARY_SUFFIX}")
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        for leftover in (tmp, tmp.with_name(f"{tmp.name}.wal")):  # the file, and DuckDB's write-ahead log
            leftover.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, content: bytes) -> None:
    with atomic_writer(path) as handle:
        handle.write(content)


def remove_stale_temporaries(folder: Path, name: str = "*") -> int:
    """Delete the temporary files of `name` (default: any) that a killed run (SIGKILL, a
    power cut) left in `folder`."""
    stale = list(Path(folder).glob(f".{name}.*{TEMPORARY_SUFFIX}")) if Path(folder).is_dir() else []
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def output_path(folder: Path, doc_id: str) -> Path:
    return Path(folder) / f"{doc_id}.json"


def write_document(document: Document, folder: Path) -> Path:
    path = output_path(folder, document.doc_id)
    write_atomic(path, document_json(document))
    return path
