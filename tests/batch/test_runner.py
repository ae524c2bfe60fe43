"""run_batch: outputs, failures, duplicates, resume, combined formats, time limits."""

from __future__ import annotations

import csv
import json
import threading
import time
from pathlib import Path

import pytest
import workfns

from conftest import LCPC, LSCB, make_copies, variant
from workplan_extract import extract
from workplan_extract.batch import BatchEvent, LocalExecutor, read_manifest, run_batch
from workplan_extract.errors import UsageError


def errors_csv(out: Path) -> list[dict[str, str]]:
    with open(out / "errors.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def by_file(out: Path) -> dict[str, dict[str, object]]:
    return {Path(e.file).name: e.model_dump() for e in read_manifest(out / "manifest.jsonl")}


def test_a_mixed_folder_records_every_failure_and_extracts_the_rest(
    mixed: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    events: list[BatchEvent] = []
    summary = run_batch(
        [mixed, tmp_path / "missing.txt"], out, executor=LocalExecutor(1), on_event=events.append
    )
    assert (summary.done, summary.failed, summary.skipped) == (3, 4, 0)
    assert not summary.ok
    entries = by_file(out)
    assert {name: e["error_code"] for name, e in entries.items()} == {
        "lcpc.txt": None,
        "lscb.txt": None,
        "mislabelled.pdf": None,
        "corrupt.docx": "corrupt",
        "empty.txt": "corrupt",
        "letter.txt": "no-workplan-table",
        "missing.txt": "unreadable",
    }
    # Outputs mirror the input tree and hold what extract() returns.
    assert entries["lscb.txt"]["output"] == "sub/lscb.txt.json"
    written = json.loads((out / "sub" / "lscb.txt.json").read_text(encoding="utf-8"))
    assert written == extract(mixed / "sub" / "lscb.txt").model_dump(mode="json")
    # errors.csv: one line per failed file, with the code and the one-line message.
    rows = errors_csv(out)
    assert [Path(r["file"]).name for r in rows] == sorted(
        ["corrupt.docx", "empty.txt", "letter.txt", "missing.txt"],
        key=lambda n: str(mixed / n) if n != "missing.txt" else str(tmp_path / n),
    )
    empty = next(r for r in rows if r["file"].endswith("empty.txt"))
    assert empty["error_code"] == "corrupt" and empty["error"] == "empty file (0 bytes)"
    assert sorted(e.kind for e in events) == ["done"] * 3 + ["failed"] * 4


def test_unexpected_exceptions_and_killed_workers_are_recorded_and_the_batch_goes_on(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    for i, name in enumerate(["a", "bug", "die", "b"]):
        variant(LCPC, folder / f"{name}.txt", i)
    summary = run_batch([folder], tmp_path / "out", executor=LocalExecutor(1), work=workfns.buggy)
    assert summary.failed == 1
    summary = run_batch(
        [folder], tmp_path / "out2", executor=LocalExecutor(1), work=workfns.suicidal
    )
    codes = {Path(r["file"]).name: r["error_code"] for r in errors_csv(tmp_path / "out2")}
    assert codes == {"die.txt": "killed"}
    assert summary.done == 3


def test_a_hung_document_is_cut_off_by_the_timeout(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    variant(LCPC, folder / "hang.txt", 0)
    variant(LCPC, folder / "ok.txt", 1)
    started = time.monotonic()
    summary = run_batch(
        [folder],
        tmp_path / "out",
        settings={"timeout": 1},
        executor=LocalExecutor(2),
        work=workfns.sleepy,
    )
    assert time.monotonic() - started < 20
    assert (summary.done, summary.failed) == (1, 1)
    assert errors_csv(tmp_path / "out")[0]["error_code"] == "timeout"


def test_identical_files_are_extracted_once(tmp_path: Path, calls: Path) -> None:
    folder = tmp_path / "in"
    for name in ["a.txt", "b.txt", "sub/c.txt"]:
        variant(LCPC, folder / name, 0)
    variant(LSCB, folder / "d.txt", 0)
    summary = run_batch([folder], tmp_path / "out", executor=LocalExecutor(1), work=workfns.logged)
    assert (summary.done, summary.duplicates) == (4, 2)
    assert len(calls.read_text().splitlines()) == 2
    entries = by_file(tmp_path / "out")
    assert entries["b.txt"]["duplicate_of"] == str(folder / "a.txt")
    assert entries["b.txt"]["output"] == entries["c.txt"]["output"] == "a.txt.json"
    assert not (tmp_path / "out" / "b.txt.json").exists()


def test_duplicates_of_a_failed_file_are_failures_too(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.docx").write_bytes(b"PK\x03\x04garbage")
    (folder / "sub" / "b.docx").write_bytes(b"PK\x03\x04garbage")
    summary = run_batch([folder], tmp_path / "out", executor=LocalExecutor(1))
    assert summary.failed == 2
    rows = errors_csv(tmp_path / "out")
    assert [r["error_code"] for r in rows] == ["corrupt", "corrupt"]
    assert rows[1]["duplicate_of"] == str(folder / "a.docx")


def test_resume_skips_what_is_done_and_retries_failures(tmp_path: Path, calls: Path) -> None:
    folder = tmp_path / "in"
    make_copies(folder, 4)
    (folder / "hang.txt").write_bytes(LCPC.read_bytes() + b"\n" * 50)
    out = tmp_path / "out"
    first = run_batch(
        [folder], out, settings={"timeout": 1}, executor=LocalExecutor(1), work=workfns.sleepy
    )
    assert (first.done, first.failed) == (4, 1)
    # The hang is fixed (another work function); only the failed file is redone.
    (folder / "hang.txt").rename(folder / "fixed.txt")
    second = run_batch([folder], out, resume=True, executor=LocalExecutor(1), work=workfns.logged)
    assert (second.done, second.failed, second.skipped) == (1, 0, 4)
    assert [Path(line.split()[1]).name for line in calls.read_text().splitlines()] == ["fixed.txt"]
    # errors.csv shows the state now: the hung file's content was done under its new name,
    # but the old name's latest entry is still its failure.
    assert [Path(r["file"]).name for r in errors_csv(out)] == ["hang.txt"]


def test_resume_redoes_a_document_whose_output_was_deleted(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_copies(folder, 2)
    out = tmp_path / "out"
    run_batch([folder], out, executor=LocalExecutor(1))
    (out / "doc-0001.txt.json").unlink()
    summary = run_batch([folder], out, resume=True, executor=LocalExecutor(1))
    assert (summary.done, summary.skipped) == (1, 1)
    assert (out / "doc-0001.txt.json").exists()


def test_a_folder_holding_a_batch_is_not_overwritten_without_resume(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_copies(folder, 1)
    run_batch([folder], tmp_path / "out", executor=LocalExecutor(1))
    totals: list[int] = []
    with pytest.raises(UsageError, match="add --resume"):
        run_batch([folder], tmp_path / "out", executor=LocalExecutor(1), on_total=totals.append)
    # A refused batch starts no count of its own (it would walk the whole archive).
    assert not any(t.name == "batch-count" for t in threading.enumerate())
    assert totals == []


def test_the_output_folder_inside_the_input_folder_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_copies(folder, 2)
    summary = run_batch([folder], folder / "out", executor=LocalExecutor(1))
    assert summary.files == 2
    summary = run_batch([folder], folder / "out", resume=True, executor=LocalExecutor(1))
    assert (summary.files, summary.skipped) == (2, 2)


def test_same_relative_path_from_two_folders_gets_two_outputs(tmp_path: Path) -> None:
    variant(LCPC, tmp_path / "2004" / "plan.txt", 0)
    variant(LSCB, tmp_path / "2007" / "plan.txt", 0)
    run_batch([tmp_path / "2004", tmp_path / "2007"], tmp_path / "out", executor=LocalExecutor(1))
    entries = list(read_manifest(tmp_path / "out" / "manifest.jsonl"))
    outputs = sorted(e.output or "" for e in entries)
    assert "plan.txt.json" in outputs and len(outputs) == 2
    assert all(o.startswith("plan.txt.") for o in outputs)
    titles = {
        json.loads((tmp_path / "out" / o).read_text(encoding="utf-8"))["source"]["filename"]
        for o in outputs
    }
    assert titles == {"plan.txt"}
    assert len({(tmp_path / "out" / o).read_bytes() for o in outputs}) == 2


@pytest.mark.parametrize("fmt", ["jsonl", "tables"])
def test_combined_formats_append_each_document_once_across_resumes(
    tmp_path: Path, fmt: str
) -> None:
    folder = tmp_path / "in"
    make_copies(folder, 3)
    out = tmp_path / "out"
    run_batch([folder / "doc-0000.txt"], out, output_format=fmt, executor=LocalExecutor(1))
    summary = run_batch([folder], out, output_format=fmt, resume=True, executor=LocalExecutor(1))
    assert (summary.done, summary.skipped) == (2, 1)
    if fmt == "jsonl":
        lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
        shas = sorted(json.loads(line)["source"]["sha256"] for line in lines)
    else:
        with open(out / "tables" / "documents.csv", encoding="utf-8-sig", newline="") as f:
            shas = sorted(row["document_id"] for row in csv.DictReader(f))
    expected = sorted(extract(p).source.sha256 for p in folder.iterdir())
    assert shas == expected
    assert {e.output for e in read_manifest(out / "manifest.jsonl")} == {
        "documents.jsonl" if fmt == "jsonl" else "tables"
    }


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown output format"):
        run_batch([tmp_path], tmp_path / "out", output_format="xml")
