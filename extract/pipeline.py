"""The one entry point: a file (or a string) in, a contract `Document` out.

load → segment → extractors → emit. The CLI, the batch runner (`batch.py`) and tests all
call `extract_file` or `extract_string`; nothing else wires the stages together. Each
stage runs under `stages.stage`, so a failure says where it happened.
"""

from __future__ import annotations

from pathlib import Path

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


def extract_file(path: str | Path) -> Document:
    path = Path(path)
    with stage("load"):
        text = load(path)
    return extract(text, doc_id=path.stem)


def extract_string(original: str, doc_id: str = "document") -> Document:
    with stage("load"):
        text = load_text(original, path=f"<{doc_id}>")
    return extract(text, doc_id=doc_id)
