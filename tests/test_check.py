"""The golden-file check: field-level differences, --update, and the repository's own goldens."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from workplan_extract import WorkplanDocument
from workplan_extract.check import (
    DOCUMENT_SUFFIXES,
    MISSING,
    Difference,
    check_document,
    check_samples,
    compare,
)
from workplan_extract.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
runner = CliRunner()


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """The repository's text samples with goldens written by --update, in a folder of their
    own (so the test may change them)."""
    folder = tmp_path / "samples"
    folder.mkdir()
    for name in ("lcpc-workplan-2004.txt", "lscb-workplan-2007-08.txt"):
        shutil.copy(SAMPLES / name, folder)
    assert check_samples(folder, update=True).ok
    return folder


def edit(golden: Path, change: Callable[[Any], object]) -> None:
    data = json.loads(golden.read_text(encoding="utf-8"))
    change(data)
    golden.write_text(json.dumps(data, indent=2), encoding="utf-8")


#: Formats read through LibreOffice.
CONVERTED = {".doc", ".odt", ".rtf", ".xls", ".ods"}
GOLDENS = sorted((SAMPLES / "expected").glob("*.json"))


def _golden_param(golden: Path) -> object:
    name = golden.name.removesuffix(".json")
    needs_soffice = Path(name).suffix in CONVERTED and shutil.which("soffice") is None
    reason = "reading it needs LibreOffice: apt-get install libreoffice-writer-nogui"
    return pytest.param(name, id=name, marks=pytest.mark.skipif(needs_soffice, reason=reason))


def test_every_sample_has_a_golden_and_every_golden_a_sample() -> None:
    documents = sorted(
        p.name
        for p in SAMPLES.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in DOCUMENT_SUFFIXES
    )
    assert documents, "no samples"
    assert [g.name.removesuffix(".json") for g in GOLDENS] == documents


@pytest.mark.parametrize("name", [_golden_param(g) for g in GOLDENS])
def test_golden(name: str, sample_record: Callable[[str], WorkplanDocument]) -> None:
    """The sample's record, field by field, against ``samples/expected/NAME.json``: the
    comparison ``workplan-extract check samples/`` makes, one test per sample."""
    differences = check_document(name, sample_record(name), SAMPLES / "expected" / f"{name}.json")
    assert not differences, "\n".join(map(str, differences))


def test_fresh_goldens_match_and_the_cli_exits_0(samples: Path) -> None:
    assert sorted(p.name for p in (samples / "expected").iterdir()) == [
        "lcpc-workplan-2004.txt.json",
        "lscb-workplan-2007-08.txt.json",
    ]
    result = runner.invoke(app, ["check", str(samples)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "2 documents, 0 differences" in result.stderr


def test_a_changed_field_is_reported_by_item_number_field_expected_and_got(
    samples: Path,
) -> None:
    golden = samples / "expected" / "lcpc-workplan-2004.txt.json"
    title = json.loads(golden.read_text(encoding="utf-8"))["items"][1]["title"]
    number = json.loads(golden.read_text(encoding="utf-8"))["items"][1]["number"]
    edit(golden, lambda d: d["items"][1].update(title="Old title"))
    result = runner.invoke(app, ["check", str(samples)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f'lcpc-workplan-2004.txt: item {number}: title: expected "Old title", '
        f"got {json.dumps(title, ensure_ascii=False)}"
    ]


def test_source_path_is_ignored_wherever_the_check_runs(samples: Path, tmp_path: Path) -> None:
    moved = shutil.copytree(samples, tmp_path / "elsewhere" / "fixtures")
    edit(moved / "expected" / "lcpc-workplan-2004.txt.json", lambda d: d["source"].update(path="x"))
    assert check_samples(moved).ok
    golden = json.loads((samples / "expected" / "lcpc-workplan-2004.txt.json").read_text("utf-8"))
    assert golden["source"]["path"] == "samples/lcpc-workplan-2004.txt"


def test_a_missing_item_is_one_difference_not_a_cascade(samples: Path) -> None:
    golden = samples / "expected" / "lscb-workplan-2007-08.txt.json"
    removed = json.loads(golden.read_text(encoding="utf-8"))["items"][2]
    edit(golden, lambda d: d["items"].pop(2))
    differences = check_samples(samples).differences
    assert differences == [
        Difference(
            "lscb-workplan-2007-08.txt",
            removed["number"],
            "(item)",
            differences[0].expected,
            {"title": removed["title"]},
        )
    ]
    assert "(missing)" in str(differences[0])


def test_missing_golden_failing_document_and_orphan_golden_are_differences(
    samples: Path,
) -> None:
    golden = samples / "expected" / "lcpc-workplan-2004.txt.json"
    golden.unlink()
    (samples / "broken.docx").write_bytes(b"PK\x03\x04garbage")
    (samples / "expected" / "gone.txt.json").write_text("{}", encoding="utf-8")
    (samples / "README.md").write_text("not a sample", encoding="utf-8")
    lines = [str(d) for d in check_samples(samples).differences]
    assert lines == [
        "broken.docx: failed to extract (corrupt): corrupt ZIP container: File is not a zip file",
        f"lcpc-workplan-2004.txt: no golden file {golden}"
        ": run `workplan-extract check --update` and review it",
        "gone.txt.json: a golden file without its document (--update removes it)",
    ]
    updated = check_samples(samples, update=True)
    assert [p.name for p in updated.updated] == ["lcpc-workplan-2004.txt.json"]
    assert [p.name for p in updated.removed] == ["gone.txt.json"]
    # A document that cannot be extracted still fails the check after --update.
    assert [d.document for d in updated.differences] == ["broken.docx"]
    assert not (samples / "expected" / "broken.docx.json").exists()


def test_update_leaves_goldens_that_match_untouched(samples: Path) -> None:
    golden = samples / "expected" / "lcpc-workplan-2004.txt.json"
    before = golden.stat().st_mtime_ns
    assert check_samples(samples, update=True).updated == []
    assert golden.stat().st_mtime_ns == before


def test_compare_walks_nested_values_and_types() -> None:
    expected = {"a": {"b": [1, 2]}, "c": True, "items": []}
    got = {"a": {"b": [1, 3, 4]}, "c": 1, "d": None, "items": []}
    assert [(d.field, d.expected, d.got) for d in compare("x", expected, got)] == [
        ("a.b[1]", 2, 3),
        ("a.b[2]", MISSING, 4),
        ("c", True, 1),
        ("d", MISSING, None),
    ]
