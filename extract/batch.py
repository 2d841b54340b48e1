"""Batch: many input files → one JSON file each and/or one JSON Lines file, in parallel.

The inputs are listed first (paths only); each worker reads, extracts and writes one file
at a time, so memory does not grow with the batch. A bad file costs that file only: it
becomes a failed `Outcome` naming the stage and the problem, and goes to `errors.jsonl`.
Every output appears complete or not at all (`emit.atomic_writer`).

Engines: in-process (`jobs=1`), a pool of forked worker processes (`jobs>1`), or a Dask
distributed cluster (`dask=ADDRESS`). All three run `process` on each file and hand the
outcomes back in input order, so their outputs are byte for byte the same.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import signal
import sys
import threading
from contextlib import ExitStack, closing, contextmanager
from functools import partial
from itertools import chain
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Optional

import orjson

from .emit import atomic_writer, checked_data, output_path, remove_stale_temporaries, to_json, write_atomic
from .load import FORMATS, LoadError
from .pipeline import doc_id_for, extract_file, extract_string
from .schema import SchemaError
from .stages import stage, stage_of
from .workers import map_in_workers

ERRORS_FILE = "errors.jsonl"
PR_SET_PDEATHSIG = 1  # linux/prctl.h
DEFAULT_TIMEOUT = 300.0  # seconds per file; a 1 MB plan takes under one
HUNG_GRACE = 30.0  # seconds past the time limit after which a worker with no result is taken for hung


@dataclass(frozen=True)
class Outcome:
    """What became of one input file."""

    path: str
    doc_id: str
    status: str  # "written", "skipped" (up to date, --resume) or "failed"
    stage: str = ""  # where it failed: input, resume, load, segment, metadata, extract:NAME, emit, write, worker
    message: str = ""
    line: bytes = b""  # the document as one JSON line, when a JSON Lines file is written

    def error_record(self) -> dict:
        return {"path": self.path, "doc_id": self.doc_id, "stage": self.stage, "message": self.message}


@dataclass(frozen=True)
class Settings:
    """What every worker needs to know; small and picklable."""

    out_dir: Optional[Path]  # one <doc_id>.json per input here, or None
    lines: bool  # hand back each document as a JSON line
    resume: bool  # skip inputs whose outputs exist and come from the same bytes
    max_bytes: Optional[int] = None  # refuse larger inputs (None: load's default)
    timeout: Optional[float] = None  # give up on a file after this many seconds


@dataclass
class BatchResult:
    written: int = 0
    skipped: int = 0
    failed: list[Outcome] = field(default_factory=list)
    errors_path: Optional[Path] = None

    @property
    def total(self) -> int:
        return self.written + self.skipped + len(self.failed)


def find_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given; folders searched (recursively, sorted) for supported file types."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS)
        else:
            yield path


def file_sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


# --- one file ---------------------------------------------------------------------------

def process(path: Path, line_sha256: Optional[str], settings: Settings) -> Outcome:
    """Extract one input and write its outputs; a bad input gives a failed Outcome, never an exception.

    `line_sha256` is the source hash of this document's line in the previous JSON Lines
    file (for --resume; "" when it had none).
    """
    doc_id = doc_id_for(path)
    try:
        if settings.resume:
            with stage("resume"):
                if _is_current(path, line_sha256, settings):
                    return Outcome(str(path), doc_id, "skipped")
        with time_limit(settings.timeout):
            document = extract_file(path, max_bytes=settings.max_bytes)
        with stage("emit"):
            data = checked_data(document)
        with stage("write"):
            if settings.out_dir is not None:
                write_atomic(output_path(settings.out_dir, doc_id), to_json(data))
            line = to_json(data, indent=False) if settings.lines else b""
        return Outcome(str(path), doc_id, "written", line=line)
    except Exception as error:  # a bug must cost one file, not the batch
        return Outcome(str(path), doc_id, "failed", stage_of(error), _describe(error, path))


class FileTimeout(Exception):
    """A file took longer than the batch's per-file time limit."""


@contextmanager
def time_limit(seconds: Optional[float]) -> Iterator[None]:
    """Raise FileTimeout in the block after `seconds`: a guard against any input that would
    make some stage slow, so that one file cannot hold up a batch.

    In the main thread (the local engines) by SIGALRM, which also interrupts a regex while it
    matches. In another thread (a Dask worker's) by an exception sent to the thread, which
    Python raises at its next step of Python code: a regex stuck in C is not interrupted there.
    """
    if not seconds:
        yield
    elif threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _thread_alarm(seconds):
            yield


def _expired(seconds: float) -> str:
    return f"took longer than {seconds:g} s; given up"


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expire(signum, frame):
        raise FileTimeout(_expired(seconds))

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_alarm(seconds: float) -> Iterator[None]:
    class Expired(FileTimeout):  # Python raises a sent exception by calling its class with no arguments
        def __init__(self) -> None:
            super().__init__(_expired(seconds))

    thread = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    done = False

    def expire() -> None:
        with lock:  # never once the block is over: it would go off in whatever the thread does next
            if not done:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, ctypes.py_object(Expired))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield  # sent as the block ends, it may go off a few steps after it: still inside `process`
    finally:
        with lock:
            done = True
        timer.cancel()


def _describe(error: Exception, path: Path) -> str:
    if isinstance(error, LoadError):
        return str(error)
    if isinstance(error, SchemaError):
        return f"{path}: output is not schema-valid: {error}"
    if isinstance(error, FileTimeout):
        return f"{path}: {error}"
    if isinstance(error, OSError):
        return f"{path}: {error.strerror or error}"
    return f"{path}: internal error ({type(error).__name__}: {error})"


def _is_current(path: Path, line_sha256: Optional[str], settings: Settings) -> bool:
    sha256 = file_sha256(path)
    if settings.lines and line_sha256 != sha256:
        return False
    if settings.out_dir is not None:
        try:
            previous = orjson.loads(output_path(settings.out_dir, doc_id_for(path)).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return False
        if not isinstance(previous, dict) or (previous.get("source") or {}).get("sha256") != sha256:
            return False
    return True


# --- engines ----------------------------------------------------------------------------

Task = tuple[Path, Optional[str]]


def _run_local(tasks: list[Task], settings: Settings, jobs: int) -> Iterator[Outcome]:
    if len(tasks) < 2:
        # One file: what extraction loads lives until the process ends, and the file's own
        # objects nearly all until it is done, so the collector would walk them for nothing.
        with collector_off():
            for path, line_sha256 in tasks:
                yield process(path, line_sha256, settings)
        return
    # What extraction loads on first use (spaCy, vocabularies, compiled patterns) lives as
    # long as the process: loaded and then frozen out of the collector's reach, it is not
    # scanned again at every full collection, and forked workers share its pages instead of
    # each loading it (a collection would write to those pages, and so copy them).
    warm_up()
    gc.freeze()
    try:
        if jobs == 1:
            for path, line_sha256 in tasks:
                yield process(path, line_sha256, settings)
            return
        patience = settings.timeout + HUNG_GRACE if settings.timeout else None
        yield from map_in_workers(partial(_process_task, settings=settings), tasks, jobs,
                                  lost=_lost_file, initializer=_worker_init, patience=patience)
    finally:
        gc.unfreeze()  # for a program that goes on after the batch, its objects are collectable again


def _process_task(task: Task, settings: Settings) -> Outcome:
    return process(*task, settings)


def _lost_file(task: Task, reason: str) -> Outcome:
    path = task[0]
    if reason == "hung":
        what = (f"the worker process stopped answering while extracting this file (no result "
                f"{HUNG_GRACE:g} s past the time limit), and was killed")
    else:
        what = ("the worker process died while extracting this file (killed, for example by the "
                "out-of-memory killer, or crashed)")
    return Outcome(str(path), doc_id_for(path), "failed", "worker", f"{path}: {what}")


def warm_up() -> None:
    """Load what extraction and the schema check load on first use (spaCy, vocabularies,
    matchers, the schema's validator) by extracting and checking a tiny plan.

    With the cyclic garbage collector off: what is loaded stays for the life of the process,
    and the collector would walk the growing heap again and again for nothing (4% of the
    start-up's instructions, more of its time).
    """
    with collector_off():
        checked_data(extract_string("KẾ HOẠCH\nI. MỤC TIÊU\n1. Đến năm 2025, tỷ lệ trẻ em đạt 95%.\n"
                                    "II. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế chủ trì theo Quyết định số 1/QĐ-UBND.\n",
                                    doc_id="warm-up"))


@contextmanager
def collector_off() -> Iterator[None]:
    """The cyclic garbage collector off in the block, and back as it was after it."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, which unwinds through `atomic_writer` and so removes
    the file being written instead of leaving it half done."""
    signal.signal(signal.SIGTERM, _exit_on_signal)


def _exit_on_signal(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _worker_init() -> None:
    exit_on_sigterm()  # a batch stopped early stops its busy workers with SIGTERM
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    if sys.platform == "linux":  # a main process killed outright (SIGKILL) takes its workers along
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _run_dask(tasks: list[Task], settings: Settings, address: str) -> Iterator[Outcome]:
    from dask.distributed import Client

    with Client(address) as client:
        futures = client.map(process, [p.resolve() for p, _ in tasks], [sha for _, sha in tasks],
                             settings=settings, pure=False)
        for future in futures:  # in input order, like the local engines
            yield future.result()
            future.release()


# --- the batch --------------------------------------------------------------------------

def run_batch(paths: Iterable[str | Path], out_dir: Optional[str | Path] = None, *,
              jsonl: Optional[str | Path] = None, jobs: int = 1, resume: bool = False,
              dask: Optional[str] = None, errors: Optional[str | Path] = None,
              max_bytes: Optional[int] = None, timeout: Optional[float] = DEFAULT_TIMEOUT,
              on_outcome: Optional[Callable[[Outcome], None]] = None,
              on_start: Optional[Callable[[int], None]] = None) -> BatchResult:
    """Extract every input to `out_dir/<doc_id>.json` and/or one line of `jsonl` each.

    Failures go to `errors` (default: `errors.jsonl` in `out_dir`, else beside `jsonl`),
    one JSON object per failed file; the file is written on every run, empty when nothing
    failed. `on_start(n)` is called with the number of inputs, `on_outcome` after each file.
    """
    if out_dir is None and jsonl is None:
        raise ValueError("run_batch needs out_dir, jsonl or both")
    out_dir = Path(out_dir) if out_dir is not None else None
    if out_dir is not None and dask:
        out_dir = out_dir.resolve()  # the workers may run in another folder
    jsonl = Path(jsonl) if jsonl is not None else None
    errors = Path(errors) if errors is not None else (out_dir / ERRORS_FILE if out_dir is not None else jsonl.with_name(ERRORS_FILE))
    if out_dir is not None:
        remove_stale_temporaries(out_dir)
    for single_file in (jsonl, errors):
        if single_file is not None:
            remove_stale_temporaries(single_file.parent, single_file.name)
    previous = _PreviousLines(jsonl) if resume and jsonl is not None else None
    settings = Settings(out_dir=out_dir, lines=jsonl is not None, resume=resume, max_bytes=max_bytes, timeout=timeout)

    result = BatchResult(errors_path=errors)
    tasks, duplicates = _tasks(find_inputs(paths), previous)
    if on_start is not None:
        on_start(len(tasks) + len(duplicates))
    outcomes = _run_dask(tasks, settings, dask) if dask else _run_local(tasks, settings, jobs)
    with ExitStack() as files:
        files.enter_context(closing(outcomes))  # stops the workers if this loop is interrupted
        lines_out = files.enter_context(atomic_writer(jsonl)) if jsonl is not None else None
        errors_out = files.enter_context(atomic_writer(errors))
        if previous is not None:
            files.callback(previous.close)
        for outcome in chain(duplicates, outcomes):
            _record(outcome, result, lines_out, errors_out, previous)
            if on_outcome is not None:
                on_outcome(outcome)
    return result


def _tasks(inputs: Iterable[Path], previous: Optional[_PreviousLines]) -> tuple[list[Task], list[Outcome]]:
    """One task per document id; a second file with the same id fails (its output would overwrite)."""
    tasks, duplicates, owners = [], [], {}
    for path in inputs:
        doc_id = doc_id_for(path)
        if doc_id in owners:
            duplicates.append(Outcome(str(path), doc_id, "failed", "input",
                                      f"{path}: same document id as {owners[doc_id]}; not written"))
            continue
        owners[doc_id] = path
        tasks.append((path, previous.sha256(doc_id) if previous is not None else None))
    return tasks, duplicates


def _record(outcome: Outcome, result: BatchResult, lines_out: Optional[BinaryIO], errors_out: BinaryIO,
            previous: Optional[_PreviousLines]) -> None:
    if outcome.status == "failed":
        result.failed.append(outcome)
        errors_out.write(orjson.dumps(outcome.error_record()) + b"\n")
        return
    if outcome.status == "skipped":
        result.skipped += 1
        if lines_out is not None and previous is not None:
            lines_out.write(previous.line(outcome.doc_id))
        return
    result.written += 1
    if lines_out is not None:
        lines_out.write(outcome.line)


class _PreviousLines:
    """The JSON Lines file of an earlier run, indexed by doc_id, read back line by line."""

    def __init__(self, path: Path) -> None:
        self.index: dict[str, tuple[int, int, str]] = {}  # doc_id → offset, length, source sha256
        self.handle = open(path, "rb") if path.is_file() else None
        if self.handle is None:
            return
        offset = 0
        for raw in self.handle:
            try:
                data = orjson.loads(raw)
                self.index[data["doc_id"]] = (offset, len(raw), data["source"]["sha256"])
            except (orjson.JSONDecodeError, KeyError, TypeError):
                pass  # a damaged line is not reused: its document is extracted again
            offset += len(raw)

    def sha256(self, doc_id: str) -> str:
        return self.index.get(doc_id, (0, 0, ""))[2]

    def line(self, doc_id: str) -> bytes:
        offset, length, _ = self.index[doc_id]
        self.handle.seek(offset)
        raw = self.handle.read(length)
        return raw if raw.endswith(b"\n") else raw + b"\n"

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


