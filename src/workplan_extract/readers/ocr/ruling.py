"""Ruled tables on a page image: ruling lines with OpenCV, cells with pdfplumber's lattice rules.

Ruling lines are the long straight runs of ink that text never makes: a morphological opening
with a long, thin kernel keeps them and nothing else (camelot's lattice mode and img2table do
the same). Each run becomes an edge, and from there the cells are found exactly as the digital
PDF reader finds them from a PDF's drawn lines: pdfplumber's own functions snap and join the
edges, find where they cross, and take each smallest rectangle whose sides are all drawn as a
cell (a cell merged across columns or rows is one larger rectangle). So a scan of a PDF gives
the table its digital original gives.

The lines themselves are returned as a mask, to be erased before Tesseract reads the page: a
ruling line beside a word is read as "|" or "l".
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy.typing as npt

    #: A page image or mask as OpenCV returns it (8-bit, one channel).
    Image = npt.NDArray[Any]

#: Shortest ruling lines, inches: horizontal (longer than any run of text ink) and vertical
#: (a one-line row is about a fifth of an inch high).
_MIN_H, _MIN_V = 0.4, 0.15
#: Inches within which edges are snapped to one line, joined across a gap, or said to cross.
_SNAP, _JOIN, _CROSS = 0.02, 0.05, 0.035
#: A table needs at least this many cells.
_MIN_CELLS = 2


@dataclass(slots=True)
class CellBox:
    """A cell of a ruled table: its grid position and its box in pixels."""

    row: int
    col: int
    span: int
    rowspan: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class Grid:
    """A ruled table on one page: column left edges, row top edges and the cells."""

    xs: list[float]
    tops: list[float]
    x1: float
    bottom: float
    cells: list[CellBox]
    _slots: dict[tuple[int, int], CellBox] = field(default_factory=dict, repr=False)

    @property
    def x0(self) -> float:
        return self.xs[0]

    @property
    def top(self) -> float:
        return self.tops[0]

    def cell_at(self, x: float, y: float) -> CellBox | None:
        """The cell whose box holds the point, if any."""
        if not (self.x0 <= x < self.x1 and self.top <= y < self.bottom):
            return None
        r = bisect_right(self.tops, y) - 1
        c = bisect_right(self.xs, x) - 1
        return self._slots.get((r, c))


def find_grids(mask: Image, dpi: int) -> tuple[list[Grid], Image]:
    """The ruled tables of a page whose ink is ``mask`` (255 = ink), top to bottom, and the
    mask of the lines to erase before reading the text: every long horizontal rule, and the
    vertical runs that are the tables' column lines (the stems of large letters are vertical
    runs too, and must stay)."""
    import cv2
    import numpy as np

    horizontal = _runs(mask, (max(int(_MIN_H * dpi), 2), 1))
    vertical = _runs(mask, (1, max(int(_MIN_V * dpi), 2)))
    h_edges, _ = _edges(horizontal, "h")
    v_edges, v_shapes = _edges(vertical, "v")
    grids: list[Grid] = []
    if h_edges and v_edges:
        grids = [
            grid
            for boxes in _tables([*h_edges, *v_edges], dpi)
            if len(boxes) >= _MIN_CELLS and (grid := _grid(boxes, _CROSS * dpi)) is not None
        ]
    grids.sort(key=lambda g: (g.top, g.x0))
    tolerance = _CROSS * dpi
    lines = horizontal.copy()
    for edge, shape in zip(v_edges, v_shapes, strict=True):
        if any(_on_column(edge, grid, tolerance) for grid in grids):
            cv2.drawContours(lines, [shape], -1, 255, cv2.FILLED)
    # Widened by two pixels each way: a grey scan blurs a line into fringes that thresholding
    # keeps beside it, which Tesseract would read as "|" or "—".
    return grids, cv2.dilate(lines, np.ones((5, 5), np.uint8))


def _on_column(edge: dict[str, Any], grid: Grid, tolerance: float) -> bool:
    x = edge["x0"]
    if edge["top"] < grid.top - tolerance or edge["bottom"] > grid.bottom + tolerance:
        return False
    return any(abs(x - c) <= tolerance for c in (*grid.xs, grid.x1))


def _runs(mask: Image, kernel: tuple[int, int]) -> Image:
    import cv2

    shape = cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
    out: Image = cv2.morphologyEx(mask, cv2.MORPH_OPEN, shape)
    return out


def _edges(runs: Image, orientation: str) -> tuple[list[dict[str, Any]], list[Any]]:
    """Each run of ink as a pdfplumber edge (a line of no thickness along its middle), and
    the run's outline, in the same order. (Outlines, not connected components: on a whole
    page, finding outlines takes a hundredth of the time.)"""
    import cv2

    shapes, _ = cv2.findContours(runs, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for shape in shapes:
        x, y, width, height = cv2.boundingRect(shape)
        if orientation == "h":
            middle = y + height / 2
            box = (float(x), middle, float(x + width), middle)
        else:
            middle = x + width / 2
            box = (middle, float(y), middle, float(y + height))
        out.append(
            {
                "x0": box[0],
                "top": box[1],
                "x1": box[2],
                "bottom": box[3],
                "width": box[2] - box[0],
                "height": box[3] - box[1],
                "orientation": orientation,
                "object_type": "line",
            }
        )
    return out, list(shapes)


def _tables(edges: list[dict[str, Any]], dpi: int) -> list[list[tuple[float, float, float, float]]]:
    # pdfplumber's lattice steps, as its TableFinder runs them on a PDF's drawn edges.
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )

    snap, join, cross = _SNAP * dpi, _JOIN * dpi, _CROSS * dpi
    merged = merge_edges(edges, snap, snap, join, join)
    cells = intersections_to_cells(edges_to_intersections(merged, cross, cross))
    return [
        [(float(a), float(b), float(c), float(d)) for a, b, c, d in t]
        for t in cells_to_tables(cells)
    ]


def _grid(boxes: list[tuple[float, float, float, float]], tolerance: float) -> Grid | None:
    xs = _distinct(b[0] for b in boxes)
    tops = _distinct(b[1] for b in boxes)
    if len(xs) < 1 or len(tops) < 1:
        return None
    cells = []
    slots: dict[tuple[int, int], CellBox] = {}
    for x0, top, x1, bottom in sorted(boxes, key=lambda b: (b[1], b[0])):
        col = _nearest(xs, x0)
        row = _nearest(tops, top)
        span = sum(1 for x in xs[col:] if x < x1 - tolerance) or 1
        rowspan = sum(1 for t in tops[row:] if t < bottom - tolerance) or 1
        cell = CellBox(row, col, span, rowspan, x0, top, x1, bottom)
        cells.append(cell)
        for r in range(row, row + rowspan):
            for c in range(col, col + span):
                slots.setdefault((r, c), cell)
    return Grid(xs, tops, max(b[2] for b in boxes), max(b[3] for b in boxes), cells, slots)


def _distinct(values: Any) -> list[float]:
    return sorted(set(values))


def _nearest(values: list[float], value: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - value))
