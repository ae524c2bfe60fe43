"""Every bad-input case through ``extract`` and ``batch``, and through the CLI every case the
CLI has its own business with: the expected error code or warning, and never a traceback. (A
case that hangs fails the CLI run's time-out; how long the cases take is for benchmarks, not
asserted here.)"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workplan_extract import Settings, WorkplanError, extract
from workplan_extract.batch import run_batch
from workplan_extract.errors import ERROR_CLASSES

from .conftest import ROOT, load_corpus_script

CASES = load_corpus_script().cases()
BY_NAME = {case.name: case for case in CASES}
CODES = {cls.code for cls in ERROR_CLASSES}
#: Cases whose outcome one reader decides, and that cost a quarter of a second of CPU or more
#: each (a million rows, LibreOffice): ``test_extract`` runs them in this process and
#: ``test_batch_whole_corpus`` in isolated workers under the same limits as the CLI's. The CLI
#: run takes every other case: its own business is the file names, the unreadable paths and
#: one line per failure, and every outcome still reaches it (``rtf-noise.rtf`` keeps a
#: LibreOffice run in the CLI's worker).
LEFT_TO_EXTRACT_AND_BATCH = {
    "million-rows.xlsx",
    "million-rows.csv",
    "huge-spans.html",
    "wide-table.docx",
    "zip-many-entries.docx",
    "doc-named.docx",
    "corrupt.ods",
    "corrupt-workbook.xls",
}
CLI_CASES = [c for c in CASES if not c.skip and c.name not in LEFT_TO_EXTRACT_AND_BATCH]


def _id(case: object) -> str:
    name: str = case.name  # type: ignore[attr-defined]
    return name.encode("ascii", "backslashreplace").decode()[:60]


def test_corpus_is_big_enough() -> None:
    assert len(CASES) >= 30
    assert all(c.expect == "ok" or c.expect in CODES for c in CASES)
    assert BY_NAME.keys() >= LEFT_TO_EXTRACT_AND_BATCH


def test_every_outcome_reaches_the_cli() -> None:
    """What the CLI run leaves out costs it no error code and no warning."""
    outcomes = {(c.expect, c.warning) for c in CASES if not c.skip}
    assert {(c.expect, c.warning) for c in CLI_CASES} == outcomes


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_extract(case: object, corpus: Path) -> None:
    c = BY_NAME[case.name]  # type: ignore[attr-defined]
    if c.skip:
        pytest.skip(c.skip)
    path = corpus / c.name
    try:
        doc = extract(path)
    except WorkplanError as exc:
        got, message = exc.code, str(exc)
        assert exc.path == str(path)
        assert message.startswith(f"{path}: ")
        assert "Traceback" not in message
    else:
        got, message = "ok", ""
        if c.warning:
            assert c.warning in {w.code for w in doc.warnings}
        assert doc.items, "a document that reads must give items"
    assert got == c.expect, message
    assert "root:x:0:0" not in message  # the external entities were never resolved


def test_cli_extract_whole_corpus(corpus: Path, tmp_path: Path) -> None:
    """One CLI run over the corpus (``CLI_CASES``, each in the isolated worker): one line per
    failed file, naming it, and never a traceback or an internal error."""
    names = sorted(c.name for c in CLI_CASES)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    run = subprocess.run(
        [sys.executable, "-m", "workplan_extract", "extract", *names, "-o", str(tmp_path)],
        cwd=corpus,
        env=env,
        capture_output=True,
        timeout=300,
    )
    stderr = run.stderr.decode("utf-8", "backslashreplace")
    assert run.returncode == 1
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    lines = stderr.splitlines()
    failures = [line for line in lines if line.startswith("error: ")]
    expected_failures = [c for c in CLI_CASES if c.expect != "ok"]
    assert len(failures) == len(expected_failures), stderr
    for case in expected_failures:
        shown = case.name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        shown = shown.replace("\n", "\\n")
        assert any(line.startswith(f"error: {shown}: ") for line in failures), case.name
    # every line is an error, a "written" line or a note that a file repeats another's
    # content (the mislabelled cases are copies): nothing else leaked onto stderr
    assert all(line.startswith(("error: ", "note: ")) or " -> " in line for line in lines), stderr


def test_batch_whole_corpus(corpus: Path, tmp_path: Path) -> None:
    """The corpus as one batch: every case is in the manifest with the same code as
    ``extract`` gives (the batch's own differences are in ``Case.batch``)."""
    out = tmp_path / "out"
    summary = run_batch([corpus], out, settings=Settings(timeout=120), max_tasks_per_child=100)
    errors = {}
    with open(out / "errors.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            errors[Path(row["file"]).name] = row["error_code"]
    entries = [
        json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()
    ]
    assert all(e.get("error_code") in (None, *CODES) for e in entries), entries
    for case in CASES:
        if case.skip:
            continue
        expect = case.batch or case.expect
        name = case.name
        if expect in ("walked", "skipped") or name.startswith("n" * 300):
            assert name not in errors
            continue
        if not _utf8(name):
            name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if expect == "ok":
            assert name not in errors, errors.get(name)
        else:
            assert errors.get(name) == expect, name
    assert summary.failed == len(errors)


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
