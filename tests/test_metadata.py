"""Metadata of the five seeds, and header shapes beyond them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.extractors.metadata import HINT_STARTS, LEVEL_HINTS, PROVINCE_CUES, _place_patterns
from extract.pipeline import extract_string
from extract.vn import matches_at, occurrences

EXPECTED = {
    "000_46efe9ef18f66514": dict(
        doc_type="Kế hoạch", number=None, issuer="UBND tỉnh Tuyên Quang", admin_level="province",
        province="Tuyên Quang", district=None, issued_date=None, period=None,  # 2012-2020 is Quyết định 1555's
        signer={"name": "Vũ Thị Bích Việt", "position": "Phó Chủ tịch", "authority": "KT. Chủ tịch"},
        title_start="Thực hiện Chỉ thị số 20-CT/TW ngày 05/11/2012 của Bộ Chính trị", recipients=8,
    ),
    "001_6bd8137022023e84": dict(
        doc_type="Kế hoạch", number=None, issuer="UBND tỉnh Quảng Nam", admin_level="province",
        province="Quảng Nam", district=None, issued_date=None, period=None,
        signer={"name": "Trần Anh Tuấn", "position": "Phó Chủ tịch", "authority": "KT. Chủ tịch"},
        title_start="Thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị, Quyết định số 1183/QĐ-TTg", recipients=8,
    ),
    "002_33652b52775a5c36": dict(
        doc_type="Kế hoạch", number=None, issuer=None, admin_level="district",
        province=None, district=None, issued_date=None, period=None,
        signer={"name": "Lương Thị Hạnh", "position": None, "authority": None},
        title_start="Tuyên truyền, thực hiện hỗ trợ phát triển hệ thống bảo vệ trẻ em", recipients=4,
    ),
    "003_ef9456cb4b815f31": dict(
        doc_type="Kế hoạch", number=None, issuer="UBND tỉnh Sóc Trăng", admin_level="province",
        province="Sóc Trăng", district=None, issued_date=None, period=None,
        signer={"name": None, "position": "Phó Chủ tịch", "authority": "KT. Chủ tịch"},
        title_start="Triển khai thực hiện Chỉ thị số 20-CT/TW ngày 05/11/2012", recipients=8,
    ),
    "004_244997f7a7702c06": dict(
        doc_type="Chương trình hành động", number="/CTr-UBND", issuer="UBND huyện Tân Yên", admin_level="district",
        province="Bắc Giang", district="Tân Yên", issued_date="2021-08", period={"start": 2021, "end": 2030},
        signer={"name": "Ngô Quốc Hưng", "position": "Phó Chủ tịch", "authority": "KT. Chủ tịch"},
        title_start="Vì trẻ em huyện Tân Yên giai đoạn 2021 - 2030", recipients=7,
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_metadata(seed_document, name):
    expected = dict(EXPECTED[name])
    metadata = seed_document(name).metadata.model_dump()
    assert metadata["title"].startswith(expected.pop("title_start"))
    assert len(metadata["recipients"]) == expected.pop("recipients")
    for field, value in expected.items():
        assert metadata[field] == value, field


def test_recipients_are_the_noi_nhan_items(seed_document):
    recipients = seed_document("004_244997f7a7702c06").metadata.recipients
    assert recipients[0] == "Sở Lao động - Thương binh và Xã hội"
    assert recipients[-1] == "Lưu: VT, LĐTB&XH"
    # 003 splits its list around the signature block; both halves count
    recipients = seed_document("003_ef9456cb4b815f31").metadata.recipients
    assert recipients[3] == "Đài PT-TH tỉnh" and recipients[4] == "Mặt trận và các đoàn thể chính trị-xã hội tỉnh"


def _metadata(text: str):
    return extract_string(text).metadata


HEADER = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG BÌNH
Số: 869/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Bình, ngày 28 tháng 5 năm 2021
KẾ HOẠCH
Thực hiện Chương trình hành động vì trẻ em tỉnh Quảng Bình giai đoạn 2021 - 2030
Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nội dung./.
Nơi nhận:
- Sở Y tế;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Thắng
"""


def test_a_full_provincial_header():
    metadata = _metadata(HEADER)
    assert metadata.number == "869/KH-UBND"
    assert metadata.doc_type == "Kế hoạch"
    assert metadata.title == "Thực hiện Chương trình hành động vì trẻ em tỉnh Quảng Bình giai đoạn 2021 - 2030"
    assert metadata.issuer == "UBND tỉnh Quảng Bình"
    assert (metadata.admin_level, metadata.province, metadata.district) == ("province", "Quảng Bình", None)
    assert metadata.issued_date == "2021-05-28"
    assert metadata.period.model_dump() == {"start": 2021, "end": 2030}
    assert metadata.signer.model_dump() == {"name": "Trần Thắng", "position": "Chủ tịch", "authority": "TM. Ủy ban nhân dân"}
    assert metadata.recipients == ["Sở Y tế", "Lưu: VT"]


def test_a_district_header_with_a_blank_number_and_day():
    metadata = _metadata(
        "ỦY BAN NHÂN DÂN\nHUYỆN TÂN YÊN\nSố:     /KH-UBND\nTân Yên, ngày    tháng 3 năm 2022\n"
        "KẾ HOẠCH\nPhòng, chống đuối nước trẻ em năm 2022\nI. MỤC TIÊU\n1. Chung\n"
    )
    assert metadata.number == "/KH-UBND"
    assert metadata.issued_date == "2022-03"
    assert (metadata.admin_level, metadata.district, metadata.province) == ("district", "Tân Yên", "Bắc Giang")
    assert metadata.issuer == "UBND huyện Tân Yên"


def test_a_file_without_header_leaves_metadata_null():
    metadata = _metadata("I. MỤC TIÊU\n1. Mục tiêu chung\nBảo đảm quyền trẻ em.\n")
    assert metadata.model_dump() == {
        "doc_type": None, "number": None, "title": None, "issuer": None, "admin_level": None, "province": None,
        "district": None, "issued_date": None, "period": None, "signer": None, "recipients": [],
    }


def test_province_named_only_through_its_newspaper():
    metadata = _metadata("KẾ HOẠCH\nVề trẻ em\nI. NHIỆM VỤ\n1. Báo Yên Bái: đưa tin.\n2. Sở Y tế: chủ trì.\n")
    assert (metadata.province, metadata.admin_level) == ("Yên Bái", "province")


# --- header shapes beyond the seeds ---------------------------------------------------------

BODY = "\nKẾ HOẠCH\nVề công tác trẻ em năm 2023\nI. MỤC TIÊU\n1. Chung\n"


@pytest.mark.parametrize(
    "header, expected",
    [
        # two-column header flattened with "|", cell by cell
        ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG BÌNH | Độc lập - Tự do - Hạnh phúc\n"
         "Số: 869/KH-UBND | Quảng Bình, ngày 28 tháng 5 năm 2021",
         dict(number="869/KH-UBND", issuer="UBND tỉnh Quảng Bình", admin_level="province", province="Quảng Bình",
              district=None, issued_date="2021-05-28")),
        # the same as a markdown table
        ("| ỦY BAN NHÂN DÂN TỈNH LÀO CAI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n"
         "| Số: 12/KH-UBND | Lào Cai, ngày 03 tháng 01 năm 2023 |",
         dict(number="12/KH-UBND", issuer="UBND tỉnh Lào Cai", province="Lào Cai", issued_date="2023-01-03")),
        # hard-wrapped header
        ("ỦY\nBAN NHÂN DÂN\nTỈNH QUẢNG NINH\nSố: 45/KH-UBND\nQuảng Ninh, ngày 2 tháng 3 năm 2022",
         dict(issuer="UBND tỉnh Quảng Ninh", province="Quảng Ninh", issued_date="2022-03-02")),
        # centrally-run city, abbreviated in the date line
        ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 3051/KH-UBND\nTP. Hồ Chí Minh, ngày 5 tháng 8 năm 2022",
         dict(issuer="UBND thành phố Hồ Chí Minh", admin_level="province", province="Hồ Chí Minh", district=None)),
        ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 100/KH-UBND\nHà Nội, ngày 10 tháng 4 năm 2023",
         dict(admin_level="province", province="Hà Nội")),
        # a city inside a province is district level
        ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ TUYÊN QUANG\nSố: 77/KH-UBND\nTuyên Quang, ngày 1 tháng 6 năm 2021",
         dict(admin_level="district", district="Tuyên Quang", province="Tuyên Quang", issuer="UBND thành phố Tuyên Quang")),
        # district with a blank number, province from the district list
        ("ỦY BAN NHÂN DÂN\nHUYỆN MƯỜNG TÈ\nSố:    /KH-UBND\nMường Tè, ngày     tháng 9 năm 2024",
         dict(number="/KH-UBND", admin_level="district", district="Mường Tè", province="Lai Châu", issued_date="2024-09")),
        # a numbered urban district
        ("ỦY BAN NHÂN DÂN\nQUẬN 1\nSố: 20/KH-UBND\nQuận 1, ngày 15 tháng 2 năm 2020",
         dict(admin_level="district", district="Quận 1", province="Hồ Chí Minh")),
        # commune level
        ("ỦY BAN NHÂN DÂN\nXÃ TÂN TRUNG\nSố: 05/KH-UBND\nTân Trung, ngày 9 tháng 1 năm 2024",
         dict(admin_level="commune", issuer="UBND xã Tân Trung", issued_date="2024-01-09")),
        # old-style tone marks in the province name
        ("UỶ BAN NHÂN DÂN\nTỈNH THANH HOÁ\nSố: 150/KH-UBND\nThanh Hoá, ngày 20 tháng 7 năm 2021",
         dict(issuer="UBND tỉnh Thanh Hóa", province="Thanh Hóa")),
        # a province merged away in 2025 keeps the name the document gives
        ("ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\nSố: 300/KH-UBND\nHà Giang, ngày 11 tháng 11 năm 2021",
         dict(province="Hà Giang", admin_level="province")),
        # symbols with more parts
        ("HỘI ĐỒNG NHÂN DÂN\nTỈNH ĐỒNG NAI\nSố: 12/2023/NQ-HĐND\nĐồng Nai, ngày 7 tháng 7 năm 2023",
         dict(number="12/2023/NQ-HĐND", province="Đồng Nai", issued_date="2023-07-07")),
    ],
)
def test_header_shapes(header, expected):
    metadata = _metadata(header + BODY).model_dump()
    for field, value in expected.items():
        assert metadata[field] == value, field
    assert metadata["doc_type"] == "Kế hoạch" and metadata["title"] == "Về công tác trẻ em năm 2023"


def test_the_issuer_stated_in_the_preamble_only():
    metadata = _metadata("KẾ HOẠCH\nPhòng chống đuối nước\nỦy ban nhân dân huyện Tiên Yên ban hành Kế hoạch như sau:\nI. MỤC TIÊU\n")
    assert (metadata.issuer, metadata.admin_level, metadata.district, metadata.province) == (
        "UBND huyện Tiên Yên", "district", "Tiên Yên", "Quảng Ninh")


PLACE_PIECES = ["Phòng ", "Sở ", "Công an huyện", "Công an tỉnh", "UBND huyện", "UBND tỉnh", "Ủy ban nhân dân tỉnh", "Huyện ủy",
                "Tỉnh đoàn", "Y tế", "tỉnh ", "TỈNH ", "thành phố ", "TP. ", "Báo ", "Truyền hình ", "Đài ", "Quảng Nam",
                "Hà Nội", "Tuyên Quang", " ", "\n", "x", "Phòng Huyện ủy"]


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(PLACE_PIECES), max_size=30))
def test_place_patterns_are_found_where_their_first_words_begin(pieces):
    """LEVEL_HINTS and the province pattern, tried only at their first words, find what a scan finds."""
    clean = "".join(pieces)
    province, _ = _place_patterns()
    cases = [(pattern, HINT_STARTS) for _, pattern in LEVEL_HINTS] + [(province, {c.split()[0] for c in PROVINCE_CUES})]
    for pattern, words in cases:
        assert [m.span() for m in matches_at(pattern, clean, occurrences(clean, words))] == [
            m.span() for m in pattern.finditer(clean)
        ]
