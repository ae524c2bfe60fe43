"""A batch whose output folder fills up: one clear line, earlier outputs intact, --resume ends it.

Run on a real, tiny tmpfs (root may mount one here and in CI) rather than a patched write: the
output files, their temp files and the manifest all live on it, so whichever of them meets the
full disk first, the guarantees must hold. Skipped where this process may not mount.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import make_copies
from workplan_extract.batch import read_manifest
from workplan_extract.cli import app

runner = CliRunner()


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[None]:
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_full_disk_stops_with_one_line_keeps_outputs_and_resume_finishes(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    make_copies(inputs, 12)  # about 35 KB of JSON each: 12 never fit in 160 KB
    out = tmp_path / "out"
    with tmpfs(out, "160k"):
        args = ["batch", str(inputs), "-o", str(out), "-j", "2"]
        full = runner.invoke(app, args)

        assert full.exit_code == 1, full.output
        assert "Traceback" not in full.output
        errors = [line for line in full.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1, full.stderr
        assert "No space left on device" in errors[0]

        # Every output present is whole (no temp file, no torn JSON); every document the
        # manifest calls done has its output.
        outputs = sorted(out.rglob("*.json"))
        assert 0 < len(outputs) < 12
        for path in outputs:
            assert json.loads(path.read_text("utf-8"))["items"]
        assert not [p for p in out.rglob("*.tmp")]
        done = [e for e in read_manifest(out / "manifest.jsonl") if e.status == "done"]
        for entry in done:
            assert entry.output is not None and (out / entry.output).is_file()
        # Outputs not yet in the manifest (their group's manifest line met the full disk) are
        # redone on --resume by design; outputs the manifest calls done must not be.
        written = {(out / e.output): (out / e.output).stat().st_mtime_ns for e in done if e.output}

        # Room again (a remount keeps the files): the rest is done, those done not redone.
        subprocess.run(["mount", "-o", "remount,size=4m", str(out)], check=True)
        resumed = runner.invoke(app, [*args, "--resume"])
        assert resumed.exit_code == 0, resumed.output
        entries = list(read_manifest(out / "manifest.jsonl"))
        assert sorted(e.file for e in entries if e.status == "done") == sorted(
            str(p) for p in inputs.iterdir()
        )
        assert len([e for e in entries if e.status == "done"]) == 12
        assert len(sorted(out.rglob("*.json"))) == 12
        assert {path: path.stat().st_mtime_ns for path in written} == written
