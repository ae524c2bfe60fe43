"""One PDF page at a time: its ruled tables' cell boxes, and its glyphs made into lines.

pdfplumber finds the ruled tables (the cell boxes its table finder draws from the ruling
lines; two tables drawn touching, which it takes for one, are split apart again); the page's
glyphs are read once and bucketed into those boxes by bisection, and the glyphs of each box
become lines (see ``pdflines``). Glyphs outside every table are the page's
own lines (title, headings, preamble, text between tables).

Pages are made one at a time from the page tree and closed as soon as they are read, and only
the lines are kept: memory holds one page's glyphs at a time, not the document's.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .pdfdoc import reading
from .pdflines import Char, Line, make_lines, mark_trailing_spaces

if TYPE_CHECKING:
    from pdfplumber.page import Page
    from pdfplumber.pdf import PDF

#: Points within which two edges are the same edge (pdfplumber snaps ruling lines at 3).
TOL = 3.0


@dataclass(slots=True, eq=False)
class Frag:
    """A cell box as drawn on one page, with the glyphs and then the lines inside it."""

    row: int
    col: int
    span: int
    rowspan: int
    x0: float
    x1: float
    page: int
    chars: list[Char] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    #: Line indexes where the cell goes on after a page break (a tuple: most cells have none,
    #: and a document holds tens of thousands of these).
    junctions: tuple[int, ...] = ()


@dataclass(slots=True)
class Grid:
    """One table on one page: its column left edges, row top edges and cell boxes."""

    page: int
    top: float
    x0: float
    x1: float
    bottom: float
    xs: list[float]
    tops: list[float]
    frags: list[Frag]
    slots: dict[tuple[int, int], Frag]


@dataclass(slots=True)
class PageRead:
    """What is kept of a page once it is closed: its tables' boxes with their lines, and
    the lines outside every table."""

    number: int
    width: float
    height: float
    grids: list[Grid]
    lines: list[Line]


def iter_pages(pdf: PDF, count: int) -> Iterator[Page]:
    """The first ``count`` pages, each made when it is needed.

    pdfplumber's ``pdf.pages`` makes (and keeps) every page object before the first is read;
    a page made here is dropped by the caller once read, after ``page.close()``.
    """
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    doctop = 0.0
    with reading("the page tree"):
        walk = PDFPage.create_pages(pdf.doc)
    for number in range(1, count + 1):
        with reading("the page tree"):
            page_obj = next(walk, None)
        if page_obj is None:
            return
        with reading(f"page {number}"):
            page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
            doctop += float(page.height)
        yield page


def read_page(page: Page, tags: Mapping[int, int] | None) -> tuple[PageRead, list[Char]]:
    """Read one page: its ruled tables, and every glyph as part of a line. Also returns the
    glyphs outside the tables (space glyphs left out), for the caller to look at before
    they are dropped."""
    number = page.page_number
    with reading(f"page {number}"):
        chars = page.chars
        found = page.find_tables()
        grids = [_grid(part, number) for t in found if t.cells for part in split_stacked(t.cells)]
        width, height = float(page.width), float(page.height)
    outside: list[Char] = []
    spaces: list[Char] = []
    for ch in chars:
        if ch["text"].isspace():
            spaces.append(ch)
            continue
        frag = _slot(grids, (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2)
        (outside if frag is None else frag.chars).append(ch)
    every: list[Line] = []
    for grid in grids:
        for frag in grid.frags:
            frag.lines = make_lines(frag.chars, tags)
            frag.chars = []
            every += frag.lines
    lines = make_lines(outside, tags)
    mark_trailing_spaces([*every, *lines], spaces)
    for grid in grids:
        grid.slots = {}  # only needed to place the glyphs; kept for every page otherwise
    return PageRead(number, width, height, grids, lines), outside


def page_glyphs(page: Page) -> tuple[list[Char], list[Char]]:
    """The page's glyphs and, apart, its space glyphs (which only mark where lines wrap)."""
    with reading(f"page {page.page_number}"):
        chars = page.chars
    glyphs: list[Char] = []
    spaces: list[Char] = []
    for ch in chars:
        (spaces if ch["text"].isspace() else glyphs).append(ch)
    return glyphs, spaces


def grid_of_rows(
    page: int, top: float, bottom: float, rows: list[list[list[Char]]], xs: list[float], x1: float
) -> Grid:
    """A grid for a table part found without ruling lines (one box per row and column)."""
    rights = [*xs[1:], x1]
    frags = [
        Frag(r, c, 1, 1, xs[c], rights[c], page, chars)
        for r, row in enumerate(rows)
        for c, chars in enumerate(row)
    ]
    slots = {(f.row, f.col): f for f in frags}
    tops = [float(r) for r in range(len(rows))]
    return Grid(page, top, xs[0], x1, bottom, xs, tops, frags, slots)


def split_stacked(cells: list[Any]) -> list[list[Any]]:
    """The cell boxes of one ruled table found on a page, split where it is two tables drawn
    one right under the other (Word and LibreOffice draw tables with nothing between them as
    touching): at a row boundary that no cell crosses, where the rows above and below have
    inner column edges and share none of them. One table's rows keep the same grid; a merged
    cell leaves out some of its edges, never all of them for others.
    """
    if len(cells) < 4:
        return [cells]
    x0 = min(c[0] for c in cells)
    tops = sorted({round(c[1], 1) for c in cells})
    cuts = []
    for y in tops[1:]:
        if any(c[1] < y - TOL and c[3] > y + TOL for c in cells):
            continue  # a cell crosses the boundary: one table
        above = _inner_edges((c for c in cells if abs(c[3] - y) <= TOL), x0)
        below = _inner_edges((c for c in cells if abs(c[1] - y) <= TOL), x0)
        if above and below and not any(abs(a - b) <= TOL for a in above for b in below):
            cuts.append(y)
    if not cuts:
        return [cells]
    parts: list[list[Any]] = [[] for _ in range(len(cuts) + 1)]
    for cell in cells:
        parts[bisect_right(cuts, cell[1] + TOL)].append(cell)
    return [p for p in parts if p]


def _inner_edges(cells: Iterator[Any], x0: float) -> set[float]:
    """The left edges of a row's cells but the table's own (at ``x0``)."""
    return {round(c[0], 1) for c in cells if abs(c[0] - x0) > TOL}


def _grid(cells: list[Any], page: int) -> Grid:
    xs = sorted({c[0] for c in cells})
    tops = sorted({c[1] for c in cells})
    frags = []
    slots: dict[tuple[int, int], Frag] = {}
    for x0, top, x1, bottom in cells:
        col, row = xs.index(x0), tops.index(top)
        span = sum(1 for x in xs[col:] if x < x1 - TOL) or 1
        rowspan = sum(1 for t in tops[row:] if t < bottom - TOL) or 1
        frag = Frag(row, col, span, rowspan, x0, x1, page)
        frags.append(frag)
        for r in range(row, row + rowspan):
            for c in range(col, col + span):
                slots[r, c] = frag
    return Grid(
        page,
        min(c[1] for c in cells),
        xs[0],
        max(c[2] for c in cells),
        max(c[3] for c in cells),
        xs,
        tops,
        frags,
        slots,
    )


def _slot(grids: list[Grid], x: float, y: float) -> Frag | None:
    for grid in grids:
        if grid.x0 <= x < grid.x1 and grid.top <= y < grid.bottom:
            r = bisect_right(grid.tops, y) - 1
            c = bisect_right(grid.xs, x) - 1
            return grid.slots.get((r, c))
    return None
