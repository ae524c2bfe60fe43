"""Scanned pages -> the neutral model: a table over two pages, as the PDF reader joins one.

The pages are made by hand (cell boxes and lines of text in pixels), so each rule is seen
working alone: the repeated header, the row split by the page break, page numbers, doubts.
"""

from __future__ import annotations

from workplan_extract.readers.base import BULLET, CellLocation, Doubt, Paragraph, SourceDocument
from workplan_extract.readers.ocr.assemble import assemble
from workplan_extract.readers.ocr.lines import Suspect
from workplan_extract.readers.ocr.page import PageTable, ScannedPage
from workplan_extract.readers.ocr.ruling import CellBox, Grid
from workplan_extract.readers.pdflines import Line
from workplan_extract.settings import Settings

SIZE = 40.0
WIDTH, HEIGHT = 3500, 2500
XS = [200.0, 400.0]  # the number column, then the activity column
RIGHT = 1800.0


def _line(text: str, x0: float, baseline: float) -> Line:
    first = text.split()[0]
    width = 20.0 * len(text)
    return Line(text, x0, x0 + width, baseline - SIZE, baseline, SIZE, 20.0 * len(first), 20.0)


def _table(rows: list[tuple[list[str], list[str]]], top: float) -> tuple[PageTable, list[float]]:
    """A two-column table whose rows hold these lines (number cell, activity cell)."""
    tops = []
    y = top
    cells = []
    contents = []
    for r, (number, activity) in enumerate(rows):
        height = 60.0 * max(len(number), len(activity), 1) + 20
        tops.append(y)
        for c, (x0, x1, lines) in enumerate(((XS[0], XS[1], number), (XS[1], RIGHT, activity))):
            cells.append(CellBox(r, c, 1, 1, x0, y, x1, y + height))
            contents.append(lines)
        y += height
    grid = Grid(list(XS), tops, RIGHT, y, cells)
    table = PageTable(grid)
    for box, lines in zip(cells, contents, strict=True):
        table.lines[id(box)] = [
            _line(text, box.x0 + 22, box.top + 60.0 * (i + 1)) for i, text in enumerate(lines)
        ]
    return table, tops


def _page(number: int, table: PageTable, outside: list[Line]) -> ScannedPage:
    return ScannedPage(number, WIDTH, HEIGHT, 0.0, 300.0, [table], outside, {}, SIZE)


def _pages() -> list[ScannedPage]:
    header = (["No."], ["Activity"])
    first, _ = _table(
        [
            header,
            (["1"], [f"{BULLET} Develop a model of Safeguarding Boards."]),
            # A line that fills the cell: the text goes on below, on the next page.
            (["2"], [f"{BULLET} Encourage exchange of information & inter-borough support 8"]),
        ],
        top=400.0,
    )
    second, _ = _table(
        [
            header,
            ([], ["between pathfinders.", f"{BULLET} Encourage pathfinders to take part."]),
            (["3"], ["Training"]),
        ],
        top=200.0,
    )
    title = _line("London Child Protection Committee Workplan 2004", 200.0, 250.0)
    folio_1 = _line("Page 1 of 2", 1700.0, HEIGHT - 80)
    folio_2 = _line("Page 2 of 2", 1700.0, HEIGHT - 80)
    return [_page(1, first, [title, folio_1]), _page(2, second, [folio_2])]


def test_the_table_over_two_pages_is_one_table() -> None:
    doc = SourceDocument()
    assemble(_pages(), Settings(), doc)
    title, table = doc.blocks
    assert isinstance(title, Paragraph)
    assert title.text == "London Child Protection Committee Workplan 2004"
    assert not isinstance(table, Paragraph)
    # Page numbers are gone; the header repeated on page 2 is marked; the row split by the
    # page break is one row.
    assert [r.is_header for r in table.rows] == [True, False, False, True, False]
    assert [r.page for r in table.rows] == [1, 1, 1, 2, 2]
    split = table.rows[2].cell_at(1)
    assert split is not None
    assert [p.rendered for p in split.paragraphs] == [
        f"{BULLET} Encourage exchange of information & inter-borough support 8 between "
        "pathfinders.",
        f"{BULLET} Encourage pathfinders to take part.",
    ]
    last = table.rows[4]
    assert [c.text for c in last.cells] == ["3", "Training"]
    assert last.cells[1].location == CellLocation(0, 4, 1, 2)


def test_low_confidence_words_name_their_cell_or_paragraph() -> None:
    pages = _pages()
    training = pages[1].tables[0].lines[id(pages[1].tables[0].grid.cells[-1])][0]
    title = pages[0].lines[0]
    pages[1].doubts[id(training)] = [Suspect("Training", "with low confidence (41/100)")]
    pages[0].doubts[id(title)] = [Suspect("Workplan", "with low confidence (12/100)")]
    doc = SourceDocument()
    assemble(pages, Settings(), doc)
    assert doc.doubts == [
        Doubt(
            "Workplan",
            None,
            "London Child Protection Committee Workplan 2004",
            "with low confidence (12/100)",
        ),
        Doubt("Training", CellLocation(0, 4, 1, 2), "Training", "with low confidence (41/100)"),
    ]


def test_a_table_that_does_not_line_up_is_a_new_table() -> None:
    pages = _pages()
    moved = pages[1].tables[0].grid
    moved.xs[1] += 300.0  # the second page's columns are elsewhere: another table
    doc = SourceDocument()
    assemble(pages, Settings(), doc)
    tables = list(doc.tables())
    assert [t.index for t in tables] == [0, 1]
    assert not any(r.is_header for r in tables[1].rows[1:])
