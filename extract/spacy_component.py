"""A spaCy pipeline component: `nlp.add_pipe("plan_extract")` puts the extracted items of a
plan on `doc.spans`, for spaCy users.

    import spacy
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("plan_extract")
    doc = nlp(open("corpus/004_244997f7a7702c06.txt", encoding="utf-8").read())
    doc.spans["targets"][0], doc.spans["targets"][0].label_   # the span, its indicator code
    doc._.plan_extract                                        # the whole output document

Span groups: "sections" (headings), "targets", "deadlines", "citations" (every mention) and
"assignments"; each span's label is the item's main attribute (indicator code, deadline
kind, cited code or document type, agency), widened to whole tokens, and `doc._.plan_extract` holds the contract document whose ids
and attributes the spans stand for. The component is registered with spaCy's entry points,
so the name works without importing this package first.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .models import Document
from .pipeline import extract_string

if not Doc.has_extension("plan_extract"):
    Doc.set_extension("plan_extract", default=None)


class PlanExtract:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        document = extract_string(doc.text, doc_id=doc.user_data.get("doc_id", "document"))
        doc._.plan_extract = document
        for group, items in _groups(document).items():
            spans = [doc.char_span(start, end, label=label, alignment_mode="expand") for start, end, label in items]
            doc.spans[group] = [span for span in spans if span is not None]
        return doc


def _groups(document: Document) -> dict[str, list[tuple[int, int, str]]]:
    return {
        "sections": [(*s.heading_span, s.id) for s in document.iter_sections()],
        "targets": [(*t.span, t.indicator_code or "target") for t in document.targets],
        "deadlines": [(*d.span, d.kind) for d in document.deadlines],
        "citations": [(*m.span, c.code or c.doc_type) for c in document.citations for m in c.mentions],
        "assignments": [(*a.span, a.agency) for a in document.assignments],
    }


@Language.factory("plan_extract")
def make_plan_extract(nlp: Language, name: str) -> PlanExtract:
    return PlanExtract(nlp, name)
