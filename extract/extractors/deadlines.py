"""Deadlines: when something the plan orders must be done or repeated.

A deadline is a time expression in the body of the plan: a date ("trước ngày 20/11 hàng
năm", "Ngày Quốc tế Thiếu nhi 1/6", "tháng 7/2022"), a year ("đến năm 2030"), a period ("từ
ngày 01/6 đến ngày 30/6", "giai đoạn 2021 - 2025", "quý II/2022") or a repeat ("hằng năm",
"định kỳ 6 tháng, 1 năm", "2 lần/năm").

Finders propose candidates, one pattern per shape, tried in a fixed order (a longer shape
claims its text first: the interval before its two dates). Filters then drop what the
annotation guidelines exclude: dates of cited documents, a target's own year, the years of
the objectives (they are targets), sections that review the past, the plan restating its
own period, "hằng năm" that names a kind of plan or budget, and periods that belong to the
name of an existing programme. The vocabularies are in data/deadlines.toml.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Optional

import regex

from .. import vn
from ..data import load as load_data
from ..labels import roman_value
from ..load import Text
from ..models import Deadline, Span
from ..segment import Outline
from ..sentences import sentence_spans
from ..textnorm import single_spaces
from . import register

VOCAB = load_data("deadlines.toml")
FLAGS = regex.IGNORECASE | regex.VERSION1

# White space inside one expression never crosses a line: the clean text has joined broken
# lines, so a line break ends a paragraph, a heading or a list item ("hằng tháng\n1. …").
S = r"[^\S\n]+"
S0 = r"[^\S\n]*"
END = r"(?![\p{L}\d])"  # a word ends here
DASH = rf"{S0}[-–—]{S0}"
TO = rf"(?:{S}(?:đến|tới)(?:{S}hết)?{S}|{DASH})"  # "… đến …", "… đến hết …", "… - …"
MONTH_YEAR_SEP = rf"(?:{S0}/{S0}|{S}năm{S})"  # "tháng 7/2022", "tháng 7 năm 2022"
LIST_SEP = rf"{S0}(?:,|và|hoặc|/){S0}"


def _phrase(text: str) -> str:
    """A vocabulary phrase as a pattern: " - " matches any dash, or a plain space."""
    words = [rf"(?:{DASH}|{S})" if w == "-" else regex.escape(w) for w in text.split()]
    pattern = ""
    for previous, word in zip([None] + words, words):
        joiner = "" if previous is None or previous.startswith("(?:") or word.startswith("(?:") else S
        pattern += joiner + word
    return pattern


def _any(phrases: Iterable[str]) -> str:
    return "(?:" + "|".join(_phrase(p) for p in sorted(phrases, key=len, reverse=True)) + ")"


UNITS = VOCAB["units"]
UNIT = _any(UNITS)
REPEAT_WORD = _any(VOCAB["repeat"]["words"])
NUMBER_WORDS = VOCAB["repeat"]["number_words"]
COUNT = rf"(?:\d{{1,2}}|{_any(NUMBER_WORDS)})"
NOT_A_YEAR = rf"(?!{S0}{vn.YEAR})"  # "hằng năm", not "năm 2022"
REPEAT = rf"{REPEAT_WORD}{S}{UNIT}{END}{NOT_A_YEAR}"
REPEAT_TAIL = rf"(?:{S}(?P<repeat>{REPEAT}))?"  # "trước ngày 20/11 hàng năm"
DATE_PREP = _any(VOCAB["prepositions"]["date"])
YEAR_PREP = _any(VOCAB["prepositions"]["year"])
PERIOD_WORDS = VOCAB["prepositions"]["period"]
PERIOD_WORD = _any(PERIOD_WORDS)
TIME_LABEL = regex.compile(rf"\b{_any(VOCAB['prepositions']['labels'])}{S0}:{S0}$", FLAGS)  # "Thời gian thực hiện: năm 2022"
OBSERVANCE = VOCAB["observance"]


def _day(n: str = "") -> str:
    """A day and month, year optional: "20/11", "05/11/2012", "5 tháng 11 năm 2012"."""
    numeric = rf"(?<![\d/])(?P<day{n}>{vn.DAY}){vn.SEP}(?P<month{n}>{vn.MONTH})(?:{vn.SEP}(?P<year{n}>{vn.YEAR}))?(?![\d/])"
    worded = rf"(?P<day{n}>{vn.DAY}){S}tháng{S}(?P<month{n}>{vn.MONTH})(?:{S}năm{S}(?P<year{n}>{vn.YEAR}))?{END}"
    return f"(?:{worded}|{numeric})"


def _month_of(n: str = "") -> str:
    """ "tháng 7", "tháng 7/2022", "tháng 7 năm 2022"."""
    return rf"tháng{S}(?P<month{n}>{vn.MONTH})(?:{MONTH_YEAR_SEP}(?P<year{n}>{vn.YEAR}))?(?![\d/])"


DAY_ITEM = regex.compile(rf"(?=\d){_day()}", FLAGS)  # "(?=\d)" first: as for vn.NUMERIC_DATE, 10x faster
ONCE = rf"(?:{S0}/{S0}lần|{S}(?:một|1){S}lần){END}"  # "6 tháng/lần", "6 tháng một lần"
PERIODIC_ITEM = regex.compile(rf"(?:{REPEAT_WORD}{S})?(?:{COUNT}{S})?{UNIT}{END}{NOT_A_YEAR}(?:{ONCE})?", FLAGS)
DURATION = regex.compile(r"P(\d+)([YMWD])")
CAPITAL = regex.compile(r"\p{Lu}")


# --- candidates ---------------------------------------------------------------------


@dataclass
class Candidate:
    start: int
    end: int
    kind: str
    value: str
    recurrence: Optional[str] = None
    needs_preposition: bool = False  # "năm 2022", "quý IV" alone name a year or a report, not a time
    may_name_programme: bool = False  # a year or period that could be part of a programme's name
    is_adverb: bool = False  # a bare "hằng năm", which may instead name a kind of plan


def _group(m: regex.Match, name: str) -> Optional[str]:
    """The group, or None when the pattern has none of that name (no groupdict: it copies all)."""
    return m.group(name) if name in m.re.groupindex else None


def _iso(m: regex.Match, n: str = "", year: Optional[str] = None) -> str:
    return vn.iso_date(_group(m, f"day{n}"), _group(m, f"month{n}"), _group(m, f"year{n}") or year)


def _tail(m: regex.Match) -> Optional[str]:
    repeat = _group(m, "repeat")
    return _repeat_duration(repeat) if repeat else None


def _interval(m: regex.Match) -> list[Candidate]:
    """ "từ ngày 01/6 đến ngày 30/6/2022" (the start takes the end's year when it has none),
    "từ tháng 3 đến tháng 5 năm 2023", "từ năm 2021 đến năm 2025", "giai đoạn 2021 - 2025"."""
    if not (_group(m, "day1") or _group(m, "month1")):
        return _year_interval(m)
    start, end = _iso(m, "1", year=m["year2"]), _iso(m, "2")
    return [Candidate(m.start(), m.end(), "period", f"{start}/{end}", _tail(m))]


def _year_interval(m: regex.Match) -> list[Candidate]:
    return [Candidate(m.start(), m.end(), "period", f"{m['year1']}/{m['year2']}", may_name_programme=True)]


def _year(m: regex.Match) -> list[Candidate]:
    """ "đến năm 2030", "trong năm 2024 - 2025"."""
    if m["year2"]:
        return [replace(c, needs_preposition=True) for c in _year_interval(m)]
    return [Candidate(m.start(), m.end(), "year", m["year1"], needs_preposition=True, may_name_programme=True)]


def _quarter(m: regex.Match) -> list[Candidate]:
    """ "quý III/2024" → 2024-07/2024-09."""
    numeral = m["quarter"].upper()
    quarter = int(numeral) if numeral.isdigit() else roman_value(numeral)
    year = _group(m, "year") or "XXXX"
    value = f"{year}-{3 * quarter - 2:02d}/{year}-{3 * quarter:02d}"
    return [Candidate(m.start(), m.end(), "period", value, _tail(m), needs_preposition=not (_group(m, "year") or _tail(m)))]


def _month(m: regex.Match) -> list[Candidate]:
    """ "tháng 7/2022", "tháng 6 hằng năm"; a bare "tháng 12" needs a preposition."""
    return [Candidate(m.start(), m.end(), "date", _iso(m), _tail(m), needs_preposition=not (_group(m, "year") or _tail(m)))]


def _days(m: regex.Match) -> list[Candidate]:
    """ "ngày 15/6 và 15/12 hằng năm": one date each; the first keeps "ngày", the last keeps
    the repeat, and the repeat holds for all of them. A named day comes alone:
    "Ngày Quốc tế Thiếu nhi 1/6" ("ngày làm việc 1/6", with no capital, names no day)."""
    if _group(m, "name") is not None and not CAPITAL.search(m.string, m.start(), m.end("name")):
        return []
    if len(m.captures("day")) == 1:  # one date (most): the match's own parts, not searched again
        return [Candidate(m.start(), m.end(), "date", _iso(m), _tail(m))]
    items = list(DAY_ITEM.finditer(m.string, m.start(), m.end()))  # a name has no digits
    found = [Candidate(i.start(), i.end(), "date", _iso(i), _tail(m)) for i in items]
    found[0].start, found[-1].end = m.start(), m.end()
    return found


def _full_date(m: regex.Match) -> list[Candidate]:
    """ "trước 31/12/2022": without "ngày" only after a preposition ("1/3" may be a fraction)."""
    return [Candidate(m.start(), m.end(), "date", _iso(m), needs_preposition=True)]


def _recurring(start: int, end: int, duration: Optional[str], is_adverb: bool = False) -> list[Candidate]:
    return [Candidate(start, end, "recurring", duration, duration, is_adverb=is_adverb)] if duration else []


def _periodic(m: regex.Match) -> list[Candidate]:
    """ "định kỳ 6 tháng, 1 năm": one deadline per interval; the first keeps "định kỳ"."""
    items = PERIODIC_ITEM.finditer(m.string, m.start("items"), m.end("items"))
    found = [c for i in items for c in _recurring(i.start(), i.end(), _repeat_duration(i.group()))]
    if found:
        found[0].start = m.start()
    return found


def _every(m: regex.Match) -> list[Candidate]:
    """ "hằng năm", "hàng quý"."""
    return _recurring(m.start(), m.end(), _repeat_duration(m.group()), is_adverb=True)


def _each(m: regex.Match) -> list[Candidate]:
    """ "Mỗi năm, tổ chức …" opening a clause; elsewhere "mỗi năm" is mostly "each year of …"."""
    if not _opens_clause(m.string, m.start(), 0):
        return []
    return _recurring(m.start(), m.end(), _repeat_duration(m["repeat"]))


EVERY_N = regex.compile(rf"\b(?P<count>{COUNT}){S}(?P<unit>{UNIT}){S0}(?:/{S0}|{S}(?:một|1){S})$", FLAGS)  # "6 tháng/", "2 năm một "
TIMES = regex.compile(rf"\b(?P<count>{COUNT}){S}$", FLAGS)  # "2 "
PER_UNIT = regex.compile(rf"lần{S0}(?:/{S0}|{S}trong{S}(?:(?:một|1){S})?|{S}mỗi{S}|{S}một{S})(?P<unit>{UNIT}){END}", FLAGS)
REACH = 20  # characters read before a match for its count, unit or preposition
CLAUSE_OPENING = regex.compile(r"(?:^|[\n.;:!?)+•\-])[^\S\n]*$")  # line start, bullet or punctuation


def _times(m: regex.Match) -> list[Candidate]:
    """ "6 tháng/lần", "2 năm một lần" (every n units); "2 lần/năm", "4 lần trong một năm"."""
    before = EVERY_N.search(m.string, max(0, m.start() - REACH), m.start())
    if before:
        return _recurring(before.start(), m.end(), _scale(UNITS[before["unit"].lower()], _count(before["count"])))
    count, per = TIMES.search(m.string, max(0, m.start() - REACH), m.start()), PER_UNIT.match(m.string, m.start())
    if count and per:
        return _recurring(count.start(), per.end(), _divide(UNITS[per["unit"].lower()], _count(count["count"])))
    return []


@dataclass(frozen=True)
class Finder:
    """A shape of time expression: a pattern that starts with a plain word (searched for many
    times faster than a choice of words), the words that may stand before it and join its
    text ("trước ngày …"), and the builder of its candidates."""

    pattern: regex.Pattern
    build: Callable[[regex.Match], list[Candidate]]
    prefix: Optional[regex.Pattern] = None
    lead: Optional[str] = None  # the first word of every match, in lower case

    def finditer(self, clean: str, lowered: Optional[str], start: int, end: int) -> Iterator[regex.Match]:
        """`pattern.finditer(clean, start, end)`, found faster: a case-sensitive search for the
        lead in the lower-cased text (`lowered`, of the same length) is several times faster
        than the case-blind one of the pattern, which then only runs where the lead is."""
        if self.lead is None or lowered is None:
            return self.pattern.finditer(clean, start, end)
        return vn.matches_at(self.pattern, clean, vn.occurrences(lowered, [self.lead], start, end), end)


def _finders(leads: Iterable[str], body: str, build: Callable, prefix: Optional[str] = None) -> list[Finder]:
    prefix_pattern = regex.compile(rf"\b{prefix}{S}$", FLAGS) if prefix else None
    return [
        Finder(regex.compile(rf"\b{_phrase(lead)}{body}", FLAGS), build, prefix_pattern, lead.split()[0].lower())
        for lead in leads
    ]


# "/2022", " năm 2022 hằng năm", " hằng năm", or nothing
YEAR_OR_REPEAT = rf"(?:{MONTH_YEAR_SEP}(?P<year>{vn.YEAR})(?![\d/]){REPEAT_TAIL}|(?![\d/]){END}(?:{S}(?P<repeat>{REPEAT}))?)"
DAYS = rf"{_day()}(?:{LIST_SEP}(?:ngày{S})?{_day()})*{REPEAT_TAIL}"  # "15/6 và 15/12 hằng năm"
# A letter or hyphen as the case-blind "[\p{L}\-]" takes them (U+0345 too: it case-folds to a
# letter), written case-sensitive: a case-blind set of classes is slow, 9 µs for seven words.
NAME_CHAR = r"(?-i:[\p{L}\-\u0345])"
OBSERVANCE_NAME = rf"(?P<name>(?:,?{S}{NAME_CHAR}+){{1,{OBSERVANCE['max_name_words']}}}+)"  # words only: no backtracking needed
NAMED_DAY = rf"(?:{S}{_day()}|{S0}\({S0}{_day()}{S0}\)){REPEAT_TAIL}"  # "… Thiếu nhi 1/6", "… Chuyển đổi số quốc gia (10/10)"
OTHER_HEADS = [h for h in OBSERVANCE["heads"] if h != "ngày"]

# in the order they claim text: an interval before the dates it is made of
FINDERS = [
    *_finders(["từ"], rf"{S}(?:"
              rf"(?:ngày{S})?{_day('1')}{TO}(?:ngày{S})?{_day('2')}{REPEAT_TAIL}"
              rf"|{_month_of('1')}{TO}(?:tháng{S})?(?P<month2>{vn.MONTH})(?:{MONTH_YEAR_SEP}(?P<year2>{vn.YEAR}))?(?![\d/]){REPEAT_TAIL}"
              rf"|năm{S}(?P<year1>{vn.YEAR}){TO}(?:năm{S})?(?P<year2>{vn.YEAR}){END})", _interval, prefix=rf"(?:kể|{PERIOD_WORD})"),
    *_finders(PERIOD_WORDS, rf"{S}(?:năm{S})?(?P<year1>{vn.YEAR})(?:{DASH}|{TO}(?:năm{S})?)(?P<year2>{vn.YEAR}){END}", _year_interval),
    *_finders(["quý"], rf"{S}(?P<quarter>IV|I{{1,3}}|[1-4]){END}{YEAR_OR_REPEAT}", _quarter, prefix=DATE_PREP),
    *_finders(["ngày"], rf"(?:{OBSERVANCE_NAME}{NAMED_DAY}|{S}{DAYS})", _days, prefix=DATE_PREP),
    *_finders(OTHER_HEADS, rf"{OBSERVANCE_NAME}{NAMED_DAY}", _days),
    # led by its digits: a full date with no word of its own
    Finder(regex.compile(rf"(?<![\d/])(?P<day>{vn.DAY})/(?P<month>{vn.MONTH})/(?P<year>{vn.YEAR})(?!\d)"), _full_date, regex.compile(rf"\b{DATE_PREP}{S}$", FLAGS)),
    *_finders(["tháng"], rf"{S}(?P<month>{vn.MONTH}){YEAR_OR_REPEAT}", _month, prefix=DATE_PREP),
    *_finders(["năm"], rf"{S}(?P<year1>{vn.YEAR})(?:{DASH}(?P<year2>{vn.YEAR}))?{END}", _year, prefix=YEAR_PREP),
    *_finders(VOCAB["repeat"]["periodic"], rf"{S}(?P<items>{PERIODIC_ITEM.pattern}(?:{LIST_SEP}{PERIODIC_ITEM.pattern})*)", _periodic),
    *_finders(["lần"], END, _times),
    *_finders(VOCAB["repeat"]["words"], rf"{S}{UNIT}{END}{NOT_A_YEAR}", _every),
    *_finders(VOCAB["repeat"]["clause_openers"], rf"{S}(?P<repeat>{UNIT}){END}{NOT_A_YEAR}", _each),
]


class SpanSet:
    """Disjoint spans, sorted, for overlap tests in log time (spans added overlapping are merged)."""

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.ends, start)  # the first span that ends after `start`
        return i < len(self.starts) and self.starts[i] < end

    def add(self, start: int, end: int) -> None:
        """Add a span that overlaps none of the others."""
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _opens_clause(clean: str, start: int, floor: int) -> bool:
    return bool(CLAUSE_OPENING.search(clean, max(floor, start - REACH), start))


def _labelled(clean: str, c: Candidate, floor: int) -> bool:
    """After a time label ("Thời gian thực hiện: năm 2023"), or itself the label of an item
    ("- Năm 2022: triển khai thí điểm tại 3 xã")."""
    return bool(TIME_LABEL.search(clean, max(floor, c.start - 2 * REACH), c.start)) or (
        _opens_clause(clean, c.start, floor) and clean.startswith(":", c.end)
    )


def _with_prefix(clean: str, finder: Finder, found: list[Candidate], floor: int) -> list[Candidate]:
    """Candidates with the preposition before them joined; none when one needs it and has
    neither a preposition nor a label."""
    if not found:
        return found
    first = found[0]
    prefix = finder.prefix.search(clean, max(floor, first.start - REACH), first.start) if finder.prefix else None
    if prefix:
        first.start = prefix.start()
    elif first.needs_preposition and not _labelled(clean, first, floor):
        return []
    return found


def lower_same_length(clean: str) -> Optional[str]:
    """`clean` in lower case, or None when that changes its length ("İ" lowers to two
    characters): offsets in it are then not those of `clean`. Where the lengths agree, every
    character the case-blind patterns match to a lead word lowers to that word's character."""
    lowered = clean.lower()
    return lowered if len(lowered) == len(clean) else None


def find_candidates(clean: str, start: int = 0, end: Optional[int] = None) -> list[Candidate]:
    """Every time expression in clean[start:end], without overlaps, in text order."""
    end = len(clean) if end is None else end
    lowered = lower_same_length(clean)
    taken, found = SpanSet(), []
    for finder in FINDERS:
        for m in finder.finditer(clean, lowered, start, end):
            for candidate in _with_prefix(clean, finder, finder.build(m), start):
                if not taken.overlaps(candidate.start, candidate.end):
                    taken.add(candidate.start, candidate.end)
                    found.append(candidate)
    return sorted(found, key=lambda c: c.start)


# --- durations ------------------------------------------------------------------------


def _count(word: Optional[str]) -> int:
    if not word:
        return 1
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _scale(duration: str, count: int) -> Optional[str]:
    n, unit = DURATION.fullmatch(duration).groups()
    return f"P{int(n) * count}{unit}" if count > 0 else None


def _divide(duration: str, times: int) -> Optional[str]:
    """ "2 lần/năm" → P6M; None when the interval is not a whole number of its unit."""
    n, unit = DURATION.fullmatch(duration).groups()
    n = int(n)
    if unit == "Y":
        n, unit = n * 12, "M"
    return f"P{n // times}{unit}" if times > 0 and n % times == 0 else None


REPEAT_PARTS = regex.compile(rf"(?:{REPEAT_WORD}{S})?(?:(?P<count>{COUNT}){S})?(?P<unit>{UNIT})(?:{ONCE})?", FLAGS)


@lru_cache(maxsize=1024)  # a few phrases ("hằng năm", "6 tháng") recur through a text; the pattern is slow
def _repeat_duration(text: str) -> Optional[str]:
    """ "hằng năm" → P1Y, "6 tháng" → P6M, "quý" → P3M."""
    m = REPEAT_PARTS.fullmatch(text.strip())
    return _scale(UNITS[m["unit"].lower()], _count(m["count"])) if m else None


# --- what is not a deadline -------------------------------------------------------------

# "Quyết định số 1175/QĐ-UBND ngày 04/5/2021", "CÔNG BÁO/Số 295/Ngày 31-05-2026"
NUMBER_BEFORE = regex.compile(rf"(?:\d+(?:{S0}[/-]{S0}[\p{{L}}\d&.]+)+|Số{S0}\d[\d+\s]*/){S0},?{S0}(?:ban hành{S})?$")
EFFECT_BEFORE = regex.compile(rf"{_any(VOCAB['document_date']['cues'])}{S0},?{S0}$", FLAGS)
KIND = VOCAB["kind_of_plan"]
OPENING = r"(?<=(?:^|[\n.;:!?)\-+•])[^\S\n]*)"  # where a capital letter starts an item, not a name
# Searched backwards ("(?r)") from the end of the window, where every match ends ("$"), and
# only asked whether there is one: a forward search tries the nouns at every position (2x slower).
KIND_OF_PLAN = regex.compile(
    rf"(?r)(?<!\p{{L}})(?:(?i:{_any(KIND['names'])})|{_any(KIND['nouns'])}|{OPENING}{_any(n.capitalize() for n in KIND['nouns'])})"
    rf"(?:{S}(?!{_any(KIND['not_between'])}{END})\p{{Ll}}+){{0,{KIND['max_words_between']}}}"
    rf"(?:{S0}(?:,|và|hoặc)?{S0}{_any(KIND['listed_periods'])})*{S0}(?:,|và|hoặc)?{S0}$",
    regex.VERSION1,
)
PROGRAMME = VOCAB["programme"]
PROGRAMME_NOUN = regex.compile(rf"\b{_any(PROGRAMME['nouns'])}{END}", FLAGS)
DETERMINER = rf"(?:(?:các|những|một){S})?"
BUILT_PROGRAMME = regex.compile(  # "xây dựng, triển khai thực hiện Chương trình, " before the last noun
    rf"\b{_any(PROGRAMME['build_verbs'])}(?:{S0}(?:,|và){S0}{_any(PROGRAMME['then_verbs'])})?{S}{DETERMINER}"
    rf"(?:{_any(PROGRAMME['nouns'])}{S0}(?:,|và|hoặc){S0}{DETERMINER})*$",
    FLAGS,
)
REVIEW_TITLE = regex.compile(rf"{S0}(?:về{S})?{_any(VOCAB['review']['title_openers'])}{END}", FLAGS)  # "Về tình hình …"
RESTATEMENT = regex.compile(rf"[-+•\s]*{_any(VOCAB['restatement']['openers'])}{END}", FLAGS)
LOOKBEHIND = 160  # characters read before a candidate by the backward-looking rules


def _dates_a_document(clean: str, c: Candidate) -> bool:
    """The date of a cited document ("Quyết định số 1175/QĐ-UBND ngày 04/5/2021", "CÔNG
    BÁO/Số 295/Ngày 31-05-2026") or the day one takes effect ("có hiệu lực từ ngày …")."""
    number = NUMBER_BEFORE.search(clean, max(0, c.start - 40), c.start)
    return bool(number and any(ch.isupper() for ch in number.group())) or bool(EFFECT_BEFORE.search(clean, max(0, c.start - 40), c.start))


def _names_kind_of_plan(clean: str, c: Candidate, clause: Span) -> bool:
    """ "kế hoạch phát triển kinh tế - xã hội hằng năm", "dự toán ngân sách hàng năm"."""
    return c.is_adverb and bool(KIND_OF_PLAN.search(clean, max(clause[0], c.start - LOOKBEHIND), c.start))


def _names_programme(clean: str, c: Candidate, clause: Span) -> bool:
    """ "Chiến lược quốc gia về dinh dưỡng giai đoạn 2011-2020": a programme noun earlier in
    the clause, unless the clause orders it built ("xây dựng kế hoạch … giai đoạn 2021 - 2025")."""
    if not c.may_name_programme:
        return False
    nouns = list(PROGRAMME_NOUN.finditer(clean, clause[0], c.start))
    if not nouns:
        return False
    noun = nouns[-1].start()
    return not BUILT_PROGRAMME.search(clean, max(clause[0], noun - LOOKBEHIND), noun)


def _in_target(c: Candidate, targets: list) -> bool:
    """A repeat inside a target ("Hằng năm giảm 5 - 10%"), or the target's own year."""
    for t in targets:
        if t.span[0] <= c.start and c.end <= t.span[1]:
            if c.kind == "recurring" or (c.kind in ("year", "period") and t.year is not None and c.value.endswith(str(t.year))):
                return True
    return False


# --- sections, sentences and subjects ------------------------------------------------------


class Context:
    """Where a candidate stands: its top-level section, sentence and clause."""

    def __init__(self, clean: str, outline: Outline):
        self.clean = clean
        self.top = outline.sections
        self.top_starts = [s.span[0] for s in self.top]
        # top-level sections that review the past ("I. KẾT QUẢ THỰC HIỆN GIAI ĐOẠN 2016-2020")
        self.reviews = [bool(REVIEW_TITLE.match(s.title)) for s in self.top]
        self._sentences: dict[int, tuple[list[int], list[Span]]] = {}  # by line start, split when first asked for

    def _top(self, pos: int) -> Optional[int]:
        i = bisect_right(self.top_starts, pos) - 1
        return i if i >= 0 and pos < self.top[i].span[1] else None

    def top_kind(self, pos: int) -> Optional[str]:
        i = self._top(pos)
        return self.top[i].kind if i is not None else None

    def in_review(self, pos: int) -> bool:
        """In a top-level section that reviews the past."""
        i = self._top(pos)
        return i is not None and self.reviews[i]

    def _line(self, pos: int) -> Span:
        end = self.clean.find("\n", pos)
        return self.clean.rfind("\n", 0, pos) + 1, len(self.clean) if end < 0 else end

    def sentence(self, pos: int) -> Span:
        line = self._line(pos)
        if line[0] not in self._sentences:
            spans = sentence_spans(self.clean, *line)
            self._sentences[line[0]] = [s for s, _ in spans], spans
        starts, spans = self._sentences[line[0]]
        i = bisect_right(starts, pos) - 1
        return spans[i] if i >= 0 and pos < spans[i][1] else line

    def clause(self, c: Candidate) -> Span:
        """The sentence, cut at the semicolons around the candidate."""
        start, end = self.sentence(c.start)
        before = self.clean.rfind(";", start, c.start)
        after = self.clean.find(";", c.end, end)
        return (before + 1 if before >= 0 else start), (after if after >= 0 else end)


SPACE_BEFORE_PUNCTUATION = regex.compile(r"\s+([,;.])")
EMPTY_BRACKETS = regex.compile(r"\s*\(\s*\)")
LEAD = r"(?:[\s\-+•,;:.]|[a-zđ]\)|\d+(?:\.\d+)*\.)"  # bullets, labels and punctuation before a task
ONLY_LEAD = regex.compile(rf"{LEAD}*")
# Searched backwards from the end ("(?r)"): a forward search would try it at every position.
TRAILING = regex.compile(r"(?r)(?:[\s,;:.]|\b(?:và|hoặc)\b)+$")
MIN_SUBJECT_WORDS = 4  # a shorter rest of a clause is a list item; the sentence says the task


def _without(clean: str, span: Span, times: list[Candidate], starts: list[int]) -> str:
    """The text of `span` with the time expressions inside it taken out (`times` sorted, `starts` theirs)."""
    parts, pos = [], span[0]
    for t in times[bisect_left(starts, span[0]) : bisect_left(starts, span[1])]:
        if t.end <= span[1]:
            parts.append(clean[pos:t.start])
            pos = t.end
    parts.append(clean[pos:span[1]])
    text = single_spaces(" ".join(parts))
    if "(" in text:
        text = EMPTY_BRACKETS.sub("", text)
    if " ," in text or " ;" in text or " ." in text:  # white space is single spaces by now
        text = SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    return _trim(text)


def _trim(text: str) -> str:
    """The text without the bullets, labels and punctuation before it, nor the punctuation
    and dangling "và" / "hoặc" after it."""
    text = text[ONLY_LEAD.match(text).end() :]
    tail = TRAILING.search(text)
    return text[: tail.start()] if tail else text


def _subject(clean: str, c: Candidate, context: Context, times: list[Candidate], starts: list[int]) -> Optional[str]:
    """The clause without its time expressions; the whole sentence when the expression opens
    it ("Hằng năm, …" governs every clause) or when the clause is a bare list item."""
    sentence = context.sentence(c.start)
    opens_sentence = bool(ONLY_LEAD.fullmatch(clean, sentence[0], c.start))
    subject = _without(clean, sentence if opens_sentence else context.clause(c), times, starts)
    if len(subject.split()) < MIN_SUBJECT_WORDS:
        subject = _without(clean, sentence, times, starts)
    return subject or None


# --- the extractor --------------------------------------------------------------------------


def _keep(clean: str, c: Candidate, context: Context, targets: list, citations: SpanSet) -> bool:
    if context.in_review(c.start) or (c.kind in ("year", "period") and context.top_kind(c.start) == "objectives"):
        return False  # what was done, or the targets' years
    if citations.overlaps(c.start, c.end) or _dates_a_document(clean, c) or _in_target(c, targets):
        return False
    sentence = context.sentence(c.start)
    if c.kind in ("year", "period") and RESTATEMENT.match(clean, sentence[0], sentence[1]):  # the plan's own period
        return False
    clause = context.clause(c)
    return not (_names_kind_of_plan(clean, c, clause) or _names_programme(clean, c, clause))


@register("deadlines", needs=("citations", "targets"))
def extract_deadlines(text: Text, outline: Outline, found: dict) -> list[Deadline]:
    clean = text.clean
    body_start = outline.body_start or 0
    body_end = outline.closing_start if outline.closing_start is not None else len(clean)
    context = Context(clean, outline)
    targets = [t for t in found.get("targets") or [] if t.span]
    citations = SpanSet(m.span for c in found.get("citations") or [] for m in c.mentions)
    kept = [c for c in find_candidates(clean, body_start, body_end) if _keep(clean, c, context, targets, citations)]
    starts = [c.start for c in kept]
    deadlines = []
    for i, c in enumerate(kept, 1):
        section = outline.section_at(c.start)
        deadlines.append(
            Deadline(
                id=f"d{i}",
                section_id=section.id if section else None,
                text=text.original_text(c.start, c.end),
                span=(c.start, c.end),
                kind=c.kind,
                value=c.value,
                recurrence=c.recurrence,
                subject=_subject(clean, c, context, kept, starts),
            )
        )
    return deadlines
