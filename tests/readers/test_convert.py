"""LibreOffice conversion of .doc, .odt and .rtf (conversion tests need soffice)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Any, ClassVar

import pytest

from workplan_extract import extract
from workplan_extract.errors import ConversionFailed, MissingProgram, Timeout
from workplan_extract.readers.convert import read_converted, soffice_version
from workplan_extract.settings import Settings

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)


def test_missing_soffice_names_the_program_and_the_fix() -> None:
    data = (SAMPLES / "lcpc-workplan-2004.doc").read_bytes()
    with pytest.raises(MissingProgram) as caught:
        read_converted(data, "x.doc", Settings(soffice="/nonexistent/soffice"))
    assert str(caught.value) == (
        "/nonexistent/soffice (LibreOffice) was not found: check the soffice setting, or "
        "install LibreOffice (e.g. apt-get install libreoffice-writer-nogui) "
        "or add the folder holding soffice to PATH"
    )


def test_soffice_not_on_path_says_what_to_install_not_an_option(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The CLI has no option naming the program: the message must not invent one.
    monkeypatch.setenv("PATH", "/nonexistent")
    data = (SAMPLES / "lcpc-workplan-2004.doc").read_bytes()
    with pytest.raises(MissingProgram) as caught:
        read_converted(data, "x.doc")
    message = str(caught.value)
    assert message == (
        "LibreOffice is needed for this format and soffice is not on PATH: install LibreOffice "
        "(e.g. apt-get install libreoffice-writer-nogui) or add the folder holding soffice to PATH"
    )
    assert "--" not in message


@needs_soffice
def test_doc_sample_is_converted_and_records_the_converter() -> None:
    doc = extract(SAMPLES / "lcpc-workplan-2004.doc")
    assert doc.source.format == "doc"
    assert doc.source.converted_with == soffice_version(shutil.which("soffice") or "")
    assert doc.source.converted_with is not None
    assert doc.source.converted_with.startswith("LibreOffice ")
    assert doc.source.converted_with.split()[1][0].isdigit()
    assert len(doc.items) == 12


@needs_soffice
@pytest.mark.parametrize("fmt", ["odt", "rtf"])
def test_odt_and_rtf(tmp_path: Path, fmt: str) -> None:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(tmp_path),
            str(SAMPLES / "lcpc-workplan-2004.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    doc = extract(tmp_path / f"lcpc-workplan-2004.{fmt}")
    expected = extract(SAMPLES / "lcpc-workplan-2004.txt")
    assert doc.source.format == fmt
    assert [i.model_dump(exclude={"location"}) for i in doc.items] == [
        i.model_dump(exclude={"location"}) for i in expected.items
    ]


@needs_soffice
def test_damaged_doc_fails_with_one_line(tmp_path: Path) -> None:
    # An OLE2 signature and a WordDocument stream name, and nothing LibreOffice can open.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(4000)
    with pytest.raises(ConversionFailed, match=r"LibreOffice wrote no \.docx"):
        read_converted(data, "x.doc")


class _RecordingPopen(subprocess.Popen):  # type: ignore[type-arg]
    """``Popen`` that remembers the processes it started (each leads its own group)."""

    started: ClassVar[list[int]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.started.append(self.pid)


def _live_members(group: int) -> list[int]:
    """Processes of process group ``group`` that are not zombies (a zombie has exited)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # exited while we looked
        # "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
        state, _ppid, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
        if int(pgrp) == group and state != "Z":
            found.append(int(entry.name))
    return found


@needs_soffice
def test_conversion_time_limit_kills_soffice(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (SAMPLES / "lscb-workplan-2007-08.doc").read_bytes()
    soffice_version(shutil.which("soffice") or "")  # cached: the limit applies to the conversion
    started: ClassVar[list[int]] = []
    monkeypatch.setattr(_RecordingPopen, "started", started)
    monkeypatch.setattr(subprocess, "Popen", _RecordingPopen)
    with pytest.raises(Timeout, match="conversion_timeout"):
        read_converted(data, "x.doc", Settings(conversion_timeout=0.5))
    # Only the process group this test started is checked: other LibreOffice processes on the
    # machine are none of its business. SIGKILL is delivered at once, but a process takes a
    # moment to become a zombie, so wait for that (bounded), without judging the time taken.
    [group] = started
    for _ in range(100):
        if not _live_members(group):
            break
        time.sleep(0.05)
    assert _live_members(group) == []
