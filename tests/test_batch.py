"""Batches: failures isolated and listed, --resume, JSON Lines, atomic outputs under a kill,
and the same bytes from every engine (in-process, worker pool, Dask)."""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract import batch, emit
from extract.cli import main
from extract.emit import atomic_writer, write_atomic
from extract.extractors import REGISTRY, Registered
from extract.schema import validate

from .conftest import CORPUS, SEEDS


@pytest.fixture
def inputs(tmp_path):
    """The five seeds, with an empty file and a binary file in the middle."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i, seed in enumerate(SEEDS):
        shutil.copy(CORPUS / f"{seed}.txt", folder / f"{i * 2}_{seed}.txt")
    (folder / "3_binary.txt").write_bytes(b"\x00\x01\x02\xff" * 300)
    (folder / "5_empty.md").write_bytes(b" \n")
    return folder


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_failures_cost_their_file_only_and_are_listed_with_stage_and_message(inputs, tmp_path):
    result = batch.run_batch([inputs], tmp_path / "out", jobs=2)
    assert (result.written, result.skipped, len(result.failed)) == (5, 0, 2)
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.json")) == sorted(f"{i * 2}_{s}" for i, s in enumerate(SEEDS))
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert errors == [
        {"path": str(inputs / "3_binary.txt"), "doc_id": "3_binary", "stage": "load",
         "message": f"{inputs / '3_binary.txt'}: looks binary (NUL bytes), not a text file"},
        {"path": str(inputs / "5_empty.md"), "doc_id": "5_empty", "stage": "load",
         "message": f"{inputs / '5_empty.md'}: is empty"},
    ]


def test_the_cli_counts_failures_and_exits_non_zero(inputs, tmp_path):
    result = CliRunner().invoke(main, ["run", str(inputs), "-o", str(tmp_path / "out"), "-j", "2"])
    assert result.exit_code == 1
    assert "5 written to" in result.output and "0 up to date, 2 failed" in result.output
    assert f"error: {inputs / '3_binary.txt'}: looks binary" in result.output
    assert str(tmp_path / "out" / "errors.jsonl") in result.output


def test_a_crashing_extractor_is_reported_with_its_stage(tmp_path, monkeypatch, registry):
    def broken(text, outline, found):
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(registry, "targets", Registered(broken, ()))
    result = batch.run_batch([CORPUS / f"{SEEDS[0]}.txt"], tmp_path / "out")
    assert result.written == 0
    (failure,) = result.failed
    assert failure.stage == "extract:targets"
    assert failure.message.endswith("internal error (ZeroDivisionError: boom)")
    assert not list((tmp_path / "out").glob("*.json"))


# `plan-extract run` with a targets extractor that kills its own process (as the
# out-of-memory killer would) on a file whose name says "killer".
KILLING_RUN = """
import os, signal, sys
from extract.cli import main
from extract.extractors import REGISTRY, Registered, import_extractors
import_extractors()
targets = REGISTRY["targets"]
def killing(text, outline, found):
    if "killer" in text.path:
        os.kill(os.getpid(), signal.SIGKILL)
    return targets.function(text, outline, found)
REGISTRY["targets"] = Registered(killing, targets.needs)
main(sys.argv[1:])
"""


def test_a_file_that_kills_its_worker_is_reported_and_the_batch_goes_on(inputs, tmp_path):
    """A worker killed outright while extracting one file: that file fails with stage
    "worker", and every other file is still written, as if the file had not been there."""
    shutil.copy(CORPUS / f"{SEEDS[0]}.txt", inputs / "4_killer.txt")
    run = subprocess.run([sys.executable, "-c", KILLING_RUN, "run", str(inputs), "-o", str(tmp_path / "out"), "-j", "2"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "5 written to" in run.stderr and "3 failed" in run.stderr, run.stderr
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert [e["doc_id"] for e in errors] == ["3_binary", "4_killer", "5_empty"]
    assert errors[1]["stage"] == "worker"
    assert errors[1]["message"].startswith(f"{inputs / '4_killer.txt'}: the worker process died while extracting")
    (inputs / "4_killer.txt").unlink()
    batch.run_batch([inputs], tmp_path / "reference", jobs=1)
    written, reference = outputs(tmp_path / "out"), outputs(tmp_path / "reference")
    assert written.pop("errors.jsonl") != reference.pop("errors.jsonl")  # one more failure listed
    assert written == reference


def test_a_file_whose_worker_stops_answering_is_reported_and_the_batch_goes_on(inputs, tmp_path, monkeypatch,
                                                                                registry):
    """A worker stuck where the per-file time limit cannot reach it (here: its signals
    blocked) is killed once it is past that limit by the grace period, and costs its file only."""
    targets = registry["targets"]

    def hanging(text, outline, found):
        if "hung" in text.path:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGTERM})
            time.sleep(120)
        return targets.function(text, outline, found)

    monkeypatch.setitem(registry, "targets", Registered(hanging, targets.needs))
    monkeypatch.setattr(batch, "HUNG_GRACE", 1.0)
    shutil.copy(CORPUS / f"{SEEDS[0]}.txt", inputs / "4_hung.txt")
    result = batch.run_batch([inputs], tmp_path / "out", jobs=2, timeout=1.0)
    assert result.written == 5
    assert [(f.doc_id, f.stage) for f in result.failed] == [("3_binary", "load"), ("4_hung", "worker"), ("5_empty", "load")]
    assert result.failed[1].message == (f"{inputs / '4_hung.txt'}: the worker process stopped answering while "
                                        "extracting this file (no result 1 s past the time limit), and was killed")


def test_an_empty_errors_file_means_nothing_failed(tmp_path):
    result = batch.run_batch([CORPUS], tmp_path / "out")
    assert (result.written, result.failed) == (5, [])
    assert (tmp_path / "out" / "errors.jsonl").read_bytes() == b""


def test_workers_and_in_process_give_the_same_bytes(inputs, tmp_path):
    batch.run_batch([inputs], tmp_path / "one", jsonl=tmp_path / "one.jsonl", jobs=1)
    batch.run_batch([inputs], tmp_path / "two", jsonl=tmp_path / "two.jsonl", jobs=2)
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_batch_leaves_the_garbage_collector_as_it_found_it(inputs, tmp_path, jobs):
    """The batch freezes what extraction loads (gc.freeze) while it runs; a program that
    goes on after it must get every object back within the collector's reach."""
    assert gc.get_freeze_count() == 0
    result = batch.run_batch([inputs], tmp_path / "out", jobs=jobs)
    assert result.written == 5
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()  # the warm-up turns the collector off while it loads, and back on


def test_the_warm_up_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        batch.warm_up()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_jsonl_holds_one_valid_document_per_line_in_input_order(tmp_path):
    result = batch.run_batch([CORPUS], jsonl=tmp_path / "all.jsonl")
    lines = (tmp_path / "all.jsonl").read_bytes().splitlines()
    assert result.written == len(lines) == 5
    documents = [json.loads(line) for line in lines]
    assert [d["doc_id"] for d in documents] == SEEDS
    for document in documents:
        validate(document)
    # the same document as the per-file JSON, only on one line
    batch.run_batch([CORPUS], tmp_path / "out")
    assert documents[2] == json.loads((tmp_path / "out" / f"{SEEDS[2]}.json").read_text())
    assert (tmp_path / "errors.jsonl").read_bytes() == b""  # beside the JSON Lines file


def test_resume_redoes_only_what_changed(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(CORPUS, folder)
    out, lines = tmp_path / "out", tmp_path / "all.jsonl"
    batch.run_batch([folder], out, jsonl=lines)
    fresh_lines = lines.read_bytes()
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}

    changed = folder / f"{SEEDS[1]}.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nNơi nhận: Lưu VT.\n", encoding="utf-8")
    (out / f"{SEEDS[3]}.json").unlink()  # an output lost
    seen = []
    result = batch.run_batch([folder], out, jsonl=lines, resume=True, on_outcome=seen.append)

    assert {o.doc_id: o.status for o in seen} == {
        SEEDS[0]: "skipped", SEEDS[1]: "written", SEEDS[2]: "skipped", SEEDS[3]: "written", SEEDS[4]: "skipped"}
    assert (result.written, result.skipped) == (2, 3)
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    assert sorted(name for name in before if after[name] != before[name]) == [f"{SEEDS[1]}.json", f"{SEEDS[3]}.json"]
    new_lines = lines.read_bytes().splitlines()
    assert [json.loads(line)["doc_id"] for line in new_lines] == SEEDS
    old_lines = fresh_lines.splitlines()
    assert [i for i in range(5) if new_lines[i] != old_lines[i]] == [1]
    assert json.loads(new_lines[1])["source"]["sha256"] == batch.file_sha256(changed)


def test_resume_redoes_a_document_missing_from_the_jsonl(tmp_path):
    lines = tmp_path / "all.jsonl"
    batch.run_batch([CORPUS], jsonl=lines)
    kept = lines.read_bytes().splitlines(keepends=True)
    lines.write_bytes(b"".join(kept[:2] + [b"{not json\n"] + kept[4:]))  # 2 and 3 damaged or gone
    seen = []
    batch.run_batch([CORPUS], jsonl=lines, resume=True, on_outcome=seen.append)
    assert [o.status for o in seen] == ["skipped", "skipped", "written", "written", "skipped"]
    assert lines.read_bytes().splitlines(keepends=True) == kept


def test_two_inputs_with_one_document_id_do_not_overwrite_each_other(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(CORPUS / f"{SEEDS[0]}.txt", tmp_path / "a" / "plan.txt")
    shutil.copy(CORPUS / f"{SEEDS[1]}.txt", tmp_path / "b" / "plan.md")
    result = batch.run_batch([tmp_path / "a", tmp_path / "b"], tmp_path / "out")
    assert result.written == 1
    assert result.failed[0].stage == "input" and "same document id as" in result.failed[0].message


def test_an_interrupted_write_leaves_the_old_file_or_nothing(tmp_path):
    target = tmp_path / "doc.json"
    with pytest.raises(KeyboardInterrupt):
        with atomic_writer(target) as handle:
            handle.write(b'{"half": ')
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    target.write_bytes(b"{}\n")
    with pytest.raises(RuntimeError):
        with atomic_writer(target) as handle:
            handle.write(b'{"half": ')
            raise RuntimeError
    assert list(tmp_path.iterdir()) == [target] and target.read_bytes() == b"{}\n"


def test_an_interrupt_just_as_the_temporary_file_is_made_leaves_nothing(tmp_path, monkeypatch):
    """A stop signal lands between two bytecodes: here, the moment the temporary file exists
    and nothing has been written yet (it happened with SIGTERM to a batch's workers)."""
    def interrupted_open(*args, **kwargs):
        open(*args, **kwargs).close()
        raise KeyboardInterrupt

    monkeypatch.setattr(emit, "open", interrupted_open, raising=False)
    with pytest.raises(KeyboardInterrupt):
        with atomic_writer(tmp_path / "doc.json"):
            pass
    assert list(tmp_path.iterdir()) == []


def test_outputs_have_the_permissions_of_any_new_file(tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    write_atomic(tmp_path / "doc.json", b"{}\n")
    assert (tmp_path / "doc.json").stat().st_mode & 0o777 == 0o666 & ~umask


def _start_and_kill(tmp_path: Path, sig: int) -> tuple[Path, Path]:
    """A run over 60 copies of the seeds, killed with `sig` once some outputs exist."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for i in range(60):
        shutil.copy(CORPUS / f"{SEEDS[i % 5]}.txt", folder / f"{i:02d}.txt")
    process = subprocess.Popen([sys.executable, "-m", "extract", "run", str(folder), "-o", str(out), "-j", "2",
                                "--jsonl", str(tmp_path / "all.jsonl")], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("*.json"))) < 5 and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the run finished before it could be killed"
    os.kill(process.pid, sig)
    process.wait(timeout=60)
    return folder, out


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_run_leaves_only_complete_files(tmp_path, sig):
    folder, out = _start_and_kill(tmp_path, sig)
    time.sleep(0.5)  # let the workers finish unwinding
    names = [p.name for p in out.iterdir()]
    assert names and all(name.endswith(".json") or name == "errors.jsonl" for name in names), names
    for path in out.glob("*.json"):
        validate(json.loads(path.read_bytes()))
    stream = tmp_path / "all.jsonl"  # appears only when complete
    assert not stream.exists() or len(stream.read_bytes().splitlines()) == 60
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_killed_run_leaves_no_partial_json_and_resume_finishes_it(tmp_path):
    folder, out = _start_and_kill(tmp_path, signal.SIGKILL)
    time.sleep(1)  # the workers die with the main process; let them go
    done = [p for p in out.glob("*.json")]
    for path in done:
        validate(json.loads(path.read_bytes()))  # whatever has its final name is complete
    seen = []
    batch.run_batch([folder], out, resume=True, on_outcome=seen.append)
    assert sum(o.status == "skipped" for o in seen) == len(done)
    assert sum(o.status == "written" for o in seen) == 60 - len(done)
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{i:02d}.json" for i in range(60)] + ["errors.jsonl"])


def test_dask_run_equals_the_local_run(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    batch.run_batch([CORPUS.resolve()], tmp_path / "local", jsonl=tmp_path / "local.jsonl", jobs=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        result = batch.run_batch([CORPUS.resolve()], tmp_path / "dask", jsonl=tmp_path / "dask.jsonl",
                                 dask=cluster.scheduler_address)
    assert (result.written, result.failed) == (5, [])
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()


def test_the_progress_bar_shows_only_on_a_terminal_or_when_asked(tmp_path):
    quiet = CliRunner().invoke(main, ["run", str(CORPUS), "-o", str(tmp_path / "a"), "-j", "1"])
    assert quiet.exit_code == 0 and "file/s" not in quiet.output and "%|" not in quiet.output
    shown = CliRunner().invoke(main, ["run", str(CORPUS), "-o", str(tmp_path / "b"), "-j", "1", "--progress"])
    assert shown.exit_code == 0 and "5/5" in shown.output and "file/s" in shown.output


def test_the_progress_bar_starts_no_thread_before_workers_are_forked(tmp_path, monkeypatch):
    # A fork copies only the forking thread: a lock another thread holds at that moment (the
    # progress bar's monitor writing to stderr, say) stays locked in the worker for good.
    before = set(threading.enumerate())
    extra_at_fork = []
    fork = os.fork

    def recording_fork():
        extra_at_fork.append(set(threading.enumerate()) - before)
        return fork()

    monkeypatch.setattr(os, "fork", recording_fork)
    result = CliRunner().invoke(main, ["run", str(CORPUS), "-o", str(tmp_path), "-j", "2", "--progress"])
    assert result.exit_code == 0 and "5/5" in result.output
    assert extra_at_fork == [set(), set()]


def test_run_needs_somewhere_to_write():
    result = CliRunner().invoke(main, ["run", str(CORPUS)])
    assert result.exit_code == 2 and "-o OUT, --jsonl FILE, or both" in result.output


def test_timed_stages_adds_up_the_time_of_each_stage_and_only_inside_the_block(tmp_path):
    from extract.stages import stage, timed_stages

    settings = batch.Settings(out_dir=tmp_path, lines=False, resume=False)
    started = time.perf_counter()
    with timed_stages() as seconds:
        batch.process(CORPUS / f"{SEEDS[4]}.txt", None, settings)
    wall = time.perf_counter() - started
    expected = {"load", "segment", "metadata", "emit", "write"} | {f"extract:{name}" for name in REGISTRY}
    assert set(seconds) == expected
    assert all(spent > 0 for spent in seconds.values())
    assert sum(seconds.values()) <= wall  # stages do not nest, so nothing is counted twice
    with stage("load"):
        pass
    assert set(seconds) == expected and seconds["load"] < wall  # outside the block: not counted
