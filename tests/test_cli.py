"""The command line: `run`, `schema`, `outline`, and how they fail on bad input."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from extract.cli import main
from extract.schema import document_schema, validate

from .conftest import CORPUS, SEEDS


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_run_writes_one_valid_json_per_seed(tmp_path):
    result = invoke("run", CORPUS, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    written = sorted(p.stem for p in tmp_path.glob("*.json"))
    assert written == SEEDS
    for path in tmp_path.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        validate(data)
        assert data["doc_id"] == path.stem and data["source"]["format"] == "txt"


def test_a_bad_file_in_a_batch_is_reported_and_the_rest_is_written(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(CORPUS / f"{SEEDS[0]}.txt", inputs / "a_first.txt")
    (inputs / "b_binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (inputs / "c_empty.md").write_bytes(b"")
    shutil.copy(CORPUS / f"{SEEDS[1]}.txt", inputs / "d_last.txt")
    out = tmp_path / "out"
    result = invoke("run", inputs, "-o", out)
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["a_first.json", "d_last.json", "errors.jsonl"]
    assert f"{inputs / 'b_binary.txt'}: looks binary" in result.output
    assert f"{inputs / 'c_empty.md'}: is empty" in result.output
    assert "2 written" in result.output and "2 failed" in result.output


def test_run_refuses_an_unsupported_file(tmp_path):
    bad = tmp_path / "plan.pdfx"
    bad.write_text("KẾ HOẠCH", encoding="utf-8")
    result = invoke("run", bad, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "unsupported file type .pdfx" in result.output


def test_schema_prints_the_document_schema():
    result = invoke("schema")
    assert result.exit_code == 0
    assert json.loads(result.output) == json.loads(json.dumps(document_schema()))


def test_outline_prints_an_indented_tree():
    result = invoke("outline", CORPUS / "000_46efe9ef18f66514.txt")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "I. Mục tiêu  [objectives]"
    assert "        4.1. Chăm sóc trẻ em có hoàn cảnh đặc biệt" in lines
    assert "    9. Đài Phát thanh và Truyền hình tỉnh, Báo Tuyên Quang" in lines


def test_outline_shows_warnings():
    result = invoke("outline", CORPUS / "002_33652b52775a5c36.txt")
    assert "warning: section III repeated at the top level" in result.output


def test_outline_of_a_bad_file_fails_clearly(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    result = invoke("outline", bad)
    assert result.exit_code != 0
    assert str(bad) in result.output
