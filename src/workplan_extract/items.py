"""Rows of the workplan tables -> item drafts (``recorddata.ItemDraft``).

A row with a number starts an item; a row whose number cell is empty (or vertically merged with
the one above) continues it, cell by cell. With no number column every row is an item, numbered
null. Section rows name the items below them, as headings above a table do: a row holding one
cell across the table, a row whose number cell holds words and nothing else, and a row numbered
"1" holding only a heading above rows numbered "1.1", "1.2". Parties, timings and amounts are
left to the normaliser, which reads them from ``cells``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .headers import TimingRole, header_candidates
from .layout import SourceRow
from .mapping import cell_keys, column_notes
from .readers.base import BULLET, Cell, Paragraph, tidy
from .recorddata import (
    ActionData,
    ItemDraft,
    LocationData,
    OutcomeData,
    StatusData,
    WarningData,
)
from .records import ColumnMapping, FieldName, ItemKind, StatusValue
from .sections import Sections, section_of
from .warning_codes import WarningCode

_SCHEDULE = re.compile(
    r"\bmeetings?\b.*\bschedule\b|\bschedule of meetings\b|\bmeeting dates\b", re.I
)
_RESOURCES = re.compile(r"\b(?:resources?|budgets?|funding|finance)\b", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_LIKE = re.compile(
    rf"^(?:\d{{1,3}}(?:st|nd|rd|th)?[./\s-]+(?:\d|{_MONTH})|{_MONTH}\s*'?\d{{2,4}}\b)", re.I
)
_LABEL = r"\(?([a-z])\)"
_LABELS = re.compile(rf"^\s*{_LABEL}(?:\s*(?:[–—-]|to|and|&|,)\s*{_LABEL})*", re.I)
_LABEL_SPLIT = re.compile(rf"{_LABEL}|([–—-]|to)", re.I)


@dataclass(frozen=True, slots=True)
class Segment:
    """Rows of one workplan table (with its continuations) and how its columns were mapped."""

    rows: Sequence[SourceRow]
    columns: Sequence[ColumnMapping]


@dataclass(slots=True)
class _Draft:
    number: str | None
    section: str | None
    first: SourceRow
    paragraphs: dict[int, list[Paragraph]] = field(default_factory=dict)
    seen: set[tuple[int, int]] = field(default_factory=set)
    rows: int = 1


@dataclass(slots=True)
class _Grid:
    """What the builder needs to know of a segment's columns, worked out once."""

    field_of: dict[int, FieldName]
    keys: dict[int, str]
    number_col: int | None
    ncols: int
    #: Actions columns whose header names a title too ("Objectives & Actions"): their first
    #: paragraph is the item's title when it is not a list item.
    titled: frozenset[int]
    #: Cell key -> column header, for party columns that share their field with another.
    qualifiers: dict[str, str]
    #: Cell key -> what a date in that timing column means.
    roles: dict[str, TimingRole]

    @classmethod
    def of(cls, columns: Sequence[ColumnMapping]) -> _Grid:
        qualifiers, roles = column_notes(columns)
        titled = frozenset(
            c.column
            for c in columns
            if c.field == "actions"
            and any(found.field == "title" for found in header_candidates(c.header))
        )
        return cls(
            field_of={c.column: c.field for c in columns},
            keys=dict(enumerate(cell_keys(columns))),
            number_col=next((c.column for c in columns if c.field == "number"), None),
            ncols=len(columns),
            titled=titled,
            qualifiers=qualifiers,
            roles=roles,
        )


def build_items(segments: Sequence[Segment]) -> tuple[list[ItemDraft], list[WarningData]]:
    """Group rows into items and read each item's fields from its cells.

    Args:
        segments: the workplan's tables in order, each with its data rows (header rows
            already removed) and its column mapping. A section carries on from one table into
            the next until a heading or section row replaces it.

    Returns:
        The items in order, and the warnings raised while building them, as typed data: the
        pipeline validates the whole document once, after normalising.
    """
    from .normalise.status import status_value  # the normaliser's package, loaded on use

    items: list[ItemDraft] = []
    warnings: list[WarningData] = []
    sections = Sections(warnings)
    for segment in segments:
        grid = _Grid.of(segment.columns)
        for draft in _group(segment.rows, grid, sections, warnings):
            items.append(_build(draft, grid, warnings, status_value))
    sections.finish()
    return items, warnings


def _group(
    rows: Sequence[SourceRow], grid: _Grid, sections: Sections, warnings: list[WarningData]
) -> list[_Draft]:
    """The rows of one segment, grouped into drafts."""
    number_col = grid.number_col
    drafts: list[_Draft] = []
    for at, source in enumerate(rows):
        if source.heading is not None:
            sections.heading(source.heading)
        row = source.row
        cells = [c for c in row.cells if not c.is_empty]
        if not cells:
            continue
        number_cell = row.cell_at(number_col) if number_col is not None else None
        if number_cell is not None and number_cell.col != number_col:
            number_cell = None
        number = tidy(number_cell.text) if number_cell is not None else None
        continued = number_cell is not None and number_cell.merged_from is not None
        if not continued:
            heading = section_of(cells, number, number_col, grid.ncols, rows, at)
            if heading is not None:
                parent = number is not None and heading.startswith(f"{number} ")
                sections.row(heading, number if parent else None)
                continue
        if number_col is None:
            drafts.append(_Draft(None, sections.item(None), source))
        elif number and not continued:
            drafts.append(_Draft(number, sections.item(number), source))
        elif drafts:
            drafts[-1].rows += 1
            warnings.append(
                WarningData(
                    code="item.rows_merged",
                    message=(
                        f"row {row.index} of table {source.table} has no number of its own "
                        f"and was joined to item {drafts[-1].number}"
                    ),
                    item=drafts[-1].number,
                    field="number",
                )
            )
        else:
            drafts.append(_Draft(None, sections.item(None), source))
            warnings.append(
                WarningData(
                    code="item.unnumbered",
                    message=f"row {row.index} of table {source.table} has no item number",
                    item=None,
                    field="number",
                )
            )
        _add_cells(drafts[-1], source, cells)
    return drafts


def _add_cells(draft: _Draft, source: SourceRow, cells: list[Cell]) -> None:
    for cell in cells:
        # A vertically merged cell appears in every row it spans; take it once per item.
        origin = (cell.merged_from if cell.merged_from is not None else source.row.index, cell.col)
        if cell.merged_from is not None and origin in draft.seen:
            continue
        draft.seen.add(origin)
        draft.paragraphs.setdefault(cell.col, []).extend([p for p in cell.paragraphs if p.text])


def _build(
    draft: _Draft,
    grid: _Grid,
    warnings: list[WarningData],
    status_value: Callable[[str], StatusValue | None],
) -> ItemDraft:
    by_field: dict[FieldName, list[Paragraph]] = {}
    cells: dict[str, str] = {}
    first_action_col: int | None = None
    for col in sorted(draft.paragraphs):
        paragraphs = draft.paragraphs[col]
        name = grid.field_of.get(col, "other")
        by_field.setdefault(name, []).extend(paragraphs)
        if name == "actions" and first_action_col is None and paragraphs:
            first_action_col = col
        # ``Paragraph.rendered``, inline: a property call per paragraph showed in profiles.
        text = "\n".join([f"{p.label} {p.text}" if p.label else p.text for p in paragraphs])
        if text:
            cells[grid.keys.get(col, "other")] = text
    actions_paras = list(by_field.get("actions", []))
    if "title" in by_field:
        title = tidy(" ".join([p.rendered for p in by_field["title"]]))
    elif actions_paras:
        # "Objectives & Actions" leads with the objective; a plain actions column holds only
        # actions, so its first one names the item and stays an action.
        title = actions_paras[0].text
        if first_action_col in grid.titled and actions_paras[0].label is None:
            actions_paras.pop(0)
    else:
        title = ""
        warnings.append(_warn(draft, "item.no_title", "item has no title or action text", "title"))
    kind = _kind(title)
    actions: list[ActionData] = []
    meetings: list[str] = []
    for para in actions_paras:
        if kind == "schedule" and _DATE_LIKE.match(para.text):
            meetings.append(para.text)
        else:
            actions.append(ActionData(label=_letter(para.label), text=para.text))
    outcomes = [_outcome(p) for p in by_field.get("outcomes", [])]
    known = {a["label"] for a in actions if a["label"]}
    for outcome in outcomes:
        for label in outcome["labels"]:
            if label not in known:
                warnings.append(
                    _warn(
                        draft,
                        "outcome.label_without_action",
                        f'outcome label "{label}" has no action with that label',
                        "outcomes",
                    )
                )
    first = draft.first
    return ItemDraft(
        number=draft.number,
        title=title,
        kind=kind,
        section=draft.section,
        status=_status(draft, by_field.get("status"), warnings, status_value),
        progress=[
            p.text if p.label in (None, BULLET) else p.rendered
            for p in by_field.get("progress", ())
        ],
        actions=actions,
        outcomes=outcomes,
        meetings=meetings,
        cells=cells,
        location=LocationData(
            table=first.table, row=first.row.index, page=first.row.page, sheet=first.sheet
        ),
        qualifiers=grid.qualifiers,
        roles=grid.roles,
    )


def _status(
    draft: _Draft,
    paragraphs: list[Paragraph] | None,
    warnings: list[WarningData],
    status_value: Callable[[str], StatusValue | None],
) -> StatusData | None:
    if not paragraphs:
        return None
    text = tidy(" ".join(p.rendered for p in paragraphs))
    value = status_value(text)
    if value is None:
        warnings.append(
            _warn(
                draft,
                "status.unrecognised",
                f"status {text!r} is none of the known values",
                "status",
            )
        )
    return StatusData(text=text, value=value)


def _warn(draft: _Draft, code: WarningCode, message: str, field_name: str) -> WarningData:
    return WarningData(code=code, message=message, item=draft.number, field=field_name)


def _kind(title: str) -> ItemKind:
    if _SCHEDULE.search(title):
        return "schedule"
    if _RESOURCES.search(title):
        return "resources"
    return "workstream"


def _letter(label: str | None) -> str | None:
    if label is None or label == BULLET:
        return None
    letter = label.strip("().").lower()
    return letter if len(letter) == 1 and letter.isalpha() else None


def _outcome(para: Paragraph) -> OutcomeData:
    """Read the labels an outcome starts with: "a) – c) ..." covers a, b and c."""
    text = para.rendered
    m = _LABELS.match(text)
    if m is None:
        return OutcomeData(labels=[], text=para.text)
    labels: list[str] = []
    ranged = False
    for letter, dash in _LABEL_SPLIT.findall(m.group(0)):
        if dash:
            ranged = True
            continue
        letter = letter.lower()
        if ranged and labels and letter > labels[-1]:
            labels.extend(chr(c) for c in range(ord(labels[-1]) + 1, ord(letter) + 1))
        elif letter not in labels:
            labels.append(letter)
        ranged = False
    return OutcomeData(labels=labels, text=tidy(text[m.end() :]))
