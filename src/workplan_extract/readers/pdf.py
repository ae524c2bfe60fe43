"""Reader for PDF files, with pdfplumber.

One pass over each page: pdfplumber finds the ruled tables (the cell boxes its table finder
draws from the ruling lines), the page's glyphs are read once and bucketed into those boxes by
bisection, and the glyphs of each box become lines and then paragraphs (see ``pdflines``). Glyphs
outside every table are the document's paragraphs (title, preamble, text after the table).

A table that runs over several pages is reported as one ``Table`` when each page's part sits on
the same column edges and nothing but page furniture (running heads, page numbers) comes
between the parts. On each continuation page:

- leading rows that repeat the first part's leading rows are the repeated header: they, and the
  rows they repeat, are marked ``is_header`` (two repeated rows are a two-line header);
- a first data row whose first cell is empty is the rest of the row the page break split: it is
  joined to the row above cell by cell, the first line on the new page continuing the last
  paragraph above unless it starts a paragraph by the usual rules.

A cell merged across columns covers several grid columns (``span``); one merged across rows
is reported in every row it covers, with ``merged_from`` naming the first, like a Word vMerge.
When no page has a ruled table, the columns are found from where lines of text start (see
``pdfcolumns``), and rows start at each line that has text in the first column.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import CorruptDocument, EncryptedDocument, NoTextLayer, TooLarge
from ..settings import Settings
from .base import Cell, CellLocation, Paragraph, Row, SourceDocument, Table
from .pdfcolumns import TablePart, find_columns
from .pdflines import Char, Line, line_pitch, make_lines, paragraphs
from .pdftags import paragraph_tags

if TYPE_CHECKING:
    from pdfplumber.page import Page
    from pdfplumber.pdf import PDF

# pdfminer logs recoverable damage at WARNING level; with no handler anywhere, Python's
# last-resort handler would print those lines on stderr around our one-line errors. A
# NullHandler silences that default and still lets an application configure logging.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

#: Points within which two edges are the same edge (pdfplumber snaps ruling lines at 3).
_TOL = 3.0
#: Share of the page height at the top and bottom where running heads and page numbers live.
_MARGIN = 0.09
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_DEFAULT_PAD = 5.4  # Word's and LibreOffice's default cell margin, 0.19 cm


@dataclass(slots=True, eq=False)
class _Frag:
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
    junctions: set[int] = field(default_factory=set)


@dataclass(slots=True)
class _Grid:
    """One table on one page: its column left edges, row top edges and cell boxes."""

    page: int
    top: float
    x0: float
    x1: float
    bottom: float
    xs: list[float]
    tops: list[float]
    frags: list[_Frag]
    slots: dict[tuple[int, int], _Frag]


@dataclass(slots=True)
class _Page:
    number: int
    width: float
    height: float
    grids: list[_Grid]
    lines: list[Line]  # outside every table


@dataclass(slots=True)
class _MRow:
    """A row of a (possibly multi-page) table: (cell box, row where its merge started)."""

    page: int
    cells: list[tuple[_Frag, int | None]]
    is_header: bool = False


@dataclass(slots=True)
class _MTable:
    xs: list[float]
    x1: float
    last_page: int
    rows: list[_MRow] = field(default_factory=list)
    lead: list[tuple[tuple[int, str], ...]] = field(default_factory=list)


def read_pdf(data: bytes, path: str, settings: Settings | None = None) -> SourceDocument:
    """Read a PDF into paragraphs and tables.

    Args:
        data: the file's bytes.
        path: the file's name, for messages only.
        settings: limits (``max_pages``, ``max_tables``, ``max_rows``, ``max_cells``).

    Returns:
        The document's blocks in reading order, with ``pages`` set.

    Raises:
        EncryptedDocument: the PDF needs a password, or its encryption is not supported.
        NoTextLayer: no page has any text (a scan).
        CorruptDocument: the file is truncated or not a readable PDF.
        TooLarge: over one of the limits.

    Example:
        >>> doc = read_pdf(open("samples/lcpc-workplan-2004.pdf", "rb").read(), "x.pdf")
        >>> doc.pages
        7
    """
    opts = Settings.resolve(settings)
    if b"%%EOF" not in data[-2048:]:
        raise CorruptDocument("truncated PDF: the file does not end with an %%EOF marker")
    if opts.ocr == "force":  # every page by OCR, any text layer ignored (readers/ocr)
        from .ocr.scan import read_scanned_pdf

        return read_scanned_pdf(data, path, opts)
    pdf = _open(data)
    try:
        count = _page_count(pdf, opts.max_pages)
        tags = _tags(pdf, opts, data)
        pages = _read_pages(pdf, tags)
        if not any(p.grids for p in pages) and any(p.lines for p in pages):
            pages = _read_unruled(pdf, tags) or pages
    except (RecursionError, MemoryError):
        raise
    except Exception as exc:
        if not _raised_by_parser(exc):
            raise
        # Damaged page content (a broken dictionary, a non-number in a box) surfaces from
        # pdfminer and pdfplumber as any exception type; found by fuzz/fuzz_readers.py.
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        raise CorruptDocument(f"damaged PDF: {_describe(cause)}") from None
    finally:
        with contextlib.suppress(Exception):
            _close(pdf)
    doc = SourceDocument(pages=count)
    empty = [p.number for p in pages if not p.grids and not p.lines]
    if empty and opts.ocr == "auto":  # scanned pages: read them by OCR (readers/ocr)
        from .ocr.scan import merge_scanned, read_scanned_pdf

        scanned = read_scanned_pdf(data, path, opts, pages=empty)
        if len(empty) < len(pages):
            _Assembler(pages, opts, doc).run()
        return merge_scanned(doc, scanned)
    if len(empty) == len(pages):
        raise NoTextLayer("no text layer: the PDF is a scan; run OCR first")
    if empty:
        doc.notes.append(
            f"page(s) {', '.join(map(str, empty))} have no text layer (scanned?) and were not read"
        )
    _Assembler(pages, opts, doc).run()
    return doc


def _open(data: bytes) -> PDF:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    from . import pdfguard

    pdfguard.install()
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, CorruptDocument):
            raise cause from None
        if isinstance(cause, PDFPasswordIncorrect):
            raise EncryptedDocument("encrypted PDF: a password is needed") from None
        if isinstance(cause, PDFEncryptionError):
            raise EncryptedDocument(f"encrypted PDF: unsupported encryption ({cause})") from None
        raise CorruptDocument(f"not a readable PDF: {_describe(cause)}") from None


def _describe(exc: object) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


_PARSER_DIRS = (f"{os.sep}pdfminer{os.sep}", f"{os.sep}pdfplumber{os.sep}")


def _raised_by_parser(exc: BaseException) -> bool:
    """Whether ``exc`` was raised inside pdfminer or pdfplumber (so the file, not a bug of
    ours, is to blame): our own bugs keep their type and reach the caller as internal errors."""
    if type(exc).__module__.startswith(("pdfminer", "pdfplumber")):
        return True
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    return last is not None and any(d in last.tb_frame.f_code.co_filename for d in _PARSER_DIRS)


def _close(pdf: PDF) -> None:
    """Close ``pdf`` unless no page object was ever made (the page count was refused).

    pdfplumber's ``close()`` drops its cached page list and then asks for ``pages`` to close
    each one, which walks the whole page tree: 30 s for 100,000 pages refused in one.
    """
    if "_pages" in vars(pdf):
        pdf.close()
    else:
        pdf.flush_cache()


def _page_count(pdf: PDF, limit: int) -> int:
    """The number of pages; ``TooLarge`` as soon as the page tree holds more than ``limit``.

    The tree is first walked lazily and the walk stops one page past the limit: pdfplumber's
    ``pages`` makes every page object before anything can be counted, which took 32 s for a
    12 MB file of 100,000 empty pages. The tree's own ``/Count`` is not trusted either way.
    """
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import PDFException
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        walked = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), limit + 1))
        if walked > limit:
            raise TooLarge(
                f"the PDF has more than {limit:,} pages, over the {limit:,}-page limit (--max-pages)"
            )
        return len(pdf.pages)
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        raise CorruptDocument(
            f"damaged PDF: the page tree cannot be read ({_describe(cause)})"
        ) from None
    except (PDFException, PSException) as exc:
        raise CorruptDocument(
            f"damaged PDF: the page tree cannot be read ({_describe(exc)})"
        ) from None


def _tags(pdf: PDF, opts: Settings, data: bytes) -> dict[int, dict[int, int]]:
    """Paragraph ids of a tagged PDF by page number, then MCID; empty when untagged."""
    from pdfminer.psexceptions import PSException

    try:
        tags = paragraph_tags(pdf, limit=opts.max_cells * 4, data=data)
    except (PSException, ValueError, KeyError, TypeError, IndexError, AssertionError):
        return {}  # a damaged structure tree: fall back to reading the layout
    by_page: dict[int, dict[int, int]] = {}
    for (page, mcid), block in (tags or {}).items():
        by_page.setdefault(page, {})[mcid] = block
    return by_page


def _read_pages(pdf: PDF, tags: dict[int, dict[int, int]]) -> list[_Page]:
    out = []
    for page in pdf.pages:
        try:
            out.append(_read_page(page, tags.get(page.page_number)))
        finally:
            # Caches grow with every page: drop the layout once the page has been read.
            page.close()
    return out


def _read_page(page: Page, tags: dict[int, int] | None) -> _Page:
    from pdfminer.psexceptions import PSException

    number = page.page_number
    try:
        chars = page.chars
        found = page.find_tables()
    except (PSException, ValueError, KeyError, TypeError, IndexError, AssertionError) as exc:
        # pdfminer raises whatever the damaged bytes lead it to; all of them mean the same.
        raise CorruptDocument(
            f"damaged PDF: page {number} cannot be read ({_describe(exc)})"
        ) from None
    grids = [_grid(t.cells, number) for t in found if t.cells]
    outside: list[Char] = []
    for ch in chars:
        if ch["text"].isspace():
            continue
        frag = _slot(grids, (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2)
        (outside if frag is None else frag.chars).append(ch)
    for grid in grids:
        for frag in grid.frags:
            frag.lines = make_lines(frag.chars, tags)
            frag.chars = []
    return _Page(number, float(page.width), float(page.height), grids, make_lines(outside, tags))


def _read_unruled(pdf: PDF, tags: dict[int, dict[int, int]]) -> list[_Page] | None:
    """No page has a ruled table: find one from how the text lines up (see ``pdfcolumns``).
    Damage met here is reported by ``read_pdf``'s handler, like that of the first pass."""
    sizes, sheets = [], []
    for page in pdf.pages:
        try:
            sizes.append((float(page.width), float(page.height)))
            sheets.append((page.page_number, [c for c in page.chars if not c["text"].isspace()]))
        finally:
            page.close()
    found = find_columns(sheets)
    if found is None:
        return None
    out = []
    for (width, height), layout in zip(sizes, found.pages, strict=True):
        page_tags = tags.get(layout.number)
        grids = [] if layout.part is None else [_unruled_grid(layout.part, found.xs, found.x1)]
        for frag in (f for g in grids for f in g.frags):
            frag.lines = make_lines(frag.chars, page_tags)
            frag.chars = []
        out.append(
            _Page(layout.number, width, height, grids, make_lines(layout.outside, page_tags))
        )
    return out


def _unruled_grid(part: TablePart, xs: list[float], x1: float) -> _Grid:
    rights = [*xs[1:], x1]
    frags = [
        _Frag(r, c, 1, 1, xs[c], rights[c], part.page, chars)
        for r, row in enumerate(part.rows)
        for c, chars in enumerate(row)
    ]
    slots = {(f.row, f.col): f for f in frags}
    tops = [float(r) for r in range(len(part.rows))]
    return _Grid(part.page, part.top, xs[0], x1, part.bottom, xs, tops, frags, slots)


def _grid(cells: list[tuple[float, float, float, float]], page: int) -> _Grid:
    xs = sorted({c[0] for c in cells})
    tops = sorted({c[1] for c in cells})
    frags = []
    slots: dict[tuple[int, int], _Frag] = {}
    for x0, top, x1, bottom in cells:
        col, row = xs.index(x0), tops.index(top)
        span = sum(1 for x in xs[col:] if x < x1 - _TOL) or 1
        rowspan = sum(1 for t in tops[row:] if t < bottom - _TOL) or 1
        frag = _Frag(row, col, span, rowspan, x0, x1, page)
        frags.append(frag)
        for r in range(row, row + rowspan):
            for c in range(col, col + span):
                slots[r, c] = frag
    return _Grid(
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


def _slot(grids: list[_Grid], x: float, y: float) -> _Frag | None:
    for grid in grids:
        if grid.x0 <= x < grid.x1 and grid.top <= y < grid.bottom:
            r = bisect_right(grid.tops, y) - 1
            c = bisect_right(grid.xs, x) - 1
            return grid.slots.get((r, c))
    return None


class _Assembler:
    """Pages -> blocks: drops page furniture, joins table parts, builds paragraphs."""

    def __init__(self, pages: list[_Page], opts: Settings, doc: SourceDocument) -> None:
        self.pages = pages
        self.opts = opts
        self.doc = doc
        self.cells = 0

    def run(self) -> None:
        furniture = self._furniture()
        parts: list[list[Line] | _MTable] = []
        current: _MTable | None = None
        for page in self.pages:
            body = [ln for ln in page.lines if id(ln) not in furniture]
            for kind, obj in self._ordered(page, body):
                if isinstance(obj, _Grid):
                    if current is not None and self._continues(current, obj, page):
                        self._extend(current, obj)
                    else:
                        current = _MTable(list(obj.xs), obj.x1, obj.page)
                        parts.append(current)
                        self._extend(current, obj)
                        if sum(isinstance(p, _MTable) for p in parts) > self.opts.max_tables:
                            raise TooLarge(f"more than {self.opts.max_tables} tables (max_tables)")
                else:
                    assert kind == "lines" and isinstance(obj, list)
                    parts.append(obj)
                    current = None
        groups = [f.lines for p in parts if isinstance(p, _MTable) for f in _frags(p)]
        groups += [p for p in parts if isinstance(p, list)]
        pitch = line_pitch(groups)
        pad = self._cell_pad(parts)
        page_of = {id(ln): p for p in self.pages for ln in p.lines}
        index = 0
        for part in parts:
            if isinstance(part, _MTable):
                self.doc.blocks.append(self._table(part, index, pitch, pad))
                index += 1
            else:
                width = page_of[id(part[0])].width
                right = width - min(ln.x0 for ln in part)
                self.doc.blocks.extend(p for p in paragraphs(part, right, pitch) if p.text)

    def _furniture(self) -> set[int]:
        """Running heads and page numbers: margin lines that are page numbers, or that recur
        (digits aside) on several pages."""
        if len(self.pages) < 2:
            return set()
        seen: Counter[str] = Counter()
        margin: list[tuple[str, Line]] = []
        for page in self.pages:
            keys = set()
            for ln in page.lines:
                if ln.bottom < page.height * _MARGIN or ln.top > page.height * (1 - _MARGIN):
                    key = _DIGITS.sub("#", ln.text.lower())
                    margin.append((key, ln))
                    keys.add(key)
            seen.update(keys)
        return {
            id(ln) for key, ln in margin if seen[key] >= 2 or _PAGE_NUMBER.match(ln.text.strip())
        }

    @staticmethod
    def _ordered(page: _Page, body: list[Line]) -> Iterator[tuple[str, list[Line] | _Grid]]:
        items: list[tuple[float, int, Line | _Grid]] = [(ln.top, 1, ln) for ln in body]
        items += [(g.top, 0, g) for g in page.grids]
        items.sort(key=lambda t: (t[0], t[1]))
        run: list[Line] = []
        for _, _, obj in items:
            if isinstance(obj, _Grid):
                if run:
                    yield "lines", run
                    run = []
                yield "grid", obj
            else:
                run.append(obj)
        if run:
            yield "lines", run

    @staticmethod
    def _continues(table: _MTable, grid: _Grid, page: _Page) -> bool:
        if grid.page <= table.last_page or grid is not page.grids[0]:
            return False
        if abs(grid.x1 - table.x1) > _TOL:
            return False
        return all(any(abs(x - y) <= _TOL for y in table.xs) for x in grid.xs)

    def _extend(self, table: _MTable, grid: _Grid) -> None:
        # Re-express the part's boxes on the table's column grid (the first part's edges).
        for frag in grid.frags:
            frag.col = min(range(len(table.xs)), key=lambda i: abs(table.xs[i] - frag.x0))
            frag.span = sum(1 for x in table.xs[frag.col :] if x < frag.x1 - _TOL) or 1
        local: list[_MRow] = []
        for r in range(len(grid.tops)):
            cells: list[tuple[_Frag, int | None]] = []
            for f in grid.frags:
                if f.row == r:
                    cells.append((f, None))
                elif f.row < r < f.row + f.rowspan:
                    cells.append((f, f.row))
            cells.sort(key=lambda c: c[0].col)
            local.append(_MRow(grid.page, cells))
        joined: int | None = None
        if not table.rows:
            table.lead = [_signature(r) for r in local[:3]]
        else:
            repeats = 0
            while (
                repeats < min(len(local), len(table.lead))
                and _signature(local[repeats]) == table.lead[repeats]
            ):
                repeats += 1
            for header in [*local[:repeats], *table.rows[:repeats]]:
                header.is_header = True
            if repeats < len(local) and self._join_split_row(table, local[repeats]):
                joined = repeats
        table.last_page = grid.page
        # Local row -> row index in the whole table (a joined row is gone; no merge can point
        # at it, since rows with merged cells are never joined).
        kept = [i for i in range(len(local)) if i != joined]
        offset = {i: len(table.rows) + n for n, i in enumerate(kept)}
        local = [local[i] for i in kept]
        for row in local:
            row.cells = [(f, None if m is None else offset.get(m)) for f, m in row.cells]
            if len(table.rows) >= self.opts.max_rows:
                raise TooLarge(f"a table has more than {self.opts.max_rows} rows (max_rows)")
            self.cells += len(row.cells)
            if self.cells > self.opts.max_cells:
                raise TooLarge(f"more than {self.opts.max_cells} table cells (max_cells)")
            table.rows.append(row)

    @staticmethod
    def _join_split_row(table: _MTable, row: _MRow) -> bool:
        """Join the rest of a row split by a page break to its first part, cell by cell."""
        # The last data row, past the headers repeated since: a row running over three pages
        # leaves a page holding only the header and more of the row.
        last = next((r for r in reversed(table.rows) if not r.is_header), None)
        if last is None:
            return False
        number = next((f for f, m in row.cells if f.col == 0), None)
        if number is not None and number.lines:
            return False
        above = {f.col: f for f, _ in last.cells}
        pairs = []
        for frag, merged in row.cells:
            target = above.get(frag.col)
            if merged is not None or frag.rowspan > 1 or target is None:
                return False
            if target.span != frag.span:
                return False
            pairs.append((target, frag))
        for target, frag in pairs:
            if frag.lines:
                target.junctions.add(len(target.lines))
                target.lines.extend(frag.lines)
        return True

    @staticmethod
    def _cell_pad(parts: list[list[Line] | _MTable]) -> float:
        pads = [
            min(ln.x0 for ln in f.lines) - f.x0
            for p in parts
            if isinstance(p, _MTable)
            for f in _frags(p)
            if f.lines
        ]
        return min((p for p in pads if p >= 0), default=_DEFAULT_PAD)

    def _table(self, part: _MTable, index: int, pitch: float, pad: float) -> Table:
        made: dict[int, list[Paragraph]] = {}
        rows = []
        for r, mrow in enumerate(part.rows):
            cells = []
            for frag, merged in mrow.cells:
                paras = made.get(id(frag))
                if paras is None:
                    junctions = frozenset(frag.junctions)
                    paras = [
                        p for p in paragraphs(frag.lines, frag.x1 - pad, pitch, junctions) if p.text
                    ]
                    made[id(frag)] = paras
                page = frag.page if merged is None else mrow.page
                loc = CellLocation(index, r, frag.col, page)
                cells.append(Cell(paras, frag.col, loc, frag.span, merged))
            rows.append(Row(cells, r, is_header=mrow.is_header, page=mrow.page))
        return Table(rows, index, len(part.xs))


def _frags(table: _MTable) -> Iterator[_Frag]:
    for row in table.rows:
        for frag, merged in row.cells:
            if merged is None:
                yield frag


def _signature(row: _MRow) -> tuple[tuple[int, str], ...]:
    return tuple(
        (f.col, " ".join(ln.text for ln in f.lines)) for f, m in row.cells if m is None and f.lines
    )
