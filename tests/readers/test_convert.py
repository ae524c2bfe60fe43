"""LibreOffice conversion of .doc, .odt and .rtf (conversion tests need soffice)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

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
        "/nonexistent/soffice (LibreOffice) is not installed: "
        "apt-get install libreoffice-writer-nogui, or pass --soffice PATH"
    )


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


@needs_soffice
def test_conversion_time_limit_kills_soffice(tmp_path: Path) -> None:
    data = (SAMPLES / "lscb-workplan-2007-08.doc").read_bytes()
    soffice_version(shutil.which("soffice") or "")  # cached: the limit applies to the conversion
    with pytest.raises(Timeout, match="conversion_timeout"):
        read_converted(data, "x.doc", Settings(conversion_timeout=0.05))
    leftover = subprocess.run(
        ["pgrep", "-f", "workplan-extract-.*input.doc"], capture_output=True, check=False
    )
    assert leftover.stdout == b""
