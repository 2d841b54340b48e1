"""Small string helpers shared by every stage: tone marks, markdown folding, comparison keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex

# Old-style tone placement in the open syllables oa, oe, uy ("hoà", "khoẻ", "Uỷ"): the
# modern style puts the tone on the first vowel ("hòa", "khỏe", "Ủy"). After "q" the "u"
# belongs to the consonant ("quý" is correct in both styles); before another letter the
# syllable is closed ("hoàng", "tuyến") and the tone is already where both styles put it.
TONED_A, TONED_E, TONED_Y = "àáảãạÀÁẢÃẠ", "èéẻẽẹÈÉẺẼẸ", "ỳýỷỹỵỲÝỶỸỴ"
OLD_TONE = regex.compile(rf"(?<![qQ])([oO][{TONED_A}]|[oO][{TONED_E}]|[uU][{TONED_Y}])(?!\p{{L}})")
# Every OLD_TONE match and a few more ("quý", a pair before a letter outside ASCII): one
# pattern per vowel in the standard library's re, which finds a literal first character
# 3x faster than it tests a class at every position, and 8x faster than regex does; the
# look-ahead rules out only ASCII letters, as a superset needs no \p{L}.
OLD_TONE_CANDIDATES = tuple(re.compile(rf"{vowel}[{TONED_A}{TONED_E}{TONED_Y}](?![A-Za-z])") for vowel in "oOuU")

TONE_MARKS = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}

# Markdown markers: emphasis, heading hashes, and the backslash of an escaped character ("1\\.").
MARKDOWN_CHARS = regex.compile(r"[*#_]+|\\(?=[\\`*_{}\[\]()#+\-.!|])")
WHITESPACE = regex.compile(r"\s+")
# The characters `\s` matches (U+3000 is the last), for str.strip: a strip is a far cheaper
# way to find a run at the end of a long string than a "…+$" regex, which tries every
# position. (str.isspace differs: it also takes U+001C–U+001F.)
SPACE_CHARS = "".join(c for c in map(chr, range(0x3001)) if WHITESPACE.match(c))
EDGE_PUNCTUATION = regex.compile(r"^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$")


def _move_tone(pair: str) -> str:
    first, second = pair[0], pair[1]
    decomposed = unicodedata.normalize("NFD", second)
    tone = "".join(c for c in decomposed if c in TONE_MARKS)
    bare = "".join(c for c in decomposed if c not in TONE_MARKS)
    return unicodedata.normalize("NFC", first + tone) + unicodedata.normalize("NFC", bare)


def modern_tones(text: str) -> str:
    """ "Uỷ ban" → "Ủy ban", "hoà" → "hòa"; same length, so offsets are unchanged."""
    return OLD_TONE.sub(lambda m: _move_tone(m.group(0)), text)


def fold_markup(text: str) -> str:
    """The contract's offset fold: NFC, markdown markers and line breaks folded away."""
    text = unicodedata.normalize("NFC", text)
    # Most texts hold nothing to fold; finding that out with `in` is far cheaper than a sub.
    if "*" in text or "#" in text or "_" in text or "\\" in text:
        text = MARKDOWN_CHARS.sub("", text)
    return single_spaces(text).strip()


def single_spaces(text: str) -> str:
    """WHITESPACE.sub(" ", text): each run of white space one space. Most texts hold no white
    space but " " and line breaks, and str methods fold those several times faster."""
    if "  " not in text and text.isprintable():  # printable: no white space but " "
        return text
    spaced = text.replace(" \n", "\n").replace("\n", " ")
    if spaced.isprintable():
        while "  " in spaced:
            spaced = spaced.replace("  ", " ")
        return spaced
    return WHITESPACE.sub(" ", text)


def span_key(text: str) -> str:
    """What must agree between an item's text and its span's slice of the original:
    NFC, no markdown markers, no white space at all (a joined line break may or may not
    have become a space)."""
    return WHITESPACE.sub("", MARKDOWN_CHARS.sub("", unicodedata.normalize("NFC", text)))


@lru_cache(maxsize=65536)  # extractors normalise the same short words and names again and again
def normalize(text: str | None) -> str:
    """The comparison key of the annotation guidelines: fold_markup, modern tone marks,
    lower case, punctuation stripped at both ends."""
    if not text:
        return ""
    text = modern_tones(fold_markup(text)).lower()
    return EDGE_PUNCTUATION.sub("", text)
