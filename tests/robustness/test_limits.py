"""Each limit refuses what is over it, in little memory; time and memory limits
stop a worker; a full disk is one clear line that leaves earlier outputs intact."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workplan_extract import Settings, extract
from workplan_extract.cli import app
from workplan_extract.errors import Timeout, TooLarge, WorkerDied
from workplan_extract.isolation import extract_isolated

from .conftest import ROOT, load_corpus_script

SAMPLES = ROOT / "samples"
DOCX = SAMPLES / "lscb-workplan-2007-08.docx"
TXT = SAMPLES / "lcpc-workplan-2004.txt"
PDF = SAMPLES / "lcpc-workplan-2004.pdf"
XLSX = SAMPLES / "lscb-business-plan-2012-13.xlsx"
CSV = SAMPLES / "lscb-workplan-2007-08.csv"
HTML = SAMPLES / "cypp-action-plan-2009-10.html"
GIB = 1 << 30


@pytest.fixture(scope="module", params=["zip-bomb-1gib.docx", "zip-bomb-1gib.xlsx"])
def bomb(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """A .docx whose document.xml (an .xlsx whose sheet1.xml) inflates to 1 GiB of zeros
    (about 1 MB on disk)."""
    name: str = request.param
    folder = tmp_path_factory.mktemp("bomb")
    load_corpus_script().build(folder, {name})
    path = folder / name
    assert path.stat().st_size < 2 * 1024 * 1024
    return path


def test_zip_bomb_refused_small(bomb: Path) -> None:
    """In a fresh process: refused with too-large; the peak RSS of the whole process
    (interpreter and imports included) stays far below the bomb's 1 GiB. (How fast it is
    refused is measured by ``benchmarks/readers_bench.py``, not asserted here.)"""
    probe = textwrap.dedent(
        """
        import json, sys
        from workplan_extract import extract, WorkplanError
        try:
            extract(sys.argv[1])
            code = "ok"
        except WorkplanError as exc:
            code = exc.code
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so a child of a big pytest
        # process would report the parent's peak.
        with open("/proc/self/status") as status:
            peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) * 1024
        print(json.dumps({"code": code, "peak": peak}))
        """
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    run = subprocess.run(
        [sys.executable, "-c", probe, str(bomb)], env=env, capture_output=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["code"] == "too-large", result
    # About 40 MB here: the bomb is never inflated.
    assert result["peak"] < 200 * 1024 * 1024, result


def test_zip_bomb_under_cli_memory_limit(bomb: Path) -> None:
    """Through the CLI's worker with a 1 GiB address-space limit: still too-large, no
    MemoryError and no killed worker (the bomb is never inflated)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    run = subprocess.run(
        [sys.executable, "-m", "workplan_extract", "extract", str(bomb), "--max-memory", "1G"],
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert run.stderr.decode().startswith(f"error: {bomb}: ZIP declares")


def test_bomb_refused_even_when_sizes_allow_it(bomb: Path) -> None:
    """With max_unzipped_size lifted, the compression ratio still refuses it."""
    with pytest.raises(TooLarge, match="max_zip_ratio"):
        extract(bomb, {"max_unzipped_size": 4 * GIB})


@pytest.mark.parametrize(
    ("source", "settings", "match"),
    [
        (TXT, {"max_file_size": 1000}, "max-file-size"),
        (DOCX, {"max_unzipped_size": 10_000}, "max_unzipped_size"),
        (DOCX, {"max_zip_entries": 5}, "max_zip_entries"),
        (DOCX, {"max_rows": 3}, "max_rows"),
        (DOCX, {"max_cells": 10}, "max_cells"),
        (PDF, {"max_pages": 2}, "max-pages"),
        (PDF, {"max_cells": 10}, "max_cells"),
        (TXT, {"max_cells": 10}, "max_cells"),
        (TXT, {"max_rows": 3}, "max_rows"),
        (XLSX, {"max_unzipped_size": 10_000}, "max_unzipped_size"),
        (XLSX, {"max_zip_entries": 5}, "max_zip_entries"),
        (XLSX, {"max_rows": 3}, "max_rows"),
        (XLSX, {"max_cells": 10}, "max_cells"),
        (XLSX, {"max_tables": 1}, "max_tables"),
        (CSV, {"max_rows": 3}, "max_rows"),
        (CSV, {"max_cells": 10}, "max_cells"),
        (HTML, {"max_rows": 3}, "max_rows"),
        (HTML, {"max_cells": 10}, "max_cells"),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else None,
)
def test_each_limit(source: Path, settings: dict[str, int], match: str) -> None:
    with pytest.raises(TooLarge, match=match):
        extract(source, settings)


def test_file_size_limit_on_a_stream() -> None:
    with pytest.raises(TooLarge):
        extract(io.BytesIO(TXT.read_bytes()), {"max_file_size": 100})


def test_limit_flags_reach_settings(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["extract", str(TXT), "--max-file-size", "1K", "--timeout", "0", "--max-memory", "none"],
    )
    assert result.exit_code == 1
    assert "over the 1,024-byte limit" in result.output


def test_conversion_timeout_flag_reaches_libreoffice(tmp_path: Path) -> None:
    """LibreOffice takes more than a second to start: a 0.3 s conversion limit stops it with
    the conversion's own message, whatever the per-file limit."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    rtf = tmp_path / "slow.rtf"
    rtf.write_bytes(b"{\\rtf1 hello}")
    result = CliRunner().invoke(
        app, ["extract", str(rtf), "--conversion-timeout", "0.3", "--timeout", "60"]
    )
    assert result.exit_code == 1
    assert "LibreOffice took longer than 0.3 s to convert the file" in result.output


def test_limit_flag_help_quotes_the_real_defaults() -> None:
    """The limit options are generated from ``limits.LIMITS``, whose defaults ``Settings``
    takes: the help of both commands shows what Settings says."""
    defaults = Settings()
    for command in ("extract", "batch"):
        result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "300"})
        text = " ".join(result.output.split())
        for field, shown in [
            ("max_file_size", "200M"),
            ("max_unzipped_size", "512M"),
            ("max_zip_ratio", "200.0"),
            ("max_zip_entries", "10000"),
            ("max_pages", "2000"),
            ("max_tables", "1000"),
            ("max_rows", "50000"),
            ("max_cells", "500000"),
            ("conversion_timeout", "120.0"),
        ]:
            value = getattr(defaults, field)
            expected = f"{value // (1024 * 1024)}M" if field.endswith("size") else str(value)
            assert shown == expected, field
            flag = "--" + field.replace("_", "-")
            assert re.search(rf"{flag} .*?\[default: {re.escape(shown)}\]", text), field


def test_timeout_kills_the_worker_and_its_soffice(tmp_path: Path) -> None:
    """LibreOffice takes more than a second to start: a 0.5 s limit kills the worker's whole
    process group, soffice included, and the file fails with timeout."""
    rtf = tmp_path / "slow.rtf"
    rtf.write_bytes(b"{\\rtf1 hello}")
    [(path, result)] = list(extract_isolated([rtf], {"timeout": 0.5}))
    assert path == str(rtf)
    assert isinstance(result, Timeout)
    assert str(result).startswith(f"{rtf}: took longer than the 0.5 s time limit")
    assert not _processes_mentioning(str(tmp_path))


def test_worker_out_of_memory_costs_one_file(tmp_path: Path) -> None:
    """A worker that cannot get the memory it needs (here: not even to start) fails its
    file with a code, and the next file gets a fresh worker."""
    results = list(extract_isolated([TXT], {"timeout": 60}, memory_limit=64 * 1024 * 1024))
    [(_, result)] = results
    assert isinstance(result, (WorkerDied, TooLarge)), result
    [(_, doc)] = list(extract_isolated([TXT], {"timeout": 60}))
    assert not isinstance(doc, Exception)
    assert doc.items


def test_isolated_matches_in_process() -> None:
    [(_, isolated)] = list(extract_isolated([TXT], {"timeout": 60}))
    assert not isinstance(isolated, Exception)
    assert isolated == extract(TXT)


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        with contextlib.suppress(OSError):
            cmdline = Path("/proc", pid, "cmdline").read_bytes().replace(b"\0", b" ")
            if text.encode() in cmdline:
                found.append(cmdline.decode(errors="replace"))
    return found


@contextlib.contextmanager
def _small_disk(folder: Path, size: str) -> Iterator[bool]:
    """A tmpfs of ``size`` mounted on ``folder`` when this process may mount (root in CI)."""
    folder.mkdir()
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
        ).returncode
        == 0
    )
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=True)


def test_disk_full_is_one_line_and_keeps_earlier_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = [SAMPLES / "lcpc-workplan-2004.txt", SAMPLES / "lscb-workplan-2007-08.txt"]
    out = tmp_path / "out"
    with _small_disk(out, "48k") as mounted:
        if not mounted:
            # No tmpfs here: make the second output's write fail as a full disk would.
            import errno

            from workplan_extract.writers import atomic

            calls = {"n": 0}
            real = atomic.AtomicFile.write

            def write(self: atomic.AtomicFile, data: bytes) -> None:
                calls["n"] += 1
                if calls["n"] == 2:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                real(self, data)

            monkeypatch.setattr(atomic.AtomicFile, "write", write)
        result = CliRunner().invoke(
            app,
            [
                "extract",
                *map(str, inputs),
                "-o",
                str(out),
                "--timeout",
                "0",
                "--max-memory",
                "none",
            ],
        )
        errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
        assert result.exit_code == 1
        assert len(errors) == 1, result.output
        assert "No space left on device" in errors[0]
        assert errors[0].startswith(f"error: {out / 'lscb-workplan-2007-08.txt.json'}: ")
        written = sorted(p.name for p in out.iterdir())
        assert written == ["lcpc-workplan-2004.txt.json"]  # and no temp file left behind
        first = json.loads((out / written[0]).read_text("utf-8"))
        assert first["source"]["filename"] == "lcpc-workplan-2004.txt"


def test_reading_docx_never_uses_python_docx_parser(tmp_path: Path) -> None:
    """python-docx 1.x parses with ``XMLParser(remove_blank_text=True, resolve_entities=False)``:
    entities are not expanded, but DTDs are still read and nothing refuses a DOCTYPE. The
    reader therefore never goes through it: it parses each part itself with ``ooxml.parse_xml``
    (DOCTYPE refused, DTD loading, network and entity resolution off, libxml2's size limits on).
    Proven in a fresh process: reading the sample and the entity attacks never imports ``docx``."""
    load_corpus_script().build(tmp_path, {"billion-laughs.docx", "external-entity.docx"})
    probe = textwrap.dedent(
        """
        import sys
        from workplan_extract import extract, WorkplanError
        for path in sys.argv[1:]:
            try:
                extract(path)
            except WorkplanError as exc:
                assert exc.code == "corrupt" and "DOCTYPE" in exc.message, exc
        assert "docx" not in sys.modules, "python-docx was imported"
        print("ok")
        """
    )
    paths = [
        str(DOCX),
        str(tmp_path / "billion-laughs.docx"),
        str(tmp_path / "external-entity.docx"),
    ]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    run = subprocess.run(
        [sys.executable, "-c", probe, *paths], env=env, capture_output=True, timeout=60
    )
    assert run.stdout.strip() == b"ok", run.stderr
