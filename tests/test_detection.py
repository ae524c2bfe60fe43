"""Format detection by content: spreadsheets, web pages and CSV files, and the text dumps they
must not take."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from workplan_extract.errors import CorruptDocument, EncryptedDocument, UnsupportedFormat
from workplan_extract.formats import Detected, detect

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def zip_of(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


def ole2_with_stream(name: str, at: int = 1024) -> bytes:
    """An OLE2 file with one directory entry named ``name`` at offset ``at``."""
    encoded = (name + "\0").encode("utf-16-le")
    entry = encoded.ljust(64, b"\0") + len(encoded).to_bytes(2, "little") + bytes(62)
    data = bytearray(OLE2 + bytes(4096))
    data[at : at + 128] = entry
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("lcpc-workplan-2004.txt", "txt"),
        ("lscb-workplan-2007-08.txt", "txt"),
        ("lcpc-workplan-2004.xlsx", "xlsx"),
        ("lcpc-workplan-2004.csv", "csv"),
        ("lscb-workplan-2007-08.csv", "csv"),
        ("lcpc-workplan-2004.html", "html"),
        ("cypp-action-plan-2009-10.html", "html"),
        ("lscb-business-plan-2012-13.xlsx", "xlsx"),
    ],
)
def test_samples_are_detected_by_content_whatever_their_name(name: str, expected: str) -> None:
    data = (SAMPLES / name).read_bytes()
    assert detect(data, name) == Detected(expected)  # type: ignore[arg-type]
    assert detect(data, "renamed.bin").format == expected


def test_the_seed_dumps_stay_text_even_when_named_csv_or_tsv() -> None:
    """A text dump is never sniffed as CSV or TSV; only a .csv name makes it one (the name
    breaks the tie between the two plain-text formats), and the mislabelling is reported."""
    data = (SAMPLES / "lcpc-workplan-2004.txt").read_bytes()
    assert detect(data, "plan.txt") == Detected("txt")
    assert detect(data, "plan.csv") == Detected("csv")
    assert detect(data, "plan.docx") == Detected("txt", "docx")


def test_mislabelled_spreadsheets_and_pages_are_read_as_what_they_are() -> None:
    xlsx = (SAMPLES / "lcpc-workplan-2004.xlsx").read_bytes()
    page = (SAMPLES / "lcpc-workplan-2004.html").read_bytes()
    assert detect(xlsx, "plan.docx") == Detected("xlsx", "docx")
    assert detect(page, "plan.txt") == Detected("html", "txt")
    assert detect((SAMPLES / "lcpc-workplan-2004.docx").read_bytes(), "x.xlsx") == Detected(
        "docx", "xlsx"
    )


def test_excel_97_and_opendocument_spreadsheets() -> None:
    assert detect(ole2_with_stream("Workbook"), "x.bin").format == "xls"
    assert detect(ole2_with_stream("Book", at=512 + 128 * 3), "x.bin").format == "xls"
    ods = zip_of(mimetype=b"application/vnd.oasis.opendocument.spreadsheet", content_xml=b"<x/>")
    assert detect(ods, "x.ods").format == "ods"


def test_a_stream_name_in_the_text_is_not_a_directory_entry() -> None:
    # "Workbook" in a PowerPoint's text, not at a 128-byte boundary of the directory.
    data = OLE2 + bytes(1000) + "Workbook\0".encode("utf-16-le") + bytes(3000)
    with pytest.raises(UnsupportedFormat, match="no WordDocument or Workbook stream"):
        detect(data, "slides.ppt")


def test_zips_that_are_half_a_workbook_or_a_binary_workbook() -> None:
    with pytest.raises(CorruptDocument, match=r"no xl/workbook\.xml"):
        detect(zip_of(xl__worksheets__sheet1_xml=b"<x/>"), "x.xlsx")
    with pytest.raises(UnsupportedFormat, match=r"binary workbook \(\.xlsb\)"):
        detect(zip_of(**{"xl__workbook.bin": b"\0"}), "x.xlsb")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ref,Action,Lead\n1,Audit,ALG\n2,Train,MPS\n", "csv"),
        ("Ref;Action\n1;Audit\n2;Train\n3;Report\n4;Review\n", "csv"),
        ("Ref;Action\n1;Audit\n2;Train\n", "txt"),  # two columns need five records
        ("Ref\tAction\tLead\n1\tAudit\tALG\n2\tTrain\tMPS\n", "csv"),
        ('Ref,Action,Lead\n1,"Audit,\nand report",ALG\n2,Train,MPS\n', "csv"),
        ("Workplan 2004\n\n\tItem\n\tActivity\n\t1\n\tAudit, review\n", "txt"),
        (
            "Workplan 2004, London\nA mission statement, in prose.\nNo table, here or there.\n",
            "txt",
        ),
        ("<!DOCTYPE html>\n<html><body><p>x</p></body></html>", "html"),
        ('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"></html>', "html"),
        ("  <table><tr><td>1</td></tr></table>", "html"),
        ("Minutes of the meeting <b>held</b> on 1 May", "txt"),
    ],
)
def test_text_kinds(text: str, expected: str) -> None:
    assert detect(text.encode("utf-8"), "x").format == expected


def test_an_html_name_lets_a_fragment_that_opens_with_text_be_a_page() -> None:
    data = b"Agenda item 7\n<table><tr><td>Ref</td><td>Action</td></tr></table>"
    assert detect(data, "x.txt").format == "txt"
    assert detect(data, "item7.htm") == Detected("html")


def _zip_with_damaged(member: str, text: bytes, *, encrypted: bool = False) -> bytes:
    """A ZIP whose ``member`` is deflated and then damaged, or flagged as encrypted."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, text)
        archive.writestr("content.xml", b"<x/>")
    data = bytearray(buffer.getvalue())
    header = data.index(b"PK\x03\x04")
    name_len, extra_len = struct.unpack_from("<HH", data, header + 26)
    start = header + 30 + name_len + extra_len
    if encrypted:
        for sig in (b"PK\x03\x04", b"PK\x01\x02"):
            at = data.index(sig)
            flag_at = at + (6 if sig == b"PK\x03\x04" else 8)
            struct.pack_into("<H", data, flag_at, struct.unpack_from("<H", data, flag_at)[0] | 1)
    else:
        data[start : start + 4] = b"\xff\xff\xff\xff"
    return bytes(data)


@pytest.mark.parametrize(
    ("member", "error"),
    [("mimetype", CorruptDocument), ("_rels/.rels", CorruptDocument)],
)
def test_a_damaged_member_in_a_package_is_corrupt(member: str, error: type[Exception]) -> None:
    data = _zip_with_damaged(member, b"application/vnd.oasis.opendocument.text" * 4)
    with pytest.raises(error, match="corrupt ZIP container"):
        detect(data, "plan.odt")


def test_a_member_encrypted_in_the_zip_is_an_encrypted_document() -> None:
    data = _zip_with_damaged("mimetype", b"application/vnd.oasis.opendocument.text", encrypted=True)
    with pytest.raises(EncryptedDocument, match="encrypted ZIP container"):
        detect(data, "plan.odt")
