"""From a grid of cells to paragraphs and a table: title rows, notes, empty rows and columns."""

from __future__ import annotations

import pytest

from workplan_extract.errors import TooLarge
from workplan_extract.readers.base import Paragraph, Table
from workplan_extract.readers.grid import GridCell, GridRow, build, paragraphs_of
from workplan_extract.settings import Settings


def row(index: int, *texts: str, spans: dict[int, int] | None = None) -> GridRow:
    spans = spans or {}
    cells = [
        GridCell(col, paragraphs_of(text), spans.get(col, 1))
        for col, text in enumerate(texts)
        if text
    ]
    return GridRow(index, cells)


def texts(table: Table) -> list[list[tuple[int, int, str]]]:
    return [[(c.col, c.span, c.text) for c in r.cells] for r in table.rows]


def test_title_rows_and_trailing_notes_become_paragraphs() -> None:
    rows = [
        row(0, "Workplan 2012/13"),
        row(1, "Updated:", "", "", "June 2012"),  # two of six: at most half the widest row
        row(2),
        row(3, "Ref", "Action", "Lead", "Timing", "RAG", "Progress"),
        row(4, "1", "Audit", "ALG", "May", "G", ""),
        row(5, "Priority 2"),  # one filled cell inside the table stays in it
        row(6, "2", "Train", "", "", "", ""),
        row(7, "Key: R = not on track"),
    ]
    blocks = build(rows, 0, Settings())
    assert blocks.before == [Paragraph("Workplan 2012/13"), Paragraph("Updated: June 2012")]
    assert blocks.after == [Paragraph("Key: R = not on track")]
    assert blocks.table is not None
    assert [r.index for r in blocks.table.rows] == [3, 4, 5, 6]


def test_a_row_tied_by_a_merge_stays_in_the_table() -> None:
    first = row(1, "1", "Audit", "ALG")
    tied = GridRow(
        2,
        [GridCell(0, first.cells[0].paragraphs, merged_from=1), GridCell(1, paragraphs_of("more"))],
    )
    blocks = build([row(0, "Ref", "Action", "Lead"), first, tied], 0, Settings())
    assert blocks.after == []
    assert blocks.table is not None and len(blocks.table.rows) == 3


def test_empty_columns_go_and_spans_shrink() -> None:
    rows = [
        row(0, "", "Ref", "", "Action", "Lead"),
        row(1, "", "1", "Audit with the Board", "", "", spans={2: 3}),
    ]
    table = build(rows, 4, Settings(), name="Plan").table
    assert table is not None
    assert (table.index, table.name, table.ncols) == (4, "Plan", 4)
    assert texts(table) == [
        [(0, 1, "Ref"), (2, 1, "Action"), (3, 1, "Lead")],
        [(0, 1, "1"), (1, 3, "Audit with the Board")],
    ]
    assert [c.location.col for c in table.rows[1].cells] == [0, 1]


def test_a_grid_without_two_filled_cells_in_a_row_is_only_paragraphs() -> None:
    blocks = build([row(0, "Notes"), row(1, "", "Second line")], 0, Settings())
    assert blocks.table is None
    assert blocks.all() == [Paragraph("Notes"), Paragraph("Second line")]


def test_row_limit() -> None:
    rows = [row(i, str(i), "text") for i in range(12)]
    with pytest.raises(TooLarge, match="max_rows"):
        build(rows, 0, Settings(max_rows=11))


def test_paragraphs_of_splits_lines_and_reads_labels() -> None:
    assert paragraphs_of("  Review \r\n\n· consult\u2028(b) publish ") == [
        Paragraph("Review"),
        Paragraph("consult", "•"),
        Paragraph("publish", "b)"),
    ]
    assert paragraphs_of("   ") == []
