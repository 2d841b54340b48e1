"""Load: bytes → `Text`, the original string and the cleaned string the extractors read.

Cleaning applies NFC and modern tone marks, removes markdown markers, strips the white
space around lines and joins lines broken mid-sentence (page breaks, hard wraps). Every
change is recorded in an `OffsetMap`, so a span in the clean text maps back to the exact
place in the original (output-contract.md, "Offsets").
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata
from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import Optional

import regex
from pydantic import BaseModel, ConfigDict

from .labels import starts_block
from .models import Span
from .textnorm import OLD_TONE, fold_markup, modern_tones

FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md"}


class LoadError(ValueError):
    """An input file that cannot be read as text; the message names the file."""

    def __init__(self, path: str | Path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


class OffsetMap:
    """Edits that turned one string into another, as sorted (new range, old range) pairs.

    Outside an edit, text was copied unchanged, so a position moves by the length
    difference of the edits before it. A position inside an edit maps to the edit's
    boundary, widening a span rather than cutting into a replaced piece.
    """

    __slots__ = ("new_starts", "new_ends", "old_starts", "old_ends")

    def __init__(self) -> None:
        self.new_starts: list[int] = []
        self.new_ends: list[int] = []
        self.old_starts: list[int] = []
        self.old_ends: list[int] = []

    def add(self, new_start: int, new_end: int, old_start: int, old_end: int) -> None:
        if self.new_ends and self.new_ends[-1] == new_start and self.old_ends[-1] == old_start:
            self.new_ends[-1], self.old_ends[-1] = new_end, old_end  # touching edits merge
            return
        self.new_starts.append(new_start)
        self.new_ends.append(new_end)
        self.old_starts.append(old_start)
        self.old_ends.append(old_end)

    def start(self, pos: int) -> int:
        """Old position of a span start: after anything deleted right there."""
        i = bisect_right(self.new_starts, pos) - 1
        if i < 0:
            return pos
        if pos < self.new_ends[i]:
            return self.old_starts[i]
        return self.old_ends[i] + (pos - self.new_ends[i])

    def end(self, pos: int) -> int:
        """Old position of a span end: before anything deleted right there."""
        i = bisect_left(self.new_starts, pos) - 1
        if i < 0:
            return pos
        if pos <= self.new_ends[i]:
            return self.old_ends[i]
        return self.old_ends[i] + (pos - self.new_ends[i])


class _Builder:
    """Copies an old string piece by piece into a new one, recording every edit."""

    def __init__(self, old: str) -> None:
        self.old = old
        self.parts: list[str] = []
        self.length = 0
        self.done = 0  # old text consumed so far
        self.map = OffsetMap()

    def replace(self, start: int, end: int, new: str) -> None:
        if start > self.done:
            self.parts.append(self.old[self.done:start])
            self.length += start - self.done
        if new == self.old[start:end]:
            self.parts.append(new)
        else:
            self.map.add(self.length, self.length + len(new), start, end)
            self.parts.append(new)
        self.length += len(new)
        self.done = end

    def finish(self) -> tuple[str, OffsetMap]:
        self.replace(len(self.old), len(self.old), "")
        return "".join(self.parts), self.map


class Text(BaseModel):
    """A loaded document: what was read and what the extractors see."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    path: str
    format: str
    sha256: str
    original: str
    clean: str
    maps: tuple[OffsetMap, ...]  # applied in reverse to go from clean back to original

    def to_original(self, start: int, end: int) -> Span:
        for offset_map in reversed(self.maps):
            start, end = offset_map.start(start), offset_map.end(end)
        return (start, max(start, end))

    def original_text(self, start: int, end: int) -> str:
        """The original text behind a clean span, folded as the contract folds it."""
        a, b = self.to_original(start, end)
        return fold_markup(self.original[a:b])


# --- decoding -------------------------------------------------------------------------

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, path: str | Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else cp1258 when that reads cleanly."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as e:
                raise LoadError(path, f"starts with a {encoding} byte order mark but is not valid {encoding} ({e.reason} at byte {e.start})")
    if b"\x00" in data[:4096]:
        raise LoadError(path, "looks binary (NUL bytes), not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            text = None
        if text is None or CONTROL.search(text):
            raise LoadError(path, f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and not clean cp1258 text")
        return text


# --- cleaning -------------------------------------------------------------------------

COMBINING_RUN = regex.compile(r"\P{M}\p{M}+")

LINE_LEAD = regex.compile(r"[\s\ufeff]*(?:#{1,6}(?:[ \t]+|$))?(?:\*+[ \t]*)*")
LINE_TAIL_CHARS = " \t\r\f\v\ufeff*"  # white space and emphasis markers closing a line
INLINE = regex.compile(
    r"\*+"  # bold / italic markers
    r"|(?<![\p{L}\p{N}])_+(?=[\p{L}\p{N}])|(?<=[\p{L}\p{N}.,;:!?)])_+(?![\p{L}\p{N}])"  # _emphasis_
    r"|\\(?=[\\`*_{}\[\]()#+\-.!|])"  # markdown escapes: "1\." → "1."
    r"|" + OLD_TONE.pattern
)

SENTENCE_END = regex.compile(r"[.:;!?]$")
GLUE_NO_SPACE = regex.compile(r"[\p{L}\p{N}][-/]$")  # "28-" + "CT/TW"


def _nfc(original: str) -> tuple[str, Optional[OffsetMap]]:
    if unicodedata.is_normalized("NFC", original):
        return original, None
    builder = _Builder(original)
    for m in COMBINING_RUN.finditer(original):
        builder.replace(m.start(), m.end(), unicodedata.normalize("NFC", m.group()))
    text, offset_map = builder.finish()
    return unicodedata.normalize("NFC", text), offset_map


def _lines(text: str):
    """(start, end, content_start, content_end, content) for each line; content is cleaned."""
    pos, n = 0, len(text)
    while pos <= n:
        end = text.find("\n", pos)
        if end < 0:
            end = n
        lead = LINE_LEAD.match(text, pos, end).end()
        tail = lead + len(text[lead:end].rstrip(LINE_TAIL_CHARS))
        edits = [(m.start(), m.end(), _inline_replacement(m.group())) for m in INLINE.finditer(text, lead, tail)]
        content = _apply(text, lead, tail, edits)
        yield pos, end, lead, tail, edits, content
        pos = end + 1


def _inline_replacement(marker: str) -> str:
    return modern_tones(marker) if marker[0].isalpha() else ""


def _apply(text: str, start: int, end: int, edits: list[tuple[int, int, str]]) -> str:
    if not edits:
        return text[start:end]
    out, done = [], start
    for a, b, new in edits:
        out.append(text[done:a])
        out.append(new)
        done = b
    out.append(text[done:end])
    return "".join(out)


def _joiner(previous: str, following: str) -> Optional[str]:
    """How two non-blank lines join ("" or " "), or None when the break is real."""
    if not previous or not following or starts_block(following) or SENTENCE_END.search(previous):
        return None
    if GLUE_NO_SPACE.search(previous) and following[0].isalnum():
        return ""
    first = following[0]
    if first.islower() or previous.endswith(","):
        return " "
    if first.isdigit() and previous[-1].isalpha():
        return " "
    return None


def clean_text(nfc_text: str) -> tuple[str, OffsetMap]:
    """Markdown markers out, tone marks modern, line edges stripped, broken lines joined."""
    builder = _Builder(nfc_text)
    lines = list(_lines(nfc_text))
    pending: Optional[tuple] = None  # last non-blank line, its tail not yet written
    gap_blank: list[tuple] = []
    for line in lines:
        start, end, lead, tail, edits, content = line
        if not content:
            if pending is None:
                builder.replace(start, end, "")
            else:
                gap_blank.append(line)
            continue
        if pending is not None:
            joiner = _joiner(pending[5], content)
            if joiner is not None:
                builder.replace(pending[3], lead, joiner)
                gap_blank = []
                _write_content(builder, line)
                pending = line
                continue
            builder.replace(pending[3], pending[1], "")
            for blank in gap_blank:
                builder.replace(blank[0], blank[1], "")
            gap_blank = []
        builder.replace(start, lead, "")
        _write_content(builder, line)
        pending = line
    if pending is not None:
        builder.replace(pending[3], pending[1], "")
        for blank in gap_blank:
            builder.replace(blank[0], blank[1], "")
    return builder.finish()


def _write_content(builder: _Builder, line: tuple) -> None:
    for a, b, new in line[4]:
        builder.replace(a, b, new)


def load_text(original: str, *, path: str = "<string>", format: str = "txt", sha256: str = "") -> Text:
    nfc_text, nfc_map = _nfc(original)
    clean, clean_map = clean_text(nfc_text)
    maps = tuple(m for m in (nfc_map, clean_map) if m is not None)
    return Text(path=path, format=format, sha256=sha256, original=original, clean=clean, maps=maps)


def load(path: str | Path) -> Text:
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise LoadError(path, f"unsupported file type {path.suffix or '(none)'}; expected one of {', '.join(sorted(FORMATS))}")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise LoadError(path, f"cannot be read: {e.strerror or e}")
    if not data.strip():
        raise LoadError(path, "is empty")
    original = decode(data, path)
    return load_text(original, path=str(path), format=fmt, sha256=hashlib.sha256(data).hexdigest())
