"""Vocabularies kept as data files: a user extends them without touching code."""

from __future__ import annotations

import json
import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(name: str):
    """The data file `name` (TOML or JSON) from this folder, parsed."""
    source = resources.files(__name__) / name
    if name.endswith(".toml"):
        return tomllib.loads(source.read_text(encoding="utf-8"))
    return json.loads(source.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def document_type_names() -> tuple[str, ...]:
    """Names of document types ("Chương trình hành động", "Kế hoạch" …), longest first, so
    that a pattern built from them prefers "Chương trình hành động" to "Chương trình"."""
    return tuple(sorted((t["name"] for t in load("document_types.toml")["type"]), key=len, reverse=True))
