"""``workplan-extract batch``: exit codes, summary, and surviving SIGKILL with --resume."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import make_copies
from workplan_extract.batch import read_manifest
from workplan_extract.cli import app

runner = CliRunner()
SRC = Path(__file__).resolve().parents[2] / "src"


def children(pid: int) -> list[int]:
    """Pids of the live children of a process, read from /proc (Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def descendants(pid: int) -> list[int]:
    """Pids of the live descendants of a process: the fork server and the workers it forked."""
    found = children(pid)
    for child in list(found):
        found.extend(descendants(child))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_failures_exit_1_with_a_summary_and_errors_csv(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(mixed), "-o", str(out), "-j", "1"])
    assert result.exit_code == 1, result.output
    assert "6 files, 3 done, 3 failed" in result.stderr
    assert f"errors: {out / 'errors.csv'}" in result.stderr
    assert result.stdout == ""
    assert len((out / "errors.csv").read_text(encoding="utf-8-sig").splitlines()) == 1 + 3


def test_all_good_exits_0_and_a_second_run_needs_resume(tmp_path: Path) -> None:
    make_copies(tmp_path / "in", 2)
    out = tmp_path / "out"
    args = ["batch", str(tmp_path / "in"), "-o", str(out), "-j", "1"]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "--resume" in again.stderr
    resumed = runner.invoke(app, [*args, "--resume"])
    assert resumed.exit_code == 0 and "2 skipped" in resumed.stderr


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(tmp_path), "-o", str(tmp_path / "o"), "-j", "0"])
    assert result.exit_code == 2
    result = runner.invoke(
        app, ["batch", str(tmp_path), "-o", str(tmp_path / "o"), "--max-memory", "lots"]
    )
    assert result.exit_code == 2


def test_killed_with_sigkill_then_resumed_finishes_without_redoing_work(tmp_path: Path) -> None:
    files = make_copies(tmp_path / "in", 80)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "workplan_extract", "batch", str(tmp_path / "in")]
    command += ["-o", str(out), "-j", "2"]
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen(command, env=env, start_new_session=True, stderr=subprocess.DEVNULL)
    manifest = out / "manifest.jsonl"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if manifest.exists() and manifest.read_bytes().count(b"\n") >= 15:
                break
            time.sleep(0.01)
        workers = descendants(proc.pid)
        # The fork server and at least one worker forked from it.
        assert len(workers) >= 2 or not Path("/proc/self/stat").exists()
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    # Workers live in sessions of their own (so a timeout can kill their process group), forked
    # by a fork server in yet another; they must still not outlive a parent killed outright.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if alive(pid)]
    before = {e.file for e in read_manifest(manifest)}
    assert 15 <= len(before) < len(files), "the batch should have been killed halfway"

    resumed = subprocess.run(
        [*command, "--resume"], env=env, capture_output=True, text=True, timeout=120
    )
    assert resumed.returncode == 0, resumed.stderr
    entries = list(read_manifest(manifest))
    # Every file exactly once: nothing finished before the kill was recorded again.
    assert sorted(e.file for e in entries) == sorted(str(f) for f in files)
    assert all(e.status == "done" for e in entries)
    assert f"{len(before)} skipped" in resumed.stderr
    # No temp file left by an interrupted atomic write, and every output is whole JSON.
    outputs = sorted(p.name for p in out.iterdir() if p.suffix == ".json")
    assert outputs == sorted(f"{f.name}.json" for f in files)
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    for name in outputs:
        json.loads((out / name).read_text(encoding="utf-8"))


def test_batch_and_check_have_help_and_help_stays_light() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from workplan_extract.cli import app\n"
        "for name in ('batch', 'check'):\n"
        "    result = CliRunner().invoke(app, [name, '--help'])\n"
        "    assert result.exit_code == 0 and len(result.stdout) > 200, result.output\n"
        "heavy = ('dask', 'distributed', 'rich.progress', 'pdfplumber', 'lxml', 'sqlite3')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_the_progress_line_is_redrawn_a_few_times_a_second_not_per_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workplan_extract.batch import BatchEvent
    from workplan_extract.batch.manifest import ManifestEntry
    from workplan_extract.cli.batch import _Progress

    progress = _Progress()
    calls: list[dict[str, object]] = []
    original = progress._progress.update

    def counting(task: Any, **fields: Any) -> None:
        calls.append(fields)
        original(task, **fields)

    monkeypatch.setattr(progress._progress, "update", counting)
    entry = ManifestEntry(file="a.txt", sha256="0" * 64, size=1, status="done")
    try:
        for _ in range(2000):
            progress.update(BatchEvent("done", entry))
    finally:
        progress.stop()
    assert progress._counts["done"] == 2000
    assert 1 <= len(calls) <= 5
