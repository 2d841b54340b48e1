"""Long tables: every format reads back to the items of the JSON documents."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract.batch import run_batch
from extract.cli import main
from extract.export import export, read_documents
from extract.tables import TABLES, columns_markdown, rows

from .conftest import CORPUS

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("out")
    run_batch([CORPUS], folder)
    return folder


@pytest.fixture(scope="module")
def expected(outputs):
    """The rows of every table, made straight from the JSON documents."""
    tables = {name: [] for name in TABLES}
    for document in read_documents([outputs], pytest.fail):
        for table, row in rows(document):
            tables[table].append(row)
    return tables


def test_the_tables_hold_every_item(expected, outputs):
    documents = [json.loads(p.read_text()) for p in sorted(outputs.glob("*.json"))]
    assert len(expected["documents"]) == 5
    assert len(expected["targets"]) == sum(len(d["targets"]) for d in documents) == 117
    assert len(expected["citation_mentions"]) == sum(len(c["mentions"]) for d in documents for c in d["citations"])
    assert len(expected["assignments"]) == sum(max(1, len(a["tasks"])) for d in documents for a in d["assignments"])
    stunting = [r for r in expected["targets"] if r["indicator_code"] == "nutrition.stunting_u5" and r["province"] == "Sóc Trăng"]
    assert [(r["comparator"], r["value"], r["unit"], r["year"]) for r in stunting] == [("<", 26.0, "%", 2015), ("<", 23.0, "%", 2020)]
    assert all(r["doc_type"] and r["doc_id"] for table in expected.values() for r in table)


def test_parquet_round_trips(outputs, expected, tmp_path):
    import pyarrow.parquet as pq

    result = export([outputs], tmp_path, "parquet")
    assert result.documents == 5 and not result.skipped
    for table, want in expected.items():
        got = pq.read_table(tmp_path / f"{table}.parquet").to_pylist()
        assert got == want, table
        assert pq.read_schema(tmp_path / f"{table}.parquet").names == [c.name for c in TABLES[table]]


def test_csv_and_jsonl_round_trip(outputs, expected, tmp_path):
    export([outputs], tmp_path / "csv", "csv")
    export([outputs], tmp_path / "jsonl", "jsonl")
    for table, want in expected.items():
        with open(tmp_path / "csv" / f"{table}.csv", encoding="utf-8-sig", newline="") as handle:
            got = list(csv.DictReader(handle))
        assert got == [{k: "" if v is None else str(v) for k, v in row.items()} for row in want], table
        lines = (tmp_path / "jsonl" / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(line) for line in lines] == want


README_QUERIES = re.compile(r"```sql\n(.*?)```", re.S)


def test_duckdb_holds_the_tables_and_answers_the_readmes_queries(outputs, expected, tmp_path):
    import duckdb

    export([outputs], tmp_path / "plans.duckdb", "duckdb")
    connection = duckdb.connect(str(tmp_path / "plans.duckdb"), read_only=True)
    for table, want in expected.items():
        assert connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == len(want)
    queries = README_QUERIES.findall(README.read_text(encoding="utf-8"))
    assert len(queries) >= 2
    answers = [connection.execute(query).fetchall() for query in queries]
    connection.close()
    assert ("Sóc Trăng", None, 2020, "<", 23.0) in answers[0]
    assert any(row[0] == "Sở Giáo dục và Đào tạo" for row in answers[1])


def test_a_bad_file_is_reported_and_the_rest_exported(outputs, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in outputs.glob("*.json"):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "other.json").write_text('{"doc_id": "x", "source": 1}', encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(folder), "--format", "jsonl", "-o", str(tmp_path / "t")])
    assert result.exit_code == 0
    assert f"warning: {folder / 'broken.json'}: skipped:" in result.output
    assert f"warning: {folder / 'other.json'}: skipped:" in result.output
    assert "5 documents → 5 documents, 186 sections, 117 targets" in result.output


def test_the_readme_lists_every_column():
    assert columns_markdown() in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl", "duckdb"])
def test_an_export_that_fails_part_way_leaves_no_file_behind(outputs, tmp_path, monkeypatch, fmt):
    import extract.tables

    done = []

    def failing_rows(document):
        if done:  # the second document: some rows of every table are already written
            raise RuntimeError("disk full")
        done.append(document.doc_id)
        yield from rows(document)

    monkeypatch.setattr(extract.export, "BATCH_ROWS", 1)
    monkeypatch.setattr(extract.tables, "rows", failing_rows)
    out = tmp_path / ("plans.duckdb" if fmt == "duckdb" else "tables")
    with pytest.raises(RuntimeError, match="disk full"):
        export([outputs], out, fmt)
    assert done
    left = [p.name for p in tmp_path.rglob("*")]
    assert left == (["tables"] if fmt != "duckdb" else [])
