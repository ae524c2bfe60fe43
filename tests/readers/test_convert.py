"""LibreOffice conversion of .doc, .odt and .rtf (conversion tests need soffice)."""

from __future__ import annotations

import io
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest

from workplan_extract import WorkplanDocument, extract
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
def test_doc_sample_is_converted_and_records_the_converter(
    sample_record: Callable[[str], WorkplanDocument],
) -> None:
    doc = sample_record("lcpc-workplan-2004.doc")
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
    started: list[int] = []
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


def _uk_profile(folder: Path) -> str:
    """A LibreOffice profile whose locale is English (UK), as the converter's."""
    from workplan_extract.readers.convert import _UK_LOCALE

    settings = folder / "profile" / "user" / "registrymodifications.xcu"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(_UK_LOCALE, encoding="utf-8")
    return (folder / "profile").as_uri()


@needs_soffice
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_xls_and_ods_give_the_items_of_the_xlsx(tmp_path: Path, fmt: str) -> None:
    """The tracker sample saved as .xls and .ods (by LibreOffice, in a UK locale as a UK user's
    Excel would) reads back item for item: merges, hidden parts and formulas survive."""
    source = SAMPLES / "lscb-business-plan-2012-13.xlsx"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={_uk_profile(tmp_path)}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    doc = extract(tmp_path / f"{source.stem}.{fmt}")
    expected = extract(source)
    assert doc.source.format == fmt
    assert doc.source.converted_with is not None
    assert (doc.title, doc.preamble) == (expected.title, expected.preamble)
    assert [i.model_dump(exclude={"location"}) for i in doc.items] == [
        i.model_dump(exclude={"location"}) for i in expected.items
    ]
    notes = [w.message for w in doc.warnings if w.code == "source.note"]
    assert notes == [w.message for w in expected.warnings if w.code == "source.note"]


def _ods_with_locale_date(day: str) -> bytes:
    """An .ods whose date cell uses the locale's own date order (``format-source="language"``),
    as the "short date" of a spreadsheet does."""
    import zipfile

    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"'
    )

    def cell(text: str) -> str:
        return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'

    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        '<office:automatic-styles><number:date-style style:name="N37" '
        'number:automatic-order="true" number:format-source="language"><number:month/>'
        "<number:text>/</number:text><number:day/><number:text>/</number:text><number:year/>"
        '</number:date-style><style:style style:name="ce1" style:family="table-cell" '
        'style:data-style-name="N37"/></office:automatic-styles><office:body><office:spreadsheet>'
        '<table:table table:name="Plan"><table:table-row>'
        + "".join(cell(t) for t in ("Ref", "Action", "Lead", "Target date"))
        + "</table:table-row><table:table-row>"
        + "".join(cell(t) for t in ("1", "Audit", "ALG"))
        + f'<table:table-cell table:style-name="ce1" office:value-type="date" '
        f'office:date-value="{day}"><text:p>{day}</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@needs_soffice
def test_a_locale_date_is_read_day_first() -> None:
    """5 April 2013 in the locale's short-date order: "05/04/13" in a UK locale. In LibreOffice's
    default (US) locale it would read "4/5/13", which a UK reader takes as 4 May."""
    doc = read_converted(_ods_with_locale_date("2013-04-05"), "plan.ods")
    table = next(doc.tables())
    assert [c.text for c in table.rows[1].cells] == ["1", "Audit", "ALG", "05/04/13"]


@needs_soffice
def test_damaged_xls_fails_with_one_line() -> None:
    entry = "Workbook\0".encode("utf-16-le")
    entry = entry.ljust(64, b"\0") + len(entry).to_bytes(2, "little") + bytes(62)
    data = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    data[1024 : 1024 + 128] = entry
    with pytest.raises(ConversionFailed, match=r"LibreOffice wrote no \.xlsx"):
        read_converted(bytes(data), "x.xls")
