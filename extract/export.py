"""Export: a folder of output JSON documents (or a JSON Lines file) → the long tables of
tables.py, as CSV, Parquet or JSON Lines files (one per table) or one DuckDB database.

Documents are read one at a time and rows written in batches, so an archive of any size
fits in memory. A file that is not a valid output document is reported and skipped.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

import orjson
from pydantic import ValidationError

from .emit import atomic_writer
from .models import Document
from .tables import TABLES

FORMATS = ("csv", "parquet", "jsonl", "duckdb")
BATCH_ROWS = 5000
ARROW_TYPES = {"string": "string", "int": "int64", "float": "float64", "bool": "bool_"}


class ExportError(ValueError):
    """An input that is not an output document; the message names it."""


@dataclass
class ExportResult:
    documents: int = 0
    rows: dict[str, int] = field(default_factory=lambda: {name: 0 for name in TABLES})
    skipped: list[str] = field(default_factory=list)  # messages
    written: list[Path] = field(default_factory=list)


def read_documents(paths: list[Path], on_error: Callable[[str], None]) -> Iterator[Document]:
    """Output documents from JSON files, folders of them and JSON Lines files, in order."""
    for path in paths:
        if path.is_dir():
            yield from read_documents(sorted(p for p in path.glob("*.json")), on_error)
            continue
        if path.suffix == ".jsonl":
            with open(path, "rb") as handle:
                for number, line in enumerate(handle, start=1):
                    if line.strip():
                        yield from _document(line, f"{path}:{number}", on_error)
            continue
        yield from _document(path.read_bytes(), str(path), on_error)


def _document(raw: bytes, where: str, on_error: Callable[[str], None]) -> Iterator[Document]:
    """The document in `raw`, checked by the models the schema is made from (one check, not two)."""
    try:
        data = orjson.loads(raw)
        if not isinstance(data, dict) or "doc_id" not in data:
            raise ExportError("not a plan-extract output document")
        document = Document.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        place = "/".join(map(str, first["loc"])) or "(top level)"
        on_error(f"{where}: skipped: not a valid output document ({place}: {first['msg']})")
        return
    except (orjson.JSONDecodeError, ExportError) as error:
        on_error(f"{where}: skipped: {error}")
        return
    yield document


class _Sink:
    """Where one format's rows go; rows come in batches per table."""

    def write(self, table: str, rows: list[dict]) -> None:
        raise NotImplementedError

    def close(self) -> list[Path]:
        raise NotImplementedError


class _CsvSink(_Sink):
    def __init__(self, folder: Path, suffix: str) -> None:
        self.folder, self.suffix, self.files, self.writers = folder, suffix, {}, {}

    def _open(self, table: str):
        if table not in self.files:
            context = atomic_writer(self.folder / f"{table}.{self.suffix}")
            self.files[table] = (context, context.__enter__())
        return self.files[table][1]

    def write(self, table: str, rows: list[dict]) -> None:
        handle = self._open(table)
        if self.suffix == "jsonl":
            handle.write(b"".join(orjson.dumps(row) + b"\n" for row in rows))
            return
        if table not in self.writers:
            self.writers[table] = _TextCsv(handle, [c.name for c in TABLES[table]])
        self.writers[table].write(rows)

    def close(self) -> list[Path]:
        for table in TABLES:  # an empty table still gets its file (with the header row)
            self.write(table, [])
        for writer in self.writers.values():
            writer.flush()
        for context, _ in self.files.values():
            context.__exit__(None, None, None)
        return [self.folder / f"{table}.{self.suffix}" for table in TABLES]


class _TextCsv:
    """csv.DictWriter over a binary handle: UTF-8 with a BOM, so that Excel reads the
    Vietnamese letters right; header written first."""

    def __init__(self, handle, names: list[str]) -> None:
        import io

        self.handle = handle
        self.text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=True)
        self.writer = csv.DictWriter(self.text, fieldnames=names)
        self.writer.writeheader()

    def write(self, rows: list[dict]) -> None:
        self.writer.writerows(rows)

    def flush(self) -> None:
        self.text.flush()
        self.text.detach()  # the atomic writer closes the file itself


def arrow_schema(table: str):
    import pyarrow as pa

    return pa.schema([(c.name, getattr(pa, ARROW_TYPES[c.type])()) for c in TABLES[table]])


def arrow_batch(table: str, rows: list[dict]):
    import pyarrow as pa

    schema = arrow_schema(table)
    return pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()


class _ParquetSink(_Sink):
    def __init__(self, folder: Path) -> None:
        self.folder, self.writers = folder, {}

    def write(self, table: str, rows: list[dict]) -> None:
        import pyarrow.parquet as pq

        if table not in self.writers:
            context = atomic_writer(self.folder / f"{table}.parquet")
            handle = context.__enter__()
            self.writers[table] = (context, pq.ParquetWriter(handle, arrow_schema(table)))
        if rows:
            self.writers[table][1].write_table(arrow_batch(table, rows))

    def close(self) -> list[Path]:
        for table in TABLES:
            self.write(table, [])
        for context, writer in self.writers.values():
            writer.close()
            context.__exit__(None, None, None)
        return [self.folder / f"{table}.parquet" for table in TABLES]


class _DuckDbSink(_Sink):
    """One database file, one table per long table; written to a temporary file first."""

    def __init__(self, path: Path) -> None:
        import duckdb

        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.temporary = path.with_name(f".{path.name}.partial")
        self.temporary.unlink(missing_ok=True)
        self.connection = duckdb.connect(str(self.temporary))
        for table in TABLES:
            self.connection.register("empty_batch", arrow_batch(table, []))
            self.connection.execute(f'CREATE TABLE "{table}" AS SELECT * FROM empty_batch')
            self.connection.unregister("empty_batch")

    def write(self, table: str, rows: list[dict]) -> None:
        if rows:
            self.connection.register("batch", arrow_batch(table, rows))
            self.connection.execute(f'INSERT INTO "{table}" SELECT * FROM batch')
            self.connection.unregister("batch")

    def close(self) -> list[Path]:
        self.connection.close()
        self.temporary.replace(self.path)
        return [self.path]


def export(paths: list[Path], out: Path, fmt: str, *, on_error: Optional[Callable[[str], None]] = None) -> ExportResult:
    """Write the long tables of every document under `paths` to `out` (a folder; for
    duckdb, a database file) in format `fmt`."""
    from .tables import rows as document_rows

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    result = ExportResult()

    def skip(message: str) -> None:
        result.skipped.append(message)
        if on_error is not None:
            on_error(message)

    if fmt == "duckdb":
        sink: _Sink = _DuckDbSink(out)
    else:
        out.mkdir(parents=True, exist_ok=True)
        sink = _ParquetSink(out) if fmt == "parquet" else _CsvSink(out, fmt)
    buffers: dict[str, list[dict]] = {name: [] for name in TABLES}
    for document in read_documents(paths, skip):
        result.documents += 1
        for table, row in document_rows(document):
            buffers[table].append(row)
            result.rows[table] += 1
            if len(buffers[table]) >= BATCH_ROWS:
                sink.write(table, buffers[table])
                buffers[table] = []
    for table, rows in buffers.items():
        sink.write(table, rows)
    result.written = sink.close()
    return result
