"""The gold annotations: one per corpus document, schema-valid, spans true to the text."""

from __future__ import annotations

import json

import pytest

from extract.schema import validate
from extract.textnorm import span_key

from .conftest import CORPUS, ROOT, SEEDS

GOLD = ROOT / "gold"


def _gold(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))


def test_every_corpus_document_has_gold_and_nothing_else_does():
    assert sorted(p.stem for p in GOLD.glob("*.json")) == SEEDS


@pytest.mark.parametrize("name", SEEDS)
def test_gold_follows_the_gold_schema(name):
    data = _gold(name)
    validate(data, gold=True)
    assert data["doc_id"] == name


def _spans(data: dict):
    """(text, span) of every gold item that gives a span."""
    for kind in ("targets", "deadlines"):
        for item in data[kind]:
            if item.get("span"):
                yield item["text"], item["span"]
    for citation in data["citations"]:
        for mention in citation["mentions"]:
            if mention.get("span"):
                yield mention["text"], mention["span"]


@pytest.mark.parametrize("name", SEEDS)
def test_gold_spans_point_at_their_text(name):
    original = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    checked = 0
    for text, (start, end) in _spans(_gold(name)):
        assert span_key(original[start:end]) == span_key(text), (text, original[start:end])
        checked += 1
    assert checked > 0


@pytest.mark.parametrize("name", SEEDS)
def test_gold_section_ids_are_unique_and_items_point_at_sections(name):
    data = _gold(name)
    ids = []
    stack = list(data["sections"])
    while stack:
        section = stack.pop()
        ids.append(section["id"])
        stack.extend(section.get("children", []))
    assert len(ids) == len(set(ids))
    for kind in ("targets", "deadlines", "assignments"):
        for item in data[kind]:
            assert item.get("section_id") in ids, (kind, item.get("section_id"))
