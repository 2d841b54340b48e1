"""Targets: the seed documents against their gold, and hand-made plans of other provinces,
districts and topics, written as tables (text → expected targets) in the style of eyecite."""

from __future__ import annotations

import json
import time
from collections import Counter

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.evaluate import target_keys
from extract.extractors import targets
from extract.extractors.targets import extract_targets, indicator_code
from extract.load import load_text
from extract.segment import segment
from extract.textnorm import span_key

from .conftest import ROOT, SEEDS

HEADER = (
    "ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH\n\nSố: 45/KH-UBND\n\nNinh Bình, ngày 12 tháng 3 năm 2021\n\n"
    "KẾ HOẠCH\nThực hiện công tác trẻ em giai đoạn 2021 - 2025\n\n"
)
OBJECTIVES = "I. MỤC TIÊU\n\n1. Mục tiêu chung\n\nBảo đảm quyền trẻ em.\n\n2. Mục tiêu cụ thể\n\n"
TAIL = (
    "\n\nII. NHIỆM VỤ VÀ GIẢI PHÁP\n\n1. Truyền thông\n\n- Tổ chức truyền thông cho cha mẹ.\n\n"
    "III. TỔ CHỨC THỰC HIỆN\n\n1. Sở Y tế\n\nChủ trì thực hiện các chỉ tiêu 3, 4.\n"
)


def extract(body: str, *, before: str = OBJECTIVES, header: str = HEADER, after: str = TAIL):
    text = load_text(header + before + body + after)
    return extract_targets(text, segment(text), {})


def key(target) -> tuple:
    """What a table row states: (comparator, value, value_max, unit, year, change)."""
    return (target.comparator, target.value, target.value_max, target.unit, target.year, target.change)


# --- values, comparators, years: one row per phrasing ------------------------------------

VALUE_TABLE = [
    # two (value, year) pairs, each with its own verb and comparator
    ("- Phấn đấu giảm tỷ lệ trẻ em suy dinh dưỡng thể nhẹ cân xuống còn dưới 12% vào năm 2023 "
     "và xuống còn dưới 10% vào năm 2025.",
     [("<", 12, None, "%", 2023, "to"), ("<", 10, None, "%", 2025, "to")]),
    # a comparator governs the bare value coordinated after it
    ("- Giảm tỷ lệ hộ nghèo đa chiều dưới 6% vào năm 2023 và 4,5% vào năm 2025.",
     [("<", 6, None, "%", 2023, "to"), ("<", 4.5, None, "%", 2025, "to")]),
    # a restated verb without comparator is "="
    ("- Giảm tỷ lệ học sinh bỏ học xuống dưới 8% vào năm 2023 và xuống 6% vào năm 2025.",
     [("<", 8, None, "%", 2023, "to"), ("=", 6, None, "%", 2025, "to")]),
    # a value 0 is "=" even after a comparator
    ("- Tỷ lệ trẻ em mắc sởi dưới 0,2% vào năm 2023 và 0% vào năm 2025.",
     [("<", 0.2, None, "%", 2023, "to"), ("=", 0, None, "%", 2025, "to")]),
    # "ít nhất" governs the second value and its own indicator
    ("- Đến năm 2025, có ít nhất 40% trẻ em trong độ tuổi nhà trẻ và 95% trẻ em mẫu giáo được đến trường.",
     [(">=", 40, None, "%", 2025, "to"), (">=", 95, None, "%", 2025, "to")]),
    ("- Tỷ lệ người dân có hồ sơ sức khỏe điện tử tối thiểu 70% vào năm 2025.", [(">=", 70, None, "%", 2025, "to")]),
    ("- Tỷ lệ nợ đọng thuế không quá 5% tổng thu ngân sách vào năm 2025.", [("<=", 5, None, "%", 2025, "to")]),
    ("- Chi phí logistics chiếm tối đa 16% GDP vào năm 2025.", [("<=", 16, None, "%", 2025, "to")]),
    ("- Tỷ lệ lao động qua đào tạo đạt trên 70% vào năm 2025.", [(">", 70, None, "%", 2025, "to")]),
    ("- Tỷ lệ bao phủ bảo hiểm y tế đạt hơn 95% dân số vào năm 2025.", [(">", 95, None, "%", 2025, "to")]),
    ("- Tỷ lệ xã đạt chuẩn nông thôn mới đạt từ 80% trở lên vào năm 2025.", [(">=", 80, None, "%", 2025, "to")]),
    # change by (an amount) and to (a level)
    ("- Giảm 15% số vụ bạo lực gia đình vào năm 2025.", [("=", 15, None, "%", 2025, "by")]),
    ("- Số vụ tai nạn giao thông giảm 10% vào năm 2023 và giảm 20% vào năm 2025.",
     [("=", 10, None, "%", 2023, "by"), ("=", 20, None, "%", 2025, "by")]),
    ("- Tăng tỷ lệ người dân sử dụng nước sạch lên 98% vào năm 2025.", [("=", 98, None, "%", 2025, "to")]),
    ("- Tỷ lệ trẻ em được đăng ký khai sinh đúng hạn đạt 99,5% vào năm 2025.", [("=", 99.5, None, "%", 2025, "to")]),
    ("- Đến năm 2025, giảm 20% số vụ bạo lực gia đình so với năm 2020.", [("=", 20, None, "%", 2025, "by")]),
    ("- Tỷ lệ hộ nghèo giảm bình quân 1,5%/năm.", [("=", 1.5, None, "%", None, "by")]),
    ("- Giảm tỷ lệ hộ cận nghèo bình quân 1% mỗi năm.", [("=", 1, None, "%", None, "by")]),
    # ranges
    ("- Duy trì mức giảm số ca sinh là con thứ ba trở lên từ 3 đến 5% hằng năm giai đoạn từ năm 2023 đến năm 2025.",
     [("=", 3, 5, "%", 2025, "by")]),
    ("- Hằng năm giảm 5 - 10% số vụ tai nạn đuối nước ở trẻ em.", [("=", 5, 10, "%", None, "by")]),
    # Vietnamese numbers and rates
    ("- Giảm tỷ suất tử vong mẹ xuống còn 30/100.000 trẻ đẻ sống vào năm 2025.",
     [("=", 30, None, "per 100000", 2025, "to")]),
    ("- Giảm tỷ suất trẻ em bị đuối nước xuống dưới 05/1.000 trẻ em vào năm 2023 và 04/1.000 trẻ em vào năm 2025.",
     [("<", 5, None, "per 1000", 2023, "to"), ("<", 4, None, "per 1000", 2025, "to")]),
    ("- Giảm tỷ suất tử vong trẻ em dưới 1 tuổi trên 1.000 trẻ đẻ sống xuống 11,5 vào năm 2023 và 10 vào năm 2025.",
     [("=", 11.5, None, "per 1000", 2023, "to"), ("=", 10, None, "per 1000", 2025, "to")]),
    ("- Giảm tỷ suất tử vong trẻ em dưới 5 tuổi xuống dưới 18‰ vào năm 2025.", [("<", 18, None, "per 1000", 2025, "to")]),
    ("- Có ít nhất 1.500 lao động nông thôn được đào tạo nghề vào năm 2025.", [(">=", 1500, None, "count", 2025, "to")]),
    ("- Thu hút tối thiểu 2 tỷ USD vốn đầu tư vào năm 2025.", [(">=", 2, None, "tỷ USD", 2025, "to")]),
    ("- Thu nhập bình quân đầu người đạt 70 triệu đồng/người/năm vào năm 2025.",
     [("=", 70, None, "triệu đồng", 2025, "to")]),
    # a unit that usually belongs to the indicator is the value's own after "đạt"
    ("- Tuổi thọ trung bình của người dân đạt 75 tuổi vào năm 2025.", [("=", 75, None, "tuổi", 2025, "to")]),
    # a number after a label noun is no value
    ("- 100% trường tiểu học đạt chuẩn quốc gia mức độ 2 vào năm 2025.", [("=", 100, None, "%", 2025, "to")]),
    # several years, several qualifiers
    ("- Giảm tỷ lệ trẻ em thừa cân xuống dưới 8% đối với miền núi và dưới 12% đối với đô thị vào năm 2023 và năm 2025.",
     [("<", 8, None, "%", 2023, "to"), ("<", 12, None, "%", 2023, "to"),
      ("<", 8, None, "%", 2025, "to"), ("<", 12, None, "%", 2025, "to")]),
    ("- Giảm tỷ lệ hộ nghèo xuống dưới 3% (khu vực thành thị), 7% (khu vực nông thôn) vào năm 2025.",
     [("<", 3, None, "%", 2025, "to"), ("<", 7, None, "%", 2025, "to")]),
    # years written before the values they date
    ("- Năm 2023, có 60% trẻ em khuyết tật được hỗ trợ phục hồi chức năng và 75% năm 2025.",
     [("=", 60, None, "%", 2023, "to"), ("=", 75, None, "%", 2025, "to")]),
    ("- Phấn đấu đến năm 2023, tỷ lệ hộ gia đình dùng nước sạch đạt 95%, đến năm 2025 đạt 98%.",
     [("=", 95, None, "%", 2023, "to"), ("=", 98, None, "%", 2025, "to")]),
    ("- Giảm 10% số trẻ em bị bỏng năm 2023, riêng trẻ em bị chó cắn giảm 15%; đến năm 2025 giảm 20%.",
     [("=", 10, None, "%", 2023, "by"), ("=", 15, None, "%", 2023, "by"), ("=", 20, None, "%", 2025, "by")]),
    # a starting level is not a target
    ("- Giảm tỷ lệ học sinh bỏ học từ 2% năm 2021 xuống 1% năm 2025.", [("=", 1, None, "%", 2025, "to")]),
    # maintain; a restated "duy trì" without number is no second target
    ("- Phấn đấu 100% trường học có nhà vệ sinh vào năm 2023 và duy trì 100% đến năm 2025.",
     [("=", 100, None, "%", 2023, "to"), ("=", 100, None, "%", 2025, "to")]),
    ("- Duy trì 100% xã, phường đạt chuẩn phổ cập giáo dục tiểu học đến năm 2025, duy trì đến năm 2030.",
     [("=", 100, None, "%", 2025, "to")]),
    # a dated milestone without a number
    ("- Cơ bản hoàn thành việc số hóa sổ hộ tịch vào năm 2024 và duy trì cập nhật vào các năm tiếp theo.",
     [("=", None, None, None, 2024, "to")]),
    ("- Hoàn thành việc cấp mã định danh cho trẻ em trước ngày 31/12/2024.", [("=", None, None, None, 2024, "to")]),
    # no number and no year: not a target
    ("- Giảm tỷ lệ trẻ em bị xâm hại; nâng cao chất lượng dịch vụ bảo vệ trẻ em.", []),
]


@pytest.mark.parametrize("body, expected", VALUE_TABLE, ids=[row[0][:60] for row in VALUE_TABLE])
def test_values_comparators_years(body, expected):
    assert sorted(map(key, extract(body)), key=str) == sorted(expected, key=str)


NOT_VALUES = [
    # numbers that belong to the indicator: age, count of vaccines, duration
    "- Tỷ lệ trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế đạt 100% vào năm 2025.",
    "- Tỷ lệ trẻ em đến 16 tuổi được tiếp cận dịch vụ tư vấn đạt 80% vào năm 2025.",
    "- Tỷ lệ trẻ em dưới 1 tuổi được tiêm đủ 10 loại vắc xin đạt 95% vào năm 2025.",
    "- 40% trẻ em từ 12 tuổi trở lên được tham vấn ý kiến vào năm 2025.",
    "- Tỷ lệ trẻ em được bú mẹ hoàn toàn trong 6 tháng đầu đạt 50% vào năm 2025, sau 5 năm đạt 60% vào năm 2030.",
]


@pytest.mark.parametrize("body", NOT_VALUES, ids=[b[:50] for b in NOT_VALUES])
def test_numbers_of_the_indicator_are_not_values(body):
    values = [t.value for t in extract(body)]
    assert values and all(v in (100, 80, 95, 40, 50, 60) for v in values), values


def test_direction_follows_the_verb():
    body = (
        "- Giảm tỷ lệ trẻ em thấp còi xuống 15% vào năm 2025; tăng tỷ lệ trẻ em được tư vấn lên 90% vào năm 2025; "
        "duy trì 100% trạm y tế có bác sĩ đến năm 2025; tỷ lệ trẻ em đi học đạt 99% vào năm 2025."
    )
    assert [t.direction for t in extract(body)] == ["decrease", "increase", "maintain", "reach"]


# --- indicator, qualifier, number, text ---------------------------------------------------

PARALLEL = [
    # a school level names another indicator (gold/GUIDELINES.md), with or without "ở"
    "- Đến năm 2025, tỷ lệ trẻ em đi học đúng độ tuổi ở bậc tiểu học là trên 98% và ở bậc trung học cơ sở là trên 92%.",
    "- Đến năm 2025, tỷ lệ trẻ em đi học đúng độ tuổi ở bậc tiểu học đạt trên 98% và bậc trung học cơ sở đạt trên 92%.",
]


@pytest.mark.parametrize("body", PARALLEL)
def test_parallel_values_get_their_own_indicator(body):
    found = extract(body)
    assert [(t.indicator, t.qualifier, t.comparator, t.value) for t in found] == [
        ("tỷ lệ trẻ em đi học đúng độ tuổi ở bậc tiểu học", None, ">", 98),
        ("tỷ lệ trẻ em đi học đúng độ tuổi ở bậc trung học cơ sở", None, ">", 92),
    ]
    assert [t.indicator_code for t in found] == ["education.right_age_primary", "education.right_age_lower_secondary"]


def test_a_sub_group_after_rieng_replaces_the_group():
    found = extract("- Giảm 10% số trẻ em bị tai nạn giao thông năm 2023, riêng trẻ em bị đuối nước giảm 15%.")
    assert [t.indicator for t in found] == ["số trẻ em bị tai nạn giao thông", "số trẻ em bị đuối nước"]


def test_indicator_written_after_the_value_and_clause_texts():
    found = extract("- Năm 2023, có 60% trẻ em khuyết tật được hỗ trợ phục hồi chức năng và 75% năm 2025.")
    assert [t.indicator for t in found] == ["trẻ em khuyết tật được hỗ trợ phục hồi chức năng"] * 2
    assert [t.text for t in found] == ["Năm 2023, có 60% trẻ em khuyết tật được hỗ trợ phục hồi chức năng", "75% năm 2025"]


def test_qualifier_in_parenthesis_and_after_doi_voi():
    found = extract("- Giảm tỷ lệ hộ nghèo xuống dưới 3% (khu vực thành thị), 7% (khu vực nông thôn) vào năm 2025; "
                    "giảm tỷ lệ trẻ em thấp còi xuống dưới 20% đối với vùng đồng bào dân tộc thiểu số vào năm 2025.")
    assert [t.qualifier for t in found] == ["khu vực thành thị", "khu vực nông thôn", "vùng đồng bào dân tộc thiểu số"]
    assert {t.indicator for t in found[:2]} == {"tỷ lệ hộ nghèo"}


def test_a_relative_parenthesis_stays_in_the_indicator():
    found = extract("- Giảm tỷ lệ trẻ em có nguy cơ rơi vào hoàn cảnh đặc biệt xuống 12% (so với tổng số trẻ em) vào năm 2025.")
    assert [(t.indicator, t.qualifier, t.change) for t in found] == [
        ("tỷ lệ trẻ em có nguy cơ rơi vào hoàn cảnh đặc biệt (so với tổng số trẻ em)", None, "to")
    ]


def test_chi_tieu_numbers():
    body = (
        "- Chỉ tiêu 4: Tỷ lệ trẻ em được đăng ký khai sinh đạt 99% vào năm 2025.\n\n"
        "- Chỉ tiêu 5:\n\n+ Giảm tỷ lệ trẻ em bị xâm hại xuống dưới 3% vào năm 2025.\n\n"
        "- Giảm tỷ lệ lao động trẻ em xuống dưới 5% vào năm 2025."
    )
    assert [t.indicator_number for t in extract(body)] == [4, 5, None]


# --- years from headings and lead lines ---------------------------------------------------

HEADING_YEARS = [
    ("I. MỤC TIÊU\n\n2. Mục tiêu cụ thể\n\n2.1. Giai đoạn 2021 - 2025\n\n", 2025),
    ("I. MỤC TIÊU VÀ ĐỊNH HƯỚNG ĐẾN NĂM 2030\n\n1. Mục tiêu cụ thể\n\n", 2030),
    ("I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\nNâng cao nhận thức.\n\nII. MỤC TIÊU\n\nMục tiêu cụ thể đến năm 2026:\n\n", 2026),
    ("I. MỤC TIÊU\n\n2. Mục tiêu cụ thể\n\n", None),
]


@pytest.mark.parametrize("before, year", HEADING_YEARS)
def test_a_target_without_year_takes_the_heading_year(before, year):
    found = extract("- 100% trường mầm non có bếp ăn bán trú.", before=before)
    assert [(t.value, t.year) for t in found] == [(100, year)]


def test_lead_lines_date_the_lines_after_them():
    body = (
        "Phấn đấu đến năm 2025:\n\n- Tỷ lệ trẻ em được tiêm chủng đạt 97%;\n\n- Giảm tỷ lệ hộ nghèo xuống còn 2%.\n\n"
        "Đến năm 2030:\n\n- Tỷ lệ trẻ em được tiêm chủng đạt 99%."
    )
    assert [(t.value, t.year) for t in extract(body)] == [(97, 2025), (2, 2025), (99, 2030)]


def test_an_unnumbered_lead_line_with_a_year_opens_and_dates_a_zone():
    before = "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Yêu cầu\n\nBám sát thực tế.\n\nMục tiêu cụ thể đến năm 2027:\n\n"
    assert [(t.value, t.year) for t in extract("- 100% xã có tủ sách pháp luật cho thiếu nhi.", before=before)] == [(100, 2027)]


# --- what is not a target -----------------------------------------------------------------

def test_the_past_is_not_a_target():
    body = (
        "- Năm 2020, tỷ lệ trẻ em được tiêm chủng đầy đủ đạt 92%; phấn đấu đến năm 2025 đạt 98%.\n\n"
        "- Tỷ lệ hộ nghèo đã giảm còn 4,2% vào cuối năm 2020.\n\n"
        "- Hiện nay tỷ lệ trẻ em suy dinh dưỡng thấp còi là 19%."
    )
    assert [(t.value, t.year) for t in extract(body)] == [(98, 2025)]


def test_situation_sections_hold_no_targets():
    before = (
        "I. KẾT QUẢ THỰC HIỆN GIAI ĐOẠN 2016 - 2020\n\n- Tỷ lệ trẻ em thấp còi đạt 18,5% năm 2020.\n\n"
        "II. MỤC TIÊU\n\n1. Thực trạng\n\n- Tỷ lệ trẻ em khuyết tật được đi học đạt 70%.\n\n2. Mục tiêu cụ thể\n\n"
    )
    assert [t.value for t in extract("- Tỷ lệ trẻ em khuyết tật được đi học đạt 85% vào năm 2025.", before=before)] == [85]


def test_task_sections_need_an_explicit_commitment():
    after = (
        "\n\nII. NHIỆM VỤ VÀ GIẢI PHÁP\n\n1. Chăm sóc sức khỏe\n\n"
        "- Phấn đấu đến năm 2025 có 100% trạm y tế xã có bác sĩ.\n\n"
        "- Đảm bảo 100% trẻ em được cung cấp thông tin về quyền trẻ em.\n\n"
        "III. KINH PHÍ THỰC HIỆN\n\n- Ngân sách tỉnh bảo đảm 70% kinh phí vào năm 2025.\n"
    )
    found = extract("- Tỷ lệ trẻ em đi học đạt 99% vào năm 2025.", after=after)
    assert [(t.value, t.year) for t in found] == [(99, 2025), (100, 2025)]


def test_statistical_chi_tieu_headings_are_not_objectives():
    before = "I. CHỈ TIÊU THỐNG KÊ\n\n1. Chỉ tiêu theo cột\n\n- Cột 5: ghi tỷ lệ trên 50% số hộ vào năm 2025.\n\n"
    assert extract("", before=before) == []


def test_table_rows_are_not_read_as_sentences():
    body = "| TT | Chỉ tiêu | 2025 | 2030 |\n|---|---|---|---|\n| 1 | Tỷ lệ hộ nghèo | dưới 3% | dưới 1% |\n\n- Tỷ lệ trẻ em đi học đạt 99% vào năm 2025."
    assert [t.value for t in extract(body)] == [99]


def test_a_lead_line_opens_objectives_without_numbered_heading():
    before = "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\nNâng cao nhận thức.\n\nMục tiêu cụ thể:\n\n"
    assert [t.value for t in extract("- Tỷ lệ xã có điểm vui chơi cho trẻ em đạt 60% vào năm 2025.", before=before)] == [60]


# --- indicator codes ------------------------------------------------------------------------

CODE_TABLE = [
    ("tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em dưới 5 tuổi", "nutrition.stunting_u5"),
    ("tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể chiều cao theo tuổi", "nutrition.stunting_u5"),
    ("tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng cân nặng theo tuổi", "nutrition.underweight_u5"),
    ("tỷ lệ trẻ sơ sinh nhẹ cân", "nutrition.low_birth_weight"),
    ("tỷ suất tử vong trẻ em dưới 01 tuổi", "health.infant_mortality"),
    ("tỷ suất trẻ em tử vong do tai nạn, thương tích", "protection.injury_deaths"),
    ("tỷ lệ trẻ em bị tai nạn thương tích", "protection.injuries"),
    ("tỷ lệ phường, xã đạt tiêu chuẩn phù hợp với trẻ em", "communes.child_friendly"),
    ("số người dân có chữ ký số", None),
]


@pytest.mark.parametrize("indicator, code", CODE_TABLE)
def test_indicator_codes(indicator, code):
    assert indicator_code(indicator) == code


def test_seeds_share_codes_for_the_same_indicators(seed_document):
    """Tuyên Quang (000), Sóc Trăng (003) and Tân Yên (004) word stunting, underweight and
    child-friendly communes differently; the codes are the same."""
    wanted = {"nutrition.stunting_u5", "nutrition.underweight_u5", "communes.child_friendly"}
    for name in ("000_46efe9ef18f66514", "003_ef9456cb4b815f31", "004_244997f7a7702c06"):
        codes = {t.indicator_code for t in seed_document(name).targets}
        assert wanted <= codes, name
    stunting = [t.indicator for n in ("000_46efe9ef18f66514", "004_244997f7a7702c06")
                for t in seed_document(n).targets if t.indicator_code == "nutrition.stunting_u5"]
    assert any("thấp còi" in i for i in stunting) and any("chiều cao theo tuổi" in i for i in stunting)


# --- the seeds -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SEEDS)
def test_seed_targets_match_gold(seed_document, name):
    gold = json.loads((ROOT / "gold" / f"{name}.json").read_text(encoding="utf-8"))["targets"]
    predicted = [t.model_dump() for t in seed_document(name).targets]
    assert Counter(target_keys(t)["strict"] for t in predicted) == Counter(target_keys(t)["strict"] for t in gold)


@pytest.mark.parametrize("name", SEEDS)
def test_seed_target_spans_point_at_their_text(seed_document, name):
    document = seed_document(name)
    original = (ROOT / "corpus" / f"{name}.txt").read_text(encoding="utf-8")
    for target in document.targets:
        start, end = target.span
        assert span_key(original[start:end]) == span_key(target.text), target.id
    assert [t.id for t in document.targets] == [f"t{i}" for i in range(1, len(document.targets) + 1)]


def test_long_document_stays_fast():
    body = "\n\n".join(f"- Tỷ lệ học sinh lớp {i % 12 + 1} đi học đạt {i % 90 + 1}% vào năm 2025." for i in range(3000))
    start = time.perf_counter()
    found = extract(body)
    assert len(found) == 3000
    assert time.perf_counter() - start < 10


def test_long_clause_stays_fast():
    body = "- Tỷ lệ trẻ em được chăm sóc đạt " + " và ".join(f"{i % 90 + 1}% vào năm {2021 + i % 9}" for i in range(1500)) + "."
    start = time.perf_counter()
    found = extract(body)
    assert len(found) == 1500
    assert time.perf_counter() - start < 5


# --- fast paths that must find what the plain patterns find ---------------------------------

LEAD_PIECES = ["\n", "\n\n", " ", "\t", "- ", "* ", "• ", "Mục tiêu", "mục tiêu cụ thể", "CHỈ TIÊU", "Các chỉ tiêu",
               " chung", " đến năm 2025", " 2025", ":", "x", "; ", "giai đoạn"]


@given(st.lists(st.sampled_from(LEAD_PIECES), max_size=24), st.integers(min_value=0, max_value=8))
def test_lead_lines_are_the_matches_of_the_multiline_pattern(pieces, cut):
    text = "".join(pieces)
    end = max(0, len(text) - cut)
    expected = [m.span() for m in targets.LEAD_LINE.finditer(text, 0, end)]
    assert [m.span() for m in targets.lead_lines(text, end)] == expected


GOVERNOR_PIECES = [*targets.GOVERNOR_WORDS, *targets.GOVERNOR_PHRASES, *targets.VERBS["by_nouns"],
                   *targets.VERBS["not_verbs"], "Tỷ lệ", "trẻ em", "XUỐNG CÒN", "hoặc", "VÀ", "năm 2025", "x1", "2%", ";", "."]
GOVERNOR_SPACES = ["", " ", "  ", ",", ":", "(", "-", "\t"]
END_PATTERNS = [targets.COMPARATOR_END, targets.PARTICLE_END, targets.VERB_END, targets.BY_END,
                targets.BASELINE_END, targets.COUNT_VERB_END]


@given(st.lists(st.tuples(st.sampled_from(GOVERNOR_PIECES), st.sampled_from(GOVERNOR_SPACES)), max_size=14))
def test_governor_patterns_match_inside_the_governor_tail(pieces):
    words = "".join(word + space for word, space in pieces)
    tail = targets.GOVERNOR_TAIL.search(words).start()
    assert targets._strip_governor(words) == targets.TRAILING_GOVERNOR.sub("", words)
    forwards = regex.compile(targets.TRAILING_AND.pattern.removeprefix("(?r)"), targets.FLAGS)
    assert targets.TRAILING_AND.sub("", words) == forwards.sub("", words)
    window = max(0, len(words) - targets.END_REACH)
    for pattern in END_PATTERNS:
        expected = pattern.search(words, window)
        found = pattern.search(words, max(window, tail))
        assert (found and found.span()) == (expected and expected.span()), pattern.pattern


TOKEN_PIECES = ["2025", "năm 2025", "Năm 2030", "giai đoạn 2021 - 2025", "31/12/2025", "ngày 5 tháng 3 năm 2024",
                "NGÀY 5 tháng 3 năm 2024", "12", "9,5", "1.000", "100.000", "/", "%", "‰", "từ", "trên", "-", ".",
                "đến", "vào", "và", "tỷ lệ", "x", "Hà", "H5", "2,", "2020", "1", "trẻ",
                # the words a year phrase, a worded date, a range or a denominator may open with
                "năm học 2025", "thời kỳ 2021-2025", "từ năm 2020 đến năm 2025", "từ 2 đến 3%", "trong năm 2025",
                "tới 2025", "đến trước năm 2025", "sau năm 2025", "hết năm 2025", "cuối năm 2025", "đầu năm 2025",
                "trên 1.000 trẻ", "/100.000 dân", "năm", "học", "trong", "ngày", "tháng",
                # every opener of a year phrase, so that one added to the patterns is tried too
                *(f"{opener} năm 2025" for opener in targets.YEAR_OPENERS),
                *(f"{opener} 2030" for opener in targets.BARE_YEAR_OPENERS)]
ALL_TOKENS = regex.compile("|".join(rf"(?P<{name}>{shape})" for name, shape in targets.TOKEN_SHAPES), targets.FLAGS)


@settings(max_examples=1000)
@given(st.lists(st.tuples(st.sampled_from(TOKEN_PIECES), st.sampled_from(["", " ", " ", "/", ".", "\n"])), max_size=16))
def test_tokens_are_the_matches_of_the_alternation_of_all_shapes(pieces):
    clause = "".join(piece + space for piece, space in pieces)
    digit = targets.DIGIT.search(clause)
    pos = max(0, digit.start() - targets.TOKEN_REACH) if digit else len(clause)
    assert list(map(_token_key, targets.find_tokens(clause, 0, len(clause)))) == list(
        map(_token_key, ALL_TOKENS.finditer(clause, pos))
    )


@given(st.lists(st.tuples(st.sampled_from([*TOKEN_PIECES, *GOVERNOR_PIECES]), st.sampled_from(["", " ", ",", "\n"])),
                max_size=12))
def test_year_phrases_and_what_they_leave_are_those_of_the_patterns(pieces):
    text = "".join(piece + space for piece, space in pieces)
    years = targets._year_phrases(text)
    assert [m.span() for m in years] == [m.span() for m in targets.ANY_YEAR.finditer(text)]
    assert " ".join(targets._between(text, years)) == targets.ANY_YEAR.sub(" ", text)


@given(st.lists(st.tuples(st.sampled_from([*GOVERNOR_PIECES, *targets.VERBS["lead_words"]]),
                          st.sampled_from(GOVERNOR_SPACES)), max_size=12))
def test_a_governor_is_read_as_every_pattern_reads_it(words):
    words = "".join(word + space for word, space in words)
    governor = targets.read_governor(words)
    assert governor.restated == bool(governor.comparator or governor.particle or targets.VERB.search(words))
    assert words[: governor.head_end] == targets._strip_governor(words)
    run = targets.GOVERNOR_TAIL.search(words).start()
    end = targets._read_end(words, max(len(words) - targets.END_REACH, run))
    by_noun, opening = targets.BY_NOUN.search(words), targets.VERB_START.match(words)
    said = [d for d in [end.particle, end.verb, by_noun and targets._verb_direction(by_noun),
                        opening and targets._verb_direction(opening)] if d]
    changes = [d for d in said if d != "reach"]
    assert governor.direction == (changes[0] if changes else ("reach" if said else None))


def _token_key(m: regex.Match) -> tuple:
    return m.lastgroup, m.span(), {name: value for name, value in m.groupdict().items() if value is not None}


PHRASE_FINDERS = [targets.PAST, targets.SITUATION_TITLE, targets.COMMITMENT, targets.TAIL_STOP]
PHRASE_PIECES = [*targets.VOCAB["past"]["markers"], *targets.ZONES["situation_titles"], *targets.ZONES["commitment_words"],
                 *targets.INDICATOR["tail_stops"], *targets.VERBS["not_by_after"], "(",
                 "KẾT QUẢ", "Hiện Nay", "so với", "nước", "x", "2025", "İ", "ſ", "\u0307"]


@given(st.lists(st.tuples(st.sampled_from(PHRASE_PIECES), st.sampled_from(["", " ", "  ", ",", "\t"])), max_size=10),
       st.integers(min_value=0, max_value=6))
def test_phrase_finders_find_what_their_patterns_find(pieces, cut):
    text = "".join(piece + space for piece, space in pieces)
    for finder in PHRASE_FINDERS:
        expected = finder.pattern.search(text, cut)
        found = finder.search(text, cut)
        assert (found and found.span()) == (expected and expected.span()), finder.pattern.pattern


def test_every_character_a_case_blind_letter_takes_folds_to_that_letter():
    every_character = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    letters = {c for finder in PHRASE_FINDERS for _, phrases in finder.clues for words in phrases for w in words for c in w}
    for letter in letters:
        for m in regex.finditer(regex.escape(letter), every_character, targets.FLAGS):
            assert targets._fold(m.group()) == letter, (letter, hex(ord(m.group())))
