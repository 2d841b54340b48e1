"""Segmenter: the section tree of the five seeds and the hard cases of real documents."""

from __future__ import annotations

import itertools

import pytest

from extract.labels import LABEL, may_start_label
from extract.load import load_text
from extract.segment import CLOSING, CLOSING_FIRST_CHARS, section_kind, segment
from extract.textnorm import fold_markup, span_key

from .conftest import SEEDS

# Complete outlines (path, title), checked by hand against the documents.
OUTLINE_002 = [
    ("I", "MỤC ĐÍCH, YÊU CẦU"),
    ("I/1", "Mục đích"),
    ("I/2", "Yêu cầu"),
    ("II", "MỤC TIÊU"),
    ("II/1", "Mục tiêu chung"),
    ("II/2", "Mục tiêu cụ thể"),
    ("III", "NỘI DUNG THỰC HIỆN"),
    ("III/1", "Truyền thông, giáo dục, vận động xã hội nhằm nâng cao nhận thức, kiến thức và kỹ năng bảo vệ, chăm sóc trẻ em cho chính quyền các cấp, các tổ chức, gia đình, nhà trường, cộng đồng xã hội và bản thân trẻ em"),
    ("III/2", "Củng cố hệ thống tổ chức, nhân lực và nâng cao năng lực cho đội ngũ cán bộ làm công tác bảo vệ, chăm sóc trẻ em"),
    ("III/3", "Xây dựng hệ thống theo dõi, giám sát"),
    ("IV", "NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU"),
    ("IV/1", "Tăng cường sự lãnh đạo của các cấp ủy đảng, chính quyền, sự phối hợp của các cấp, các ngành và đoàn thể đối với công tác bảo vệ trẻ em; bố trí đủ nhân lực, kinh phí và các điều kiện cần thiết khác cho việc thực hiện công tác bảo vệ trẻ em"),
    ("IV/2", "Đẩy mạnh thông tin, truyền thông, giáo dục, vận động xã hội nhằm nâng cao nhận thức, thay đổi hành vi về bảo vệ trẻ em của chính quyền các cấp, các tổ chức, gia đình, nhà trường, cộng đồng xã hội và bản thân trẻ em"),
    ("IV/3", "Tăng cường công tác kiểm tra, đánh giá kết quả thực hiện nhiệm vụ bảo vệ, chăm sóc trẻ em hàng năm, giữa kỳ, cuối kỳ; phát hiện, xử lý kịp thời các hành vi vi phạm quyền trẻ em"),
    ("IV/4", "Tăng cường xã hội hóa công tác bảo vệ, chăm sóc trẻ em; huy động sự tham gia của các cơ quan, các tổ chức xã hội, các doanh nghiệp về bảo vệ trẻ em"),
    ("III", "TỔ CHỨC THỰC HIỆN"),
    ("III/1", "Phòng Lao động - Thương binh và Xã hội"),
    ("III/2", "Công an huyện"),
    ("III/3", "Phòng Tư pháp"),
    ("III/4", "Phòng Giáo dục và Đào tạo"),
    ("III/5", "Phòng Văn hóa – Thông tin"),
    ("III/6", "Phòng Y tế"),
    ("III/7", "Phòng Tài chính – Kế hoạch"),
    ("III/8", "Ủy ban nhân dân các xã, thị trấn"),
]

OUTLINE_004 = [
    ("I", "MỤC TIÊU"),
    ("I/1", "Mục tiêu chung"),
    ("I/2", "Mục tiêu cụ thể"),
    ("I/2/a", "Mục tiêu 1: Về phát triển toàn diện trẻ em, chăm sóc sức khỏe, dinh dưỡng cho trẻ em"),
    ("I/2/b", "Mục tiêu 2: Về bảo vệ trẻ em"),
    ("I/2/c", "Mục tiêu 3: Về giáo dục, văn hóa, vui chơi, giải trí cho trẻ em"),
    ("I/2/d", "Mục tiêu 4: Về sự tham gia của trẻ em vào các vấn đề về trẻ em"),
    ("II", "NHIỆM VỤ VÀ GIẢI PHÁP"),
    ("II/1", "Tăng cường sự chỉ đạo, hướng dẫn, phối hợp của các phòng, ban, ngành, địa phương đối với việc thực hiện các mục tiêu, chỉ tiêu của Chương trình"),
    ("II/2", "Triển khai thực hiện tốt pháp luật, chính sách bảo đảm thực hiện quyền trẻ em và giải quyết các vấn đề về trẻ em"),
    ("II/3", "Tăng cường truyền thông, giáo dục về kiến thức, kỹ năng thực hiện quyền, bổn phận của trẻ em; vận động xã hội thực hiện các mục tiêu về trẻ em và giải quyết các vấn đề về trẻ em"),
    ("II/4", "Phát triển hệ thống dịch vụ đáp ứng thực hiện quyền trẻ em có sự lồng ghép và phối hợp giữa các dịch vụ y tế, giáo dục, tư pháp và các dịch vụ an sinh xã hội; ưu tiên hệ thống dịch vụ bảo vệ trẻ em"),
    ("II/5", "Bảo đảm nguồn lực thực hiện quyền trẻ em và các mục tiêu, chỉ tiêu về trẻ em; ưu tiên bố trí nguồn lực về bảo vệ trẻ em"),
    ("II/6", "Vận động nguồn lực và sự tham gia của xã hội; trao đổi kinh nghiệm trong giải quyết các vấn đề về trẻ em"),
    ("II/7", "Tăng cường công tác kiểm tra, thanh tra việc thực hiện pháp luật, chính sách, chương trình, mục tiêu, chỉ tiêu về trẻ em"),
    ("II/8", "Xây dựng cơ sở dữ liệu theo dõi, đánh giá thực hiện các mục tiêu, chỉ tiêu về trẻ em; tổ chức sơ kết, tổng kết đánh giá việc thực hiện Kế hoạch"),
    ("III", "KINH PHÍ THỰC HIỆN"),
    ("III/1", "Ngân sách nhà nước"),
    ("III/2", "Huy động từ xã hội, cộng đồng, các nguồn hợp pháp khác"),
    ("IV", "PHÂN CÔNG TRÁCH NHIỆM, TỔ CHỨC THỰC HIỆN"),
    ("IV/1", "Phòng Lao động - Thương binh và Xã hội"),
    ("IV/2", "Phòng Giáo dục và Đào tạo"),
    ("IV/3", "Phòng Y tế"),
    ("IV/4", "Phòng Văn hóa và Thông tin"),
    ("IV/5", "Phòng Tư pháp"),
    ("IV/6", "Công an huyện"),
    ("IV/7", "Trung tâm VH-TT&TT"),
    ("IV/8", "Phòng Tài chính - Kế hoạch"),
    ("IV/9", "Các phòng, ban, ngành liên quan"),
    ("IV/10", "Đề nghị Ủy ban MTTQ và các tổ chức chính trị, xã hội huyện"),
    ("IV/11", "UBND các xã, thị trấn"),
    ("V", "CHẾ ĐỘ THÔNG TIN, BÁO CÁO"),
]

OUTLINE_000 = [
    ("I", "Mục tiêu"),
    ("I/1", "Mục tiêu tổng quát"),
    ("I/2", "Các mục tiêu cụ thể"),
    ("II", "Các nhiệm vụ và giải pháp chủ yếu"),
    ("II/1", "Công tác chỉ đạo, điều hành"),
    ("II/2", "Các hoạt động truyền thông, nâng cao nhận thức cho cộng đồng về bảo vệ, chăm sóc, giáo dục trẻ em"),
    ("II/3", "Đẩy mạnh các hoạt động bảo vệ trẻ em"),
    ("II/4", "Thực hiện công tác chăm sóc trẻ em"),
    ("II/4/4.1", "Chăm sóc trẻ em có hoàn cảnh đặc biệt"),
    ("II/4/4.2", "Chăm sóc sức khỏe"),
    ("II/5", "Giáo dục trẻ em"),
    ("II/6", "Vui chơi cho trẻ em"),
    ("II/7", "Tăng cường quyền được tham gia của trẻ em"),
    ("III", "Kinh phí thực hiện"),
    ("IV", "Tổ chức thực hiện"),
    ("IV/1", "Sở Lao động - Thương binh và Xã hội"),
    ("IV/2", "Sở Y tế"),
    ("IV/3", "Sở Giáo dục và Đào tạo"),
    ("IV/4", "Sở Văn hóa, Thể thao và Du lịch"),
    ("IV/5", "Sở Thông tin và Truyền thông"),
    ("IV/6", "Sở Tư pháp"),
    ("IV/7", "Công an tỉnh"),
    ("IV/8", "Sở Tài chính, Sở Kế hoạch và Đầu tư"),
    ("IV/9", "Đài Phát thanh và Truyền hình tỉnh, Báo Tuyên Quang"),
    ("IV/10", "Các sở, ban, ngành, cơ quan liên quan"),
    ("IV/11", "Ủy ban nhân dân các huyện, thành phố"),
    ("IV/12", "Đề nghị Ủy ban Mặt trận Tổ quốc và các đoàn thể cấp tỉnh"),
]


def outline_of(text: str) -> list[tuple[str, str]]:
    return [("/".join(s.path), s.title) for s in segment(load_text(text)).flat()]


@pytest.mark.parametrize(
    "name, expected",
    [("000_46efe9ef18f66514", OUTLINE_000), ("002_33652b52775a5c36", OUTLINE_002), ("004_244997f7a7702c06", OUTLINE_004)],
)
def test_complete_outline_of_seed(seed_text, name, expected):
    outline = segment(seed_text(name))
    assert [("/".join(s.path), s.title) for s in outline.flat()] == expected


SECTION_COUNTS = {
    "000_46efe9ef18f66514": 27,
    "001_6bd8137022023e84": 83,
    "002_33652b52775a5c36": 24,
    "003_ef9456cb4b815f31": 20,
    "004_244997f7a7702c06": 32,
}


@pytest.mark.parametrize("name", SEEDS)
def test_section_count_of_every_seed(seed_text, name):
    assert len(segment(seed_text(name)).flat()) == SECTION_COUNTS[name]


TOP_LEVEL = {
    "000_46efe9ef18f66514": [("I", "objectives"), ("II", "tasks"), ("III", "funding"), ("IV", "implementation")],
    "001_6bd8137022023e84": [("I", "purpose"), ("II", "tasks"), ("III", "funding"), ("IV", "implementation")],
    "002_33652b52775a5c36": [("I", "purpose"), ("II", "objectives"), ("III", "tasks"), ("IV", "tasks"), ("III", "implementation")],
    "003_ef9456cb4b815f31": [("I", "purpose"), ("II", "objectives"), ("III", "tasks"), ("IV", "implementation")],
    "004_244997f7a7702c06": [("I", "objectives"), ("II", "tasks"), ("III", "funding"), ("IV", "implementation"), ("V", "reporting")],
}


@pytest.mark.parametrize("name", SEEDS)
def test_top_level_labels_and_kinds(seed_text, name):
    outline = segment(seed_text(name))
    assert [(s.label, s.kind) for s in outline.sections] == TOP_LEVEL[name]
    assert all(child.kind is None for s in outline.sections for child in s.children)


# --- the hard cases, on the seeds ----------------------------------------------------------

def _by_path(outline):
    return {"/".join(s.path): s for s in outline.flat()}


def test_decimal_labels_nest_under_their_arabic_parent(seed_text):
    sections = _by_path(segment(seed_text("000_46efe9ef18f66514")))
    assert sections["II/4/4.1"].style == "decimal" and sections["II/4/4.1"].level == 3
    sections = _by_path(segment(seed_text("003_ef9456cb4b815f31")))
    assert [s.label for s in sections["II/2"].children] == ["2.1", "2.2", "2.3"]


def test_dash_separator_is_a_label(seed_text):
    sections = _by_path(segment(seed_text("004_244997f7a7702c06")))
    assert sections["II/8"].title.startswith("Xây dựng cơ sở dữ liệu theo dõi")


def test_nesting_follows_numbering_not_markdown_level(seed_text):
    # 004: "## **6. …**" and "### **1. …**" are both children of "## **II. …**"
    sections = _by_path(segment(seed_text("004_244997f7a7702c06")))
    assert [s.label for s in sections["II"].children] == [str(n) for n in range(1, 9)]
    # 003: "#### I", "### III", "#### IV" are all top level
    assert [s.label for s in segment(seed_text("003_ef9456cb4b815f31")).sections] == ["I", "II", "III", "IV"]


def test_inline_headings_take_the_part_before_the_colon(seed_text):
    sections = _by_path(segment(seed_text("000_46efe9ef18f66514")))
    assert sections["IV/9"].title == "Đài Phát thanh và Truyền hình tỉnh, Báo Tuyên Quang"
    sections = _by_path(segment(seed_text("002_33652b52775a5c36")))
    assert sections["III/1"].title == "Phòng Lao động - Thương binh và Xã hội"  # "1. **Phòng …:** Là cơ quan"


def test_a_colon_inside_a_heading_line_is_part_of_the_title(seed_text):
    # "***a) Mục tiêu 1: Về …***": a short phrase after the colon, no final full stop
    sections = _by_path(segment(seed_text("004_244997f7a7702c06")))
    assert sections["I/2/b"].title == "Mục tiêu 2: Về bảo vệ trẻ em"
    assert outline_of("1. Sở Y tế: Chủ trì, phối hợp với các sở thực hiện.\n2. Mục tiêu: Về trẻ em\n3. Cơ quan:\n") == [
        ("1", "Sở Y tế"), ("2", "Mục tiêu: Về trẻ em"), ("3", "Cơ quan")
    ]


def test_inline_heading_without_colon_takes_its_first_sentence(seed_text):
    sections = _by_path(segment(seed_text("003_ef9456cb4b815f31")))
    assert sections["I/1"].title.endswith("hội nhập quốc tế")
    assert "Nâng cao nhận thức" not in sections["I/1"].title


def test_repeated_number_is_kept_with_a_warning(seed_text):
    outline = segment(seed_text("002_33652b52775a5c36"))
    assert [s.label for s in outline.sections] == ["I", "II", "III", "IV", "III"]
    ids = [s.id for s in outline.flat()]
    assert len(ids) == len(set(ids))
    assert outline.sections[4].id == "III#2" and outline.sections[4].children[0].id == "III#2/1"
    assert outline.warnings == ["section III repeated at the top level; kept as written (id III#2)"]


@pytest.mark.parametrize("name", ["000_46efe9ef18f66514", "001_6bd8137022023e84", "003_ef9456cb4b815f31", "004_244997f7a7702c06"])
def test_consistent_seeds_give_no_warnings(seed_text, name):
    assert segment(seed_text(name)).warnings == []


def test_bullets_and_chi_tieu_items_are_not_sections(seed_text):
    sections = _by_path(segment(seed_text("004_244997f7a7702c06")))
    assert sections["I/2/a"].children == []  # its "- Chỉ tiêu 1: …" items
    assert not any("Chỉ tiêu" in s.title for s in sections.values())


@pytest.mark.parametrize("name", SEEDS)
def test_preamble_and_closing_block_are_not_sections(seed_text, name):
    text = seed_text(name)
    outline = segment(text)
    first = outline.sections[0]
    assert first.label == "I"
    assert outline.closing_start is not None
    for section in outline.flat():
        assert section.span[1] <= outline.closing_start
        assert not section.title.startswith(("Nơi nhận", "KT.", "TM.", "Bộ LĐ"))


@pytest.mark.parametrize("name", SEEDS)
def test_spans_nest_and_cover_the_heading(seed_text, name):
    for section in segment(seed_text(name)).flat():
        assert section.span[0] == section.heading_span[0] <= section.title_span[0] <= section.title_span[1] <= section.heading_span[1] <= section.span[1]
        for child in section.children:
            assert section.span[0] < child.span[0] and child.span[1] <= section.span[1]


@pytest.mark.parametrize("name", SEEDS)
def test_heading_and_title_spans_round_trip_to_the_original(seed_document, name):
    document = seed_document(name)
    original = (__import__("pathlib").Path(__file__).parent.parent / "corpus" / f"{name}.txt").read_text(encoding="utf-8")
    for section in document.iter_sections():
        a, b = section.title_span
        assert span_key(original[a:b]) == span_key(section.title)
        a, b = section.heading_span
        heading = fold_markup(original[a:b])
        assert heading.startswith(section.label) and span_key(heading).endswith(span_key(section.title))


# --- the hard cases, beyond the seeds ------------------------------------------------------

def test_i_after_h_is_a_letter_not_roman_one():
    outline = outline_of("I. NHIỆM VỤ\n" + "\n".join(f"{c}) Việc {c}" for c in "abcdđeghik") + "\nII. KINH PHÍ\n")
    assert [p for p, _ in outline] == ["I"] + [f"I/{c}" for c in "abcdđeghik"] + ["II"]


def test_parts_and_capital_letters_sit_above_roman_numerals():
    outline = outline_of(
        "PHẦN I\nĐÁNH GIÁ KẾT QUẢ\nI. KẾT QUẢ\n1. Về y tế\n"
        "Phần thứ hai\nA. MỤC TIÊU\nI. Mục tiêu chung\nB. NHIỆM VỤ\nI. Nhiệm vụ chung\n1. Truyền thông\n"
    )
    assert outline == [
        ("Phần I", "ĐÁNH GIÁ KẾT QUẢ"), ("Phần I/I", "KẾT QUẢ"), ("Phần I/I/1", "Về y tế"),
        ("Phần thứ hai", ""), ("Phần thứ hai/A", "MỤC TIÊU"), ("Phần thứ hai/A/I", "Mục tiêu chung"),
        ("Phần thứ hai/B", "NHIỆM VỤ"), ("Phần thứ hai/B/I", "Nhiệm vụ chung"), ("Phần thứ hai/B/I/1", "Truyền thông"),
    ]


def test_adopting_decision_and_plan_are_both_in_sections():
    outline = outline_of(
        "QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.\nĐiều 2. Quyết định có hiệu lực kể từ ngày ký.\n"
        "Điều 3. Chánh Văn phòng và các đơn vị chịu trách nhiệm thi hành./.\n"
        "Nơi nhận:\n- Như Điều 3;\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An\n"
        "KẾ HOẠCH\nThực hiện Chương trình\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nII. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế: Chủ trì\n"
    )
    assert [p for p, _ in outline] == ["Điều 1", "Điều 2", "Điều 3", "I", "I/1", "II", "II/1"]
    assert outline[2][1] == "Chánh Văn phòng và các đơn vị chịu trách nhiệm thi hành"


def test_a_plan_right_after_the_decision_articles_starts_a_new_tree():
    outline = segment(load_text(
        "QUYẾT ĐỊNH\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\nĐiều 2. Quyết định có hiệu lực.\n"
        "KẾ HOẠCH\nPhòng, chống đuối nước\nI. MỤC TIÊU\n1. Mục tiêu chung\nII. TỔ CHỨC THỰC HIỆN\n"
    ))
    assert [(s.label, s.kind) for s in outline.sections] == [("Điều 1", "other"), ("Điều 2", "other"), ("I", "objectives"), ("II", "implementation")]
    assert outline.sections[1].span[1] <= outline.sections[2].span[0]


def test_decimal_directly_under_roman():
    assert [p for p, _ in outline_of("I. MỤC TIÊU\n1.1. Mục tiêu chung\n1.2. Mục tiêu cụ thể\nII. NHIỆM VỤ\n")] == ["I", "I/1.1", "I/1.2", "II"]


def test_heading_broken_over_two_lines_is_one_heading():
    outline = outline_of("I. KẾT QUẢ\nĐẠT ĐƯỢC\n1. Về giáo dục\nNội dung.\nII. TỒN TẠI\n")
    assert outline == [("I", "KẾT QUẢ ĐẠT ĐƯỢC"), ("I/1", "Về giáo dục"), ("II", "TỒN TẠI")]


def test_label_alone_takes_its_title_from_the_next_line():
    assert outline_of("I.\nMỤC TIÊU\n1.\nMục tiêu chung\nNội dung.\n") == [("I", "MỤC TIÊU"), ("I/1", "Mục tiêu chung")]


def test_chi_tieu_without_bullet_and_plus_bullets_are_not_sections():
    outline = outline_of("I. MỤC TIÊU\nChỉ tiêu 1: Tỷ lệ trẻ em đạt 90%.\n+ Ý một\n- Ý hai\n1. Mục tiêu chung\n")
    assert [p for p, _ in outline] == ["I", "I/1"]


def test_numbering_jump_is_warned():
    outline = segment(load_text("I. A\n1. Một\n2. Hai\n4. Bốn\nII. B\n"))
    assert outline.warnings == ["numbering jumps from 2 to 4 under I"]


def test_signature_lines_are_not_headings():
    outline = outline_of("I. NHIỆM VỤ\n1. Sở Y tế\nNơi nhận:\n- Như trên;\nQ. CHỦ TỊCH\nTM. ỦY BAN NHÂN DÂN\nA. Nguyễn\n")
    assert [p for p, _ in outline] == ["I", "I/1"]


def test_numbers_that_are_not_labels():
    outline = outline_of("I. MỤC TIÊU\n2015. Tỷ lệ\n1.000 trẻ em\n5 - 10% trẻ em\n12/2023 văn bản\nv.v. nội dung\n")
    assert [p for p, _ in outline] == ["I"]


@pytest.mark.parametrize(
    "title, kind",
    [
        ("MỤC ĐÍCH, YÊU CẦU", "purpose"),
        ("Mục tiêu và định hướng đến năm 2030", "objectives"),
        ("NỘI DUNG VÀ GIẢI PHÁP THỰC HIỆN", "tasks"),
        ("NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU", "tasks"),
        ("KINH PHÍ THỰC HIỆN", "funding"),
        ("PHÂN CÔNG TRÁCH NHIỆM, TỔ CHỨC THỰC HIỆN", "implementation"),
        ("CHẾ ĐỘ THÔNG TIN, BÁO CÁO", "reporting"),
        ("KẾT QUẢ THỰC HIỆN GIAI ĐOẠN 2016 - 2020", "other"),
    ],
)
def test_section_kind(title, kind):
    assert section_kind(title) == kind


def test_roman_numerals_are_read_only_in_their_canonical_form():
    from extract.labels import roman_value, to_roman

    assert [roman_value(n) for n in ("I", "IV", "IX", "XIV", "XL", "XLIX", "L")] == [1, 4, 9, 14, 40, 49, 50]
    assert [roman_value(n) for n in ("IIII", "VX", "LL", "LXXXX", "IL")] == [None] * 5
    assert [to_roman(n) for n in (3, 90, 400, 1994)] == ["III", "XC", "CD", "MCMXCIV"]


LABEL_HEADS = ["I", "V", "I .", "V )", "I)", "XL.", "Bộ", "Phòng", "Việc", "I. ", "IV) ", "X- ", "L.", "A. ", "H. ", "PHẦN II",
               "Phần thứ hai", "Điều 3.", "a) ", "đ. ", "1. ", "12) ", "٣. ", "2.1 ", "3- ", "f) ", "Ủ", "ǅ", "x", "*", "- ", "(1)", "•", ""]
LABEL_RESTS = ["", ".", ")", ":", "-", " ", "\t", " I", " thứ hai", " 3", ". ", ") ", "- ", "1", "a"]


def test_the_cheap_label_test_rules_out_only_lines_label_cannot_match():
    lines = [head + a + b for head, a, b in itertools.product(LABEL_HEADS, LABEL_RESTS, LABEL_RESTS)]
    assert [line for line in lines if LABEL.match(line) and not may_start_label(line)] == []


CLOSING_RESTS = ["ơi nhận", "oi nhận", "ƠI NHẬN", "ơi gửi", "M. CHỦ TỊCH", "/M UBND", "T CHỦ TỊCH", "/T GIÁM ĐỐC",
                 "L. BỘ TRƯỞNG", "UQ. CHÁNH", ". CHỦ TỊCH", " CHỦ TỊCH", "TM. UBND"]


def test_every_closing_starts_with_a_character_the_cheap_test_lets_through():
    """find_headings tries CLOSING only on lines starting with CLOSING_FIRST_CHARS."""
    found = {c for c in map(chr, range(0x3000)) for rest in CLOSING_RESTS if CLOSING.match(c + rest)}
    assert found and found <= set(CLOSING_FIRST_CHARS)


def _sections_at_by_walking(outline, pos):
    chain, level = [], outline.sections
    while (inside := next((s for s in level if s.span[0] <= pos < s.span[1]), None)) is not None:
        chain.append(inside)
        level = inside.children
    return chain


@pytest.mark.parametrize("name", SEEDS)
def test_section_at_and_sections_at_find_what_a_walk_down_the_tree_finds(seed_text, name):
    text = seed_text(name)
    outline = segment(text)
    for pos in range(-1, len(text.clean) + 2):
        walked = _sections_at_by_walking(outline, pos)
        assert outline.section_at(pos) is (walked[-1] if walked else None)
        assert outline.sections_at(pos) == walked
