"""Document metadata: type, number, title, issuer, level, place, date, period, signer, recipients.

The header (everything before the first heading) gives type, number, title, date and
usually the issuer; the closing block (after the body) gives signer and recipients.
Provinces and districts come from `data/admin_units.json`; a place that the text does not
state or clearly imply stays null rather than guessed.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Optional

import regex

from ..data import document_type_names, load as load_data
from ..load import Text
from ..models import Metadata, Period, Signer
from ..segment import Outline, document_title
from ..textnorm import normalize
from ..vn import matches_at, occurrences

NUMBER = regex.compile(r"\bSố\s*:?\s*(\d*\s*/\s*[\p{L}\d.&\-]+(?:\s*/\s*[\p{L}\d.&\-]+)*)")
DATE = regex.compile(r"ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", regex.IGNORECASE)
PERIOD = regex.compile(r"(?:giai đoạn|thời kỳ)\s*(?:từ\s*(?:năm\s*)?)?(\d{4})\s*(?:-|–|—|đến(?:\s*năm)?)\s*(\d{4})|đến năm\s*(\d{4})", regex.IGNORECASE)
BULLET = regex.compile(r"^[-+•–]\s*")
PERSON_NAME = regex.compile(r"^(?:\p{Lu}\p{Ll}*\s+){1,5}\p{Lu}\p{Ll}*$|^(?:\p{Lu}+\s+){1,5}\p{Lu}+$")
AUTHORITY = regex.compile(r"^(TM|T/M|KT|K/T|TL|T/L|TUQ|Q)\.?\s*(.+)$")
CLOSING_LINES = 60
SIGNED = regex.compile(r"^\(?\s*(?:Đã ký|đã ký|Ký|ký)[^)]*\)?$")

VOCAB = load_data("metadata.toml")
UNIT_LEVELS: dict[str, str] = VOCAB["unit_levels"]  # "huyện" → "district"
UNITS = "|".join(map(regex.escape, UNIT_LEVELS))
UNITS_IN_CAPITALS = "|".join(r"\s+".join(map(regex.escape, unit.upper().split())) for unit in UNIT_LEVELS)
ISSUER_PHRASE = regex.compile(
    rf"(?:Ủy ban nhân dân|UBND)\s+({UNITS})\b((?:\s+\p{{Lu}}\p{{Ll}}*)*)"
    rf"\s+(?:{'|'.join(map(regex.escape, VOCAB['issuer_verbs']))})",
)
ISSUER_HEADER = regex.compile(  # "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG BÌNH": one line, two, or wrapped "ỦY\nBAN …"
    rf"^[ \t]*(?:ỦY\s+BAN\s+NHÂN\s+DÂN|UBND)\s+({UNITS_IN_CAPITALS})"
    r"[ \t]+([^\n|]+?)[ \t]*$",
    regex.MULTILINE,
)
DATE_PLACE = regex.compile(r"^[ \t]*([^\n,|]{2,40}?),\s*ngày\b", regex.MULTILINE)
# Agencies that exist only at one level tell the level when nothing else does; each hint
# opens with a plain word, and they are looked for only where those begin.
LEVEL_HINT_PHRASES = {
    level: [*(rf"{regex.escape(head)} \p{{Lu}}" for head in hints["heads"]), *map(regex.escape, hints["phrases"])]
    for level, hints in VOCAB["level_hints"].items()
}
LEVEL_HINTS = tuple(
    (level, regex.compile(rf"\b(?:{'|'.join(phrases)})")) for level, phrases in LEVEL_HINT_PHRASES.items()
)
HINT_STARTS = {words.split()[0] for hints in VOCAB["level_hints"].values() for words in (*hints["heads"], *hints["phrases"])}

POSITION_NAMES = {normalize(p): p for p in VOCAB["signer"]["positions"]}
AUTHORITY_WORDS: dict[str, str] = VOCAB["signer"]["authorities"]


@lru_cache(maxsize=None)
def _places():
    """Province and district names (and aliases) → short name, for matching in text."""
    units = load_data("admin_units.json")
    provinces = {}
    for unit in units["provinces"]:
        for name in [unit["name"], *unit.get("aliases", [])]:
            provinces[name] = unit["name"]
    districts = {}
    for unit in units["districts"]:
        districts.setdefault(unit["name"], []).append(unit["province"])
    return provinces, districts


@lru_cache(maxsize=None)
def _cities() -> frozenset[str]:
    """Centrally-run cities: "Thành phố Hà Nội" is a province, "Thành phố Tuyên Quang" is not."""
    return frozenset(u["name"] for u in load_data("admin_units.json")["provinces"] if u["type"] == "thành phố")


PROVINCE_CUES = VOCAB["places"]["province_cues"]  # "tỉnh Quảng Nam", "Báo Tuyên Quang"


@lru_cache(maxsize=None)
def _place_patterns():
    provinces, districts = _places()
    names = "|".join(regex.escape(n) for n in sorted(provinces, key=len, reverse=True))
    cues = "|".join(regex.escape(c) for c in PROVINCE_CUES)
    province = regex.compile(rf"(?:\b(?:{cues})\s+)({names})(?![\p{{L}}])")
    district_names = "|".join(regex.escape(n) for n in sorted(districts, key=len, reverse=True))
    district = regex.compile(rf"\b(huyện|quận|thị xã|Huyện|Quận|Thị xã|HUYỆN|QUẬN|THỊ XÃ)\s+({district_names})(?![\p{{L}}])")
    return province, district


def _lines(clean: str, start: int, end: int):
    pos = start
    for line in clean[start:end].split("\n"):
        yield pos, line
        pos += len(line) + 1


def _title(text: Text, header: list[tuple[int, str]]) -> tuple[Optional[str], Optional[str]]:
    """The document type line ("KẾ HOẠCH") and the title line after it."""
    pattern, canonical = document_title(), {n.upper(): n for n in document_type_names()}
    for i, (pos, line) in enumerate(header):
        m = pattern.match(line)
        if not m or any(c.islower() for c in line[: m.end()]):
            continue
        doc_type = canonical[m.group(1)]
        rest = line[m.end():].strip(" :")
        if rest:  # "KẾ HOẠCH Thực hiện …" on one line
            return doc_type, text.original_text(pos + line.index(rest), pos + len(line))
        for next_pos, next_line in header[i + 1:]:
            if not next_line:
                continue
            if next_line.startswith(("Căn cứ", "---", "___")) or NUMBER.search(next_line):
                return doc_type, None
            return doc_type, text.original_text(next_pos, next_pos + len(next_line))
        return doc_type, None
    return None, None


@lru_cache(maxsize=None)
def _reference():
    """A cited document in running text: "Quyết định số 1555", "Chỉ thị 20"."""
    names = document_type_names()
    return regex.compile(r"\b(?:" + "|".join(regex.escape(n) for n in names) + r")\s+(?:số\s*)?\d", regex.IGNORECASE)


def _period(title: Optional[str]) -> Optional[Period]:
    """The plan's own period from its title; a period after a cited document in the title
    ("… Quyết định số 1555/QĐ-TTg … Chương trình … giai đoạn 2012-2020") is that document's."""
    if not title:
        return None
    m = PERIOD.search(title)
    if not m:
        return None
    cited = _reference().search(title)
    if cited and cited.start() < m.start():
        return None
    if m.group(3):
        return Period(start=None, end=int(m.group(3)))
    return Period(start=int(m.group(1)), end=int(m.group(2)))


def _issued_date(header_text: str) -> Optional[str]:
    m = DATE.search(header_text)
    if not m:
        return None
    day, month, year = m.group(1), int(m.group(2)), m.group(3)
    return f"{year}-{month:02d}-{int(day):02d}" if day else f"{year}-{month:02d}"


def _canonical_province(name: Optional[str]) -> Optional[str]:
    provinces, _ = _places()
    if not name:
        return None
    return provinces.get(name) or provinces.get(name.title())


def _canonical_district(name: Optional[str]) -> Optional[str]:
    _, districts = _places()
    if not name:
        return None
    return next((n for n in (name, name.title()) if n in districts), None)


def _mentioned_province(clean: str, header_text: str) -> Optional[str]:
    """The province the header names ("tỉnh Quảng Nam"), else the one the text names most
    often in a place context ("Báo Tuyên Quang", "Đài Phát thanh - Truyền hình Quảng Nam")."""
    provinces, _ = _places()
    pattern, _ = _place_patterns()
    in_header = [provinces[m.group(1)] for m in pattern.finditer(header_text)]
    if in_header:
        return in_header[0]
    starts = occurrences(clean, {cue.split()[0] for cue in PROVINCE_CUES})  # faster than a scan of the text
    counts = Counter(provinces[m.group(1)] for m in matches_at(pattern, clean, starts))
    return counts.most_common(1)[0][0] if counts else None


def _header_columns(clean: str, end: int) -> str:
    """The header as text, a two-column header read column by column.

    DOCX/PDF/web conversion flattens the two-column header into lines of cells separated
    by "|" ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"); the left column names
    the issuer and the number, the right one the place and date.
    """
    left, right = [], []
    for line in clean[:end].split("\n"):
        if "|" not in line:
            left.append(line)
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if all(regex.fullmatch(r":?-{2,}:?", c) or not c for c in cells):
            continue  # markdown table rule "|---|---|"
        left.append(cells[0])
        right.extend(cells[1:])
    return "\n".join(left + right)


def _issuer(header_text: str) -> tuple[Optional[str], Optional[str]]:
    """(level word, place name) of the issuing People's Committee, from the header block
    or the preamble ("Ủy ban nhân dân tỉnh Sóc Trăng xây dựng Kế hoạch …")."""
    m = ISSUER_HEADER.search(header_text)
    if m:
        return " ".join(m.group(1).lower().split()), m.group(2).strip().title()
    m = ISSUER_PHRASE.search(header_text)
    if m:
        return m.group(1), m.group(2).strip() or None
    return None, None


def _places_of(level_word: Optional[str], place: Optional[str], header_text: str,
               clean: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """(admin level, province, district) from the issuer, the "Quảng Bình, ngày …" line,
    place names in the header, else place names in the body."""
    province = district = None
    level = UNIT_LEVELS.get(level_word) if level_word else None
    if level_word == "thành phố" and place:  # a centrally-run city, or a city inside a province
        level = "province" if _canonical_province(place) in _cities() else "district"
    if level == "province":
        province = _canonical_province(place)
    elif level == "district" and place:
        district = _canonical_district(place) or _canonical_district(f"{level_word.title()} {place}") or place
    dated = DATE_PLACE.search(header_text)
    date_place = dated.group(1).strip() if dated else None
    if province is None and level != "district":
        province = _canonical_province(date_place)
    if district is None and level in (None, "district") and not _canonical_province(date_place):
        district = _canonical_district(date_place)
    if district is None and level != "province":
        _, district_pattern = _place_patterns()
        named = district_pattern.search(header_text)
        district = named.group(2) if named else None
    if province is None:
        province = _mentioned_province(clean, header_text)
    _, districts = _places()
    if province is None and district in districts and len(districts[district]) == 1:
        province = districts[district][0]  # the district's name is unique: its province is known
    if level is None:
        level = "district" if district else _level_from_agencies(clean)
    return level, province, district


def _level_from_agencies(clean: str) -> Optional[str]:
    starts = occurrences(clean, HINT_STARTS)  # tried there only: many times faster than a scan
    counts = {level: sum(1 for _ in matches_at(pattern, clean, starts)) for level, pattern in LEVEL_HINTS}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def _signer(closing: list[str]) -> Optional[Signer]:
    lines = [BULLET.sub("", l).strip() for l in closing if l.strip() and not BULLET.match(l)]
    name = position = authority = None
    for line in lines:
        m = AUTHORITY.match(line)
        if m and normalize(m.group(2)) in AUTHORITY_WORDS:
            prefix = m.group(1).replace("/", "")
            if authority is None or prefix != "TM":
                authority = f"{prefix}. {AUTHORITY_WORDS[normalize(m.group(2))]}"
            continue
        key = normalize(line)
        if key in POSITION_NAMES:
            position = POSITION_NAMES[key]
            continue
        if SIGNED.match(line):
            continue
        if PERSON_NAME.match(line) and not line.endswith((";", ":")):
            name = line.title() if line.isupper() else line
    if not (name or position or authority):
        return None
    return Signer(name=name, position=position, authority=authority)


def _recipients(closing: list[str]) -> list[str]:
    out = []
    for line in closing:
        if BULLET.match(line.strip()):
            item = BULLET.sub("", line.strip()).rstrip(" ;.,")
            if item:
                out.append(item)
    return out


def extract_metadata(text: Text, outline: Outline) -> Metadata:
    clean = text.clean
    header_end = outline.body_start if outline.body_start is not None else min(len(clean), 3000)
    header = list(_lines(clean, 0, header_end))
    # The closing block is short; a long tail after "./." is an appendix, not recipients.
    closing = clean[outline.closing_start:].split("\n")[:CLOSING_LINES] if outline.closing_start is not None else []

    doc_type, title = _title(text, header)
    columns = _header_columns(clean, header_end)
    number = NUMBER.search(columns)
    level_word, place = _issuer(columns)
    level, province, district = _places_of(level_word, place, columns, clean)
    issuer = None
    if level_word:
        where = place or (district if level == "district" else province if level == "province" else None)
        issuer = " ".join(p for p in ("UBND", level_word, where) if p)
    return Metadata(
        doc_type=doc_type,
        number=regex.sub(r"\s+", "", number.group(1)) if number else None,
        title=title,
        issuer=issuer,
        admin_level=level,
        province=province,
        district=district,
        issued_date=_issued_date(columns),
        period=_period(title),
        signer=_signer(closing),
        recipients=_recipients(closing),
    )
