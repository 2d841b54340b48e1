"""Gold vs prediction: the scores of annotation-guidelines.md ("Scores" and every "Key:").

Public API (the CLI is a thin layer over it):

- `load_gold(folder)`, `load_predictions(folder)` -> `{doc_id: dict}`; raise `EvaluationError`
  naming the file on bad JSON, a schema error, or a `doc_id` that is not the file stem.
- `evaluate(gold, predictions)` -> `EvaluationResult` (in memory, no files);
  `evaluate_folders(gold_dir, pred_dir)` does the loading too.
- `EvaluationResult.to_dict()` -> a plain json-serialisable dict; `load_result(path_or_dict)`
  reads it back (for a baseline).
- `list_errors(result)` -> `[ItemError]`: every miss and false positive, with key, text, place.
- `compare_results(baseline, current)` -> `Comparison`: item by item what improved and what
  got worse, and the change in F1 per type and mode.
- `parse_thresholds(["targets=0.95"])` -> `{"targets": 0.95}`;
  `check_thresholds(result, {"targets": 0.95})` -> `[ThresholdFailure]` (empty = pass).
- `render_report(result, by_doc=..., errors=...)`, `render_comparison(comparison)`,
  `render_threshold_failures(failures)` -> plain aligned text.

How items are matched
---------------------
Every item gets one key per mode (strict, lenient), built exactly as the guidelines' "Key:"
lines say (see the `*_keys` functions). Within one document and one item type, gold and
predicted keys are matched one to one as multisets (`Counter` intersection): two identical
gold targets and one predicted give one true positive. For the per-item status, the n-th
gold item with key K is matched when the prediction holds at least n items with key K, and
the same the other way round; so the number of matched gold items, the number of matched
predicted items and the true positives are always equal.

Score edge cases (see `Score.from_counts`)
------------------------------------------
- precision = tp / pred; when nothing is predicted: 1.0 if gold is empty too, else 0.0.
- recall = tp / gold; when gold is empty: 1.0 if nothing is predicted either, else 0.0.
- F1 = 2 tp / (gold + pred), the harmonic mean of P and R written so that it stays exact;
  1.0 when both are empty.
So a score is 1.0 exactly when nothing is missed and nothing is invented; predicting items
for a document whose gold has none of that type gives 0.0, not an undefined value.
Scores are micro-averaged: counts are summed (over documents for the corpus row, over types
for the "all" row) and P, R, F1 are computed from the sums.

Metadata: a field is scored in a document only when the gold has it non-null; the
prediction is right when it equals the gold after `normalize()` (strings) or exactly (the
period's start and end). Accuracy is `None` when no document's gold has the field.

A gold document without a prediction file is scored as an empty prediction and listed in
`missing_predictions`; prediction files without gold are ignored and listed in
`predictions_without_gold`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Literal, Mapping, Optional, Union

from pydantic import BaseModel, ValidationError

from . import schema
from .textnorm import normalize

RESULT_FORMAT = "plan-extract-evaluation/1"
TYPES = ("sections", "targets", "citations", "deadlines", "assignments")
ALL = "all"  # the micro total over the five types
MODES = ("strict", "lenient")
METADATA_FIELDS = (
    "doc_type", "number", "province", "district", "admin_level", "issued_date", "period", "signer.name",
)
# Float noise must not make 0.95 fail a 0.95 threshold.
THRESHOLD_TOLERANCE = 1e-9

Key = tuple  # a flat tuple of str / int / float / None; a list once saved as JSON


class EvaluationError(ValueError):
    """Input that cannot be evaluated: unreadable file, bad JSON, schema error, bad option."""


# --------------------------------------------------------------------------- report models


class Score(BaseModel):
    gold: int
    pred: int
    tp: int
    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(cls, gold: int, pred: int, tp: int) -> "Score":
        """P, R, F1 with the edge cases of the module docstring."""
        precision = tp / pred if pred else (1.0 if gold == 0 else 0.0)
        recall = tp / gold if gold else (1.0 if pred == 0 else 0.0)
        f1 = 2 * tp / (gold + pred) if gold + pred else 1.0
        return cls(gold=gold, pred=pred, tp=tp, precision=precision, recall=recall, f1=f1)

    @classmethod
    def total(cls, scores: Iterable["Score"]) -> "Score":
        """Micro average: sum the counts, then compute the ratios."""
        scores = list(scores)
        return cls.from_counts(
            sum(s.gold for s in scores), sum(s.pred for s in scores), sum(s.tp for s in scores)
        )


class Item(BaseModel):
    """One gold or predicted item, with its key and match status in each mode."""

    index: int  # position in the document's list (sections: depth first, in order)
    text: str  # section title, target/deadline text, citation mention or code, agency
    section: Optional[str] = None  # section path "II/1/a" (or the raw section_id if unknown)
    span: Optional[tuple[int, int]] = None
    keys: dict[str, Key]  # mode -> key
    matched: dict[str, bool]  # mode -> matched


class TypeItems(BaseModel):
    gold: list[Item]
    pred: list[Item]


class FieldCheck(BaseModel):
    gold: Any
    pred: Any
    correct: bool


class FieldAccuracy(BaseModel):
    scored: int  # documents whose gold has the field
    correct: int
    accuracy: Optional[float]  # None when scored == 0


class DocumentResult(BaseModel):
    doc_id: str
    prediction_missing: bool
    scores: dict[str, dict[str, Score]]  # type or "all" -> mode -> Score
    items: dict[str, TypeItems]  # type -> items
    metadata: dict[str, FieldCheck]  # only the fields the gold has


class EvaluationResult(BaseModel):
    format: str = RESULT_FORMAT
    gold_dir: Optional[str] = None
    pred_dir: Optional[str] = None
    missing_predictions: list[str]
    predictions_without_gold: list[str]
    scores: dict[str, dict[str, Score]]  # type or "all" -> mode -> Score, whole corpus
    metadata: dict[str, FieldAccuracy]
    documents: dict[str, DocumentResult]

    def to_dict(self) -> dict:
        """A plain json-serialisable dict (keys become lists)."""
        return self.model_dump(mode="json")


class ItemError(BaseModel):
    doc_id: str
    type: str
    mode: str
    kind: Literal["miss", "false_positive"]
    key: Key
    text: str
    section: Optional[str] = None
    span: Optional[tuple[int, int]] = None
    other_mode_matched: bool = False  # e.g. a strict miss that the lenient key matched


class ItemChange(BaseModel):
    """An error that disappeared (improved) or appeared (worse) between two results."""

    doc_id: str
    type: str  # an item type, or "metadata"
    mode: str  # "strict" / "lenient"; "-" for metadata
    kind: str  # "miss", "false_positive", or "field" for metadata
    key: Key
    text: str
    section: Optional[str] = None
    span: Optional[tuple[int, int]] = None


class ScoreChange(BaseModel):
    before: float
    after: float
    delta: float


class Comparison(BaseModel):
    improved: list[ItemChange]
    worse: list[ItemChange]
    f1: dict[str, dict[str, ScoreChange]]  # type or "all" -> mode -> change

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")


class ThresholdFailure(BaseModel):
    type: str
    mode: str
    required: float
    actual: float


# --------------------------------------------------------------------------- loading


def load_document(path: Path, *, gold: bool) -> dict:
    """Read and validate one JSON file; every problem is an EvaluationError naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise EvaluationError(f"{path}: not UTF-8 text ({error})") from error
    except json.JSONDecodeError as error:
        raise EvaluationError(
            f"{path}: invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from error
    except OSError as error:
        raise EvaluationError(f"{path}: cannot read ({error})") from error
    try:
        schema.validate(data, gold=gold)
    except schema.SchemaError as error:
        which = "gold" if gold else "output"
        raise EvaluationError(f"{path}: does not follow the {which} schema: {error}") from error
    # Pairing is by file stem; a doc_id that disagrees would silently pair the wrong files.
    if data["doc_id"] != path.stem:
        raise EvaluationError(f"{path}: doc_id {data['doc_id']!r} differs from the file name {path.stem!r}")
    return data


def _load_folder(folder: Union[str, Path], *, gold: bool) -> dict[str, dict]:
    folder = Path(folder)
    if not folder.is_dir():
        raise EvaluationError(f"{folder}: not a folder")
    return {path.stem: load_document(path, gold=gold) for path in sorted(folder.glob("*.json"))}


def load_gold(folder: Union[str, Path]) -> dict[str, dict]:
    """`<doc_id>.json` gold files, checked against the gold schema (spans, ids optional)."""
    return _load_folder(folder, gold=True)


def load_predictions(folder: Union[str, Path]) -> dict[str, dict]:
    """`<doc_id>.json` prediction files, checked strictly against the output schema."""
    return _load_folder(folder, gold=False)


def load_result(source: Union[str, Path, Mapping]) -> EvaluationResult:
    """A result saved with `to_dict()` (a file or the dict itself), e.g. a baseline."""
    name = "result"
    if not isinstance(source, Mapping):
        name = str(source)
        try:
            source = json.loads(Path(source).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise EvaluationError(f"{name}: cannot read the saved result: {error}") from error
    if not isinstance(source, Mapping) or source.get("format") != RESULT_FORMAT:
        raise EvaluationError(f"{name}: not an evaluation result (format {RESULT_FORMAT!r} expected)")
    try:
        return EvaluationResult.model_validate(source)
    except ValidationError as error:
        raise EvaluationError(f"{name}: malformed evaluation result: {error}") from error


# --------------------------------------------------------------------------- keys


def _number(value: Optional[float]) -> Optional[Union[int, float]]:
    """Round so that 9.5 from "9,5" and 9.500000001 compare equal; 18.0 becomes 18."""
    if value is None:
        return None
    value = round(float(value), 6)
    return int(value) if value.is_integer() else value


PER_UNIT = re.compile(r"per\s*([\d.,\s]+)", re.IGNORECASE)


def unit_class(unit: Optional[str]) -> Optional[str]:
    """Unit class: "%" -> "%"; "per N" -> "per N"; None -> None; anything else (count, "trẻ em") -> "count"."""
    if unit is None or not unit.strip():
        return None
    unit = unit.strip()
    if unit == "%":
        return "%"
    per = PER_UNIT.fullmatch(unit)
    digits = re.sub(r"\D", "", per.group(1)) if per else ""
    # "per 1.000" and "per 1000" are the same unit; the contract writes "per 1000".
    return f"per {int(digits)}" if digits else "count"


def section_keys(section: dict) -> dict[str, Key]:
    """Strict: path joined by "/" + first 40 chars of normalised title. Lenient: path alone."""
    path = "/".join(label.strip() for label in section["path"])
    return {"strict": (path, normalize(section["title"])[:40]), "lenient": (path,)}


def target_keys(target: dict) -> dict[str, Key]:
    """Strict: (value, unit class, year, comparator, change). Lenient: (value, year)."""
    value, year = _number(target.get("value")), target.get("year")
    strict = (value, unit_class(target.get("unit")), year, target["comparator"], target["change"])
    return {"strict": strict, "lenient": (value, year)}


def citation_keys(citation: dict) -> dict[str, Key]:
    """Lenient ("Key:"): code upper-cased without spaces, or for a citation without code
    (a named law) normalised doc_type + title. Strict ("Strict key adds date"): that + date."""
    code = citation.get("code")
    if code and code.strip():
        bare: Key = ("".join(unicodedata.normalize("NFC", code).split()).upper(),)
    else:
        bare = (normalize(citation["doc_type"]), normalize(citation.get("title")))
    date = (citation.get("date") or "").strip() or None
    return {"strict": bare + (date,), "lenient": bare}


def deadline_keys(deadline: dict) -> dict[str, Key]:
    """(kind, value, recurrence) in both modes."""
    key = (deadline["kind"], deadline["value"].strip(), deadline.get("recurrence"))
    return {"strict": key, "lenient": key}


def assignment_keys(assignment: dict) -> dict[str, Key]:
    """Strict: (normalised agency, role). Lenient: normalised agency."""
    agency = normalize(assignment["agency"])
    return {"strict": (agency, assignment["role"]), "lenient": (agency,)}


KEY_FUNCTIONS: dict[str, Callable[[dict], dict[str, Key]]] = {
    "sections": section_keys,
    "targets": target_keys,
    "citations": citation_keys,
    "deadlines": deadline_keys,
    "assignments": assignment_keys,
}


def format_key(key: Iterable) -> str:
    """A key for reading: "II/1 | tổ chức thực hiện"; None shows as "-"."""
    return " | ".join("-" if part is None else str(part) for part in key)


# --------------------------------------------------------------------------- items


def flatten_sections(sections: list[dict]) -> Iterator[dict]:
    """The nested section tree, depth first, in document order."""
    for section in sections:
        yield section
        yield from flatten_sections(section.get("children") or [])


def raw_items(document: dict, item_type: str) -> list[dict]:
    if item_type == "sections":
        return list(flatten_sections(document.get("sections") or []))
    return list(document.get(item_type) or [])


def _item_text(item_type: str, item: dict) -> str:
    if item_type == "sections":
        return item["title"]
    if item_type == "assignments":
        return item["agency"]
    if item_type == "citations":
        mentions = item.get("mentions") or []
        return mentions[0]["text"] if mentions else (item.get("code") or item.get("title") or item["doc_type"])
    return item["text"]


def _item_place(item_type: str, item: dict, section_paths: dict[str, str]) -> tuple[Optional[str], Optional[list]]:
    """(section path, span) where the item is, as far as the document says."""
    if item_type == "sections":
        return "/".join(item["path"]), item.get("heading_span") or item.get("span")
    if item_type == "citations":
        mentions = item.get("mentions") or []
        return None, (mentions[0].get("span") if mentions else None)
    section_id = item.get("section_id")
    return section_paths.get(section_id, section_id), item.get("span")


def build_items(document: dict, item_type: str) -> list[Item]:
    """The document's items of one type with their keys; match status still unset."""
    section_paths = {
        s["id"]: "/".join(s["path"]) for s in flatten_sections(document.get("sections") or []) if s.get("id")
    }
    items = []
    for index, raw in enumerate(raw_items(document, item_type)):
        section, span = _item_place(item_type, raw, section_paths)
        keys = KEY_FUNCTIONS[item_type](raw)
        items.append(
            Item(
                index=index,
                text=_item_text(item_type, raw),
                section=section,
                span=span,
                keys=keys,
                matched={mode: False for mode in keys},
            )
        )
    return items


def _mark_matches(keys: list[Key], other_side: list[Key]) -> list[bool]:
    """The n-th item with key K is matched when the other side has at least n items with K."""
    available = Counter(other_side)
    matched = []
    for key in keys:
        matched.append(available[key] > 0)
        available[key] -= 1
    return matched


def match(gold: list[Item], pred: list[Item], mode: str) -> Score:
    """One-to-one multiset match of one mode; sets `matched[mode]` and returns the counts."""
    gold_keys = [item.keys[mode] for item in gold]
    pred_keys = [item.keys[mode] for item in pred]
    for item, hit in zip(gold, _mark_matches(gold_keys, pred_keys)):
        item.matched[mode] = hit
    for item, hit in zip(pred, _mark_matches(pred_keys, gold_keys)):
        item.matched[mode] = hit
    tp = sum((Counter(gold_keys) & Counter(pred_keys)).values())
    return Score.from_counts(len(gold), len(pred), tp)


# --------------------------------------------------------------------------- metadata


def metadata_value(document: dict, field: str) -> Any:
    """The raw value of one scored metadata field ("signer.name" reaches into signer)."""
    metadata = document.get("metadata") or {}
    if field == "signer.name":
        return (metadata.get("signer") or {}).get("name")
    if field == "period":
        period = metadata.get("period") or {}
        start, end = period.get("start"), period.get("end")
        return None if start is None and end is None else {"start": start, "end": end}
    return metadata.get(field)


def _comparable(field: str, value: Any) -> Any:
    """What is compared: (start, end) for the period, normalize() for strings; None = absent."""
    if value is None:
        return None
    if field == "period":
        return (value["start"], value["end"])
    return normalize(str(value)) or None


def check_metadata(gold: dict, pred: dict) -> dict[str, FieldCheck]:
    checks = {}
    for field in METADATA_FIELDS:
        gold_value, pred_value = metadata_value(gold, field), metadata_value(pred, field)
        if _comparable(field, gold_value) is None:
            continue  # scored only where the gold has the field
        correct = _comparable(field, gold_value) == _comparable(field, pred_value)
        checks[field] = FieldCheck(gold=gold_value, pred=pred_value, correct=correct)
    return checks


# --------------------------------------------------------------------------- evaluation


def _with_total(scores: dict[str, dict[str, Score]]) -> dict[str, dict[str, Score]]:
    scores[ALL] = {mode: Score.total(scores[t][mode] for t in TYPES) for mode in MODES}
    return scores


def evaluate_document(doc_id: str, gold: dict, pred: Optional[dict]) -> DocumentResult:
    """Score one document; `pred=None` (no prediction file) counts as an empty prediction."""
    prediction = pred if pred is not None else {"doc_id": doc_id}
    scores: dict[str, dict[str, Score]] = {}
    items: dict[str, TypeItems] = {}
    for item_type in TYPES:
        gold_items, pred_items = build_items(gold, item_type), build_items(prediction, item_type)
        scores[item_type] = {mode: match(gold_items, pred_items, mode) for mode in MODES}
        items[item_type] = TypeItems(gold=gold_items, pred=pred_items)
    return DocumentResult(
        doc_id=doc_id,
        prediction_missing=pred is None,
        scores=_with_total(scores),
        items=items,
        metadata=check_metadata(gold, prediction),
    )


def _metadata_accuracy(documents: Iterable[DocumentResult]) -> dict[str, FieldAccuracy]:
    documents = list(documents)
    accuracy = {}
    for field in METADATA_FIELDS:
        checks = [d.metadata[field] for d in documents if field in d.metadata]
        correct = sum(check.correct for check in checks)
        accuracy[field] = FieldAccuracy(
            scored=len(checks), correct=correct, accuracy=correct / len(checks) if checks else None
        )
    return accuracy


def evaluate(
    gold: Mapping[str, dict],
    predictions: Mapping[str, dict],
    *,
    gold_dir: Optional[str] = None,
    pred_dir: Optional[str] = None,
) -> EvaluationResult:
    """Score `{doc_id: prediction}` against `{doc_id: gold}` (documents as contract dicts)."""
    documents = {
        doc_id: evaluate_document(doc_id, gold[doc_id], predictions.get(doc_id)) for doc_id in sorted(gold)
    }
    corpus = {
        item_type: {mode: Score.total(d.scores[item_type][mode] for d in documents.values()) for mode in MODES}
        for item_type in TYPES
    }
    return EvaluationResult(
        gold_dir=gold_dir,
        pred_dir=pred_dir,
        missing_predictions=[doc_id for doc_id, d in documents.items() if d.prediction_missing],
        predictions_without_gold=sorted(set(predictions) - set(gold)),
        scores=_with_total(corpus),
        metadata=_metadata_accuracy(documents.values()),
        documents=documents,
    )


def evaluate_folders(gold_dir: Union[str, Path], pred_dir: Union[str, Path]) -> EvaluationResult:
    """Load both folders and evaluate. An empty gold folder is an error (it would score 1.0)."""
    gold = load_gold(gold_dir)
    if not gold:
        raise EvaluationError(f"{gold_dir}: no gold files (*.json)")
    return evaluate(gold, load_predictions(pred_dir), gold_dir=str(gold_dir), pred_dir=str(pred_dir))


# --------------------------------------------------------------------------- errors


def list_errors(result: EvaluationResult, modes: Iterable[str] = MODES) -> list[ItemError]:
    """Every miss (unmatched gold item) and false positive (unmatched predicted item), ordered
    by document, type, mode, misses before false positives, then position in the document."""
    errors = []
    for doc_id, document in result.documents.items():
        for item_type in TYPES:
            for mode in modes:
                other = [m for m in MODES if m != mode]
                for kind, items in (("miss", document.items[item_type].gold),
                                    ("false_positive", document.items[item_type].pred)):
                    for item in items:
                        if item.matched[mode]:
                            continue
                        errors.append(
                            ItemError(
                                doc_id=doc_id, type=item_type, mode=mode, kind=kind, key=item.keys[mode],
                                text=item.text, section=item.section, span=item.span,
                                other_mode_matched=any(item.matched[m] for m in other),
                            )
                        )
    return errors


# --------------------------------------------------------------------------- baseline comparison


def _changes(before: list[ItemError], after: list[ItemError]) -> list[ItemChange]:
    """Errors of `before` that `after` no longer has, matched as a multiset on their identity."""
    def identity(error: ItemError) -> tuple:
        return (error.doc_id, error.type, error.mode, error.kind, tuple(error.key))

    gone = _mark_matches([identity(e) for e in before], [identity(e) for e in after])
    return [
        ItemChange(**error.model_dump(exclude={"other_mode_matched"}))
        for error, still_there in zip(before, gone)
        if not still_there
    ]


def _metadata_changes(baseline: EvaluationResult, current: EvaluationResult) -> tuple[list, list]:
    improved, worse = [], []
    for doc_id in sorted(set(baseline.documents) & set(current.documents)):
        old, new = baseline.documents[doc_id].metadata, current.documents[doc_id].metadata
        for field in METADATA_FIELDS:
            if field not in old or field not in new or old[field].correct == new[field].correct:
                continue
            text = f"gold {new[field].gold!r}: predicted {old[field].pred!r} -> {new[field].pred!r}"
            change = ItemChange(doc_id=doc_id, type="metadata", mode="-", kind="field", key=(field,), text=text)
            (improved if new[field].correct else worse).append(change)
    return improved, worse


def compare_results(baseline: EvaluationResult, current: EvaluationResult) -> Comparison:
    """What changed from `baseline` to `current`: `improved` lists errors that are gone (a miss
    now matched, a false positive no longer predicted, a metadata field now right), `worse`
    lists new errors; `f1` gives before / after / delta per type and mode."""
    old_errors, new_errors = list_errors(baseline), list_errors(current)
    meta_improved, meta_worse = _metadata_changes(baseline, current)
    f1 = {
        item_type: {
            mode: ScoreChange(
                before=baseline.scores[item_type][mode].f1,
                after=current.scores[item_type][mode].f1,
                delta=current.scores[item_type][mode].f1 - baseline.scores[item_type][mode].f1,
            )
            for mode in MODES
        }
        for item_type in (*TYPES, ALL)
    }
    return Comparison(
        improved=_changes(old_errors, new_errors) + meta_improved,
        worse=_changes(new_errors, old_errors) + meta_worse,
        f1=f1,
    )


# --------------------------------------------------------------------------- thresholds


def parse_thresholds(specs: Iterable[str]) -> dict[str, float]:
    """["targets=0.95", "all=0.8"] -> {"targets": 0.95, "all": 0.8}."""
    thresholds = {}
    for spec in specs:
        item_type, sep, value = spec.partition("=")
        item_type = item_type.strip()
        if not sep or item_type not in (*TYPES, ALL):
            raise EvaluationError(
                f"bad threshold {spec!r}: expected TYPE=VALUE with TYPE one of {', '.join((*TYPES, ALL))}"
            )
        try:
            number = float(value)
        except ValueError:
            raise EvaluationError(f"bad threshold {spec!r}: {value!r} is not a number") from None
        if not 0.0 <= number <= 1.0:
            raise EvaluationError(f"bad threshold {spec!r}: F1 must be between 0 and 1")
        thresholds[item_type] = number
    return thresholds


def check_thresholds(
    result: EvaluationResult, thresholds: Mapping[str, float], mode: str = "strict"
) -> list[ThresholdFailure]:
    """The corpus F1 (strict by default) below its threshold, one failure per type."""
    failures = []
    for item_type, required in thresholds.items():
        if item_type not in result.scores:
            raise EvaluationError(f"unknown type in threshold: {item_type!r}")
        actual = result.scores[item_type][mode].f1
        if actual < required - THRESHOLD_TOLERANCE:
            failures.append(ThresholdFailure(type=item_type, mode=mode, required=required, actual=actual))
    return failures


# --------------------------------------------------------------------------- text reports


def _table(rows: list[list[str]], right: Iterable[int] = ()) -> list[str]:
    """Rows of cells as aligned lines; columns in `right` are right-aligned (numbers)."""
    right = set(right)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
    return lines


def _score_table(scores: dict[str, dict[str, Score]]) -> list[str]:
    header = ["type", "gold", "pred"]
    for mode in MODES:
        header += [f"{mode} TP", "P", "R", "F1"]
    rows = [header]
    for item_type in (*TYPES, ALL):
        by_mode = scores[item_type]
        row = [item_type, str(by_mode["strict"].gold), str(by_mode["strict"].pred)]
        for mode in MODES:
            s = by_mode[mode]
            row += [str(s.tp), f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}"]
        rows.append(row)
    return _table(rows, right=range(1, len(header)))


def _metadata_table(metadata: dict[str, FieldAccuracy]) -> list[str]:
    rows = [["metadata", "scored", "correct", "accuracy"]]
    for field in METADATA_FIELDS:
        acc = metadata[field]
        shown = "-" if acc.accuracy is None else f"{acc.accuracy:.3f}"
        rows.append([field, str(acc.scored), str(acc.correct), shown])
    return _table(rows, right=(1, 2, 3))


def _shorten(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _place(section: Optional[str], span: Optional[tuple[int, int]]) -> str:
    parts = []
    if section:
        parts.append(f"§{section}")
    if span:
        parts.append(f"[{span[0]}:{span[1]}]")
    return " ".join(parts) or "-"


def render_errors(result: EvaluationResult, mode: str = "strict") -> str:
    """Misses and false positives of one mode, grouped by document and type."""
    errors = list_errors(result, modes=(mode,))
    other = "lenient" if mode == "strict" else "strict"
    lines = [f"Errors ({mode}): {len(errors)}"]
    current: tuple = ()
    for error in errors:
        if (error.doc_id, error.type) != current:
            current = (error.doc_id, error.type)
            lines.append(f"{error.doc_id} / {error.type}")
        note = f" ({other} match)" if error.other_mode_matched else ""
        kind = "MISS" if error.kind == "miss" else "FP  "
        lines.append(
            f"  {kind} [{format_key(error.key)}]{note} at {_place(error.section, error.span)}: "
            f"{_shorten(error.text)}"
        )
    return "\n".join(lines)


def _document_block(document: DocumentResult) -> list[str]:
    title = document.doc_id + ("  (no prediction: scored as empty)" if document.prediction_missing else "")
    lines = [f"== {title}", *_score_table(document.scores)]
    for field, check in document.metadata.items():
        verdict = "ok" if check.correct else f"WRONG (predicted {check.pred!r})"
        lines.append(f"  {field}: {check.gold!r} {verdict}")
    return lines


def render_report(result: EvaluationResult, *, by_doc: bool = False, errors: bool = False) -> str:
    """Summary table (one row per type plus "all", strict and lenient), metadata accuracy;
    optionally one block per document and the strict error list."""
    lines = [f"Documents scored: {len(result.documents)}"]
    if result.missing_predictions:
        lines.append(
            f"Without prediction (scored as empty): {len(result.missing_predictions)}: "
            + ", ".join(result.missing_predictions)
        )
    if result.predictions_without_gold:
        lines.append(f"Predictions without gold (ignored): {len(result.predictions_without_gold)}")
    lines += ["", *_score_table(result.scores), "", *_metadata_table(result.metadata)]
    if by_doc:
        for document in result.documents.values():
            lines += ["", *_document_block(document)]
    if errors:
        lines += ["", render_errors(result)]
    return "\n".join(lines)


def render_comparison(comparison: Comparison) -> str:
    """F1 before -> after per type and mode, then the improved and worse items."""
    rows = [["type", *(f"{mode} F1" for mode in MODES)]]
    for item_type, by_mode in comparison.f1.items():
        rows.append(
            [item_type]
            + [f"{c.before:.3f} -> {c.after:.3f} ({c.delta:+.3f})" for c in (by_mode[m] for m in MODES)]
        )
    lines = ["Against baseline", *_table(rows)]
    for title, changes in (("Improved", comparison.improved), ("Worse", comparison.worse)):
        lines += ["", f"{title}: {len(changes)}"]
        for change in changes:
            was = {"miss": "was missed", "false_positive": "was a false positive"}.get(change.kind, "metadata")
            if title == "Worse":
                was = {"miss": "now missed", "false_positive": "now a false positive"}.get(change.kind, "metadata")
            lines.append(
                f"  {change.doc_id} / {change.type} / {change.mode}: {was} [{format_key(change.key)}] "
                f"at {_place(change.section, change.span)}: {_shorten(change.text)}"
            )
    return "\n".join(lines)


def render_threshold_failures(failures: list[ThresholdFailure]) -> str:
    return "\n".join(
        f"FAIL {f.type} {f.mode} F1 {f.actual:.3f} < {f.required:.3f}" for f in failures
    )
