"""The format-level API the CLI calls: FORMATS, dump, write, open_writer."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from workplan_extract.errors import UsageError
from workplan_extract.records import WorkplanDocument
from workplan_extract.validate import read_documents
from workplan_extract.writers import (
    FORMATS,
    CsvWriter,
    JsonlWriter,
    TablesWriter,
    dump,
    open_writer,
    write,
)


def test_formats() -> None:
    assert FORMATS == ("json", "jsonl", "csv", "tables")


@pytest.mark.parametrize("format_", ["json", "jsonl", "csv"])
def test_dump_is_what_a_file_of_one_document_holds(
    tmp_path: Path, documents: list[WorkplanDocument], format_: str
) -> None:
    path = tmp_path / f"one.{format_}"
    write([documents[0]], format_, path)
    text = dump(documents[0], format_)
    if format_ == "json":
        # write() of an iterable is an array; dump() of one document is the object itself.
        assert json.loads(path.read_text(encoding="utf-8")) == [json.loads(text)]
    else:
        assert path.read_bytes() == text.encode("utf-8")


def test_dump_refuses_tables_and_unknown_formats(documents: list[WorkplanDocument]) -> None:
    with pytest.raises(UsageError, match="a folder"):
        dump(documents[0], "tables")
    with pytest.raises(UsageError, match="unknown output format 'xml': choose one of json, "):
        dump(documents[0], "xml")


def test_write_dispatches_and_tables_needs_a_folder(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    assert write(documents, "tables", tmp_path / "t") == 2
    assert (tmp_path / "t" / "datapackage.json").exists()
    out = io.StringIO()
    assert write(documents, "jsonl", out) == 2
    assert len(out.getvalue().splitlines()) == 2
    with pytest.raises(UsageError, match="give an output folder"):
        write(documents, "tables", io.StringIO())
    with pytest.raises(UsageError, match="unknown output format"):
        write(documents, "yaml", tmp_path / "x")


def test_open_writer_gives_the_streaming_writers(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    kinds = {"jsonl": JsonlWriter, "csv": CsvWriter, "tables": TablesWriter}
    for format_, kind in kinds.items():
        with open_writer(format_, tmp_path / f"out-{format_}", append=True) as out:
            assert isinstance(out, kind)
            assert out.add(documents[1])
    assert read_documents(tmp_path / "out-jsonl") == documents[1:]
    with pytest.raises(UsageError, match="one document at a time: use jsonl"):
        open_writer("json", tmp_path / "x.json")
