"""Shared fixtures: the five seed documents of corpus/, loaded once."""

from __future__ import annotations

import atexit
import gc
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEEDS = sorted(p.stem for p in CORPUS.glob("*.txt"))


@pytest.fixture(scope="session", autouse=True)
def no_heap_freeze_at_exit():
    """`plan-extract run` registers `gc.freeze` to run at exit, sparing its short-lived process
    the interpreter's last collection. Run in this long test process through CliRunner, it
    would keep duckdb's objects alive through shutdown, and duckdb's bindings then print a
    leak report for each."""
    yield
    atexit.unregister(gc.freeze)


@pytest.fixture
def registry():
    """The extractors' registry, filled (it fills on the first extraction otherwise)."""
    from extract.extractors import REGISTRY, import_extractors

    import_extractors()
    return REGISTRY


@lru_cache(maxsize=None)
def _load(name: str):
    from extract.load import load

    return load(CORPUS / f"{name}.txt")


@lru_cache(maxsize=None)
def _extract(name: str):
    from extract.pipeline import extract_file

    return extract_file(CORPUS / f"{name}.txt")


@pytest.fixture
def seed_text():
    return _load


@pytest.fixture
def seed_document():
    return _extract
