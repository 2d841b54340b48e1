"""Assignments: hand-made implementation sections of other provinces, levels and topics
(text → assignments), the fields of an assignment, and the five seeds against their gold."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from extract.data import load as load_data
from extract.evaluate import assignment_keys
from extract.extractors.assignments import (DASHES, READ_ALIKE, WINDOW, _tokens, _unify_dashes, _vocabulary,
                                           extract_assignments, implementation_sections)
from extract.load import load_text
from extract.segment import segment
from extract.textnorm import span_key

from .conftest import ROOT, SEEDS


def assign(original: str) -> list:
    text = load_text(original)
    outline = segment(text)
    assignments = extract_assignments(text, outline, {})
    for assignment in assignments:  # every span is the mention it names, in the original
        a, b = text.to_original(*assignment.span)
        assert span_key(original[a:b]) == span_key(text.original_text(*assignment.span))
        assert assignment.section_id == outline.section_at(assignment.span[0]).id
    assert [a.id for a in assignments] == [f"a{n}" for n in range(1, len(assignments) + 1)]
    return assignments


def triples(original: str) -> list[tuple]:
    return [(a.agency, a.role, a.agency_level) for a in assign(original)]


# One example per rule: (what it shows, text, expected (agency, role, agency_level) in order).
EXAMPLES = [
    (
        "one agency per numbered heading; an en dash unified; level from the head 'Sở'",
        "III. TỔ CHỨC THỰC HIỆN\n1. Sở Lao động – Thương binh và Xã hội\nChủ trì theo dõi việc thực hiện Kế hoạch.\n"
        "2. Sở Y tế\nHướng dẫn chăm sóc sức khỏe người cao tuổi.\n",
        [("Sở Lao động - Thương binh và Xã hội", "lead", "province"), ("Sở Y tế", "lead", "province")],
    ),
    (
        "two agencies in one heading, both abbreviated",
        "IV. TỔ CHỨC THỰC HIỆN\n3. Sở GD&ĐT, Sở VH-TT&DL\nTổ chức các hoạt động ngoại khóa cho học sinh.\n",
        [("Sở Giáo dục và Đào tạo", "lead", "province"), ("Sở Văn hóa, Thể thao và Du lịch", "lead", "province")],
    ),
    (
        "court and procuracy in one heading, each with its level word",
        "V. TỔ CHỨC THỰC HIỆN\n6. Viện Kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh\nXét xử nghiêm các vụ án.\n",
        [("Viện Kiểm sát nhân dân tỉnh", "lead", "province"), ("Tòa án nhân dân tỉnh", "lead", "province")],
    ),
    (
        "inline 'Agency: tasks'; a radio station abbreviated and a newspaper by shape",
        "IV. TỔ CHỨC THỰC HIỆN\n5. Đài PT-TH tỉnh, Báo Bắc Giang: Mở chuyên mục về bình đẳng giới.\n",
        [("Đài Phát thanh - Truyền hình tỉnh", "lead", "province"), ("Báo Bắc Giang", "lead", "province")],
    ),
    (
        "prose item: the agency that presides ('chủ trì') is lead",
        "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Khoa học và Công nghệ tỉnh chủ trì, phối hợp với Sở Tài chính triển khai "
        "Kế hoạch chuyển đổi số.\n",
        [("Sở Khoa học và Công nghệ tỉnh", "lead", "province")],
    ),
    (
        "'là cơ quan thường trực' after an agency that has no head word in the vocabulary",
        "III. TỔ CHỨC THỰC HIỆN\n1. Công an huyện là cơ quan thường trực của Ban Chỉ đạo.\n"
        "2. Phòng Nội vụ tổng hợp, báo cáo.\n",
        [("Công an huyện", "lead", "district"), ("Phòng Nội vụ", "lead", "district")],
    ),
    (
        "a condition clause before the agencies ('Căn cứ …,'), a collective UBND of communes",
        "II. TỔ CHỨC THỰC HIỆN\n2. Căn cứ nội dung Kế hoạch, Ủy ban nhân dân các xã, phường, thị trấn xây dựng "
        "kế hoạch cụ thể.\n",
        [("Ủy ban nhân dân các xã, phường, thị trấn", "lead", "commune")],
    ),
    (
        "'Đề nghị' makes every agency of the item requested, a second sentence's subject too",
        "IV. TỔ CHỨC THỰC HIỆN\n7. Đề nghị Ủy ban MTTQ Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh tham "
        "gia giám sát. Hội Liên hiệp Phụ nữ tỉnh vận động hội viên thực hiện.\n",
        [("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "requested", "province"),
         ("Các tổ chức chính trị - xã hội tỉnh", "requested", "province"),
         ("Hội Liên hiệp Phụ nữ tỉnh", "requested", "province")],
    ),
    (
        "collective bodies: the sở, ban, ngành (one body) and the UBND of the districts",
        "III. TỔ CHỨC THỰC HIỆN\n1. Các sở, ban, ngành, đoàn thể tỉnh: Căn cứ chức năng, nhiệm vụ triển khai "
        "thực hiện.\n2. UBND các huyện, thị xã, thành phố: Bố trí ngân sách.\n",
        [("Các sở, ban, ngành, đoàn thể tỉnh", "lead", "province"),
         ("Ủy ban nhân dân các huyện, thị xã, thành phố", "lead", "district")],
    ),
    (
        "district plan: dash spacing unified, a place name kept, the MTTQ takes the plan's level",
        "IV. TỔ CHỨC THỰC HIỆN\n1. Phòng Tài chính-Kế hoạch huyện Bảo Thắng\nBố trí kinh phí.\n"
        "2. Đề nghị Ủy ban MTTQ huyện\nTuyên truyền, vận động.\n3. Ủy ban Mặt trận Tổ quốc\nGiám sát.\n",
        [("Phòng Tài chính - Kế hoạch huyện Bảo Thắng", "lead", "district"),
         ("Ủy ban Mặt trận Tổ quốc huyện", "requested", "district"),
         ("Ủy ban Mặt trận Tổ quốc", "lead", "district")],
    ),
    (
        "commune plan after the 2025 reorganisation: bulleted agencies, 'Phòng' of the commune",
        "II. TỔ CHỨC THỰC HIỆN\n- Phòng Văn hóa - Xã hội: Chủ trì tuyên truyền về chuyển đổi số.\n"
        "- Phòng Kinh tế chủ trì hướng dẫn thanh toán trực tuyến.\n"
        "- Văn phòng HĐND và UBND xã tổng hợp, báo cáo kết quả.\n- Công an xã rà soát dữ liệu dân cư.\n"
        "- Các thôn, tổ dân phố: Tuyên truyền tới từng hộ gia đình.\n",
        [("Phòng Văn hóa - Xã hội", "lead", "commune"), ("Phòng Kinh tế", "lead", "commune"),
         ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã", "lead", "commune"), ("Công an xã", "lead", "commune"),
         ("Các thôn, tổ dân phố", "lead", "commune")],
    ),
    (
        "2025 departments: Sở Nội vụ, Sở Nông nghiệp và Môi trường, Phòng Văn hóa - Khoa học và Thông tin",
        "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\nTheo dõi chính sách giảm nghèo.\n2. Sở NN&MT: Hỗ trợ sinh kế.\n"
        "3. Phòng Văn hóa, Khoa học và Thông tin các huyện: Tuyên truyền.\n",
        [("Sở Nội vụ", "lead", "province"), ("Sở Nông nghiệp và Môi trường", "lead", "province"),
         ("Phòng Văn hóa - Khoa học và Thông tin các huyện", "lead", "district")],
    ),
    (
        "agencies the vocabulary does not know, found by their shape",
        "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Ngoại vụ\nVận động tài trợ quốc tế.\n"
        "2. Trung tâm Kiểm soát bệnh tật tỉnh chủ trì tổ chức tiêm chủng.\n"
        "3. Ban Quản lý các khu công nghiệp: Kiểm tra an toàn lao động.\n"
        "4. Trung tâm Bảo trợ xã hội tỉnh: Tiếp nhận trẻ em có hoàn cảnh đặc biệt.\n"
        "5. Bệnh viện Đa khoa tỉnh, Trường Chính trị tỉnh: Tập huấn cho cán bộ.\n",
        [("Sở Ngoại vụ", "lead", "province"), ("Trung tâm Kiểm soát bệnh tật tỉnh", "lead", "province"),
         ("Ban Quản lý các khu công nghiệp", "lead", "province"), ("Trung tâm Bảo trợ xã hội tỉnh", "lead", "province"),
         ("Bệnh viện Đa khoa tỉnh", "lead", "province"), ("Trường Chính trị tỉnh", "lead", "province")],
    ),
    (
        "'Các Sở: X, Y' names one Sở per domain",
        "IV. TỔ CHỨC THỰC HIỆN\n4. Các Sở: Y tế, Giáo dục và Đào tạo, Nội vụ phối hợp kiểm tra bếp ăn trường học.\n",
        [("Sở Y tế", "lead", "province"), ("Sở Giáo dục và Đào tạo", "lead", "province"),
         ("Sở Nội vụ", "lead", "province")],
    ),
    (
        "the UBND hands the task on ('giao'); a position before the agency ('Thủ trưởng')",
        "III. TỔ CHỨC THỰC HIỆN\n1. UBND huyện giao Phòng Y tế chủ trì kiểm tra an toàn thực phẩm.\n"
        "2. Thủ trưởng các cơ quan, đơn vị có liên quan có trách nhiệm phối hợp thực hiện.\n",
        [("Phòng Y tế", "lead", "district"), ("Các cơ quan, đơn vị có liên quan", "lead", "district")],
    ),
    (
        "party bodies: an owner written after the agency ('Ban Tuyên giáo Huyện ủy')",
        "IV. TỔ CHỨC THỰC HIỆN\n5. Đề nghị Ban Tuyên giáo Huyện ủy, Huyện đoàn Mường Khương phối hợp tuyên truyền.\n",
        [("Ban Tuyên giáo Huyện ủy", "requested", "district"), ("Huyện đoàn Mường Khương", "requested", "district")],
    ),
    (
        "implementation section inside a part ('PHẦN II'), the part's other sections ignored",
        "PHẦN I. KẾT QUẢ NĂM 2025\nSở Y tế đã chủ trì tiêm chủng.\nPHẦN II. KẾ HOẠCH NĂM 2026\nI. MỤC TIÊU\n"
        "Giảm tỷ lệ hộ nghèo.\nII. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\nRà soát hộ nghèo.\n",
        [("Sở Nội vụ", "lead", "province")],
    ),
    (
        "implementation as a sub-section of another kind of section",
        "II. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Tăng cường truyền thông\nSở Y tế phối hợp với Báo Lào Cai tuyên truyền.\n"
        "2. Tổ chức thực hiện\na) Trung tâm Kiểm soát bệnh tật tỉnh\nTổ chức tiêm chủng.\n"
        "b) Ủy ban nhân dân các huyện, thị xã, thành phố: Bố trí điểm tiêm.\n",
        [("Trung tâm Kiểm soát bệnh tật tỉnh", "lead", "province"),
         ("Ủy ban nhân dân các huyện, thị xã, thành phố", "lead", "district")],
    ),
    (
        "'Đối với …:' opens an assignment only when a colon closes the agency's name",
        "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế\n- Đối với các đơn vị sự nghiệp y tế, tăng cường kiểm tra.\n"
        "2. Đối với UBND các xã, thị trấn: Tuyên truyền tới người dân.\n",
        [("Sở Y tế", "lead", "province"), ("Ủy ban nhân dân các xã, thị trấn", "lead", "commune")],
    ),
]


@pytest.mark.parametrize("what, original, expected", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_examples(what, original, expected):
    assert triples(original) == expected


# Not assignments: (what it shows, text, the agencies expected — fewer than a naive reading).
NOT_ASSIGNMENTS = [
    (
        "agencies named only in other sections",
        "I. MỤC TIÊU\nSở Y tế phấn đấu giảm tỷ lệ suy dinh dưỡng.\nII. NHIỆM VỤ\n1. Sở Giáo dục và Đào tạo chủ trì "
        "xây dựng trường học an toàn.\nIII. TỔ CHỨC THỰC HIỆN\n1. Phòng Y tế\nHướng dẫn tiêm chủng.\n",
        ["Phòng Y tế"],
    ),
    (
        "a closing paragraph that repeats agencies already assigned",
        "IV. TỔ CHỨC THỰC HIỆN\n1. Các sở, ban, ngành\nTriển khai thực hiện.\n2. UBND các huyện, thành phố\nXây "
        "dựng kế hoạch.\nYêu cầu các sở, ban, ngành và UBND các huyện, thành phố nghiêm túc thực hiện./.\n",
        ["Các sở, ban, ngành", "Ủy ban nhân dân các huyện, thành phố"],
    ),
    (
        "a closing 'Yêu cầu …' paragraph assigns nothing, even under other names; a numbered 'Yêu cầu' item does",
        "III. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính\nBố trí kinh phí.\n2. Yêu cầu UBND các huyện báo cáo kết quả.\n"
        "Yêu cầu Thủ trưởng các cơ quan, đơn vị và Chủ tịch UBND các xã nghiêm túc thực hiện./.\n",
        ["Sở Tài chính", "Ủy ban nhân dân các huyện"],
    ),
    (
        "a paragraph outside the numbered items of the section: the items assign",
        "IV. TỔ CHỨC THỰC HIỆN\nSở Y tế là cơ quan thường trực, giúp UBND tỉnh theo dõi việc thực hiện.\n"
        "1. Sở Y tế\nTổng hợp, báo cáo.\n2. Sở Tài chính\nBố trí kinh phí.\n",
        ["Sở Y tế", "Sở Tài chính"],
    ),
    (
        "partners are not assignments of their own",
        "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Tư pháp\nPhối hợp với Sở Nội vụ, Công an tỉnh và Tòa án nhân dân tỉnh hướng dẫn "
        "trợ giúp pháp lý.\n",
        ["Sở Tư pháp"],
    ),
    (
        "a lead-in to the list below names no agency of its own",
        "III. TỔ CHỨC THỰC HIỆN\nCác cơ quan, đơn vị thực hiện các nhiệm vụ sau:\n"
        "- Sở Xây dựng: Kiểm tra công trình.\n",
        ["Sở Xây dựng"],
    ),
    (
        "a line cut mid-sentence: the agency it starts with is the object of the line before",
        "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Công Thương\nTheo dõi thị trường, định kỳ báo cáo\nỦy ban nhân dân tỉnh kết quả "
        "thực hiện.\n",
        ["Sở Công Thương"],
    ),
    (
        "a line that only lists agencies (a table cell) is not a subject",
        "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Xây dựng\nKiểm tra công trình.\nSở Tài chính, Sở Nội vụ\n",
        ["Sở Xây dựng"],
    ),
    (
        "'Theo dõi' is a verb, not the condition opener 'Theo'; 'Báo cáo' and 'Phòng, chống' are no agencies",
        "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế\nTheo dõi, tổng hợp, báo cáo Chính phủ, Bộ Y tế xem xét.\nBáo cáo "
        "kết quả hằng năm.\nPhòng, chống dịch bệnh.\n",
        ["Sở Y tế"],
    ),
    (
        "an unknown agency in running text needs a known verb after it: where its name ends is a guess",
        "III. TỔ CHỨC THỰC HIỆN\n1. Sở Xây dựng\n- Ban Quản lý dự án đầu tư xây dựng chuyên ngành được sắp xếp lại.\n",
        ["Sở Xây dựng"],
    ),
    (
        "'các Bộ trưởng' are people, not the ministries",
        "III. TỔ CHỨC THỰC HIỆN\n1. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ chỉ đạo thực hiện.\n"
        "2. Bộ Tài chính chủ trì bố trí kinh phí.\n",
        ["Bộ Tài chính"],
    ),
]


@pytest.mark.parametrize("what, original, agencies", NOT_ASSIGNMENTS, ids=[e[0] for e in NOT_ASSIGNMENTS])
def test_not_assignments(what, original, agencies):
    assert [a.agency for a in assign(original)] == agencies


PLAN = (
    "I. MỤC TIÊU\nĐến năm 2030 giảm tỷ lệ trẻ em bị xâm hại.\n"
    "II. PHÂN CÔNG TRÁCH NHIỆM\n"
    "1. Phòng Lao động - Thương binh và Xã hội\n"
    "- Là cơ quan thường trực, chủ trì, phối hợp với Huyện đoàn, UBND các xã, thị trấn thực hiện Kế hoạch.\n"
    "- Chủ trì theo dõi các chỉ tiêu 1, 3 và 5 đến 7 của Kế hoạch.\n"
    "2. Phòng Y tế: Chủ trì thực hiện chỉ tiêu số 2. Phối hợp các đơn vị có liên quan kiểm tra.\n"
)


def test_tasks_are_the_item_sentences():
    first, second = assign(PLAN)
    assert first.tasks == [
        "Là cơ quan thường trực, chủ trì, phối hợp với Huyện đoàn, UBND các xã, thị trấn thực hiện Kế hoạch.",
        "Chủ trì theo dõi các chỉ tiêu 1, 3 và 5 đến 7 của Kế hoạch.",
    ]
    assert second.tasks == ["Chủ trì thực hiện chỉ tiêu số 2.", "Phối hợp các đơn vị có liên quan kiểm tra."]


def test_a_sentence_without_its_own_agency_is_a_task_of_every_agency_of_its_item():
    first, second = assign(
        "IV. TỔ CHỨC THỰC HIỆN\n2. Đề nghị Hội Nông dân tỉnh vận động hội viên. Hội Cựu chiến binh tỉnh tham gia "
        "giám sát. Định kỳ báo cáo kết quả.\nYêu cầu các đơn vị nghiêm túc thực hiện./.\n"
    )
    assert first.tasks == ["Đề nghị Hội Nông dân tỉnh vận động hội viên.", "Định kỳ báo cáo kết quả."]
    assert second.tasks == ["Hội Cựu chiến binh tỉnh tham gia giám sát.", "Định kỳ báo cáo kết quả."]


def test_a_line_cut_mid_sentence_is_joined_to_its_task():
    (only,) = assign("IV. TỔ CHỨC THỰC HIỆN\n1. Sở Công Thương\nTheo dõi thị trường, định kỳ báo cáo\nỦy ban nhân "
                     "dân tỉnh kết quả thực hiện.\n")
    assert only.tasks == ["Theo dõi thị trường, định kỳ báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện."]


def test_partners_are_canonical_and_leave_out_the_agency_itself():
    first, second = assign(PLAN)
    assert first.partners == ["Huyện đoàn", "Ủy ban nhân dân các xã, thị trấn"]
    assert second.partners == ["Các đơn vị có liên quan"]


def test_indicator_numbers_lists_and_ranges():
    first, second = assign(PLAN)
    assert first.indicator_numbers == [1, 3, 5, 6, 7]
    assert second.indicator_numbers == [2]


def test_span_is_the_agency_mention_and_section_the_item():
    first, second = assign(PLAN)
    text = load_text(PLAN)
    assert text.original_text(*first.span) == "Phòng Lao động - Thương binh và Xã hội"
    assert text.original_text(*second.span) == "Phòng Y tế"
    assert (first.section_id, second.section_id) == ("II/1", "II/2")


def test_no_implementation_section_no_assignments():
    assert assign("I. MỤC TIÊU\nSở Y tế chủ trì.\nII. NHIỆM VỤ\n1. Sở Tài chính bố trí kinh phí.\n") == []


def test_an_adopting_decisions_articles_are_not_the_plan():
    text = load_text("Điều 3. Tổ chức thực hiện\nChánh Văn phòng UBND tỉnh, Giám đốc Sở Y tế chịu trách nhiệm "
                     "thi hành.\n")
    assert implementation_sections(segment(text)) == []


@pytest.mark.parametrize("kind", ["domain", "agency"])
def test_every_vocabulary_spelling_reads_as_its_canonical_name(kind):
    """The vocabulary is data: each variant written after a head (or alone) gives the name."""
    for item in load_data("agencies.toml")[kind]:
        for spelling in [item["name"], *item.get("variants", [])]:
            written = f"Sở {spelling}" if kind == "domain" else spelling
            expected = f"Sở {item['name']}" if kind == "domain" else item["name"]
            found = triples(f"IV. TỔ CHỨC THỰC HIỆN\n1. {written}\nThực hiện Kế hoạch.\n")
            assert [agency for agency, _, _ in found] == [expected], spelling


def test_the_matcher_is_built_once():
    assert _vocabulary() is _vocabulary()
    tokens = _tokens("Sở LĐ–TB&XH", 0, len("Sở LĐ–TB&XH"))
    assert tokens.words == ["Sở", "LĐ", "-", "TB", "&", "XH"]  # the en dash is read as "-"


@pytest.mark.parametrize("name", SEEDS)
def test_seed_assignments_match_gold(name):
    gold = json.loads((ROOT / "gold" / f"{name}.json").read_text(encoding="utf-8"))["assignments"]
    found = assign((ROOT / "corpus" / f"{name}.txt").read_text(encoding="utf-8"))
    keys = lambda items: Counter(assignment_keys(a)["strict"] for a in items)  # noqa: E731
    assert keys([a.model_dump() for a in found]) == keys(gold)


PHRASE_WORDS = sorted({word for _, words in _vocabulary().entries for word in words})
CASES = [str.lower, str.upper, str.title]
written_phrase_word = st.builds(lambda word, case: case(word), st.sampled_from(PHRASE_WORDS), st.sampled_from(CASES))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(written_phrase_word, st.text(max_size=6)), max_size=30))
def test_the_matcher_finds_in_the_vocabularys_words_what_it_finds_in_the_texts(pieces):
    """The matcher is handed the vocabulary's own words (by lower-case form) for speed: it
    must find the very matches it finds in the words as written."""
    text = " ".join(pieces)
    tokens = _tokens(text, 0, len(text))
    vocabulary = _vocabulary()
    as_written = vocabulary.matcher(Doc(vocabulary.vocab, words=tokens.words))
    assert sorted(vocabulary.matches(tokens.lower)) == sorted(as_written)


def test_re_reads_words_and_white_space_as_regex_does_on_every_character_of_read_alike():
    import re

    import regex
    alike = re.compile(f"[{READ_ALIKE}]")
    classes = [(re.compile(p), regex.compile(p)) for p in (r"\w", r"\s")]
    for char in map(chr, range(0x2800)):
        if alike.match(char):
            assert all(bool(fast.match(char)) == bool(slow.match(char)) for fast, slow in classes), hex(ord(char))


PHRASES = sorted({" ".join(words) for _, words in _vocabulary().entries})
LONG_PHRASES = [phrase for phrase in PHRASES if len(phrase.split()) > 5]  # the ones a window may cut short
written_phrase = st.builds(lambda phrase, case: case(phrase), st.sampled_from(PHRASES) | st.sampled_from(LONG_PHRASES),
                           st.sampled_from(CASES))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(written_phrase, written_phrase_word, st.text(max_size=6)), max_size=40), st.randoms())
def test_phrases_matched_window_by_window_are_those_of_the_whole_text(pieces, random):
    """Tokens match a window of words when a phrase is first asked for there: asked in any
    order, each token must have the longest phrase of each label that the whole text has."""
    text = " ".join(pieces)
    tokens = _tokens(text, 0, len(text))
    vocabulary = _vocabulary()
    longest: dict[tuple[str, int], int] = {}
    for match_id, first, after in vocabulary.matches(tokens.lower):
        label = vocabulary.labels[match_id]
        if label != "PLACE" or tokens.words[first][0].isupper():
            longest[(label, first)] = max(longest.get((label, first), 0), after)
    asked = [(label, i) for label in vocabulary.first_words for i in range(len(tokens.words) + 2)]
    random.shuffle(asked)
    for label, i in asked:
        tag = tokens.tag(i, label)
        assert (tag and tag.end) == longest.get((label, i)), (label, i)
    for label in vocabulary.first_words:
        assert [tag.end for tag in tokens.tagged(label, 0, len(tokens.words))] == [
            end for (of, _), end in sorted(longest.items(), key=lambda item: item[0][1]) if of == label]


@pytest.mark.parametrize("label, words", [(label, words) for label, words in _vocabulary().entries if len(words) > 5])
def test_a_window_holds_every_long_phrase_that_starts_in_it(label, words):
    """A phrase asked for at any token of a window already matched is found whole."""
    for offset in range(WINDOW + 1):
        tokens = _tokens(" ".join([words[0]] * offset + list(words)), 0, 10_000)
        tokens.tag(0, label)  # matches the window from the first token
        tag = tokens.tag(offset, label)
        assert tag and tag.end == offset + len(words), offset


@given(st.text(alphabet=st.sampled_from("–—‐‑−-a ")) | st.text())
def test_every_dash_is_read_as_a_hyphen(text):
    import regex
    assert _unify_dashes(text) == regex.sub(f"[{DASHES}]", "-", text)
