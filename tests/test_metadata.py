"""Metadata of the five seeds, and header shapes beyond them."""

from __future__ import annotations

import pytest

from extract.pipeline import extract_string

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
