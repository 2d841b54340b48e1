"""Vietnamese numbers and dates as administrative documents write them.

Shared by every extractor: "9,5" is 9.5, "1.000" is 1000, "05/11/2012" and "ngày 5 tháng
11 năm 2012" are 2012-11-05, "20/11" is a day and month of any year ("XXXX-11-20"). Also
the quick way to find a pattern whose matches begin with one of a few words.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Optional

import regex

# A number: thousands with dots ("1.000", "100.000"), decimals with a comma ("9,5"),
# or plain digits ("04"). A dot followed by exactly three digits is a thousands separator.
WITH_THOUSANDS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?"
NUMBER = rf"{WITH_THOUSANDS}|\d+(?:,\d+)?"
THOUSANDS = regex.compile(WITH_THOUSANDS)

DAY = r"(?:0?[1-9]|[12]\d|3[01])"
MONTH = r"(?:0?[1-9]|1[0-2])"
YEAR = r"(?:19|20)\d{2}"
SEP = r"\s*[/.\-]\s*"

# Dates in the order they are tried; each names its parts day / month / year.
# (A date opens with "(?=\d)": at most positions that one cheap test fails before the
# look-behind and every form of a day are tried; a scan is ten times faster.)
NUMERIC_DATE = regex.compile(rf"(?=\d)(?<![\d/])(?P<day>{DAY}){SEP}(?P<month>{MONTH}){SEP}(?P<year>{YEAR})(?!\d)")
WORDED_DATE = regex.compile(
    rf"ngày\s+(?P<day>{DAY})\s+tháng\s+(?P<month>{MONTH})\s+năm\s+(?P<year>{YEAR})(?!\d)", regex.IGNORECASE
)
MONTH_YEAR = regex.compile(rf"tháng\s+(?P<month>{MONTH})\s*(?:/|\s+năm\s+)\s*(?P<year>{YEAR})(?!\d)", regex.IGNORECASE)


def parse_number(text: str) -> float:
    """ "9,5" → 9.5, "1.000" → 1000, "04" → 4, "99,9" → 99.9, "1.000,5" → 1000.5."""
    text = text.strip().replace(" ", "")
    if THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


def iso_date(day: Optional[str], month: Optional[str], year: Optional[str]) -> str:
    """ISO 8601 with unknown parts left out ("2021-08") or as XXXX for any year ("XXXX-11-20")."""
    parts = [year or "XXXX"]
    if month:
        parts.append(f"{int(month):02d}")
        if day:
            parts.append(f"{int(day):02d}")
    return "-".join(parts)


def find_date(text: str, pos: int = 0, endpos: Optional[int] = None) -> Optional[regex.Match]:
    """The first full date (numeric or worded) in text[pos:endpos]."""
    endpos = len(text) if endpos is None else endpos
    found = [m for m in (p.search(text, pos, endpos) for p in (NUMERIC_DATE, WORDED_DATE)) if m]
    return min(found, key=lambda m: m.start()) if found else None


def date_of(match: regex.Match) -> str:
    """ISO date of a match of any pattern above."""
    groups = match.groupdict()
    return iso_date(groups.get("day"), groups.get("month"), groups.get("year"))


def occurrences(text: str, words: Iterable[str], start: int = 0, end: Optional[int] = None) -> list[int]:
    """Where each of `words` begins in text[start:end], in order (a plain search, many times
    faster than a regex scan for a choice of words or a case-blind word)."""
    end = len(text) if end is None else end
    found = []
    for word in words:
        pos = text.find(word, start, end)
        while pos >= 0:
            found.append(pos)
            pos = text.find(word, pos + 1, end)
    return sorted(found)


def matches_at(pattern: regex.Pattern, text: str, starts: Iterable[int], end: Optional[int] = None) -> Iterator[regex.Match]:
    """`pattern.finditer(text, …, end)` for a pattern whose every match begins at one of
    `starts` (in order): the pattern is tried there only, each match resuming after the last."""
    end = len(text) if end is None else end
    resume = 0
    for pos in starts:
        if pos >= resume and (m := pattern.match(text, pos, end)):
            resume = m.end()
            yield m
