"""Which pipeline stage a failure came from, for batch error reports.

Each stage runs inside `stage(name)`; an exception leaving it carries the name of the
innermost stage it passed through, so `errors.jsonl` can say "load", "segment",
"extract:targets", "emit" or "write" without every caller catching and re-raising.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

ATTRIBUTE = "plan_extract_stage"


@contextmanager
def stage(name: str) -> Iterator[None]:
    try:
        yield
    except Exception as error:
        if not hasattr(error, ATTRIBUTE):
            setattr(error, ATTRIBUTE, name)
        raise


def stage_of(error: BaseException) -> str:
    return getattr(error, ATTRIBUTE, "unknown")
