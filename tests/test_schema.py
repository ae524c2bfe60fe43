"""The committed JSON Schemas match the models (regenerate with `make schemas`)."""

from __future__ import annotations

from pathlib import Path

from workplan_extract.schema import json_schemas, render

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def test_committed_schemas_have_not_drifted() -> None:
    generated = json_schemas()
    committed = {p.name for p in SCHEMAS.glob("*.schema.json")}
    assert committed == set(generated), "schemas/ lists other models: run `make schemas`"
    for name, schema in generated.items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == render(schema), (
            f"schemas/{name} is out of date: run `make schemas`"
        )


def test_document_schema_forbids_unknown_keys_and_pins_the_version() -> None:
    schema = json_schemas()["WorkplanDocument.schema.json"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["schema_version"]["const"] == "2.0"
