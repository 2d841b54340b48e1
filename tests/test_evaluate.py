"""The evaluator: keys, multiset matching, scores, metadata, errors, baseline, thresholds."""

from __future__ import annotations

import copy
import json

import pytest

from extract import evaluate as ev
from extract.schema import validate

# ----------------------------------------------------------------- small contract documents

SOURCE = {"path": "corpus/x.txt", "sha256": "0" * 64, "chars": 5000, "format": "txt"}


def section(sid, path, title, children=()):
    return {
        "id": sid, "path": list(path), "label": path[-1], "style": "roman" if len(path) == 1 else "arabic",
        "level": len(path), "title": title, "span": [0, 100], "heading_span": [0, 20],
        "children": list(children),
    }


def target(tid, value, year, *, unit="%", comparator="<", change="to", section_id="s1-1", text=None):
    return {
        "id": tid, "section_id": section_id, "text": text or f"dưới {value}{unit or ''} vào năm {year}",
        "span": [200, 240], "indicator": "tỷ lệ suy dinh dưỡng", "direction": "decrease",
        "change": change, "comparator": comparator, "value": value, "unit": unit, "year": year,
    }


def citation(cid, code, date, *, doc_type="Chỉ thị", title=None, mention=None):
    return {
        "id": cid, "doc_type": doc_type, "code": code, "date": date, "title": title,
        "mentions": [{"text": mention or f"{doc_type} số {code}", "span": [10, 30]}],
    }


def deadline(did, kind, value, recurrence=None):
    return {"id": did, "section_id": "s2", "text": f"hạn {value}", "span": [300, 320],
            "kind": kind, "value": value, "recurrence": recurrence}


def assignment(aid, agency, role="lead"):
    return {"id": aid, "section_id": "s2", "span": [400, 450], "agency": agency, "role": role}


def document(doc_id="doc_a"):
    """A prediction-valid document with two or more items of every type."""
    data = {
        "schema_version": "1.0",
        "doc_id": doc_id,
        "source": SOURCE,
        "metadata": {
            "doc_type": "Kế hoạch", "number": "138/KH-UBND", "province": "Quảng Nam",
            "district": None, "admin_level": "province", "issued_date": "2021-08",
            "period": {"start": 2021, "end": 2030}, "signer": {"name": "Ngô Quốc Hưng"},
        },
        "sections": [
            section("s1", ["I"], "Mục tiêu", [section("s1-1", ["I", "1"], "Mục tiêu cụ thể")]),
            section("s2", ["II"], "Tổ chức thực hiện"),
        ],
        "targets": [target("t1", 18, 2015), target("t2", 15, 2020), target("t3", 9.5, 2025, unit="per 1000")],
        "citations": [
            citation("c1", "20-CT/TW", "2012-11-05"),
            citation("c2", "1555/QĐ-TTg", "2012-10-17", doc_type="Quyết định"),
            citation("c3", None, None, doc_type="Luật", title="Luật Trẻ em", mention="Luật Trẻ em"),
        ],
        "deadlines": [deadline("d1", "date", "XXXX-11-20", "P1Y"), deadline("d2", "recurring", "P6M", "P6M")],
        "assignments": [
            assignment("a1", "Sở Lao động - Thương binh và Xã hội"),
            assignment("a2", "Ủy ban nhân dân các huyện, thành phố"),
            assignment("a3", "Viện Kiểm sát nhân dân tỉnh", role="requested"),
        ],
    }
    validate(data)  # the builders themselves must follow the contract
    return data


def run(gold_docs, pred_docs):
    return ev.evaluate({d["doc_id"]: d for d in gold_docs}, {d["doc_id"]: d for d in pred_docs})


def score(result, item_type, mode="strict"):
    return result.scores[item_type][mode]


def write(folder, docs):
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        (folder / f"{doc['doc_id']}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return folder


# ----------------------------------------------------------------- scores


def test_a_perfect_prediction_scores_one_everywhere():
    gold = document()
    result = run([gold], [copy.deepcopy(gold)])
    for scores in (result.scores, result.documents["doc_a"].scores):
        for item_type in (*ev.TYPES, ev.ALL):
            for mode in ev.MODES:
                s = scores[item_type][mode]
                assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0), (item_type, mode)
                assert s.tp == s.gold == s.pred > 0
    assert score(result, ev.ALL).gold == 3 + 3 + 3 + 2 + 3  # sections flattened: I, I/1, II
    assert all(acc.accuracy == 1.0 for f, acc in result.metadata.items() if f != "district")


@pytest.mark.parametrize("item_type", ev.TYPES)
def test_dropping_one_item_lowers_recall_by_exactly_one_item(item_type):
    gold = document()
    pred = copy.deepcopy(gold)
    if item_type == "sections":
        pred["sections"].pop()  # "II"
    else:
        pred[item_type].pop()
    result = run([gold], [pred])
    for mode in ev.MODES:
        s = score(result, item_type, mode)
        assert s.tp == s.gold - 1 and s.pred == s.gold - 1
        assert s.recall == (s.gold - 1) / s.gold
        assert s.precision == 1.0
    for other in ev.TYPES:
        if other != item_type:
            assert score(result, other).f1 == 1.0


def test_an_extra_prediction_lowers_precision_by_exactly_one_item():
    gold = document()
    pred = copy.deepcopy(gold)
    pred["targets"].append(target("t9", 100, 2030, comparator="=", change="to"))
    s = score(run([gold], [pred]), "targets")
    assert (s.gold, s.pred, s.tp) == (3, 4, 3)
    assert s.precision == 3 / 4 and s.recall == 1.0
    assert s.f1 == pytest.approx(2 * 0.75 / 1.75)


def test_duplicates_are_matched_as_a_multiset():
    gold, pred = document(), document()
    gold["targets"] = [target("t1", 18, 2015), target("t2", 18, 2015)]
    pred["targets"] = [target("t1", 18, 2015)]
    result = run([gold], [pred])
    s = score(result, "targets")
    assert (s.gold, s.pred, s.tp) == (2, 1, 1) and s.recall == 0.5 and s.precision == 1.0
    items = result.documents["doc_a"].items["targets"]
    assert [i.matched["strict"] for i in items.gold] == [True, False]
    # and the other way round: two predicted, one gold -> one false positive
    s = score(run([pred], [gold]), "targets")
    assert (s.gold, s.pred, s.tp) == (1, 2, 1) and s.precision == 0.5


def _break(doc, item_type):
    """One change per type that the strict key sees and the lenient key does not."""
    if item_type == "sections":
        doc["sections"][1]["title"] = "Kinh phí thực hiện"  # path "II" unchanged
    elif item_type == "targets":
        doc["targets"][0]["comparator"] = "<="  # value 18, year 2015 unchanged
    elif item_type == "assignments":
        doc["assignments"][0]["role"] = "coordinate"
    elif item_type == "citations":
        doc["citations"][0]["date"] = "2012-11-06"


@pytest.mark.parametrize("item_type", ["sections", "targets", "assignments", "citations"])
def test_strict_misses_what_lenient_matches(item_type):
    gold, pred = document(), document()
    _break(pred, item_type)
    result = run([gold], [pred])
    strict, lenient = score(result, item_type, "strict"), score(result, item_type, "lenient")
    assert lenient.tp == lenient.gold and lenient.f1 == 1.0
    assert strict.tp == strict.gold - 1
    errors = ev.list_errors(result, modes=("strict",))
    assert [(e.type, e.kind) for e in errors] == [(item_type, "miss"), (item_type, "false_positive")]
    assert all(e.other_mode_matched for e in errors)


def test_deadlines_have_one_key_for_both_modes():
    gold, pred = document(), document()
    pred["deadlines"][0]["recurrence"] = None
    result = run([gold], [pred])
    assert score(result, "deadlines", "strict").tp == 1 and score(result, "deadlines", "lenient").tp == 1


def test_unit_classes():
    assert ev.unit_class("%") == "%"
    assert ev.unit_class("per 4000") == "per 4000" and ev.unit_class("per 1.000") == "per 1000"
    assert ev.unit_class(None) is None
    assert ev.unit_class("count") == ev.unit_class("trẻ em") == "count"
    gold, pred = document(), document()
    pred["targets"][2]["unit"] = "per 4000"  # gold: per 1000
    pred["targets"][2]["value"] = 9.5000000001  # rounding keeps the value equal
    result = run([gold], [pred])
    assert score(result, "targets", "strict").tp == 2 and score(result, "targets", "lenient").tp == 3


def test_normalisation_does_not_cause_misses():
    gold, pred = document(), document()
    pred["sections"][1]["title"] = "**TỔ CHỨC THỰC HIỆN:**"
    pred["assignments"][1]["agency"] = "**Uỷ ban nhân dân** các huyện, thành phố."
    pred["citations"][0]["code"] = "20-ct/ tw"
    pred["citations"][2]["title"] = "luật trẻ em"
    pred["metadata"]["province"] = "QUẢNG NAM"
    pred["metadata"]["signer"]["name"] = "*Ngô Quốc Hưng*"
    result = run([gold], [pred])
    for item_type in ev.TYPES:
        assert score(result, item_type).f1 == 1.0, item_type
    assert result.metadata["province"].accuracy == 1.0 and result.metadata["signer.name"].accuracy == 1.0


def test_gold_without_spans_and_ids_still_matches():
    gold = document()
    for item_type in ("targets", "deadlines", "assignments"):
        for item in gold[item_type]:
            del item["id"], item["span"], item["section_id"]
    for s in ev.flatten_sections(gold["sections"]):
        del s["id"], s["span"], s["heading_span"]
    del gold["source"]
    validate(gold, gold=True)
    result = run([gold], [document()])
    assert score(result, ev.ALL).f1 == 1.0


def test_edge_cases_of_empty_lists():
    gold, pred = document(), document()
    gold["deadlines"], pred["deadlines"] = [], []
    gold["citations"], pred["targets"] = [], []
    result = run([gold], [pred])
    empty = score(result, "deadlines")
    assert (empty.precision, empty.recall, empty.f1) == (1.0, 1.0, 1.0)
    invented = score(result, "citations")  # nothing in gold, three predicted
    assert (invented.precision, invented.recall, invented.f1) == (0.0, 0.0, 0.0)
    missed = score(result, "targets")  # three in gold, nothing predicted
    assert (missed.precision, missed.recall, missed.f1) == (0.0, 0.0, 0.0)


def test_corpus_scores_are_micro_averaged_and_missing_predictions_count_as_empty():
    a, b = document("doc_a"), document("doc_b")
    b["targets"] = [target("t1", 1, 2020)]
    extra = document("doc_z")
    result = run([a, b], [copy.deepcopy(a), extra])
    assert result.missing_predictions == ["doc_b"]
    assert result.predictions_without_gold == ["doc_z"]
    s = score(result, "targets")
    assert (s.gold, s.pred, s.tp) == (4, 3, 3) and s.recall == 0.75
    assert result.documents["doc_b"].prediction_missing
    assert result.documents["doc_b"].scores["targets"]["strict"].f1 == 0.0
    total = score(result, ev.ALL)
    assert total.gold == sum(score(result, t).gold for t in ev.TYPES)
    assert total.tp == sum(score(result, t).tp for t in ev.TYPES)


# ----------------------------------------------------------------- metadata


def test_metadata_accuracy_counts_only_documents_where_gold_has_the_field():
    a, b, c = document("doc_a"), document("doc_b"), document("doc_c")
    b["metadata"]["province"] = None
    b["metadata"]["period"] = None
    pred_a, pred_b, pred_c = document("doc_a"), document("doc_b"), document("doc_c")
    pred_b["metadata"]["province"] = "Hà Nội"  # not scored: gold has no province
    pred_b["metadata"]["period"] = {"start": 2000, "end": 2001}  # not scored either
    pred_c["metadata"]["period"] = {"start": 2021, "end": 2025}  # scored and wrong
    pred_c["metadata"]["number"] = None  # scored and wrong
    result = run([a, b, c], [pred_a, pred_b, pred_c])
    assert result.metadata["province"].model_dump() == {"scored": 2, "correct": 2, "accuracy": 1.0}
    assert result.metadata["period"].model_dump() == {"scored": 2, "correct": 1, "accuracy": 0.5}
    assert result.metadata["number"].scored == 3 and result.metadata["number"].correct == 2
    assert result.metadata["district"].model_dump() == {"scored": 0, "correct": 0, "accuracy": None}
    assert "province" not in result.documents["doc_b"].metadata


# ----------------------------------------------------------------- errors and reports


def test_errors_name_key_text_and_place():
    gold, pred = document(), document()
    del pred["targets"][0]
    pred["assignments"].append(assignment("a9", "Sở Y tế"))
    errors = ev.list_errors(run([gold], [pred]), modes=("strict",))
    miss, fp = errors
    assert (miss.type, miss.kind, miss.key, miss.section, miss.span) == (
        "targets", "miss", (18, "%", 2015, "<", "to"), "I/1", (200, 240))
    assert miss.text == "dưới 18% vào năm 2015"
    assert (fp.type, fp.kind, fp.key, fp.text, fp.section) == (
        "assignments", "false_positive", ("sở y tế", "lead"), "Sở Y tế", "II")


def test_text_report_has_aligned_rows_metadata_and_errors():
    gold, pred = document(), document()
    del pred["targets"][0]
    result = run([gold], [pred])
    text = ev.render_report(result, by_doc=True, errors=True)
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("type"))
    targets_row = next(line for line in lines if line.startswith("targets"))
    assert targets_row.split() == ["targets", "3", "2", "2", "1.000", "0.667", "0.800", "2", "1.000", "0.667", "0.800"]
    assert len(targets_row) == len(header)  # right-aligned numbers end where the header ends
    assert any(line.startswith("all ") for line in lines)
    assert any(line.split()[:4] == ["province", "1", "1", "1.000"] for line in lines if line.strip())
    assert "== doc_a" in text
    assert "MISS [18 | % | 2015 | < | to] at §I/1 [200:240]: dưới 18% vào năm 2015" in text
    assert ev.render_report(result) == ev.render_report(run([gold], [pred]))  # stable


# ----------------------------------------------------------------- baseline


def test_baseline_comparison_reports_improvements_and_regressions_item_by_item():
    gold = document()
    before = document()
    before["targets"][0]["year"] = 2016  # a miss (and a false positive) in the baseline
    after = document()
    after["assignments"][0]["role"] = "coordinate"  # new strict miss + false positive
    after["metadata"]["province"] = "Đà Nẵng"  # a metadata regression
    baseline = run([gold], [before])
    saved = json.loads(json.dumps(baseline.to_dict(), ensure_ascii=False))  # as saved by --json
    comparison = ev.compare_results(ev.load_result(saved), run([gold], [after]))

    improved = {(c.type, c.mode, c.kind, tuple(c.key)) for c in comparison.improved}
    assert improved == {
        ("targets", "strict", "miss", (18, "%", 2015, "<", "to")),
        ("targets", "strict", "false_positive", (18, "%", 2016, "<", "to")),
        ("targets", "lenient", "miss", (18, 2015)),
        ("targets", "lenient", "false_positive", (18, 2016)),
    }
    worse = {(c.type, c.mode, c.kind, tuple(c.key)) for c in comparison.worse}
    assert worse == {
        ("assignments", "strict", "miss", ("sở lao động - thương binh và xã hội", "lead")),
        ("assignments", "strict", "false_positive", ("sở lao động - thương binh và xã hội", "coordinate")),
        ("metadata", "-", "field", ("province",)),
    }
    assert comparison.f1["targets"]["strict"].delta == pytest.approx(1.0 - 2 / 3)
    assert comparison.f1["assignments"]["strict"].delta == pytest.approx(2 / 3 - 1.0)
    assert comparison.f1["assignments"]["lenient"].delta == 0.0
    text = ev.render_comparison(comparison)
    assert "Improved: 4" in text and "Worse: 3" in text


def test_comparing_a_result_with_itself_shows_no_change():
    result = run([document()], [document()])
    comparison = ev.compare_results(result, result)
    assert comparison.improved == [] and comparison.worse == []


def test_load_result_rejects_something_else(tmp_path):
    path = tmp_path / "old.json"
    path.write_text('{"scores": {}}', encoding="utf-8")
    with pytest.raises(ev.EvaluationError, match="old.json"):
        ev.load_result(path)


# ----------------------------------------------------------------- thresholds


def test_threshold_check_fails_below_the_given_f1():
    gold, pred = document(), document()
    del pred["targets"][0]  # targets strict F1 = 0.8
    result = run([gold], [pred])
    failures = ev.check_thresholds(result, {"targets": 0.85, "sections": 1.0})
    assert [(f.type, f.mode, f.required) for f in failures] == [("targets", "strict", 0.85)]
    assert failures[0].actual == pytest.approx(0.8)
    assert ev.check_thresholds(result, {"targets": 0.8}) == []  # equal passes
    assert ev.parse_thresholds(["targets=0.85", "all=0.5"]) == {"targets": 0.85, "all": 0.5}
    for bad in ("targets", "tragets=0.9", "targets=high", "targets=1.5"):
        with pytest.raises(ev.EvaluationError):
            ev.parse_thresholds([bad])


# ----------------------------------------------------------------- folders


def test_evaluate_folders(tmp_path):
    gold_dir = write(tmp_path / "gold", [document("doc_a"), document("doc_b")])
    pred_dir = write(tmp_path / "pred", [document("doc_a")])
    result = ev.evaluate_folders(gold_dir, pred_dir)
    assert result.missing_predictions == ["doc_b"]
    assert score(result, "targets").recall == 0.5
    json.dumps(result.to_dict())  # plain, serialisable


def test_a_broken_gold_file_is_named_in_the_error(tmp_path):
    gold_dir = write(tmp_path / "gold", [document("doc_a")])
    (gold_dir / "doc_broken.json").write_text('{"doc_id": "doc_broken",', encoding="utf-8")
    with pytest.raises(ev.EvaluationError, match=r"doc_broken\.json: invalid JSON"):
        ev.evaluate_folders(gold_dir, write(tmp_path / "pred", []))


def test_schema_errors_and_misnamed_files_are_named(tmp_path):
    pred = document("doc_a")
    del pred["targets"][0]["span"]  # allowed in gold, not in a prediction
    pred_dir = write(tmp_path / "pred", [pred])
    gold_dir = write(tmp_path / "gold", [document("doc_a")])
    with pytest.raises(ev.EvaluationError, match=r"doc_a\.json: does not follow the output schema: targets/0"):
        ev.evaluate_folders(gold_dir, pred_dir)
    (gold_dir / "doc_a.json").rename(gold_dir / "other.json")
    with pytest.raises(ev.EvaluationError, match=r"other\.json: doc_id 'doc_a'"):
        ev.load_gold(gold_dir)


def test_an_empty_gold_folder_is_an_error(tmp_path):
    with pytest.raises(ev.EvaluationError, match="no gold files"):
        ev.evaluate_folders(write(tmp_path / "gold", []), write(tmp_path / "pred", []))


# ----------------------------------------------------------------- command line


def test_cli_evaluate_prints_report_json_baseline_and_fails_below_min_f1(tmp_path):
    from click.testing import CliRunner

    from extract.cli import main

    pred = document("doc_a")
    del pred["targets"][0]  # targets strict F1 = 0.8
    gold_dir = write(tmp_path / "gold", [document("doc_a")])
    pred_dir = write(tmp_path / "pred", [pred])
    runner = CliRunner()

    def invoke(*extra):
        return runner.invoke(main, ["evaluate", "--gold", str(gold_dir), "--pred", str(pred_dir), *extra])

    text = invoke("--errors", "--by-doc")
    assert text.exit_code == 0, text.output
    assert "targets" in text.stdout and "== doc_a" in text.stdout and "MISS [18 | % | 2015" in text.stdout

    saved = invoke("--json")
    assert saved.exit_code == 0, saved.output
    data = json.loads(saved.stdout)
    assert data["scores"]["targets"]["strict"]["tp"] == 2
    baseline = tmp_path / "baseline.json"
    baseline.write_text(saved.stdout, encoding="utf-8")

    write(pred_dir, [document("doc_a")])  # the fix
    compared = invoke("--json", "--baseline", str(baseline))
    assert compared.exit_code == 0, compared.output
    improved = json.loads(compared.stdout)["comparison"]["improved"]
    assert {(c["type"], c["mode"], c["kind"]) for c in improved} == {
        ("targets", "strict", "miss"), ("targets", "lenient", "miss")}
    assert "Improved: 2" in invoke("--baseline", str(baseline)).stdout

    write(pred_dir, [pred])  # back to F1 0.8
    assert invoke("--min-f1", "targets=0.8", "--min-f1", "sections=1").exit_code == 0
    failing = invoke("--min-f1", "targets=0.9", "--min-f1", "sections=1")
    assert failing.exit_code == 1
    assert "FAIL targets strict F1 0.800 < 0.900" in failing.stderr
    assert "sections" not in failing.stderr

    bad = invoke("--min-f1", "targets:0.9")
    assert bad.exit_code != 0 and "bad threshold" in bad.output
    (gold_dir / "doc_x.json").write_text("{not json", encoding="utf-8")
    broken = invoke()
    assert broken.exit_code == 1 and "doc_x.json: invalid JSON" in broken.output
