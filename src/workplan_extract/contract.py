"""The record contract as Markdown, generated from the models, for ``docs/records.md``.

``docs/records.md`` is part hand-written (what the fields mean together: dates, parties,
amounts) and part generated: one table per model, its fields, their types and descriptions,
between the markers below. ``make schemas`` rewrites that part
(``python -m workplan_extract.contract docs/records.md``) and a test fails when it drifts from
the models, as it does for ``schemas/``.
"""

from __future__ import annotations

import datetime as dt
import inspect
import sys
import types
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .records import SCHEMA_MODELS, SCHEMA_VERSION

BEGIN = "<!-- BEGIN GENERATED: python -m workplan_extract.contract docs/records.md -->"
END = "<!-- END GENERATED -->"

_SCALARS: dict[Any, str] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    dt.date: "date (ISO 8601, `2007-12-31`)",
}


def models_markdown() -> str:
    """One section per published model: what it is, then a table of its fields."""
    parts = [
        f"Schema version {SCHEMA_VERSION}. Every object rejects keys it does not list; `null` "
        "is JSON's null. The JSON Schemas in `schemas/` say the same for validators.\n"
    ]
    for model in SCHEMA_MODELS:
        parts.append(_model_section(model))
    return "\n".join(parts)


def _model_section(model: type[BaseModel]) -> str:
    doc = inspect.cleandoc(model.__doc__ or "")
    lines = [f"### `{model.__name__}`", "", doc, "", "| field | type | description |"]
    lines.append("| --- | --- | --- |")
    for name, info in model.model_fields.items():
        lines.append(f"| `{name}` | {_type(info.annotation)} | {_description(info)} |")
    return "\n".join(lines) + "\n"


def _description(info: FieldInfo) -> str:
    text = info.description or ""
    if not text and isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
        text = inspect.cleandoc(info.annotation.__doc__ or "").split("\n")[0]
    text = text.replace("|", "\\|").replace("\n", " ")
    if info.is_required() or get_origin(info.annotation) is Literal:
        return text
    default = info.get_default(call_default_factory=True)
    if default is None or default == [] or isinstance(default, bool):
        return text  # null, [] and false go without saying
    shown = f'"{default}"' if isinstance(default, str) else str(default)
    return f"{text} Default {shown}.".strip()


def _type(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(get_args(annotation))
        shown = " or ".join(_type(a) for a in args)
        return f"{shown} or null" if nullable else shown
    if origin is Literal:
        return " \\| ".join(f'`"{value}"`' for value in get_args(annotation))
    if origin is list:
        (item,) = get_args(annotation)
        return f"list of {_type(item)}"
    if origin is dict:
        key, value = get_args(annotation)
        return f"object ({_type(key)} → {_type(value)})"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[`{annotation.__name__}`](#{annotation.__name__.lower()})"
    return _SCALARS.get(annotation, getattr(annotation, "__name__", str(annotation)))


def render_document(text: str) -> str:
    """``text`` (the page) with its generated part replaced by ``models_markdown()``.

    Raises:
        ValueError: the page lacks the markers.
    """
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the page must hold {BEGIN!r} and {END!r}")
    return text[: start + len(BEGIN)] + "\n\n" + models_markdown() + "\n" + text[end:]


def main(argv: list[str] | None = None) -> int:
    """``python -m workplan_extract.contract PAGE``: rewrite the generated part of PAGE."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m workplan_extract.contract docs/records.md", file=sys.stderr)
        return 2
    page = Path(args[0])
    page.write_text(render_document(page.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
