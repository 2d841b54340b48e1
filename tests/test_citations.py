"""Citations: hand-made sentences of other provinces, topics and symbols (text → citations),
and the five seeds against their gold."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.evaluate import citation_keys
from extract.extractors.citations import AMENDING, LAW, LAW_STARTS, extract_citations
from extract.vn import matches_at, occurrences
from extract.load import load_text
from extract.segment import segment
from extract.textnorm import span_key

from .conftest import ROOT, SEEDS


def cite(original: str) -> list[dict]:
    text = load_text(original)
    citations = [c.model_dump() for c in extract_citations(text, segment(text), {})]
    for citation in citations:  # every mention's text is the original behind its span
        for mention in citation["mentions"]:
            a, b = text.to_original(*mention["span"])
            assert span_key(original[a:b]) == span_key(mention["text"])
    return citations


def check(original: str, expected: list[dict]) -> None:
    found = cite(original)
    assert len(found) == len(expected), [c["code"] or c["title"] for c in found]
    for citation, wanted in zip(found, expected):
        got = {field: citation[field] for field in wanted if field != "mentions"}
        got.update({"mentions": [m["text"] for m in citation["mentions"]]} if "mentions" in wanted else {})
        assert got == wanted


# One example per rule: (what it shows, text, expected citations in order of first mention).
EXAMPLES = [
    (
        "numbered decision: number, date, issuer, title after a verb",
        "Căn cứ Quyết định số 2239/QĐ-TTg ngày 30/12/2021 của Thủ tướng Chính phủ phê duyệt Chiến lược quốc gia "
        "về bình đẳng giới giai đoạn 2021 - 2030;",
        [dict(doc_type="Quyết định", number="2239", code="2239/QĐ-TTg", date="2021-12-30",
              issuer="Thủ tướng Chính phủ",
              title="phê duyệt Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030",
              mentions=["Quyết định số 2239/QĐ-TTg ngày 30/12/2021 của Thủ tướng Chính phủ"])],
    ),
    (
        "party resolution, date in words, 'về' title up to ';'",
        "Thực hiện Nghị quyết số 52-NQ/TW ngày 27 tháng 9 năm 2019 của Bộ Chính trị về một số chủ trương, chính "
        "sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư; Sở Thông tin và Truyền thông tham mưu.",
        [dict(code="52-NQ/TW", number="52", date="2019-09-27", issuer="Bộ Chính trị",
              title="một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư")],
    ),
    (
        "circular of a minister, title kept from 'hướng dẫn'",
        "Căn cứ Thông tư số 02/2024/TT-BYT ngày 15 tháng 3 năm 2024 của Bộ trưởng Bộ Y tế hướng dẫn thực hiện "
        "tiêm chủng mở rộng;",
        [dict(doc_type="Thông tư", code="02/2024/TT-BYT", date="2024-03-15", issuer="Bộ trưởng Bộ Y tế",
              title="hướng dẫn thực hiện tiêm chủng mở rộng")],
    ),
    (
        "Tờ trình of a department, no issuer written",
        "Xét đề nghị của Sở Thông tin và Truyền thông tại Tờ trình số 1342/TTr-STTTT ngày 12/8/2023.",
        [dict(doc_type="Tờ trình", code="1342/TTr-STTTT", date="2023-08-12", issuer=None, title=None,
              mentions=["Tờ trình số 1342/TTr-STTTT ngày 12/8/2023"])],
    ),
    (
        "Công văn with a UBND symbol; the title stops at the clause after the comma",
        "Thực hiện Công văn số 123/UBND-VX ngày 05/01/2022 của UBND tỉnh Lào Cai về việc triển khai chuyển đổi "
        "số trong lĩnh vực y tế, Sở Y tế xây dựng kế hoạch như sau:",
        [dict(doc_type="Công văn", code="123/UBND-VX", issuer="UBND tỉnh Lào Cai",
              title="triển khai chuyển đổi số trong lĩnh vực y tế")],
    ),
    (
        "provincial party committee with its province as issuer",
        "Thực hiện Chỉ thị số 05-CT/TU ngày 10/5/2021 của Ban Thường vụ Tỉnh ủy Hà Giang về tăng cường công tác "
        "giảm nghèo bền vững;",
        [dict(doc_type="Chỉ thị", code="05-CT/TU", date="2021-05-10", issuer="Ban Thường vụ Tỉnh ủy Hà Giang",
              title="tăng cường công tác giảm nghèo bền vững")],
    ),
    (
        "council resolution; the issuer is before the date; title begins with 'quy định'",
        "Nghị quyết số 05/2021/NQ-HĐND của Hội đồng nhân dân tỉnh Đồng Tháp ngày 12/7/2021 quy định mức hỗ trợ "
        "học phí cho trẻ em mầm non;",
        [dict(code="05/2021/NQ-HĐND", date="2021-07-12", issuer="Hội đồng nhân dân tỉnh Đồng Tháp",
              title="quy định mức hỗ trợ học phí cho trẻ em mầm non",
              mentions=["Nghị quyết số 05/2021/NQ-HĐND của Hội đồng nhân dân tỉnh Đồng Tháp ngày 12/7/2021"])],
    ),
    (
        "named laws: cited by name alone, their date and issuer are left out, not their mention",
        "Căn cứ Luật Giáo dục ngày 14 tháng 6 năm 2019 của Quốc hội; Bộ Luật Lao động năm 2019; Luật Bình đẳng "
        "giới, Luật Phòng, chống bạo lực gia đình.",
        [dict(doc_type="Luật", code=None, number=None, title="Luật Giáo dục", date=None, issuer=None,
              mentions=["Luật Giáo dục ngày 14 tháng 6 năm 2019 của Quốc hội"]),
         dict(doc_type="Bộ luật", title="Bộ luật Lao động", date=None, mentions=["Bộ Luật Lao động năm 2019"]),
         dict(doc_type="Luật", title="Luật Bình đẳng giới"),
         dict(doc_type="Luật", title="Luật Phòng, chống bạo lực gia đình")],
    ),
    (
        "a named law with its number joins its later mentions by name, whatever the case",
        "Căn cứ Luật Người khuyết tật số 51/2010/QH12; tuyên truyền, phổ biến Luật người khuyết tật.",
        [dict(doc_type="Luật", number="51", code="51/2010/QH12", title="Luật Người khuyết tật",
              mentions=["Luật Người khuyết tật số 51/2010/QH12", "Luật người khuyết tật"])],
    ),
    (
        "a law missing from the data file is named up to a stop word",
        "Phổ biến Luật Cảnh vệ và các văn bản hướng dẫn thi hành.",
        [dict(doc_type="Luật", title="Luật Cảnh vệ", mentions=["Luật Cảnh vệ"])],
    ),
    (
        "a convention by another spelling gets its data-file title and issuer",
        "Tổ chức thực hiện Công ước của Liên hợp quốc về quyền của người khuyết tật.",
        [dict(doc_type="Công ước", title="Công ước về quyền của người khuyết tật", issuer="Liên hợp quốc")],
    ),
    (
        "short forms, '(gọi tắt là …)' and a bare number resolve to the full code",
        "Căn cứ Nghị quyết số 05/2022/NQ-HĐND ngày 20/7/2022 của HĐND tỉnh Hà Tĩnh (gọi tắt là Nghị quyết số "
        "05);\nCác xã triển khai Nghị quyết 05 và Nghị quyết số 05/2022/NQ-HĐND.",
        [dict(code="05/2022/NQ-HĐND", date="2022-07-20", issuer="HĐND tỉnh Hà Tĩnh", title=None,
              mentions=["Nghị quyết số 05/2022/NQ-HĐND ngày 20/7/2022 của HĐND tỉnh Hà Tĩnh",
                        "Nghị quyết số 05", "Nghị quyết 05", "Nghị quyết số 05/2022/NQ-HĐND"])],
    ),
    (
        "a bare number with 'số' and no full form is still a citation; without 'số' it is not",
        "Thực hiện Quyết định số 23 của UBND huyện và Chương trình 135 của Chính phủ.",
        [dict(doc_type="Quyết định", number="23", code=None, issuer="UBND huyện")],
    ),
    (
        "not citations: plurals, programmes without a number, this plan",
        "Quán triệt các Chỉ thị, Nghị quyết của Đảng và các Luật Giao thông; thực hiện Chương trình hành động "
        "quốc gia vì trẻ em giai đoạn 2021 - 2030 và Kế hoạch này.",
        [],
    ),
    (
        "the document's own number is not a citation",
        "ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC PHỔ\nSố: 45/KH-UBND\nKẾ HOẠCH\nTriển khai Kế hoạch số 45/KH-UBND "
        "theo Quyết định số 17/QĐ-UBND.",
        [dict(code="17/QĐ-UBND")],
    ),
    (
        "the own number in a two-column header line, and in a markdown table cell",
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ TÂN AN\tSố: 12/KH-UBND\tTân An, ngày 02 tháng 3 "
        "năm 2023\n| Số 7/CTr-UBND | |\nThực hiện Kế hoạch số 12/KH-UBND và Chương trình số 7/CTr-UBND.",
        [],
    ),
    (
        "a list of numbers after one type word gives one citation each",
        "Căn cứ các Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 và 80/2017/NĐ-CP của Chính phủ;",
        [dict(doc_type="Nghị định", code="56/2017/NĐ-CP", date="2017-05-09", mentions=["Nghị định số 56/2017/NĐ-CP ngày 09/5/2017"]),
         dict(doc_type="Nghị định", code="80/2017/NĐ-CP", issuer="Chính phủ", mentions=["80/2017/NĐ-CP của Chính phủ"])],
    ),
    (
        "the symbol stands for the type word: 'KH số', 'QĐ số'",
        "Thực hiện KH số 54-KH/TU ngày 05/02/2021 của Tỉnh ủy và QĐ số 310/QĐ-UBND.",
        [dict(doc_type="Kế hoạch", code="54-KH/TU", issuer="Tỉnh ủy"), dict(doc_type="Quyết định", code="310/QĐ-UBND")],
    ),
    (
        "a code without a year, dated in two different years, is two documents",
        "Kế hoạch số 45/KH-UBND ngày 10/3/2021 và Kế hoạch số 45/KH-UBND ngày 05/02/2022 của UBND tỉnh; "
        "Kế hoạch số 45/KH-UBND.",
        [dict(code="45/KH-UBND", date="2021-03-10", mentions=["Kế hoạch số 45/KH-UBND ngày 10/3/2021", "Kế hoạch số 45/KH-UBND"]),
         dict(code="45/KH-UBND", date="2022-02-05")],
    ),
    (
        "a title ends at the next reference of a list; an issuer written after the title is the issuer",
        "Quyết định số 1234/QĐ-UBND ngày 01/6/2022 về Kế hoạch phát triển du lịch của UBND tỉnh Ninh Bình, "
        "Chỉ thị số 12/CT-UBND ngày 3/3/2023 về việc bảo vệ môi trường.",
        [dict(code="1234/QĐ-UBND", issuer="UBND tỉnh Ninh Bình", title="Kế hoạch phát triển du lịch",
              mentions=["Quyết định số 1234/QĐ-UBND ngày 01/6/2022"]),
         dict(code="12/CT-UBND", date="2023-03-03", title="bảo vệ môi trường")],
    ),
    (
        "a title ends before a reference in brackets",
        "Thực hiện Quyết định số 1234/QĐ-UBND ngày 02/3/2021 của UBND tỉnh Quảng Trị về việc phê duyệt Đề án phát "
        "triển du lịch cộng đồng (Đề án số 12/ĐA-UBND).",
        [dict(code="1234/QĐ-UBND", title="phê duyệt Đề án phát triển du lịch cộng đồng"),
         dict(doc_type="Đề án", code="12/ĐA-UBND", title="Đề án phát triển du lịch cộng đồng")],
    ),
    (
        "a reference in brackets after a programme's name takes the name as title",
        "Triển khai Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025 (Quyết định số "
        "90/QĐ-TTg ngày 18/01/2022); Đề án phát triển văn hóa đọc (ban hành kèm theo Quyết định số 45/QĐ-UBND).",
        [dict(code="90/QĐ-TTg", date="2022-01-18",
              title="Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025"),
         dict(code="45/QĐ-UBND", title="Đề án phát triển văn hóa đọc")],
    ),
    (
        "a date broken by markdown and a line break is still the date",
        "Thực hiện **Kế hoạch số 215/KH-UBND ngày**\n\n12/10/2022 của UBND tỉnh Cà Mau.",
        [dict(code="215/KH-UBND", date="2022-10-12", issuer="UBND tỉnh Cà Mau")],
    ),
    (
        "longest type first; other types: Hướng dẫn, Kết luận, Thông báo, Công điện",
        "Căn cứ Thông tư liên tịch số 06/2010/TTLT-BLĐTBXH-BYT; Hướng dẫn số 12-HD/BTGTU; Kết luận số 01-KL/TW; "
        "Thông báo số 45/TB-UBND; Công điện số 05/CĐ-TTg.",
        [dict(doc_type="Thông tư liên tịch", code="06/2010/TTLT-BLĐTBXH-BYT"), dict(doc_type="Hướng dẫn", code="12-HD/BTGTU"),
         dict(doc_type="Kết luận", code="01-KL/TW"), dict(doc_type="Thông báo", code="45/TB-UBND"),
         dict(doc_type="Công điện", code="05/CĐ-TTg")],
    ),
    (
        "a code written with spaces is keyed without them; a number that is not a symbol is no code",
        "Theo Quyết định số 1555 /QĐ-TTg và Chỉ thị số 20 - CT/TW; hỗ trợ thông tư 5/người.",
        [dict(code="1555/QĐ-TTg", mentions=["Quyết định số 1555 /QĐ-TTg"]), dict(code="20-CT/TW")],
    ),
    (
        "a short number without its leading zero resolves too",
        "Thực hiện Nghị quyết số 05/2022/NQ-HĐND của HĐND tỉnh Hà Tĩnh. Các xã triển khai Nghị quyết số 5.",
        [dict(code="05/2022/NQ-HĐND", mentions=["Nghị quyết số 05/2022/NQ-HĐND của HĐND tỉnh Hà Tĩnh", "Nghị quyết số 5"])],
    ),
    (
        "a plenum stands before the issuer; the term in brackets belongs to it",
        "Nghị quyết số 29-NQ/TW ngày 04/11/2013 Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng (khóa XI) về "
        "đổi mới căn bản, toàn diện giáo dục và đào tạo;",
        [dict(code="29-NQ/TW", date="2013-11-04", issuer="Ban Chấp hành Trung ương Đảng (khóa XI)",
              title="đổi mới căn bản, toàn diện giáo dục và đào tạo")],
    ),
    (
        "a reference in a capitalised heading; a capitalised 'Về việc' is no place name",
        "THỰC HIỆN CHỈ THỊ SỐ 13-CT/TW NGÀY 12/01/2017 CỦA BAN BÍ THƯ\n"
        "Căn cứ Quyết định số 45/QĐ-UBND của UBND tỉnh Về việc ban hành Kế hoạch chuyển đổi số;",
        [dict(doc_type="Chỉ thị", code="13-CT/TW", date="2017-01-12", issuer="BAN BÍ THƯ"),
         dict(code="45/QĐ-UBND", issuer="UBND tỉnh", title="ban hành Kế hoạch chuyển đổi số")],
    ),
    (
        "an amending law is named by all it amends; the laws it names are mentions of their own",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều "
        "của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
        [dict(title="Luật Tổ chức chính quyền địa phương",
              mentions=["Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
                        "Luật Tổ chức chính quyền địa phương"]),
         dict(title="Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa "
                    "phương", mentions=["Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ "
                                        "chức chính quyền địa phương ngày 22 tháng 11 năm 2019"]),
         dict(title="Luật Tổ chức Chính phủ", mentions=["Luật Tổ chức Chính phủ"])],
    ),
    (
        "a department of a province as issuer",
        "Căn cứ Hướng dẫn số 12/HD-SLĐTBXH ngày 3/3/2023 của Sở Lao động – Thương binh và Xã hội tỉnh Thừa Thiên "
        "Huế;",
        [dict(doc_type="Hướng dẫn", issuer="Sở Lao động – Thương binh và Xã hội tỉnh Thừa Thiên Huế")],
    ),
    (
        "a type word and a count is no short form, even when a document of that number is cited",
        "Thực hiện Kế hoạch số 5/KH-UBND; lồng ghép vào Kế hoạch 5 năm và kế hoạch 5 năm của ngành.",
        [dict(code="5/KH-UBND", mentions=["Kế hoạch số 5/KH-UBND"])],
    ),
    (
        "'về' and a local body after a reference names where to report, not a title",
        "Báo cáo kết quả thực hiện Kế hoạch số 88/KH-UBND về Ủy ban nhân dân tỉnh trước ngày 15/12. Thực hiện "
        "Nghị quyết số 17/NQ-CP về Chính phủ điện tử.",
        [dict(code="88/KH-UBND", title=None, date=None), dict(code="17/NQ-CP", title="Chính phủ điện tử")],
    ),
]


@pytest.mark.parametrize("shows, text, expected", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_examples(shows, text, expected):
    check(text, expected)


@pytest.mark.parametrize("name", SEEDS)
def test_seed_citations_match_gold_strictly(seed_text, name):
    gold = json.loads((ROOT / "gold" / f"{name}.json").read_text(encoding="utf-8"))["citations"]
    text = seed_text(name)
    found = [c.model_dump() for c in extract_citations(text, segment(text), {})]
    assert sorted(citation_keys(c)["strict"] for c in found) == sorted(citation_keys(c)["strict"] for c in gold)
    mentions = {citation_keys(c)["strict"]: len(c["mentions"]) for c in found}
    assert mentions == {citation_keys(c)["strict"]: len(c["mentions"]) for c in gold}


LAW_PIECES = ["Luật ", "luật ", "Bộ ", "Bộ luật ", "Bộ  Luật ", "Trẻ em", "Giáo dục", "sửa đổi, bổ sung", " và ", "năm 2016",
              "\n", "Thủy văn ", "các ", "x", "Luật"]


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(LAW_PIECES), max_size=30))
def test_laws_are_found_where_they_begin(pieces):
    """LAW and AMENDING, tried only where "Luật" or "Bộ" begins, find what a full scan finds."""
    clean = "".join(pieces)
    starts = occurrences(clean, LAW_STARTS)
    for pattern in (LAW, AMENDING):
        assert [m.span() for m in matches_at(pattern, clean, starts)] == [m.span() for m in pattern.finditer(clean)]
