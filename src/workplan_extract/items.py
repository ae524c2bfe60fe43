"""Rows of the workplan table -> ``Item`` records.

A row with a number starts an item; a row whose number cell is empty (or vertically merged with
the one above) continues it, cell by cell; a row holding one full-width cell with no number is a
section heading ("Theme 1: ...") that names the items below it. Parties and timings are carried
here as written, one span per paragraph; the normaliser gives them meaning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .layout import SourceRow
from .readers.base import BULLET, Cell, Paragraph, tidy
from .recorddata import ActionData, ItemDraft, LocationData, OutcomeData, WarningData
from .records import ColumnMapping, FieldName, ItemKind
from .warning_codes import WarningCode

_SCHEDULE = re.compile(
    r"\bmeetings?\b.*\bschedule\b|\bschedule of meetings\b|\bmeeting dates\b", re.I
)
_RESOURCES = re.compile(r"\b(?:resources?|budgets?|funding|finance)\b", re.I)
_SECTION = re.compile(r"^(?:theme|section|part|strand|priority|objective|area)\b", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_LIKE = re.compile(
    rf"^(?:\d{{1,3}}(?:st|nd|rd|th)?[./\s-]+(?:\d|{_MONTH})|{_MONTH}\s*'?\d{{2,4}}\b)", re.I
)
_LABEL = r"\(?([a-z])\)"
_LABELS = re.compile(rf"^\s*{_LABEL}(?:\s*(?:[–—-]|to|and|&|,)\s*{_LABEL})*", re.I)
_LABEL_SPLIT = re.compile(rf"{_LABEL}|([–—-]|to)", re.I)


@dataclass(slots=True)
class _Draft:
    number: str | None
    section: str | None
    first: SourceRow
    paragraphs: dict[int, list[Paragraph]] = field(default_factory=dict)
    seen: set[tuple[int, int]] = field(default_factory=set)
    rows: int = 1


def build_items(
    rows: Sequence[SourceRow], columns: Sequence[ColumnMapping]
) -> tuple[list[ItemDraft], list[WarningData]]:
    """Group rows into items and read each item's fields from its cells.

    Parties, timings and amounts are left to the normaliser, which reads them from ``cells``.

    Args:
        rows: data rows of the workplan table (header rows already removed).
        columns: the column mapping, one per grid column.

    Returns:
        The items in order, and the warnings raised while building them, as typed data: the
        pipeline validates the whole document once, after normalising.
    """
    field_of = {c.column: c.field for c in columns}
    number_col = next((c.column for c in columns if c.field == "number"), None)
    ncols = len(columns)
    drafts: list[_Draft] = []
    warnings: list[WarningData] = []
    section: str | None = None
    for source in rows:
        row = source.row
        cells = [c for c in row.cells if not c.is_empty]
        if not cells:
            continue
        number_cell = row.cell_at(number_col) if number_col is not None else None
        number = None if number_cell is None or number_cell.col != number_col else number_cell.text
        continued = number_cell is not None and number_cell.merged_from is not None
        if not number and not continued and _is_section(cells, ncols):
            section = tidy(" ".join(p.rendered for p in cells[0].paragraphs))
            continue
        if number and not continued:
            drafts.append(_Draft(tidy(number), section, source))
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
            drafts.append(_Draft(None, section, source))
            warnings.append(
                WarningData(
                    code="item.unnumbered",
                    message=f"row {row.index} of table {source.table} has no item number",
                    item=None,
                    field="number",
                )
            )
        _add_cells(drafts[-1], source, cells)
    items: list[ItemDraft] = []
    for draft in drafts:
        item, item_warnings = _build(draft, field_of)
        items.append(item)
        warnings.extend(item_warnings)
    return items, warnings


def _is_section(cells: list[Cell], ncols: int) -> bool:
    if len(cells) != 1:
        return False
    cell = cells[0]
    return cell.span >= max(ncols - 1, 2) or bool(_SECTION.match(cell.text))


def _add_cells(draft: _Draft, source: SourceRow, cells: list[Cell]) -> None:
    for cell in cells:
        # A vertically merged cell appears in every row it spans; take it once per item.
        origin = (cell.merged_from if cell.merged_from is not None else source.row.index, cell.col)
        if cell.merged_from is not None and origin in draft.seen:
            continue
        draft.seen.add(origin)
        draft.paragraphs.setdefault(cell.col, []).extend([p for p in cell.paragraphs if p.text])


def _build(draft: _Draft, field_of: dict[int, FieldName]) -> tuple[ItemDraft, list[WarningData]]:
    by_field: dict[FieldName, list[Paragraph]] = {}
    cells: dict[str, str] = {}
    for col in sorted(draft.paragraphs):
        paragraphs = draft.paragraphs[col]
        name = field_of.get(col, "other")
        by_field.setdefault(name, []).extend(paragraphs)
        key: str = name
        n = 2
        while key in cells:
            key, n = f"{name}_{n}", n + 1
        # ``Paragraph.rendered``, inline: a property call per paragraph showed in profiles.
        text = "\n".join([f"{p.label} {p.text}" if p.label else p.text for p in paragraphs])
        if text:
            cells[key] = text
    warnings: list[WarningData] = []
    actions_paras = list(by_field.get("actions", []))
    if "title" in by_field:
        title = tidy(" ".join([p.rendered for p in by_field["title"]]))
    elif actions_paras and actions_paras[0].label is None:
        title = actions_paras.pop(0).text
    else:
        title = ""
        warnings.append(_warn(draft, "item.no_title", "item has no title", "title"))
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
    item = ItemDraft(
        number=draft.number,
        title=title,
        kind=kind,
        section=draft.section,
        status=None,
        progress=[],
        actions=actions,
        outcomes=outcomes,
        meetings=meetings,
        cells=cells,
        location=LocationData(
            table=first.table, row=first.row.index, page=first.row.page, sheet=None
        ),
    )
    return item, warnings


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
