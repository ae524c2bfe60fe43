"""Reading a batch's outputs leniently: documents, failures, and what could not be read."""

from __future__ import annotations

import json
from pathlib import Path

from workplan_extract.report.load import discover, iter_documents

from .conftest import rich_document, write_json, write_jsonl

ERRORS = "file,error_code,error,sha256,size,duration,duplicate_of\r\n"


def manifest_line(file: str, status: str, **fields: object) -> str:
    entry = {"file": file, "sha256": None, "size": None, "status": status, **fields}
    return json.dumps(entry) + "\n"


def test_batch_folder_of_json_files_with_errors_csv(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_json(rich_document(0), out / "a.docx.json")
    write_json(rich_document(1), out / "sub" / "b.pdf.json")
    (out / ".a.docx.json.x1y2.tmp").write_text("{", encoding="utf-8")  # an atomic writer's temp
    (out / "datapackage.json").write_text("{}", encoding="utf-8")
    (out / "errors.csv").write_text(
        ERRORS + "in/c.doc,corrupt,damaged file,ab,12,0.1,\r\n", encoding="utf-8"
    )
    (out / "manifest.jsonl").write_text(
        manifest_line("in/a.docx", "done")
        + manifest_line("in/b.pdf", "done")
        + manifest_line("in/b2.pdf", "done", duplicate_of="in/b.pdf")
        + manifest_line("in/c.doc", "failed", error_code="corrupt", error="damaged file")
        + '{"file": "in/d.d',  # torn by a crash
        encoding="utf-8",
    )
    found = discover([out])
    assert [p.relative_to(out).as_posix() for p in found.files] == ["a.docx.json", "sub/b.pdf.json"]
    assert [(f.file, f.code, f.message) for f in found.failures] == [
        ("in/c.doc", "corrupt", "damaged file")
    ]
    assert found.manifest is not None
    assert (found.manifest.done, found.manifest.duplicates, found.manifest.failed) == (3, 1, 1)
    assert found.manifest.torn_lines == 1
    assert found.unread == []
    unread: list = []
    origins = [loaded.origin for loaded in iter_documents(found.files, unread)]
    assert origins == [str(out / "a.docx.json"), str(out / "sub" / "b.pdf.json")]


def test_failures_come_from_the_manifest_when_errors_csv_is_missing(tmp_path: Path) -> None:
    (tmp_path / "manifest.jsonl").write_text(
        manifest_line("x.pdf", "failed", error_code="timeout", error="over 300 s")
        # A retry with --resume: the later line wins.
        + manifest_line("y.pdf", "failed", error_code="killed")
        + manifest_line("y.pdf", "done")
        + manifest_line("z.pdf", "failed", error_code="encrypted", extra_key_from_a_new_version=1),
        encoding="utf-8",
    )
    found = discover([tmp_path])
    assert [(f.file, f.code) for f in found.failures] == [
        ("x.pdf", "timeout"),
        ("z.pdf", "encrypted"),
    ]


def test_errors_csv_columns_are_read_by_name(tmp_path: Path) -> None:
    errors = tmp_path / "errors.csv"
    errors.write_text(
        "\ufefferror_code,file,new_column,error\r\nencrypted,p.pdf,?,a password is needed\r\n"
        ",q.pdf,,\r\n",
        encoding="utf-8",
    )
    found = discover([errors])
    assert [(f.file, f.code, f.message) for f in found.failures] == [
        ("p.pdf", "encrypted", "a password is needed")
    ]
    assert [(u.code, u.message) for u in found.unread] == [
        ("corrupt", "line 3: no file or error_code column")
    ]


def test_jsonl_is_read_line_by_line_and_a_bad_line_costs_only_itself(tmp_path: Path) -> None:
    path = write_jsonl([rich_document(0), rich_document(1)], tmp_path / "documents.jsonl")
    lines = path.read_text("utf-8").splitlines()
    old = json.loads(lines[1])
    old["schema_version"] = "1.0"
    broken = json.loads(lines[0])
    broken["items"][0]["kind"] = "chapter"
    path.write_text(
        "\n".join([lines[0], "", json.dumps(broken), "not json", json.dumps(old)]) + "\n",
        encoding="utf-8",
    )
    unread: list = []
    loaded = list(iter_documents([path], unread))
    assert [item.origin for item in loaded] == [f"{path}:1", f"{path}:5"]
    assert loaded[1].document.schema_version == "2.0"
    assert [(u.path, u.code) for u in unread] == [
        (f"{path}:3", "invalid-record"),
        (f"{path}:4", "invalid-record"),
    ]
    assert unread[0].message.startswith("items.0.kind:")


def test_an_invalid_json_file_is_listed_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "vocab.json").write_text('{"entries": []}', encoding="utf-8")
    write_json(rich_document(), tmp_path / "plan.json")
    found = discover([tmp_path])
    unread: list = []
    docs = list(iter_documents(found.files, unread))
    assert len(docs) == 1
    assert [(Path(u.path).name, u.code) for u in unread] == [("vocab.json", "invalid-record")]


def test_tabular_batch_output_is_named_as_unreadable(tmp_path: Path) -> None:
    (tmp_path / "items.csv").write_text("document,item\n", encoding="utf-8")
    found = discover([tmp_path])
    assert found.files == []
    assert [u.code for u in found.unread] == ["unsupported-format"]
    assert "--format json" in found.unread[0].message


def test_a_file_given_twice_counts_once(tmp_path: Path) -> None:
    plan = write_json(rich_document(), tmp_path / "plan.json")
    errors = tmp_path / "errors.csv"
    errors.write_text(ERRORS + "x.pdf,corrupt,damaged,,,0,\r\n", encoding="utf-8")
    found = discover([tmp_path, plan, errors])
    assert found.files == [plan]
    assert len(found.failures) == 1
