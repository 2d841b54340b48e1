"""End to end on a hand-made district plan unlike the seeds (Nghệ An, drowning prevention,
flattened two-column header, markdown): every item type at once."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from extract.pipeline import extract_file
from extract.schema import validate

from .conftest import SEEDS

PLAN = Path(__file__).parent / "data" / "nghi_loc_drowning_2024.md"


@pytest.fixture(scope="module")
def document():
    return extract_file(PLAN)


def test_metadata(document):
    m = document.metadata
    assert (m.doc_type, m.number, m.issuer) == ("Kế hoạch", "215/KH-UBND", "UBND huyện Nghi Lộc")
    assert (m.admin_level, m.province, m.district, m.issued_date) == ("district", "Nghệ An", "Nghi Lộc", "2024-04-12")
    assert m.signer.name == "Nguyễn Văn Hùng" and m.signer.authority == "KT. Chủ tịch"
    validate(document.model_dump(mode="json"))


def test_sections(document):
    assert [(s.label, s.kind, len(s.children)) for s in document.sections] == [
        ("I", "objectives", 3), ("II", "tasks", 2), ("III", "implementation", 4)]


def test_targets(document):
    got = {(t.comparator, t.value, t.unit, t.year, t.change) for t in document.targets}
    assert got == {(">=", 10, "%", None, "by"), ("=", 100, "%", 2024, "to"), ("<=", 3, "per 100000", None, "to")}
    drowning = next(t for t in document.targets if t.unit == "per 100000")
    assert drowning.indicator_code == "protection.drowning"


def test_deadlines(document):
    got = {(d.kind, d.value, d.recurrence) for d in document.deadlines}
    assert got == {("period", "2024-06-01/2024-08-31", None), ("recurring", "P3M", "P3M"),
                   ("date", "2024-12-15", None), ("date", "XXXX-11-30", "P1Y")}


def test_citations(document):
    got = {(c.doc_type, c.code, c.date, c.issuer) for c in document.citations}
    assert got == {("Quyết định", "1248/QĐ-TTg", "2021-10-19", "Thủ tướng Chính phủ"),
                   ("Kế hoạch", "102/KH-UBND", "2024-02-20", "UBND tỉnh Nghệ An")}


def test_assignments(document):
    got = {(a.agency, a.role) for a in document.assignments}
    assert got == {("Phòng Lao động - Thương binh và Xã hội", "lead"), ("Phòng Giáo dục và Đào tạo", "lead"),
                   ("Ủy ban Mặt trận Tổ quốc huyện", "requested"), ("Các đoàn thể", "requested"),
                   ("Ủy ban nhân dân các xã, thị trấn", "lead")}
    lead = next(a for a in document.assignments if a.agency.startswith("Phòng Lao động"))
    assert lead.partners == ["Phòng Giáo dục và Đào tạo"]


def test_every_span_holder_is_its_own_object(seed_document):
    """emit moves spans to the original text in place: an object found twice (a section in
    two places of the tree, an item or mention handed out twice, or kept from one document
    for the next) would be moved twice."""
    holders = []
    for document in map(seed_document, SEEDS):  # all alive at once (cached), so no id is reused
        holders += document.iter_sections()
        for found in (document.targets, document.deadlines, document.citations, document.assignments):
            holders += found
        holders += [mention for citation in document.citations for mention in citation.mentions]
    assert len({id(holder) for holder in holders}) == len(holders)


def test_a_document_leaves_no_reference_cycles():
    """A batch worker freezes what it loaded and keeps the collector for what documents
    leave behind: a document whose objects hold each other (a closure that calls itself,
    a child pointing to its parent) stays in memory until a collection, and the collections
    cost 3-5% of a batch. Freed by reference counts alone, nothing is left to collect."""
    extract_file(PLAN)  # loads the vocabularies, patterns and caches, which live on
    gc.collect()
    gc.disable()
    try:
        for path in [PLAN, *sorted(Path(__file__).parents[1].joinpath("corpus").glob("*.txt"))]:
            extract_file(path)
            assert gc.collect() == 0, path.name
    finally:
        gc.enable()
