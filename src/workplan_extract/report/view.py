"""One document as the report shows it: items grouped by section, each warning beside the item
and the column it concerns, each source cell beside the values read from it.

Every warning of the document lands in exactly one place (an item's column, the document's
header, or the list of the document's own warnings), and every source cell in exactly one
column's "source" box, so the page shows what the JSON holds, no more and no less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..records import Item, Status, Warning, WorkplanDocument
from .charts import TimeChart, item_timeline

#: The report's item columns, and which record fields (and cells) each shows.
COLUMNS = ("item", "status", "parties", "timings")
_FIELD_COLUMN = {
    "status": "status",
    "lead_parties": "parties",
    "partners": "parties",
    "audience": "parties",
    "timings": "timings",
    "meetings": "timings",
}
#: Document-level warnings shown beside a header field rather than in the general list.
HEADER_FIELDS = ("title", "reference", "body", "period")
_NUMBERED_KEY = re.compile(r"_\d+$")

#: Status value -> (RAG class, the letter shown with the colour, words).
_RAG: dict[str, tuple[str, str]] = {
    "red": ("r", "R"),
    "overdue": ("r", "R"),
    "amber": ("a", "A"),
    "at-risk": ("a", "A"),
    "green": ("g", "G"),
    "on-track": ("g", "G"),
    "blue": ("b", "B"),
    "complete": ("b", "C"),
    "not-started": ("n", "N"),
    "deferred": ("n", "D"),
    "cancelled": ("n", "X"),
}


@dataclass(frozen=True, slots=True)
class Rag:
    """How a status is shown: a colour class and a letter, so colour is never the only signal."""

    css: str
    letter: str
    words: str


def rag(status: Status) -> Rag:
    """The RAG badge of a status; an unrecognised one is grey with a question mark."""
    if status.value is None:
        return Rag("u", "?", "not recognised")
    css, letter = _RAG[status.value]
    return Rag(css, letter, status.value.replace("-", " "))


def column_of(field_name: str | None) -> str:
    """The column a warning's field, or a cell's key ("lead_parties_2"), belongs to."""
    if field_name is None:
        return "item"
    return _FIELD_COLUMN.get(_NUMBERED_KEY.sub("", field_name), "item")


@dataclass(frozen=True, slots=True)
class Placed:
    """A warning and, when several items share its item number, how many do."""

    warning: Warning
    shared_by: int = 1


@dataclass(slots=True)
class ItemView:
    index: int
    item: Item
    #: The section heading to show before this item, when it starts a new section.
    section: str | None
    warnings: dict[str, list[Placed]] = field(default_factory=dict)
    cells: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.item.number if self.item.number is not None else f"({self.index + 1})"

    def warnings_in(self, column: str) -> list[Placed]:
        return self.warnings.get(column, [])

    def cells_in(self, column: str) -> dict[str, str]:
        return self.cells.get(column, {})


@dataclass(slots=True)
class DocumentView:
    number: int
    anchor: str
    origin: str
    doc: WorkplanDocument
    items: list[ItemView]
    #: Header field -> the document-level warnings about it.
    header_warnings: dict[str, list[Placed]]
    #: Warnings about the document as a whole, or about an item number no item has.
    other_warnings: list[Placed]
    timeline: TimeChart | None

    @property
    def title(self) -> str:
        return self.doc.title or self.doc.source.filename


def document_view(doc: WorkplanDocument, number: int, origin: str) -> DocumentView:
    """Arrange ``doc`` for the page (``number`` makes its anchor unique in the report)."""
    items: list[ItemView] = []
    section: str | None = None
    first_with_number: dict[str, int] = {}
    sharing: dict[str, int] = {}
    for index, item in enumerate(doc.items):
        starts = item.section if item.section is not None and item.section != section else None
        section = item.section
        view = ItemView(index, item, starts)
        for key, text in item.cells.items():
            view.cells.setdefault(column_of(key), {})[key] = text
        items.append(view)
        if item.number is not None:
            first_with_number.setdefault(item.number, index)
            sharing[item.number] = sharing.get(item.number, 0) + 1
    header: dict[str, list[Placed]] = {}
    other: list[Placed] = []
    for warning in doc.warnings:
        item_number = warning.item
        target = first_with_number.get(item_number) if item_number is not None else None
        if target is not None and item_number is not None:
            placed = Placed(warning, sharing[item_number])
            items[target].warnings.setdefault(column_of(warning.field), []).append(placed)
        elif warning.item is None and warning.field in HEADER_FIELDS:
            header.setdefault(warning.field, []).append(Placed(warning))
        else:
            other.append(Placed(warning))
    return DocumentView(
        number,
        f"doc-{number + 1}",
        origin,
        doc,
        items,
        header,
        other,
        item_timeline(doc.items, doc.period),
    )
