"""Targets: the quantified or dated commitments of a plan (output contract, "Target").

Where targets are read (`find_zones`)
  The objectives part of a plan: top-level sections of kind `objectives`, any section whose
  title starts like "Mục tiêu …" / "Chỉ tiêu …", and the text after an unnumbered lead line
  such as "Mục tiêu cụ thể:" up to the next heading. Task sections are read too, but there a
  sentence must commit in so many words ("phấn đấu", "chỉ tiêu") or state its own year.
  Sections about the situation or past results are never read, and a clause that reports
  the past ("đã đạt", "hiện nay", a year before the plan was written) is skipped.

How a clause is read (`read_clause`)
  Sentences are cut into clauses at ";" and ":". `find_tokens` on a clause finds the
  values ("18%", "04/4.000", "từ 2 đến 3%", a bare "9,5" after "dưới"), the year phrases
  ("vào năm 2025 và năm 2030", "giai đoạn 2021 - 2025") and the numbers that are neither.
  Each value is read with the words before it (its governor: comparator, particle, verb)
  and after it (indicator, qualifier). A year phrase after values dates them
  (`_give_years`); one written before them ("Đến năm 2020, có …") dates what follows it in
  the sentence. One target is made per (value, year).

Settled rules (gold/GUIDELINES.md): a comparator governs the bare values coordinated after it
("dưới 3,5% … và 2,5%" → both "<"); a value restated with its own verb ("… và xuống 5%")
is "="; a value 0 is "=". A target that states no year takes the year of the nearest lead
line or enclosing heading that states one, else null.

Table rows are skipped: their cells are not sentences (reading indicator tables is left for
later). `indicator_code` comes from the phrasings listed in data/indicators.toml; the rest of
the vocabulary is in data/targets.toml.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator, Optional

import regex

from .. import vn
from ..data import load as load_data
from ..load import Text
from ..models import Section, Target
from ..segment import Outline
from ..sentences import sentence_spans
from ..textnorm import normalize
from . import register

VOCAB = load_data("targets.toml")
FLAGS = regex.IGNORECASE
START = r"(?<![\p{L}\p{N}])"  # a word starts here
END = r"(?![\p{L}\p{N}])"  # a word ends here


def _any(phrases) -> str:
    """Phrases as alternatives, longest first, any white space between their words."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(regex.escape(w) for w in p.split()) for p in ordered) + ")"


def _words(phrases) -> str:
    return rf"{START}{_any(phrases)}{END}"


def _fold(text: str) -> str:
    """Case-folded so that every character a case-blind pattern takes for a letter of the
    vocabulary folds to that letter ("İ" folds to "i" and a combining dot, dropped here)."""
    return text.casefold().replace("\u0307", "")


class PhraseFinder:
    """A case-blind pattern each of whose matches holds one of `phrases` (by default: the
    phrases as whole words), searched only where the text holds every word of one of them:
    a few `in` tests on the folded text are many times faster than the regex scan, and most
    texts hold none of them."""

    def __init__(self, phrases, pattern: Optional[str] = None):
        self.pattern = regex.compile(pattern or _words(phrases), FLAGS)
        # A few words, each with the phrases (as word lists) that hold it, covering them all:
        # each word tested once, its phrases' other words only where it is found.
        left = [_fold(p).split() for p in sorted(set(phrases))]
        self.clues: list[tuple[str, list[list[str]]]] = []
        while left:
            clue = max({w for words in left for w in words}, key=lambda w: (sum(w in ws for ws in left), len(w), w))
            self.clues.append((clue, [ws for ws in left if clue in ws]))
            left = [ws for ws in left if clue not in ws]

    def search(self, text: str, pos: int = 0, endpos: Optional[int] = None) -> Optional[regex.Match]:
        folded = _fold(text[pos:endpos])
        for clue, phrases in self.clues:
            if clue in folded and any(all(w in folded for w in words) for words in phrases):
                return self.pattern.search(text, pos, len(text) if endpos is None else endpos)
        return None


# --- numbers and years ------------------------------------------------------------------------

NUMBER = rf"(?<![\p{{L}}\p{{N}}.,/])(?:{vn.NUMBER})(?!\p{{N}})"
ROUND = r"1(?:0{2,}|0{0,2}(?:\.000)+)"  # 100, 1000, 1.000, 100.000: a rate's denominator
YEAR = rf"{vn.YEAR}(?!\p{{N}})"
TO = r"\s*(?:-|–|—|đến|tới)\s*"
# The words a year phrase opens with (find_tokens looks for year phrases only where they stand)
PERIOD_OPENERS = [r"giai\s+đoạn", r"thời\s+kỳ", "từ"]
YEAR_OPENERS = ["vào", "đến", "tới", "trước", "trong", "sau", "hết", "cuối", "đầu", "từ"]
BARE_YEAR_OPENERS = ["vào", "đến", "tới", "trước"]  # also before a year without "năm"
PERIOD = rf"(?:{'|'.join(PERIOD_OPENERS)})\s+(?:năm\s+)?{YEAR}{TO}(?:năm\s+)?{YEAR}"
SINGLE_YEAR = (
    rf"(?:(?:{'|'.join(YEAR_OPENERS)})\s+)*năm\s+(?:học\s+)?{YEAR}(?:{TO}{YEAR})?"
    rf"|(?:{'|'.join(BARE_YEAR_OPENERS)})\s+{YEAR}"
)
MORE_YEARS = rf"(?:\s*(?:,|và)\s*(?:(?:vào|đến)\s+)?(?:năm\s+)?{YEAR})*"
YEAR_PHRASE = rf"{START}(?:{PERIOD}|(?:{SINGLE_YEAR}){MORE_YEARS})"  # "vào năm 2025 và năm 2030"
ANY_YEAR = regex.compile(YEAR_PHRASE, FLAGS)
YEAR_AT = regex.compile(rf"\s*{YEAR_PHRASE}", FLAGS)
LEADING_YEARS = regex.compile(rf"^(?:\s|,|{YEAR_PHRASE})+", FLAGS)
YEAR_IN = regex.compile(YEAR)
YEAR_PART_SPLIT = regex.compile(rf",|{START}và{END}")
DATE_DEADLINE_BEFORE = regex.compile(rf"{_words(['trước', 'đến', 'vào', 'trong', 'hết'])}\s*(?:ngày\s*)?$", FLAGS)
BASELINE_BEFORE = regex.compile(rf"{_words(['so với'])}\s*(?:{_words(['cùng kỳ', 'mức'])}\s*)?$", FLAGS)

# --- the words around a value ---------------------------------------------------------------

VERBS = VOCAB["verbs"]
COMPARATOR_OF = {normalize(w): sign for sign, words in VOCAB["comparators"].items() for w in words}
COMPARATOR_AFTER_OF = {normalize(w): sign for sign, words in VOCAB["comparators_after"].items() for w in words}
DIRECTION_OF = {
    normalize(w): direction
    for direction in ("decrease", "increase", "maintain", "complete", "reach")
    for w in VERBS[direction]
}
PARTICLE_DIRECTION = {
    **{normalize(w): "reach" for w in VERBS["level_particles"]},
    **{normalize(w): "decrease" for w in VERBS["decrease_particles"]},
    **{normalize(w): "increase" for w in VERBS["increase_particles"]},
}

COMPARATOR = _words(COMPARATOR_OF)
PARTICLE = _words(PARTICLE_DIRECTION)
ADVERBS = _words(VERBS["adverbs"])
VERB = regex.compile(rf"(?!{_words(VERBS['not_verbs'])}){_words(DIRECTION_OF)}", FLAGS)
# The end of a governor: "xuống còn dưới ", "là trên ", "tối thiểu đạt ", "giảm thêm ".
COMPARATOR_END = regex.compile(rf"(?P<comparator>{COMPARATOR})\s*(?:{PARTICLE}\s*)?$", FLAGS)
PARTICLE_END = regex.compile(rf"(?P<particle>{PARTICLE})\s*(?:{COMPARATOR}\s*)?$", FLAGS)
VERB_END = regex.compile(rf"{VERB.pattern}\s*(?:{ADVERBS}\s*)*(?:{COMPARATOR}\s*)?(?:{PARTICLE}\s*)?$", FLAGS)
VERB_START = regex.compile(rf"(?:\s|[-+•,:]|{_words(VERBS['lead_words'])}|{YEAR_PHRASE})*{VERB.pattern}", FLAGS)
BY_END = regex.compile(rf"{_words(VERBS['by_verbs'])}\s*(?:{ADVERBS}\s*)*(?:{COMPARATOR}\s*)?$", FLAGS)
BY_NOUN = regex.compile(_words(VERBS["by_nouns"]), FLAGS)
BY_AFTER = regex.compile(rf"\s*\(?\s*{_words(VERBS['by_after'])}(?!\s*{_words(VERBS['not_by_after'])})", FLAGS)
PER_YEAR_AFTER = regex.compile(rf"\s*{_words(VERBS['per_year'])}", FLAGS)  # "giảm … 1,5% mỗi năm"
COMPARATOR_AFTER = regex.compile(rf"\s*{_words(COMPARATOR_AFTER_OF)}", FLAGS)
# "giảm X từ 2% năm 2020 xuống …": a starting level, where the indicator before it ends.
BASELINE_IN_HEAD = regex.compile(
    rf"{START}từ\s+(?:mức\s+)?{NUMBER}\s*(?:%|‰|/\s*\d|(?:\s+năm\s+\d{{4}})?\s+(?:xuống|lên|còn){END})", FLAGS
)
BASELINE_END = regex.compile(rf"{START}từ\s*(?:mức\s*)?$", FLAGS)  # "giảm từ 15% xuống …"
COMPLETE_START = regex.compile(
    rf"^(?:{_words(['phấn đấu', 'cơ bản'])}\s*)*(?P<verb>{_words(VERBS['complete'])})\s*", FLAGS
)
COUNT_VERB_END = regex.compile(rf"(?:{_words(VERBS['count_verbs'])}|{COMPARATOR}|{PARTICLE})\s*$", FLAGS)

VALUES = VOCAB["values"]
PER_TIME = rf"(?:\s*/\s*{_any(VALUES['per_time'])}{END})?"  # "30%/năm"
INDICATOR_UNIT = regex.compile(rf"\s*{_words(VALUES['indicator_units'])}", FLAGS)
LABEL_BEFORE = regex.compile(rf"{_words(VALUES['label_nouns'])}\s*$", FLAGS)
RAW_UNIT = regex.compile(rf"\s*(?P<unit>{_words(VALUES['raw_units'])})(?:\s*/\s*[^\s,;/]+)*", FLAGS)
RATE_NOUN = regex.compile(_words(VALUES["rate_nouns"]), FLAGS)
MEASURE_NOUN = regex.compile(_words(VALUES["measure_nouns"]), FLAGS)
CONNECTOR = regex.compile(r",|;|" + _words(w for w in VALUES["connectors"] if w != ","), FLAGS)
# Right before a year that starts a new piece: "…, đến năm 2030 …", "… và phấn đấu đến năm …".
CONNECTOR_END = regex.compile(
    rf"(?:,|;|{_words(['và', 'hoặc'])})\s*(?:{_words(['phấn đấu', 'đồng thời'])}\s*)?$", FLAGS
)
COORDINATOR = regex.compile(rf"{START}(?:và|hoặc){END}", FLAGS)
BARE_FOLLOWER = regex.compile(rf"\s*(?:$|[,.;:)]|{_words(['và', 'hoặc'])})", FLAGS)
NOUN_FOLLOWER = regex.compile(r"\s*\p{L}", FLAGS)
CITATION_NUMBER_BEFORE = regex.compile(rf"{_words(['số'])}\s*$", FLAGS)
CODE_AFTER = regex.compile(r"[\-/]\s*\p{L}")  # "20-CT/TW": a number inside a symbol

INDICATOR = VOCAB["indicator"]
LEAD_WORDS = regex.compile(rf"^(?:(?:{_words(INDICATOR['lead_words'])}|[-+•,:]|\s)+)", FLAGS)
GOVERNOR_MARKS = r"\s|[,:(-]"
GOVERNOR_PHRASES = [*COMPARATOR_OF, *PARTICLE_DIRECTION, *VERBS["adverbs"], *DIRECTION_OF, "và", "mức", "từ"]
TRAILING_GOVERNOR = regex.compile(rf"(?:{GOVERNOR_MARKS}|{_words(GOVERNOR_PHRASES)})+$", FLAGS)
# The run of marks and governor words (those of TRAILING_GOVERNOR and the *_END patterns)
# that ends the text, scanned backwards ("(?r)"): their matches lie inside it.
GOVERNOR_WORDS = {w for p in [*GOVERNOR_PHRASES, *VERBS["by_verbs"], *VERBS["count_verbs"]] for w in p.split()}
GOVERNOR_TAIL = regex.compile(rf"(?r)(?:{GOVERNOR_MARKS}|{_words(GOVERNOR_WORDS)})*$", FLAGS)
MILESTONE_NOUN = regex.compile(rf"^{_words(INDICATOR['milestone_nouns'])}\s*", FLAGS)
QUALIFIER = regex.compile(
    rf"^\s*(?:{_words(INDICATOR['breakdown_words'])}\s*(?P<qualifier>.+)"
    rf"|(?:{_words(INDICATOR['place_words'])}\s*)?(?P<qualifier>{_words(INDICATOR['area_words'])}.*))",
    FLAGS | regex.DOTALL,
)
NOT_QUALIFIER = regex.compile(rf"^\s*{_words(INDICATOR['not_qualifier'])}", FLAGS)
PARENTHESIS = regex.compile(r"\s*\((?P<inside>[^()]*)\)")
EDGE = regex.compile(r"^[\s,;:.\-–]+|[\s,;:.\-–]+$")
TAIL_STOP = PhraseFinder(
    [*INDICATOR["tail_stops"], *VERBS["by_after"]], rf",\s*{_words(INDICATOR['tail_stops'])}|{BY_AFTER.pattern}"
)
TRAILING_AND = regex.compile(rf"(?r)(?:\s|,|{_words(['và', 'hoặc'])})+$", FLAGS)  # backwards: from the end
PAST = PhraseFinder(VOCAB["past"]["markers"], rf"(?<!so\s+với\s+){_words(VOCAB['past']['markers'])}")

# Every year phrase, value and number of a clause, longest shape first: at each position the
# first shape that matches wins, as in one alternation ("A|B|…") of them all, tried from
# left to right (`finditer`). That alternation is slow to scan with, so it is only tried
# where a token may start (`find_tokens`).
TOKEN_SHAPES = [
    ("year", YEAR_PHRASE),
    ("date", rf"(?=\d|ngày)(?:{vn.NUMERIC_DATE.pattern}|{vn.WORDED_DATE.pattern})"),  # (?=…): see vn.NUMERIC_DATE
    ("rate", rf"(?P<rate_value>{NUMBER})\s*/\s*(?P<rate_per>{vn.NUMBER})(?![\p{{N}}/\-])"),
    ("range", rf"(?:{START}từ\s+)?(?P<low>{NUMBER})\s*%?{TO}(?P<high>{NUMBER})\s*%(?P<range_per>{PER_TIME})"),
    ("percent", rf"(?P<percent_value>{NUMBER})\s*%(?P<percent_per>{PER_TIME})"),
    ("permille", rf"(?P<permille_value>{NUMBER})\s*‰"),
    ("denominator", rf"{START}(?:trên|/)\s*(?P<per>{ROUND})(?![\p{{N}}.,])(?=\s+\p{{L}})"),
    ("number", NUMBER),
]


def _token_alternation(names: list[str]) -> regex.Pattern:
    """The alternation of the named shapes, in the order of TOKEN_SHAPES."""
    return regex.compile("|".join(rf"(?P<{name}>{shape})" for name, shape in TOKEN_SHAPES if name in names), FLAGS)


# Every token holds a digit. A date, value or number starts at the first digit of a run
# (their numbers may not follow a digit); a year phrase, "ngày 5 tháng …", "từ 2 đến 3%" and
# "trên 1.000" start at a word of TOKEN_LEAD_WORDS, and only those words and white space
# stand between them and their first digit.
WORD_TOKEN = _token_alternation(["year", "date", "range", "denominator"])
DIGIT_TOKEN = _token_alternation(["date", "rate", "range", "percent", "permille", "number"])
# The words before the first digit of a year phrase, a worded date, a range, a denominator
TOKEN_LEAD_WORDS = list(dict.fromkeys([
    *PERIOD_OPENERS, *YEAR_OPENERS, *BARE_YEAR_OPENERS, "năm", "học", "ngày", "từ", "trên", "/",
]))
TOKEN_LEAD_WORD = regex.compile(f"(?:{'|'.join(TOKEN_LEAD_WORDS)})", FLAGS)
LEAD_WORDS_BEFORE = regex.compile(rf"(?r)(?:{TOKEN_LEAD_WORD.pattern}\s*)*", FLAGS)  # backwards: the run ending there
DIGITS = regex.compile(r"\d+")
VALUE_KINDS = ("year", "range", "percent", "permille", "rate")
DIGIT = regex.compile(r"\d")
YEAR_DIGITS = regex.compile(vn.YEAR)  # in every year and date
LETTERS_BEFORE = regex.compile(r"(?r)[\p{L}\s]*")  # backwards: the run of letters and white space ending there
# Every token holds a digit, at most this far from its start ("trước năm học 2025"); the
# scan starts this far before a clause's first digit, and digit-free clauses are skipped.
TOKEN_REACH = 120


def find_tokens(clean: str, start: int, end: int) -> list[regex.Match]:
    """The tokens of clean[start:end]: the matches of the alternation of TOKEN_SHAPES found
    from left to right, tried only at the lead words before each run of digits and at the run."""
    run = DIGITS.search(clean, start, end)
    if run is None:
        return []
    pos = max(start, run.start() - TOKEN_REACH)
    tokens = []
    while run is not None:
        token = None
        lead = LEAD_WORDS_BEFORE.search(clean, pos, run.start()).start()
        if lead < run.start():
            for word in TOKEN_LEAD_WORD.finditer(clean, lead, run.start()):
                token = WORD_TOKEN.match(clean, word.start(), end)
                if token:
                    break
        token = token or DIGIT_TOKEN.match(clean, run.start(), end)
        if token:
            tokens.append(token)
        pos = token.end() if token else run.end()
        run = DIGITS.search(clean, pos, end)
    return tokens

# --- zones and lines --------------------------------------------------------------------------

ZONES = VOCAB["zones"]
OBJECTIVE_TITLE = regex.compile(
    rf"^{_any(ZONES['objective_titles'])}(?:\s*$|\s*[\d,:;(\-–]|\s+{_words(ZONES['objective_followers'])})", FLAGS
)
OBJECTIVE_WORD = regex.compile(_words(["mục tiêu"]), FLAGS)
SITUATION_TITLE = PhraseFinder(ZONES["situation_titles"])
COMMITMENT = PhraseFinder(ZONES["commitment_words"])
LEAD_TITLE = rf"[\s\-+•*]*{_any(ZONES['objective_titles'])}"
LEAD_LINE = regex.compile(
    rf"^{LEAD_TITLE}"
    rf"(?:\s+{_words(ZONES['lead_followers'])}[^\n\d]{{0,80}}(?:\d{{4}}[^\n\d]{{0,40}})?|[^\n\d]{{0,80}}:)[ \t]*$",
    FLAGS | regex.MULTILINE,
)
# A line break before what may start a lead line: found far faster than a "^" tried at
# every position of the document.
LEAD_LINE_BREAK = regex.compile(rf"\n{LEAD_TITLE}", FLAGS)
MAX_LEAD_WORDS = 12
BULLET = regex.compile(r"[\s\-+•*–]*")
INDICATOR_LABEL = regex.compile(r"chỉ\s+tiêu\s+(?P<number>\d{1,3})\s*[:.\-–)]?\s*", FLAGS)
CLAUSE_SPLIT = regex.compile(r"[;:]")


@dataclass
class Quantity:
    """A value as written: "dưới 18%" is the 18% (the comparator belongs to the governor)."""

    start: int
    end: int  # after the unit and any comparator written after the value ("trở lên")
    value: float
    value_max: Optional[float] = None
    unit: Optional[str] = None
    comparator_after: Optional[str] = None
    bare: bool = False  # no unit written: a value only when its context says so
    per_year: bool = False  # "1,5%/năm": a yearly rate


@dataclass
class YearMention:
    start: int
    end: int
    years: list[int]


@dataclass
class Reading:
    """One value of a clause with what its words say; `years` are filled in later."""

    quantity: Optional[Quantity]  # None for a dated milestone ("Hoàn thành … vào năm 2013")
    start: int  # the clause piece that states it
    end: int
    comparator: str
    direction: str
    change: str
    indicator: str
    qualifier: Optional[str] = None
    years: list[int] = field(default_factory=list)
    leading: Optional[list[int]] = None  # years written before it ("Đến năm 2020, có …")
    own_year: bool = False  # its year is written in its sentence


@dataclass
class LineContext:
    """What a line inherits: its fallback year and "Chỉ tiêu N"."""

    fallback_year: Optional[int]
    indicator_number: Optional[int]
    strict: bool  # a task section: only explicit commitments
    reference_year: Optional[int]  # the year the plan was written: earlier years are the past


# --- zones ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Zone:
    start: int
    end: int
    strict: bool


def _status(section: Section, parent: Optional[str]) -> Optional[str]:
    """"closed" (situation, results), "normal" (objectives), "strict" (tasks) or None."""
    if parent == "closed":
        return parent
    title = section.title.strip(" .:*#")  # patterns ignore case; normalize() costs too much here
    if section.level == 1:
        opens = section.kind == "objectives" and OBJECTIVE_WORD.search(title)
        if opens or OBJECTIVE_TITLE.match(title):
            status = "normal"
        else:
            status = "strict" if section.kind == "tasks" else None
    else:
        status = "normal" if OBJECTIVE_TITLE.match(title) else parent
    if status is not None and SITUATION_TITLE.search(title):
        return "closed"
    return status


def _section_zones(sections: list[Section], parent: Optional[str]) -> Iterator[Zone]:
    """The text of each section outside its children, where it may state targets."""
    for section in sections:
        status = _status(section, parent)
        if status in ("normal", "strict"):
            cursor = section.span[0]
            for child in section.children:
                if cursor < child.span[0]:
                    yield Zone(cursor, child.span[0], status == "strict")
                cursor = child.span[1]
            if cursor < section.span[1]:
                yield Zone(cursor, section.span[1], status == "strict")
        if section.children and status != "closed":
            yield from _section_zones(section.children, status)


def find_zones(text: Text, outline: Outline, heading_starts: list[int]) -> list[Zone]:
    """The stretches of clean text that may state targets, in order."""
    clean = text.clean
    zones = list(_section_zones(outline.sections, None))
    body_end = outline.closing_start if outline.closing_start is not None else len(clean)
    for m in lead_lines(clean, body_end):
        if len(m.group().split()) > MAX_LEAD_WORDS or not OBJECTIVE_TITLE.match(normalize(m.group())):
            continue
        if any(SITUATION_TITLE.search(s.title) for s in outline.sections_at(m.start())):
            continue
        nxt = bisect_right(heading_starts, m.start())
        end = heading_starts[nxt] if nxt < len(heading_starts) else body_end
        zones.append(Zone(m.start(), end, False))  # the lead line too: it may state the year
    return _merge(zones)


def lead_lines(clean: str, end: int) -> Iterator[regex.Match]:
    """The matches of LEAD_LINE.finditer(clean, 0, end). A match starts at a line start
    from which white space and bullets lead to a title: at 0 or after the first line break
    of that run (its later line starts lead to the same title, and fail with it)."""
    pos = 0
    m = LEAD_LINE.match(clean, 0, end)
    if m:
        yield m
        pos = m.end()
    while (line_break := LEAD_LINE_BREAK.search(clean, pos, end)) is not None:
        m = LEAD_LINE.match(clean, line_break.start() + 1, end)
        if m:
            yield m
        pos = m.end() if m else line_break.start() + 1


def _merge(zones: list[Zone]) -> list[Zone]:
    """Overlapping zones cut into disjoint ones; where a normal zone covers, it wins."""
    events = sorted([(z.start, 1, z.strict) for z in zones] + [(z.end, -1, z.strict) for z in zones])
    active = {True: 0, False: 0}
    out: list[Zone] = []
    position = None
    for pos, step, strict in events:
        if position is not None and pos > position and (active[False] or active[True]):
            now_strict = not active[False]
            if out and out[-1].end == position and out[-1].strict == now_strict:
                out[-1] = Zone(out[-1].start, pos, now_strict)
            else:
                out.append(Zone(position, pos, now_strict))
        active[strict] += step
        position = pos
    return out


# --- years of headings and of the document --------------------------------------------------

def _years(mention: regex.Match) -> list[int]:
    """ "vào năm 2025 và năm 2030" → [2025, 2030]; "giai đoạn 2021 - 2025" → [2025]."""
    years = []
    for part in YEAR_PART_SPLIT.split(mention.group()):
        found = YEAR_IN.findall(part)
        if found:
            years.append(int(found[-1]))
    return years


def _year_of(title: str) -> Optional[int]:
    for m in _year_phrases(title):
        if not BASELINE_BEFORE.search(title, 0, m.start()):
            return _years(m)[0]
    return None


def reference_year(text: Text, outline: Outline) -> Optional[int]:
    """The latest year of a date in the header: the plan is not older than that."""
    header = text.clean[: outline.body_start or 0]
    dates = (vn.NUMERIC_DATE, vn.WORDED_DATE, vn.MONTH_YEAR)
    years = [int(m.group("year")) for pattern in dates for m in pattern.finditer(header)]
    return max(years) if years else None


# --- reading a clause -----------------------------------------------------------------------

LOOK_BACK = 40  # characters: enough for the few words a "…$" pattern looks for


def _ends_with(pattern: regex.Pattern, clean: str, pos: int, floor: int = 0) -> Optional[regex.Match]:
    """The match of `pattern` (anchored with "$") that ends right before `pos`, not reaching
    back over `floor`; searched in a short window, never from the start of the document."""
    return pattern.search(clean, max(floor, pos - LOOK_BACK), pos)


def _quantity(m: regex.Match, clean: str, clause_end: int, per: Optional[str]) -> Optional[Quantity]:
    """The value a token writes, or None when the token is no value."""
    kind = m.lastgroup
    if kind == "range":
        low, high = vn.parse_number(m.group("low")), vn.parse_number(m.group("high"))
        q = Quantity(m.start(), m.end(), low, high, "%", per_year=bool(m.group("range_per")))
    elif kind == "percent":
        value = vn.parse_number(m.group("percent_value"))
        q = Quantity(m.start(), m.end(), value, unit="%", per_year=bool(m.group("percent_per")))
    elif kind == "permille":
        q = Quantity(m.start(), m.end(), vn.parse_number(m.group("permille_value")), unit="per 1000")
    elif kind == "rate":
        denominator = vn.parse_number(m.group("rate_per"))
        if denominator < 100 or denominator % 100 or _ends_with(CITATION_NUMBER_BEFORE, clean, m.start()):
            return None
        q = Quantity(m.start(), m.end(), vn.parse_number(m.group("rate_value")), unit=f"per {int(denominator)}")
    elif kind == "number":
        if CODE_AFTER.match(clean, m.end(), clause_end):
            return None
        q = Quantity(m.start(), m.end(), vn.parse_number(m.group()), unit=per, bare=True)
    else:
        return None
    after = COMPARATOR_AFTER.match(clean, q.end, clause_end)
    if after:
        q.comparator_after = COMPARATOR_AFTER_OF[normalize(after.group())]
        q.end = after.end()
    return q


@dataclass
class Governor:
    """The words right before a value: what they say about it."""

    comparator: Optional[str]
    direction: Optional[str]
    by: bool
    restated: bool  # a verb, particle or comparator of its own
    adjacent: bool  # a comparator, particle or "giảm"/"tăng" right before the value
    particle: bool  # a particle ("đạt", "xuống", "lên") right before the value
    baseline: bool  # "từ 15% xuống …": the starting level, not a target
    count_ready: bool  # a verb that may introduce a count ("có 05 xã")
    head_end: int  # where the governor words begin (`_governor_at`)


# The *_END patterns end at "$": a search from the start would try every position of the
# words. Their matches are made of governor words and white space, so a search starts where
# the run of those that ends the words starts (GOVERNOR_TAIL; lookbehinds still see the text
# before), and not over END_REACH from the end. A governor is a few words ("phấn đấu giảm
# xuống còn dưới "); only one padded with over 160 characters of white space or adverbs
# would be cut, and none is in the seeds or the 390 bulk documents.
END_REACH = 160


@dataclass(frozen=True)
class GovernorEnd:
    """What the governor words that end a value's words say (the matches of the *_END patterns)."""

    comparator: Optional[str]  # its sign
    particle: Optional[str]  # the direction of a particle right before the value
    verb: Optional[str]  # the direction of a verb right before it (VERB_END)
    by_verb: bool
    baseline: bool
    count_ready: bool


def _read_end(words: str, tail: int) -> GovernorEnd:
    comparator = COMPARATOR_END.search(words, tail)
    particle = PARTICLE_END.search(words, tail)
    verb = VERB_END.search(words, tail)
    return GovernorEnd(
        comparator=COMPARATOR_OF[normalize(comparator.group("comparator"))] if comparator else None,
        particle=PARTICLE_DIRECTION[normalize(particle.group("particle"))] if particle else None,
        verb=_verb_direction(verb) if verb else None,
        by_verb=bool(BY_END.search(words, tail)),
        baseline=bool(BASELINE_END.search(words, tail)),
        count_ready=bool(COUNT_VERB_END.search(words, tail)),
    )


@lru_cache(maxsize=1024)  # runs are few, in any plan: "", " ", " dưới ", " đạt ", "xuống còn dưới " …
def _read_run(run: str) -> GovernorEnd:
    """What a whole run of governor words (GOVERNOR_TAIL) says: read alone, as in place,
    since the *_END matches start with a word and the run's first word starts one there too."""
    return _read_end(run, 0)


def read_governor(words: str) -> Governor:
    run = GOVERNOR_TAIL.search(words).start()
    tail = max(len(words) - END_REACH, run)
    end = _read_run(words[tail:]) if tail == run else _read_end(words, tail)
    # Every VERB_START match ends with a VERB match, and a VERB match is a verb that restates
    # the value: a text without one has neither.
    verb = None if end.comparator or end.particle else VERB.search(words)
    has_verb = bool(end.comparator or end.particle or verb)
    by_noun = BY_NOUN.search(words)
    return Governor(
        comparator=end.comparator,
        direction=_direction(words, end, by_noun, has_verb),
        by=bool(end.by_verb or by_noun),
        restated=has_verb,
        adjacent=bool(end.comparator or end.particle or end.by_verb),
        particle=bool(end.particle and not end.comparator),
        baseline=end.baseline,
        count_ready=end.count_ready,
        head_end=_governor_at(words, run),
    )


def _verb_direction(m: regex.Match) -> str:
    return DIRECTION_OF[normalize(VERB.search(m.group()).group())]


def _direction(words: str, end: GovernorEnd, by_noun: Optional[regex.Match], has_verb: bool) -> Optional[str]:
    """What the governor says of the level: the particle before the value ("xuống", "lên"),
    else the verb right before it, a "mức giảm", the verb the clause opens with, and only
    then a verb of reaching ("đạt", "có"). Verbs inside the indicator ("trẻ em hoàn thành
    cấp tiểu học") say nothing. None when the words hold no verb at all. Each is read only
    when those before it say no change."""
    said = [end.particle, end.verb, by_noun and _verb_direction(by_noun)]
    changes = [d for d in said if d and d != "reach"]
    if changes:
        return changes[0]
    opening = VERB_START.match(words) if has_verb else None
    opening_says = opening and _verb_direction(opening)
    if opening_says and opening_says != "reach":
        return opening_says
    return "reach" if any(said) or opening_says else None


def _clean_phrase(text: str) -> str:
    return EDGE.sub("", text)


def _strip_governor(words: str) -> str:
    """The words without the governor words and marks that end them."""
    return words[: _governor_at(words)]


def _governor_at(words: str, run: Optional[int] = None) -> int:
    """Where the governor words and the marks that end them begin (TRAILING_GOVERNOR's
    match): inside the run of governor words (GOVERNOR_TAIL's, found unless given), so found
    in the run alone, as for `_read_run`."""
    run = GOVERNOR_TAIL.search(words).start() if run is None else run
    return run + _governor_start(words[run:])


@lru_cache(maxsize=1024)
def _governor_start(run: str) -> int:
    governor = TRAILING_GOVERNOR.search(run)
    return governor.start() if governor else len(run)


def _head(words: str, governor_at: Optional[int] = None) -> str:
    """The indicator written before its value: "Giảm tỷ lệ X xuống còn dưới " → "tỷ lệ X".
    `governor_at`: where the governor words begin, when already known."""
    return _clean_phrase(LEAD_WORDS.sub("", words[: _governor_at(words) if governor_at is None else governor_at]))


def _head_of(words: str, governor: Governor) -> str:
    """The indicator before a value: after the last year phrase ("… để đạt mục tiêu tới năm
    2026 tỷ lệ bao phủ …"), before a starting level ("… từ 2% năm 2020 xuống …")."""
    if not DIGIT.search(words):
        return _head(words, governor.head_end)  # neither a year nor a starting level: both hold a digit
    baseline = BASELINE_IN_HEAD.search(words)
    words = words[: baseline.start()] if baseline else words
    years = _year_phrases(words)
    if not years:
        return _head(words)
    return _head(words[years[-1].end():]) or _head(" ".join(_between(words, years)))


def _year_phrases(text: str) -> list[regex.Match]:
    """The matches of ANY_YEAR.finditer(text), searched from the run of letters and white
    space before the first year's digits: a year phrase is such a run and then its digits."""
    digits = YEAR_DIGITS.search(text)
    if digits is None:
        return []
    return list(ANY_YEAR.finditer(text, LETTERS_BEFORE.search(text, 0, digits.start()).start()))


def _between(text: str, matches: list[regex.Match]) -> Iterator[str]:
    """The text around and between `matches` (in order, not overlapping): what a sub of them leaves."""
    pos = 0
    for m in matches:
        yield text[pos: m.start()]
        pos = m.end()
    yield text[pos:]


def _tail(clean: str, start: int, end: int) -> tuple[str, Optional[str], int]:
    """(indicator, qualifier, end) written after a value, up to `end`. A parenthesis right
    after the value is its qualifier ("(khu vực nội thành)") unless it says what the value
    is relative to ("(so với tổng số trẻ em)"): then it belongs to the indicator."""
    qualifier = None
    parenthesis = PARENTHESIS.match(clean, start, end)
    if parenthesis and not NOT_QUALIFIER.match(parenthesis.group("inside")):
        qualifier = _clean_phrase(parenthesis.group("inside")) or None
        start = parenthesis.end()
    words = clean[start:end]
    comment = TAIL_STOP.search(words)
    trimmed = TRAILING_AND.sub("", words[: comment.start()] if comment else words)
    used_end = start + len(trimmed.rstrip())
    breakdown = _qualifier(trimmed) if qualifier is None else None
    if breakdown:
        return "", breakdown, used_end
    return _clean_phrase(trimmed), qualifier, used_end if trimmed.strip() or qualifier else start


def _qualifier(phrase: str) -> Optional[str]:
    """The area or population a phrase breaks an indicator down by ("đối với nông thôn",
    "ở khu vực miền núi"), or None ("ở bậc trung học cơ sở" names another indicator)."""
    m = QUALIFIER.match(phrase)
    return _clean_phrase(_strip_governor(m.group("qualifier"))) or None if m else None


def _parallel(before: str, head: str) -> str:
    """A later value's words that replace the end of the indicator before it: "tỷ lệ đi học
    … ở bậc tiểu học đạt 99% và bậc trung học cơ sở đạt 95%" → "… ở bậc trung học cơ sở";
    "số trẻ em bị tai nạn …, riêng trẻ em bị đuối nước" → "số trẻ em bị đuối nước"."""
    first_word = head.split()[0]
    found = list(regex.finditer(rf"{START}{regex.escape(first_word)}{END}", before, FLAGS))
    if not found or not before[: found[-1].start()].strip():
        return head
    return before[: found[-1].start()] + head


def _piece_start(clean: str, anchor: int, value_start: int, after_year: bool) -> int:
    """Where the words of a later value begin: after the connector that introduces it."""
    connectors = list(CONNECTOR.finditer(clean, anchor, value_start))
    if not connectors:
        return anchor
    chosen = connectors[0] if after_year else connectors[-1]
    return _skip_space(clean, chosen.end(), value_start)


def _skip_space(clean: str, pos: int, end: int) -> int:
    while pos < end and clean[pos] in " \t":
        pos += 1
    return pos


def _is_leading(clean: str, mention: YearMention, pending_end: Optional[int], clause_end: int, next_start: int) -> bool:
    """A year written before what it dates ("Đến năm 2020, có …", "… và đến năm 2030 đạt
    98%"), not after it ("… 95% Trạm Y tế xã … đến năm 2020")."""
    if pending_end is not None and not _ends_with(CONNECTOR_END, clean, mention.start, pending_end):
        return False
    following = clean[mention.end: next_start].strip(" ,")
    if next_start >= clause_end and not following:
        return False
    return not COORDINATOR.match(following)


class ClauseReader:
    """Reads the clauses of one sentence in order; a year written at the start of the
    sentence ("Đến năm 2020, …") and the previous indicator carry over between clauses."""

    def __init__(self, text: Text, context: LineContext):
        self.text = text
        self.clean = text.clean
        self.context = context
        self.leading: Optional[list[int]] = None
        self.previous_indicator: Optional[str] = None
        self.sentence = (0, 0)
        self.committed: Optional[bool] = None  # known once `commits` is asked

    def commits(self) -> bool:
        """The sentence commits in so many words ("phấn đấu", "chỉ tiêu"): asked only of a
        measured value in a task section, so searched only then."""
        if self.committed is None:
            self.committed = bool(COMMITMENT.search(self.clean, *self.sentence))
        return self.committed

    def read_sentence(self, start: int, end: int) -> list[Reading]:
        self.sentence = (start, end)
        readings: list[Reading] = []
        cursor = start
        for m in CLAUSE_SPLIT.finditer(self.clean, start, end):
            if not self._inside_parenthesis(cursor, m.start()):
                readings += self.read_clause(cursor, m.start())
                cursor = m.end()
        readings += self.read_clause(cursor, end)
        return readings

    def _inside_parenthesis(self, start: int, pos: int) -> bool:
        piece = self.clean[start:pos]
        return piece.count("(") > piece.count(")")

    def read_clause(self, start: int, end: int) -> list[Reading]:
        clean = self.clean
        start = _skip_space(clean, start, end)
        while end > start and clean[end - 1] in " .\t":
            end -= 1
        if start >= end:
            return []
        tokens = find_tokens(clean, start, end)
        if not tokens and (self.leading is None or self.context.strict):
            return []  # no value, and no year for a dated milestone
        if PAST.search(clean, start, end):
            return []
        per = self._denominator(tokens, start)
        readings: list[Reading] = []
        pending: list[Reading] = []
        clause_years: Optional[YearMention] = None
        anchor, after_year = start, False
        stops = [m.start() for m in tokens if self._may_be_value(m, end)] + [end]
        for m in tokens:
            next_start = stops[bisect_right(stops, m.start())]
            if m.lastgroup in ("year", "date"):
                mention = self._year_mention(m, start)
                if mention is None:
                    continue
                pending_end = pending[-1].quantity.end if pending else None
                if _is_leading(clean, mention, pending_end, end, next_start):
                    self.leading = mention.years
                else:
                    self._give_years(pending, mention)
                    pending = []
                    clause_years = mention
                    anchor, after_year = mention.end, True
                continue
            quantity = _quantity(m, clean, end, per)
            if quantity is None:
                continue
            reading = self._read_value(quantity, readings, anchor, after_year, start, end, next_start)
            if reading is None:
                continue
            readings.append(reading)
            pending.append(reading)
            anchor, after_year = quantity.end, False
        for reading in pending:
            reading.years = reading.leading or (clause_years.years if clause_years else [])
            reading.own_year = bool(reading.years)
        if not readings:
            readings = self._milestone(start, end, clause_years)
        if readings:
            self.previous_indicator = readings[0].indicator
        return readings

    def _year_mention(self, m: regex.Match, clause_start: int) -> Optional[YearMention]:
        """A year phrase, or a date that states a deadline ("trước ngày 31/12/2025"); not a
        baseline ("so với năm 2020")."""
        if m.lastgroup == "date":
            deadline = _ends_with(DATE_DEADLINE_BEFORE, self.clean, m.start(), clause_start)
            return YearMention(deadline.start(), m.end(), [int(m.group("year"))]) if deadline else None
        if _ends_with(BASELINE_BEFORE, self.clean, m.start(), clause_start):
            return None
        return YearMention(m.start(), m.end(), _years(m))

    def _may_be_value(self, m: regex.Match, clause_end: int) -> bool:
        """A token that may start the next piece: where the words after a value stop."""
        if m.lastgroup in VALUE_KINDS:
            return True
        if m.lastgroup != "number" or INDICATOR_UNIT.match(self.clean, m.end(), clause_end):
            return False
        if _ends_with(LABEL_BEFORE, self.clean, m.start()):
            return False
        return self._value_may_end(m.end(), clause_end)

    def _value_may_end(self, pos: int, clause_end: int) -> bool:
        """What follows a bare number that is a value: the end, punctuation, "và", a year."""
        return bool(BARE_FOLLOWER.match(self.clean, pos, clause_end) or YEAR_AT.match(self.clean, pos, clause_end))

    def _denominator(self, tokens: list[regex.Match], start: int) -> Optional[str]:
        """ "tỷ suất … trên 1.000 trẻ đẻ sống": the unit of the clause's bare values."""
        for m in tokens:
            if m.lastgroup == "denominator" and RATE_NOUN.search(self.clean, start, m.start()):
                return f"per {int(vn.parse_number(m.group('per')))}"
        return None

    def _give_years(self, pending: list[Reading], mention: YearMention) -> None:
        """A year phrase after values: the last value takes it, and so do the values before
        it unless a year written earlier in the sentence already dates them."""
        for reading in pending:
            if reading is pending[-1] or not reading.leading:
                reading.years = mention.years
                reading.end = max(reading.end, mention.end)
            else:
                reading.years = reading.leading
            reading.own_year = True
        if len(pending) > 1 and not any(r.leading for r in pending):
            for reading in pending:
                reading.start = pending[0].start  # values sharing their years share the text

    def _read_value(self, quantity: Quantity, previous: list[Reading], anchor: int, after_year: bool,
                    clause_start: int, clause_end: int, next_start: int) -> Optional[Reading]:
        clean = self.clean
        first = not previous
        piece_start = clause_start if first else _piece_start(clean, anchor, quantity.start, after_year)
        words = clean[piece_start: quantity.start]
        governor = read_governor(words)
        if governor.baseline and quantity.value_max is None and not quantity.comparator_after:
            return None
        coordinated = not first and not governor.restated and not words.strip(" ,")
        if quantity.bare and not self._bare_is_value(quantity, governor, coordinated, clause_end):
            return None
        before = previous[-1] if previous else None
        comparator = governor.comparator or quantity.comparator_after
        if comparator is None:
            inherit = before is not None and not governor.restated and quantity.value != 0
            comparator = before.comparator if inherit else "="
        direction = governor.direction or (before.direction if before else "reach")
        yearly = quantity.per_year or PER_YEAR_AFTER.match(clean, quantity.end, clause_end)
        by = governor.by or bool(BY_AFTER.match(clean, quantity.end, clause_end))
        by = by or bool(yearly and (governor.direction or "") in ("increase", "decrease"))
        change = "by" if by else (before.change if before and not governor.restated else "to")
        indicator, qualifier, end = self._indicator(quantity, words, governor, before, next_start, clause_end)
        return Reading(
            quantity=quantity, start=piece_start, end=max(end, quantity.end), comparator=comparator,
            direction=direction, change=change, indicator=indicator or (before.indicator if before else ""),
            qualifier=qualifier, leading=self.leading,
        )

    def _bare_is_value(self, quantity: Quantity, governor: Governor, coordinated: bool, clause_end: int) -> bool:
        """A number without a unit: a value after a comparator or particle ("dưới 9,5") or
        coordinated with one ("… và 10 vào năm 2030"); a count after "có", "xây dựng" …"""
        clean = self.clean
        unit = INDICATOR_UNIT.match(clean, quantity.end, clause_end)
        if unit or _ends_with(LABEL_BEFORE, clean, quantity.start):
            if unit and governor.particle:  # "Tuổi thọ trung bình đạt 75 tuổi"
                quantity.unit, quantity.bare, quantity.end = _clean_phrase(unit.group()), False, unit.end()
                return True
            return False
        if self._value_may_end(quantity.end, clause_end) and (governor.adjacent or coordinated):
            return True
        count_ready = governor.adjacent or governor.count_ready
        if count_ready and NOUN_FOLLOWER.match(clean, quantity.end, clause_end) and not self.context.strict:
            unit = RAW_UNIT.match(clean, quantity.end, clause_end)
            quantity.unit, quantity.bare = (unit.group("unit") if unit else "count"), False
            quantity.end = unit.end() if unit else quantity.end
            return True
        return False

    def _indicator(self, quantity: Quantity, words: str, governor: Governor, before: Optional[Reading],
                   next_start: int, clause_end: int) -> tuple[str, Optional[str], int]:
        """(indicator, qualifier, end of the words used) of a value."""
        head = _head_of(words, governor)
        qualifier = _qualifier(head) if before is not None and head else None
        head = "" if qualifier else head
        stop = min(next_start, clause_end)
        if stop < clause_end and not YEAR_AT.match(self.clean, stop, clause_end):
            connectors = list(CONNECTOR.finditer(self.clean, quantity.end, stop))
            stop = connectors[-1].start() if connectors else stop  # the next value's words start there
        tail, tail_qualifier, tail_end = _tail(self.clean, quantity.end, stop)
        if quantity.unit and quantity.unit.startswith("per "):
            tail = ""  # "550/100.000 trẻ em": the words after a rate name its denominator
        qualifier = qualifier or tail_qualifier
        end = tail_end if (tail or tail_qualifier) else quantity.end
        if head and (MEASURE_NOUN.search(head) or not tail or tail.startswith("(")):
            if not MEASURE_NOUN.search(head) and before is not None:
                head = _parallel(before.indicator, head)
            return f"{head} {tail}" if tail.startswith("(") else head, qualifier, end
        if tail:
            return tail, qualifier, end
        return (self.previous_indicator or "") if before is None else "", qualifier, end

    def _milestone(self, start: int, end: int, clause_years: Optional[YearMention]) -> list[Reading]:
        """ "Hoàn thành phổ cập … vào năm 2013": a dated milestone without a number."""
        if self.context.strict:
            return []
        clean = self.clean
        body = LEADING_YEARS.sub("", clean[start:end])
        verb = COMPLETE_START.match(body)
        years = clause_years.years if clause_years else self.leading
        if not verb or not years:
            return []
        body_start = end - len(body) + verb.end()
        stop = clause_years.start if clause_years else end
        indicator = _clean_phrase(MILESTONE_NOUN.sub("", clean[body_start:stop]))
        if not indicator:
            return []
        return [Reading(
            quantity=None, start=start, end=clause_years.end if clause_years else end, comparator="=",
            direction="complete", change="to", indicator=indicator, years=list(years), own_year=True,
        )]


# --- indicator codes -------------------------------------------------------------------------

THOUSANDS_DOT = regex.compile(r"(?<=\d)\.(?=\d{3})")
NOT_WORD = regex.compile(r"[^\p{L}\p{N}]+")
LEADING_ZEROS = regex.compile(r"(?<![\p{N}])0+(?=\d)")


def _match_key(text: str) -> str:
    """Lower case, modern tone marks, punctuation as spaces, "07" → "7", "2.500" → "2500"."""
    text = LEADING_ZEROS.sub("", NOT_WORD.sub(" ", THOUSANDS_DOT.sub("", normalize(text))))
    return f" {text.strip()} "


INDICATORS = [
    (entry["code"], [[_match_key(term) for term in phrasing] for phrasing in entry["match"]])
    for entry in load_data("indicators.toml")["indicator"]
]


@lru_cache(maxsize=4096)  # plans repeat their indicators, and archives repeat plans
def indicator_code(indicator: str, qualifier: Optional[str] = None) -> Optional[str]:
    """The code of the first listed indicator one of whose phrasings the text contains."""
    key = _match_key(f"{indicator} {qualifier or ''}")
    for code, phrasings in INDICATORS:
        if any(all(term in key for term in phrasing) for phrasing in phrasings):
            return code
    return None


# --- lines and the extractor ----------------------------------------------------------------

def _lines(clean: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    while pos < end:
        stop = clean.find("\n", pos, end)
        stop = end if stop < 0 else stop
        yield pos, stop
        pos = stop + 1


def _content_start(clean: str, start: int, end: int, heading: Optional[Section]) -> int:
    if heading is not None:
        return heading.title_span[0] if heading.title_span else start
    return BULLET.match(clean, start, end).end()


def _lead_year(clean: str, start: int, end: int) -> Optional[int]:
    """ "- Đến năm 2025:" — a line that dates the lines after it."""
    line = clean[start:end].rstrip()
    if not line.endswith(":"):
        return None
    tokens = find_tokens(clean, start, end)
    if any(m.lastgroup not in ("year", "date") for m in tokens):
        return None
    return _year_of(line)


class ZoneWalker:
    """Goes through the lines of a zone, keeping what a line hands to the lines after it:
    a lead year ("- Đến năm 2025:") and an empty "- Chỉ tiêu 5:" label over its sub-items."""

    def __init__(self, text: Text, outline: Outline, headings: dict[int, Section], reference: Optional[int]):
        self.text, self.outline, self.headings, self.reference = text, outline, headings, reference
        self.section_years: dict[str, Optional[int]] = {}  # section id → _section_year(section)
        self.made = 0  # targets made in the document so far: the next is "t{made + 1}"

    def targets(self, zone: Zone) -> list[Target]:
        clean = self.text.clean
        lead_year: Optional[int] = None
        carried: Optional[tuple[int, str]] = None  # (number, bullet of the label line)
        out: list[Target] = []
        for line_start, line_end in _lines(clean, zone.start, zone.end):
            if clean.count("|", line_start, line_end) >= 2:
                continue  # a table row: its cells are not sentences
            heading = self.headings.get(line_start)
            if heading is None and carried is None and not DIGIT.search(clean, line_start, line_end):
                continue  # a line that neither gives anything (see below) nor ends what a line handed on
            content = _content_start(clean, line_start, line_end, heading)
            bullet = clean[line_start:content].strip()
            if heading is not None or (carried and bullet == carried[1]):
                carried = None
                lead_year = None if heading is not None else lead_year
            if not DIGIT.search(clean, content, line_end):
                continue  # every value, year and "Chỉ tiêu N" holds a digit: a line without one gives nothing
            label = INDICATOR_LABEL.match(clean, content, line_end)
            if label:
                content = label.end()
                carried = (int(label.group("number")), bullet) if content >= line_end else None
            year_here = _lead_year(clean, content, line_end)
            if year_here is not None:
                lead_year = year_here
            if content >= line_end or year_here is not None:
                continue
            if zone.strict and not _may_commit(clean, content, line_end):
                continue
            fallback = lead_year if lead_year is not None else self._section_year(content)
            context = LineContext(
                fallback_year=fallback,
                indicator_number=int(label.group("number")) if label else carried[0] if carried else None,
                strict=zone.strict,
                reference_year=self.reference,
            )
            for start, end in sentence_spans(clean, content, line_end):
                if zone.strict and not _may_commit(clean, start, end):
                    continue
                reader = ClauseReader(self.text, context)
                for reading, year in _targets_of(reader.read_sentence(start, end), reader):
                    self.made += 1
                    out.append(_target(f"t{self.made}", reading, year, context, self.text, self.outline))
        return out

    def _section_year(self, pos: int) -> Optional[int]:
        """The year of the title of the innermost section at `pos`, else of its nearest
        ancestor's that states one: worked out once per section, as every line of it asks."""
        year = None
        for section in self.outline.sections_at(pos):
            if section.id not in self.section_years:
                own = _year_of(section.title)
                self.section_years[section.id] = own if own is not None else year
            year = self.section_years[section.id]
        return year


@register("targets")
def extract_targets(text: Text, outline: Outline, found: dict) -> list[Target]:
    headings = {s.heading_span[0]: s for s in outline.flat()}  # by the start of their line
    walker = ZoneWalker(text, outline, headings, reference_year(text, outline))
    return [t for zone in find_zones(text, outline, sorted(headings)) for t in walker.targets(zone)]


def _targets_of(readings: list[Reading], reader: ClauseReader) -> Iterator[tuple[Reading, Optional[int]]]:
    """The (reading, year) pairs a sentence's readings give as targets."""
    context = reader.context
    for reading in readings:
        if context.strict and not _explicit_commitment(reading, reader):
            continue
        years = reading.years or [context.fallback_year]
        for year in years:
            if reading.own_year and context.reference_year and year is not None and year < context.reference_year:
                continue  # "năm 2019 tỷ lệ … đạt 85%" in a plan of 2021: a result, not a target
            yield reading, year


def _may_commit(clean: str, start: int, end: int) -> bool:
    """A task section keeps a value only where its sentence commits in so many words or
    states its own year (`_explicit_commitment`): not without a commitment word or a year."""
    return bool(YEAR_DIGITS.search(clean, start, end) or COMMITMENT.search(clean, start, end))


def _explicit_commitment(reading: Reading, reader: ClauseReader) -> bool:
    q = reading.quantity
    measured = q is not None and q.unit is not None and q.unit != "count"
    return measured and (reading.own_year or reader.commits())


def _target(target_id: str, reading: Reading, year: Optional[int], context: LineContext, text: Text,
            outline: Outline) -> Target:
    q = reading.quantity
    section = outline.section_at(reading.start)
    indicator = reading.indicator or text.original_text(reading.start, reading.end)
    return Target(
        id=target_id,
        section_id=section.id if section else None,
        text=text.original_text(reading.start, reading.end),
        span=(reading.start, reading.end),
        indicator=indicator,
        indicator_code=indicator_code(indicator, reading.qualifier),
        indicator_number=context.indicator_number,
        direction=reading.direction,
        change=reading.change,
        comparator=reading.comparator,
        value=q.value if q else None,
        value_max=q.value_max if q else None,
        unit=q.unit if q else None,
        year=year,
        qualifier=reading.qualifier,
    )
