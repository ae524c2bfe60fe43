"""Ruled tables found on a page image drawn here: cells, spans, and the lines to erase."""

from __future__ import annotations

from workplan_extract.readers.ocr.ruling import find_grids

from .conftest import cv2, np

#: Column edges and row edges of the table drawn below, pixels at 300 dpi.
XS = [100, 400, 900, 1300]
YS = [500, 600, 900, 1100]


def _table_page() -> np.ndarray:
    page = np.full((1500, 1500), 255, np.uint8)
    for y in YS:
        cv2.line(page, (XS[0], y), (XS[-1], y), 0, 3)
    for i, x in enumerate(XS):
        # The last row's second and third cells are one cell: no line between them there.
        bottom = YS[2] if i == 2 else YS[-1]
        cv2.line(page, (x, YS[0]), (x, bottom), 0, 3)
    # A title in large type above the table: its stems are tall vertical runs of ink.
    cv2.putText(page, "IL WORKPLAN", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 6, 0, 25)
    return page


def _ink(page: np.ndarray) -> np.ndarray:
    return np.where(page < 128, 255, 0).astype(np.uint8)


def test_cells_rows_columns_and_a_merged_cell() -> None:
    [grid], _ = find_grids(_ink(_table_page()), 300)
    assert [round(x) for x in grid.xs] == XS[:-1]
    assert [round(t) for t in grid.tops] == YS[:-1]
    assert (round(grid.x1), round(grid.bottom)) == (XS[-1], YS[-1])
    cells = {(c.row, c.col): (c.span, c.rowspan) for c in grid.cells}
    assert len(cells) == 3 + 3 + 2
    assert cells[2, 1] == (2, 1)  # the merged cell covers two columns
    merged = grid.cell_at(1000, 1000)
    assert merged is not None and (merged.row, merged.col) == (2, 1)
    assert grid.cell_at(50, 50) is None


def test_the_lines_are_erased_and_the_title_is_not() -> None:
    page = _table_page()
    _, lines = find_grids(_ink(page), 300)
    assert lines[YS[1], 700] and lines[800, XS[1]]  # a rule and a column line
    title = _ink(page)[100:320, 100:1400]
    # No stroke of the large title is taken for a ruling line.
    assert not (lines[100:320, 100:1400] & title).any()


def test_a_page_without_a_table() -> None:
    page = np.full((600, 800), 255, np.uint8)
    cv2.line(page, (50, 300), (750, 300), 0, 3)  # a rule under a heading is no table
    grids, lines = find_grids(_ink(page), 300)
    assert grids == []
    assert lines[300, 400]  # still erased before reading
