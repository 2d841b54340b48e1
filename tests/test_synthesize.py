"""The benchmark's synthetic plans: deterministic, renumbered in their new order, moved to
other provinces, and still plans the pipeline reads."""

from __future__ import annotations

import random

from bench.synthesize import SEEDS, compose, synthesize, template, _places
from extract.pipeline import extract_string
from extract.schema import validate


def test_the_same_seed_gives_the_same_plans_and_another_seed_others():
    first = list(synthesize(6, seed=3))
    assert first == list(synthesize(6, seed=3))
    assert [text for _, text in first] != [text for _, text in synthesize(6, seed=4)]


def test_items_are_shuffled_and_renumbered_in_their_new_order():
    seed = template(SEEDS[4])  # Tân Yên: "II." has eight arabic items
    original = extract_string(SEEDS[4].read_text(encoding="utf-8"), doc_id="seed")
    shuffled = extract_string(compose(seed, random.Random(7), _places()), doc_id="synthetic")
    before = {s.title for s in original.sections[1].children}
    after = shuffled.sections[1].children
    assert {s.title for s in after} == before  # the same items …
    assert [s.title for s in after] != [s.title for s in original.sections[1].children]  # … in another order
    assert [s.label for s in after] == [str(i) for i in range(1, len(after) + 1)]  # numbered 1, 2, 3 …
    assert [s.label for s in shuffled.sections] == [s.label for s in original.sections]
    assert not shuffled.warnings


def test_province_and_district_are_replaced():
    seed = template(SEEDS[4])
    document = extract_string(compose(seed, random.Random(2), _places()), doc_id="synthetic")
    assert (seed.province, seed.district) == ("Bắc Giang", "Tân Yên")
    assert document.metadata.province not in (None, "Bắc Giang")
    assert document.metadata.district not in (None, "Tân Yên")


def test_synthetic_plans_extract_like_their_seeds():
    for i, (_, text) in enumerate(synthesize(5, seed=1)):
        document = extract_string(text, doc_id=f"plan{i}")
        validate(document.model_dump(mode="json"))
        original = extract_string(SEEDS[i].read_text(encoding="utf-8"), doc_id="seed")
        assert len(document.targets) == len(original.targets)
        assert len(document.citations) == len(original.citations)
