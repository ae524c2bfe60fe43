"""The HTML table model: which rows a table has, whether it lays out a page or holds data, and
where each cell sits on the grid once colspan and rowspan are applied."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from .base import Paragraph
from .grid import GridCell, GridRow

#: The largest colspan and rowspan a browser honours (HTML standard).
_MAX_COLSPAN, _MAX_ROWSPAN = 1000, 65534
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

Rows = list[tuple[etree._Element, bool]]
_CELLS = frozenset(("td", "th"))


def int_attribute(text: str | None, default: int) -> int:
    try:
        return int((text or "").strip())
    except ValueError:
        return default


def hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return style is not None and _HIDDEN_STYLE.search(style) is not None


def bold_style(element: etree._Element) -> bool:
    style = element.get("style")
    return style is not None and _BOLD_STYLE.search(style) is not None


def table_rows(table: etree._Element) -> Rows:
    """The table's own rows as a browser orders them: header, body, footer."""
    head: Rows = []
    body: Rows = []
    foot: Rows = []
    for child in table:
        tag = child.tag
        if tag == "tr":
            body.append((child, False))
        elif tag in ("thead", "tbody", "tfoot"):
            target = head if tag == "thead" else foot if tag == "tfoot" else body
            target.extend((tr, tag == "thead") for tr in child if tr.tag == "tr")
    return head + body + foot


def is_layout(table: etree._Element, rows: Rows) -> bool:
    if (table.get("role") or "").lower() in ("presentation", "none"):
        return True
    if next(table.iterdescendants("table"), None) is not None:
        return True
    return all(sum(1 for c in tr if c.tag in ("td", "th")) <= 1 for tr, _ in rows)


@dataclass(slots=True)
class _Carry:
    """A cell whose rowspan reaches into rows below."""

    cell: GridCell
    row: int
    left: int


def place(
    rows: Rows,
    read_cell: Callable[[etree._Element], list[Paragraph]],
    count_cells: Callable[[int], None],
) -> list[GridRow]:
    """Place each cell on the grid, as the HTML table model does: a cell takes the first
    column no rowspan from above covers."""
    carries: dict[int, _Carry] = {}
    out: list[GridRow] = []
    last = len(rows)
    for index, (tr, is_head) in enumerate(rows):
        row = GridRow(index, is_header=is_head)
        cells = row.cells
        col = 0
        new: dict[int, _Carry] = {}
        for td in tr:
            if td.tag not in _CELLS or hidden(td):
                continue
            if carries:  # most tables have no rowspan: skip the look-up
                col = _carry_over(carries, row, col, stop=None)
            colspan = td.get("colspan")
            span = 1 if colspan is None else min(max(int_attribute(colspan, 1), 1), _MAX_COLSPAN)
            cell = GridCell(col, read_cell(td), span)
            cells.append(cell)
            rowspan = td.get("rowspan")
            if rowspan is not None:
                down = int_attribute(rowspan, 1)
                down = last - index if down == 0 else min(down, _MAX_ROWSPAN, last - index)
                if down > 1:
                    new[col] = _Carry(cell, index, down - 1)
            col += span
        if carries:
            _carry_over(carries, row, col, stop=-1)
            carries = {c: k for c, k in carries.items() if k.left > 0}
        count_cells(len(cells))
        if new:
            carries.update(new)
        out.append(row)
    return out


def _carry_over(carries: dict[int, _Carry], row: GridRow, col: int, stop: int | None) -> int:
    """Add to ``row`` the cells carried down into it from ``col`` on: up to the first column
    free of them (``stop`` None), or all the rest (``stop`` -1). Returns the next free column."""
    while True:
        if stop is None:
            carry = carries.get(col)
            if carry is None:
                return col
        else:
            later = [c for c in carries if c >= col and carries[c].left > 0]
            if not later:
                return col
            col = min(later)
            carry = carries[col]
        if carry.left > 0:
            row.cells.append(
                GridCell(col, carry.cell.paragraphs, carry.cell.span, merged_from=carry.row)
            )
            carry.left -= 1
        col += carry.cell.span
