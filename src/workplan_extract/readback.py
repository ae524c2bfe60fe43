"""Reading back what ``extract`` and ``batch`` wrote: the parties each document names.

``vocab suggest`` learns from the unmatched and fuzzy party names of earlier results, in
whatever form they were written: JSON or JSON Lines records, the one-row-per-item CSV
(``items.csv``), or a ``tables`` folder (``parties.csv``, with ``documents.csv`` for the issuing
bodies and ``amounts.csv`` for who gives money). A folder is walked for all of these; a
batch's own records (``manifest.jsonl``, ``settings.jsonl``) and hidden files (a writer's
``.commit.json``) are not results and are left alone.

Example:
    >>> for document_id, party in party_mentions([Path("results")]):  # doctest: +SKIP
    ...     print(party.text, party.match)
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import InvalidRecords
from .records import PartyRef
from .validate import JSONL_SUFFIXES, NOT_RECORDS, read_documents
from .writers.flatten import LIST_SEPARATOR

__all__ = ["party_mentions"]

Mention = tuple[str, PartyRef]

#: The item CSV's party lists: (texts column, their ids column, their match kinds column).
_CSV_LISTS = (
    ("audience", "audience_ids", "audience_matches"),
    ("lead_parties", "lead_party_ids", "lead_party_matches"),
    ("partners", "partner_ids", "partner_matches"),
)
#: The first columns of the item CSV and of a table, which tell them from other CSVs.
_ITEMS_CSV_START = ("schema_version", "source_path")
_TABLE_START = "document_id"


def party_mentions(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Mention]:
    """Every party named in the results at ``paths``, with the id (sha256) of its document.

    Raises:
        InvalidRecords: a JSON or JSON Lines file holds something other than valid records.
    """
    for path in map(Path, paths):
        if path.is_dir():
            yield from _folder(path)
        elif path.name == "datapackage.json":
            yield from _tables(path.parent)
        elif path.suffix.lower() == ".csv":
            yield from _items_csv(path)
        else:
            yield from _records(path)


def _folder(folder: Path) -> Iterator[Mention]:
    if (folder / "datapackage.json").is_file() and (folder / "parties.csv").is_file():
        yield from _tables(folder)
        return
    for entry in sorted(folder.iterdir()):
        name = entry.name
        if name.startswith(".") or name in NOT_RECORDS:
            continue
        if entry.is_dir():
            yield from _folder(entry)
        elif name.lower().endswith(".csv"):
            if _header(entry)[:2] == _ITEMS_CSV_START:
                yield from _items_csv(entry)
        elif name.lower().endswith((".json", *JSONL_SUFFIXES)):
            yield from _records(entry)


def _records(path: Path) -> Iterator[Mention]:
    from .normalise.suggest import document_mentions

    for doc in read_documents(path):
        for party in document_mentions(doc):
            yield doc.source.sha256, party


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def _header(path: Path) -> tuple[str, ...]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return tuple(next(csv.reader(handle), []))
    except (OSError, UnicodeDecodeError, csv.Error):
        return ()


def _items_csv(path: Path) -> Iterator[Mention]:
    header = _header(path)
    if header[:2] != _ITEMS_CSV_START:
        raise InvalidRecords("not an items CSV written by workplan-extract", path)
    bodies: set[str] = set()
    for row in _rows(path):
        document_id = row.get("source_sha256", "")
        if document_id not in bodies:  # every row repeats its document's columns
            bodies.add(document_id)
            if row.get("body"):
                yield document_id, _party(row["body"], row.get("body_id"), row.get("body_match"))
        for texts, ids, matches in _CSV_LISTS:
            names = row.get(texts, "")
            if not names:
                continue
            spans = names.split(LIST_SEPARATOR)
            found_ids = _aligned(row.get(ids, ""), len(spans))
            kinds = _aligned(row.get(matches, ""), len(spans))
            for text, party_id, match in zip(spans, found_ids, kinds, strict=True):
                yield document_id, _party(text, party_id, match)


def _aligned(cell: str, count: int) -> list[str]:
    """The values of an aligned column: an empty cell stands for ``count`` empty values."""
    values = cell.split(LIST_SEPARATOR) if cell else []
    return values if len(values) == count else [""] * count


def _tables(folder: Path) -> Iterator[Mention]:
    for row in _rows(folder / "documents.csv"):
        if row.get("body_text"):
            yield row["document_id"], _from_columns(row, "body_")
    for row in _rows(folder / "parties.csv"):
        yield row["document_id"], _from_columns(row, "party_")
    amounts = folder / "amounts.csv"
    if amounts.is_file():
        for row in _rows(amounts):
            if row.get("amount_party_text"):
                yield row["document_id"], _from_columns(row, "amount_party_")


def _from_columns(row: dict[str, str], prefix: str) -> PartyRef:
    party = _party(row[f"{prefix}text"], row.get(f"{prefix}id"), row.get(f"{prefix}match"))
    score = row.get(f"{prefix}score")
    return party.model_copy(update={"score": float(score)}) if score else party


def _party(text: str, party_id: str | None, match: str | None) -> PartyRef:
    """A party as far as the columns tell: without a match column (an older CSV), a party
    with an id counts as matched exactly and one without as unmatched."""
    data: dict[str, Any] = {"text": text, "id": party_id or None}
    data["match"] = match or ("exact" if party_id else "unmatched")
    return PartyRef.model_validate(data)
