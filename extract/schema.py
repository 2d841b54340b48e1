"""JSON Schemas generated from the models, and validation against them.

Two schemas come from the same models:
- `document.schema.json`: what `plan-extract run` writes; every item has its span and id.
- `gold.schema.json`: the same, except that a hand-made gold file may leave out spans,
  ids, section ids and the `source` block (annotation-guidelines.md: "A gold file may leave
  out spans and optional fields").
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema_rs

from .models import Document

if TYPE_CHECKING:
    import jsonschema

SCHEMA_ID = "https://plan-extract.invalid/schemas/document.schema.json"
GOLD_OPTIONAL = frozenset({"span", "heading_span", "id", "section_id", "source"})


class SchemaError(ValueError):
    """A document does not follow the output contract."""


@lru_cache(maxsize=None)
def document_schema() -> dict:
    schema = Document.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "plan-extract document, output contract v1"
    return schema


@lru_cache(maxsize=None)
def gold_schema() -> dict:
    schema = copy.deepcopy(document_schema())
    schema["$id"] = SCHEMA_ID.replace("document", "gold")
    schema["title"] = "plan-extract gold annotation, output contract v1"
    for definition in [schema, *schema.get("$defs", {}).values()]:
        if "required" in definition:
            definition["required"] = [f for f in definition["required"] if f not in GOLD_OPTIONAL]
    return schema


def schema_text(schema: dict) -> str:
    """The schema as it is checked in: stable key order, two-space indent, final newline."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in (("document", document_schema()), ("gold", gold_schema())):
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written


@lru_cache(maxsize=None)
def _validator(gold: bool) -> jsonschema.protocols.Validator:
    import jsonschema  # only to explain a failure: 30 ms of start-up that a valid batch never needs

    schema = gold_schema() if gold else document_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@lru_cache(maxsize=None)
def _fast_validator(gold: bool):
    return jsonschema_rs.validator_for(gold_schema() if gold else document_schema())


def validate(data: dict, *, gold: bool = False) -> None:
    """Raise SchemaError naming the first place where `data` breaks the schema.

    jsonschema-rs answers "valid?" about 100 times faster than jsonschema, which took
    most of a batch's time on long documents; jsonschema, whose best_match picks the
    most useful message, only runs to explain a failure.
    """
    if _fast_validator(gold).is_valid(data):
        return
    from jsonschema.exceptions import best_match

    error = best_match(_validator(gold).iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise SchemaError(f"{where}: {error.message}")
    raise SchemaError("(top level): rejected by jsonschema-rs but not by jsonschema")
