"""One page image -> its ruled tables and its other text, as lines of words.

The page is straightened and cleaned (``clean``), its ruled tables found (``ruling``), the
ruling lines erased, and the whole page read by Tesseract once (its page layout analysis keeps
the columns of a table apart, and one run costs less than one per cell). Each word goes to the
cell its centre falls in, or to the text outside the tables. A cell that holds ink but got no
word (Tesseract's page analysis drops lone characters, such as a row number in a narrow
column) is cropped and read again on its own, all such cells of a page in one run.

The words of each cell, and those outside the tables, then become lines (``lines``), the digital
PDF reader's unit, so that its paragraph rules apply unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..pdflines import Line
from . import clean
from .images import DPI, PageImage
from .lines import Suspect, bands, body_size, make_line, typical_height, without_dust
from .ruling import CellBox, Grid, find_grids
from .tesseract import Deadline, Engine, Word, read_words

if TYPE_CHECKING:
    import numpy.typing as npt

    #: A page image or mask as OpenCV returns it (8-bit, one channel).
    Image = npt.NDArray[Any]

#: Inches of paper around a cell crop read on its own.
_CROP_MARGIN = 0.04


@dataclass(slots=True)
class PageTable:
    """A ruled table on a page, with the lines of text in each of its cells."""

    grid: Grid
    #: The lines of each cell, by ``id`` of its box in ``grid.cells``.
    lines: dict[int, list[Line]] = field(default_factory=dict)

    def cell_lines(self, cell: CellBox) -> list[Line]:
        return self.lines.get(id(cell), [])


@dataclass(slots=True)
class ScannedPage:
    """What OCR found on one page: tables, the lines outside them, and the doubtful words."""

    number: int
    width: int
    height: int
    angle: float
    source_dpi: float
    tables: list[PageTable]
    lines: list[Line]
    #: Words OCR may have misread, by ``id`` of the line they are on.
    doubts: dict[int, list[Suspect]]
    #: The size of the page's body text, pixels (see ``lines``).
    body: float


def read_page(image: PageImage, engine: Engine, deadline: Deadline) -> ScannedPage:
    """Straighten, clean and read one page image."""
    import numpy as np

    gray = image.gray
    angle = clean.skew_angle(clean.ink(gray))
    if angle:
        gray = clean.rotate(gray, angle)
    mask = clean.ink(gray)
    grids, rules = find_grids(mask, DPI)
    text = clean.despeckle(np.where(rules > 0, 0, mask).astype(np.uint8))
    paper: Image = (255 - text).astype(np.uint8)
    words = read_words(engine, [paper], psm=3, dpi=DPI, deadline=deadline)[0]
    typical = typical_height(words)
    words = without_dust(words, typical, text)
    tables = [PageTable(g) for g in grids]
    by_cell: dict[int, list[Word]] = {}
    outside: list[Word] = []
    for word in words:
        cell = _cell_for(grids, word)
        if cell is None:
            outside.append(word)
        else:
            by_cell.setdefault(id(cell), []).append(word)
    _reread_cells(grids, by_cell, text, paper, typical, engine, deadline)
    cell_bands = {
        id(cell): bands(by_cell.get(id(cell), []), text, (cell.top, cell.bottom))
        for g in grids
        for cell in g.cells
    }
    outside_bands = bands(outside, text)
    body = body_size([*outside_bands, *(b for bs in cell_bands.values() for b in bs)])
    doubts: dict[int, list[Suspect]] = {}
    for table in tables:
        for cell in table.grid.cells:
            made = (make_line(b, text, body, cell.x0, doubts) for b in cell_bands[id(cell)])
            table.lines[id(cell)] = [ln for ln in made if ln is not None]
    made = (make_line(b, text, body, 0.0, doubts) for b in outside_bands)
    lines = [ln for ln in made if ln is not None]
    height, width = gray.shape
    return ScannedPage(
        image.number, width, height, angle, image.source_dpi, tables, lines, doubts, body
    )


def _cell_for(grids: list[Grid], word: Word) -> CellBox | None:
    x = word.left + word.width / 2
    y = word.top + word.height / 2
    for grid in grids:
        cell = grid.cell_at(x, y)
        if cell is not None:
            return cell
    return None


def _reread_cells(
    grids: list[Grid],
    by_cell: dict[int, list[Word]],
    text: Image,
    paper: Image,
    typical: float,
    engine: Engine,
    deadline: Deadline,
) -> None:
    """Read cells again, each cropped on its own, all in one run: those that hold ink but got
    no word, and those of each table's first row (its header, which decides what every
    column means: "Whothe Actions are for" maps to nothing). A header cell keeps whichever
    reading Tesseract is surer of, on average over its words."""
    import cv2

    margin = int(_CROP_MARGIN * DPI)
    crops: list[Image] = []
    targets: list[tuple[CellBox, int, int]] = []
    for grid in grids:
        for cell in grid.cells:
            if id(cell) in by_cell and cell.row != 0:
                continue
            x0, y0 = int(cell.x0) + 2, int(cell.top) + 2
            x1, y1 = int(cell.x1) - 1, int(cell.bottom) - 1
            if x1 <= x0 or y1 <= y0 or not text[y0:y1, x0:x1].any():
                continue
            crop = cv2.copyMakeBorder(
                paper[y0:y1, x0:x1], margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=255
            )
            crops.append(crop)
            targets.append((cell, x0 - margin, y0 - margin))
    results = read_words(engine, crops, psm=6, dpi=DPI, deadline=deadline)
    for (cell, dx, dy), found in zip(targets, results, strict=True):
        placed = [w._replace(left=w.left + dx, top=w.top + dy) for w in found]
        kept = without_dust(placed, typical, text)
        before = by_cell.get(id(cell))
        if kept and (before is None or _sureness(kept) > _sureness(before)):
            by_cell[id(cell)] = kept


def _sureness(words: list[Word]) -> float:
    return sum(w.conf for w in words) / len(words)
