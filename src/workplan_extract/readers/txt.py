"""Reader for plain-text dumps of Word tables.

The layout (see ``shared/seeds``): lines before the first TAB-led line are paragraphs; from then
on each line beginning with a TAB starts a new cell, lines without one continue the cell above,
and blank lines separate paragraphs inside a cell. The dump does not mark where rows end, so rows
are recovered from the table's first column, which counts them ("1", "2", ... or "1.1", "1.2"):
the header is every cell before the first "1", its length is the column count, and a row ends
early when the next row's number comes sooner (a row merged across columns, or a truncated last
row, whose last cell then spans the remaining columns).
"""

from __future__ import annotations

import codecs
import re

from ..errors import CorruptDocument, TooLarge
from ..settings import Settings
from .base import Cell, CellLocation, Paragraph, Row, SourceDocument, Table, tidy

_IMAGE = re.compile(r"\[image:[^\]]*\]")
_KEY = re.compile(r"^(\d{1,3})(?:\.(\d{1,2}))?\.?$")


def decode(data: bytes, notes: list[str]) -> str:
    """Decode a text dump: BOM first, then UTF-8, then Windows-1252 (noted as a doubt)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise CorruptDocument(f"invalid {encoding} text at byte {exc.start}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        notes.append(f"text is not valid UTF-8 (byte {exc.start}); read as Windows-1252")
        return data.decode("cp1252", errors="replace")


def _paragraphs(lines: list[str]) -> list[Paragraph]:
    out = []
    for line in lines:
        text = tidy(_IMAGE.sub(" ", line) if "[image:" in line else line)
        if text:
            out.append(Paragraph.from_tidy(text))
    return out


def _key(cell: Cell) -> tuple[int, int | None] | None:
    if len(cell.paragraphs) != 1 or cell.paragraphs[0].label:
        return None
    m = _KEY.match(cell.paragraphs[0].text)
    if m is None:
        return None
    return int(m.group(1)), None if m.group(2) is None else int(m.group(2))


def _follows(key: tuple[int, int | None], prev: tuple[int, int | None] | None) -> bool:
    """Whether ``key`` can be the row number after ``prev`` (1 -> 2, 1 -> 1.1, 1.1 -> 1.2 or 2)."""
    major, minor = key
    if prev is None:
        return (major, minor) in ((1, None), (1, 1))
    pmajor, pminor = prev
    if major == pmajor + 1 and minor in (None, 1):
        return True
    if major == pmajor and minor is not None:
        return minor == (pminor or 0) + 1
    return False


def read_txt(data: bytes, path: str, settings: Settings | None = None) -> SourceDocument:
    """Read a text dump into blocks: the paragraphs before the table, then the table.

    Raises:
        CorruptDocument: invalid UTF-16, or binary content.
        TooLarge: more cells than ``settings.max_cells`` or rows than ``max_rows``.
    """
    opts = Settings.resolve(settings)
    doc = SourceDocument()
    text = decode(data, doc.notes)
    if "\x00" in text:
        raise CorruptDocument("text dump contains NUL bytes: it is binary, not text")
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.startswith("\t")), None)
    doc.blocks.extend(_paragraphs(lines if first is None else lines[:first]))
    if first is None:
        return doc

    cells: list[tuple[int, list[str]]] = []  # (1-based line number, lines)
    for number, line in enumerate(lines[first:], start=first + 1):
        if line.startswith("\t"):
            # Checked while counting: the row finder and the column mapping grow with the
            # cells, and a 200 MB dump of TAB lines would hold tens of millions.
            if len(cells) >= opts.max_cells:
                raise TooLarge(f"more than {opts.max_cells:,} table cells (max_cells)")
            cells.append((number, [line[1:]]))
        else:
            cells[-1][1].append(line)
    flat = [
        Cell(_paragraphs(body), col=0, location=CellLocation(0, 0, 0, None, number))
        for number, body in cells
    ]
    table = _rows(flat)
    if len(table.rows) > opts.max_rows:
        raise TooLarge(f"a table has more than {opts.max_rows:,} rows (max_rows)")
    doc.blocks.append(table)
    return doc


def _rows(cells: list[Cell]) -> Table:
    start = next((i for i, c in enumerate(cells) if _follows(_key(c) or (0, 0), None)), None)
    if start is None or start == 0:
        # No numbered first column: the rows cannot be told apart, so report one row.
        return Table([_row(cells, 0, len(cells) or 1)], 0, len(cells) or 1)
    ncols = start
    rows = [_row(cells[:start], 0, ncols, is_header=True)]
    pos, prev = start, None
    while pos < len(cells):
        key = _key(cells[pos])
        if key is not None and _follows(key, prev):
            prev = key
        end = min(pos + ncols, len(cells))
        if not _starts_row(cells, end, prev):
            # The row is short (merged across columns) if the next number comes sooner.
            end = next((i for i in range(pos + 1, end) if _starts_row(cells, i, prev)), end)
        rows.append(_row(cells[pos:end], len(rows), ncols))
        pos = end
    return Table(rows, 0, ncols)


def _starts_row(cells: list[Cell], at: int, prev: tuple[int, int | None] | None) -> bool:
    if prev is None or at >= len(cells):
        return False
    key = _key(cells[at])
    return key is not None and _follows(key, prev)


def _row(cells: list[Cell], index: int, ncols: int, is_header: bool = False) -> Row:
    placed = []
    for col, cell in enumerate(cells):
        span = ncols - col if col == len(cells) - 1 else 1
        loc = CellLocation(0, index, col, None, cell.location.line)
        placed.append(Cell(cell.paragraphs, col=col, location=loc, span=max(span, 1)))
    return Row(placed, index, is_header=is_header)
