"""Extractors: one module per item type, each registered by name.

An extractor is a function `(text, outline, found) -> list[item]`: it reads the clean text
and the section tree and returns contract items (targets, citations, …) with spans in the
clean text; `emit` maps them to the original. `found` holds the items of the extractors
it `needs`, which run first (deadlines skip the dates inside citations, for example).

Every module in this folder is imported by `run_extractors`, so adding an item type is
adding a module that decorates its function with `@register("name")`.
"""

from __future__ import annotations

import importlib
from functools import cache
import pkgutil
from typing import Callable, NamedTuple

from ..load import Text
from ..segment import Outline
from ..stages import stage

Extractor = Callable[[Text, Outline, dict], list]


class Registered(NamedTuple):
    function: Extractor
    needs: tuple[str, ...]


REGISTRY: dict[str, Registered] = {}


def register(name: str, *, needs: tuple[str, ...] = ()) -> Callable[[Extractor], Extractor]:
    def add(function: Extractor) -> Extractor:
        REGISTRY[name] = Registered(function, needs)
        return function

    return add


@cache
def import_extractors() -> None:
    """Import every extractor module (each registers itself); cheap after the first call."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def run_extractors(text: Text, outline: Outline) -> dict[str, list]:
    """Every registered extractor, each after the ones it needs."""
    import_extractors()
    found: dict[str, list] = {}
    for name in sorted(REGISTRY):
        _run(name, text, outline, found)
    return found


def _run(name: str, text: Text, outline: Outline, found: dict[str, list], chain: tuple[str, ...] = ()) -> None:
    # A function of the module, not a closure that calls itself: that would be a reference
    # cycle holding the document until the garbage collector's next pass.
    if name in found:
        return
    if name in chain:
        raise RuntimeError(f"extractors need each other in a circle: {' → '.join(chain + (name,))}")
    for needed in REGISTRY[name].needs:
        _run(needed, text, outline, found, chain + (name,))
    with stage(f"extract:{name}"):
        found[name] = REGISTRY[name].function(text, outline, found)
