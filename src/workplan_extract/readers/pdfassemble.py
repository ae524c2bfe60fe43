"""PDF pages -> the document's blocks: page furniture dropped, table parts joined, lines made
into paragraphs.

A table that runs over several pages is reported as one ``Table`` when each page's part sits on
the same column edges and nothing but page furniture (running heads, page numbers) comes
between the parts. On each continuation page:

- leading rows that repeat the first part's leading rows are the repeated header: they, and the
  rows they repeat, are marked ``is_header`` (two repeated rows are a two-line header);
- the first data row is the rest of the row the page break split when its first cell is empty,
  when that cell's text runs on from the first cell above (a word cut at the column's edge,
  or a line wrapped mid-phrase: see ``_runs_on``), or, when the first column holds a cell
  merged down the rows (a stage or theme spanning several rows, whose text stays on the page
  above), when any of its cells runs on. Such a row is joined to the row above cell by cell,
  the first line on the new page continuing the last paragraph above unless it starts a
  paragraph by the usual rules. A row that starts a new number, or whose first cell starts
  afresh, is a new row: joining two rows would lose an item;
- a cell merged down the rows that the page break split goes on from the page above: an
  empty merged cell at the top of the new page, under a cell that is itself merged, is the
  same cell (its text stays on the page above).

A cell merged across columns covers several grid columns (``span``); one merged across rows
is reported in every row it covers, with ``merged_from`` naming the first, like a Word vMerge.

Lines outside the tables (the title, headings, text between tables) become paragraphs in
reading order, each with its typography in ``Paragraph.style``: "Large" when its type is
clearly larger than the body text's, "Strong" when it is wholly bold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import TooLarge
from ..settings import Settings
from .base import Cell, CellLocation, Paragraph, Row, SourceDocument, Table
from .pdffurniture import page_furniture
from .pdflines import (
    Line,
    broken_word,
    join_lines,
    line_pitch,
    paragraphs,
    paragraphs_sized,
    phrase_goes_on,
    wraps_marked,
)
from .pdfpages import TOL, Frag, Grid, PageRead
from .pdfwords import FIT_TOLERANCE, Words, fits_after, space_width

#: Share of the page height at the top and bottom where running heads and page numbers live.
_DEFAULT_PAD = 5.4  # Word's and LibreOffice's default cell margin, 0.19 cm
#: "Large": type at least this much larger than the body text's, and by at least this many
#: points (Word's Heading 2 is 13 pt over 11 pt body text; Heading 3 is 12 pt and bold).
_LARGE = 1.15
_LARGE_MIN = 1.5


@dataclass(slots=True)
class _MRow:
    """A row of a (possibly multi-page) table: (cell box, row where its merge started)."""

    page: int
    cells: list[tuple[Frag, int | None]]
    is_header: bool = False


@dataclass(slots=True)
class _MTable:
    xs: list[float]
    x1: float
    last_page: int
    rows: list[_MRow] = field(default_factory=list)
    lead: list[tuple[tuple[int, str], ...]] = field(default_factory=list)


class Assembler:
    """Pages -> blocks: drops page furniture, joins table parts, builds paragraphs."""

    def __init__(self, pages: list[PageRead], opts: Settings, doc: SourceDocument) -> None:
        self.pages = pages
        self.opts = opts
        self.doc = doc
        self.cells = 0
        #: Whether the producer draws the spaces it wraps lines at, as the pages show it
        #: before the table parts are joined (the joining needs it), and how far a cell's
        #: text stops short of its right edge.
        self.marked = False
        self.pad = _DEFAULT_PAD

    def run(self) -> None:
        furniture = page_furniture(self.pages)
        self.marked, self.pad = self._wraps_hint(furniture)
        parts: list[list[Line] | _MTable] = []
        current: _MTable | None = None
        for page in self.pages:
            body = [ln for ln in page.lines if id(ln) not in furniture]
            for kind, obj in self._ordered(page, body):
                if isinstance(obj, Grid):
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
        pad = self.pad
        page_of = {id(ln): p for p in self.pages for ln in p.lines}
        cell_groups = [f for p in parts if isinstance(p, _MTable) for f in _frags(p)]
        runs = [p for p in parts if isinstance(p, list)]
        groups = [f.lines for f in cell_groups] + runs
        pitch = line_pitch(groups)
        # A run of lines outside the tables spans the page between its margins.
        rights = [f.x1 - pad for f in cell_groups]
        rights += [page_of[id(run[0])].width - min(ln.x0 for ln in run) for run in runs]
        marked = wraps_marked(groups, rights)
        words = Words()
        for lines in groups:
            words.add(lines)
        body_size = _body_size(groups)
        index = 0
        for part in parts:
            if isinstance(part, _MTable):
                self.doc.blocks.append(self._table(part, index, pitch, pad, marked, words))
                index += 1
            else:
                right = page_of[id(part[0])].width - min(ln.x0 for ln in part)
                for para, size in paragraphs_sized(part, right, pitch, marked, words=words):
                    if para.text:
                        large = size >= body_size * _LARGE and size - body_size >= _LARGE_MIN
                        self.doc.blocks.append(para._replace(style="Large") if large else para)

    def _wraps_hint(self, furniture: set[int]) -> tuple[bool, float]:
        """``wraps_marked`` over the pages as read (each cell box, and each page's own
        lines), and the cells' padding: the least room left of a cell's text on its left,
        taken to be the same on its right (producers pad both sides alike)."""
        frags = [f for p in self.pages for g in p.grids for f in g.frags if f.lines]
        pads = [min(ln.x0 for ln in f.lines) - f.x0 for f in frags]
        pad = min((p for p in pads if p >= 0), default=_DEFAULT_PAD)
        groups = [f.lines for f in frags]
        rights = [f.x1 - pad for f in frags]
        for page in self.pages:
            body = [ln for ln in page.lines if id(ln) not in furniture]
            if body:
                groups.append(body)
                rights.append(page.width - min(ln.x0 for ln in body))
        return wraps_marked(groups, rights), pad

    @staticmethod
    def _ordered(page: PageRead, body: list[Line]) -> Iterator[tuple[str, list[Line] | Grid]]:
        items: list[tuple[float, int, Line | Grid]] = [(ln.top, 1, ln) for ln in body]
        items += [(g.top, 0, g) for g in page.grids]
        items.sort(key=lambda t: (t[0], t[1]))
        run: list[Line] = []
        for _, _, obj in items:
            if isinstance(obj, Grid):
                if run:
                    yield "lines", run
                    run = []
                yield "grid", obj
            else:
                run.append(obj)
        if run:
            yield "lines", run

    @staticmethod
    def _continues(table: _MTable, grid: Grid, page: PageRead) -> bool:
        if grid.page <= table.last_page or grid is not page.grids[0]:
            return False
        if abs(grid.x1 - table.x1) > TOL:
            return False
        return all(any(abs(x - y) <= TOL for y in table.xs) for x in grid.xs)

    def _extend(self, table: _MTable, grid: Grid) -> None:
        # Re-express the part's boxes on the table's column grid (the first part's edges).
        for frag in grid.frags:
            frag.col = min(range(len(table.xs)), key=lambda i: abs(table.xs[i] - frag.x0))
            frag.span = sum(1 for x in table.xs[frag.col :] if x < frag.x1 - TOL) or 1
        local: list[_MRow] = []
        for r in range(len(grid.tops)):
            cells: list[tuple[Frag, int | None]] = []
            for f in grid.frags:
                if f.row == r:
                    cells.append((f, None))
                elif f.row < r < f.row + f.rowspan:
                    cells.append((f, f.row))
            cells.sort(key=lambda c: c[0].col)
            local.append(_MRow(grid.page, cells))
        joined: int | None = None
        redirect: dict[int, tuple[Frag, int]] = {}
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
            if repeats < len(local):
                if _join_split_row(table, local[repeats], redirect, self.marked, self.pad):
                    joined = repeats
                else:
                    _continue_merges(table, local[repeats], redirect)
        table.last_page = grid.page
        # Local row -> row index in the whole table. A joined row is gone, and the cells merged
        # down from it, like those going on from the page above, are the cells above.
        kept = [i for i in range(len(local)) if i != joined]
        offset = {i: len(table.rows) + n for n, i in enumerate(kept)}
        local = [local[i] for i in kept]
        for row in local:
            row.cells = [
                redirect.get(id(f)) or (f, None if m is None else offset.get(m))
                for f, m in row.cells
            ]
            if len(table.rows) >= self.opts.max_rows:
                raise TooLarge(f"a table has more than {self.opts.max_rows} rows (max_rows)")
            self.cells += len(row.cells)
            if self.cells > self.opts.max_cells:
                raise TooLarge(f"more than {self.opts.max_cells} table cells (max_cells)")
            table.rows.append(row)

    def _table(
        self, part: _MTable, index: int, pitch: float, pad: float, marked: bool, words: Words
    ) -> Table:
        made: dict[int, list[Paragraph]] = {}
        rows = []
        for r, mrow in enumerate(part.rows):
            cells = []
            for frag, merged in mrow.cells:
                paras = made.get(id(frag))
                if paras is None:
                    junctions = frozenset(frag.junctions)
                    right = frag.x1 - pad
                    paras = paragraphs(frag.lines, right, pitch, junctions, marked, words)
                    paras = [p for p in paras if p.text]
                    made[id(frag)] = paras
                    frag.lines = []  # made into paragraphs: no longer needed
                page = frag.page if merged is None else mrow.page
                loc = CellLocation(index, r, frag.col, page)
                cells.append(Cell(paras, frag.col, loc, frag.span, merged))
            rows.append(Row(cells, r, is_header=mrow.is_header, page=mrow.page))
        return Table(rows, index, len(part.xs))


def _last_data_row(table: _MTable) -> tuple[int, _MRow] | None:
    """The last data row and its index, past the headers repeated since: a row running over
    three pages leaves a page holding only the header and more of the row."""
    for index in range(len(table.rows) - 1, -1, -1):
        if not table.rows[index].is_header:
            return index, table.rows[index]
    return None


def _join_split_row(
    table: _MTable, row: _MRow, redirect: dict[int, tuple[Frag, int]], marked: bool, pad: float
) -> bool:
    """Join the rest of a row split by a page break to its first part, cell by cell (see the
    module's docstring); ``redirect`` gets, for each cell of ``row`` merged down the rows
    below, the cell it goes on from and the row that cell's merge starts at. ``marked``: the
    producer draws the spaces it wraps lines at (``wraps_marked``); ``pad``: how far a cell's
    text stops short of its right edge."""
    found = _last_data_row(table)
    if found is None:
        return False
    index, last = found
    above = {f.col: (f, index if m is None else m) for f, m in last.cells}
    pairs: list[tuple[Frag, int, Frag]] = []
    for frag, merged in row.cells:
        found_above = above.get(frag.col)
        if merged is not None or found_above is None or found_above[0].span != frag.span:
            return False
        pairs.append((*found_above, frag))
    first = next((f for f, _ in row.cells if f.col == 0), None)
    cut = above[0][0] if 0 in above else None
    others = any(f.lines and f is not first and _runs_on(t, f, marked, pad) for t, _, f in pairs)
    if first is None or (not first.lines and first.rowspan == 1):
        pass  # an empty first cell: no new row starts here
    elif first.lines:
        if cut is None:
            return False
        # The first cell's text runs on; or its line above was wrapped (the producer drew
        # the space it wrapped at) and another cell's text runs on.
        wrapped = marked and bool(cut.lines) and cut.lines[-1].trailing_space and others
        runs_on = _runs_on(cut, first, marked, pad)
        if not (_continues_number(table, {0: cut}, first) or runs_on or wrapped):
            return False
    elif not others:
        return False  # the first column's merged cell goes on, but no cell's text does
    for target, anchor, frag in pairs:
        if frag.lines:
            target.junctions = (*target.junctions, len(target.lines))
            target.lines.extend(frag.lines)
        if frag.rowspan > 1:
            redirect[id(frag)] = (target, anchor)
    return True


def _continue_merges(table: _MTable, row: _MRow, redirect: dict[int, tuple[Frag, int]]) -> None:
    """Cells of ``row`` (the first data row on a new page) that go on with a cell merged down
    the rows above the page break: empty, merged down themselves, under a merged cell."""
    found = _last_data_row(table)
    if found is None:
        return
    index, last = found
    above = {f.col: (f, m) for f, m in last.cells}
    for frag, merged in row.cells:
        target = above.get(frag.col)
        if merged is not None or frag.lines or frag.rowspan < 2 or target is None:
            continue
        cell, start = target
        if cell.span == frag.span and (start is not None or cell.rowspan > 1):
            redirect[id(frag)] = (cell, index if start is None else start)


def _runs_on(above: Frag, below: Frag, marked: bool, pad: float) -> bool:
    """Whether the text of ``below`` (a cell at the top of a new page) runs on from that of
    ``above`` (the same column's cell at the foot of the page before): a word too long for the
    column cut at its edge, or a line the layout may have wrapped followed by words that go on
    with the phrase (see ``phrase_goes_on``). A line may have been wrapped when it ends with
    the space it was wrapped at, or has no room for one (``marked``: the producer draws those
    spaces), or else when the next word would not have fitted after it. A cell that merely
    ends at the page's foot, followed by one that starts afresh, does not run on."""
    if not above.lines or not below.lines:
        return False
    prev, line = above.lines[-1], below.lines[0]
    right = above.x1 - pad
    # A number cut in two is the rest of the row above only if it follows the number of the
    # row before (``_continues_number``): a cell holding "24" at a page's foot and one
    # holding "25" at the next one's top are two rows.
    if prev.text[-1].isalpha() and broken_word(prev, line, right, marked):
        return True
    space = space_width(prev)
    if marked:
        wrapped = prev.trailing_space or prev.x1 + space - FIT_TOLERANCE > right
    else:
        wrapped = not fits_after(prev, line.first_width, right)
    return wrapped and phrase_goes_on(prev.text, line.text)


def _continues_number(table: _MTable, above: dict[int, Frag], below: Frag) -> bool:
    """Whether the first cell on the new page is the rest of a row number the page break cut
    ("106" printed as "10" at a page's foot, "6" on the next page): the layout broke it as a
    word too long for the column, and the number it makes follows the row above's.

    Anything less certain is a new row: joining two rows would lose an item.
    """
    cut = above.get(0)
    if cut is None or not cut.lines or not below.lines:
        return False
    right = cut.x1 - max(min(ln.x0 for ln in cut.lines) - cut.x0, 0.0)
    first = below.lines[0]
    if not broken_word(cut.lines[-1], first, right):
        return False
    joined = join_lines([*cut.lines, first], right)
    data = [r for r in table.rows if not r.is_header]
    if not joined.isdigit() or len(data) < 2:
        return False
    before = next((f for f, m in data[-2].cells if f.col == 0 and m is None), None)
    text = join_lines(before.lines, right) if before is not None and before.lines else ""
    return text.isdigit() and int(text) + 1 == int(joined)


def _body_size(groups: list[list[Line]]) -> float:
    """The body text's type size: the size most of the document's characters are set in."""
    sizes: Counter[float] = Counter()
    for lines in groups:
        for ln in lines:
            sizes[round(ln.size, 1)] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _frags(table: _MTable) -> Iterator[Frag]:
    for row in table.rows:
        for frag, merged in row.cells:
            if merged is None:
                yield frag


def _signature(row: _MRow) -> tuple[tuple[int, str], ...]:
    return tuple(
        (f.col, " ".join(ln.text for ln in f.lines)) for f, m in row.cells if m is None and f.lines
    )
