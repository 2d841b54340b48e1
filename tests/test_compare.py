"""compare over the five seeds: the nutrition and child-friendly commitments of Tuyên
Quang, Sóc Trăng and Tân Yên side by side; who answers for which indicator; the chart."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from extract import compare
from extract.cli import main
from extract.pipeline import extract_file

from .conftest import CORPUS, SEEDS


@pytest.fixture(scope="module")
def documents():
    return [extract_file(CORPUS / f"{seed}.txt") for seed in SEEDS]


def cells(table, code):
    row = next(r for r in table.rows if r[0] == code)
    return dict(zip(table.header[2:], row[2:]))


def test_the_three_plans_commitments_side_by_side(documents):
    table = compare.commitments(documents)
    assert table.header[2:] == ["Tuyên Quang", "002_33652b52775a5c36", "Sóc Trăng", "Bắc Giang / Tân Yên"]
    assert {k: v for k, v in cells(table, "nutrition.stunting_u5").items() if v} == {
        "Tuyên Quang": "< 18% (2015); < 15% (2020)", "Sóc Trăng": "< 26% (2015); < 23% (2020)",
        "Bắc Giang / Tân Yên": "= 17% (2025); < 15% (2030)"}
    assert {k: v for k, v in cells(table, "nutrition.underweight_u5").items() if v} == {
        "Tuyên Quang": "< 15% (2015); < 10% (2020)", "Sóc Trăng": "< 15% (2015); < 10% (2020)",
        "Bắc Giang / Tân Yên": "< 10% (2025); < 8% (2030)"}
    assert {k: v for k, v in cells(table, "communes.child_friendly").items() if v} == {
        "Tuyên Quang": "= 70% (2015); = 80% (2020)", "Sóc Trăng": "= 100% (2020)",
        "Bắc Giang / Tân Yên": "= 82% (2025); = 86% (2030)"}


def test_filters_by_indicator_and_year(documents):
    table = compare.commitments(documents, indicator="nutrition.stunting_u5", year=2020)
    assert table.header == ["indicator_code", "indicator", "Tuyên Quang", "Sóc Trăng"]
    assert table.rows[0][2:] == ["< 15% (2020)", "< 23% (2020)"]


def test_who_answers_for_which_indicator(documents):
    table = compare.responsibilities(documents)
    assert table.header[3:] == ["Bắc Giang / Tân Yên"]  # the one plan that numbers its indicators
    roles = {(r[0], r[2]): r[3] for r in table.rows}
    assert roles[("nutrition.stunting_u5", "Phòng Y tế")] == "lead"
    assert roles[("communes.child_friendly", "Phòng Lao động - Thương binh và Xã hội")] == "lead"


def test_the_cli_prints_saves_and_draws(tmp_path):
    out, chart = tmp_path / "cmp", tmp_path / "stunting.svg"
    folder = tmp_path / "docs"
    CliRunner().invoke(main, ["run", str(CORPUS), "-o", str(folder)])
    result = CliRunner().invoke(main, ["compare", str(folder), "--indicator", "nutrition.stunting_u5",
                                       "--chart", str(chart), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "< 26% (2015);" in result.output and "Sóc Trăng" in result.output
    assert (out / "commitments.md").read_text(encoding="utf-8").startswith("## Commitments by indicator")
    assert "nutrition.stunting_u5" in (out / "commitments.csv").read_text(encoding="utf-8")
    svg = chart.read_text(encoding="utf-8")
    assert "<svg" in svg and "Sóc Trăng" in svg and "Tuyên Quang" in svg
    html = tmp_path / "stunting.html"
    CliRunner().invoke(main, ["compare", str(folder), "--indicator", "nutrition.stunting_u5", "--chart", str(html),
                              "-o", str(out)])
    assert html.read_text(encoding="utf-8").startswith("<!doctype html>")
    missing = CliRunner().invoke(main, ["compare", str(folder), "--chart", str(chart)])
    assert missing.exit_code == 2 and "give --indicator CODE" in missing.output


def test_the_printed_table_keeps_qualifiers_in_square_brackets(tmp_path):
    """rich reads "[nông thôn]" as markup and drops it unless the cells are plain text."""
    folder = tmp_path / "docs"
    CliRunner().invoke(main, ["run", str(CORPUS / f"{SEEDS[4]}.txt"), "-o", str(folder)])
    result = CliRunner().invoke(main, ["compare", str(folder), "--indicator", "nutrition.overweight_obesity",
                                       "-o", str(tmp_path / "cmp")])
    assert result.exit_code == 0, result.output
    printed = " ".join(result.output.split())
    assert "[nông thôn]" in printed and "[thành thị]" in printed
