"""Contract "Offsets": every item's span, sliced from the original file and folded, is its text."""

from __future__ import annotations

import pytest

from extract.textnorm import span_key

from .conftest import CORPUS, SEEDS


def _spans_with_text(document):
    for section in document.iter_sections():
        yield "section title", section.title, section.title_span
    for item in document.targets + document.deadlines:
        yield type(item).__name__, item.text, item.span
    for citation in document.citations:
        for mention in citation.mentions:
            yield "citation mention", mention.text, mention.span


@pytest.mark.parametrize("name", SEEDS)
def test_every_span_folds_back_to_its_text(seed_document, name):
    document = seed_document(name)
    original = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    checked = 0
    for kind, text, (start, end) in _spans_with_text(document):
        assert 0 <= start <= end <= len(original)
        assert span_key(original[start:end]) == span_key(text), (kind, text, original[start:end])
        checked += 1
    assert checked >= len(list(document.iter_sections()))


@pytest.mark.parametrize("name", SEEDS)
def test_assignment_spans_lie_in_their_section(seed_document, name):
    document = seed_document(name)
    sections = {s.id: s for s in document.iter_sections()}
    for assignment in document.assignments:
        section = sections[assignment.section_id]
        assert section.span[0] <= assignment.span[0] <= assignment.span[1] <= section.span[1]
