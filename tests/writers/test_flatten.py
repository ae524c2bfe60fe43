"""Columns derived from the models: names exist, never collide, values format as documented."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import Field

from workplan_extract.records import Item, PartyRef
from workplan_extract.writers.csv import HEADER
from workplan_extract.writers.flatten import BRIEF_SUBFIELDS, brief_list_columns, cell, singular
from workplan_extract.writers.tables import TABLES


def test_brief_subfields_name_real_fields() -> None:
    for model, subfields in BRIEF_SUBFIELDS.items():
        assert "text" in model.model_fields
        for name, _plural in subfields:
            assert name in model.model_fields, (model.__name__, name)


def test_column_names_are_unique() -> None:
    assert len(HEADER) == len(set(HEADER))
    for table in TABLES:
        names = [c.name for c in table.columns]
        assert len(names) == len(set(names)), table.name


def test_every_item_list_has_a_table_and_csv_columns() -> None:
    tables = {t.name for t in TABLES}
    for name, info in Item.model_fields.items():
        annotation = str(info.annotation)
        if annotation.startswith("list["):
            assert name in HEADER
            assert name in tables or "PartyRef" in annotation


def test_a_list_of_a_model_without_brief_subfields_is_refused() -> None:
    class Other(PartyRef):
        pass

    class Odd(Item):
        others: list[Other] = Field(default_factory=list)

    with pytest.raises(TypeError, match=r"Odd\.others: add Other to BRIEF_SUBFIELDS"):
        brief_list_columns(Odd)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (80000.0, "80000"),
        (1250.5, "1250.5"),
        (0.1, "0.1"),
        (3, "3"),
        (dt.date(2007, 4, 19), "2007-04-19"),
        (["a", "b"], "a | b"),
        ("Barnardo’s", "Barnardo’s"),
    ],
)
def test_cell(value: object, text: str) -> None:
    assert cell(value) == text


@pytest.mark.parametrize(
    ("plural", "one"),
    [("lead_parties", "lead_party"), ("timings", "timing"), ("audience", "audience")],
)
def test_singular(plural: str, one: str) -> None:
    assert singular(plural) == one
