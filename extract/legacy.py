"""Pre-Unicode Vietnamese: text in TCVN3 (ABC) or VNI, recognised and converted.

Such text reaches us in two ways: as the original single-byte file (which decodes, wrongly,
as Windows-1252 or Windows-1258), or already mojibake inside a UTF-8 file ("KÕ ho¹ch",
"Keá hoaïch"). Either way it is a string of Windows-1252 characters; each legacy table
(data/legacy_encodings.toml) turns that string back into Vietnamese, and the reading with
the most common Vietnamese syllables wins.
"""

from __future__ import annotations

import codecs
import unicodedata
from functools import lru_cache
from typing import NamedTuple, Optional

import regex

from .data import load as load_data

WORD = regex.compile(r"\p{L}+")
# A legacy reading must make this share of the words common syllables, and beat the
# text as it is by this much, before the text is converted.
MIN_SHARE = 0.15
MIN_GAIN = 0.10
SAMPLE = 20_000  # characters scored; a file's opening is enough to tell


class Reading(NamedTuple):
    encoding: str  # "tcvn3" or "vni"
    name: str  # as a person names it: "TCVN3 (ABC)", "VNI"
    text: str


@lru_cache(maxsize=None)
def _config() -> dict:
    return load_data("legacy_encodings.toml")


@lru_cache(maxsize=None)
def _syllables() -> frozenset[str]:
    return frozenset(_config()["detect"]["syllables"])


@lru_cache(maxsize=None)
def _tcvn3_table() -> dict[int, str]:
    return str.maketrans(_config()["tcvn3"]["chars"])


@lru_cache(maxsize=None)
def _vni_pattern() -> regex.Pattern:
    vni = _config()["vni"]
    bases = "aeiouyAEIOUYôÔöÖ"
    marks = "".join(vni["marks"])
    letters = "".join(vni["letters"])
    # a vowel and its mark byte, or a letter byte of its own: one pass, so that what one
    # replacement writes ("oø" → "ò") is not read again as a VNI byte ("ò" is "ị")
    return regex.compile(f"([{bases}])([{regex.escape(marks)}])|([{regex.escape(letters)}])")


def _keep_undefined(error: UnicodeDecodeError) -> tuple[str, int]:
    return chr(error.object[error.start]), error.start + 1


codecs.register_error("plan-extract-latin-1", _keep_undefined)


def as_windows_1252(data: bytes) -> str:
    """Bytes as the characters Windows-1252 shows them as (the five bytes it leaves undefined
    as their Latin-1 characters): the alphabet the legacy tables are written in."""
    return data.decode("cp1252", errors="plan-extract-latin-1")


def name_of(encoding: str) -> str:
    return _config()[encoding]["name"]


def from_tcvn3(text: str) -> str:
    return text.translate(_tcvn3_table())


def from_vni(text: str) -> str:
    vni = _config()["vni"]
    letters, marks = vni["letters"], vni["marks"]

    def combine(m: regex.Match) -> str:
        if m.group(3):
            return letters[m.group(3)]
        return unicodedata.normalize("NFC", letters.get(m.group(1), m.group(1)) + marks[m.group(2)])

    return _vni_pattern().sub(combine, text)


def vietnamese_share(text: str) -> float:
    """The share of words in `text` that are common Vietnamese syllables."""
    words = WORD.findall(text[:SAMPLE].lower())
    if not words:
        return 0.0
    syllables = _syllables()
    return sum(w in syllables for w in words) / len(words)


# Letters only Unicode Vietnamese has (ă â đ ê ô ơ ư with or without a tone, ạ … ỹ): text
# with one of them is not legacy mojibake, and is not scored.
UNICODE_VIETNAMESE = regex.compile(r"[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


def detect(text: str) -> Optional[Reading]:
    """The legacy reading of `text`, when one reads clearly better than the text as it is."""
    if text.isascii() or UNICODE_VIETNAMESE.search(text, 0, SAMPLE):
        return None
    as_is = vietnamese_share(text)
    best: Optional[Reading] = None
    best_share = as_is
    for encoding, convert in (("tcvn3", from_tcvn3), ("vni", from_vni)):
        converted = convert(text[:SAMPLE])
        share = vietnamese_share(converted)
        if share >= MIN_SHARE and share >= best_share + MIN_GAIN:
            best, best_share = Reading(encoding, _config()[encoding]["name"], ""), share
    if best is None:
        return None
    convert = from_tcvn3 if best.encoding == "tcvn3" else from_vni
    return best._replace(text=convert(text))
