"""Long tables: output documents → one row per item, for pandas, R, DuckDB and spreadsheets.

Every row starts with the document's columns (DOCUMENT_COLUMNS), so any table can be
filtered or grouped by province, level or year without a join. The columns of every table
are declared once, here, with their types; the writers (export.py) and the README's column
list are made from these declarations.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator, NamedTuple

from .data import load as load_data
from .models import Document


class Column(NamedTuple):
    name: str
    type: str  # "string", "int", "float", "bool"
    description: str


DOCUMENT_COLUMNS = [
    Column("doc_id", "string", "the document's id (its file name without extension)"),
    Column("doc_type", "string", '"Kế hoạch", "Chương trình hành động", …'),
    Column("number", "string", 'its number and symbol, "138/KH-UBND"'),
    Column("issuer", "string", '"UBND tỉnh Tuyên Quang"'),
    Column("province", "string", "province (or centrally governed city)"),
    Column("district", "string", "district, for district and commune plans"),
    Column("admin_level", "string", "province, district or commune"),
    Column("issued_date", "string", "ISO 8601, partial allowed (2021-08)"),
    Column("period_start", "int", "first year of the plan's period"),
    Column("period_end", "int", "last year of the plan's period"),
]

# Where an item is: a span into the text the output's spans point into (source.text, or the file).
SPAN_COLUMNS = [
    Column("span_start", "int", "character offset in the text"),
    Column("span_end", "int", "character offset in the text"),
]

TABLES: dict[str, list[Column]] = {
    "documents": DOCUMENT_COLUMNS + [
        Column("title", "string", "the document's title"),
        Column("signer_name", "string", "who signed it"),
        Column("signer_position", "string", '"Phó Chủ tịch"'),
        Column("source_path", "string", "the input file"),
        Column("source_sha256", "string", "SHA-256 of the input file"),
        Column("source_format", "string", "txt, md, docx, pdf or html"),
        Column("chars", "int", "length of the text, in characters"),
        Column("n_sections", "int", "number of sections (all levels)"),
        Column("n_targets", "int", "number of targets"),
        Column("n_deadlines", "int", "number of deadlines"),
        Column("n_citations", "int", "number of cited documents"),
        Column("n_assignments", "int", "number of assignments"),
        Column("warnings", "string", "the document's warnings, separated by \" | \""),
    ],
    "sections": DOCUMENT_COLUMNS + [
        Column("section_id", "string", 'the section\'s id, "II/4/4.1"'),
        Column("parent_id", "string", "the enclosing section's id (empty at the top)"),
        Column("path", "string", 'labels from the top, joined by "/": "II/4/4.1"'),
        Column("depth", "int", "1 for the top level"),
        Column("label", "string", '"II", "4", "4.1", "a"'),
        Column("style", "string", "part, article, roman, arabic, decimal or letter"),
        Column("title", "string", "the heading's title"),
        Column("kind", "string", "top level only: purpose, objectives, tasks, funding, implementation, reporting, other"),
        Column("span_start", "int", "where the section starts in the text (character offset)"),
        Column("span_end", "int", "where it ends"),
    ],
    "targets": DOCUMENT_COLUMNS + [
        Column("target_id", "string", "the target's id in its document"),
        Column("section_id", "string", "the section it is in"),
        Column("indicator", "string", "the indicator as written"),
        Column("indicator_code", "string", "the indicator's code (extract/data/indicators.toml)"),
        Column("indicator_label", "string", "the coded indicator's name"),
        Column("indicator_number", "int", 'the plan\'s own number, "Chỉ tiêu 3" → 3'),
        Column("direction", "string", "increase, decrease, maintain, reach or complete"),
        Column("change", "string", "to (a level) or by (an amount)"),
        Column("comparator", "string", "<, <=, =, >= or >"),
        Column("value", "float", "the value"),
        Column("value_max", "float", "the upper end of a range"),
        Column("unit", "string", '"%", "per 1000", "count", …'),
        Column("year", "int", "the year the value is due"),
        Column("qualifier", "string", 'a breakdown: "ở vùng sâu, vùng xa"'),
        Column("text", "string", "the sentence stating the target"),
    ] + SPAN_COLUMNS,
    "deadlines": DOCUMENT_COLUMNS + [
        Column("deadline_id", "string", "the deadline's id in its document"),
        Column("section_id", "string", "the section it is in"),
        Column("kind", "string", "date, year, period or recurring"),
        Column("value", "string", '"2025-12-31", "2022-07", "2021/2025"'),
        Column("recurrence", "string", 'ISO 8601 duration: "P1Y", "P6M"'),
        Column("subject", "string", "the task it governs"),
        Column("text", "string", "the words stating it"),
    ] + SPAN_COLUMNS,
    "citations": DOCUMENT_COLUMNS + [
        Column("citation_id", "string", "the citation's id in its document"),
        Column("cited_type", "string", '"Quyết định", "Luật", …'),
        Column("cited_number", "string", "the cited document's number"),
        Column("cited_code", "string", '"1555/QĐ-TTg"'),
        Column("cited_date", "string", "ISO 8601"),
        Column("cited_issuer", "string", '"Thủ tướng Chính phủ"'),
        Column("cited_title", "string", "its title, when given"),
        Column("n_mentions", "int", "how often the plan cites it"),
    ],
    "citation_mentions": DOCUMENT_COLUMNS + [
        Column("citation_id", "string", "the cited document (a row of citations)"),
        Column("cited_type", "string", '"Quyết định", "Luật", …'),
        Column("cited_code", "string", '"1555/QĐ-TTg"'),
        Column("mention", "string", "the words of this mention"),
    ] + SPAN_COLUMNS,
    "assignments": DOCUMENT_COLUMNS + [
        Column("assignment_id", "string", "the assignment's id in its document"),
        Column("section_id", "string", "the section it is in"),
        Column("agency", "string", "the agency, canonical name"),
        Column("agency_level", "string", "province, district or commune"),
        Column("role", "string", "lead, coordinate or requested"),
        Column("task_index", "int", "1, 2, … within the assignment (empty when it lists no task)"),
        Column("task", "string", "one task (a sentence)"),
        Column("indicator_numbers", "string", 'the "chỉ tiêu" numbers it answers for, joined by ";"'),
        Column("partners", "string", 'agencies it works with, joined by ";"'),
    ] + SPAN_COLUMNS,
}


@lru_cache(maxsize=None)
def indicator_labels() -> dict[str, str]:
    return {entry["code"]: entry["name"] for entry in load_data("indicators.toml")["indicator"]}


def _document_values(document: Document) -> dict:
    m = document.metadata
    return {
        "doc_id": document.doc_id, "doc_type": m.doc_type, "number": m.number, "issuer": m.issuer,
        "province": m.province, "district": m.district, "admin_level": m.admin_level, "issued_date": m.issued_date,
        "period_start": m.period.start if m.period else None, "period_end": m.period.end if m.period else None,
    }


def rows(document: Document) -> Iterator[tuple[str, dict]]:
    """(table name, row) for every row the document gives, table by table."""
    base = _document_values(document)
    m = document.metadata
    sections = list(document.iter_sections())
    yield "documents", {
        **base, "title": m.title, "signer_name": m.signer.name if m.signer else None,
        "signer_position": m.signer.position if m.signer else None, "source_path": document.source.path,
        "source_sha256": document.source.sha256, "source_format": document.source.format,
        "chars": document.source.chars, "n_sections": len(sections), "n_targets": len(document.targets),
        "n_deadlines": len(document.deadlines), "n_citations": len(document.citations),
        "n_assignments": len(document.assignments), "warnings": " | ".join(document.warnings) or None,
    }
    for section in sections:
        yield "sections", {
            **base, "section_id": section.id, "parent_id": "/".join(section.id.split("/")[:-1]) or None,
            "path": "/".join(section.path), "depth": section.level, "label": section.label, "style": section.style,
            "title": section.title, "kind": section.kind, "span_start": section.span[0], "span_end": section.span[1],
        }
    labels = indicator_labels()
    for t in document.targets:
        yield "targets", {
            **base, "target_id": t.id, "section_id": t.section_id, "indicator": t.indicator,
            "indicator_code": t.indicator_code, "indicator_label": labels.get(t.indicator_code or ""),
            "indicator_number": t.indicator_number, "direction": t.direction, "change": t.change,
            "comparator": t.comparator, "value": t.value, "value_max": t.value_max, "unit": t.unit, "year": t.year,
            "qualifier": t.qualifier, "text": t.text, "span_start": t.span[0], "span_end": t.span[1],
        }
    for d in document.deadlines:
        yield "deadlines", {
            **base, "deadline_id": d.id, "section_id": d.section_id, "kind": d.kind, "value": d.value,
            "recurrence": d.recurrence, "subject": d.subject, "text": d.text, "span_start": d.span[0], "span_end": d.span[1],
        }
    for c in document.citations:
        cited = {"citation_id": c.id, "cited_type": c.doc_type, "cited_code": c.code}
        yield "citations", {
            **base, **cited, "cited_number": c.number, "cited_date": c.date, "cited_issuer": c.issuer,
            "cited_title": c.title, "n_mentions": len(c.mentions),
        }
        for mention in c.mentions:
            yield "citation_mentions", {
                **base, **cited, "mention": mention.text, "span_start": mention.span[0], "span_end": mention.span[1],
            }
    for a in document.assignments:
        common = {
            **base, "assignment_id": a.id, "section_id": a.section_id, "agency": a.agency, "agency_level": a.agency_level,
            "role": a.role, "indicator_numbers": ";".join(map(str, a.indicator_numbers)) or None,
            "partners": ";".join(a.partners) or None, "span_start": a.span[0], "span_end": a.span[1],
        }
        for index, task in enumerate(a.tasks or [None], start=1):
            yield "assignments", {**common, "task_index": index if task is not None else None, "task": task}


def columns_markdown() -> str:
    """The column list of every table, as the README shows it."""
    out = ["Every table starts with the document's columns: "
           + ", ".join(f"`{c.name}`" for c in DOCUMENT_COLUMNS) + "."]
    for name, columns in TABLES.items():
        own = [c for c in columns if c not in DOCUMENT_COLUMNS] if name != "documents" else columns[len(DOCUMENT_COLUMNS):]
        out.append(f"\n`{name}`:\n")
        out.extend(f"- `{c.name}` ({c.type}): {c.description}" for c in own)
    return "\n".join(out)
