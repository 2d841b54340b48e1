"""Citations: the documents a plan cites, one item per document with all its mentions.

A reference is a type word with a number ("Chỉ thị số 20-CT/TW", "Quyết định 1175/QĐ-UBND",
"KH số 54-KH/TU") or a named law or convention ("Luật Trẻ em", "Công ước Liên hợp quốc về
quyền trẻ em"). After it come, in either order, its date ("ngày 05/11/2012") and issuer
("của Bộ Chính trị"), then maybe more numbers of the same type ("… và 80/2017/NĐ-CP"), then
its title ("về việc …"), which runs to where the reference ends: ";", the next reference
of a list, "(gọi tắt là …)", a new clause. A mention is the reference without its title.

An amending law ("Luật sửa đổi, bổ sung một số điều của Luật A và Luật B ngày …") is named by
all it amends; the laws it names are mentions of their own, without its date.

References are grouped into citations by code. A bare number ("Quyết định số 23") joins the
one full code of its type that it begins ("23/QĐ-TTg"); a named law joins the numbered law
that carries its name. Not citations: the document's own number ("Số: 138/KH-UBND"), a
number without "số" that matches no full code ("Chương trình 135", "Kế hoạch 5 năm"),
generic plurals ("các Luật …"). Vocabularies: data/document_types.toml and data/citations.toml.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Iterator, Optional

import regex

from ..data import load as load_data
from ..load import Text
from ..models import Citation, Mention
from ..segment import Outline
from ..vn import date_of, find_date, matches_at, occurrences
from . import register

CONFIG = load_data("citations.toml")
SPACE = r"[^\S\n]"  # a reference never runs across a paragraph break
MAX_TITLE = 500
MAX_DATE = 40  # "ngày" to the end of "ngày 05 tháng 11 năm 2012"
HOMOGLYPHS = str.maketrans("СРТНМКВАЕОХ", "CPTHMKBAEOX")  # Cyrillic letters seen in PDF-extracted codes


def _flex(phrase: str) -> str:
    """A data phrase as a pattern, loose on white space (a hard-wrapped line break included)
    and on the dash between words ("Lao động - Thương binh", "Lao động Thương binh")."""
    out = []
    for part in regex.split(r"(\s+[-–]\s+|\s+)", phrase.strip()):
        if part.strip() in ("-", "–"):
            out.append(r"(?:\s*[-–]\s*|\s+)")
        elif part.isspace():
            out.append(r"\s+")
        elif part:
            out.append(regex.escape(part))
    return "".join(out)


def _fold(phrase: str) -> str:
    """Comparison key of a phrase found in the clean text (already NFC, modern tone marks)."""
    return " ".join(phrase.split()).lower()


def _alternation(phrases) -> str:
    return "|".join(_flex(p) for p in sorted(set(phrases), key=len, reverse=True))


def _types() -> tuple[dict[str, str], dict[str, str]]:
    """Type names by lower-case spelling, and type names by number symbol ("QĐ" → "Quyết định")."""
    declared = load_data("document_types.toml")["type"]
    names = {t["name"].lower(): t["name"] for t in declared}
    names.update({name.lower(): name for name in CONFIG["types"]["extra"]})
    symbols: dict[str, str] = {}
    for t in declared:
        for symbol in t["symbols"]:
            symbols.setdefault(symbol, t["name"])
    return names, symbols


TYPE_NAMES, TYPE_SYMBOLS = _types()

# A number and symbol: "20-CT/TW", "1555/QĐ-TTg", "121/2020/QH14", "1555 /QĐ-TTg".
# A spaced dash only before a symbol ("20 - CT/TW"), never before a word ("số 5 - Chương trình").
# A symbol ends at "ngày" glued to it ("TT-BTCngày 31/12/2025"), a slip of PDF extraction.
MAX_CODE_PARTS = 12  # "56/2017/NĐ-CP" has four; a bound keeps a run of "1/1/1/…" from being one code
CODE_TAIL = (
    rf"(?:\.\d+)*\p{{Ll}}?(?:(?:{SPACE}?//?{SPACE}?|-|{SPACE}?[-–]{SPACE}?(?=\p{{Lu}}{{2}}))"
    rf"[\p{{L}}\p{{N}}&]+?(?=ngày|(?![\p{{L}}\p{{N}}&]))){{0,{MAX_CODE_PARTS}}}"
)
CODE = rf"\d+{CODE_TAIL}"
# The pattern is anchored on the number, and looks back for the type word: digits are rare
# in text, type words ("kế hoạch", "quy định") are not, so this is the fast way round.
_TYPE = (
    rf"(?<![\p{{L}}\p{{N}}])(?<!(?i:pháp){SPACE})"
    rf"(?:(?P<type>(?i:{_alternation(TYPE_NAMES.values())}))(?:{SPACE}+(?P<so>(?i:số)){SPACE}*:?)?"
    rf"|(?P<symbol>{'|'.join(map(regex.escape, sorted(TYPE_SYMBOLS, key=len, reverse=True)))}){SPACE}+(?P<so>(?i:số)){SPACE}*:?)"
)
# A quick first test before the full look-back: the number follows the last letter of a type
# word, of "số" or of a symbol (or a colon).
_ENDINGS = {w[-1] for w in [*TYPE_NAMES.values(), *TYPE_SYMBOLS, "số", ":"]}
_ENDINGS = "".join(regex.escape(c) for c in sorted(_ENDINGS | {c.upper() for c in _ENDINGS}))
CODED = regex.compile(rf"(?<![\d/.,])(?<=[{_ENDINGS}]{SPACE}*)(?P<code>\d(?<={_TYPE}{SPACE}*\d)\d*{CODE_TAIL})")
_LAW_NAMES = CONFIG["laws"]["laws"] + CONFIG["laws"]["codes"]
LAW_TYPE = rf"(?P<type>Bộ{SPACE}+[lL]uật|Luật)"
LAW_STARTS = ("Luật", "Bộ")  # where LAW_TYPE, and so a match of LAW or AMENDING, begins
LAW = regex.compile(
    rf"{LAW_TYPE}{SPACE}+"
    rf"(?:(?P<name>(?i:{_alternation(_LAW_NAMES)}))(?![\p{{L}}\p{{N}}])"
    rf"|(?P<guess>\p{{Lu}}\p{{Ll}}+(?:{SPACE}+(?!(?i:{_alternation(CONFIG['laws']['name_stops'])})(?!\p{{L}})|và{SPACE}+\p{{Lu}})\p{{L}}+){{0,6}}))"
)
LAW_NAMES = {_fold(n): n for n in _LAW_NAMES}
AMENDS = "sửa đổi"
AMENDING = regex.compile(rf"{LAW_TYPE}{SPACE}+{AMENDS},?{SPACE}*bổ sung")
AMENDING_END = regex.compile(rf"{SPACE}+(?=(?:ngày|năm|số){SPACE}*\d)|[;:\n(]|\.(?=\s|$)")
LAW_NUMBER = regex.compile(rf"{SPACE}+(?i:số){SPACE}*(?P<code>{CODE})")


def _named_documents() -> regex.Pattern:
    """One group per named document of the data file, matching any of its spellings."""
    between = _alternation(CONFIG["named_documents"]["between"])
    groups = []
    for i, entry in enumerate(CONFIG["named"]):
        spellings = [
            rf"{_flex(entry['type'])}(?:\s+(?:{between}))?\s+{_flex(alias[len(entry['type']):])}"
            for alias in sorted(entry["aliases"], key=len, reverse=True)
        ]
        groups.append(rf"(?P<named{i}>{'|'.join(spellings)})")
    return regex.compile(rf"(?i:{'|'.join(groups)})(?![\p{{L}}])")


NAMED_DOCUMENT = _named_documents()
# Where a named document may begin: its type capitalised, as names are ("Công ước", "CÔNG ƯỚC");
# found first because a case-blind search through all spellings is slow.
NAMED_TYPE = regex.compile(_alternation({v for e in CONFIG["named"] for v in (e["type"], e["type"].upper())}))
GENERIC = regex.compile(rf"(?:^|[^\p{{L}}])(?:(?i:các|những){SPACE}+)?$")  # what may stand before a name

_issuers = CONFIG["issuers"]
_titles = CONFIG["titles"]
_TITLE_WORDS = _alternation(_titles["drop"] + _titles["keep"])
# A place: capitalised words ("Bắc Giang", "Bà Rịa - Vũng Tàu") that do not begin a title ("Về việc").
_PLACE_WORD = rf"(?!(?i:{_TITLE_WORDS})(?![\p{{L}}]))\p{{Lu}}\p{{L}}*"
PLACE = rf"\d+|{_PLACE_WORD}(?:(?:{SPACE}+|{SPACE}*[-–]{SPACE}*){_PLACE_WORD})*"
# An issuer: a national body, or a ministry, department or local body with its level and place
# ("UBND tỉnh Bắc Giang", "Sở Y tế tỉnh Điện Biên"); a party body may add its term ("(khóa XII)").
_LOCAL = rf"(?i:{_alternation(_issuers['prefixes'])})\s+(?i:{_alternation(_issuers['fields'])})|(?i:{_alternation(_issuers['local'])})"
ISSUER = (
    rf"(?:(?i:{_alternation(_issuers['national'])})"
    rf"|(?:{_LOCAL})(?:{SPACE}+(?i:{_alternation(_issuers['levels'])}))?(?:{SPACE}+(?:{PLACE}))?)"
    rf"(?:{SPACE}*\(?(?i:khóa){SPACE}+[IVXLC]+\)?)?(?![\p{{L}}])"
)
ISSUER_AT = regex.compile(ISSUER)
RECIPIENT = regex.compile(rf"(?:{_LOCAL})(?![\p{{L}}])")  # "báo cáo Kế hoạch số 12/KH-UBND về UBND tỉnh"
MEETING = r"(?i:Hội nghị)(?:\s+(?i:lần thứ|Trung ương)\s+\w+)?\s+"  # "Hội nghị lần thứ tám Ban Chấp hành …"
ISSUER_AFTER = regex.compile(rf"{SPACE}*,?{SPACE}*(?:(?i:của)\s+(?:{MEETING})?|{MEETING})(?P<issuer>{ISSUER})")
DATE_LEAD = regex.compile(rf"{SPACE}*,?{SPACE}*(?:(?:được{SPACE}+)?(?:ban hành|ký){SPACE}+)?(?=ngày)", regex.IGNORECASE)
DAY_WORD = regex.compile(rf"ngày{SPACE}*", regex.IGNORECASE)
YEAR_AFTER = regex.compile(rf"{SPACE}+năm{SPACE}+(?P<year>(?:19|20)\d{{2}})(?!\d)")
CONTINUATION = regex.compile(rf"(?:{SPACE}*,{SPACE}*|{SPACE}+(?:và|hoặc){SPACE}+)(?P<mention>(?:số{SPACE}+)?(?P<code>{CODE}))")

TITLE_LEAD = regex.compile(
    rf"{SPACE}*,?{SPACE}*(?P<drop>(?i:{_alternation(_titles['drop'])})){SPACE}+"
    rf"|{SPACE}+(?=(?i:{_alternation(_titles['keep'])}){SPACE}+)"
)
TITLE_END = regex.compile(
    rf"[;:\n]|\.(?=\s|$)|\((?i:sau đây gọi|gọi tắt)"
    rf"|,{SPACE}*(?=(?:{_alternation(_titles['clause_starts'])})(?![\p{{L}}]))"
)
LIST_SEPARATOR = regex.compile(rf"(?:,|{SPACE}(?:và|hoặc)|\(){SPACE}*$")  # before the next reference
BRACKET_BEFORE = regex.compile(rf"{SPACE}*\({SPACE}*(?:(?:ban hành{SPACE}+)?kèm theo{SPACE}+)?$")  # "… (kèm theo "
PROGRAMME_HEAD = regex.compile(rf"(?<![\p{{L}}])(?:{_alternation(_titles['programme_heads'])})(?![\p{{L}}])")
# "Số: 138/KH-UBND" anywhere, or "Số 138/KH-UBND" at the start of a line or of a table cell.
OWN_NUMBER = regex.compile(
    rf"(?<![\p{{L}}])(?:Số|SỐ)(?:{SPACE}*:|(?<=^(?:{SPACE}|\|)*..)){SPACE}*(?P<code>{CODE})", regex.MULTILINE
)
NUMBER = regex.compile(r"\d+(?:\.\d+)*\p{Ll}?")
SEPARATOR = regex.compile(r"[/-]")
CAPITAL = regex.compile(r"\p{Lu}")  # symbols are capitals: "5/người" is no code
COUNTED = regex.compile(rf"{SPACE}*(?i:{_alternation(CONFIG['types']['counted'])})(?![\p{{L}}])")
YEAR_IN_CODE = regex.compile(r"/(?:19|20)\d{2}/")


@dataclass
class Reference:
    """One mention of a cited document as parsed from the clean text."""

    start: int
    end: int  # the mention: type, number, date, issuer; never the title
    doc_type: str
    code: Optional[str] = None  # as written, white space removed; None for a named document
    has_so: bool = False  # "Quyết định số 23" (a bare number with "số" is still a citation)
    date: Optional[str] = None
    issuer: Optional[str] = None
    title: Optional[str] = None
    title_rank: int = 0  # 2: its own "về …" phrase or name; 1: the name before "(Kế hoạch số …)"
    named: bool = False
    bare: bool = False  # inside the name of an amending law: the date after it is not its own
    number: Optional[str] = field(init=False)
    full: bool = field(init=False)  # a code with a symbol ("20-CT/TW"), not only "23" or "100/2019"

    def __post_init__(self) -> None:
        self.number = _number(self.code)
        self.full = self.number is not None and CAPITAL.search(self.code, len(self.number)) is not None


def _number(code: Optional[str]) -> Optional[str]:
    m = NUMBER.match(code) if code else None
    return m.group() if m else None


# --------------------------------------------------------------------------- finding


def _code(written: str) -> str:
    return "".join(written.split()).translate(HOMOGLYPHS)


def _coded(clean: str) -> Iterator[Reference]:
    for m in CODED.finditer(clean):
        doc_type = TYPE_NAMES[_fold(m.group("type"))] if m.group("type") else TYPE_SYMBOLS[m.group("symbol")]
        start = m.start("type") if m.group("type") else m.start("symbol")
        ref = Reference(start, m.end(), doc_type, code=_code(m.group("code")), has_so=bool(m.group("so")))
        if ref.full or (ref.has_so and m.group("type")) or _short_form(clean, m):
            yield ref


def _short_form(clean: str, m: regex.Match) -> bool:
    """A type word and a bare number without "số" may be a short form ("Nghị định 27"), not a
    count ("kế hoạch 5 năm"): capitalised and not followed by what is counted."""
    return bool(m.group("type")) and m.group("type")[0].isupper() and not COUNTED.match(clean, m.end())


def _named(clean: str, law_starts: list[int]) -> Iterator[Reference]:
    for m in matches_at(LAW, clean, law_starts):
        if _specific(clean, m.start()):
            doc_type = TYPE_NAMES[_fold(m.group("type"))]  # "Bộ Luật" is "Bộ luật"
            name = LAW_NAMES[_fold(m.group("name"))] if m.group("name") else _space(m.group("guess"))
            yield _law(clean, m.start(), m.end(), doc_type, f"{doc_type} {name}")
    for start in (m.start() for m in NAMED_TYPE.finditer(clean)):
        m = NAMED_DOCUMENT.match(clean, start)
        if m and _specific(clean, start):
            entry = CONFIG["named"][int(m.lastgroup.removeprefix("named"))]
            yield Reference(m.start(), m.end(), entry["type"], issuer=entry.get("issuer"), title=entry["title"],
                            title_rank=2, named=True)


def _amending(clean: str, law_starts: list[int]) -> Iterator[Reference]:
    """ "Luật sửa đổi, bổ sung một số điều của Luật A và Luật B ngày …": named by all it amends."""
    # AMENDING stays on one line: a start is tried only if AMENDS follows on its line (a
    # failed match costs a search for AMENDS as far as it is, maybe to the end of the text).
    starts = [p for p in law_starts if clean.find(AMENDS, p, _line_end(clean, p)) >= 0]
    for m in matches_at(AMENDING, clean, starts):
        end = AMENDING_END.search(clean, m.end(), m.end() + MAX_TITLE)
        end = end.start() if end else min(len(clean), m.end() + MAX_TITLE)
        yield _law(clean, m.start(), end, TYPE_NAMES[_fold(m.group("type"))], _space(clean[m.start():end]))


def _line_end(clean: str, pos: int) -> int:
    end = clean.find("\n", pos)
    return len(clean) if end < 0 else end


def _law(clean: str, start: int, end: int, doc_type: str, name: str) -> Reference:
    """A law cited by name, with the number that may follow it ("Luật Trẻ em số 102/2016/QH13")."""
    number = LAW_NUMBER.match(clean, end)
    code, end = (_code(number.group("code")), number.end()) if number else (None, end)
    return Reference(start, end, doc_type, code=code, title=name, title_rank=2, named=True)


def _specific(clean: str, start: int) -> bool:
    """A name at `start` begins a word and is not a generic plural ("các Luật …")."""
    before = GENERIC.search(clean, max(0, start - 8), start)
    return before is not None and before.group().strip().lower() not in ("các", "những")


def _space(text: str) -> str:
    return " ".join(text.split())


def _heads(clean: str) -> list[Reference]:
    """Type word and number (or name) of every reference, in text order, without overlaps."""
    law_starts = occurrences(clean, LAW_STARTS)
    found = sorted([*_coded(clean), *_named(clean, law_starts)], key=lambda r: (r.start, -r.end))
    heads: list[Reference] = []
    for ref in found:
        if not heads or ref.start >= heads[-1].end:
            heads.append(ref)
    amending = list(_amending(clean, law_starts))
    for law in amending:  # the laws it names are cited too, but its date is its own
        for head in heads[bisect_left(heads, law.start, key=lambda r: r.start):]:
            if head.start >= law.end:
                break
            head.bare = True
    return sorted(heads + amending, key=lambda r: r.start)


# --------------------------------------------------------------------------- date, issuer, list


def _date_at(clean: str, pos: int) -> Optional[regex.Match]:
    lead = DATE_LEAD.match(clean, pos)
    if not lead:
        return None
    found = find_date(clean, lead.end(), lead.end() + MAX_DATE)
    if found and (found.start() == lead.end() or DAY_WORD.fullmatch(clean, lead.end(), found.start())):
        return found
    return None


def _attributes(clean: str, ref: Reference) -> None:
    """Extend the mention over the date and the issuer written right after it, in either order.
    A law cited by its name alone keeps neither (gold/GUIDELINES.md: its date and issuer are
    null); "năm 2016" after its name is still part of the mention."""
    date = issuer = None
    for _ in range(2):
        found = _date_at(clean, ref.end) if date is None else None
        if found:
            date, ref.end = date_of(found), found.end()
            continue
        found = ISSUER_AFTER.match(clean, ref.end) if issuer is None else None
        if found:
            issuer, ref.end = _space(found.group("issuer")), found.end()
            continue
        break
    if ref.named and date is None and (year := YEAR_AFTER.match(clean, ref.end)):
        ref.end = year.end()  # "Luật Trẻ em năm 2016"
    if ref.code or not ref.named:
        ref.date, ref.issuer = date, ref.issuer or issuer


def _with_list(clean: str, head: Reference) -> list[Reference]:
    """The head and the further numbers of its type listed after it ("… và 80/2017/NĐ-CP")."""
    refs = [head]
    if not head.bare:
        _attributes(clean, head)
    while head.code and (m := CONTINUATION.match(clean, refs[-1].end)):
        ref = Reference(m.start("mention"), m.end(), head.doc_type, code=_code(m.group("code")), has_so=True)
        if not ref.full:
            break
        _attributes(clean, ref)
        refs.append(ref)
    return refs


# --------------------------------------------------------------------------- titles


def _title_end(clean: str, start: int, in_brackets: bool, starts: list[int]) -> int:
    limit = min(len(clean), start + MAX_TITLE)
    end_match = TITLE_END.search(clean, start, limit)
    end = end_match.start() if end_match else limit
    if in_brackets:
        bracket = clean.find(")", start, end)
        end = bracket if bracket >= 0 else end
    for next_start in starts[bisect_right(starts, start):]:  # the next reference of a list
        if next_start >= end:
            break
        separator = LIST_SEPARATOR.search(clean, max(start, next_start - 6), next_start)
        if separator:
            return separator.start()
    return end


def _in_brackets(clean: str, pos: int) -> bool:
    line_start = clean.rfind("\n", 0, pos) + 1
    return clean.rfind("(", line_start, pos) > clean.rfind(")", line_start, pos)


def _title(clean: str, ref: Reference, starts: list[int], mentions: list[tuple[int, int]]) -> None:
    """The "về …" phrase after the mention; an issuer that closes it moves to `issuer`."""
    lead = TITLE_LEAD.match(clean, ref.end)
    if not lead:
        return
    start = lead.end()
    end = _title_end(clean, start, _in_brackets(clean, ref.start), starts)
    title = clean[start:end].rstrip(" ,:-–")
    if not title or RECIPIENT.match(title):
        return  # "báo cáo … Kế hoạch số 12/KH-UBND về Ủy ban nhân dân tỉnh": a recipient, not a title
    closing = title.rfind(" của ")
    if closing > 0 and ref.issuer is None and not _inside(start + closing, mentions):
        issuer = ISSUER_AT.fullmatch(title, closing + 5)
        if issuer:
            ref.issuer, title = _space(issuer.group()), title[:closing]
    ref.title, ref.title_rank = _space(title), 2


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _name_before(clean: str, ref: Reference) -> None:
    """ "Chương trình … giai đoạn 2021 - 2030 (Quyết định 1175/QĐ-UBND …)": the programme's name."""
    bracket = BRACKET_BEFORE.search(clean, max(0, ref.start - 30), ref.start)
    if not bracket:
        return
    window = max(0, bracket.start() - MAX_TITLE)
    low = max(window, *(clean.rfind(c, window, bracket.start()) + 1 for c in ";:\n"))
    head = PROGRAMME_HEAD.search(clean, low, bracket.start())
    if head:
        ref.title, ref.title_rank = _space(clean[head.start():bracket.start()]), 1


def references(clean: str) -> list[Reference]:
    """Every reference in the clean text, in order, with its date, issuer and title."""
    refs = [ref for head in _heads(clean) for ref in _with_list(clean, head)]
    starts = [ref.start for ref in refs]
    mentions = [(ref.start, ref.end) for ref in refs]
    for ref in refs:
        if not ref.named:
            _title(clean, ref, starts, mentions)
            if ref.title is None:
                _name_before(clean, ref)
    return refs


# --------------------------------------------------------------------------- grouping


def _key(code: str) -> str:
    return code.upper()


def _prefixes(key: str) -> Iterator[str]:
    """The shorter forms a full code is cited by: "56/2017/NĐ-CP" → "56", "56/2017", "56/2017/NĐ"."""
    for m in SEPARATOR.finditer(key):
        yield _short(key[:m.start()])


def _short(key: str) -> str:
    return key.lstrip("0")  # "Nghị quyết số 5" is "05/2022/NQ-HĐND"


def _resolve(refs: list[Reference], own: set[str]) -> list[tuple[tuple, Reference]]:
    """(citation key, reference) for every reference that is a citation."""
    completions: dict[tuple[str, str], set[str]] = {}  # (type, short form) → full codes
    law_codes: dict[str, str] = {}  # name of a law → its full code
    for ref in refs:
        if ref.full:
            key = _key(ref.code)
            for short in _prefixes(key):
                completions.setdefault((ref.doc_type, short), set()).add(key)
            if ref.named:
                law_codes[_fold(ref.title)] = _key(ref.code)
    keyed = []
    for ref in refs:
        if ref.code and _key(ref.code) in own:
            continue  # the document's own number
        if ref.full:
            keyed.append(((_key(ref.code),), ref))
        elif ref.named:
            title = _fold(ref.title)
            keyed.append(((law_codes[title],) if title in law_codes else ("named", ref.doc_type, title), ref))
        else:
            full = completions.get((ref.doc_type, _short(_key(ref.code))), ())
            if len(full) == 1:
                keyed.append(((next(iter(full)),), ref))
            elif ref.has_so:
                keyed.append((("short", ref.doc_type, _key(ref.code)), ref))
    return keyed


@dataclass
class _Group:
    refs: list[Reference] = field(default_factory=list)

    @property
    def date(self) -> Optional[str]:
        return next((r.date for r in self.refs if r.date), None)


def _groups(keyed: list[tuple[tuple, Reference]]) -> list[_Group]:
    """One group per cited document. A code without a year ("45/KH-UBND") is reused year
    after year, so its mentions dated in different years are different documents."""
    by_key: dict[tuple, list[_Group]] = {}
    for key, ref in keyed:
        groups = by_key.setdefault(key, [])
        year_free = not (len(key) == 1 and YEAR_IN_CODE.search(key[0]))
        target = groups[0] if groups else None
        if ref.date and year_free:
            target = next((g for g in groups if g.date is None or g.date[:4] == ref.date[:4]), None)
        if target is None:
            target = _Group()
            groups.append(target)
        target.refs.append(ref)
    return [g for groups in by_key.values() for g in groups]


def _citation(text: Text, group: _Group, number: int) -> Citation:
    refs = sorted(group.refs, key=lambda r: r.start)
    coded = next((r for r in refs if r.full), None) or next((r for r in refs if r.code), None)
    titled = max(refs, key=lambda r: r.title_rank)  # the first of the best rank
    return Citation(
        id=f"c{number}",
        doc_type=(coded or refs[0]).doc_type,
        number=coded.number if coded else None,
        code=coded.code if coded and coded.code != coded.number else None,  # "23" alone is no code
        date=group.date,
        issuer=next((r.issuer for r in refs if r.issuer), None),
        title=titled.title,
        mentions=[Mention(text=text.original_text(r.start, r.end), span=(r.start, r.end)) for r in refs],
    )


def own_numbers(clean: str) -> set[str]:
    """Keys of the numbers the document gives itself."""
    codes = (Reference(m.start(), m.end(), "", code=_code(m.group("code"))) for m in OWN_NUMBER.finditer(clean))
    return {_key(ref.code) for ref in codes if ref.full}


@register("citations")
def extract_citations(text: Text, outline: Outline, found: dict) -> list[Citation]:
    clean = text.clean
    keyed = _resolve(references(clean), own_numbers(clean))
    groups = sorted(_groups(keyed), key=lambda g: min(r.start for r in g.refs))
    return [_citation(text, group, i) for i, group in enumerate(groups, 1)]
