"""Header text -> item field, through a header vocabulary (``data/headers.json``) and rapidfuzz.

Headers mislead often enough that content gets the last word on the two fields that identify an
item: an unlabelled column of numbers is the number column, and a column headed "Item" holds
titles in one plan and numbers in another.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal, cast

from .records import ColumnMapping, FieldName

#: Score a header must reach to be mapped onto a field.
HEADER_CUTOFF = 80.0
#: Share of a column's non-empty cells that must be row numbers for it to be the number column.
NUMERIC_SHARE = 0.6

Basis = Literal["header", "content", "none"]

_ROW_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,2})?\.?$")
_NON_WORD = re.compile(r"[^\w&/]+")
_WORD = re.compile(r"[\w&/]+")


@dataclass(frozen=True, slots=True)
class HeaderVocabulary:
    """Normalised header phrases and, for each, the fields it may mean."""

    phrases: tuple[str, ...]
    fields: tuple[frozenset[FieldName], ...]


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


@cache
def header_vocabulary() -> HeaderVocabulary:
    """Load the shipped header vocabulary once per process."""
    raw = json.loads(resources.files("workplan_extract").joinpath("data/headers.json").read_text())
    by_phrase: dict[str, set[FieldName]] = {}
    for field, phrases in raw.items():
        if field.startswith("_"):
            continue
        for phrase in phrases:
            by_phrase.setdefault(normalise_header(phrase), set()).add(cast(FieldName, field))
    ordered = sorted(by_phrase)
    return HeaderVocabulary(tuple(ordered), tuple(frozenset(by_phrase[p]) for p in ordered))


@lru_cache(maxsize=4096)
def match_header(text: str) -> tuple[frozenset[FieldName], float]:
    """Fields a header may mean and the match score; an empty set when nothing is close.

    Cached: a batch meets the same few headers in every file.

    >>> match_header("Responsible Party(ies)")
    (frozenset({'lead_parties'}), 100.0)
    """
    from rapidfuzz import fuzz, process

    key = normalise_header(text)
    if not key:
        return frozenset(), 0.0
    vocab = header_vocabulary()
    hits = process.extract(
        key, vocab.phrases, scorer=fuzz.WRatio, score_cutoff=HEADER_CUTOFF, limit=None
    )
    if not hits:
        return frozenset(), 0.0
    best = max(score for _, score, _ in hits)
    fields: set[FieldName] = set()
    for _, score, index in hits:
        if score == best:
            fields |= vocab.fields[index]
    return frozenset(fields), float(best)


def is_row_number(text: str) -> bool:
    """Whether a cell's text is an item number such as "7", "7.", "1.2"."""
    return bool(_ROW_NUMBER.match(text.strip()))


def map_columns(headers: Sequence[str], contents: Sequence[Sequence[str]]) -> list[ColumnMapping]:
    """Map each column to a field from its header, letting content decide number vs title.

    Args:
        headers: header text of each grid column.
        contents: the non-empty cell texts of each column, in row order.

    Returns:
        One ``ColumnMapping`` per column. ``number`` and ``title`` go to one column each;
        other fields may feed from several columns.
    """
    mappings: list[ColumnMapping] = []
    taken: set[FieldName] = set()
    for col, header in enumerate(headers):
        cells = [c for c in contents[col] if c.strip()] if col < len(contents) else []
        numeric = bool(cells) and sum(map(is_row_number, cells)) / len(cells) >= NUMERIC_SHARE
        fields, score = match_header(header)
        field: FieldName = "other"
        basis: Basis = "none"
        if numeric and (not fields or "number" in fields or "title" in fields):
            field, basis = "number", "header" if fields == {"number"} else "content"
        elif fields == {"number", "title"} or (fields == {"number"} and cells and not numeric):
            # "Item" above titles; a "No." column whose cells are not numbers is not trusted.
            field, basis = ("title", "content") if "title" in fields else ("other", "none")
        elif len(fields) == 1:
            field, basis = next(iter(fields)), "header"
        elif fields:
            # Equally close to several fields: the vocabulary's order of precedence decides.
            field = next(f for f in _PRECEDENCE if f in fields)
            basis = "header"
        if field in ("number", "title") and field in taken:
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


_PRECEDENCE: tuple[FieldName, ...] = (
    "actions",
    "outcomes",
    "lead_parties",
    "partners",
    "audience",
    "timings",
    "title",
    "number",
)


def table_score(headers: Sequence[str]) -> float:
    """How much a header row looks like a workplan's: the summed scores of distinct fields.

    Tables whose header maps to fewer than two distinct fields other than the number score 0,
    so an attendance list or a budget table is never taken for the workplan.
    """
    best: dict[FieldName, float] = {}
    for header in headers:
        fields, score = match_header(header)
        for field in fields:
            best[field] = max(best.get(field, 0.0), score)
    content_fields = [f for f in best if f != "number"]
    if len(content_fields) < 2 or not ({"actions", "title"} & best.keys()):
        return 0.0
    return sum(best.values())
