"""One document as the report arranges it: statuses, warnings and cells put in their places."""

from __future__ import annotations

from typing import get_args

import pytest

from workplan_extract.records import Status, StatusValue, Warning
from workplan_extract.report.view import column_of, document_view, rag

from .conftest import rich_document


@pytest.mark.parametrize(
    ("value", "css", "letter"),
    [
        ("red", "r", "R"),
        ("overdue", "r", "R"),
        ("amber", "a", "A"),
        ("at-risk", "a", "A"),
        ("green", "g", "G"),
        ("on-track", "g", "G"),
        ("blue", "b", "B"),
        ("complete", "b", "C"),
        ("not-started", "n", "N"),
        ("deferred", "n", "D"),
        ("cancelled", "n", "X"),
        (None, "u", "?"),
    ],
)
def test_every_status_has_a_colour_and_a_letter(value: str | None, css: str, letter: str) -> None:
    badge = rag(Status(text="as written", value=value))  # type: ignore[arg-type]
    assert (badge.css, badge.letter) == (css, letter)


def test_the_status_table_above_covers_every_status_value() -> None:
    assert {rag(Status(text="", value=v)).letter for v in get_args(StatusValue)} == set("RAGBCNDX")


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("lead_parties", "parties"),
        ("lead_parties_2", "parties"),
        ("audience", "parties"),
        ("meetings", "timings"),
        ("timings_3", "timings"),
        ("status", "status"),
        ("actions", "item"),
        ("other_2", "item"),
        (None, "item"),
    ],
)
def test_fields_and_cell_keys_map_to_columns(name: str | None, column: str) -> None:
    assert column_of(name) == column


def test_a_warning_for_a_shared_item_number_goes_to_the_first_and_says_so() -> None:
    doc = rich_document()
    items = [doc.items[0], doc.items[0].model_copy(update={"title": "Second 1.1"})]
    warning = Warning(code="timing.unparsed", message="?", item="1.1", field="timings")
    doc = doc.model_copy(update={"items": items, "warnings": [warning]})
    view = document_view(doc, 0, "x.json")
    assert [p.shared_by for p in view.items[0].warnings_in("timings")] == [2]
    assert view.items[1].warnings == {}
    # The second item continues the same section: no new heading.
    assert (view.items[0].section, view.items[1].section) == ("Priority 1: Early help", None)


def test_every_warning_and_cell_is_placed_exactly_once() -> None:
    doc = rich_document()
    view = document_view(doc, 4, "x.json")
    placed = [
        p.warning
        for iv in view.items
        for column in ("item", "status", "parties", "timings")
        for p in iv.warnings_in(column)
    ]
    placed += [p.warning for ps in view.header_warnings.values() for p in ps]
    placed += [p.warning for p in view.other_warnings]
    assert sorted(placed, key=repr) == sorted(doc.warnings, key=repr)
    for iv in view.items:
        shown = {k: v for cells in iv.cells.values() for k, v in cells.items()}
        assert shown == iv.item.cells
    assert view.anchor == "doc-5"
