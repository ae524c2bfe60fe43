"""The tables folder: rows join back to the documents, and Frictionless validates the package."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from workplan_extract.records import WorkplanDocument
from workplan_extract.writers import OutputError, TablesWriter, atomic, write_tables
from workplan_extract.writers.tables import COMMIT_NAME, TABLES, datapackage

frictionless = pytest.importorskip("frictionless")

TABLE_NAMES = [
    "documents",
    "preamble",
    "columns",
    "items",
    "progress",
    "actions",
    "outcomes",
    "parties",
    "timings",
    "amounts",
    "meetings",
    "cells",
    "warnings",
]


def read(folder: Path, table: str) -> list[dict[str, str]]:
    with open(folder / f"{table}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def frictionless_errors(folder: Path) -> list[Any]:
    report = frictionless.validate(str(folder / "datapackage.json"))
    return list(report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"]))


@pytest.fixture
def folder(tmp_path: Path, documents: list[WorkplanDocument]) -> Path:
    out = tmp_path / "tables"
    assert write_tables(documents, out) == 2
    return out


def test_the_folder_holds_every_table_and_the_descriptor(folder: Path) -> None:
    assert [t.name for t in TABLES] == TABLE_NAMES
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([*(f"{t}.csv" for t in TABLE_NAMES), "datapackage.json", COMMIT_NAME])
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor == datapackage()
    assert [r["path"] for r in descriptor["resources"]] == [f"{t}.csv" for t in TABLE_NAMES]


def test_row_counts_match_the_records(folder: Path, documents: list[WorkplanDocument]) -> None:
    items = [item for doc in documents for item in doc.items]

    def total(field: str) -> int:
        return sum(len(getattr(item, field)) for item in items)

    assert len(read(folder, "documents")) == 2
    assert len(read(folder, "items")) == len(items) == 3
    assert len(read(folder, "actions")) == total("actions") == 3
    assert len(read(folder, "outcomes")) == total("outcomes") == 2
    assert len(read(folder, "timings")) == total("timings") == 3
    assert len(read(folder, "amounts")) == total("amounts") == 4
    assert len(read(folder, "meetings")) == total("meetings") == 2
    assert len(read(folder, "cells")) == total("cells") == 8
    parties = total("audience") + total("lead_parties") + total("partners")
    assert len(read(folder, "parties")) == parties == 6
    assert len(read(folder, "warnings")) == 4
    assert len(read(folder, "preamble")) == 2
    assert len(read(folder, "columns")) == 3


def test_every_child_row_joins_to_its_parent(folder: Path) -> None:
    for table in TABLES:
        if table.parent is None:
            continue
        parents = {tuple(r[k] for k in table.parent_key) for r in read(folder, table.parent)}
        for row in read(folder, table.name):
            assert tuple(row[k] for k in table.parent_key) in parents, (table.name, row)


def test_rows_rebuild_the_records(folder: Path, documents: list[WorkplanDocument]) -> None:
    doc = documents[0]
    items = [r for r in read(folder, "items") if r["document_id"] == doc.source.sha256]
    assert [(r["item_index"], r["item_number"], r["item_title"]) for r in items] == [
        ("0", "1", "Domestic violence\nand children"),
        ("1", "2", "Board meetings"),
    ]
    assert items[1]["item_location_page"] == "3" and items[0]["item_location_page"] == ""
    leads = [
        (r["party_index"], r["party_text"], r["party_qualifier"], r["party_id"], r["party_match"])
        for r in read(folder, "parties")
        if r["party_role"] == "lead_parties" and r["document_id"] == doc.source.sha256
    ]
    assert leads == [
        ("0", "ALG", "DV Forum", "association-of-london-government", "alias"),
        ("1", "Barnardo’s", "", "barnardos", "alias"),
        ("2", "Someone Unknown", "", "", "unmatched"),
    ]
    amount = read(folder, "amounts")[0]
    assert (amount["amount_value"], amount["amount_party_id"], amount["amount_approximate"]) == (
        "80000",
        "london-councils",
        "false",
    )
    cells = {
        r["cell_field"]: r["cell_text"]
        for r in read(folder, "cells")
        if (r["document_id"], r["item_index"]) == (doc.source.sha256, "0")
    }
    assert cells["lead_parties"] == "ALG – DV Forum, Barnardo’s\nSomeone Unknown"
    assert cells == doc.items[0].cells
    document = read(folder, "documents")[0]
    assert document["document_id"] == document["source_sha256"] == doc.source.sha256
    assert (document["period_earliest"], document["period_latest"]) == ("2007-04-01", "2008-03-31")
    assert [r["preamble_text"] for r in read(folder, "preamble")] == doc.preamble


def test_frictionless_validates_the_package(folder: Path) -> None:
    assert frictionless_errors(folder) == []


def test_frictionless_catches_a_broken_foreign_key(folder: Path) -> None:
    # Proves the validation above really checks keys: an action of an item that does not exist.
    with open(folder / "actions.csv", "a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(["a" * 64, "99", "0", "", "orphan"])
    errors = frictionless_errors(folder)
    assert [e[3] for e in errors] == ["foreign-key"]


def test_schema_types_and_keys(folder: Path) -> None:
    resources = {r["name"]: r for r in datapackage()["resources"]}
    fields = {f["name"]: f for f in resources["timings"]["schema"]["fields"]}
    assert fields["timing_earliest"]["type"] == "date"
    assert fields["timing_year_inferred"]["type"] == "boolean"
    assert fields["timing_index"] == {
        "name": "timing_index",
        "type": "integer",
        "description": "0-based position in timings.",
        "constraints": {"required": True},
    }
    assert fields["timing_kind"]["constraints"]["enum"] == [
        "ongoing",
        "date",
        "deadline",
        "start",
        "period",
        "recurring",
        "done",
        "tbc",
        "relative",
        "unknown",
    ]
    amounts = {f["name"]: f["type"] for f in resources["amounts"]["schema"]["fields"]}
    assert (amounts["amount_value"], amounts["amount_party_score"]) == ("number", "number")
    parties = resources["parties"]["schema"]
    assert parties["primaryKey"] == ["document_id", "item_index", "party_role", "party_index"]
    assert parties["foreignKeys"] == [
        {
            "fields": ["document_id", "item_index"],
            "reference": {"resource": "items", "fields": ["document_id", "item_index"]},
        }
    ]
    role = next(f for f in parties["fields"] if f["name"] == "party_role")
    assert role["constraints"]["enum"] == ["audience", "lead_parties", "partners"]


def test_appending_later_keeps_one_header_and_a_valid_package(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    out = tmp_path / "tables"
    with TablesWriter(out, append=True) as tables:
        assert tables.add(documents[0])
    with TablesWriter(out, append=True) as tables:
        assert not tables.add(documents[0])  # already there: a duplicate key otherwise
        assert tables.add(documents[1])
    for table in TABLES:
        text = (out / table.path).read_text(encoding="utf-8-sig")
        assert text.count(table.columns[0].name + "," + table.columns[1].name) == 1
    assert Counter(r["document_id"] for r in read(out, "items")) == {"a" * 64: 2, "b" * 64: 1}
    assert frictionless_errors(out) == []


def test_reopening_repairs_a_document_a_crash_left_half_written(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    out = tmp_path / "tables"
    write_tables(documents[:1], out)
    # A crash while adding the second document: its items row is there, half an actions row
    # too, but documents.csv and the commit record never got it.
    with open(out / "items.csv", "a", encoding="utf-8", newline="") as f:
        f.write("b" * 64 + ",0,1.2,Child trafficking,workstream,,,,0,3,2\r\n")
    with open(out / "actions.csv", "a", encoding="utf-8", newline="") as f:
        f.write("b" * 64 + ',0,0,,"an unfinished\n')
    with TablesWriter(out, append=True) as tables:
        assert set(tables.repaired) == {"items", "actions"}
        assert tables.add(documents[1])
    assert frictionless_errors(out) == []
    assert len(read(out, "items")) == 3


def test_a_failing_write_leaves_the_tables_as_they_were(
    tmp_path: Path, documents: list[WorkplanDocument], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "tables"
    write_tables(documents[:1], out)
    before = {t.name: (out / t.path).read_bytes() for t in TABLES}
    real_write = atomic.os.write
    calls: list[int] = []

    def disk_full_at_third_table(fd: int, data: bytes) -> int:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    with TablesWriter(out, append=True) as tables:
        monkeypatch.setattr(atomic.os, "write", disk_full_at_third_table)
        with pytest.raises(OSError, match="No space"):
            tables.add(documents[1])
        monkeypatch.undo()
        assert documents[1].source.sha256 not in tables
    assert {t.name: (out / t.path).read_bytes() for t in TABLES} == before
    assert frictionless_errors(out) == []


def test_appending_refuses_tables_of_other_columns(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    out = tmp_path / "tables"
    write_tables(documents[:1], out)
    (out / "items.csv").write_text("\ufeffdocument_id,item_index,old_column\r\n", encoding="utf-8")
    with pytest.raises(OutputError, match=r"items\.csv: its header differs"):
        TablesWriter(out, append=True)


def test_writing_afresh_replaces_what_was_there(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    out = tmp_path / "tables"
    write_tables(documents, out)
    assert write_tables(documents[1:], out) == 1
    assert [r["document_id"] for r in read(out, "documents")] == ["b" * 64]
    assert frictionless_errors(out) == []


def test_no_two_tables_share_a_column_but_the_keys_they_join_on(folder: Path) -> None:
    """Issue 16.9: ``kind``, ``text``, ``id`` and ``name`` in several tables made every pandas
    merge add _x/_y suffixes; now only the join keys repeat."""
    seen: dict[str, str] = {}
    for table in TABLES:
        for column in table.data:
            assert column.name not in seen, (column.name, table.name, seen.get(column.name))
            seen[column.name] = table.name
    descriptions = {r["name"]: r["description"] for r in datapackage()["resources"]}
    assert descriptions["timings"].endswith("Joins items on document_id, item_index.")
    assert descriptions["items"].endswith("Joins documents on document_id.")


def test_tables_start_with_a_bom_like_the_items_csv(folder: Path) -> None:
    for table in TABLES:
        assert (folder / table.path).read_bytes().startswith(b"\xef\xbb\xbfdocument_id,")
    resources = datapackage()["resources"]
    assert {r["encoding"] for r in resources} == {"utf-8-sig"}


def test_pandas_merges_tables_without_suffixes(folder: Path) -> None:
    pandas = pytest.importorskip("pandas")
    items = pandas.read_csv(folder / "items.csv")
    timings = pandas.read_csv(folder / "timings.csv")
    parties = pandas.read_csv(folder / "parties.csv")
    merged = items.merge(timings, on=["document_id", "item_index"]).merge(
        parties, on=["document_id", "item_index"]
    )
    assert not [c for c in merged.columns if c.endswith(("_x", "_y"))]
    assert {"item_kind", "timing_kind", "party_id", "party_type", "party_sector"} <= set(
        merged.columns
    )
    documents = pandas.read_csv(folder / "documents.csv")
    assert list(documents["schema_version"]) == ["v2.0", "v2.0"]
