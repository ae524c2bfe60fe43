"""``workplan-extract batch``: exit codes, summary, and surviving SIGKILL with --resume."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from conftest import LCPC, make_copies, variant
from workplan_extract.batch import BatchEvent, read_manifest
from workplan_extract.batch.manifest import ManifestEntry
from workplan_extract.cli import app
from workplan_extract.cli.progress import Progress, _Line

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


def _entry(name: str = "a.txt") -> ManifestEntry:
    return ManifestEntry(file=name, sha256="0" * 64, size=1, status="done")


def test_sigterm_stops_like_ctrl_c_with_one_line_and_resume_finishes(tmp_path: Path) -> None:
    """Before, SIGTERM killed the batch outright and each worker printed a
    ConnectionResetError traceback; now it stops cleanly, says how to go on, and --resume
    finishes the job."""
    files = make_copies(tmp_path / "in", 80)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "workplan_extract", "batch", str(tmp_path / "in")]
    command += ["-o", str(out), "-j", "2"]
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    manifest = out / "manifest.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and manifest.read_bytes().count(b"\n") >= 10:
            break
        time.sleep(0.01)
    workers = descendants(proc.pid)
    proc.send_signal(signal.SIGTERM)
    _out, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, stderr
    lines = [line for line in stderr.splitlines() if not line.startswith("progress: ")]
    assert lines == [f"stopped by SIGTERM: rerun with --resume -o {out} to continue"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if alive(pid)]
    done = {e.file for e in read_manifest(manifest)}
    assert 10 <= len(done) < len(files)
    resumed = subprocess.run(
        [*command, "--resume"], env=env, capture_output=True, text=True, timeout=120
    )
    assert resumed.returncode == 0, resumed.stderr
    assert sorted(e.file for e in read_manifest(manifest)) == sorted(str(f) for f in files)


def test_progress_counts_every_event_and_renders_on_a_timer() -> None:
    """Events only bump counters, so the shown counts are always the latest (before, events
    within a tenth of a second of the last redraw were dropped: the line stuck)."""
    progress = Progress(live=False, stream=io.StringIO())
    try:
        for _ in range(2000):
            progress.update(BatchEvent("done", _entry()))
        progress.update(BatchEvent("failed", _entry()))
        progress.update(BatchEvent("skipped", _entry()))
        assert progress.processed == 2002
        assert progress.text().startswith("2,002 files, 1 failed, 1 done before, ")
        progress.set_total(4004)
        rate = progress.rate()
        text = progress.text()
        assert text.startswith("2,002/4,004 files (50%), 1 failed, 1 done before, ")
        eta = progress.eta()
        assert eta is not None and rate > 0
        assert abs(eta - 2002 / rate) / eta < 0.5  # measured a moment apart
        assert "ETA 0:" in text
    finally:
        progress.stop()


def test_plain_progress_lines_come_every_tenth_or_every_30_seconds() -> None:
    stream = io.StringIO()
    progress = Progress(live=False, stream=stream)
    progress.stop()  # drive it by hand, with a clock of our own
    start = progress.started
    assert not progress.due(start + 29)
    assert progress.due(start + 30)  # nothing known of the total: every 30 s
    progress.set_total(100)
    for _ in range(9):
        progress.update(BatchEvent("done", _entry()))
    assert not progress.due(start + 1)
    progress.update(BatchEvent("done", _entry()))
    assert progress.due(start + 1)  # a tenth of the way


def test_the_live_line_shows_a_bar_counts_rate_and_eta() -> None:
    from rich.console import Console

    progress = Progress(live=False, stream=io.StringIO())
    progress.stop()
    progress.set_total(8)
    for _ in range(2):
        progress.update(BatchEvent("done", _entry()))
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(_Line(progress))
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "2/8 files (25%)" in shown and "files/s" in shown and "ETA" in shown
    assert "━" in shown  # the bar


def test_batch_and_extract_help_agree(tmp_path: Path) -> None:
    """--strict on both; the limits (with --timeout and --max-memory) in one panel of both;
    choices and defaults shown; no Python type labels."""
    texts = {}
    for command in ("extract", "batch"):
        result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0
        texts[command] = result.stdout
        assert "<bool>" not in result.stdout and "<list[" not in result.stdout
        assert "json|jsonl|csv|tables" in result.stdout and "[default: json]" in result.stdout
        assert "--strict" in result.stdout

    def limits_panel(text: str) -> list[str]:
        panel = text.split("─ Limits ─", 1)[1].split("╰", 1)[0]
        return [line.split()[1] for line in panel.splitlines() if line.startswith("│ --")]

    assert limits_panel(texts["extract"]) == limits_panel(texts["batch"])
    assert limits_panel(texts["batch"])[:3] == ["--timeout", "--max-memory", "--max-file-size"]
    bad = runner.invoke(
        app,
        ["batch", str(tmp_path), "-o", str(tmp_path / "o"), "-f", "xml"],
        env={"COLUMNS": "300"},
    )
    assert bad.exit_code == 2
    # Before: "unknown output format 'xml': choose one of ('json', 'jsonl', 'csv', 'tables')".
    assert "'xml' is not one of 'json', 'jsonl', 'csv', 'tables'." in bad.stderr


def test_strict_batch_exits_1_on_warnings_and_lists_them(tmp_path: Path) -> None:
    make_copies(tmp_path / "in", 2)  # the seeds have unmatched parties: warnings
    args = ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1"]
    plain = runner.invoke(app, args)
    assert plain.exit_code == 0, plain.output
    strict = runner.invoke(app, [*args, "--resume", "--strict"])
    assert strict.exit_code == 1
    assert "2 with warnings (--strict)" in strict.stderr
    rows = (tmp_path / "out" / "errors.csv").read_text("utf-8").splitlines()
    assert len(rows) == 3 and all(",warnings," in row for row in rows[1:])


def test_debug_brings_the_workers_traceback_back(tmp_path: Path) -> None:
    """Before, --debug showed a worker's failure without its traceback unless --timeout 0."""
    variant(LCPC, tmp_path / "in" / "a.docx", 0)
    (tmp_path / "in" / "a.docx").write_bytes(b"PK\x03\x04garbage")
    result = runner.invoke(
        app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1", "--debug"]
    )
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "CorruptDocument" in result.stderr
    path = tmp_path / "in" / "a.docx"
    assert f"error: {path}: corrupt ZIP container" in result.stderr
