"""The CLI: a thin layer that prints what the library returns, one-line errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workplan_extract import extract
from workplan_extract.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
runner = CliRunner()


def test_extract_prints_what_the_library_returns() -> None:
    path = str(SAMPLES / "lcpc-workplan-2004.txt")
    result = runner.invoke(app, ["extract", path])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == extract(path).model_dump(mode="json")


def test_folder_output_writes_one_file_per_document(tmp_path: Path) -> None:
    files = [str(SAMPLES / "lcpc-workplan-2004.txt"), str(SAMPLES / "lscb-workplan-2007-08.txt")]
    result = runner.invoke(app, ["extract", *files, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["lcpc-workplan-2004.txt.json", "lscb-workplan-2007-08.txt.json"]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, "missing.txt", "missing.txt: no such file"),
        (b"", "empty.docx", "empty.docx: empty file (0 bytes)"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), "prog.txt", "unsupported format"),
        (b"Just a letter.\nNo table here.\n", "letter.txt", "letter.txt: no workplan table found"),
        (b"PK\x03\x04garbage", "broken.docx", "broken.docx: corrupt ZIP container"),
    ],
)
def test_bad_input_gives_one_line_and_exit_1(
    tmp_path: Path, content: bytes | None, name: str, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    good = str(SAMPLES / "lcpc-workplan-2004.txt")
    result = runner.invoke(app, ["extract", str(path), good, "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and message in errors[0]
    assert "Traceback" not in result.stderr
    # The good file after the bad one was still extracted.
    assert (tmp_path / "out" / "lcpc-workplan-2004.txt.json").exists()


def test_usage_error_exits_2() -> None:
    result = runner.invoke(app, ["extract", "--no-such-option", "x"])
    assert result.exit_code == 2


def test_every_command_has_help() -> None:
    for name in ("extract", "schema"):
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0
        assert len(result.stdout.strip()) > 40


def test_python_dash_m_runs_and_help_stays_light() -> None:
    code = (
        "import sys; from workplan_extract.cli import app; "
        "heavy = [m for m in ('pdfplumber', 'lxml', 'docx', 'rapidfuzz') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    run = subprocess.run(
        [sys.executable, "-m", "workplan_extract", "--help"], capture_output=True, text=True
    )
    assert run.returncode == 0 and "extract" in run.stdout
