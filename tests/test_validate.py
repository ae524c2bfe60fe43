"""validate: one problem per error, with the file, line and JSON path; good files pass."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workplan_extract.errors import WorkplanError
from workplan_extract.records import (
    Extractor,
    Item,
    Location,
    Source,
    Timing,
    WorkplanDocument,
)
from workplan_extract.validate import (
    InvalidRecords,
    Problem,
    check_files,
    read_documents,
    validate_file,
    validate_files,
)


def document(sha: str = "c" * 64) -> WorkplanDocument:
    return WorkplanDocument(
        source=Source(path="p.txt", filename="p.txt", format="txt", sha256=sha, size_bytes=10),
        title="Barnardo’s plan",
        items=[
            Item(
                number=str(n),
                title=f"Item {n}",
                kind="workstream",
                timings=[Timing(text="April 2004", kind="date", edtf="2004-04")],
                cells={"title": f"Item {n}"},
                location=Location(table=0, row=n),
            )
            for n in range(5)
        ],
        extractor=Extractor(version="0.1.0"),
    )


def data() -> dict[str, Any]:
    return document().model_dump(mode="json")


def write(tmp_path: Path, value: Any, name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_good_document_a_list_and_json_lines_pass(tmp_path: Path) -> None:
    one = write(tmp_path, data())
    many = write(tmp_path, [data(), document("d" * 64).model_dump(mode="json")], "all.json")
    lines = tmp_path / "all.jsonl"
    lines.write_text("\n".join(json.dumps(d) for d in [data(), data()]) + "\n\n")
    assert validate_files([one, many, lines]) == []
    assert read_documents(one) == [document()]
    assert [d.source.sha256 for d in read_documents(many)] == ["c" * 64, "d" * 64]


def test_each_error_is_a_problem_at_its_json_path(tmp_path: Path) -> None:
    broken = data()
    broken["items"][3]["timings"][0]["earliest"] = "2004-13-01"  # no month 13
    broken["source"]["size_bytes"] = "ten"  # wrong type
    del broken["items"][1]["title"]  # missing field
    broken["items"][0]["colour"] = "red"  # unknown key
    path = write(tmp_path, broken)
    problems = validate_file(path)
    assert [(p.location, p.message.split(" (got")[0]) for p in problems] == [
        ("source.size_bytes", "Input should be a valid integer"),
        ("items[0].colour", "unknown field: not part of the record contract"),
        ("items[1].title", "required field is missing"),
        (
            "items[3].timings[0].earliest",
            "Input should be a valid date in the format YYYY-MM-DD, "
            "month value is outside expected range of 1-12",
        ),
    ]
    assert str(problems[0]) == (
        f'{path}: source.size_bytes: Input should be a valid integer (got "ten")'
    )


def test_validation_is_strict_like_the_json_schema(tmp_path: Path) -> None:
    broken = data()
    broken["items"][0]["location"]["row"] = "0"  # a string holding a number is still a string
    [problem] = validate_file(write(tmp_path, broken))
    assert problem.location == "items[0].location.row"


def test_schema_version_must_be_present_and_supported(tmp_path: Path) -> None:
    other = data() | {"schema_version": "3.0", "new_field": 1}
    [problem] = validate_file(write(tmp_path, other))
    assert (problem.location, problem.message) == (
        "schema_version",
        "unsupported schema_version '3.0': this version reads '2.0' or '1.0'",
    )
    unstated = data()
    del unstated["schema_version"]
    [problem] = validate_file(write(tmp_path, unstated))
    assert problem.location == "schema_version" and problem.message.startswith("missing")


def _as_version_1(value: dict[str, Any]) -> dict[str, Any]:
    """A 2.0 document as 1.0 wrote it: without the fields 2.0 added."""
    added = {"status", "progress", "type", "sector", "place", "of", "recurrence", "sheet", "ocr"}

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in added}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return strip(value) | {"schema_version": "1.0"}


def test_a_version_1_document_validates_and_is_named_as_read(tmp_path: Path) -> None:
    old = _as_version_1(data())
    assert "status" not in old["items"][0]
    path = write(tmp_path, [old, data()])
    assert validate_file(path) == []
    report = check_files([path])
    assert report.problems == [] and report.versions == {"1.0": 1, "2.0": 1}
    # Still strict: 1.0 had no "context" match, but a wrong type is wrong in any version.
    old["items"][0]["number"] = 5
    assert [p.location for p in validate_file(write(tmp_path, old))] == ["items[0].number"]


def test_problems_in_a_list_carry_the_index(tmp_path: Path) -> None:
    second = data()
    second["items"][2]["kind"] = "project"
    assert [p.location for p in validate_file(write(tmp_path, [data(), second, 5]))] == [
        "[1].items[2].kind",
        "[2]",
    ]


def test_json_lines_problems_carry_the_line(tmp_path: Path) -> None:
    bad = data()
    bad["extractor"]["name"] = "other-tool"
    path = tmp_path / "all.jsonl"
    path.write_text(f"{json.dumps(data())}\n{json.dumps(bad)}\n{{broken\n", encoding="utf-8")
    problems = validate_file(path)
    assert [(p.line, p.location) for p in problems] == [(2, "extractor.name"), (3, "")]
    assert str(problems[1]).startswith(f"{path}:3: not valid JSON: Expecting property name")


def test_json_lines_in_a_json_file_are_read_as_lines(tmp_path: Path) -> None:
    path = tmp_path / "all.json"
    path.write_text(json.dumps(data()) + "\n" + json.dumps(data()) + "\n", encoding="utf-8")
    assert validate_file(path) == []


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b'{\n  "schema_version": "1.0",\n  oops\n}', "not valid JSON: Expecting", 3),
        (b"[1]\n\n[2]", "not valid JSON: Extra data", 3),
        (b"", "the file is empty", None),
        (b"\xff\xfe{}", "not UTF-8 text (byte 0)", 1),
        (b'{"value": NaN}', "not valid JSON: NaN is not a JSON value", None),
        (b'"just a string"', "expected a document (a JSON object), found a string", None),
    ],
)
def test_unreadable_files_are_one_problem(
    tmp_path: Path, content: bytes, message: str, line: int | None
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    [problem] = validate_file(path)
    assert problem.message.startswith(message)
    assert (problem.file, problem.line) == (str(path), line)


def test_a_missing_file_is_one_problem(tmp_path: Path) -> None:
    [problem] = validate_file(tmp_path / "nowhere.json")
    assert problem.message == "cannot read the file: No such file or directory"


def test_read_documents_raises_a_workplan_error_naming_the_file(tmp_path: Path) -> None:
    broken = data()
    broken["title"] = 7
    broken["reference"] = []
    path = write(tmp_path, broken)
    with pytest.raises(InvalidRecords) as caught:
        read_documents(path)
    error = caught.value
    assert isinstance(error, WorkplanError) and error.code == "invalid-record"
    assert str(error) == (
        f"{path}: title: Input should be a valid string (got 7) (and 1 more problems)"
    )
    assert error.problems[1] == Problem(
        str(path), "Input should be a valid string (got [])", "reference"
    )
