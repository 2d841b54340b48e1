"""The checked-in schemas are the models' schemas, and outputs follow them."""

from __future__ import annotations

import json

import pytest

from extract.schema import SchemaError, document_schema, gold_schema, schema_text, validate

from .conftest import ROOT, SEEDS


@pytest.mark.parametrize("name, schema", [("document", document_schema()), ("gold", gold_schema())])
def test_checked_in_schema_matches_the_models(name, schema):
    checked_in = (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert checked_in == schema_text(schema), f"schemas/{name}.schema.json is stale: run `make schema`"


@pytest.mark.parametrize("name", SEEDS)
def test_every_seed_gives_a_schema_valid_document(seed_document, name):
    validate(seed_document(name).model_dump(mode="json"))


def test_a_document_without_spans_is_refused_but_is_valid_gold(seed_document):
    data = seed_document(SEEDS[0]).model_dump(mode="json")
    del data["sections"][0]["span"]
    with pytest.raises(SchemaError, match="sections/0: 'span' is a required property"):
        validate(data)
    validate(data, gold=True)


def test_unknown_fields_and_bad_values_are_refused(seed_document):
    data = json.loads(json.dumps(seed_document(SEEDS[0]).model_dump(mode="json")))
    data["sections"][0]["style"] = "bullet"
    with pytest.raises(SchemaError, match="sections/0/style"):
        validate(data)
    data = seed_document(SEEDS[0]).model_dump(mode="json")
    data["metadata"]["provnce"] = "Quảng Nam"
    with pytest.raises(SchemaError, match="provnce"):
        validate(data)
