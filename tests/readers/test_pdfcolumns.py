"""The column finder for tables without ruling lines, on synthetic word boxes and glyphs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from workplan_extract.readers.pdfcolumns import (
    Char,
    Layouter,
    PageLayout,
    Word,
    column_edges,
    evidence,
)


@dataclass
class Columns:
    """The table's columns as cell boxes (``xs`` left edges, ``x1`` the right edge) and every
    page's layout."""

    xs: list[float]
    x1: float
    pages: list[PageLayout]


def find_columns(pages: Sequence[tuple[int, Sequence[Char]]]) -> Columns | None:
    """The PDF reader's two passes over the pages, composed in one call: ``evidence`` of every
    page, then ``column_edges``, then a ``Layouter`` over each page (see ``readers/pdf.py``)."""
    edges = column_edges([line for _, chars in pages for line in evidence(chars)])
    if len(edges) < 2:
        return None
    layouter = Layouter(edges)
    layouts = [layouter.page(number, chars) for number, chars in pages]
    if not layouter.found:
        return None
    xs, x1 = layouter.boxes()
    return Columns(xs, x1, layouts)


SIZE = 10.0
SPACE = 2.5  # a word space in a 10 pt font
PITCH = 14.0  # top to top, lines within a cell

Box = tuple[float, float]  # a word's x0, x1


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[float], list[list[Box]]]:
    """Column starts and lines of words: left-aligned text in columns at least two cell margins
    apart; the first two lines (header and first row) fill every column, the rest any."""
    ncols = draw(st.integers(2, 5))
    widths = draw(st.lists(st.integers(30, 150), min_size=ncols, max_size=ncols))
    gaps = draw(st.lists(st.integers(11, 60), min_size=ncols, max_size=ncols))
    starts: list[float] = []
    x = 90.0
    for width, gap in zip(widths, gaps, strict=True):
        starts.append(x)
        x += width + gap
    lines: list[list[Box]] = []
    for i in range(draw(st.integers(2, 25))):
        line: list[Box] = []
        for col in range(ncols):
            if i >= 2 and not draw(st.booleans()):
                continue
            x, end = starts[col], starts[col] + widths[col]
            for n in range(draw(st.integers(1, 6))):
                width = draw(st.integers(4, 45))
                if x + width > end:
                    if n:
                        break
                    width = int(end - x)  # the first word always fits: it is the cell's text
                line.append((x, x + width))
                x += width + SPACE
        lines.append(line)
    return starts, lines


def _words(line: list[Box]) -> list[Word]:
    return [Word(x0, x1, "w", SIZE) for x0, x1 in line]


def _chars(lines: list[list[Box]]) -> list[dict[str, Any]]:
    """Glyphs for the word boxes, five to a word at most, each tagged with its word's id."""
    out = []
    for i, line in enumerate(lines):
        top = 100.0 + PITCH * i
        for j, (x0, x1) in enumerate(line):
            count = max(1, min(5, int((x1 - x0) // 4)))
            step = (x1 - x0) / count
            for k in range(count):
                out.append(
                    {
                        "text": "x",
                        "x0": x0 + k * step,
                        "x1": x0 + (k + 1) * step,
                        "top": top,
                        "bottom": top + SIZE,
                        "size": SIZE,
                        "word": (i, j),
                    }
                )
    return out


@settings(max_examples=100, deadline=None)
@given(tables())
def test_columns_separated_by_gaps_are_found(table: tuple[list[float], list[list[Box]]]) -> None:
    starts, lines = table
    assert column_edges([_words(line) for line in lines]) == starts


@settings(max_examples=100, deadline=None)
@given(tables())
def test_a_word_is_never_split(table: tuple[list[float], list[list[Box]]]) -> None:
    starts, lines = table
    found = find_columns([(1, _chars(lines))])
    assert found is not None
    place: dict[tuple[int, int], set[tuple[int, int] | None]] = {}
    (layout,) = found.pages
    assert layout.part is not None
    for r, row in enumerate(layout.part.rows):
        for c, cell in enumerate(row):
            for ch in cell:
                place.setdefault(ch["word"], set()).add((r, c))
    for ch in layout.outside:
        place.setdefault(ch["word"], set()).add(None)
    assert all(len(where) == 1 for where in place.values())
    # Each word is in the column its box lies in.
    for (i, j), where in place.items():
        (spot,) = where
        if spot is not None:
            x0 = lines[i][j][0]
            assert spot[1] == max(c for c, s in enumerate(starts) if s <= x0)


def _line(*boxes: Box) -> list[Word]:
    return [Word(x0, x1, "w", SIZE) for x0, x1 in boxes]


def test_a_wide_space_inside_a_column_is_no_edge() -> None:
    lines = [
        _line((90, 97), (130, 180), (300, 330)),
        _line((90, 97), (130, 200), (208, 260), (300, 340)),  # a justified line: 8 pt space
        _line((130, 170), (175, 250)),
        _line((90, 97), (130, 190), (208, 240), (300, 320)),  # 18 pt: aligned by chance
        _line((130, 280)),  # ... but this line's words cross 208
        _line((130, 150), (154, 260)),
    ]
    assert column_edges(lines) == [90, 130, 300]


def test_hanging_indent_of_a_bullet_list_is_no_column() -> None:
    bullet = Word(130, 135, "•", SIZE)
    lines = [
        _line((90, 97), (130, 200), (300, 330)),
        [Word(90, 97, "1", SIZE), bullet, Word(145, 250, "w", SIZE), Word(300, 320, "w", SIZE)],
        _line((145, 260)),  # the wrapped lines of the item start at the indent
        [bullet, Word(145, 220, "w", SIZE)],
        _line((145, 240)),
    ]
    assert column_edges(lines) == [90, 130, 300]


def test_title_above_and_paragraph_below_stay_outside_the_table() -> None:
    lines = [
        [(90.0, 280.0)],  # the title, across the first column edge
        [(130.0, 200.0), (300.0, 340.0)],  # header
        [(90.0, 97.0), (130.0, 190.0), (300.0, 330.0)],
        [(130.0, 250.0)],  # a wrapped cell line
        [(90.0, 97.0), (130.0, 170.0), (300.0, 320.0)],
        [(90.0, 120.0)],  # text at the margin alone, after the table: a paragraph
    ]
    found = find_columns([(1, _chars(lines))])
    assert found is not None
    (layout,) = found.pages
    assert layout.part is not None
    assert {ch["word"][0] for ch in layout.outside} == {0, 5}
    # Rows start at the header and at each numbered line; the wrapped line stays in its row.
    words = [
        sorted({ch["word"] for ch in cell}) for row in layout.part.rows for cell in row if cell
    ]
    assert words == [
        [(1, 0)],
        [(1, 1)],
        [(2, 0)],
        [(2, 1), (3, 0)],
        [(2, 2)],
        [(4, 0)],
        [(4, 1)],
        [(4, 2)],
    ]
    # Cell boxes sit a cell margin outside the text.
    assert found.xs == [90 - 5.4, 130 - 5.4, 300 - 5.4]


def test_no_table_in_plain_paragraphs() -> None:
    lines = [[(90.0, 500.0)], [(90.0, 480.0)], [(90.0, 200.0)], [(90.0, 510.0)]]
    assert find_columns([(1, _chars(lines))]) is None
