"""Segment: `Text` → `Outline`, the section tree built from numbered headings.

Headings are found line by line in the clean text (labels: `labels.py`); one nesting
pass then decides each heading's level from its label style and the headings before it.
Nesting follows the numbering, never markdown levels. Ambiguous or inconsistent numbering
is kept as written, with a warning.

Spans in an `Outline` are offsets into the clean text; `emit` maps them to the original.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Optional

import regex
from pydantic import BaseModel

from .data import document_type_names, load as load_data
from .labels import LETTER_ORDER, Label, match_label, roman_value
from .load import Text
from .models import Section
from .textnorm import SPACE_CHARS, normalize

# Natural rank of each style, used only when a style appears for the first time below
# a style that normally sits lower ("II." after "a)" closes the letter and arabic levels).
STYLE_RANK = {"part": 0, "article": 1, "roman": 2, "arabic": 3, "decimal": 4, "letter": 5}

CLOSING = regex.compile(
    r"^(?:N[ơo]i nhận|NƠI NHẬN|Nơi gửi)\b"  # recipients ("Noi nhận" is a common typo)
    r"|^(?:TM|T/M|KT|K/T|TL|T/L|TUQ|Q)\.?\s+\p{Lu}{2,}"  # signature authority: "KT. CHỦ TỊCH"
)
CLOSING_FIRST_CHARS = "NTKQ"  # every CLOSING match starts with one of these: tested first, far cheaper
END_OF_TEXT = regex.compile(r"\./\.?\s*$")  # "… thực hiện./." closes the body
FIRST_SENTENCE_END = regex.compile(r"(?<=[\p{Ll}\d)”\"])\.(?=\s+\p{Lu})")
MAX_SUBTITLE = 200  # longer text after a colon is body text, even without a final full stop
TRAILING_CHARS = SPACE_CHARS + ".:;,/"  # white space and punctuation a title does not end with


class Outline(BaseModel):
    """The section tree (clean-text spans) and where the plan's body ends."""

    sections: list[Section]
    warnings: list[str] = []
    body_start: Optional[int] = None  # first heading
    closing_start: Optional[int] = None  # first "Nơi nhận" / signature block after the body

    def section_at(self, pos: int) -> Optional[Section]:
        """The innermost section whose span holds the clean-text position `pos`.

        Spans nest (a child lies inside its parent, siblings one after the other), so it is
        the last section (in document order) starting at or before `pos`, or the nearest of
        its ancestors whose span goes on past `pos`: a bisection, not a walk of the tree."""
        i = self._innermost(pos)
        return self._section_index[1][i] if i >= 0 else None

    def sections_at(self, pos: int) -> list[Section]:
        """The sections whose spans hold `pos`, outermost first: `section_at(pos)` and its
        ancestors."""
        _, sections, parents = self._section_index
        chain, i = [], self._innermost(pos)
        while i >= 0:
            chain.append(sections[i])
            i = parents[i]
        return chain[::-1]

    def _innermost(self, pos: int) -> int:
        """The place in `_section_index` of the innermost section holding `pos` (-1: none)."""
        starts, sections, parents = self._section_index
        i = bisect_right(starts, pos) - 1
        while i >= 0 and pos >= sections[i].span[1]:
            i = parents[i]
        return i

    @cached_property
    def _section_index(self) -> tuple[list[int], list[Section], list[int]]:
        """Every section in document order, its start, and its parent's place (-1: none)."""
        sections, parents = [], []
        stack = [(s, -1) for s in reversed(self.sections)]
        while stack:
            section, parent = stack.pop()
            parents.append(parent)
            sections.append(section)
            stack.extend((child, len(sections) - 1) for child in reversed(section.children))
        return [s.span[0] for s in sections], sections, parents

    def flat(self) -> list[Section]:
        """Every section in document order (a parent before its children)."""
        return list(self._section_index[1])


@dataclass
class _Heading:
    label: Label
    start: int  # line start in clean text
    title_start: int
    title_end: int
    line_end: int
    children: list["_Heading"] = field(default_factory=list)
    level: int = 1
    end: int = 0
    id: str = ""
    path: list[str] = field(default_factory=list)
    # Compared in nest and _check_numbering; set once here (a cached_property's first read
    # takes a lock in Python 3.11, which cost more than computing the key).
    style_key: tuple[str, float] = field(init=False)

    def __post_init__(self) -> None:
        self.style_key = _style_key(self.label)


def _title_end(line: str, title_start: int) -> int:
    """Where the title of a heading line ends: before body text run in after a colon
    ("1. Sở Y tế: Chủ trì, phối hợp …."), or at the first sentence end. A colon followed
    by a short phrase without final punctuation is part of the title ("a) Mục tiêu 1: Về
    bảo vệ trẻ em")."""
    rest = line[title_start:]
    cut = len(rest)
    colon = rest.find(":")
    if colon >= 0 and _is_body(rest[colon + 1:]):
        cut = colon
    sentence = FIRST_SENTENCE_END.search(rest)
    if sentence and sentence.start() < cut:
        cut = sentence.start()
    return title_start + len(rest[:cut].rstrip(TRAILING_CHARS))


def _is_body(text: str) -> bool:
    text = text.strip()
    return not text or len(text) > MAX_SUBTITLE or text[-1] in ".;!?…"


@lru_cache(maxsize=None)
def document_title() -> regex.Pattern:
    """A line that opens a document: "KẾ HOẠCH", "CHƯƠNG TRÌNH HÀNH ĐỘNG" (the type in group 1)."""
    names = document_type_names()
    return regex.compile(r"^(" + "|".join(regex.escape(n.upper()) for n in names) + r")\b")


@lru_cache(maxsize=None)
def _title_first_chars() -> frozenset[str]:
    """The characters a document_title() match starts with: tested first, far cheaper."""
    return frozenset(n.upper()[0] for n in document_type_names())


def _is_document_title(line: str) -> bool:
    """A line that is only a document type in capitals: "KẾ HOẠCH", "CHƯƠNG TRÌNH HÀNH ĐỘNG"."""
    m = document_title().match(line)
    return bool(m) and not line[m.end():].strip(" :")


def find_headings(clean: str) -> tuple[list[list[_Heading]], list[tuple[int, int]], Optional[int]]:
    """Headings grouped by document, each document's (start, end), and the first closing block.

    A file may bundle an adopting decision and its plan: after a closing block (recipients,
    signature) headings start again only at a new document title ("KẾ HOẠCH").
    """
    groups: list[list[_Heading]] = [[]]
    bounds: list[list[int]] = [[0, len(clean)]]
    closing_start: Optional[int] = None
    closed = False
    open_title: Optional[_Heading] = None  # last heading, while its title may go on
    after_end_mark = False
    # The cheap first-character tests are made here, not in the functions they guard: this
    # loop runs for every line, and a call costs more than the test.
    title_first_chars = _title_first_chars()
    start = next_start = 0
    for line in clean.split("\n"):
        start, next_start = next_start, next_start + len(line) + 1
        first = line[:1]
        if closed:
            if first in title_first_chars and document_title().match(line):
                closed = False
                groups.append([])
                bounds.append([start, len(clean)])
            continue
        if groups[-1] and line and (after_end_mark or (first in CLOSING_FIRST_CHARS and CLOSING.match(line))):
            closed = True
            bounds[-1][1] = start
            closing_start = start if closing_start is None else closing_start
            continue
        if not line:
            continue
        # a plan right after its decision's articles
        if groups[-1] and first in title_first_chars and _is_document_title(line):
            groups.append([])
            bounds[-1][1] = start
            bounds.append([start, len(clean)])
            open_title = None
            continue
        after_end_mark = "./" in line and END_OF_TEXT.search(line) is not None
        label = match_label(line)
        if label is None:
            if open_title is not None and line.isupper():
                open_title.title_end = open_title.line_end = start + len(line)  # "I. KẾT QUẢ\nĐẠT ĐƯỢC"
            elif open_title is not None and open_title.title_start == open_title.title_end:
                open_title.title_start = start  # "1." alone, its title on the next line
                open_title.title_end = start + _title_end(line, 0)
                open_title.line_end = start + len(line)
            open_title = None
            continue
        heading = _Heading(label, start, start + label.end, start + _title_end(line, label.end), start + len(line))
        groups[-1].append(heading)
        title = line[label.end:]
        open_title = heading if (not title or title.isupper()) else None
    return groups, [tuple(b) for b in bounds], closing_start


def _style_key(label: Label) -> tuple[str, float]:
    """Headings with the same key are siblings when they meet; the number orders keys."""
    if label.style == "decimal":
        depth = label.text.count(".") + 1
        return (f"decimal{depth}", STYLE_RANK["decimal"] + depth / 10)
    if label.style == "part" and not label.text.startswith("Phần"):
        return ("capital", STYLE_RANK["part"] + 0.5)  # "A." sits below "PHẦN I", above "I."
    return (label.style, STYLE_RANK[label.style])


def nest(headings: list[_Heading]) -> list[_Heading]:
    """Give each heading its parent: same label style → sibling of the earlier one;
    a new style → child of the current heading, unless its natural rank is higher."""
    roots: list[_Heading] = []
    stack: list[_Heading] = []
    for heading in headings:
        key, rank = heading.style_key
        for same in range(len(stack) - 1, -1, -1):
            if stack[same].style_key[0] == key:
                del stack[same:]
                break
        else:
            while stack and stack[-1].style_key[1] > rank:
                stack.pop()
        (stack[-1].children if stack else roots).append(heading)
        heading.level = len(stack) + 1
        stack.append(heading)
    return roots


def _ordinal(label: Label) -> Optional[tuple]:
    """Position of a label in its numbering, to spot jumps and repeats."""
    text = label.text
    if label.style == "roman":
        return (roman_value(text),)
    if label.style == "arabic":
        return (int(text),)
    if label.style == "decimal":
        return tuple(int(p) for p in text.split("."))
    if label.style == "letter":
        return (LETTER_ORDER.index(text),) if text in LETTER_ORDER else None
    if label.style == "part" and len(text) == 1:
        return (ord(text),)
    return None


def _check_numbering(siblings: list[_Heading], where: str, warnings: list[str]) -> None:
    seen: set[str] = set()
    previous: Optional[_Heading] = None
    for heading in siblings:
        label = heading.label
        if label.text in seen:
            warnings.append(f"section {label.text} repeated {where}; kept as written (id {heading.id})")
        elif previous is not None and previous.style_key[0] == heading.style_key[0]:
            before, now = _ordinal(previous.label), _ordinal(label)
            if before and now and before[:-1] == now[:-1] and now[-1] != before[-1] + 1:
                warnings.append(f"numbering jumps from {previous.label.text} to {label.text} {where}")
        seen.add(label.text)
        previous = heading


def _assign_ids(siblings: list[_Heading], parent: Optional[_Heading], taken: set[str]) -> None:
    for heading in siblings:
        base = f"{parent.id}/{heading.label.text}" if parent else heading.label.text
        heading.id, n = base, 1
        while heading.id in taken:
            n += 1
            heading.id = f"{base}#{n}"
        taken.add(heading.id)
        heading.path = (parent.path if parent else []) + [heading.label.text]
        _assign_ids(heading.children, heading, taken)


def _assign_ends(headings: list[_Heading], end: int) -> None:
    """A section runs to the next heading of the same or a higher level."""
    waiting: list[_Heading] = []  # headings whose end is not found yet; their levels rise
    for heading in headings:
        while waiting and waiting[-1].level >= heading.level:
            waiting.pop().end = heading.start
        waiting.append(heading)
    for heading in waiting:
        heading.end = end


@lru_cache(maxsize=None)
def _kind_keywords() -> list[tuple[str, str]]:
    return [(normalize(word), kind) for kind, words in load_data("section_kinds.toml").items() for word in words]


def section_kind(title: str) -> str:
    """purpose, objectives, tasks, funding, implementation, reporting or other."""
    key = normalize(title)
    found = [(key.find(word), -len(word), kind) for word, kind in _kind_keywords() if word in key]
    return min(found)[2] if found else "other"


def _top_kind(heading: _Heading, title: str) -> Optional[str]:
    if heading.level > 1:
        return None
    return "other" if heading.label.style == "article" else section_kind(title)


def _section_data(heading: _Heading, text: Text) -> dict:
    title = text.original_text(heading.title_start, heading.title_end)
    return {
        "id": heading.id,
        "path": heading.path,
        "label": heading.label.text,
        "style": heading.label.style,
        "level": heading.level,
        "title": title,
        "kind": _top_kind(heading, title),
        "span": (heading.start, heading.end),
        "heading_span": (heading.start, heading.title_end),
        "title_span": (heading.title_start, heading.title_end),
        "children": [_section_data(child, text) for child in heading.children],
    }


def segment(text: Text) -> Outline:
    groups, bounds, closing_start = find_headings(text.clean)
    warnings: list[str] = []
    sections: list[Section] = []
    taken: set[str] = set()
    for headings, (_, end) in zip(groups, bounds):
        roots = nest(headings)
        _assign_ids(roots, None, taken)
        _assign_ends(headings, end)
        _check_numbering(roots, "at the top level", warnings)
        for heading in headings:
            _check_numbering(heading.children, f"under {heading.id}", warnings)
        # pydantic-core builds a whole tree in one call, faster than a model_construct per section
        sections.extend(Section.model_validate(_section_data(root, text)) for root in roots)
    first = next((g[0].start for g in groups if g), None)
    return Outline(sections=sections, warnings=warnings, body_start=first, closing_start=closing_start)
