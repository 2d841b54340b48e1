"""The spaCy component: nlp.add_pipe("plan_extract") puts the items on doc.spans."""

from __future__ import annotations

import spacy

from extract.pipeline import extract_file

from .conftest import CORPUS, SEEDS


def test_items_are_on_doc_spans_with_their_labels():
    path = CORPUS / f"{SEEDS[4]}.txt"
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("plan_extract")  # found through the entry point
    doc = nlp(path.read_text(encoding="utf-8"))
    expected = extract_file(path)
    assert len(doc.spans["targets"]) == len(expected.targets) == 65
    assert len(doc.spans["sections"]) == len(list(expected.iter_sections()))
    first = doc.spans["targets"][0]
    assert first.label_ == "communes.child_friendly"
    assert expected.targets[0].text in first.text
    assert [s.label_ for s in doc.spans["citations"]] == [m_code for c in expected.citations
                                                          for m_code in [c.code or c.doc_type] * len(c.mentions)]
    assert {s.label_ for s in doc.spans["assignments"]} == {a.agency for a in expected.assignments}
    assert doc._.plan_extract.metadata.district == "Tân Yên"
