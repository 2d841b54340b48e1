"""Heading labels ("II.", "2.1.", "a)", "8-", "PHẦN I", "Điều 3.") as they start a clean line.

Shared by the loader (a line that starts with a label is never glued to the line above)
and the segmenter (which builds the section tree from them).
"""

from __future__ import annotations

from typing import NamedTuple, Optional

import regex

# Letters used to number items in Vietnamese documents, in order (no f, j, w, z).
LETTER_ORDER = "abcdđeghiklmnopqrstuvxy"

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

LABEL = regex.compile(
    r"""^(?:
        (?P<part>(?:PHẦN|Phần)\s+(?:(?:THỨ|thứ)\s+\p{L}+|[IVXLC]+|\d{1,2}))(?:\s*[.:\-]|\s|$)
      | (?P<article>Điều\s+\d{1,3})\s*[.:]
      | (?P<roman>[IVXL]{1,6})\s*[.)](?!\d)
      | (?P<roman_dash>[IVXL]{1,6})-(?=\s)
      | (?P<capital>[A-H])\.(?=\s)
      | (?P<decimal>\d{1,2}(?:\.\d{1,2}){1,3})(?!\d)\.?(?=\s)
      | (?P<arabic>\d{1,3})\s?[.)](?![\d/])
      | (?P<arabic_dash>\d{1,3})-(?=\s)
      | (?P<letter>[a-zđ])[).](?=\s)
    )[ \t]*""",
    regex.VERBOSE,
)

BULLET_CHARS = "-+•–—*▪◦·"
BULLET = regex.compile(f"^[{regex.escape(BULLET_CHARS)}]\\s")
# The capitals a label starts with, and what may follow them: "A." to "H.", PHẦN or Phần,
# Điều, a Roman numeral (more numerals, ".", ")", "-" or white space).
LABEL_STARTS = {**dict.fromkeys("ABCDEFGH", "."), "P": "Hh", "Đ": "i", **dict.fromkeys("IVXL", "IVXL.)-")}


class Label(NamedTuple):
    text: str  # the label as it is kept: "II", "2.1", "a", "Phần I", "Điều 3"
    style: str  # part, article, roman, arabic, decimal, letter
    end: int  # where the heading text starts in the line


def roman_value(numeral: str) -> Optional[int]:
    """Value of a well-formed Roman numeral up to L, else None ("IIII" and "VX" are not)."""
    total, prev = 0, 0
    for ch in reversed(numeral):
        value = ROMAN_VALUES[ch]
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    canonical = to_roman(total)
    return total if canonical == numeral else None


ROMAN_NUMERALS = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                  (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def to_roman(n: int) -> str:
    """ "IV", "XC": the canonical Roman numeral of a positive number."""
    out = []
    for value, numeral in ROMAN_NUMERALS:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def may_start_label(line: str) -> bool:
    """False when LABEL cannot match `line`: it starts with a capital not in LABEL_STARTS or
    not followed as a label goes on, with a small letter not followed by ")" or ".", or with
    an ASCII character other than a digit. Far cheaper than LABEL, and rules out most lines."""
    first, second = line[:1], line[1:2]
    if first.isupper():
        follows = LABEL_STARTS.get(first)
        return follows is not None and (second in follows or (follows[0] == "I" and second.isspace()))
    if first.islower():
        return second in (")", ".")
    return not first.isascii() or first.isdigit()


def match_label(line: str) -> Optional[Label]:
    """The heading label that starts `line` (already stripped of markdown), or None."""
    if not may_start_label(line):
        return None
    m = LABEL.match(line)
    if not m:
        return None
    kind = m.lastgroup
    raw = m.group(kind)
    if kind in ("roman", "roman_dash"):
        if roman_value(raw) is None:
            return None
        return Label(raw, "roman", m.end())
    if kind == "capital":
        return Label(raw, "part", m.end())
    if kind == "part":
        number = raw.split(maxsplit=1)[1]
        if number.lower().startswith("thứ"):  # "PHẦN THỨ NHẤT" → "Phần thứ nhất"
            number = number.lower()
        return Label("Phần " + number, "part", m.end())
    if kind == "article":
        return Label("Điều " + raw.split()[1], "article", m.end())
    if kind == "arabic_dash":
        return Label(raw, "arabic", m.end())
    return Label(raw, kind, m.end())


def starts_block(line: str) -> bool:
    """A line that opens a new item: a heading label or a bullet."""
    return (line[:1] in BULLET_CHARS and BULLET.match(line) is not None) or match_label(line) is not None
