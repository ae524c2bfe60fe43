"""Which files a batch takes: documents, not the JSON, CSV and images beside them (issue 16.1)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import LCPC, LSCB, SAMPLES, variant
from workplan_extract.batch import LocalExecutor, Selection, count_documents, run_batch
from workplan_extract.batch.discover import Found
from workplan_extract.batch.select import looks_like_document
from workplan_extract.cli import app
from workplan_extract.writers import write_csv

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def test_a_batch_over_the_samples_folder_skips_the_goldens(tmp_path: Path) -> None:
    """The README's own folder: the documents and a golden .json file for each. Before, the
    goldens were read as text dumps and failed with no-workplan-table."""
    samples = tmp_path / "samples"
    # samples/scanned/ holds scans, read only with --ocr: tests/ocr reads them.
    shutil.copytree(SAMPLES, samples, ignore=shutil.ignore_patterns("*.doc", "scanned"))
    documents = [p for p in samples.iterdir() if p.is_file()]
    goldens = list((samples / "expected").glob("*.json"))
    assert len(documents) >= 6 and len(goldens) >= len(documents)
    result = CliRunner().invoke(app, ["batch", str(samples), "-o", str(tmp_path / "results")])
    assert result.exit_code == 0, result.output
    n = len(documents)
    assert f"{n} files, {n} done, 0 failed" in result.stderr
    skipped = f"skipped {len(goldens)} files that are not documents (--include takes them)"
    assert skipped in result.stderr
    assert (tmp_path / "results" / "expected").exists() is False


def test_not_documents_are_counted_and_broken_documents_still_fail(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    variant(LCPC, folder / "plan.txt", 0)
    (folder / "picture.png").write_bytes(PNG)
    (folder / "notes.json").write_text('{"a": 1}', encoding="utf-8")
    (folder / "README").write_text("Read me.\n", encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n%%garbage")  # claims a format: fails
    (folder / "pdf-named.bin").write_bytes(b"%PDF-1.4\n%%garbage")  # the content claims it
    summary = run_batch([folder], tmp_path / "out", executor=LocalExecutor(1))
    assert (summary.done, summary.failed, summary.not_documents) == (1, 2, 3)
    assert summary.excluded == 0


def test_include_and_exclude_choose_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    variant(LCPC, folder / "2004" / "plan.txt", 0)
    variant(LSCB, folder / "drafts" / "plan.txt", 0)
    variant(LSCB, folder / "2007" / "plan.dat", 1)  # a text dump with a name of its own
    out = tmp_path / "out"
    summary = run_batch(
        [folder],
        out,
        include=["*.txt", "*.dat"],
        exclude=["drafts/**"],
        executor=LocalExecutor(1),
    )
    assert (summary.done, summary.excluded, summary.not_documents) == (2, 1, 0)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == [
        "2004/plan.txt.json",
        "2007/plan.dat.json",
    ]


def test_a_file_named_on_the_command_line_is_always_taken(tmp_path: Path) -> None:
    dump = variant(LCPC, tmp_path / "plan.dat", 0)
    summary = run_batch([dump], tmp_path / "out", executor=LocalExecutor(1))
    assert (summary.done, summary.not_documents) == (1, 0)
    # --include chooses among the files found, not among those named; --exclude still holds.
    summary = run_batch([dump], tmp_path / "out2", include=["*.pdf"], executor=LocalExecutor(1))
    assert (summary.done, summary.excluded) == (1, 0)
    summary = run_batch([dump], tmp_path / "out3", exclude=["*.dat"], executor=LocalExecutor(1))
    assert (summary.done, summary.excluded) == (0, 1)


@pytest.mark.parametrize(
    ("pattern", "path", "taken"),
    [
        ("*.pdf", "a/b/c.pdf", True),
        ("*.pdf", "a/b/c.PDF", False),
        ("drafts/**", "drafts/x/y.txt", True),
        ("drafts/**", "final/drafts.txt", False),
        ("**/old/*.txt", "old/a.txt", True),
        ("**/old/*.txt", "x/old/a.txt", True),
        ("**/old/*.txt", "x/old/y/a.txt", False),
        ("202[0-4]/*", "2021/a.txt", True),
        ("202[!0-4]/*", "2021/a.txt", False),
        ("?.txt", "ab.txt", False),
    ],
)
def test_patterns(pattern: str, path: str, taken: bool) -> None:
    found = Found(f"/in/{path}", path)
    assert (Selection(include=[pattern]).decide(found) == "document") is taken
    assert (Selection(exclude=[pattern]).decide(found) == "excluded") is taken


def test_the_csv_files_a_batch_writes_are_not_documents(tmp_path: Path) -> None:
    """CSV is a format the tool reads, but its own CSVs are outputs, not inputs."""
    from workplan_extract import extract

    items = tmp_path / "items.csv"
    write_csv([extract(LCPC)], items)
    errors = tmp_path / "errors.csv"
    errors.write_text("file,error_code,error\r\n", encoding="utf-8")
    other = tmp_path / "plan.csv"
    other.write_text("Ref,Action,Lead,Timescale\r\n1,Do it,MPS,2007\r\n", encoding="utf-8")
    assert looks_like_document(str(other))
    assert not looks_like_document(str(items))
    assert not looks_like_document(str(errors))


def test_the_progress_total_counts_what_the_batch_takes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    variant(LCPC, folder / "a.txt", 0)
    variant(LSCB, folder / "b" / "c.docx", 0)
    (folder / "d.json").write_text("{}", encoding="utf-8")
    (folder / "out").mkdir()
    variant(LCPC, folder / "out" / "e.txt", 0)  # the batch's own output folder: not walked
    assert count_documents([folder], folder / "out") == 2
    totals: list[int] = []
    run_batch([folder], folder / "out", executor=LocalExecutor(1), on_total=totals.append)
    # The count runs on a thread of its own, beside the batch.
    deadline = time.monotonic() + 30
    while not totals and time.monotonic() < deadline:
        time.sleep(0.01)
    assert totals == [2]
