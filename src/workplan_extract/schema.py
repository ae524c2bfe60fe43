"""JSON Schemas of the record models, as committed in ``schemas/``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .records import SCHEMA_MODELS, SCHEMA_VERSION


def json_schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema for every published model, in a stable form."""
    out: dict[str, dict[str, Any]] = {}
    for model in SCHEMA_MODELS:
        schema = model.model_json_schema(mode="serialization")
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://workplan-extract.invalid/schemas/{SCHEMA_VERSION}/{model.__name__}.json",
            **schema,
        }
        out[f"{model.__name__}.schema.json"] = schema
    return out


def render(schema: dict[str, Any]) -> str:
    """The exact text written for a schema, so drift checks compare like with like."""
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder`` (created if needed); return the paths written."""
    from .writers.atomic import atomic_write_text

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = folder / name
        atomic_write_text(path, render(schema))
        written.append(path)
    return written
