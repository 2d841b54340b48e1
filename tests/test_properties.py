"""Property tests on mutated seeds (tests/mutations.py): never an uncaught exception, output
always schema-valid with every span inside the text, and the same input gives the same
bytes. scripts/fuzz.py runs the same check on many more cases."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.emit import document_json
from extract.load import LoadError
from extract.pipeline import extract_file

from .mutations import mutate


def spans(document):
    for section in document.iter_sections():
        yield section.span
        yield section.heading_span
    for item in [*document.targets, *document.deadlines, *document.citations, *document.assignments]:
        if getattr(item, "span", None):
            yield item.span
        for mention in getattr(item, "mentions", []):
            yield mention.span


def check(path) -> str:
    """'ok' or 'refused' (a LoadError naming the file); anything else raises."""
    try:
        first = document_json(extract_file(path))  # validates against the schema
    except LoadError as error:
        assert str(error).startswith(f"{path}: ")
        return "refused"
    document = extract_file(path)
    assert document_json(document) == first, "the same input gave different output"
    length = document.source.chars
    for start, end in spans(document):
        assert 0 <= start <= end <= length, (start, end, length)
    return "ok"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.integers(min_value=0, max_value=2**32))
def test_mutated_seeds_extract_to_valid_output(case, tmp_path):
    name, data = mutate(case)
    path = tmp_path / f"case{case}.txt"
    path.write_bytes(data)
    check(path)
