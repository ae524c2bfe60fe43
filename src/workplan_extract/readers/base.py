"""The neutral document model every reader fills, and the reader protocol.

A document is a sequence of blocks in reading order: paragraphs and tables. A table is rows of
cells of paragraphs on a column grid. Readers know nothing of workplans: they report what the
file says (text, list labels, merged cells, repeated header rows, where each cell is) and leave
every interpretation to the layers above.

Plain dataclasses and named tuples rather than pydantic models: readers create tens of thousands
of these per document and validation happens once, on the finished records. The two made most
often (``Paragraph``, ``CellLocation``) are named tuples: immutable like a frozen dataclass, and
made in half the time (a frozen dataclass sets each field through ``object.__setattr__``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple, Protocol

#: Every bullet glyph is reported as this one label, so formats agree.
BULLET = "•"

# Glyphs that start a bulleted paragraph when the bullet is typed rather than numbered:
# U+00B7 is what Symbol-font bullets become in text dumps, U+F0B7 what they are in PDFs.
_BULLET_CHARS = "•·▪◦‣∙●○■□\uf0b7\uf0a7\uf076\uf0d8-–*"
_TYPED_LABEL = re.compile(
    rf"^\s*(?:(?P<bullet>[{re.escape(_BULLET_CHARS)}])\s+|(?P<letter>\(?[a-z]\))\s*(?=\S))"
)
_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009]+")


#: What ``tidy`` collapses besides single spaces.
_COLLAPSED = ("  ", "\t", "\u00a0", "\u2002", "\u2003", "\u2009")


def tidy(text: str) -> str:
    """Collapse runs of spaces (including no-break and en/em spaces) and strip the ends.

    Nearly all text has nothing to collapse, so that case skips the regex: readers call this
    once per paragraph and it shows in profiles. (Six substring tests cost less than one
    regex search, which steps through the text a character at a time.)
    """
    text = text.strip()
    for run in _COLLAPSED:
        if run in text:
            return _SPACES.sub(" ", text).strip()
    return text


#: Makes a named tuple without its Python-level ``__new__`` (readers make tens of thousands).
_new = tuple.__new__


class Paragraph(NamedTuple):
    """One paragraph (or soft-broken line) of text.

    ``label`` is the list label the reader saw: ``"a)"`` for a lettered list, ``BULLET`` for a
    bulleted one, whether the glyph was typed or came from Word's list numbering. ``text`` never
    includes the label.

    ``style`` is how the source sets the paragraph apart, in one vocabulary for every format:

    * a named style as the source names it: ``"Title"``, ``"Heading 1"`` .. ``"Heading 9"``
      (Word's styles; HTML's ``<h1>``-``<h6>`` are reported as ``"Heading 1"``-``"Heading 6"``
      and ``<caption>`` as ``"Caption"``), or any other named style ("List Paragraph");
    * where no heading or title style is named but the typography sets the whole paragraph
      apart: ``"Strong"`` when every character is bold (Word runs, HTML ``<b>``/``<strong>``,
      a PDF line in a bold font), ``"Large"`` when its font is clearly larger than the body
      text's (PDF);
    * ``None`` when the source says nothing.

    Readers only report this; whether a paragraph is a section heading is the layout's call.
    """

    text: str
    label: str | None = None
    level: int = 0
    style: str | None = None

    @property
    def rendered(self) -> str:
        """The paragraph as a reader of the page sees it: label, a space, text."""
        return f"{self.label} {self.text}" if self.label else self.text

    @classmethod
    def from_typed(cls, text: str, style: str | None = None) -> Paragraph:
        """Build a paragraph whose list label, if any, was typed into the text.

        >>> Paragraph.from_typed("· Develop LCPC website.")
        Paragraph(text='Develop LCPC website.', label='•', level=0, style=None)
        >>> Paragraph.from_typed("a) Publicise London Board initiatives")
        Paragraph(text='Publicise London Board initiatives', label='a)', level=0, style=None)
        """
        return cls.from_tidy(tidy(text), style)

    @classmethod
    def from_tidy(cls, text: str, style: str | None = None) -> Paragraph:
        """``from_typed`` for text already passed through ``tidy`` (readers tidy every line)."""
        if text[:1].isalnum():
            if text[1:2] != ")":
                # No typed label can start so (a glyph or "a)" / "(a)" must): skip the regex.
                return _new(cls, (text, None, 0, style))
            if "a" <= text[0] <= "z":
                # "a) text", the commonest label, without the regex: its ``\s*(?=\S)`` is
                # what ``strip`` does (both use str.isspace), and no text after it is no label.
                rest = text[2:].strip()
                return _new(cls, (rest, text[:2], 0, style) if rest else (text, None, 0, style))
        m = _TYPED_LABEL.match(text)
        if m is None:
            return cls(text, None, 0, style)
        label = BULLET if m.group("bullet") else m.group("letter").lstrip("(")
        rest = text[m.end() :].strip()
        if not rest:
            return cls(text, None, 0, style)
        return cls(rest, label, 0, style)


class CellLocation(NamedTuple):
    """Where a cell is in the source, for traceability."""

    table: int
    row: int
    col: int
    page: int | None = None
    line: int | None = None


@dataclass(slots=True)
class Cell:
    """A cell on the table grid.

    ``col`` is the first grid column it covers and ``span`` how many it covers (gridSpan).
    A vertically merged cell appears in every row it spans; in the rows after the first,
    ``merged_from`` is the row index where the merge starts.
    """

    paragraphs: list[Paragraph]
    col: int
    location: CellLocation
    span: int = 1
    merged_from: int | None = None

    @property
    def text(self) -> str:
        """Paragraphs joined by newlines, each rendered with its label."""
        # A list, not a generator: join makes one from a generator anyway, at extra cost.
        # ``rendered`` inline: this runs for nearly every cell, and the property call cost more
        # than the formatting.
        return "\n".join(
            [f"{p.label} {p.text}" if p.label else p.text for p in self.paragraphs if p.text]
        )

    @property
    def is_empty(self) -> bool:
        # A loop, not any() over a generator: called for every cell, and the first paragraph
        # usually settles it, so the generator's setup would be most of the cost.
        for p in self.paragraphs:  # noqa: SIM110
            if p.text:
                return False
        return True


#: Rows with more cells than this find a column by bisection.
_SCAN = 32


@dataclass(slots=True)
class Row:
    """One table row. ``is_header`` is true when the source marks it as a repeating header."""

    cells: list[Cell]
    index: int
    is_header: bool = False
    page: int | None = None

    _starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    def cell_at(self, col: int) -> Cell | None:
        """The cell covering grid column ``col``, if any."""
        cells = self.cells
        if len(cells) > _SCAN:
            # Callers ask for every column in turn: a linear scan made that quadratic, 15 s
            # for a 10,000-column row. Cells come in column order, so bisect their starts.
            starts = self._starts
            if starts is None or len(starts) != len(cells):
                starts = [c.col for c in cells]
                # An empty list marks a row whose cells are out of order: scan it.
                in_order = all(a <= b for a, b in pairwise(starts))
                starts = self._starts = starts if in_order else []
            if starts:
                i = bisect_right(starts, col) - 1
                if i < 0:
                    return None
                cell = cells[i]
                if cell.col == starts[i]:  # else the row changed since: scan it
                    return cell if col < cell.col + cell.span else None
        for cell in cells:
            if cell.col <= col < cell.col + cell.span:
                return cell
        return None


@dataclass(slots=True)
class Table:
    """A table: rows on a grid of ``ncols`` columns. ``index`` counts tables in the source.

    ``name`` is the sheet's name, for spreadsheets.
    """

    rows: list[Row]
    index: int
    ncols: int
    #: the sheet's name, for spreadsheets
    name: str | None = None


class Doubt(NamedTuple):
    """Words a reader may have misread (OCR), why it doubts them, and where they are: in a
    table cell (``cell``), or in the paragraph outside every table whose text is
    ``paragraph``. ``why`` completes "OCR read <words> ...": "with low confidence (43/100)"."""

    words: str
    cell: CellLocation | None
    paragraph: str
    why: str


@dataclass(slots=True)
class SourceDocument:
    """What a reader returns: blocks in reading order, plus facts about the file.

    ``ocr`` names the OCR engine that read scanned pages ("Tesseract 5.3.0"), and ``doubts``
    lists what it may have misread; both stay empty for text the file holds as text.
    """

    blocks: list[Paragraph | Table] = field(default_factory=list)
    pages: int | None = None
    converted_with: str | None = None
    notes: list[str] = field(default_factory=list)
    ocr: str | None = None
    doubts: list[Doubt] = field(default_factory=list)

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))


class Reader(Protocol):
    """A reader turns the bytes of one file into a ``SourceDocument``."""

    def __call__(self, data: bytes, path: str) -> SourceDocument: ...
