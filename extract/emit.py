"""Emit: clean-text items → the contract's `Document`, spans mapped to the original text,
checked against the JSON Schema and written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import orjson
from pydantic import BaseModel

from .load import Text
from .models import Document, Metadata, Section, Source
from .schema import validate
from .segment import Outline


def _map_section(section: Section, text: Text) -> Section:
    return section.model_copy(
        update={
            "span": text.to_original(*section.span),
            "heading_span": text.to_original(*section.heading_span),
            "title_span": text.to_original(*section.title_span) if section.title_span else None,
            "children": [_map_section(child, text) for child in section.children],
        }
    )


def map_item(item: BaseModel, text: Text) -> BaseModel:
    """An extracted item with its clean-text spans (own and mentions') moved to the original."""
    update = {}
    if getattr(item, "span", None) is not None:
        update["span"] = text.to_original(*item.span)
    if getattr(item, "mentions", None):
        update["mentions"] = [m.model_copy(update={"span": text.to_original(*m.span)}) for m in item.mentions]
    return item.model_copy(update=update)


def to_document(doc_id: str, text: Text, outline: Outline, metadata: Metadata, items: dict[str, list]) -> Document:
    return Document(
        doc_id=doc_id,
        source=Source(path=text.path, sha256=text.sha256, chars=len(text.original), format=text.format),
        metadata=metadata,
        sections=[_map_section(s, text) for s in outline.sections],
        warnings=list(outline.warnings),
        **{name: [map_item(item, text) for item in found] for name, found in items.items()},
    )


def document_json(document: Document, *, indent: bool = True) -> bytes:
    """The document as schema-checked UTF-8 JSON (raises SchemaError when it is not valid).

    orjson writes the same bytes as `json.dumps(ensure_ascii=False, indent=2)`, ten times
    faster; without `indent` it is one line, for JSON Lines.
    """
    data = document.model_dump(mode="json")
    validate(data)
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else 0) + b"\n"


def write_atomic(path: Path, content: bytes) -> None:
    """Write through a temporary file and a rename, so no reader sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_document(document: Document, folder: Path) -> Path:
    path = Path(folder) / f"{document.doc_id}.json"
    write_atomic(path, document_json(document))
    return path
