"""Deadlines: time expressions of the tasks a plan orders, and those that are not deadlines.

The tables are hand-made sentences in the style of plans from other provinces, districts and
communes and other topics (health, education, poverty, gender, digital transformation);
each row is the text and the deadlines expected from it, as (kind, value, recurrence, text).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.extractors.deadlines import (
    DAY_ITEM, EMPTY_BRACKETS, FINDERS, FLAGS, KIND_OF_PLAN, LEAD, NAME_CHAR, SPACE_BEFORE_PUNCTUATION, Candidate,
    _days, _iso, _tail, _trim, _without, extract_deadlines, lower_same_length,
)
from extract.load import load_text
from extract.models import Citation, Mention, Target
from extract.segment import segment
from extract.textnorm import WHITESPACE, fold_markup, single_spaces

GOLD = Path(__file__).resolve().parent.parent / "gold"


def deadlines_of(text: str, found: dict | None = None):
    loaded = load_text(text)
    return extract_deadlines(loaded, segment(loaded), found or {})


def scoring_key(deadline: dict) -> tuple:
    return deadline["kind"], deadline["value"], deadline.get("recurrence")


def keys_of(text: str, found: dict | None = None) -> list[tuple]:
    return [(d.kind, d.value, d.recurrence, d.text) for d in deadlines_of(text, found)]


DATES = [
    ("Sở Y tế tổng hợp, báo cáo UBND tỉnh Nghệ An trước ngày 15/12 hằng năm.",
     [("date", "XXXX-12-15", "P1Y", "trước ngày 15/12 hằng năm")]),
    ("Các xã hoàn thành rà soát hộ nghèo, hộ cận nghèo trước ngày 30 tháng 11 năm 2023.",
     [("date", "2023-11-30", None, "trước ngày 30 tháng 11 năm 2023")]),
    # a full date after a preposition needs no "ngày"
    ("Hoàn thành số hóa hồ sơ hộ tịch trước 31/12/2025.",
     [("date", "2025-12-31", None, "trước 31/12/2025")]),
    # one repeat for a list of dates
    ("Phòng Y tế gửi báo cáo trước ngày 15 tháng 6 và 15 tháng 12 hằng năm.",
     [("date", "XXXX-06-15", "P1Y", "trước ngày 15 tháng 6"), ("date", "XXXX-12-15", "P1Y", "15 tháng 12 hằng năm")]),
    ("Hoàn thành kết nối hệ thống thông tin báo cáo trong tháng 9/2024.",
     [("date", "2024-09", None, "trong tháng 9/2024")]),
    ("Khai trương Cổng dữ liệu mở của tỉnh Bình Định vào tháng 10 năm 2025.",
     [("date", "2025-10", None, "vào tháng 10 năm 2025")]),
    ("Chậm nhất tháng 5 hàng năm, các trường gửi kế hoạch tuyển sinh.",
     [("date", "XXXX-05", "P1Y", "Chậm nhất tháng 5 hàng năm")]),
    # named days with a date written: the activities ordered on them
    ("Tổ chức các hoạt động hưởng ứng Ngày Quốc tế Phụ nữ 8/3 và Ngày Phụ nữ Việt Nam 20/10.",
     [("date", "XXXX-03-08", None, "Ngày Quốc tế Phụ nữ 8/3"), ("date", "XXXX-10-20", None, "Ngày Phụ nữ Việt Nam 20/10")]),
    ("Đẩy mạnh truyền thông nhân Ngày Thế giới phòng, chống AIDS 1/12 hằng năm.",
     [("date", "XXXX-12-01", "P1Y", "Ngày Thế giới phòng, chống AIDS 1/12 hằng năm")]),
    ("Tặng quà cho trẻ em khuyết tật nhân dịp Tết Thiếu nhi 01/6.",
     [("date", "XXXX-06-01", None, "Tết Thiếu nhi 01/6")]),
    ("Tổ chức các hoạt động hưởng ứng Ngày Chuyển đổi số quốc gia (10/10).",
     [("date", "XXXX-10-10", None, "Ngày Chuyển đổi số quốc gia (10/10)")]),
]

PERIODS = [
    ("Tổ chức Tháng hành động vì bình đẳng giới từ ngày 15/11 đến ngày 15/12.",
     [("period", "XXXX-11-15/XXXX-12-15", None, "từ ngày 15/11 đến ngày 15/12")]),
    # the start takes the year of the end
    ("Triển khai thí điểm từ ngày 01/3 đến ngày 30/4/2024 tại huyện Mường Tè.",
     [("period", "2024-03-01/2024-04-30", None, "từ ngày 01/3 đến ngày 30/4/2024")]),
    ("Tổ chức chiến dịch tiêm chủng từ tháng 3 đến tháng 5 năm 2023.",
     [("period", "2023-03/2023-05", None, "từ tháng 3 đến tháng 5 năm 2023")]),
    ("Hoàn thành việc cấp chữ ký số cho cán bộ cấp xã trong quý III/2024.",
     [("period", "2024-07/2024-09", None, "trong quý III/2024")]),
    ("Giai đoạn 1 từ năm 2023 đến hết năm 2025: hoàn thiện hạ tầng dữ liệu.",
     [("period", "2023/2025", None, "từ năm 2023 đến hết năm 2025")]),
    # a task period with no programme noun; a year after it
    ("Phòng Giáo dục và Đào tạo tổ chức bồi dưỡng giáo viên giai đoạn 2022 - 2025 và đến năm 2030.",
     [("period", "2022/2025", None, "giai đoạn 2022 - 2025"), ("year", "2030", None, "đến năm 2030")]),
    # a programme the plan orders built: its period is a deadline
    ("UBND các xã xây dựng, ban hành kế hoạch chuyển đổi số giai đoạn 2026-2030.",
     [("period", "2026/2030", None, "giai đoạn 2026-2030")]),
    ("Trong năm 2024 - 2025, triển khai nền tảng học liệu số dùng chung.",
     [("period", "2024/2025", None, "Trong năm 2024 - 2025")]),
    ("Tổ chức sơ kết việc thực hiện vào cuối năm 2025.",
     [("year", "2025", None, "cuối năm 2025")]),
    # a year that labels an item
    ("- Năm 2022: triển khai thí điểm sổ sức khỏe điện tử tại 3 xã.",
     [("year", "2022", None, "Năm 2022")]),
    # after a time label a bare year or date is a deadline; the label is not part of its text
    ("Nâng cấp phòng học trực tuyến. Thời gian thực hiện: Năm 2023.",
     [("year", "2023", None, "Năm 2023")]),
    ("Thời hạn hoàn thành: 30/6/2024.",
     [("date", "2024-06-30", None, "30/6/2024")]),
]

REPEATS = [
    ("Hằng năm, Trung tâm Y tế huyện tổ chức khám sàng lọc cho học sinh.",
     [("recurring", "P1Y", "P1Y", "Hằng năm")]),
    ("Cập nhật dữ liệu hộ nghèo hàng tháng lên phần mềm quản lý.",
     [("recurring", "P1M", "P1M", "hàng tháng")]),
    ("Định kỳ hằng quý, 6 tháng, năm báo cáo Sở Thông tin và Truyền thông.",
     [("recurring", "P3M", "P3M", "Định kỳ hằng quý"), ("recurring", "P6M", "P6M", "6 tháng"), ("recurring", "P1Y", "P1Y", "năm")]),
    ("Các đơn vị báo cáo định kỳ 06 tháng và hằng năm về Sở Lao động - Thương binh và Xã hội.",
     [("recurring", "P6M", "P6M", "định kỳ 06 tháng"), ("recurring", "P1Y", "P1Y", "hằng năm")]),
    ("Tổ chức kiểm tra an toàn thực phẩm tại bếp ăn trường mầm non 2 lần/năm.",
     [("recurring", "P6M", "P6M", "2 lần/năm")]),
    ("Đánh giá mức độ chuyển đổi số của các xã 6 tháng/lần.",
     [("recurring", "P6M", "P6M", "6 tháng/lần")]),
    ("Các trạm y tế báo cáo định kỳ 03 tháng/lần về Trung tâm Y tế huyện Bảo Lâm.",
     [("recurring", "P3M", "P3M", "định kỳ 03 tháng/lần")]),
    ("Mỗi năm, tổ chức ít nhất 02 lớp tập huấn kỹ năng số cho cán bộ xã.",
     [("recurring", "P1Y", "P1Y", "Mỗi năm")]),
    # a capitalised "Kế hoạch" inside a sentence is this plan, not a kind of plan
    ("Sơ kết, đánh giá việc thực hiện Kế hoạch hằng năm.",
     [("recurring", "P1Y", "P1Y", "hằng năm")]),
]

NOT_DEADLINES = [
    "Lồng ghép các chỉ tiêu về bình đẳng giới vào kế hoạch phát triển kinh tế - xã hội hằng năm của huyện.",
    "Đưa mục tiêu giảm nghèo vào kế hoạch phát triển kinh tế xã hội 5 năm và hằng năm của xã.",
    "Kinh phí thực hiện được bố trí trong dự toán ngân sách hàng năm của các sở, ngành.",
    "Chi trả trợ cấp xã hội hàng tháng cho người cao tuổi.",
    "Xây dựng và tổ chức thực hiện các kế hoạch hoạt động hàng năm.",
    "a) Mức đóng hằng tháng bằng 3% mức lương cơ sở.",
    "Xây dựng kế hoạch cụ thể theo từng năm.",
    # the name of an existing programme or strategy
    "Tiếp tục thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2030.",
    "Triển khai có hiệu quả Đề án 06 giai đoạn 2022-2025, tầm nhìn đến năm 2030.",
    # the plan restating its own period
    "Trên đây là Kế hoạch thực hiện chuyển đổi số tỉnh Hà Giang giai đoạn 2021 - 2025.",
    "Trên đây là những nhiệm vụ trọng tâm giai đoạn 2021 - 2025 của huyện Yên Thế.",
    # the date of a cited document, of a gazette issue, of taking effect
    "Căn cứ Quyết định số 1234/QĐ-UBND ngày 12/5/2022 của UBND tỉnh Lào Cai.",
    "CÔNG BÁO/Số 1203 + 1204/Ngày 28-12-2020",
    "Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2025.",
    # no interval: "định kỳ" alone, "thường xuyên", named days without a date
    "Định kỳ báo cáo UBND tỉnh theo quy định.",
    "Thường xuyên kiểm tra việc thực hiện tại cơ sở.",
    "Tổ chức vui chơi cho trẻ em nhân dịp Tết Trung thu.",
    # "mỗi năm" inside a clause, a year that is not a label, a bare month or quarter
    "Cứ thêm mỗi năm đóng bảo hiểm xã hội thì tính thêm 2%.",
    "Năm 2020, toàn tỉnh có 120 xã đạt chuẩn nông thôn mới.",
    "Việc đối chiếu không thực hiện đối với tháng 12.",
    "Cơ sở gửi báo cáo quyết toán quý 4 cho cơ quan bảo hiểm xã hội.",
    # fractions are not dates
    "Phấn đấu giảm 1/3 số hộ nghèo trong 1/3 thời gian còn lại.",
]


@pytest.mark.parametrize("text, expected", DATES + PERIODS + REPEATS)
def test_deadlines(text, expected):
    assert keys_of(text) == expected


@pytest.mark.parametrize("text", NOT_DEADLINES)
def test_not_deadlines(text):
    assert keys_of(text) == []


def test_a_restatement_still_orders_its_dates():
    text = "Trên đây là Kế hoạch giảm nghèo giai đoạn 2021 - 2025 của huyện Yên Thế; các xã báo cáo trước ngày 15/12 hằng năm."
    assert keys_of(text) == [("date", "XXXX-12-15", "P1Y", "trước ngày 15/12 hằng năm")]


def test_an_expression_never_crosses_a_line():
    # "tháng\n1." is a repeat and the next item's label, not January
    text = "II. NHIỆM VỤ\nCập nhật dữ liệu hộ nghèo hằng tháng\n1. Phòng Y tế tổng hợp số liệu.\n"
    assert keys_of(text) == [("recurring", "P1M", "P1M", "hằng tháng")]


def test_a_targets_own_year_and_repeat_are_not_deadlines():
    text = "Hằng năm giảm 2% tỷ lệ hộ nghèo, đến năm 2025 còn dưới 3%; tổ chức tổng kết vào năm 2026."
    target = Target(id="t1", text="", span=(0, text.index(";")), indicator="tỷ lệ hộ nghèo",
                    direction="decrease", change="to", comparator="<", value=3, unit="%", year=2025)
    assert keys_of(text) == [("recurring", "P1Y", "P1Y", "Hằng năm"), ("year", "2025", None, "đến năm 2025"),
                             ("year", "2026", None, "vào năm 2026")]
    assert keys_of(text, {"targets": [target]}) == [("year", "2026", None, "vào năm 2026")]


def test_dates_inside_citations_are_not_deadlines():
    text = "Thực hiện Kế hoạch 15/KH-UBND, ngày 05/7/2021 của UBND tỉnh; báo cáo trước ngày 20/11."
    start = text.index("Kế hoạch")
    citation = Citation(id="c1", doc_type="Kế hoạch", mentions=[Mention(text="", span=(start, text.index(" của")))])
    assert keys_of(text, {"citations": [citation]}) == [("date", "XXXX-11-20", None, "trước ngày 20/11")]


def test_years_of_the_objectives_are_the_targets():
    text = ("I. MỤC TIÊU\n1. Mục tiêu đến năm 2025\nPhấn đấu 100% hồ sơ được số hóa.\n"
            "II. NHIỆM VỤ\n1. Tổ chức tập huấn cho cán bộ giai đoạn 2022 - 2025.\n")
    assert keys_of(text) == [("period", "2022/2025", None, "giai đoạn 2022 - 2025")]


def test_a_review_of_the_past_gives_no_deadlines():
    text = ("I. KẾT QUẢ THỰC HIỆN GIAI ĐOẠN 2016 - 2020\nHằng năm, các xã tổ chức Tháng hành động vì trẻ em.\n"
            "II. NHIỆM VỤ\n1. Hằng năm, các xã tổ chức diễn đàn trẻ em.\n")
    assert keys_of(text) == [("recurring", "P1Y", "P1Y", "Hằng năm")]
    assert deadlines_of(text)[0].section_id == "II/1"


def test_section_and_subject():
    text = "I. MỤC TIÊU\nBảo đảm quyền trẻ em.\nII. NHIỆM VỤ\n1. Truyền thông\nHằng năm, Đoàn Thanh niên tổ chức diễn đàn trẻ em cấp huyện.\n"
    (deadline,) = deadlines_of(text)
    assert deadline.section_id == "II/1"
    assert deadline.subject == "Đoàn Thanh niên tổ chức diễn đàn trẻ em cấp huyện"


def test_subject_is_the_clause_of_the_deadline():
    text = "Kiện toàn Ban chỉ đạo; báo cáo kết quả thực hiện về UBND huyện trước ngày 15/12 hằng năm."
    (deadline,) = deadlines_of(text)
    assert deadline.subject == "báo cáo kết quả thực hiện về UBND huyện"


@pytest.mark.parametrize("name", ["000_46efe9ef18f66514", "001_6bd8137022023e84", "002_33652b52775a5c36",
                                  "003_ef9456cb4b815f31", "004_244997f7a7702c06"])
def test_seed_deadlines_match_gold(seed_document, seed_text, name):
    document = seed_document(name)
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    assert Counter(scoring_key(d.model_dump()) for d in document.deadlines) == Counter(map(scoring_key, gold["deadlines"]))
    original = seed_text(name).original
    for deadline in document.deadlines:  # the contract's offset round trip
        assert fold_markup(original[deadline.span[0]:deadline.span[1]]) == fold_markup(deadline.text)


# Pieces that make time expressions, in every case, and "İ", which lowers to two characters.
PIECES = ["từ ", "Từ ", "TỪ ", "ngày ", "NGÀY ", "Ngày Quốc tế ", "tháng ", "THÁNG ", "năm ", "Năm ", "giai đoạn ",
          "quý ", "IV", "hằng ", "hàng ", "mỗi ", "định kỳ ", "lần", "tết ", "đến ", "-", "/", ", ", "\n", "20", "2022",
          "6", "15", " ", "İ", "x", "3"]


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=40))
def test_finders_find_what_their_patterns_find(pieces):
    """The search for lead words in the lower-cased text finds every match of the pattern."""
    clean = "".join(pieces)
    lowered = lower_same_length(clean)
    for finder in FINDERS:
        for start, end in ((0, len(clean)), (len(clean) // 3, 2 * len(clean) // 3)):
            fast = [m.span() for m in finder.finditer(clean, lowered, start, end)]
            assert fast == [m.span() for m in finder.pattern.finditer(clean, start, end)]


# A head, then dates with what may stand between them, then what may follow.
DAYS_TEXT = st.builds(
    lambda head, dates, tail: head + "".join(dates) + tail,
    st.sampled_from(["ngày ", "Ngày Quốc tế Thiếu nhi ", "Tết ", "(", "x "]),
    st.lists(st.tuples(st.sampled_from(["", " ", " và ", ", ", " hoặc ngày ", "/", " ("]),
                       st.sampled_from(["15/6", "1/12/2022", "5 tháng 11 năm 2012", "12", "x"])).map("".join), max_size=4),
    st.sampled_from(["", " hằng năm", "/", ")", "x"]),
)


@settings(max_examples=500, deadline=None)
@given(clean=DAYS_TEXT)
def test_a_single_day_is_read_from_the_match_as_from_its_date(clean):
    """_days takes a match with one captured day as its own date: what searching it again gives."""
    for finder in FINDERS:
        if finder.build is _days:
            for m in finder.pattern.finditer(clean):
                searched = [Candidate(i.start(), i.end(), "date", _iso(i), _tail(m)) for i in DAY_ITEM.finditer(clean, m.start(), m.end())]
                searched[0].start, searched[-1].end = m.start(), m.end()
                assert _days(m) in ([], searched)


KIND_PIECES = ["kế hoạch", "Kế hoạch", "dự toán ngân sách", "lương", "chương trình", " ", "  ", ", ", "và", "hoặc",
               "phát triển", "của", "5 năm", "trung hạn", "\n", ". ", "- ", "x", "Ất"]


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(st.sampled_from(KIND_PIECES), max_size=12), cut=st.integers(min_value=0, max_value=8))
def test_kind_of_plan_found_backwards_as_forwards(pieces, cut):
    """KIND_OF_PLAN is searched backwards for speed; whether it matches a window is the same."""
    text = "".join(pieces)
    forwards = regex.compile(KIND_OF_PLAN.pattern.removeprefix("(?r)"), KIND_OF_PLAN.flags & ~regex.REVERSE)
    for start in (0, min(cut, len(text))):
        assert bool(KIND_OF_PLAN.search(text, start, len(text))) == bool(forwards.search(text, start, len(text)))


SPACED = st.text(alphabet=" \t\xa0\u3000\x1c\x85\u200bab,;.()", max_size=16)


@settings(max_examples=1000, deadline=None)
@given(text=SPACED)
def test_a_subject_is_cleaned_as_by_the_three_substitutions(text):
    """_without skips substitutions that cannot change the text, and folds white space with textnorm.single_spaces."""
    assert single_spaces(text) == WHITESPACE.sub(" ", text)
    subs = SPACE_BEFORE_PUNCTUATION.sub(r"\1", EMPTY_BRACKETS.sub("", WHITESPACE.sub(" ", text)))
    assert _without(text, (0, len(text)), [], []) == _trim(subs)


EDGE_PIECES = [" ", "\t", ",", ";", ":", ".", "-", "+", "•", "a)", "1.", "2.3.", "và", "hoặc", "x", "Lớp", "vào", "(", ")"]


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(EDGE_PIECES), max_size=20))
def test_trim_takes_off_both_edges(pieces):
    """_trim is one substitution of both edges (the way it was first written)."""
    text = "".join(pieces)
    both_edges = regex.compile(rf"^{LEAD}+|(?:[\s,;:.]|\b(?:và|hoặc)\b)+$")
    assert _trim(text) == both_edges.sub("", text)


def test_name_char_is_the_case_blind_set_of_letters_and_hyphen():
    every_character = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    case_blind = regex.compile(r"[\p{L}\-]", FLAGS)
    assert [m.start() for m in regex.finditer(NAME_CHAR, every_character, FLAGS)] == [
        m.start() for m in case_blind.finditer(every_character)
    ]
