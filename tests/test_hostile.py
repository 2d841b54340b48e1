"""Hostile input: every class gives a clear error naming the file, the rest of the batch is
written, and no input name can put an output outside the output folder."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import zipfile

import pytest
import regex
from click.testing import CliRunner

from extract.batch import run_batch, time_limit, FileTimeout
from extract.cli import main
from extract.extractors import Registered
from extract.load import LoadError, load
from extract.pipeline import doc_id_for, extract_file, extract_string
from extract.schema import validate

from .conftest import CORPUS, SEEDS
from .test_readers import make_docx, make_pdf, seed_lines


@pytest.fixture
def hostile(tmp_path):
    """One good plan among one file of every hostile class."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / f"{SEEDS[0]}.txt", folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.md").write_bytes(bytes(range(256)) * 64)
    docx = make_docx(tmp_path / "whole.docx", seed_lines()[:30]).read_bytes()
    (folder / "cut_docx.docx").write_bytes(docx[: len(docx) // 3])
    pdf = make_pdf(tmp_path / "whole.pdf", seed_lines()[:30]).read_bytes()
    (folder / "cut_pdf.pdf").write_bytes(pdf[: len(pdf) // 2])
    with zipfile.ZipFile(folder / "bomb.docx", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as member:
            for _ in range(60):
                member.write(b"\0" * 1_000_000)
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(200_000_000)  # 200 MB (sparse: nothing is written, the size is what counts)
    return folder


EXPECTED = {
    "empty.txt": "is empty",
    "binary.md": "looks binary (NUL bytes), not a text file",
    "cut_docx.docx": "is not a readable .docx file",
    "cut_pdf.pdf": "is not a readable PDF",
    "bomb.docx": "would expand to 60 MB, over the 50 MB limit (a zip bomb?); not opened",
    "huge.txt": "is 200 MB, over the 50 MB size limit (raise it with --max-size or $PLAN_EXTRACT_MAX_BYTES)",
}


def test_every_hostile_class_is_named_and_the_rest_is_written(hostile, tmp_path):
    result = CliRunner().invoke(main, ["run", str(hostile), "-o", str(tmp_path / "out"), "-j", "2"])
    assert result.exit_code == 1
    assert "1 written" in result.output and f"{len(EXPECTED)} failed" in result.output
    errors = {json.loads(line)["doc_id"]: json.loads(line)
              for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()}
    for name, problem in EXPECTED.items():
        error = errors[name.rsplit(".", 1)[0]]
        assert error["stage"] == "load"
        assert error["message"].startswith(f"{hostile / name}: {problem}"), error["message"]
        assert f"error: {hostile / name}: {problem}" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["errors.jsonl", "good.json"]


def test_the_size_limit_is_configurable(tmp_path, monkeypatch):
    plan = shutil.copy(CORPUS / f"{SEEDS[1]}.txt", tmp_path / "plan.txt")  # 36 KB
    with pytest.raises(LoadError, match=r"plan.txt: is 36 KB, over the 10 KB size limit"):
        load(plan, max_bytes=10_000)
    monkeypatch.setenv("PLAN_EXTRACT_MAX_BYTES", "10000")
    with pytest.raises(LoadError, match="over the 10 KB size limit"):
        load(plan)
    result = CliRunner().invoke(main, ["run", str(plan), "-o", str(tmp_path / "out"), "--max-size", "1"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", [
    "..txt", "...txt", ".hidden.txt", "a\nb.txt", "tab\there.txt", "bell\x07.txt", "..\\..\\evil.txt",
    "con:colon.txt", " spaced .txt", "q?.txt",
])
def test_no_file_name_puts_an_output_outside_the_folder_or_out_of_sight(tmp_path, name):
    folder, out = tmp_path / "in", tmp_path / "nested" / "out"
    folder.mkdir()
    shutil.copy(CORPUS / f"{SEEDS[3]}.txt", folder / name)
    result = run_batch([folder], out)
    assert result.written == 1, result.failed
    (written,) = [p for p in out.iterdir() if p.name != "errors.jsonl"]
    assert written.parent == out and not written.name.startswith(".")
    assert all(c.isprintable() and c not in '/\\:?' for c in written.name)
    assert written.name == f"{doc_id_for(folder / name)}.json"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "nested"]
    assert json.loads(written.read_text())["doc_id"] == written.stem


def test_document_ids_are_safe_file_names():
    assert doc_id_for("plans/Kế hoạch 12.txt") == "Kế hoạch 12"
    assert doc_id_for("..txt") == "document"
    assert doc_id_for("a\x00b\nc.md") == "a_b_c"
    assert doc_id_for("..\\..\\x.txt") == "_.._x"


PATHOLOGICAL = {
    "one 1 MB line": " ".join(seed_lines()) * 40,
    "dots and numbers": "1." * 200_000,
    "nested decimals": ".".join(["1"] * 100_000),
    "open parentheses": "(" * 200_000 + "năm 2025",
    "digits": "9" * 1_000_000,
    "year words": "đến năm " * 100_000 + "2025",
    "slashes": "Quyết định số " + "1/" * 100_000 + "QĐ-TTg",
    "spaces then digit": " " * 500_000 + "1",
    "labels": "\n".join(f"{i}. Mục tiêu" for i in range(50_000)),
    "bullets": "- " * 300_000,
    "percent runs": "tỷ lệ đạt " + "95%, " * 50_000,
    "agency words": "Sở Y tế chủ trì, phối hợp " * 50_000,
    "markdown": "**_#" * 200_000,
    "tone marks": "hoà " * 300_000,
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_text_completes_with_valid_output(name):
    document = extract_string(PATHOLOGICAL[name], doc_id="pathological")
    data = document.model_dump(mode="json")
    validate(data)
    for item in [*document.targets, *document.deadlines, *document.assignments]:
        assert 0 <= item.span[0] <= item.span[1] <= len(PATHOLOGICAL[name])


@pytest.fixture
def slow_file(tmp_path, monkeypatch, registry):
    """A file that makes an extractor run on for 30 s, beside a good plan: (slow, good)."""
    targets = registry["targets"].function

    def slow_on_one_file(text, outline, found):
        if "CHẬM" in text.clean:
            _busy(30)  # stands for a pathological input no test above foresaw
        return targets(text, outline, found)

    monkeypatch.setitem(registry, "targets", Registered(slow_on_one_file, ()))
    slow, good = tmp_path / "slow.txt", tmp_path / "good.txt"
    slow.write_text("KẾ HOẠCH CHẬM\nI. MỤC TIÊU\n", encoding="utf-8")
    shutil.copy(CORPUS / f"{SEEDS[2]}.txt", good)
    return slow, good


def _only_the_slow_file_failed(result, out, slow):
    assert result.written == 1 and os.path.exists(out / "good.json")
    (failure,) = result.failed
    assert (failure.doc_id, failure.stage) == ("slow", "extract:targets")
    assert failure.message == f"{slow}: took longer than 1 s; given up"


def test_a_file_over_the_time_limit_fails_alone(tmp_path, slow_file):
    with pytest.raises(FileTimeout, match="took longer than 0.05 s"):
        with time_limit(0.05):
            while True:
                pass
    result = run_batch(list(slow_file), tmp_path / "out", timeout=1)
    _only_the_slow_file_failed(result, tmp_path / "out", slow_file[0])


def _busy(seconds):
    """Python code that runs for `seconds` (time.sleep would wait in C, where no exception is raised)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def _in_a_thread(function):
    """What `function` raised when run in another thread (as on a Dask worker), or None."""
    raised = []

    def run():
        try:
            function()
        except BaseException as error:
            raised.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return raised[0] if raised else None


def test_the_time_limit_holds_outside_the_main_thread_too():
    def slow():
        with time_limit(0.05):
            _busy(5)

    error = _in_a_thread(slow)
    assert isinstance(error, FileTimeout) and str(error) == "took longer than 0.05 s; given up"
    assert _in_a_thread(lambda: _busy(0.2)) is None  # nothing is left to go off later


def test_a_time_limit_that_fires_after_its_block_ended_does_nothing(monkeypatch):
    # the timer's thread may wake just as the block ends; what it sends then would go off in
    # whatever the worker thread does next (the next file, or Dask's own code)
    timers = []

    class LateTimer:
        daemon = False

        def __init__(self, seconds, function):
            timers.append(function)

        def start(self):
            pass

        def cancel(self):
            pass  # too late: it has woken already

    monkeypatch.setattr(threading, "Timer", LateTimer)

    def block_then_more_code():
        with time_limit(1):
            pass
        timers[0]()  # the timer fires now
        _busy(0.05)

    assert _in_a_thread(block_then_more_code) is None


def test_a_slow_file_on_a_dask_worker_fails_alone(tmp_path, slow_file):
    distributed = pytest.importorskip("dask.distributed")
    # workers as threads of this process, so that they see the slow extractor
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        result = run_batch(list(slow_file), tmp_path / "out", timeout=1, dask=cluster.scheduler_address)
    _only_the_slow_file_failed(result, tmp_path / "out", slow_file[0].resolve())


def test_a_few_damaged_bytes_do_not_cost_the_document(tmp_path):
    data = (CORPUS / f"{SEEDS[4]}.txt").read_bytes()
    middle = len(data) // 2
    (tmp_path / "damaged.txt").write_bytes(data[:100] + b"\xff\xfe" + data[100:middle] + b"\xc3" + data[middle:])
    document = extract_file(tmp_path / "damaged.txt")
    assert document.source.encoding == "utf-8"
    assert document.warnings[0] == "3 invalid UTF-8 byte sequences read as U+FFFD"  # \xff, \xfe, \xc3
    assert len(document.targets) == len(extract_file(CORPUS / f"{SEEDS[4]}.txt").targets)
    (tmp_path / "noise.txt").write_bytes(bytes(range(0x80, 0x100)) * 50)
    with pytest.raises(LoadError, match="noise.txt: not UTF-8"):
        load(tmp_path / "noise.txt")


def test_the_time_limit_stops_a_backtracking_regex_too():
    # the regex module checks for signals while it matches, so no pattern can run away
    # with a batch: (a|aa)+$ on 60 a's and a b would take longer than the universe
    with pytest.raises(FileTimeout):
        with time_limit(0.2):
            regex.match(r"(a|aa)+$", "a" * 60 + "b")
