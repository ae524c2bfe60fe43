"""What a reader may have misread (OCR) -> ``ocr.low_confidence`` warnings.

A reader reports each doubt with the cell or paragraph it is in (``readers.base.Doubt``); this
module names the item and the field that text ended up in, so the warning points at the value
to check: the item whose rows hold the cell and the field its column maps to, ``section`` for
a section row, ``columns`` for a header cell, or the title, reference or preamble for text
outside the table. Nothing is changed in the values themselves:
the words stay as they were read.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence

from .items import Segment
from .layout import Layout
from .readers.base import Doubt
from .recorddata import ItemDraft, WarningData

#: Longest stretch of the paragraph quoted in a warning.
_QUOTED = 120


def doubt_warnings(
    doubts: Sequence[Doubt],
    layout: Layout,
    segments: Sequence[Segment],
    items: Sequence[ItemDraft],
) -> list[WarningData]:
    """One ``ocr.low_confidence`` warning per doubt that reached the record.

    Args:
        doubts: the reader's doubts.
        layout: where the workplan's rows and front matter came from.
        segments: the workplan tables with their column mappings.
        items: the items (as data), in order, each with its ``location``.

    Returns:
        The warnings, as data, in the order of the doubts.
    """
    position = {(r.table, r.row.index): n for n, r in enumerate(layout.rows)}
    # Each source table's column mapping (tables of one workplan table share theirs).
    field_of: dict[int, Mapping[int, str]] = {}
    for segment in segments:
        mapping = {c.column: c.field for c in segment.columns}
        for r in segment.rows:
            field_of.setdefault(r.table, mapping)
    starts: list[int] = []
    placed_items: list[ItemDraft] = []
    for record in items:
        loc = record["location"]
        at = position.get((loc["table"], loc["row"]))
        if at is not None:
            starts.append(at)
            placed_items.append(record)
    out: list[WarningData] = []
    for doubt in doubts:
        placed = _place(doubt, position, starts, placed_items, field_of, layout)
        if placed is None:
            continue
        item, field = placed
        shown = (
            doubt.paragraph if len(doubt.paragraph) <= _QUOTED else doubt.paragraph[:_QUOTED] + "…"
        )
        out.append(
            WarningData(
                code="ocr.low_confidence",
                message=f'OCR read "{doubt.words}" {doubt.why}, in "{shown}"',
                item=item,
                field=field,
            )
        )
    return out


def _place(
    doubt: Doubt,
    position: dict[tuple[int, int], int],
    starts: list[int],
    items: list[ItemDraft],
    field_of: dict[int, Mapping[int, str]],
    layout: Layout,
) -> tuple[str | None, str | None] | None:
    """(item number, field) the doubt is about, or None when it is in nothing extracted."""
    cell = doubt.cell
    if cell is None:
        return None, _front_matter_field(doubt.paragraph, layout)
    if cell.table not in field_of:
        return None  # a table that is not the workplan's
    field = field_of[cell.table].get(cell.col, "other")
    at = position.get((cell.table, cell.row))
    if at is None:
        return None, "columns"  # a header row: a column's header, as ``columns`` keeps it
    i = bisect_right(starts, at) - 1
    if i >= 0 and starts[i] == at:
        return items[i]["number"], field
    # A row that starts no item: a section heading over the next item, or more of item i.
    section = items[i + 1]["section"] if i + 1 < len(items) else None
    if i < 0 or (section and doubt.paragraph in section):
        return None, "section"
    return items[i]["number"], field


def _front_matter_field(paragraph: str, layout: Layout) -> str | None:
    """The front-matter field holding the paragraph; None for text after the table (kept in
    a ``table.stray_text`` warning)."""
    if paragraph == layout.title:
        return "title"
    if layout.reference is not None and layout.reference in paragraph:
        return "reference"
    if paragraph in layout.preamble:
        return "preamble"
    return None
