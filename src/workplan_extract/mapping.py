"""Header text -> item field for each column of a table, and whether the table is a workplan's.

Each header is matched word by word against the header vocabulary (``headers.py``); a table is
a workplan's when it maps an action-like column and a lead or timing column.

Headers mislead often enough that content gets the last word on the two fields that identify an
item: an unlabelled column of numbers is the number column, and a column headed "Item" holds
titles in one plan and numbers in another.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from .headers import (
    TimingRole,
    header_candidates,
    header_words,
    match_header,
    not_workplan_kind,
    timing_role,
)
from .records import ColumnMapping, FieldName

#: Share of a column's non-empty cells that must be row numbers for it to be the number column.
NUMERIC_SHARE = 0.6
#: Fields that make a table a workplan's: one action-like column and one lead or timing column.
ACTION_LIKE: frozenset[FieldName] = frozenset({"actions", "title"})
LEAD_OR_TIMING: frozenset[FieldName] = frozenset({"lead_parties", "timings"})

Basis = Literal["header", "content", "none"]

#: Item numbers as written: "7", "7.", "1.2", "1.1a", "2(b)", "A3", "CC1.1", "C1.1.1", any length.
_ROW_NUMBER = re.compile(
    r"^(?:[A-Z]{1,3} ?)?\d{1,6}(?:\.\d{1,4})*(?:[a-z]|\([a-z0-9]{1,3}\))?[.)]?$"
)
_NON_WORD = re.compile(r"[^\w&/]+")
_WORD = re.compile(r"[\w&/]+")


def normalise_header(text: str) -> str:
    """Lower-case, drop punctuation other than "&" and "/", collapse spaces."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def may_normalise_to(text: str, key: str) -> bool:
    """False when ``normalise_header(text)`` cannot be ``key`` (itself a normalised header).

    Compares the first words only, which costs nothing next to normalising a long cell: the
    layout asks this of every row, to find header rows repeated inside a table.
    """
    first = _WORD.search(text.lower())
    if first is None:
        return not key
    return first.group() == key.partition(" ")[0]


def is_row_number(text: str) -> bool:
    """Whether a cell's text is an item number such as "7", "7.", "1.2", "1.1a", "2(b)", "A3"."""
    return bool(_ROW_NUMBER.match(text.strip()))


def map_columns(headers: Sequence[str], contents: Sequence[Sequence[str]]) -> list[ColumnMapping]:
    """Map each column to a field from its header, letting content decide number vs title.

    A column of numbers is the number column when its header is empty or names a number or a
    title ("Item"); under another header ("Page", "Amount") numbers are that header's.

    Args:
        headers: header text of each grid column.
        contents: the non-empty cell texts of each column, in row order.

    Returns:
        One ``ColumnMapping`` per column. ``number``, ``title`` and ``status`` go to one column
        each (a later column that would repeat one takes its next-best field, else "other");
        other fields may feed from several columns.
    """
    mappings: list[ColumnMapping] = []
    taken: set[FieldName] = set()
    for col, header in enumerate(headers):
        found = header_candidates(header)
        fields, score = match_header(header)
        field: FieldName = "other"
        basis: Basis = "none"
        unlabelled = not header_words(header)
        # Content is read only for a column whose header leaves number or title open: it
        # costs a pattern match per cell, and most columns are settled by their header.
        cells: list[str] = []
        numeric = False
        if unlabelled or fields & _BY_CONTENT:
            cells = [c for c in contents[col] if c.strip()] if col < len(contents) else []
            numeric = bool(cells) and sum(map(is_row_number, cells)) / len(cells) >= NUMERIC_SHARE
        if numeric and (unlabelled or "number" in fields or "title" in fields):
            field, basis = "number", "header" if fields == {"number"} else "content"
        elif "title" in fields and cells and all(map(_is_rating, cells)):
            # "Priority" over "High", "Medium", "Low": a rating of each item, not its title.
            field, basis = "other", "content"
        elif fields == {"number", "title"} or (fields == {"number"} and cells and not numeric):
            # "Item" above titles; a "No." column whose cells are not numbers is not trusted.
            field, basis = ("title", "content") if "title" in fields else ("other", "none")
        else:
            # The best field not already taken by a column before (one number, title, status).
            for candidate in found:
                if candidate.field not in _ONCE or candidate.field not in taken:
                    field, score, basis = candidate.field, candidate.score, "header"
                    break
        if field in _ONCE and field in taken:
            field, basis = "other", "none"
        taken.add(field)
        mappings.append(
            ColumnMapping(
                column=col,
                header=header,
                field=field,
                score=round(score, 1),
                basis=basis,
            )
        )
    return mappings


#: First words of a rating cell ("High", "Med", "Low - by March"): a priority, not a title.
_RATINGS = frozenset({"high", "medium", "med", "low", "critical"})
#: A rating cell is short: "High HighMediumLow" (a drop-down's value, then its list) is one.
_RATING_WORDS = 3


def _is_rating(text: str) -> bool:
    words = _WORD.findall(text.lower())
    return 0 < len(words) <= _RATING_WORDS and words[0] in _RATINGS


#: Fields only one column may feed.
_ONCE: frozenset[FieldName] = frozenset({"number", "title", "status"})
#: Header fields under which a column's content decides between number and title.
_BY_CONTENT: frozenset[FieldName] = frozenset({"number", "title"})


def is_workplan_header(columns: Sequence[ColumnMapping]) -> bool:
    """Whether a mapped header row is a workplan's: an action-like column (actions, title,
    milestones) and a lead-parties or timings column, and nothing naming another kind of
    table twice (a risk register's "Likelihood" and "Risk score", a forward plan's
    "Decision maker" and "Consultees")."""
    fields = {c.field for c in columns}
    if not (fields & ACTION_LIKE and fields & LEAD_OR_TIMING):
        return False
    return not_workplan_kind([c.header for c in columns]) is None


def cell_keys(columns: Sequence[ColumnMapping]) -> list[str]:
    """The key of each column's text in an item's ``cells``: its field, then "field_2",
    "field_3", ... for later columns of the same field. Fixed per column, not per item, so a
    key always names the same column of the table.

    >>> cell_keys(map_columns(["Action", "Lead", "Notes", "Lead"], [[], [], [], []]))
    ['actions', 'lead_parties', 'other', 'lead_parties_2']
    """
    seen: dict[str, int] = {}
    keys = []
    for column in columns:
        n = seen[column.field] = seen.get(column.field, 0) + 1
        keys.append(column.field if n == 1 else f"{column.field}_{n}")
    return keys


#: Party fields whose columns may carry their header to the parties as a qualifier.
_PARTY_FIELDS: tuple[FieldName, ...] = ("audience", "lead_parties", "partners")


def column_notes(columns: Sequence[ColumnMapping]) -> tuple[dict[str, str], dict[str, TimingRole]]:
    """What a table's columns tell the normaliser, by cell key (see ``cell_keys``).

    Returns:
        The header of each party column that shares its field with another column
        ("Operational responsibility", "Strategic responsibility"), to keep as its parties'
        qualifier; and what a date means in each timing column whose header says so.

    >>> column_notes(map_columns(["Action", "Lead", "Support", "Start by"], [[]] * 4))
    ({}, {'timings': 'start'})
    """
    keys = cell_keys(columns)
    counts: dict[str, int] = {}
    for column in columns:
        counts[column.field] = counts.get(column.field, 0) + 1
    qualifiers: dict[str, str] = {}
    roles: dict[str, TimingRole] = {}
    for key, column in zip(keys, columns, strict=True):
        header = " ".join(column.header.split())
        if column.field in _PARTY_FIELDS and counts[column.field] > 1 and header:
            qualifiers[key] = header
        elif column.field == "timings" and (role := timing_role(column.header)) is not None:
            roles[key] = role
    return qualifiers, roles


def first_layout(columns: Sequence[ColumnMapping]) -> list[ColumnMapping]:
    """The columns of a document's first table layout (``WorkplanDocument.columns`` lists each
    layout of a document's workplan tables in turn, each starting again at column 0)."""
    out: list[ColumnMapping] = []
    for column in columns:
        if out and column.column <= out[-1].column:
            break
        out.append(column)
    return out
