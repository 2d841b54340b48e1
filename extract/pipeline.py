"""The one entry point: a file (or a string) in, a contract `Document` out.

load → segment → extractors → emit. The CLI, the batch runner and tests all call
`extract_file` or `extract_text`; nothing else wires the stages together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .emit import to_document, write_document
from .extractors import run_extractors
from .extractors.metadata import extract_metadata
from .load import FORMATS, LoadError, Text, load, load_text
from .models import Document
from .schema import SchemaError
from .segment import segment


def extract(text: Text, doc_id: str) -> Document:
    outline = segment(text)
    metadata = extract_metadata(text, outline)
    return to_document(doc_id, text, outline, metadata, items=run_extractors(text, outline))


def extract_file(path: str | Path) -> Document:
    path = Path(path)
    return extract(load(path), doc_id=path.stem)


def extract_string(original: str, doc_id: str = "document") -> Document:
    return extract(load_text(original, path=f"<{doc_id}>"), doc_id=doc_id)


def find_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given; folders searched (recursively, sorted) for supported file types."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS)
        else:
            yield path


@dataclass
class BatchResult:
    written: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)


def run_batch(paths: Iterable[str | Path], out_dir: str | Path) -> BatchResult:
    """Extract every input to `<out_dir>/<doc_id>.json`; a bad file is recorded, never fatal."""
    result, owners = BatchResult(), {}
    for path in find_inputs(paths):
        if path.stem in owners:
            result.failed.append((path, f"{path}: same document id as {owners[path.stem]}; not written"))
            continue
        owners[path.stem] = path
        try:
            result.written.append(write_document(extract_file(path), Path(out_dir)))
        except LoadError as error:
            result.failed.append((path, str(error)))
        except SchemaError as error:
            result.failed.append((path, f"{path}: output is not schema-valid: {error}"))
        except Exception as error:  # a bug must cost one file, not the batch
            result.failed.append((path, f"{path}: internal error ({type(error).__name__}: {error})"))
    return result
