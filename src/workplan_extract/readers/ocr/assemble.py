"""Scanned pages -> the neutral document model, as the digital PDF reader builds it.

The same steps as for a digital PDF, on what OCR found:

- page furniture goes: lines in the top or bottom margin that are page numbers, or that recur
  (digits aside) on several pages;
- a table that carries on from the previous page (the first thing on its page, the previous
  page's part the last thing there, the same columns) is one table: its leading rows that
  repeat the first part's are the repeated header, and a first row whose number cell is empty
  is the rest of the row the page break split, joined to it line by line;
- lines become paragraphs by the digital PDF reader's own rules (``pdflines``), the gap at a
  page break ignored;
- words OCR may have misread become ``Doubt``s naming the cell or paragraph they are in.

Repeated header rows are compared loosely (OCR may read the same header two ways on two
pages); everything else is as the PDF reader does it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from ...errors import TooLarge
from ...settings import Settings
from ..base import Cell, CellLocation, Doubt, Paragraph, Row, SourceDocument, Table
from ..pdffurniture import page_furniture
from ..pdflines import Line, join_lines, line_pitch, starts_paragraph
from .lines import Suspect
from .page import PageTable, ScannedPage
from .ruling import CellBox
from .suspects import find_suspects

#: Share of the page height at the top and bottom where running heads and page numbers live.
#: Column edges of two parts of one table agree within this share of the page width.
_SAME_EDGE = 0.012
#: Two header rows read by OCR are the same when this similar (rapidfuzz ratio, 0-100).
_SAME_HEADER = 85.0
#: Two lines whose sizes differ by less than this share are set in one type size.
_SAME_SIZE = 0.35
#: A line clearly larger than body text is reported with style "Large".
_LARGE = 1.4


@dataclass(slots=True, eq=False)
class _Part:
    """A cell's box as found on one page, with its lines (and, once joined, later pages')."""

    box: CellBox
    page: int
    lines: list[Line]
    junctions: set[int] = field(default_factory=set)


@dataclass(slots=True)
class _MRow:
    page: int
    cells: list[tuple[_Part, int | None]]  # (part, row where its merge started)
    is_header: bool = False


@dataclass(slots=True)
class _MTable:
    """A table being put together from its parts on consecutive pages."""

    edges: list[float]  # column edges and right edge, as shares of the page width from x0
    ncols: int
    last_page: int
    rows: list[_MRow] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    cells: int = 0


def assemble(
    pages: list[ScannedPage],
    opts: Settings,
    doc: SourceDocument,
    words: frozenset[str] = frozenset(),
) -> None:
    """Fill ``doc.blocks`` and ``doc.doubts`` from the scanned pages; ``words`` is a word list
    of the language (lower case), or empty (see ``suspects``)."""
    doubts: dict[int, list[Suspect]] = {}
    for page in pages:
        doubts.update(page.doubts)
    read: list[_Read] = []
    furniture = page_furniture(pages)
    parts: list[list[Line] | _MTable] = []
    current: _MTable | None = None
    for page in pages:
        body = [ln for ln in page.lines if id(ln) not in furniture]
        for obj in _ordered(page, body):
            if isinstance(obj, PageTable):
                if current is not None and parts[-1] is current and _continues(current, obj, page):
                    _extend(current, obj, page, opts)
                else:
                    current = _new_table(obj, page)
                    parts.append(current)
                    _extend(current, obj, page, opts)
                    if sum(isinstance(p, _MTable) for p in parts) > opts.max_tables:
                        raise TooLarge(f"more than {opts.max_tables} tables (max_tables)")
            else:
                parts.append(obj)
    groups = [p.lines for t in parts if isinstance(t, _MTable) for p in _parts(t)]
    groups += [p for p in parts if isinstance(p, list)]
    pitch = line_pitch(groups)
    pad = _cell_pad(parts)
    page_of = {id(ln): p for p in pages for ln in p.lines}
    index = 0
    for part in parts:
        if isinstance(part, _MTable):
            doc.blocks.append(_table(part, index, pitch, pad, doubts, read))
            index += 1
        else:
            page = page_of[id(part[0])]
            right = page.width - min(ln.x0 for ln in part)
            for lines in _paragraph_lines(part, right, pitch, frozenset()):
                para = _paragraph(lines, right, page.body)
                if para.text:
                    doc.blocks.append(para)
                    read.append(_read(lines, doubts, None, para.rendered))
    _add_doubts(read, words, doc)


def _ordered(page: ScannedPage, body: list[Line]) -> Iterator[list[Line] | PageTable]:
    """The page's runs of lines and its tables, top to bottom."""
    items: list[tuple[float, int, Line | PageTable]] = [(ln.top, 1, ln) for ln in body]
    items += [(t.grid.top, 0, t) for t in page.tables]
    items.sort(key=lambda t: (t[0], t[1]))
    run: list[Line] = []
    for _, _, obj in items:
        if isinstance(obj, PageTable):
            if run:
                yield run
                run = []
            yield obj
        else:
            run.append(obj)
    if run:
        yield run


def _shares(table: PageTable, page: ScannedPage) -> list[float]:
    grid = table.grid
    return [(x - grid.x0) / page.width for x in (*grid.xs, grid.x1)]


def _new_table(table: PageTable, page: ScannedPage) -> _MTable:
    return _MTable(_shares(table, page), len(table.grid.xs), page.number)


def _continues(current: _MTable, table: PageTable, page: ScannedPage) -> bool:
    if page.number != current.last_page + 1 or table is not page.tables[0]:
        return False
    shares = _shares(table, page)
    if abs(shares[-1] - current.edges[-1]) > _SAME_EDGE:
        return False
    return all(any(abs(x - y) <= _SAME_EDGE for y in current.edges) for x in shares)


def _extend(table: _MTable, part: PageTable, page: ScannedPage, opts: Settings) -> None:
    """Add a page's part of a table: its cells on the table's column grid, the repeated
    header marked, a row split by the page break joined to its first part."""
    grid = part.grid
    shares = _shares(part, page)
    # Each of the part's column edges (and its right edge) on the table's grid.
    col_of = [_nearest(table.edges, s) for s in shares]
    parts = []
    for box in grid.cells:
        col = min(col_of[box.col], table.ncols - 1)
        span = max(col_of[min(box.col + box.span, len(col_of) - 1)] - col, 1)
        placed = CellBox(box.row, col, span, box.rowspan, box.x0, box.top, box.x1, box.bottom)
        parts.append(_Part(placed, page.number, part.cell_lines(box)))
    local: list[_MRow] = []
    for r in range(len(grid.tops)):
        cells = [
            (p, None if p.box.row == r else p.box.row)
            for p in parts
            if p.box.row <= r < p.box.row + p.box.rowspan
        ]
        cells.sort(key=lambda c: c[0].box.col)
        local.append(_MRow(page.number, cells))
    joined: int | None = None
    if not table.rows:
        table.lead = [_signature(r) for r in local[:3]]
    else:
        repeats = 0
        while repeats < min(len(local), len(table.lead)) and _same_header(
            _signature(local[repeats]), table.lead[repeats]
        ):
            repeats += 1
        for header in [*local[:repeats], *table.rows[:repeats]]:
            header.is_header = True
        if repeats < len(local) and _join_split_row(table, local[repeats]):
            joined = repeats
    table.last_page = page.number
    table.cells += sum(1 for row in local for _, m in row.cells if m is None)
    if table.cells > opts.max_cells:
        raise TooLarge(f"more than {opts.max_cells} table cells (max_cells)")
    # Local row -> row index in the whole table (a joined row is gone; no merge can point at
    # it, since rows with merged cells are never joined).
    kept = [i for i in range(len(local)) if i != joined]
    offset = {i: len(table.rows) + n for n, i in enumerate(kept)}
    for i in kept:
        row = local[i]
        row.cells = [(p, None if m is None else offset.get(m)) for p, m in row.cells]
        if len(table.rows) >= opts.max_rows:
            raise TooLarge(f"a table has more than {opts.max_rows} rows (max_rows)")
        table.rows.append(row)


def _nearest(values: list[float], value: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - value))


def _signature(row: _MRow) -> str:
    """A row's text, letters and digits only, cell by cell."""
    return "|".join(
        "".join(ch for ch in " ".join(ln.text for ln in p.lines).lower() if ch.isalnum())
        for p, m in row.cells
        if m is None
    )


def _same_header(a: str, b: str) -> bool:
    if not a.replace("|", "") or not b.replace("|", ""):
        return False
    if a == b:
        return True
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) >= _SAME_HEADER


def _join_split_row(table: _MTable, row: _MRow) -> bool:
    """Join the rest of a row split by a page break to its first part, cell by cell."""
    last = next((r for r in reversed(table.rows) if not r.is_header), None)
    if last is None:
        return False
    number = next((p for p, _ in row.cells if p.box.col == 0), None)
    if number is not None and number.lines:
        return False
    above = {p.box.col: p for p, _ in last.cells}
    pairs = []
    for part, merged in row.cells:
        target = above.get(part.box.col)
        if merged is not None or part.box.rowspan > 1 or target is None:
            return False
        if target.box.span != part.box.span:
            return False
        pairs.append((target, part))
    for target, part in pairs:
        if part.lines:
            target.junctions.add(len(target.lines))
            target.lines = [*target.lines, *part.lines]
    return True


def _parts(table: _MTable) -> Iterator[_Part]:
    for row in table.rows:
        for part, merged in row.cells:
            if merged is None:
                yield part


def _cell_pad(parts: list[list[Line] | _MTable]) -> float:
    """The inset of text from a cell's left edge, as the document's cells show it: the
    median over the cells (most cells are set flush left; a stray mark or a glyph that
    overhangs would make the least inset too small)."""
    pads = sorted(
        min(ln.x0 for ln in p.lines) - p.box.x0
        for t in parts
        if isinstance(t, _MTable)
        for p in _parts(t)
        if p.lines
    )
    return pads[len(pads) // 2] if pads else 0.0


def _even_sizes(lines: list[Line]) -> None:
    """Give lines of one type size one size: a line of capitals or figures ("2007/08")
    measures larger than a line of lower-case letters in the same type."""
    run: list[Line] = []
    for line in [*lines, None]:
        if line is not None and run and abs(line.size - run[-1].size) < _SAME_SIZE * run[-1].size:
            run.append(line)
            continue
        if len(run) > 1:
            size = sorted(ln.size for ln in run)[len(run) // 2]
            for ln in run:
                ln.top = ln.bottom - size
                ln.size = size
        run = [] if line is None else [line]


def _table(
    part: _MTable,
    index: int,
    pitch: float,
    pad: float,
    doubts: dict[int, list[Suspect]],
    read: list[_Read],
) -> Table:
    made: dict[int, list[Paragraph]] = {}
    rows = []
    for r, mrow in enumerate(part.rows):
        cells = []
        for piece, merged in mrow.cells:
            page = piece.page if merged is None else mrow.page
            loc = CellLocation(index, r, piece.box.col, page)
            paras = made.get(id(piece))
            if paras is None:
                right = piece.box.x1 - pad
                paras = []
                junctions = frozenset(piece.junctions)
                for lines in _paragraph_lines(piece.lines, right, pitch, junctions):
                    para = Paragraph.from_typed(join_lines(lines, right))
                    if para.text:
                        paras.append(para)
                        read.append(_read(lines, doubts, loc, para.rendered))
                made[id(piece)] = paras
            cells.append(Cell(paras, piece.box.col, loc, piece.box.span, merged))
        rows.append(Row(cells, r, is_header=mrow.is_header, page=mrow.page))
    return Table(rows, index, part.ncols)


def _paragraph_lines(
    lines: list[Line], right: float, pitch: float, junctions: frozenset[int]
) -> list[list[Line]]:
    """The lines of each paragraph, by the digital PDF reader's rules (``pdflines``)."""
    _even_sizes(lines)
    groups: list[list[Line]] = []
    left = min((ln.x0 for ln in lines), default=0.0)
    for i, line in enumerate(lines):
        gap_rule = i not in junctions
        if groups and not starts_paragraph(lines[i - 1], line, right, pitch, gap_rule, left=left):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _paragraph(lines: list[Line], right: float, body: float) -> Paragraph:
    large = all(ln.size > _LARGE * body for ln in lines)
    return Paragraph.from_typed(join_lines(lines, right), "Large" if large else None)


class _Read(NamedTuple):
    """A paragraph as read, where it is, and what OCR doubted in it."""

    text: str
    cell: CellLocation | None
    suspects: list[Suspect]


def _read(
    lines: list[Line],
    doubts: dict[int, list[Suspect]],
    cell: CellLocation | None,
    paragraph: str,
) -> _Read:
    return _Read(paragraph, cell, [s for line in lines for s in doubts.get(id(line), ())])


def _add_doubts(read: list[_Read], words: frozenset[str], doc: SourceDocument) -> None:
    """Each paragraph's doubts: the words Tesseract was unsure of, then those that look
    misread against the rest of the document (``suspects``), each word doubted once."""
    found = find_suspects([r.text for r in read], words)
    for paragraph, more in zip(read, found, strict=True):
        known = {w for s in paragraph.suspects for w in s.text.split()}
        for suspect in [*paragraph.suspects, *(s for s in more if s.text not in known)]:
            doc.doubts.append(Doubt(suspect.text, paragraph.cell, paragraph.text, suspect.why))
