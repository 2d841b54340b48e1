"""Compare: the commitments of many plans side by side.

Two views over a set of output documents:
- commitments: one row per coded indicator (extract/data/indicators.toml), one column per
  document ("province / district"), each cell the document's targets for it ("< 15% (2020)");
- responsibilities: one row per indicator and agency, one column per document, each cell the
  agency's role for that indicator ("chỉ tiêu" numbers in the assignments, matched to the
  targets carrying those numbers).
Documents with nothing to show in a view get no column in it. Each view is a plain `Table`
(header + rows) that is printed, saved as CSV and Markdown, and,
for one indicator, drawn as a chart of its values across documents and years.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from .emit import write_atomic
from .models import Document, Target
from .tables import indicator_labels

ROLE_ORDER = {"lead": 0, "coordinate": 1, "requested": 2}


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]

    def without_empty_columns(self, first: int) -> "Table":
        """The table without the document columns (from `first` on) that have no cell."""
        keep = [i for i in range(len(self.header)) if i < first or any(row[i] for row in self.rows)]
        return Table(self.title, [self.header[i] for i in keep], [[row[i] for i in keep] for row in self.rows])

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return out.getvalue()

    def markdown(self) -> str:
        def cell(text: str) -> str:
            return text.replace("|", "\\|").replace("\n", " ")

        lines = [f"| {' | '.join(map(cell, self.header))} |", "|" + "---|" * len(self.header)]
        lines.extend(f"| {' | '.join(map(cell, row))} |" for row in self.rows)
        return f"## {self.title}\n\n" + "\n".join(lines) + "\n"


def document_label(document: Document) -> str:
    """ "Tuyên Quang", "Bắc Giang / Tân Yên"; the doc_id when the place is not known."""
    m = document.metadata
    place = " / ".join(p for p in (m.province, m.district) if p)
    return place or document.doc_id


def _labels(documents: list[Document]) -> list[str]:
    """Column headings: a place named by two documents gets their ids as well."""
    labels = [document_label(d) for d in documents]
    count = Counter(labels)
    return [f"{label} ({d.doc_id})" if count[label] > 1 else label for label, d in zip(labels, documents)]


def format_value(value: Optional[float]) -> str:
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",")  # Vietnamese decimal comma, as the plans write it


def format_target(target: Target) -> str:
    """ "< 15% (2020)", "= 2–3 per 1000 (2025)", "≥ 95%"."""
    value = format_value(target.value)
    if target.value_max is not None:
        value = f"{value}–{format_value(target.value_max)}"
    unit = {"%": "%", "count": "", None: ""}.get(target.unit, f" {target.unit}")
    comparator = {"<=": "≤", ">=": "≥"}.get(target.comparator, target.comparator)
    year = f" ({target.year})" if target.year else ""
    text = f"{comparator} {value}{unit}{year}".strip() if value else f"{target.direction}{year}"
    return text + (f" [{target.qualifier}]" if target.qualifier else "")


def _wanted(target: Target, indicator: Optional[str], year: Optional[int]) -> bool:
    return (target.indicator_code is not None and (indicator is None or target.indicator_code == indicator)
            and (year is None or target.year == year))


def commitments(documents: list[Document], *, indicator: Optional[str] = None, year: Optional[int] = None) -> Table:
    labels = indicator_labels()
    columns = _labels(documents)
    cells: dict[str, dict[int, list[str]]] = {}
    for i, document in enumerate(documents):
        for target in document.targets:
            if _wanted(target, indicator, year):
                cells.setdefault(target.indicator_code, {}).setdefault(i, []).append(format_target(target))
    order = {code: n for n, code in enumerate(labels)}
    rows = [[code, labels.get(code, ""), *("; ".join(cells[code].get(i, [])) for i in range(len(documents)))]
            for code in sorted(cells, key=lambda c: (order.get(c, len(order)), c))]
    return Table("Commitments by indicator", ["indicator_code", "indicator", *columns], rows).without_empty_columns(2)


def responsibilities(documents: list[Document], *, indicator: Optional[str] = None) -> Table:
    """Who answers for which indicator: an assignment's "chỉ tiêu" numbers, matched to the
    codes of the document's targets with those numbers."""
    labels = indicator_labels()
    columns = _labels(documents)
    cells: dict[tuple[str, str], dict[int, set[str]]] = {}
    for i, document in enumerate(documents):
        codes_by_number: dict[int, set[str]] = {}
        for target in document.targets:
            if target.indicator_number is not None and target.indicator_code:
                codes_by_number.setdefault(target.indicator_number, set()).add(target.indicator_code)
        for assignment in document.assignments:
            for number in assignment.indicator_numbers:
                for code in codes_by_number.get(number, ()):
                    if indicator is None or code == indicator:
                        cells.setdefault((code, assignment.agency), {}).setdefault(i, set()).add(assignment.role)
    rows = [[code, labels.get(code, ""), agency,
             *(", ".join(sorted(cells[(code, agency)].get(i, ()), key=ROLE_ORDER.get)) for i in range(len(documents)))]
            for code, agency in sorted(cells)]
    return Table("Responsibility for indicators", ["indicator_code", "indicator", "agency", *columns],
                 rows).without_empty_columns(3)


def save(tables: Iterable[Table], folder: Path, names: Iterable[str]) -> list[Path]:
    written = []
    for table, name in zip(tables, names):
        for suffix, content in (("csv", table.csv()), ("md", table.markdown())):
            path = folder / f"{name}.{suffix}"
            write_atomic(path, content.encode("utf-8"))
            written.append(path)
    return written


def chart(documents: list[Document], indicator: str, path: Path) -> Path:
    """One indicator's target values across documents and years: SVG, PNG, or an HTML page
    holding the SVG."""
    import matplotlib

    matplotlib.use("Agg")  # no screen needed
    import matplotlib.pyplot as plt

    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png", ".html"):
        raise ValueError(f"{path}: a chart is written as .svg, .png or .html")
    figure, axes = plt.subplots(figsize=(8, 4.5))
    units = set()
    for label, document in zip(_labels(documents), documents):
        points = sorted((t.year, t.value) for t in document.targets
                        if t.indicator_code == indicator and t.year is not None and t.value is not None)
        units.update(t.unit for t in document.targets if t.indicator_code == indicator)
        if points:
            axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label)
    if not axes.lines:
        plt.close(figure)
        raise ValueError(f"no document has a dated value for {indicator}")
    axes.set_title(f"{indicator}: {indicator_labels().get(indicator, '')}", fontsize=9, wrap=True)
    axes.set_xlabel("year")
    axes.set_ylabel(", ".join(sorted(u for u in units if u)) or "value")
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png" if suffix == ".png" else "svg")
    plt.close(figure)
    content = buffer.getvalue()
    if suffix == ".html":
        content = (f"<!doctype html><html><head><meta charset='utf-8'><title>{indicator}</title></head>"
                   f"<body>{content.decode('utf-8').split('?>', 1)[-1]}</body></html>\n").encode("utf-8")
    write_atomic(path, content)
    return path
