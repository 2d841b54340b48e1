"""The one entry point: a file (or a string) in, a contract `Document` out.

load → segment → extractors → emit. The CLI, the batch runner (`batch.py`) and tests all
call `extract_file` or `extract_string`; nothing else wires the stages together. Each
stage runs under `stages.stage`, so a failure says where it happened.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Optional

import regex

from .emit import to_document
from .extractors import run_extractors
from .extractors.metadata import extract_metadata
from .load import Text, load, load_text
from .models import Document
from .segment import segment
from .stages import stage


def extract(text: Text, doc_id: str) -> Document:
    with stage("segment"):
        outline = segment(text)
    with stage("metadata"):
        metadata = extract_metadata(text, outline)
    items = run_extractors(text, outline)
    with stage("emit"):
        return to_document(doc_id, text, outline, metadata, items=items)


# Characters a document id (and so an output file name) may not hold: path separators,
# control characters, and what Windows forbids in names.
UNSAFE_IN_ID = regex.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def doc_id_for(path: str | Path) -> str:
    """The document id of an input: its file name without the extension, made safe as a file
    name, so that no input name can put an output outside the output folder or hide it."""
    doc_id = UNSAFE_IN_ID.sub("_", unicodedata.normalize("NFC", Path(path).stem)).strip().lstrip(".")
    return doc_id or "document"


def extract_file(path: str | Path, *, max_bytes: Optional[int] = None) -> Document:
    with stage("load"):
        text = load(path, max_bytes=max_bytes)
    return extract(text, doc_id=doc_id_for(path))


def extract_string(original: str, doc_id: str = "document") -> Document:
    with stage("load"):
        text = load_text(original, path=f"<{doc_id}>")
    return extract(text, doc_id=doc_id)
