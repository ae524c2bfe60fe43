"""Columns derived from the record models, shared by the CSV and ``tables`` writers.

Field names live in ``records.py`` only: every column here is computed from the models' fields
and annotations, so a field added to a model appears in the outputs (or fails a test asking
where it should go) without a second list to keep in step.

Two ways to flatten a model into columns:

* ``columns(model)``, for ``tables``: every scalar field; a nested model (``source``,
  ``location``, ``Amount.party``) becomes ``<field>_<subfield>`` columns; a ``list[str]`` inside a
  row is joined with `` | ``; lists of models and dicts are left out, because they get tables of
  their own.
* ``brief_columns(model)``, for the one-row-per-item CSV: the same, except that models carrying
  a ``text`` (parties, timings, amounts, actions, outcomes) show their text plus the few
  subfields in ``BRIEF_SUBFIELDS``, and lists are left to ``brief_list_columns``, which makes
  aligned `` | ``-joined columns of lists of models (``lead_parties`` holds the texts,
  ``lead_party_ids`` the ids in the same positions).
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from workplan_extract.records import Action, Amount, Outcome, PartyRef, Timing

__all__ = [
    "BRIEF_SUBFIELDS",
    "LIST_SEPARATOR",
    "Column",
    "brief_columns",
    "brief_list_columns",
    "cell",
    "columns",
    "field_shape",
    "singular",
]

#: Joins the values of a list in one CSV cell (SPEC, "Outputs and commands").
LIST_SEPARATOR = " | "
#: Joins a list nested in a list, the one kind there is: the labels of each outcome in
#: ``outcome_labels`` ("a;b | c": outcome 1 covers actions a and b, outcome 2 action c).
INNER_SEPARATOR = ";"

#: For the one-row-per-item CSV: model -> (subfield, plural used in list column names). The text
#: is always shown; these are the subfields an analyst filters or sorts on.
BRIEF_SUBFIELDS: dict[type[BaseModel], tuple[tuple[str, str], ...]] = {
    PartyRef: (("qualifier", "qualifiers"), ("id", "ids"), ("match", "matches")),
    Timing: (("kind", "kinds"), ("edtf", "edtf"), ("earliest", "earliest"), ("latest", "latest")),
    Amount: (("value", "values"),),
    Action: (("label", "labels"),),
    Outcome: (("labels", "labels"),),
}

#: Table Schema type of each scalar Python type the models use.
_SCALAR_TYPES: dict[Any, str] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    dt.date: "date",
}

Getter = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    """One output column: its name, Table Schema type and how to read its value from a record."""

    name: str
    type: str
    get: Getter
    description: str = ""
    nullable: bool = True
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldShape:
    """What a model field holds, as far as flattening cares."""

    kind: Literal["scalar", "model", "list", "dict"]
    nullable: bool
    table_type: str = "string"
    enum: tuple[str, ...] = ()
    model: type[BaseModel] | None = None
    item: FieldShape | None = None


def field_shape(annotation: Any) -> FieldShape:
    """Classify a field annotation (``str | None``, ``list[PartyRef]``, ``Literal[...]``, ...)."""
    nullable = False
    if get_origin(annotation) in (Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(args) != 1:
            raise TypeError(f"cannot flatten a union of several types: {annotation!r}")
        annotation, nullable = args[0], True
    origin = get_origin(annotation)
    if origin is Literal:
        values = tuple(str(value) for value in get_args(annotation))
        return FieldShape("scalar", nullable, "string", values)
    if origin is list:
        (item,) = get_args(annotation)
        return FieldShape("list", nullable, item=field_shape(item))
    if origin is dict:
        return FieldShape("dict", nullable)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return FieldShape("model", nullable, model=annotation)
    if annotation in _SCALAR_TYPES:
        return FieldShape("scalar", nullable, _SCALAR_TYPES[annotation])
    raise TypeError(f"no column type for {annotation!r}")


def columns(
    model: type[BaseModel],
    *,
    prefix: str = "",
    get: Getter | None = None,
    nullable: bool = False,
) -> list[Column]:
    """Every scalar of ``model`` as a column, nested models flattened (see the module docstring).

    Args:
        model: The record model.
        prefix: Put before each column name (``"party_"`` for ``Amount.party``).
        get: Reads the model instance from the row's object; the object itself by default.
        nullable: The whole model may be null, so every column may be empty.
    """
    parent = get or _identity
    out: list[Column] = []
    for name, info in model.model_fields.items():
        out.extend(_field_columns(name, info, prefix, parent, nullable))
    return out


def _field_columns(
    name: str, info: FieldInfo, prefix: str, parent: Getter, nullable: bool
) -> list[Column]:
    """The columns of one field of a model (none for lists of models and dicts)."""
    shape = field_shape(info.annotation)
    getter = _attr(parent, name)
    empty = nullable or shape.nullable
    description = info.description or ""
    if shape.kind == "scalar":
        enum = shape.enum
        if name.endswith("version"):
            getter, enum = _as_version(getter), tuple(version_text(v) for v in enum)
            description = f"{description} Written as v<version>, so that it reads as text."
        return [Column(prefix + name, shape.table_type, getter, description.strip(), empty, enum)]
    if shape.kind == "model" and shape.model is not None:
        return columns(shape.model, prefix=f"{prefix}{name}_", get=getter, nullable=empty)
    if shape.kind == "list" and shape.item is not None and shape.item.kind == "scalar":
        description = f"{description} Joined with '{LIST_SEPARATOR}'.".strip()
        return [Column(prefix + name, "string", getter, description, True)]
    return []  # lists of models and dicts become tables of their own


def brief_columns(model: type[BaseModel], *, prefix: str = "") -> list[Column]:
    """Scalars of ``model`` for the one-row-per-item CSV, with text-carrying models shortened."""
    out: list[Column] = []
    for name, info in model.model_fields.items():
        shape = field_shape(info.annotation)
        getter = _attr(_identity, name)
        if shape.model is not None and shape.model in BRIEF_SUBFIELDS:
            text = _attr(getter, "text")
            out.append(Column(prefix + name, "string", text, info.description or ""))
            for sub, _plural in BRIEF_SUBFIELDS[shape.model]:
                out.append(Column(f"{prefix}{name}_{sub}", "string", _attr(getter, sub)))
        elif shape.kind == "list":
            # Lists of models: see brief_list_columns. Lists of strings (the preamble) would
            # repeat whole paragraphs on every item row; they are in JSON and ``tables``.
            continue
        else:
            out.extend(_field_columns(name, info, prefix, _identity, False))
    return out


def brief_list_columns(model: type[BaseModel]) -> list[Column]:
    """Aligned `` | ``-joined columns for each list field of ``model``.

    ``lead_parties`` holds the texts; ``lead_party_ids`` the ids in the same positions, empty
    where a party is unmatched, so the n-th id always belongs to the n-th text.
    """
    out: list[Column] = []
    for name, info in model.model_fields.items():
        shape = field_shape(info.annotation)
        if shape.kind != "list" or shape.item is None:
            continue
        if shape.item.model is None:
            # A list of strings of the item itself (its progress notes): one joined column.
            description = f"{info.description or ''} Joined with '{LIST_SEPARATOR}'.".strip()
            out.append(Column(name, "string", _attr(_identity, name), description))
            continue
        item_model = shape.item.model
        if item_model not in BRIEF_SUBFIELDS:
            where = f"{model.__name__}.{name}"
            raise TypeError(f"{where}: add {item_model.__name__} to BRIEF_SUBFIELDS")
        out.append(Column(name, "string", _joined(name, "text"), info.description or ""))
        for sub, plural in BRIEF_SUBFIELDS[item_model]:
            out.append(Column(f"{singular(name)}_{plural}", "string", _joined(name, sub)))
    return out


def cell(value: Any) -> str:
    """A value as CSV text: "" for null, true/false, ISO dates, ``80000`` not ``80000.0``; a list
    joined with `` | ``, and "" when every value in it is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # Whole amounts ("£80k") read better without ".0"; Table Schema "number" accepts both.
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return _join([cell(item) for item in value])
    return str(value)


def _join(parts: list[str]) -> str:
    """Values of one list in one cell; a list with nothing in it (all null) is an empty cell,
    not ``" |  | "``. Where some are empty the separators stay, so the n-th value still
    lines up with the n-th value of the aligned columns."""
    return LIST_SEPARATOR.join(parts) if any(parts) else ""


def version_text(version: str) -> str:
    """A version as a CSV cell: ``v2.0``, which no spreadsheet or pandas reads as the number
    2.0 (and 1.10 as 1.1)."""
    return f"v{version}"


def singular(name: str) -> str:
    """``lead_parties`` -> ``lead_party``, ``timings`` -> ``timing``; ``audience`` and
    ``progress`` unchanged."""
    if name.endswith("ss"):
        return name
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("s"):
        return name[:-1]
    return name


def _identity(value: Any) -> Any:
    return value


def _attr(parent: Getter, name: str) -> Getter:
    def get(obj: Any) -> Any:
        value = parent(obj)
        return None if value is None else getattr(value, name)

    return get


def _as_version(get: Getter) -> Getter:
    def version(obj: Any) -> str | None:
        value = get(obj)
        return None if value is None else version_text(value)

    return version


def _joined(field: str, sub: str) -> Getter:
    def get(obj: Any) -> str:
        values: Sequence[Any] = getattr(obj, field)
        parts = []
        for value in values:
            part = getattr(value, sub)
            parts.append(INNER_SEPARATOR.join(part) if isinstance(part, list) else cell(part))
        return _join(parts)

    return get
