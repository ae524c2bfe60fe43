"""JSON and JSON Lines: read back equal, stable layout, safe appends."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workplan_extract.records import WorkplanDocument
from workplan_extract.validate import read_documents
from workplan_extract.writers import JsonlWriter, OutputError, write_json, write_jsonl
from workplan_extract.writers.json import to_json, to_jsonl


def test_one_document_is_an_object_that_reads_back_equal(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    path = tmp_path / "one.json"
    assert write_json(documents[0], path) == 1
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n  "schema_version": "2.0",\n  "source": {\n')
    assert text.endswith("}\n")
    assert "Barnardo’s" in text and "£80k" in text  # kept as written, not \u escapes
    assert read_documents(path) == [documents[0]]


def test_keys_follow_model_field_order(documents: list[WorkplanDocument]) -> None:
    data = json.loads(to_json(documents[0]))
    assert list(data) == list(WorkplanDocument.model_fields)
    item = data["items"][0]
    assert list(item) == list(type(documents[0].items[0]).model_fields)


def test_several_documents_are_an_array_as_json_dumps_would_indent_it(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    path = tmp_path / "all.json"
    assert write_json(documents, path) == 2
    expected = [doc.model_dump(mode="json") for doc in documents]
    assert path.read_text(encoding="utf-8") == (
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    )
    assert read_documents(path) == documents


def test_an_iterable_of_one_is_still_an_array(documents: list[WorkplanDocument]) -> None:
    out = io.StringIO()
    write_json(iter(documents[:1]), out)
    assert json.loads(out.getvalue())[0]["title"] == documents[0].title
    empty = io.StringIO()
    assert write_json([], empty) == 0
    assert empty.getvalue() == "[]\n"


def test_each_document_is_written_once(documents: list[WorkplanDocument]) -> None:
    out = io.StringIO()
    assert write_json([documents[0], documents[1], documents[0]], out) == 2
    assert len(json.loads(out.getvalue())) == 2


def test_failing_document_source_keeps_the_old_file(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    path = tmp_path / "all.json"
    path.write_text("[]\n")

    def crashing() -> object:
        yield documents[0]
        raise RuntimeError("extraction crashed")

    with pytest.raises(RuntimeError):
        write_json(crashing(), path)  # type: ignore[arg-type]
    assert path.read_text() == "[]\n"
    assert [p.name for p in tmp_path.iterdir()] == ["all.json"]


def test_jsonl_is_one_line_per_document_and_reads_back(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    path = tmp_path / "all.jsonl"
    assert write_jsonl(documents, path) == 2
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == 3
    assert [json.loads(line)["source"]["sha256"] for line in lines[:2]] == [
        d.source.sha256 for d in documents
    ]
    assert read_documents(path) == documents


def test_jsonl_writer_appends_later_and_skips_documents_already_there(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    path = tmp_path / "all.jsonl"
    with JsonlWriter(path, append=True) as out:
        assert out.add(documents[0])
    with JsonlWriter(path, append=True) as out:
        assert documents[0].source.sha256 in out
        assert not out.add(documents[0])  # a resumed batch redoing a written document
        assert out.add(documents[1])
        assert len(out) == 2
    assert read_documents(path) == documents


def test_jsonl_writer_repairs_a_line_cut_by_a_crash(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    path = tmp_path / "all.jsonl"
    whole = to_jsonl(documents[0]).encode()
    path.write_bytes(whole + to_jsonl(documents[1]).encode()[:100])
    with JsonlWriter(path, append=True) as out:
        assert out.repaired == 100
        assert documents[1].source.sha256 not in out
        assert out.add(documents[1])
    assert read_documents(path) == documents


def test_jsonl_writer_refuses_to_append_to_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "all.jsonl"
    path.write_text('{"not": "a document"}\n')
    with pytest.raises(OutputError, match="line 1 is not a workplan document"):
        JsonlWriter(path, append=True)


def test_fresh_jsonl_writer_keeps_the_old_file_on_error(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    path = tmp_path / "all.jsonl"
    path.write_text("old\n")
    with pytest.raises(RuntimeError), JsonlWriter(path) as out:
        out.add(documents[0])
        raise RuntimeError("batch interrupted")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["all.jsonl"]


def test_closed_writer_refuses_documents(tmp_path: Path, documents: list[WorkplanDocument]) -> None:
    out = JsonlWriter(tmp_path / "x.jsonl")
    out.close()
    with pytest.raises(ValueError, match="closed"):
        out.add(documents[0])


# Any text, including line and paragraph separators, quotes and astral characters: what JSON
# Lines splitting or escaping could get wrong.
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=40, deadline=None)
@given(title=texts, preamble=st.lists(texts, max_size=3), action=texts)
def test_generated_text_reads_back_equal(
    tmp_path_factory: pytest.TempPathFactory,
    documents: list[WorkplanDocument],
    title: str,
    preamble: list[str],
    action: str,
) -> None:
    base = documents[0]
    item = base.items[0].model_copy(update={"title": action, "cells": {"title": action}})
    doc = base.model_copy(update={"title": title, "preamble": preamble, "items": [item]})
    folder = tmp_path_factory.mktemp("rt")
    write_json(doc, folder / "one.json")
    write_json([doc, documents[1]], folder / "two.json")
    write_jsonl([doc, documents[1]], folder / "two.jsonl")
    assert read_documents(folder / "one.json") == [doc]
    assert read_documents(folder / "two.json") == [doc, documents[1]]
    assert read_documents(folder / "two.jsonl") == [doc, documents[1]]


def test_a_nan_is_refused_rather_than_written_as_invalid_json(
    documents: list[WorkplanDocument],
) -> None:
    item = documents[0].items[0]
    amount = item.amounts[0].model_copy(update={"value": float("nan")})
    doc = documents[0].model_copy(update={"items": [item.model_copy(update={"amounts": [amount]})]})
    with pytest.raises(ValueError, match="not JSON compliant"):
        to_json(doc)
    with pytest.raises(ValueError, match="not JSON compliant"):
        to_jsonl(doc)
