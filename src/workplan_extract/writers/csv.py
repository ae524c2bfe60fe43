"""The one-row-per-item CSV, for spreadsheets and quick looks.

Each row is one item, preceded by its document's columns (``source_filename``, ``source_sha256``,
``document_title``, ``period_edtf``, ...; a document column whose name an item column also uses
gets a ``document_`` prefix). A document with no items still gets one row, with the item columns
empty, so no document disappears from the file. List fields are joined with `` | ``, texts and
ids in separate, aligned columns (``lead_parties`` / ``lead_party_ids`` / ``lead_party_matches``;
``timings`` / ``timing_kinds`` / ``timing_edtf``); a list with nothing in it, or only empty
values, is an empty cell. The one list inside a list, the action labels of each outcome, joins
its labels with ``;`` (``outcome_labels`` "a;b | c"). Versions are written ``v2.0``, so pandas
and spreadsheets keep them as text. The raw ``cells`` and the preamble are left out here: they
are in JSON and in ``tables``.

The file is UTF-8 with a byte-order mark: without it Excel on Windows reads UTF-8 as the local
code page and shows "Barnardoâ€™s" and "Â£80k"; with it Excel, LibreOffice, pandas and R all
read the text correctly. Rows end with CRLF and cells holding commas, quotes or newlines are
quoted (RFC 4180, the ``csv`` module's defaults), so multi-line cells stay one cell.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from workplan_extract.records import Item, WorkplanDocument
from workplan_extract.writers.atomic import AppendGroup, AtomicFile, OutputError
from workplan_extract.writers.base import DocumentWriter
from workplan_extract.writers.flatten import (
    LIST_SEPARATOR,
    Column,
    brief_columns,
    brief_list_columns,
    cell,
)

__all__ = ["BOM", "HEADER", "CsvWriter", "to_csv", "write_csv"]

#: Written first so that Excel detects UTF-8 (see the module docstring).
BOM = "\ufeff"

_ITEM_COLUMNS: tuple[Column, ...] = (*brief_columns(Item), *brief_list_columns(Item))
_ITEM_NAMES = {"item_index", "warnings", *(c.name for c in _ITEM_COLUMNS)}
_DOCUMENT_COLUMNS: tuple[Column, ...] = tuple(
    Column(f"document_{c.name}", c.type, c.get, c.description) if c.name in _ITEM_NAMES else c
    for c in brief_columns(WorkplanDocument)
)

#: The header row, in order.
HEADER: tuple[str, ...] = (
    *(c.name for c in _DOCUMENT_COLUMNS),
    "document_warnings",
    "item_index",
    *(c.name for c in _ITEM_COLUMNS),
    "warnings",
)


def to_csv(doc: WorkplanDocument) -> str:
    """One document as a whole CSV file's text: BOM, header row, one row per item."""
    return BOM + _header_text() + _rows_text(doc)


def write_csv(docs: Iterable[WorkplanDocument], dest: str | os.PathLike[str] | TextIO) -> int:
    """Write documents as one CSV, replacing a path atomically (see ``CsvWriter`` to append).

    An open text stream is written to (BOM, header, rows) and left open; open it with
    ``newline=""`` so the CRLF row ends and newlines inside cells are kept as they are.

    Returns:
        How many documents were written (each ``source.sha256`` once).

    Example:
        >>> write_csv(documents, Path("items.csv"))  # doctest: +SKIP
        2
    """
    if isinstance(dest, str | os.PathLike):
        with CsvWriter(dest) as writer:
            return sum(writer.add(doc) for doc in docs)
    dest.write(BOM + _header_text())
    seen: set[str] = set()
    for doc in docs:
        if doc.source.sha256 not in seen:
            seen.add(doc.source.sha256)
            dest.write(_rows_text(doc))
    return len(seen)


class CsvWriter(DocumentWriter):
    """Stream documents into the one-row-per-item CSV.

    With ``append=False`` the rows go to a temp file that replaces ``path`` on ``close()``. With
    ``append=True`` each document's rows are added in one write, flushed to disk, and recorded
    in a commit record beside the file (``.<name>.commit.json``); on open, rows a crash left
    after the last commit are cut off (``repaired``), the header must be this version's, and
    documents already in the file are not written again.

    Args:
        path: The ``.csv`` file.
        append: Add to the existing file (created if missing) instead of replacing it.
        sync: fsync each document (append) or the finished file (fresh).

    Raises:
        OutputError: When appending, the file's header differs from this version's or the file
            was changed after its last commit.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, append: bool = False, sync: bool = True
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.repaired = 0
        self._pending: AtomicFile | None = None
        self._group: AppendGroup | None = None
        header = (BOM + _header_text()).encode("utf-8")
        if append:
            commit = self.path.with_name(f".{self.path.name}.commit.json")
            self._group = AppendGroup(
                {"csv": self.path}, {"csv": header}, commit, append=True, sync=sync
            )
            self.repaired = self._group.repaired.get("csv", 0)
            self._ids.update(self._existing_ids())
        else:
            self._pending = AtomicFile(self.path, sync=sync)
            self._pending.write(header)

    def _existing_ids(self) -> Iterator[str]:
        with open(self.path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                document_id = row.get("source_sha256")
                if not document_id:
                    raise OutputError("a row has no source_sha256", self.path)
                yield document_id

    def _write(self, doc: WorkplanDocument) -> None:
        data = _rows_text(doc).encode("utf-8")
        if self._pending is not None:
            self._pending.write(data)
        else:
            assert self._group is not None  # set whenever _pending is not
            self._group.append({"csv": data})

    def _finish(self, *, ok: bool) -> None:
        if self._pending is not None:
            if ok:
                self._pending.commit()
            else:
                self._pending.discard()
        if self._group is not None:
            self._group.close()


def _header_text() -> str:
    out = io.StringIO()
    csv.writer(out).writerow(HEADER)
    return out.getvalue()


def _rows_text(doc: WorkplanDocument) -> str:
    """All rows of one document, to be written in one go."""
    out = io.StringIO()
    writer = csv.writer(out)
    document = [cell(c.get(doc)) for c in _DOCUMENT_COLUMNS]
    document.append(_warnings(doc, None))
    if not doc.items:
        writer.writerow(document + [""] * (len(HEADER) - len(document)))
    for index, item in enumerate(doc.items):
        values = [cell(c.get(item)) for c in _ITEM_COLUMNS]
        writer.writerow([*document, str(index), *values, _warnings(doc, item)])
    return out.getvalue()


def _warnings(doc: WorkplanDocument, item: Item | None) -> str:
    """``code: message`` of the warnings about ``item`` (None: about the document as a whole)."""
    number = None if item is None else item.number
    if item is not None and number is None:
        return ""  # a warning with item null is the document's, not this unnumbered item's
    return LIST_SEPARATOR.join(f"{w.code}: {w.message}" for w in doc.warnings if w.item == number)
