"""Review page: one self-contained HTML file showing a document's text with every extracted
item highlighted by type, its outline as a clickable table of contents, and tables of the
items, each linking to its place in the text. For a person checking the extraction.

The text is cut at every item boundary; each piece carries the classes of the items over it
(so items may overlap), and each item's start holds an anchor (`#target-t3`) that the tables
link to. The page layout is the template templates/review.html.
"""

from __future__ import annotations

import unicodedata
from html import escape
from importlib import resources
from pathlib import Path
from string import Template
from typing import NamedTuple

from .emit import write_atomic
from .load import load
from .models import Document
from .pipeline import doc_id_for, extract
from .compare import format_target


class Mark(NamedTuple):
    start: int
    end: int
    kind: str  # target, deadline, citation, assignment, heading
    anchor: str  # the id the tables link to
    title: str  # shown on hover


def marks(document: Document) -> list[Mark]:
    out = [Mark(*s.heading_span, "heading", f"sec-{s.id}", s.title) for s in document.iter_sections()]
    out += [Mark(*t.span, "target", f"target-{t.id}", format_target(t)) for t in document.targets]
    out += [Mark(*d.span, "deadline", f"deadline-{d.id}", f"{d.kind} {d.value}") for d in document.deadlines]
    for c in document.citations:
        out += [Mark(*m.span, "citation", f"citation-{c.id}-{i}", c.code or c.title or c.doc_type)
                for i, m in enumerate(c.mentions)]
    out += [Mark(*a.span, "assignment", f"assignment-{a.id}", f"{a.role}: {a.agency}") for a in document.assignments]
    return [m for m in out if m.end > m.start]


def highlight(text: str, items: list[Mark]) -> str:
    """The text as HTML: pieces between item boundaries, each with the classes of the items
    over it, and an anchor where each item starts."""
    starts: dict[int, list[Mark]] = {}
    bounds = {0, len(text)}
    for mark in items:
        starts.setdefault(mark.start, []).append(mark)
        bounds.update((mark.start, mark.end))
    cuts = sorted(b for b in bounds if 0 <= b <= len(text))
    html = []
    active: list[Mark] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        html.extend(f'<a class="anchor" id="{escape(m.anchor)}"></a>' for m in starts.get(a, []))
        piece = escape(unicodedata.normalize("NFC", text[a:b]))  # combining marks display badly apart
        kinds = sorted({m.kind for m in active if m.kind != "heading"})
        if any(m.kind == "heading" for m in active):
            piece = f'<span class="heading">{piece}</span>'
        if kinds:
            title = escape(" · ".join(m.title for m in active if m.kind != "heading"))
            piece = f'<span class="hl {" ".join(kinds)}" title="{title}">{piece}</span>'
        html.append(piece)
    return "".join(html)


def _toc(document: Document) -> str:
    def items(sections) -> str:
        if not sections:
            return ""
        return "<ul>" + "".join(
            f'<li><a href="#sec-{escape(s.id)}">{escape(s.label)}. {escape(s.title)}</a>{items(s.children)}</li>'
            for s in sections) + "</ul>"

    return items(document.sections) or "<p>(no numbered sections)</p>"


def _table(title: str, kind: str, header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<h2 id="table-{kind}">{escape(title)} ({len(rows)})</h2><table class="{kind}s"><tr>{head}</tr>{body}</table>'


def _link(anchor: str, text: str) -> str:
    return f'<a href="#{escape(anchor)}">{escape(text)}</a>'


def _tables(document: Document) -> str:
    parts = [
        _table("Targets", "target", ["id", "indicator", "code", "commitment", "section"], [
            [_link(f"target-{t.id}", t.id), escape(t.indicator), escape(t.indicator_code or ""),
             escape(format_target(t)), escape(t.section_id or "")] for t in document.targets]),
        _table("Deadlines", "deadline", ["id", "kind", "value", "recurrence", "subject"], [
            [_link(f"deadline-{d.id}", d.id), escape(d.kind), escape(d.value), escape(d.recurrence or ""),
             escape(d.subject or "")] for d in document.deadlines]),
        _table("Citations", "citation", ["id", "type", "code", "date", "issuer", "mentions"], [
            [escape(c.id), escape(c.doc_type), escape(c.code or ""), escape(c.date or ""), escape(c.issuer or ""),
             " ".join(_link(f"citation-{c.id}-{i}", str(i + 1)) for i in range(len(c.mentions)))]
            for c in document.citations]),
        _table("Assignments", "assignment", ["id", "agency", "role", "tasks", "chỉ tiêu", "partners"], [
            [_link(f"assignment-{a.id}", a.id), escape(a.agency), escape(a.role),
             "<br>".join(escape(t) for t in a.tasks), escape(", ".join(map(str, a.indicator_numbers))),
             escape("; ".join(a.partners))] for a in document.assignments]),
    ]
    return "\n".join(parts)


def render(document: Document, text: str) -> str:
    """The review page of `document`, whose spans point into `text`."""
    m = document.metadata
    meta = " · ".join(escape(str(v)) for v in (m.doc_type, m.number, m.issuer, m.province, m.district, m.issued_date) if v)
    legend = "".join(f'<span class="hl {kind}">{kind}s: {n}</span>' for kind, n in (
        ("target", len(document.targets)), ("deadline", len(document.deadlines)),
        ("citation", sum(len(c.mentions) for c in document.citations)), ("assignment", len(document.assignments))))
    template = Template((resources.files(__package__) / "templates" / "review.html").read_text(encoding="utf-8"))
    return template.substitute(title=escape(m.title or document.doc_id), meta=meta, legend=legend,
                               toc=_toc(document), text=highlight(text, marks(document)), tables=_tables(document))


def review_file(path: str | Path, out: str | Path) -> Path:
    """Extract `path` and write its review page to `out`."""
    text = load(path)
    document = extract(text, doc_id=doc_id_for(path))
    out = Path(out)
    write_atomic(out, render(document, text.original).encode("utf-8"))
    return out
