"""Pre-Unicode Vietnamese (TCVN3, VNI), as raw files and as mojibake inside UTF-8; NFD."""

from __future__ import annotations

import unicodedata

import pytest

from extract import legacy
from extract.data import load as load_data
from extract.load import LoadError, load
from extract.pipeline import extract_file

from .conftest import CORPUS, SEEDS

SEED = CORPUS / f"{SEEDS[0]}.txt"  # Tuyên Quang


def to_tcvn3(text: str) -> bytes:
    """Write text as a TCVN3 file does: capitals with a tone mark take the lower-case code
    (the .VnTimeH fonts draw them as capitals)."""
    table = {v: k for k, v in load_data("legacy_encodings.toml")["tcvn3"]["chars"].items()}
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in table:
            out.append(table[char])
        elif char.lower() in table and char.lower() != char:
            out.append(table[char.lower()])
        else:
            out.append(char)
    return "".join(out).encode("cp1252", errors="replace")


def to_vni(text: str) -> bytes:
    """Write text as a VNI file does: a base letter and its mark byte."""
    vni = load_data("legacy_encodings.toml")["vni"]
    reverse = {v: k for k, v in vni["letters"].items()}
    for base in "aeiouyAEIOUYôÔöÖ":
        for mark, combining in vni["marks"].items():
            if mark.isupper() == base.isupper() or base in "ôöÔÖ":
                letter = unicodedata.normalize("NFC", vni["letters"].get(base, base) + combining)
                if len(letter) == 1:
                    reverse.setdefault(letter, base + mark)
    return "".join(reverse.get(c, c) for c in unicodedata.normalize("NFC", text)).encode("cp1252", errors="replace")


def folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def test_the_classic_mojibake_reads_back():
    assert legacy.from_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert legacy.from_tcvn3("KÕ ho¹ch") == "Kế hoạch"
    assert legacy.from_vni("Keá hoaïch") == "Kế hoạch"
    assert legacy.from_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. ÑOÄC LAÄP") == \
        "Cộng hòa xã hội chủ nghĩa Việt Nam. ĐỘC LẬP"


def test_a_tcvn3_file_is_detected_and_converted(tmp_path):
    original = SEED.read_text(encoding="utf-8")
    (tmp_path / "plan.txt").write_bytes(to_tcvn3(original))
    text = load(tmp_path / "plan.txt")
    assert text.encoding == "tcvn3" and text.warnings == ("read as TCVN3 (ABC); converted to Unicode",)
    assert folded(text.original) == folded(original)
    document = extract_file(tmp_path / "plan.txt")
    assert document.source.encoding == "tcvn3" and document.source.text == text.original
    assert document.metadata.province == "Tuyên Quang"
    assert len(document.targets) == len(extract_file(SEED).targets)


def test_a_vni_file_is_detected_and_converted_exactly(tmp_path):
    original = SEED.read_text(encoding="utf-8")
    (tmp_path / "plan.txt").write_bytes(to_vni(original))
    text = load(tmp_path / "plan.txt")
    assert text.encoding == "vni"
    assert text.original == unicodedata.normalize("NFC", original)
    assert extract_file(tmp_path / "plan.txt").targets == extract_file(SEED).targets


def test_mojibake_pasted_into_a_utf8_file_is_converted_with_a_warning(tmp_path):
    mojibake = to_tcvn3(SEED.read_text(encoding="utf-8")).decode("cp1252")
    (tmp_path / "pasted.md").write_text(mojibake, encoding="utf-8")
    document = extract_file(tmp_path / "pasted.md")
    assert document.source.encoding == "utf-8"
    assert document.warnings[0] == "the text was TCVN3 (ABC) mojibake; converted to Unicode"
    assert document.metadata.province == "Tuyên Quang"


def test_unicode_vietnamese_is_left_alone():
    for seed in SEEDS:
        assert legacy.detect((CORPUS / f"{seed}.txt").read_text(encoding="utf-8")) is None
    assert legacy.detect("Plain ASCII text, no Vietnamese at all.") is None
    assert legacy.detect("Café, naïve, façade — ordinary Latin-1 text in English.") is None


def test_nfd_text_is_normalised(tmp_path):
    original = SEED.read_text(encoding="utf-8")
    (tmp_path / "nfd.txt").write_text(unicodedata.normalize("NFD", original), encoding="utf-8")
    document = extract_file(tmp_path / "nfd.txt")
    assert [t.value for t in document.targets] == [t.value for t in extract_file(SEED).targets]
    assert document.metadata.province == "Tuyên Quang"


def test_bytes_that_read_as_nothing_get_a_message_naming_what_was_tried(tmp_path):
    (tmp_path / "noise.txt").write_bytes(bytes(range(0x80, 0x100)) * 40 + b"\x81\x8d\x8f\x90\x9d" * 10)
    with pytest.raises(LoadError, match=r"noise.txt: not UTF-8 .* neither as Vietnamese in TCVN3 or VNI nor as clean cp1258"):
        load(tmp_path / "noise.txt")


# A text on another topic than the seeds (land and roads, not children), as a district
# would write it.
OTHER_TOPIC = (
    "ỦY BAN NHÂN DÂN HUYỆN ĐỨC TRỌNG\nKẾ HOẠCH\nThực hiện công tác quản lý đất đai và xây dựng "
    "giao thông nông thôn năm 2024\nI. MỤC ĐÍCH, YÊU CẦU\n1. Tăng cường quản lý nhà nước về đất đai "
    "trên địa bàn huyện; hoàn thành cấp giấy chứng nhận quyền sử dụng đất cho các hộ gia đình.\n"
    "2. Phòng Tài nguyên và Môi trường chủ trì, phối hợp với Ủy ban nhân dân các xã, thị trấn tổ chức thực hiện.\n"
)


@pytest.mark.parametrize("encode", [to_tcvn3, to_vni])
def test_legacy_text_on_another_topic_is_detected(tmp_path, encode):
    path = tmp_path / "dat-dai.txt"
    path.write_bytes(encode(OTHER_TOPIC))
    text = load(path)
    assert text.encoding in ("tcvn3", "vni") and folded(text.original) == folded(OTHER_TOPIC)
