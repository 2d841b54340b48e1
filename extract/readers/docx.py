"""DOCX: paragraphs and tables in body order, Word's automatic numbering written out."""

from __future__ import annotations

import io
import zipfile
from typing import Optional

from ..labels import to_roman
from .common import ReadError, human_size

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_RATIO = 200  # uncompressed / compressed: ordinary DOCX parts stay far below this
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def check_archive(data: bytes, max_bytes: int) -> None:
    """Refuse a damaged zip, or one that would expand past the size limit (a zip bomb),
    before anything is decompressed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise ReadError(f"is not a readable .docx file (damaged or truncated zip archive: {error})")
    members = archive.infolist()
    expanded = sum(m.file_size for m in members)
    if expanded > max_bytes:
        raise ReadError(f"would expand to {human_size(expanded)}, over the {human_size(max_bytes)} limit "
                        "(a zip bomb?); not opened")
    for m in members:
        if m.compress_size and m.file_size / m.compress_size > MAX_RATIO and m.file_size > 1_000_000:
            raise ReadError(f"part {m.filename} is compressed {m.file_size // m.compress_size}:1 (a zip bomb?); not opened")


def _number(value: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        roman = to_roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = LETTERS[(value - 1) % 26]
        return letter if fmt == "lowerLetter" else letter.upper()
    return str(value)


class Numbering:
    """Word's list numbering, counted paragraph by paragraph as Word would show it."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (format, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{W}lvl"):
                fmt, text, start = lvl.find(f"{W}numFmt"), lvl.find(f"{W}lvlText"), lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl"))] = (
                    fmt.get(f"{W}val") if fmt is not None else "decimal",
                    text.get(f"{W}val") if text is not None else "",
                    int(start.get(f"{W}val")) if start is not None else 1,
                )
            abstract[node.get(f"{W}abstractNumId")] = levels
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{W}numId")] = abstract.get(ref.get(f"{W}val"), {})

    def label(self, paragraph) -> Optional[str]:
        num_pr = _num_pr(paragraph)
        if num_pr is None:
            return None
        num_id, level = num_pr
        levels = self.levels.get(num_id, {})
        if level not in levels:
            return None
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]  # a new item restarts the levels under it
        fmt, text, _ = levels[level]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return None
        label = text
        for k in range(level + 1):
            value = counters.get(k, levels.get(k, ("decimal", "", 1))[2])
            label = label.replace(f"%{k + 1}", _number(value, levels.get(k, (fmt,))[0]))
        return label or None


def _num_pr(paragraph) -> Optional[tuple[str, int]]:
    for p_pr in (paragraph._p.pPr, _style_p_pr(paragraph)):
        num_pr = p_pr.find(f"{W}numPr") if p_pr is not None else None
        if num_pr is not None:
            num_id, ilvl = num_pr.find(f"{W}numId"), num_pr.find(f"{W}ilvl")
            if num_id is not None and num_id.get(f"{W}val") != "0":
                return num_id.get(f"{W}val"), int(ilvl.get(f"{W}val")) if ilvl is not None else 0
    return None


def _style_p_pr(paragraph):
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return None
    return style.element.pPr if style is not None else None


def read(data: bytes, max_bytes: int) -> str:
    import docx
    from docx.table import Table

    check_archive(data, max_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
        numbering = Numbering(document)
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(" | ".join(cell.text.strip() for cell in row.cells) for row in block.rows)
                continue
            label = numbering.label(block)
            text = block.text
            lines.append(f"{label} {text}" if label else text)
    except ReadError:
        raise
    except Exception as error:  # python-docx and lxml raise many kinds on a broken file
        raise ReadError(f"is not a readable .docx file ({type(error).__name__}: {error})")
    return "\n".join(lines) + "\n"
