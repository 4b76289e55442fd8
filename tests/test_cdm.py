"""The CDM: JSON Schema publication and validation of real pipeline records."""
from __future__ import annotations

import json

import jsonschema
import pytest
from pydantic import ValidationError

from oncostruct.engine.cdm import SCHEMA_VERSION, Field, Record, Source, TextSpan, record_json_schema
from oncostruct.engine.pipeline import Pipeline
from tests.conftest import EN_PATHOLOGY, ZH_PATHOLOGY


def test_schema_is_valid_json_schema_with_version() -> None:
    schema = record_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert SCHEMA_VERSION in schema["$id"]


@pytest.mark.parametrize("text", [ZH_PATHOLOGY, EN_PATHOLOGY, "随便写的一段话，没有任何医学内容。"])
def test_pipeline_records_validate_against_schema(text: str) -> None:
    record = Pipeline().extract_text(text)
    jsonschema.validate(json.loads(record.model_dump_json()), record_json_schema())
    assert Record.model_validate_json(record.model_dump_json()) == record


def test_field_confidence_is_bounded_and_unknown_keys_refused() -> None:
    src = Source(kind="rule", name="x", version="1")
    with pytest.raises(ValidationError):
        Field(name="a", confidence=1.5, source=src)
    with pytest.raises(ValidationError):
        Field(name="a", confidence=0.5, source=src, colour="red")  # type: ignore[call-arg]
    f = Field(name="a", confidence=0.5, source=src, provenance=[TextSpan(start=0, end=2, text="ab")])
    assert f.provenance[0].kind == "text"
