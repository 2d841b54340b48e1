"""Loader: decoding, cleaning, and the offset map back to the original text."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.load import INLINE, LoadError, _inline_candidates, load, load_text
from extract.textnorm import WHITESPACE, fold_markup, modern_tones, single_spaces, span_key

from .conftest import SEEDS

VIETNAMESE = "Ủy ban nhân dân tỉnh Quảng Nam ban hành Kế hoạch thực hiện Chỉ thị số 28-CT/TW"


# --- decoding ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "data",
    [
        VIETNAMESE.encode("utf-8"),
        codecs.BOM_UTF8 + VIETNAMESE.encode("utf-8"),
        VIETNAMESE.encode("utf-16"),  # with BOM
        codecs.BOM_UTF16_BE + VIETNAMESE.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_unicode_encodings_decode_to_the_same_text(tmp_path, data):
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    assert load(path).original == VIETNAMESE


def _cp1258(text: str) -> bytes:
    """cp1258 has letters with their vowel marks (ê, ơ) but tone marks as separate characters."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
            vowel = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
            out += (vowel + "".join(tones)).encode("cp1258")
    return bytes(out)


def test_cp1258_is_read_when_it_decodes_cleanly(tmp_path):
    path = tmp_path / "legacy.txt"
    text = "Kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh"
    path.write_bytes(_cp1258(text))
    loaded = load(path)
    assert unicodedata.normalize("NFC", loaded.original) == text
    assert "Kế hoạch số 12/KH-UBND" in loaded.clean


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"", "is empty"),
        (b"  \n\n ", "is empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"abc \x81\x8d\x8f\x90 def", "not UTF-8"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "utf-16"),
    ],
)
def test_bad_bytes_give_an_error_naming_the_file(tmp_path, data, problem):
    path = tmp_path / "broken.txt"
    path.write_bytes(data)
    with pytest.raises(LoadError) as error:
        load(path)
    assert str(path) in str(error.value)
    assert problem in str(error.value)


def test_unsupported_file_type_is_refused(tmp_path):
    path = tmp_path / "plan.xyz"
    path.write_text("KẾ HOẠCH", encoding="utf-8")
    with pytest.raises(LoadError, match="unsupported file type .xyz"):
        load(path)


# --- cleaning ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "original, clean",
    [
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("hoà nhập, xã hội hoá, khoẻ mạnh", "hòa nhập, xã hội hóa, khỏe mạnh"),
        ("quý, Hoàng, tuyến", "quý, Hoàng, tuyến"),  # not old-style: unchanged
        (unicodedata.normalize("NFD", "Kế hoạch"), "Kế hoạch"),
        ("**1.** Tăng cường", "1. Tăng cường"),
        ("1. **Phòng Tư pháp:** Là cơ quan", "1. Phòng Tư pháp: Là cơ quan"),
        ("## **6. Vận động nguồn lực**", "6. Vận động nguồn lực"),
        ("***a) Mục tiêu 1: Về bảo vệ trẻ em***", "a) Mục tiêu 1: Về bảo vệ trẻ em"),
        ("**CHƯƠNG TRÌNH HÀNH ĐỘNG**  \n**Vì trẻ em**", "CHƯƠNG TRÌNH HÀNH ĐỘNG\nVì trẻ em"),
        ("_Nơi nhận:_", "Nơi nhận:"),
        ("1\\. Mục đích", "1. Mục đích"),
    ],
)
def test_cleaning(original, clean):
    assert load_text(original).clean == clean


@pytest.mark.parametrize(
    "original, clean",
    [
        # a page break in the middle of a sentence
        ("hiệu lực, hiệu quả\n\ncủa công tác quản lý", "hiệu lực, hiệu quả của công tác quản lý"),
        # a symbol cut after its dash
        ("Chỉ thị số 28-\n\nCT/TW, Quyết định", "Chỉ thị số 28-CT/TW, Quyết định"),
        # a date cut from its "ngày", with markdown around the break
        ("Kế hoạch số 7677/KH-UBND ngày*\n\n29/10/2021 của", "Kế hoạch số 7677/KH-UBND ngày 29/10/2021 của"),
        # a title that goes on after a comma
        ("**Thực hiện Chỉ thị số 28-CT/TW của Bộ Chính trị,\nQuyết định số 1183/QĐ-TTg**", "Thực hiện Chỉ thị số 28-CT/TW của Bộ Chính trị, Quyết định số 1183/QĐ-TTg"),
    ],
)
def test_lines_broken_mid_sentence_are_joined(original, clean):
    assert load_text(original).clean == clean


@pytest.mark.parametrize(
    "original",
    [
        "1. Mục đích\n\na) Nâng cao nhận thức",  # a letter item starts a new line
        "các cấp, các ngành,\n\nb) Triển khai",  # even after a comma
        "Nơi nhận:\n- Sở Y tế;",  # after a colon, and before a bullet
        "năm 2021.\n\n2. Yêu cầu",  # after a full stop, before a heading
        "KẾ HOẠCH\nThực hiện Chỉ thị",  # a title line after the type line
    ],
)
def test_real_line_breaks_are_kept(original):
    assert "\n" in load_text(original).clean


# --- offsets -----------------------------------------------------------------------------

def _assert_tokens_round_trip(text):
    for m in regex.finditer(r"\S+", text.clean):
        start, end = text.to_original(m.start(), m.end())
        assert 0 <= start <= end <= len(text.original)
        assert span_key(modern_tones(text.original[start:end])) == span_key(m.group()), (m.group(), text.original[start:end])


@pytest.mark.parametrize("name", SEEDS)
def test_every_clean_word_of_the_seeds_maps_back_to_the_original(seed_text, name):
    _assert_tokens_round_trip(seed_text(name))


def test_offsets_point_past_removed_markers():
    text = load_text("1. **Phòng Tư pháp:** Là cơ quan")
    start = text.clean.index("Phòng")
    a, b = text.to_original(start, start + len("Phòng Tư pháp"))
    assert text.original[a:b] == "Phòng Tư pháp"


def test_offsets_survive_nfd_input():
    original = unicodedata.normalize("NFD", "Tỷ lệ trẻ em dưới 5 tuổi đạt 99,5%")
    text = load_text(original)
    start = text.clean.index("99,5%")
    a, b = text.to_original(start, start + 5)
    assert original[a:b] == "99,5%"
    a, b = text.to_original(0, len("Tỷ lệ"))
    assert unicodedata.normalize("NFC", original[a:b]) == "Tỷ lệ"


MESSY_PIECES = st.sampled_from(
    ["Uỷ ban", "hoà", "**", "*", "## ", "\n", "\n\n", "  ", "1. ", "a) ", "- ", "tỉnh", "28-", "CT/TW",
     "ngày", "05/11/2012", ",", ".", ":", "Kế hoạch", "trẻ em", unicodedata.normalize("NFD", "quyền"), "_x_", "\\.", "\t"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(MESSY_PIECES, max_size=40).map("".join))
def test_offsets_round_trip_on_any_mix_of_markdown_breaks_and_tone_marks(original):
    text = load_text(original)
    _assert_tokens_round_trip(text)
    assert text.to_original(0, len(text.clean))[1] <= len(original)


# The characters INLINE looks at: markers, the vowels of old tone pairs (and "q" before
# them), letters and digits after them, and what ends a word.
INLINE_ALPHABET = list("*_\\.,;:!?)(#-`qQoOuUaAxX1² \n\t") + list("àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ")


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(INLINE_ALPHABET), max_size=40))
def test_inline_candidates_hold_every_place_an_inline_match_starts(text):
    assert {m.start() for m in INLINE.finditer(text)} <= set(_inline_candidates(text))


# Every character \s matches, the markdown markers, a control character \s does not match
# (U+001C, which str.isspace takes), a soft hyphen and letters.
FOLD_ALPHABET = [c for c in map(chr, range(0x3001)) if regex.match(r"\s", c)] + list("*#_\\.ab Ủ\x1c\xad")


@given(st.text(alphabet=st.sampled_from(FOLD_ALPHABET), max_size=30))
def test_fold_markup_takes_its_shortcut_only_when_the_full_fold_changes_nothing(text):
    nfc = unicodedata.normalize("NFC", text)
    expected = regex.sub(r"\s+", " ", regex.sub(r"[*#_]+|\\(?=[\\`*_{}\[\]()#+\-.!|])", "", nfc)).strip()
    assert fold_markup(text) == expected


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from([" ", "\n", "a", "Ủ", "\t", "\xa0", "\x1c", "\xad"]), max_size=30))
def test_single_spaces_folds_line_breaks_and_spaces_as_the_white_space_pattern_does(text):
    assert single_spaces(text) == WHITESPACE.sub(" ", text)
