"""The ``tables`` output: a folder of related CSVs with a Frictionless ``datapackage.json``.

Every table is derived from the record models (``TABLES``):

* ``documents``: one row per document, keyed by ``document_id`` (= ``source.sha256``), with the
  document's scalars and nested models flattened (``title``, ``source_filename``, ``body_id``,
  ``period_edtf``, ``extractor_version``, ...).
* one table per list field of a document, keyed by ``document_id`` and an ordinal
  (``preamble``: ``preamble_index``; ``columns``: ``column_index``; ``items``: ``item_index``;
  ``warnings``: ``warning_index``).
* one table per list field of an item, keyed by ``document_id``, ``item_index`` and an ordinal
  (``actions.action_index``, ``outcomes.outcome_index``, ``timings.timing_index``,
  ``amounts.amount_index``, ``meetings.meeting_index``, ``progress.progress_index``), except
  that the party lists (``audience``, ``lead_parties``, ``partners``) share one ``parties``
  table with a ``party_role`` column naming the list and ``party_index`` counting within it;
  and ``cells`` (the item's ``cells`` dict) keyed by ``cell_field``.

Every column but the keys of a table other than ``documents`` starts with the table's singular
(``item_title``, ``timing_kind``, ``party_id``, ``amount_party_id``), so no two tables share a
column name apart from the keys they are joined on, and a pandas merge needs no suffixes. Every
child table has a foreign key to its parent (``items`` -> ``documents`` on ``document_id``,
``actions`` -> ``items`` on ``document_id`` + ``item_index``, ...), named in its description.
Ordinals are 0-based positions in the record's lists, so rows sorted by their key rebuild each
list in order. Files are UTF-8 with a byte-order mark, as the one-row-per-item CSV is (Excel
then shows "£" and "’"; pandas and ``csv`` with ``encoding="utf-8-sig"`` skip it), CRLF row ends.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workplan_extract.records import Item, PartyRef, WorkplanDocument
from workplan_extract.writers.atomic import AppendGroup, OutputError, atomic_write_text
from workplan_extract.writers.base import DocumentWriter
from workplan_extract.writers.csv import BOM
from workplan_extract.writers.flatten import Column, cell, columns, field_shape, singular

__all__ = [
    "COMMIT_NAME",
    "DATAPACKAGE_NAME",
    "TABLES",
    "TableSpec",
    "TablesWriter",
    "datapackage",
    "table_rows",
    "write_tables",
]

#: The commit record of a tables folder (see ``atomic.AppendGroup``).
COMMIT_NAME = ".commit.json"
DATAPACKAGE_NAME = "datapackage.json"

Rows = Callable[[WorkplanDocument], Iterator[tuple[tuple[Any, ...], Any]]]


@dataclass(frozen=True)
class TableSpec:
    """One CSV of the package.

    Attributes:
        name: Resource name; the file is ``<name>.csv``.
        description: What a row is.
        keys: Key columns, whose values ``rows`` yields (their ``get`` is unused).
        data: Columns read from the row's record with ``Column.get``.
        primary_key: Names of the columns that identify a row.
        parent: The table the foreign key points to, or None.
        parent_key: The columns of this table (same names in the parent) referring to it.
        rows: Yields ``(key values, record)`` for each row of one document.
    """

    name: str
    description: str
    keys: tuple[Column, ...]
    data: tuple[Column, ...]
    primary_key: tuple[str, ...]
    parent: str | None
    parent_key: tuple[str, ...]
    rows: Rows = field(repr=False)

    @property
    def columns(self) -> tuple[Column, ...]:
        """Key columns then data columns, as in the header row."""
        return self.keys + self.data

    @property
    def path(self) -> str:
        """The file name inside the folder."""
        return f"{self.name}.csv"


def _key(name: str, type_: str, description: str, enum: tuple[str, ...] = ()) -> Column:
    return Column(name, type_, _unused, description, nullable=False, enum=enum)


def _unused(_record: Any) -> Any:  # pragma: no cover - key values come from TableSpec.rows
    raise AssertionError("key columns are filled by TableSpec.rows")


DOCUMENT_ID = _key("document_id", "string", "The document's source.sha256.")
ITEM_INDEX = _key("item_index", "integer", "0-based position of the item in the document.")


def _build_tables() -> tuple[TableSpec, ...]:
    # Every list of a document (the preamble included) gets a table, so none is repeated here.
    lists = {
        name
        for name, info in WorkplanDocument.model_fields.items()
        if field_shape(info.annotation).kind == "list"
    }
    tables: list[TableSpec] = [
        TableSpec(
            "documents",
            "One row per document, keyed by document_id (its source.sha256).",
            (DOCUMENT_ID,),
            tuple(c for c in columns(WorkplanDocument) if c.name not in lists),
            ("document_id",),
            None,
            (),
            lambda doc: iter([((doc.source.sha256,), doc)]),
        )
    ]
    for name, info in WorkplanDocument.model_fields.items():
        shape = field_shape(info.annotation)
        if shape.kind != "list" or shape.item is None:
            continue
        index = _key(f"{singular(name)}_index", "integer", f"0-based position in {name}.")
        model = shape.item.model
        if model is Item:
            # The item's own lists have tables of their own (progress, actions, ...).
            data = tuple(c for c in columns(model) if c.name not in _list_fields(Item))
        else:
            data = tuple(columns(model)) if model else (_text_column(info.description),)
        tables.append(
            TableSpec(
                name,
                _joins(info.description or name, "documents", ("document_id",)),
                (DOCUMENT_ID, index),
                _prefixed(data, singular(name)),
                ("document_id", index.name),
                "documents",
                ("document_id",),
                _document_list_rows(name),
            )
        )
        if name == "items":
            tables.extend(_item_tables())
    return tuple(tables)


def _list_fields(model: type[Any]) -> set[str]:
    return {
        name
        for name, info in model.model_fields.items()
        if field_shape(info.annotation).kind == "list"
    }


def _prefixed(data: tuple[Column, ...], prefix: str) -> tuple[Column, ...]:
    """Data columns named ``<prefix>_<name>`` (``timing_kind``), unless already so named."""
    return tuple(
        c
        if c.name == prefix or c.name.startswith(f"{prefix}_")
        else dataclasses.replace(c, name=f"{prefix}_{c.name}")
        for c in data
    )


def _joins(description: str, parent: str, key: tuple[str, ...]) -> str:
    """The description of a child table, naming the key it is joined to its parent on."""
    end = "" if description.endswith(".") else "."
    return f"{description}{end} Joins {parent} on {', '.join(key)}."


def _item_tables() -> list[TableSpec]:
    """Tables of the list and dict fields of ``Item`` (see the module docstring)."""
    out: list[TableSpec] = []
    party_fields = [
        name
        for name, info in Item.model_fields.items()
        if (shape := field_shape(info.annotation)).item is not None and shape.item.model is PartyRef
    ]
    for name, info in Item.model_fields.items():
        shape = field_shape(info.annotation)
        if shape.kind == "dict":
            keys = (DOCUMENT_ID, ITEM_INDEX, _key("cell_field", "string", "The cell's field."))
            out.append(
                _item_child(
                    name,
                    info.description,
                    keys,
                    _prefixed((_text_column("The cell's text."),), "cell"),
                    _dict_rows(name),
                )
            )
        elif name in party_fields:
            if name != party_fields[0]:
                continue  # all party lists share the one table made at the first of them
            role = _key(
                "party_role",
                "string",
                "The item field the party is listed in.",
                tuple(party_fields),
            )
            index = _key("party_index", "integer", "0-based position within its role.")
            out.append(
                _item_child(
                    "parties",
                    "Parties of the items, one row per party in each role.",
                    (DOCUMENT_ID, ITEM_INDEX, role, index),
                    _prefixed(tuple(columns(PartyRef)), "party"),
                    _party_rows(party_fields),
                )
            )
        elif shape.kind == "list" and shape.item is not None:
            index = _key(f"{singular(name)}_index", "integer", f"0-based position in {name}.")
            model = shape.item.model
            data = tuple(columns(model)) if model else (_text_column(info.description),)
            out.append(
                _item_child(
                    name,
                    info.description,
                    (DOCUMENT_ID, ITEM_INDEX, index),
                    _prefixed(data, singular(name)),
                    _item_list_rows(name),
                )
            )
    return out


def _item_child(
    name: str,
    description: str | None,
    keys: tuple[Column, ...],
    data: tuple[Column, ...],
    rows: Rows,
) -> TableSpec:
    return TableSpec(
        name,
        _joins(description or name, "items", ("document_id", "item_index")),
        keys,
        data,
        tuple(k.name for k in keys),
        "items",
        ("document_id", "item_index"),
        rows,
    )


def _text_column(description: str | None) -> Column:
    return Column("text", "string", lambda value: value, description or "", nullable=False)


def _document_list_rows(name: str) -> Rows:
    def rows(doc: WorkplanDocument) -> Iterator[tuple[tuple[Any, ...], Any]]:
        for index, value in enumerate(getattr(doc, name)):
            yield (doc.source.sha256, index), value

    return rows


def _item_list_rows(name: str) -> Rows:
    def rows(doc: WorkplanDocument) -> Iterator[tuple[tuple[Any, ...], Any]]:
        for item_index, item in enumerate(doc.items):
            for index, value in enumerate(getattr(item, name)):
                yield (doc.source.sha256, item_index, index), value

    return rows


def _party_rows(roles: list[str]) -> Rows:
    def rows(doc: WorkplanDocument) -> Iterator[tuple[tuple[Any, ...], Any]]:
        for item_index, item in enumerate(doc.items):
            for role in roles:
                for index, party in enumerate(getattr(item, role)):
                    yield (doc.source.sha256, item_index, role, index), party

    return rows


def _dict_rows(name: str) -> Rows:
    def rows(doc: WorkplanDocument) -> Iterator[tuple[tuple[Any, ...], Any]]:
        for item_index, item in enumerate(doc.items):
            for key, value in getattr(item, name).items():
                yield (doc.source.sha256, item_index, key), value

    return rows


#: The tables of the package, parents before children.
TABLES: tuple[TableSpec, ...] = _build_tables()


def table_rows(table: TableSpec, doc: WorkplanDocument) -> Iterator[list[str]]:
    """The CSV cells of each row ``table`` has for ``doc``."""
    for keys, record in table.rows(doc):
        yield [*(cell(k) for k in keys), *(cell(c.get(record)) for c in table.data)]


def datapackage() -> dict[str, Any]:
    """The ``datapackage.json`` descriptor (Frictionless Tabular Data Package, Table Schema).

    It depends only on the models, never on the rows, so appending never has to rewrite it.
    """
    return {
        "profile": "tabular-data-package",
        "name": "workplan-extract-tables",
        "title": "Workplans extracted by workplan-extract",
        "resources": [_resource(table) for table in TABLES],
    }


def _resource(table: TableSpec) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(c, c.name in table.primary_key) for c in table.columns],
        "primaryKey": list(table.primary_key),
        "missingValues": [""],
    }
    if table.parent is not None:
        schema["foreignKeys"] = [
            {
                "fields": list(table.parent_key),
                "reference": {"resource": table.parent, "fields": list(table.parent_key)},
            }
        ]
    return {
        "name": table.name,
        "path": table.path,
        "profile": "tabular-data-resource",
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "schema": schema,
    }


def _field(column: Column, key: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"name": column.name, "type": column.type}
    if column.description:
        out["description"] = column.description
    constraints: dict[str, Any] = {}
    # An empty CSV cell reads as null, and a non-null string field may legitimately be "" (an
    # empty header), so only keys and non-string fields are marked required.
    if key or (not column.nullable and column.type != "string"):
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if constraints:
        out["constraints"] = constraints
    return out


def _csv_text(rows: Iterable[Iterable[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


class TablesWriter(DocumentWriter):
    """Stream documents into a ``tables`` folder.

    The folder is created if missing and ``datapackage.json`` is (re)written on open. With
    ``append=False`` every table starts afresh (in place: unlike the JSONL and CSV writers there
    is no old folder kept until ``close()``); with ``append=True`` documents are added to the
    tables already there. Either way each document's rows go to each file in one write, flushed
    to disk, followed by the folder's commit record (``.commit.json``): after a crash, reopening
    with ``append=True`` cuts every file back to the last whole document (``repaired``), so the
    package always validates. Documents already in ``documents.csv`` are not written again.

    Args:
        folder: The output folder.
        append: Keep the tables already in the folder.
        sync: fsync every write (turn off only for throw-away outputs).

    Raises:
        OutputError: When appending, a table's header differs from this version's, or a file
            was changed after its last commit.

    Example:
        >>> with TablesWriter(Path("out"), append=True) as tables:  # doctest: +SKIP
        ...     tables.add(doc)
        True
    """

    def __init__(
        self, folder: str | os.PathLike[str], *, append: bool = False, sync: bool = True
    ) -> None:
        super().__init__()
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        headers = {
            t.name: (BOM + _csv_text([[c.name for c in t.columns]])).encode() for t in TABLES
        }
        files = {t.name: self.folder / t.path for t in TABLES}
        self._group = AppendGroup(
            files, headers, self.folder / COMMIT_NAME, append=append, sync=sync
        )
        self.repaired = dict(self._group.repaired)
        if append:
            self._ids.update(self._existing_ids())
        text = json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n"
        atomic_write_text(self.folder / DATAPACKAGE_NAME, text, sync=sync)

    def _existing_ids(self) -> Iterator[str]:
        path = self.folder / TABLES[0].path
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            next(reader, None)  # header, checked by AppendGroup
            for row in reader:
                if not row or not row[0]:
                    raise OutputError("a row has no document_id", path)
                yield row[0]

    def _write(self, doc: WorkplanDocument) -> None:
        chunks = {t.name: _csv_text(table_rows(t, doc)).encode() for t in TABLES}
        self._group.append(chunks)

    def _finish(self, *, ok: bool) -> None:
        # Appended documents are committed as they are added; there is nothing to put in place.
        self._group.close()


def write_tables(
    docs: Iterable[WorkplanDocument], folder: str | os.PathLike[str], *, append: bool = False
) -> int:
    """Write documents as a ``tables`` folder (see ``TablesWriter``).

    Returns:
        How many documents were written (each ``source.sha256`` once).

    Example:
        >>> write_tables(documents, Path("out"))  # doctest: +SKIP
        2
    """
    with TablesWriter(folder, append=append) as writer:
        return sum(writer.add(doc) for doc in docs)
