"""Which pipeline stage a failure came from, for batch error reports, and where the time goes.

Each stage runs inside `stage(name)`; an exception leaving it carries the name of the
innermost stage it passed through, so `errors.jsonl` can say "load", "segment",
"extract:targets", "emit" or "write" without every caller catching and re-raising.
Inside `timed_stages()`, the seconds spent in each stage are added up as well (the
benchmark uses it to show which stage costs what).
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from time import perf_counter
from typing import Iterator, Optional

ATTRIBUTE = "plan_extract_stage"
_seconds: Optional[Counter] = None  # set inside timed_stages()


@contextmanager
def stage(name: str) -> Iterator[None]:
    started = perf_counter() if _seconds is not None else 0.0
    try:
        yield
    except Exception as error:
        if not hasattr(error, ATTRIBUTE):
            setattr(error, ATTRIBUTE, name)
        raise
    finally:
        if _seconds is not None:
            _seconds[name] += perf_counter() - started


def stage_of(error: BaseException) -> str:
    return getattr(error, ATTRIBUTE, "unknown")


@contextmanager
def timed_stages() -> Iterator[Counter]:
    """A Counter of the seconds spent in each stage while the block runs (in this process)."""
    global _seconds
    previous, _seconds = _seconds, Counter()
    try:
        yield _seconds
    finally:
        _seconds = previous
