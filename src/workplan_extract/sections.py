"""Sections inside a workplan table: which rows are section rows, and the section of each item.

A section row names the items below it rather than being one: a row holding one cell across
the table, a row whose number cell holds words and nothing else ("Core Board business"), a
row with only "Theme 1: ..." or a bold line in it, and a row numbered "1" holding only a heading
above rows numbered "1.1", "1.2" (SPEC 2.0 "Inputs"). Headings above tables (from the layout)
start a section too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .layout import SourceRow
from .mapping import is_row_number
from .readers.base import Cell, Paragraph, tidy
from .recorddata import WarningData

#: A section's name alone in a row: "Theme 1: Safety", "Priority 2 - Child sexual exploitation".
_SECTION = re.compile(
    r"^(?:theme|section|part|strand|priority|objective|area|outcome|aim|goal)\s+"
    r"(?:\d{1,2}[a-z]?|[A-Z]|one|two|three|four|five|six|seven|eight|nine|ten)\b",
    re.I,
)
#: A heading row's text is short: a parent row numbered "1" with a paragraph is an item.
_HEADING_WORDS = 20


@dataclass(slots=True)
class Sections:
    """The section in force while the rows are walked, across tables.

    Section rows stacked with no item between them join ("Priority 1 – 1 Corporate Vision");
    a parent row ("1 Corporate Vision") holds only for the rows numbered under it, then the
    section before it is back. A section row no item ever sits under is kept as stray text.
    """

    warnings: list[WarningData]
    current: str | None = None
    #: Parent rows in force, innermost last: each one's number and the section before it.
    parents: list[tuple[str, str | None]] = field(default_factory=list)
    #: No item since the section was set; ``row_text`` when a section row set it.
    fresh: bool = False
    row_text: str | None = None

    def heading(self, text: str) -> None:
        """A heading above a table (from the layout)."""
        self._stray()
        self.current, self.parents, self.fresh, self.row_text = text, [], True, None

    def row(self, text: str, number: str | None) -> None:
        """A section row; ``number`` when it is a parent row."""
        while number is not None and self.parents and leaves(self.parents[-1][0], number):
            self.current = self.parents.pop()[1]
        before = self.current
        joined = f"{before} – {text}" if self.fresh and before is not None else text
        if number is not None:
            self.parents.append((number, before))
        elif not self.fresh:
            self.parents = []
        self.current, self.fresh, self.row_text = joined, True, joined

    def item(self, number: str | None) -> str | None:
        """The section of an item numbered ``number``."""
        while number and self.parents and leaves(self.parents[-1][0], number):
            self.current = self.parents.pop()[1]
        self.fresh, self.row_text = False, None
        return self.current

    def finish(self) -> None:
        self._stray()

    def _stray(self) -> None:
        if self.fresh and self.row_text is not None:
            self.warnings.append(
                WarningData(
                    code="table.stray_text",
                    message=f"text outside the table kept here: {self.row_text}",
                    item=None,
                    field=None,
                )
            )
        self.fresh, self.row_text = False, None


def section_of(
    cells: list[Cell],
    number: str | None,
    number_col: int | None,
    ncols: int,
    rows: Sequence[SourceRow],
    at: int,
) -> str | None:
    """The section a row names, if it is a section row rather than an item."""
    if len(cells) == 1:
        cell = cells[0]
        text = tidy(" ".join(p.rendered for p in cell.paragraphs if p.text))
        if cell.span >= max(ncols - 1, 2):
            return text  # one cell across the table
        if number is not None and cell.col == number_col and not is_row_number(number):
            return text  # words in the number column and nothing else: "Core Board business"
        heading = _heading_paragraph(cell)
        if heading is not None and (_SECTION.match(heading.text) or _styled(heading)):
            return text  # "Theme 1: Safety", or a bold line, alone in its row
        return None
    if len(cells) != 2 or not number or not is_row_number(number):
        return None
    others = [c for c in cells if c.col != number_col]
    heading = _heading_paragraph(others[0]) if len(others) == 1 else None
    if heading is None:
        return None
    text = heading.text
    following = _next_number(rows, at, number_col)
    if following is None or not is_child(number, following):
        return None
    return f"{number} {text}"


def _heading_paragraph(cell: Cell) -> Paragraph | None:
    """The cell's only paragraph, if it is short enough to be a heading and no list item."""
    paragraphs = [p for p in cell.paragraphs if p.text]
    if len(paragraphs) != 1 or paragraphs[0].label:
        return None
    para = paragraphs[0]
    return para if len(para.text.split()) <= _HEADING_WORDS else None


def _styled(para: Paragraph) -> bool:
    style = (para.style or "").lower()
    return style in ("strong", "large", "title") or style.startswith("heading")


def _next_number(rows: Sequence[SourceRow], at: int, col: int | None) -> str | None:
    """The number of the next numbered row after ``at``."""
    if col is None:
        return None
    for source in rows[at + 1 :]:
        cell = source.row.cell_at(col)
        if cell is not None and cell.col == col and not cell.is_empty:
            return tidy(cell.text)
    return None


def is_child(parent: str, number: str) -> bool:
    """Whether ``number`` is numbered under ``parent``: "1" -> "1.1", "1a", "1(b)"; "A" -> "A1".

    >>> is_child("1", "1.2"), is_child("1", "12"), is_child("CC1", "CC1.1")
    (True, False, True)
    """
    parent = parent.rstrip(".")
    if len(number) <= len(parent) or not number.startswith(parent):
        return False
    return not (parent[-1].isdigit() and number[len(parent)].isdigit())


_NUMBER_HEAD = re.compile(r"^([A-Za-z]*) ?(\d+)")


def leaves(parent: str, number: str) -> bool:
    """Whether a row numbered ``number`` is past the rows numbered under ``parent``: "2" or
    "2.1" after parent "1". Numbers written in another style than the parent's ("C1.1.1" under
    "CC1", as a real plan numbers them) are taken to stay under it.

    >>> leaves("1", "1.2"), leaves("1", "2"), leaves("1", "2.1"), leaves("CC1", "C1.1.1")
    (False, True, True, False)
    """
    if is_child(parent, number):
        return False
    a, b = _NUMBER_HEAD.match(parent), _NUMBER_HEAD.match(number)
    if a is None or b is None or a.group(1).lower() != b.group(1).lower():
        return False
    return a.group(2) != b.group(2) or number.count(".") <= parent.rstrip(".").count(".")
