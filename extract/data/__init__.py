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
