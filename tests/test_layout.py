"""Finding the workplan table and front matter in a neutral document."""

from __future__ import annotations

import pytest

from workplan_extract.errors import NoWorkplanTable
from workplan_extract.layout import front_matter, locate
from workplan_extract.readers.base import Cell, CellLocation, Paragraph, Row, SourceDocument, Table


def _table(index: int, rows: list[list[str]], header: bool = False) -> Table:
    out = []
    for r, texts in enumerate(rows):
        cells = [
            Cell([Paragraph(t)] if t else [], c, CellLocation(index, r, c))
            for c, t in enumerate(texts)
        ]
        out.append(Row(cells, r, is_header=header and r == 0))
    return Table(out, index, len(rows[0]))


HEADER = ["No", "Actions", "Lead", "Timing"]


def test_unrelated_first_table_is_skipped_and_split_table_joined() -> None:
    doc = SourceDocument(
        [
            Paragraph("Attendance"),
            _table(0, [["Name", "Organisation"], ["Ann", "GOL"]]),
            Paragraph("Board Workplan 2008/09", style="Title"),
            Paragraph("Agreed by the Board."),
            _table(1, [HEADER, ["1", "Do", "GOL", "May"]]),
            Paragraph(""),
            _table(2, [HEADER, ["2", "Do more", "MPS", "June"]], header=True),
            _table(3, [["3", "And more", "ALG", "July"]]),
            Paragraph("Signed: the Chair"),
        ]
    )
    layout = locate(doc)
    assert layout.title == "Board Workplan 2008/09"
    assert layout.preamble == ["Attendance", "Agreed by the Board."]
    assert [(r.table, r.row.cells[0].text) for r in layout.rows] == [(1, "1"), (2, "2"), (3, "3")]
    assert layout.stray_text == ["Signed: the Chair"]


def test_table_with_another_grid_ends_the_workplan() -> None:
    doc = SourceDocument([_table(0, [HEADER, ["1", "a", "b", "c"]]), _table(1, [["x", "y"]])])
    assert len(locate(doc).rows) == 1


def test_no_workplan_table_is_an_error_naming_the_tables() -> None:
    with pytest.raises(NoWorkplanTable, match="none of its 1 tables"):
        locate(SourceDocument([_table(0, [["Name", "Organisation"]])]))
    with pytest.raises(NoWorkplanTable):
        locate(SourceDocument([Paragraph("just text")]))


def test_reference_is_taken_from_the_front_matter() -> None:
    title, reference, preamble = front_matter(
        [Paragraph("Paper 7"), Paragraph("London Board Workplan 2007/08"), Paragraph("Mission")]
    )
    assert (title, reference, preamble) == ("London Board Workplan 2007/08", "Paper 7", ["Mission"])
