"""Export: a folder of output JSON documents (or a JSON Lines file) → the long tables of
tables.py, as CSV, Parquet or JSON Lines files (one per table) or one DuckDB database.

Documents are read one at a time and rows written in batches, so an archive of any size
fits in memory. A file that is not a valid output document is reported and skipped.
"""

from __future__ import annotations

import codecs
import csv
import io
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterator, Optional

import orjson
from pydantic import ValidationError

from .emit import atomic_path, atomic_writer
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
    """Where one format's rows go; rows come in batches per table. Files are opened in the
    export's ExitStack, so a failure part way leaves no file and no temporary behind."""

    def __init__(self, stack: ExitStack, folder: Path, suffix: str) -> None:
        self.stack, self.folder, self.suffix = stack, folder, suffix

    def write(self, table: str, rows: list[dict]) -> None:
        raise NotImplementedError

    def finish(self) -> list[Path]:
        """Complete every file (they appear when the stack closes); an empty table still
        gets its file."""
        for table in TABLES:
            self.write(table, [])
        return [self.folder / f"{table}.{self.suffix}" for table in TABLES]


class _FileSink(_Sink):
    """One file per table, in a folder: CSV (UTF-8 with a BOM, so that Excel reads the
    Vietnamese letters right, header first) or JSON Lines."""

    def __init__(self, stack: ExitStack, folder: Path, suffix: str) -> None:
        super().__init__(stack, folder, suffix)
        self.handles: dict[str, BinaryIO] = {}

    def _handle(self, table: str) -> BinaryIO:
        if table not in self.handles:
            handle = self.stack.enter_context(atomic_writer(self.folder / f"{table}.{self.suffix}"))
            if self.suffix == "csv":
                handle.write(codecs.BOM_UTF8)
                handle.write(_csv_bytes(table, [], header=True))
            self.handles[table] = handle
        return self.handles[table]

    def write(self, table: str, rows: list[dict]) -> None:
        handle = self._handle(table)
        if self.suffix == "jsonl":
            handle.write(b"".join(orjson.dumps(row) + b"\n" for row in rows))
        else:
            handle.write(_csv_bytes(table, rows))


def _csv_bytes(table: str, rows: list[dict], header: bool = False) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=[c.name for c in TABLES[table]])
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def arrow_schema(table: str):
    import pyarrow as pa

    return pa.schema([(c.name, getattr(pa, ARROW_TYPES[c.type])()) for c in TABLES[table]])


def arrow_batch(table: str, rows: list[dict]):
    import pyarrow as pa

    schema = arrow_schema(table)
    return pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()


class _ParquetSink(_Sink):
    def __init__(self, stack: ExitStack, folder: Path) -> None:
        super().__init__(stack, folder, "parquet")
        self.writers = {}

    def write(self, table: str, rows: list[dict]) -> None:
        import pyarrow.parquet as pq

        if table not in self.writers:
            handle = self.stack.enter_context(atomic_writer(self.folder / f"{table}.parquet"))
            self.writers[table] = pq.ParquetWriter(handle, arrow_schema(table))
            self.stack.callback(self.writers[table].close)  # the footer, before the file is closed
        if rows:
            self.writers[table].write_table(arrow_batch(table, rows))



class _DuckDbSink(_Sink):
    """One database file, one table per long table."""

    def __init__(self, stack: ExitStack, path: Path) -> None:
        import duckdb

        super().__init__(stack, path.parent, "duckdb")
        self.path = path
        self.connection = duckdb.connect(str(stack.enter_context(atomic_path(path))))
        stack.callback(self.connection.close)  # runs first: the database is complete before it is renamed
        for table in TABLES:
            self.connection.register("empty_batch", arrow_batch(table, []))
            self.connection.execute(f'CREATE TABLE "{table}" AS SELECT * FROM empty_batch')
            self.connection.unregister("empty_batch")

    def write(self, table: str, rows: list[dict]) -> None:
        if rows:
            self.connection.register("batch", arrow_batch(table, rows))
            self.connection.execute(f'INSERT INTO "{table}" SELECT * FROM batch')
            self.connection.unregister("batch")

    def finish(self) -> list[Path]:
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

    with ExitStack() as stack:
        if fmt == "duckdb":
            sink: _Sink = _DuckDbSink(stack, out)
        else:
            out.mkdir(parents=True, exist_ok=True)
            sink = _ParquetSink(stack, out) if fmt == "parquet" else _FileSink(stack, out, fmt)
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
        result.written = sink.finish()
    return result
