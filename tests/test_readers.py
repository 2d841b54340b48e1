"""DOCX, PDF and HTML files, built by the tests from the seeds, read to the same items as
the seed's own text; Word numbering, tables and page furniture."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from extract.load import LoadError, load
from extract.pipeline import extract_file
from extract.schema import validate
from extract.textnorm import fold_markup

from .conftest import CORPUS, SEEDS

SEED = CORPUS / f"{SEEDS[4]}.txt"  # Tân Yên: 65 targets, citations, a markdown heading or two


def seed_lines(path: Path = SEED) -> list[str]:
    """The seed as a person would type it into Word: one paragraph per line, no markdown."""
    return [fold_markup(line).strip() for line in path.read_text(encoding="utf-8").splitlines()]


def items(document) -> tuple[list, list]:
    targets = [(t.indicator_code, t.comparator, t.value, t.unit, t.year) for t in document.targets]
    citations = [(c.doc_type, c.code, c.date) for c in document.citations]
    return targets, citations


@pytest.fixture(scope="module")
def seed_items():
    return items(extract_file(SEED))


def make_docx(path: Path, lines: list[str]) -> Path:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)
    return path


def unicode_font() -> Path:
    """A TrueType font with Vietnamese letters: matplotlib's DejaVu Sans, else the system's."""
    candidates = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")]
    try:
        import matplotlib

        candidates.insert(0, Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")
    except ImportError:
        pass
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    pytest.fail("no DejaVu Sans font to write a Vietnamese PDF with (install matplotlib or fonts-dejavu-core)")


def make_pdf(path: Path, lines: list[str]) -> Path:
    """A real page layout: A4, 11 pt, lines wrapped at the margin, a page number on each page."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(unicode_font()))
    pdf.set_font("DejaVu", size=11)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for line in lines:
        if line:
            pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(3)
    pdf.output(str(path))
    return path


def test_a_docx_made_from_a_seed_gives_the_seeds_targets_and_citations(tmp_path, seed_items):
    document = extract_file(make_docx(tmp_path / "plan.docx", seed_lines()))
    assert document.source.format == "docx" and document.source.encoding is None
    assert items(document) == seed_items
    assert [s.label for s in document.sections] == ["I", "II", "III", "IV", "V"]
    validate(document.model_dump(mode="json"))


def test_docx_spans_point_into_the_extracted_text_saved_in_the_output(tmp_path):
    document = extract_file(make_docx(tmp_path / "plan.docx", seed_lines()))
    text = document.source.text
    assert text is not None and document.source.chars == len(text)
    for target in document.targets:
        assert target.text == fold_markup(text[target.span[0]:target.span[1]])


def test_word_numbering_is_written_out(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Mục tiêu chung", style="List Number")
    document.add_paragraph("Nâng cao chất lượng chăm sóc trẻ em.")
    document.add_paragraph("Mục tiêu cụ thể", style="List Number")
    document.add_paragraph("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi giảm xuống dưới 20% vào năm 2025.",
                           style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Chỉ tiêu", "Năm 2025"
    table.cell(1, 0).text, table.cell(1, 1).text = "Tỷ lệ tiêm chủng", "95%"
    document.save(tmp_path / "numbered.docx")
    text = load(tmp_path / "numbered.docx").original
    assert text.splitlines() == [
        "KẾ HOẠCH", "1. Mục tiêu chung", "Nâng cao chất lượng chăm sóc trẻ em.", "2. Mục tiêu cụ thể",
        "- Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi giảm xuống dưới 20% vào năm 2025.",
        "Chỉ tiêu | Năm 2025", "Tỷ lệ tiêm chủng | 95%"]


def test_a_pdf_made_from_a_seed_gives_the_seeds_targets_and_citations(tmp_path, seed_items):
    document = extract_file(make_pdf(tmp_path / "plan.pdf", seed_lines()))
    assert document.source.format == "pdf"
    assert items(document) == seed_items
    validate(document.model_dump(mode="json"))


def test_html_body_is_read_without_navigation_and_tables_flattened(tmp_path, seed_items):
    paragraphs = "".join(f"<p>{line}</p>\n" for line in seed_lines())
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Kế hoạch</title>"
        "<style>p { color: red }</style><script>var x = 'Nghị định số 99/2099/NĐ-CP';</script></head><body>"
        "<nav><a href='/'>Trang chủ</a> | <a href='/vb'>Văn bản</a></nav>"
        f"<main><div class='content'>{paragraphs}"
        "<table><tr><th>Chỉ tiêu</th><th>Năm 2025</th></tr><tr><td>Tỷ lệ <b>tiêm chủng</b></td><td>95%</td></tr></table>"
        "</div></main><footer>© Cổng thông tin</footer></body></html>"
    )
    (tmp_path / "plan.html").write_text(page, encoding="utf-8")
    document = extract_file(tmp_path / "plan.html")
    assert items(document) == seed_items
    text = document.source.text
    assert "Trang chủ" not in text and "99/2099" not in text and "Cổng thông tin" not in text
    assert "Chỉ tiêu | Năm 2025\nTỷ lệ tiêm chủng | 95%" in text


def test_html_in_a_legacy_charset_is_decoded_from_its_meta(tmp_path):
    # Windows-1258 writes tones as combining marks: "ế" is "ê" + U+0301
    page = "<html><head><meta charset='windows-1258'></head><body><p>Kê\u0301 hoa\u0323ch sô\u0301 12/KH-UBND</p></body></html>"
    (tmp_path / "old.htm").write_bytes(page.encode("cp1258"))
    assert load(tmp_path / "old.htm").clean.strip() == "Kế hoạch số 12/KH-UBND"


@pytest.mark.parametrize("suffix, make", [(".docx", make_docx), (".pdf", make_pdf)])
def test_a_truncated_file_gives_a_clear_error(tmp_path, suffix, make):
    whole = make(tmp_path / f"whole{suffix}", seed_lines()[:40]).read_bytes()
    broken = tmp_path / f"broken{suffix}"
    broken.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(LoadError) as error:
        load(broken)
    assert str(error.value).startswith(f"{broken}: is not a readable")


def test_a_docx_zip_bomb_is_refused_before_it_is_expanded(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\0" * 1_000_000
            for _ in range(120):  # 120 MB of zeros, about 120 KB compressed
                member.write(chunk)
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(LoadError, match=r"bomb.docx: would expand to 120 MB, over the 50 MB limit \(a zip bomb\?\)"):
        load(bomb)
    with pytest.raises(LoadError, match=r"compressed \d+:1 \(a zip bomb\?\)"):
        load(bomb, max_bytes=500_000_000)


def test_a_pdf_without_a_text_layer_is_named(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)  # a drawing, no text: what a scan looks like to a reader
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(LoadError, match="scan.pdf: is a PDF without a text layer"):
        load(tmp_path / "scan.pdf")


def test_a_docx_that_is_not_a_zip_is_named(tmp_path):
    (tmp_path / "fake.docx").write_bytes(b"KE HOACH " * 100)
    with pytest.raises(LoadError, match="fake.docx: is not a readable .docx file"):
        load(tmp_path / "fake.docx")
