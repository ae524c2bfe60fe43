"""Tables drawn without ruling lines: columns found from where lines of text start.

With no ruling lines there are no cell boxes to read, only text that lines up. Left-aligned
text in a column starts every line at the same x, so column edges are the x positions where
many lines start, and where no word crosses (a word never runs from one cell into the next).
The steps, over the whole document at once (a table's columns are the same on every page):

1. glyphs -> lines (the same lines ``pdflines`` makes) -> words; a gap wider than any word
   space (``_GAP`` of the font size) starts a new *segment*, and a line with two or more
   segments is side-by-side text, the evidence of a table;
2. the left edges of segments on those pages cluster into candidate column starts; one is kept
   when at least two lines start there, side-by-side text starts there at least once (so the
   hanging indent of a bulleted list is no column), and few lines have a word across it;
3. the table on each page runs from the first to the last line with text starting at two
   column edges and no word across one, plus the lines just below (and, on a page after a
   table part, just above) that fit the columns;
4. each word goes to the column where its segment starts, so no word is ever cut; rows start
   at a line with text in the first (number) column, and after the header lines, which are the
   lines above the first numbered row on the table's first page, and any lines repeating them
   at the top of a later page.

The reader then treats each page's part like a ruled table's: parts on the same columns join
into one table, a repeated header is marked, and a row split by a page break is joined.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .pdflines import BULLET_GLYPHS, Char, bands

#: A gap between words wider than this share of the font size separates columns, not words:
#: word spaces are about a quarter of it, and Word's and LibreOffice's default cell margins put
#: 10.8 pt between the text of two cells.
_GAP = 0.6
#: Points within which two line starts are one column start.
_ALIGN = 2.0
#: Lines that must start at a column edge for it to count.
_MIN_SUPPORT = 2
#: An edge is dropped when words cross it on more than this share of the lines starting there.
_CUT_SHARE = 1 / 3
#: A vertical gap wider than this many font sizes ends the table (the table's own rows and
#: paragraphs are closer than that; a footer or the text after the table is not).
_END_GAP = 2.5
#: Word's and LibreOffice's default cell margin (0.19 cm), the most a cell's text is inset.
_CELL_PAD = 5.4
#: The glyphs of a word that no longer keeps them (shared; never appended to).
_NO_CHARS: list[Char] = []
#: List labels: the text after one starts a hanging indent, not a column.
_LABELS = frozenset(BULLET_GLYPHS | {"-", "–", "*"})


@dataclass(slots=True)
class Word:
    """A run of glyphs with no space between them."""

    x0: float
    x1: float
    text: str
    size: float
    chars: list[Char] = field(default_factory=list, repr=False, compare=False)


@dataclass(slots=True)
class _Band:
    """One line of a page, as words, with each word's column once the columns are known."""

    top: float
    bottom: float
    size: float
    words: list[Word]
    cols: list[int] = field(default_factory=list)


@dataclass(slots=True)
class TablePart:
    """The part of the table on one page: rows of cells, each cell the glyphs inside it."""

    page: int
    top: float
    bottom: float
    rows: list[list[list[Char]]]


@dataclass(slots=True)
class PageLayout:
    """One page: its table part, if any, and the glyphs outside it."""

    number: int
    part: TablePart | None
    outside: list[Char]


def split_words(band: Iterable[Char]) -> list[Word]:
    """The words of one line, left to right: glyphs closer than a space are one word (the
    same space rule as ``pdflines``)."""
    out: list[Word] = []
    for ch in sorted(band, key=lambda c: c["x0"]):
        size = ch["size"] or 1.0
        last = out[-1] if out else None
        if last is not None and ch["x0"] - last.x1 <= 0.12 * size:
            last.x1 = max(last.x1, ch["x1"])
            last.text += ch["text"]
            last.chars.append(ch)
        else:
            out.append(Word(ch["x0"], ch["x1"], ch["text"], size, [ch]))
    return out


def segment_starts(words: Sequence[Word]) -> list[tuple[Word, bool]]:
    """The words that start a segment of a line, each with whether text stands to its left
    (side-by-side text, as in a table row) rather than it starting the line."""
    out: list[tuple[Word, bool]] = []
    for i, word in enumerate(words):
        if i == 0:
            out.append((word, False))
            continue
        prev = words[i - 1]
        if word.x0 - prev.x1 >= _GAP * max(word.size, prev.size) and prev.text not in _LABELS:
            out.append((word, True))
    return out


def _cuts(word: Word, edge: float) -> bool:
    return word.x0 < edge - _ALIGN and word.x1 > edge


def column_edges(lines: Sequence[Sequence[Word]]) -> list[float]:
    """The x positions where a table's columns start, from the words of its lines.

    Args:
        lines: each line's words, left to right.

    Returns:
        The column starts, left to right; fewer than two means no table.

    Example:
        >>> w = lambda x0, x1: Word(x0, x1, "w", 10.0)
        >>> column_edges([[w(90, 97), w(132, 170)], [w(90, 97), w(132, 150)], [w(132, 160)]])
        [90, 132]
    """
    starts = sorted(
        (word.x0, i, side) for i, line in enumerate(lines) for word, side in segment_starts(line)
    )
    clusters: list[list[tuple[float, int, bool]]] = []
    for start in starts:
        if clusters and start[0] - clusters[-1][0][0] <= _ALIGN:
            clusters[-1].append(start)
        else:
            clusters.append([start])
    edges: list[float] = []
    for cluster in clusters:
        edge = cluster[0][0]
        support = len({i for _, i, _ in cluster})
        if support < _MIN_SUPPORT:
            continue
        if edges and not any(side for _, _, side in cluster):
            continue  # only ever starts a line: an indent inside a column
        cut = sum(1 for line in lines if any(_cuts(w, edge) for w in line))
        if cut > _CUT_SHARE * support:
            continue
        edges.append(edge)
    return edges


def evidence(chars: Sequence[Char]) -> list[list[Word]]:
    """What one page says about the columns: the words (without their glyphs) of its lines
    from the first to the last with side-by-side text. Pages of prose give none, so the
    evidence of a whole document is about the size of its table."""
    lines = [_band(b) for b in bands(chars)]
    multi = [i for i, b in enumerate(lines) if len(segment_starts(b.words)) >= 2]
    if not multi:
        return []
    out = [b.words for b in lines[multi[0] : multi[-1] + 1]]
    for words in out:
        for word in words:
            word.chars = _NO_CHARS
    return out


class Layouter:
    """Places each page's glyphs on the columns, one page at a time and in page order (a
    page's table part depends on whether the page before ended in the table).

    Args:
        edges: the column starts (``column_edges``), at least two.
    """

    def __init__(self, edges: list[float]) -> None:
        self.edges = edges
        self.after_table = False
        self.found = False
        self.header: list[tuple[tuple[int, str], ...]] | None = None
        #: The rightmost end of each column's words, for the cell boxes.
        self.right = [float("-inf")] * len(edges)

    def page(self, number: int, chars: Sequence[Char]) -> PageLayout:
        """Lay out page ``number`` from its glyphs (space glyphs left out)."""
        lines = [_band(b) for b in bands(chars)]
        for band in lines:
            band.cols = _assign(band.words, self.edges)
        span = _region(lines, self.edges, self.after_table)
        self.after_table = span is not None
        if span is None:
            return PageLayout(number, None, [c for b in lines for w in b.words for c in w.chars])
        self.found = True
        lo, hi = span
        part = lines[lo : hi + 1]
        if self.header is None:
            self.header = _header(part)
        self._widen(part)
        outside = [c for b in lines[:lo] + lines[hi + 1 :] for w in b.words for c in w.chars]
        rows = _rows(part, len(self.edges), self.header)
        return PageLayout(number, TablePart(number, part[0].top, part[-1].bottom, rows), outside)

    def _widen(self, lines: list[_Band]) -> None:
        edges, right = self.edges, self.right
        for band in lines:
            for word, col in zip(band.words, band.cols, strict=True):
                nxt = edges[col + 1] if col + 1 < len(edges) else float("inf")
                if word.x1 <= nxt:  # words across an edge say nothing about the column
                    right[col] = max(right[col], word.x1)

    def boxes(self) -> tuple[list[float], float]:
        """Cell boxes around the columns' text, once every page is laid out: the left edges
        and the right edge of the last column. The inset is the default cell margin unless
        the text of a column comes closer than two margins to the next column's; the last
        column ends where its longest line does, the only evidence of where it stops."""
        edges, right = self.edges, self.right
        pad = _CELL_PAD
        for col in range(len(edges) - 1):
            if right[col] > float("-inf"):
                pad = min(pad, (edges[col + 1] - right[col]) / 2)
        pad = max(pad, 0.5)
        last = right[-1] if right[-1] > float("-inf") else edges[-1]
        return [e - pad for e in edges], last + pad


def _band(chars: list[Char]) -> _Band:
    sizes = sorted(c["size"] for c in chars)
    return _Band(
        min(c["top"] for c in chars),
        max(c["bottom"] for c in chars),
        sizes[len(sizes) // 2] or 1.0,
        split_words(chars),
    )


def _assign(words: Sequence[Word], edges: Sequence[float]) -> list[int]:
    """Each word's column: a word after a mere space stays in its neighbour's column (even
    past an edge: a heading across columns is one cell), unless it starts right on an edge."""
    cols: list[int] = []
    for i, word in enumerate(words):
        on_edge = any(abs(word.x0 - e) <= _ALIGN for e in edges)
        if i and not on_edge and word.x0 - words[i - 1].x1 < _GAP * word.size:
            cols.append(cols[-1])
        else:
            cols.append(max(0, bisect_right(edges, word.x0 + _ALIGN) - 1))
    return cols


def _region(lines: list[_Band], edges: list[float], after_table: bool) -> tuple[int, int] | None:
    """First and last line of the page's table part, if it has one."""
    fits = [not any(_cuts(w, e) for w in b.words for e in edges) for b in lines]

    def aligned(b: _Band) -> int:
        starts = {w.x0 for w, _ in segment_starts(b.words)}
        return sum(1 for e in edges if any(abs(x - e) <= _ALIGN for x in starts))

    def cells(j: int) -> bool:
        """Whether line ``j`` fits the columns as a line of a row's cells: no word across an
        edge, and not text at the margin alone (a paragraph, or a row with one cell filled)."""
        return fits[j] and set(lines[j].cols) != {0}

    def near(i: int, j: int) -> bool:
        gap = max(lines[j].top - lines[i].bottom, lines[i].top - lines[j].bottom)
        return gap <= _END_GAP * lines[i].size

    anchors = [i for i, b in enumerate(lines) if fits[i] and aligned(b) >= 2]
    if anchors:
        lo, hi = anchors[0], anchors[-1]
    elif after_table and lines and cells(0):
        lo = hi = 0  # a page inside one long cell: no line has two columns of text
    else:
        return None
    while hi + 1 < len(lines) and cells(hi + 1) and near(hi, hi + 1):
        hi += 1
    while after_table and lo > 0 and cells(lo - 1) and near(lo, lo - 1):
        lo -= 1
    return lo, hi


def _key(band: _Band) -> tuple[tuple[int, str], ...]:
    return tuple((c, w.text) for w, c in zip(band.words, band.cols, strict=True))


def _header(part: list[_Band]) -> list[tuple[tuple[int, str], ...]]:
    """The header lines: in the table's first part, the lines above its second row start."""
    for i in range(1, len(part)):
        if 0 in part[i].cols:
            return [_key(b) for b in part[:i]]
    return []


def _rows(
    lines: list[_Band], ncols: int, header: list[tuple[tuple[int, str], ...]]
) -> list[list[list[Char]]]:
    """Lines -> rows of cells: a row starts at a line with text in the first column, and after
    the header lines when the part starts with them."""
    starts = {0} | {i for i, b in enumerate(lines) if 0 in b.cols}
    if header and [_key(b) for b in lines[: len(header)]] == header:
        starts.add(len(header))
    rows: list[list[list[Char]]] = []
    for i, band in enumerate(lines):
        if i in starts:
            rows.append([[] for _ in range(ncols)])
        for word, col in zip(band.words, band.cols, strict=True):
            rows[-1][col].extend(word.chars)
    return rows
