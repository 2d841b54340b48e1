"""Load: bytes → `Text`, the original string and the cleaned string the extractors read.

Cleaning applies NFC and modern tone marks, removes markdown markers, strips the white
space around lines and joins lines broken mid-sentence (page breaks, hard wraps). Every
change is recorded in an `OffsetMap`, so a span in the clean text maps back to the exact
place in the original (output-contract.md, "Offsets").
"""

from __future__ import annotations

import codecs
import hashlib
import os
import unicodedata
from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import NamedTuple, Optional

import regex
from pydantic import BaseModel, ConfigDict

from . import legacy
from .labels import starts_block
from .models import Span
from .readers import READERS
from .readers.common import ReadError, human_size
from .textnorm import OLD_TONE, OLD_TONE_CANDIDATES, SPACE_CHARS, fold_markup, modern_tones

FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}
DEFAULT_MAX_BYTES = 50_000_000  # a plan is rarely over 1 MB; beyond this a file is refused unread
MAX_BYTES_VARIABLE = "PLAN_EXTRACT_MAX_BYTES"
LEGACY = ("tcvn3", "vni")
MAX_DAMAGED_SHARE = 1000  # up to one invalid UTF-8 sequence per this many characters is read as U+FFFD


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


Edit = tuple[int, int, str]  # (start, end, replacement) in the old string


def _apply(old: str, edits: list[Edit]) -> tuple[str, OffsetMap]:
    """`old` with the edits made (sorted, not overlapping, each a real change), and their map."""
    offset_map = OffsetMap()
    new_starts, new_ends = offset_map.new_starts, offset_map.new_ends
    old_starts, old_ends = offset_map.old_starts, offset_map.old_ends
    parts = []
    done = shift = 0  # old text copied so far; new length minus old length so far
    for start, end, new in edits:
        new_start = start + shift
        if start == done and old_ends:  # touching the edit before: the two merge into one
            new_ends[-1], old_ends[-1] = new_start + len(new), end
        else:
            parts.append(old[done:start])
            new_starts.append(new_start)
            new_ends.append(new_start + len(new))
            old_starts.append(start)
            old_ends.append(end)
        parts.append(new)
        shift += len(new) - (end - start)
        done = end
    parts.append(old[done:])
    return "".join(parts), offset_map


class Text(BaseModel):
    """A loaded document: what was read and what the extractors see."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    path: str
    format: str
    sha256: str
    original: str
    clean: str
    maps: tuple[OffsetMap, ...]  # applied in reverse to go from clean back to original
    encoding: Optional[str] = None  # how the bytes were read; None for docx/pdf/html
    converted: bool = False  # `original` was converted from a legacy encoding
    warnings: tuple[str, ...] = ()

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


class Decoded(NamedTuple):
    text: str
    encoding: str
    damaged: int = 0  # invalid UTF-8 sequences read as U+FFFD


def decode(data: bytes, path: str | Path) -> Decoded:
    """The text and its encoding: UTF-8 (with or without BOM), UTF-16 with BOM, TCVN3 or VNI
    when one of them reads as Vietnamese, UTF-8 with a few damaged bytes (each read as
    U+FFFD, the replacement character), else cp1258 when that reads cleanly."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding.removesuffix("-sig"))
            except UnicodeDecodeError as e:
                raise LoadError(path, f"starts with a {encoding} byte order mark but is not valid {encoding} ({e.reason} at byte {e.start})")
    if b"\x00" in data[:4096]:
        raise LoadError(path, "looks binary (NUL bytes), not a text file")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        reading = legacy.detect(legacy.as_windows_1252(data))
        if reading is not None:
            return Decoded(reading.text, reading.encoding)
        text = data.decode("utf-8", errors="replace")
        damaged = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
        if damaged <= max(3, len(text) // MAX_DAMAGED_SHARE):
            return Decoded(text, "utf-8", damaged)  # a few damaged bytes: keep the document, mark the places
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            text = None
        if text is None or CONTROL.search(text):
            raise LoadError(path, f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}), and reads neither as "
                                  "Vietnamese in TCVN3 or VNI nor as clean cp1258 text")
        return Decoded(text, "cp1258")


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
INLINE_MARKER_CHARS = "*_\\"  # what every INLINE match but OLD_TONE's starts with

GLUE_NO_SPACE = regex.compile(r"[\p{L}\p{N}][-/]$")  # "28-" + "CT/TW"
SENTENCE_END_CHARS = ".:;!?"
LEAD_SPACE_CHARS = SPACE_CHARS + "\ufeff"  # what LINE_LEAD takes before a "#" or "*"
LEAD_FIRST_CHARS = frozenset(LEAD_SPACE_CHARS + "#*")  # the only characters LINE_LEAD can take


def _nfc(original: str) -> tuple[str, Optional[OffsetMap]]:
    if unicodedata.is_normalized("NFC", original):
        return original, None
    runs = ((m.start(), m.end(), m.group(), unicodedata.normalize("NFC", m.group())) for m in COMBINING_RUN.finditer(original))
    text, offset_map = _apply(original, [(start, end, nfc) for start, end, run, nfc in runs if nfc != run])
    return unicodedata.normalize("NFC", text), offset_map


def _inline_candidates(text: str) -> list[int]:
    """Sorted places where an INLINE match may start: every one, and a few more. INLINE,
    an alternation with look-behinds tried at every position, takes 4x as long to find them."""
    starts = [m.start() for pattern in OLD_TONE_CANDIDATES for m in pattern.finditer(text)]
    for char in INLINE_MARKER_CHARS:
        i = text.find(char)
        while i >= 0:
            starts.append(i)
            i = text.find(char, i + 1)
    starts.sort()
    return starts


def _inline_replacement(marker: str) -> str:
    return modern_tones(marker) if marker[0].isalpha() else ""


def _content(text: str, lead: int, tail: int) -> tuple[tuple, str]:
    """The inline edits (start, end, replacement) between `lead` and `tail`, and the content
    they leave."""
    found = ((m.start(), m.end(), m.group()) for m in INLINE.finditer(text, lead, tail))
    edits = tuple((a, b, new) for a, b, marker in found if (new := _inline_replacement(marker)) != marker)
    out, done = [], lead
    for a, b, new in edits:
        out.append(text[done:a])
        out.append(new)
        done = b
    out.append(text[done:tail])
    return edits, "".join(out)


def _joiner(previous: str, following: str) -> Optional[str]:
    """How two non-blank lines join ("" or " "), or None when the break is real."""
    if previous[-1] in SENTENCE_END_CHARS:
        return None
    first = following[0]
    if previous[-1] in "-/" and GLUE_NO_SPACE.search(previous) and first.isalnum():
        joiner = ""
    elif first.islower() or previous[-1] == "," or (first.isdigit() and previous[-1].isalpha()):
        joiner = " "
    else:
        return None
    return None if starts_block(following) else joiner  # the label test last: it is the dearest


def clean_text(text: str) -> tuple[str, OffsetMap]:
    """Markdown markers out, tone marks modern, line edges stripped, broken lines joined
    (`text` is in NFC).

    Each line has a lead (white space, "#" and emphasis markers before its content), its
    content (with inline edits: emphasis markers out, tone marks modern) and a tail (white
    space and markers after it). A line whose content is empty is blank. Between two
    non-blank lines, either the break is joined (the tail, the blank lines and the lead
    become "" or " ") or each of them loses its lead, tail and blank-line white space,
    keeping the line breaks.

    This loop runs once per line of every input (PDF text breaks a line every 40
    characters), so it does the least it can in Python: the places where an INLINE match
    may start, found in the whole text at once, say which lines may hold an inline marker
    (INLINE runs only on those; no match spans a line break), LINE_LEAD runs only on a line that
    starts with a character it could remove, and the edits are only listed here, to be
    made in one go at the end.
    """
    edits: list[Edit] = []
    edit = edits.append
    inline_starts = _inline_candidates(text)
    inline_starts.append(len(text) + 1)  # after the end: the loop needs no bounds test
    k = 0
    # The last non-blank line, its tail not yet dropped: its content, where that ends, where the line ends.
    pending_content: Optional[str] = None
    pending_tail = pending_end = 0
    blanks: list[Edit] = []  # blank lines after it, their white space removed unless the break is joined
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line[:1] not in LEAD_FIRST_CHARS:
            lead = start
        elif line.strip(LEAD_SPACE_CHARS):
            lead = LINE_LEAD.match(text, start, end).end()
        else:
            lead = end  # white space only, all of it lead (PDF text has many " " lines)
        tail = start + len(line.rstrip(LINE_TAIL_CHARS))
        if tail < lead:
            tail = lead
        while inline_starts[k] < lead:
            k += 1
        if inline_starts[k] < tail:
            inline_edits, content = _content(text, lead, tail)
        else:
            inline_edits, content = (), text[lead:tail]
        if not content:
            if end > start:
                (blanks if pending_content is not None else edits).append((start, end, ""))
            start = end + 1
            continue
        joiner = _joiner(pending_content, content) if pending_content is not None else None
        if joiner is not None:
            edit((pending_tail, lead, joiner))
        else:
            if pending_content is not None:
                _drop_tail(edits, pending_tail, pending_end, blanks)
            if lead > start:
                edit((start, lead, ""))
        if blanks:
            blanks = []
        if inline_edits:
            edits.extend(inline_edits)
        pending_content, pending_tail, pending_end = content, tail, end
        start = end + 1
    if pending_content is not None:
        _drop_tail(edits, pending_tail, pending_end, blanks)
    return _apply(text, edits)


def _drop_tail(edits: list[Edit], tail: int, end: int, blanks: list[Edit]) -> None:
    """Remove what follows a line's content (tail to end), and the white space of the blank
    lines after it."""
    if end > tail:
        edits.append((tail, end, ""))
    edits.extend(blanks)


def load_text(original: str, *, path: str = "<string>", format: str = "txt", sha256: str = "",
              encoding: Optional[str] = None, converted: bool = False, warnings: tuple[str, ...] = ()) -> Text:
    nfc_text, nfc_map = _nfc(original)
    clean, clean_map = clean_text(nfc_text)
    maps = tuple(m for m in (nfc_map, clean_map) if m is not None)
    return Text(path=path, format=format, sha256=sha256, original=original, clean=clean, maps=maps,
                encoding=encoding, converted=converted, warnings=warnings)


def max_bytes_default() -> int:
    """The size limit: $PLAN_EXTRACT_MAX_BYTES when set, else DEFAULT_MAX_BYTES."""
    value = os.environ.get(MAX_BYTES_VARIABLE, "")
    return int(value) if value.isdigit() else DEFAULT_MAX_BYTES


def load(path: str | Path, *, max_bytes: Optional[int] = None) -> Text:
    """Read a file of any supported format; LoadError (naming the file) when it cannot be."""
    path = Path(path)
    max_bytes = max_bytes_default() if max_bytes is None else max_bytes
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise LoadError(path, f"unsupported file type {path.suffix or '(none)'}; expected one of {', '.join(sorted(FORMATS))}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoadError(path, f"is {human_size(size)}, over the {human_size(max_bytes)} size limit "
                                  f"(raise it with --max-size or ${MAX_BYTES_VARIABLE})")
        data = path.read_bytes()
    except OSError as e:
        raise LoadError(path, f"cannot be read: {e.strerror or e}")
    if not data.strip():
        raise LoadError(path, "is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    if fmt in READERS:
        try:
            original = READERS[fmt](data, max_bytes)
        except ReadError as error:
            raise LoadError(path, str(error))
        encoding, converted, damaged = None, False, 0
    else:
        original, encoding, damaged = decode(data, path)
        converted = encoding in LEGACY
    if converted:
        warnings = (f"read as {legacy.name_of(encoding)}; converted to Unicode",)
    elif damaged:
        warnings = (f"{damaged} invalid UTF-8 byte sequences read as U+FFFD",)
    elif (reading := legacy.detect(original)) is not None:  # legacy text pasted into UTF-8, or into a DOCX
        original, converted = reading.text, True
        warnings = (f"the text was {reading.name} mojibake; converted to Unicode",)
    else:
        warnings = ()
    if not original.strip():
        raise LoadError(path, "has no text")
    return load_text(original, path=str(path), format=fmt, sha256=sha256, encoding=encoding, converted=converted,
                     warnings=warnings)
