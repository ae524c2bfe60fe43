"""From a grid of cells (a worksheet, a CSV file, an HTML table) to the neutral model's blocks.

Spreadsheets and web pages put a table's title, and notes such as a RAG key, in rows of the grid
itself: a cell in column A (or merged across the sheet) above the header row and below the last
row. A Word file would have them as paragraphs around the table, and that is how they are
reported here, so the layout reads a spreadsheet's title as it reads a Word file's:

- leading rows with at most half as many filled cells as the widest row (and always those with
  one or none) are paragraphs before the table; the first row with more starts the table;
- trailing rows with one filled cell, after the last row with two or more (or one tied to the
  row above by a merged cell), are paragraphs after the table;
- rows with nothing in them are dropped, and so are columns with nothing in them (a margin
  column, or the space a hidden column left): grid columns are renumbered, spans shrink to the
  columns that remain. ``Row.index`` keeps the source row, so locations stay traceable.

A grid whose rows never hold two filled cells is no table: all of it becomes paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import TooLarge
from ..settings import Settings
from .base import Cell, CellLocation, Paragraph, Row, Table, tidy

_LINES = re.compile(r"\r\n?|\n|\u2028|\u2029|\v")


@dataclass(slots=True)
class GridCell:
    """A cell as the source has it: its first source column, how many it covers, and, in the
    rows after the first of a vertical merge, the source row where the merge starts (its
    ``paragraphs`` are then the first row's list)."""

    col: int
    paragraphs: list[Paragraph]
    span: int = 1
    merged_from: int | None = None


@dataclass(slots=True)
class GridRow:
    """A source row: its 0-based index in the source, its cells in column order, the line a
    CSV record starts on, and whether the source marks it as a header row."""

    index: int
    cells: list[GridCell] = field(default_factory=list)
    line: int | None = None
    is_header: bool = False

    def filled(self) -> int:
        """How many cells of the row's own (not carried down from a merge above) hold text."""
        count = 0
        for cell in self.cells:
            if cell.merged_from is None and _has_text(cell.paragraphs):
                count += 1
        return count


def _has_text(paragraphs: list[Paragraph]) -> bool:
    for p in paragraphs:  # noqa: SIM110 - a loop: called per cell, usually settled at once
        if p.text:
            return True
    return False


@dataclass(slots=True)
class Blocks:
    """What a grid becomes: paragraphs before the table, the table (if any), paragraphs after."""

    before: list[Paragraph] = field(default_factory=list)
    table: Table | None = None
    after: list[Paragraph] = field(default_factory=list)

    def all(self) -> list[Paragraph | Table]:
        middle: list[Paragraph | Table] = [] if self.table is None else [self.table]
        return [*self.before, *middle, *self.after]


def build(rows: list[GridRow], index: int, settings: Settings, name: str | None = None) -> Blocks:
    """Split ``rows`` into paragraphs and a table numbered ``index``.

    Raises:
        TooLarge: the table has more rows than ``settings.max_rows``.
    """
    counts = [(row, row.filled()) for row in rows]
    counts = [(row, n) for row, n in counts if n or any(_has_text(c.paragraphs) for c in row.cells)]
    widest = max((n for _, n in counts), default=0)
    out = Blocks()
    if widest < 2:
        out.before = [p for row, _ in counts for p in _as_paragraphs(row)]
        return out
    threshold = max(2, widest // 2 + 1)
    start = next(i for i, (_, n) in enumerate(counts) if n >= threshold)
    # A row that a merged cell ties to the row above belongs with it, however little it holds.
    end = max(
        i
        for i, (row, n) in enumerate(counts)
        if n >= 2 or any(c.merged_from is not None for c in row.cells)
    )
    out.before = [p for row, _ in counts[:start] for p in _as_paragraphs(row)]
    out.after = [p for row, _ in counts[end + 1 :] for p in _as_paragraphs(row)]
    body = [row for row, _ in counts[start : end + 1]]
    if len(body) > settings.max_rows:
        raise TooLarge(f"a table has more than {settings.max_rows:,} rows (max_rows)")
    out.table = _table(body, index, name)
    return out


def _as_paragraphs(row: GridRow) -> list[Paragraph]:
    cells = [c for c in row.cells if c.merged_from is None and _has_text(c.paragraphs)]
    if len(cells) == 1:
        return [p for p in cells[0].paragraphs if p.text]
    if not cells:
        return []
    # Several cells in a row above the table ("Updated:" | "June 2012"): one line, as read.
    texts = [" ".join(p.rendered for p in c.paragraphs if p.text) for c in cells]
    styles = {p.style for c in cells for p in c.paragraphs if p.text}
    return [Paragraph.from_typed(" ".join(texts), styles.pop() if len(styles) == 1 else None)]


def _table(rows: list[GridRow], index: int, name: str | None) -> Table:
    used = sorted({cell.col for row in rows for cell in row.cells if _has_text(cell.paragraphs)})
    position = {col: i for i, col in enumerate(used)}
    out = []
    for row in rows:
        cells = []
        for cell in row.cells:
            col = position.get(cell.col)
            if col is None:
                continue  # an empty cell: its column may be empty everywhere
            span = cell.span
            if span > 1:
                span = sum(1 for c in range(cell.col, cell.col + span) if c in position)
            location = CellLocation(index, row.index, col, None, row.line)
            cells.append(Cell(cell.paragraphs, col, location, span, cell.merged_from))
        out.append(Row(cells, row.index, row.is_header))
    return Table(out, index, len(used), name)


def paragraphs_of(text: str, style: str | None = None) -> list[Paragraph]:
    """A cell's text as paragraphs: one per line, typed list labels read, blank lines dropped.

    >>> [p.rendered for p in paragraphs_of("Review\\n\\n• Train staff\\na) Audit")]
    ['Review', '• Train staff', 'a) Audit']
    """
    if "\n" not in text and "\r" not in text and "\u2028" not in text and "\v" not in text:
        line = tidy(text)
        return [Paragraph.from_tidy(line, style)] if line else []
    out = []
    for line in _LINES.split(text):
        line = tidy(line)
        if line:
            out.append(Paragraph.from_tidy(line, style))
    return out
