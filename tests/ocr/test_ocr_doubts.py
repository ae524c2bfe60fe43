"""Doubts -> ``ocr.low_confidence`` warnings naming the item and field the words ended in."""

from __future__ import annotations

from workplan_extract.doubts import doubt_warnings
from workplan_extract.items import Segment
from workplan_extract.layout import Layout, SourceRow, TablePart
from workplan_extract.readers.base import Cell, CellLocation, Doubt, Paragraph, Row
from workplan_extract.records import ColumnMapping


def _row(index: int, texts: list[str]) -> Row:
    cells = [
        Cell([Paragraph(t)] if t else [], col, CellLocation(0, index, col, 1))
        for col, t in enumerate(texts)
    ]
    return Row(cells, index, page=1)


def _setup() -> tuple[Layout, list[Segment], list[dict[str, object]]]:
    rows = [
        _row(1, ["1", "Safeguarding Boards", "• Develop a model"]),
        _row(2, ["", "", "• and more of item 1"]),  # joined to item 1
        _row(3, ["Theme 2: Training", "", ""]),  # a section heading
        _row(4, ["2", "Training", "Set up a group"]),
    ]
    part = TablePart(["", "Item", "Activity"], 3, [SourceRow(0, r) for r in rows])
    layout = Layout("Workplan 2004", "Paper 7", ["The Board is invited to agree."], [part])
    columns = [
        ColumnMapping(column=0, header="", field="number", score=0, basis="content"),
        ColumnMapping(column=1, header="Item", field="title", score=100, basis="header"),
        ColumnMapping(column=2, header="Activity", field="actions", score=100, basis="header"),
    ]
    items: list[dict[str, object]] = [
        {"number": "1", "section": None, "location": {"table": 0, "row": 1, "page": 1}},
        {"number": "2", "section": "Theme 2: Training", "location": {"table": 0, "row": 4}},
    ]
    return layout, [Segment(part.rows, columns)], items


def _placed(doubt: Doubt) -> tuple[object, object, str]:
    layout, segments, items = _setup()
    [warning] = doubt_warnings([doubt], layout, segments, items)  # type: ignore[arg-type]
    return warning["item"], warning["field"], warning["message"]


def test_a_cell_doubt_names_its_item_and_field() -> None:
    why = "with low confidence (41/100)"
    assert _placed(Doubt("Develop", CellLocation(0, 1, 2, 1), "• Develop a model", why)) == (
        "1",
        "actions",
        'OCR read "Develop" with low confidence (41/100), in "• Develop a model"',
    )
    # A row joined to the item above is that item's.
    assert _placed(Doubt("more", CellLocation(0, 2, 2, 1), "• and more", why))[:2] == (
        "1",
        "actions",
    )
    assert _placed(Doubt("2", CellLocation(0, 4, 0, 1), "2", why))[:2] == ("2", "number")


def test_a_section_row_and_a_header_row() -> None:
    why = "with low confidence (8/100)"
    assert _placed(Doubt("Theme", CellLocation(0, 3, 0, 1), "Theme 2: Training", why))[:2] == (
        None,
        "section",
    )
    # Row 0 is the header: the doubt is about a column's header.
    assert _placed(Doubt("Item", CellLocation(0, 0, 1, 1), "Item", why))[:2] == (None, "columns")


def test_front_matter_doubts_name_title_reference_or_preamble() -> None:
    why = "with low confidence (12/100)"
    assert _placed(Doubt("Workplan", None, "Workplan 2004", why))[:2] == (None, "title")
    assert _placed(Doubt("7", None, "Paper 7", why))[:2] == (None, "reference")
    assert _placed(Doubt("agree", None, "The Board is invited to agree.", why))[:2] == (
        None,
        "preamble",
    )


def test_a_doubt_in_another_table_is_not_about_the_workplan() -> None:
    layout, segments, items = _setup()
    doubt = Doubt("x", CellLocation(5, 0, 0, 3), "x", "with low confidence (1/100)")
    assert doubt_warnings([doubt], layout, segments, items) == []  # type: ignore[arg-type]
