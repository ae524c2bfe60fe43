"""Format detection by content: Word packages found as Word finds them, text in any UTF."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from workplan_extract import extract
from workplan_extract.errors import CorruptDocument, EncryptedDocument, UnsupportedFormat
from workplan_extract.formats import FormatName, detect, text_encoding
from workplan_extract.readers.docx import read_docx

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(ROOT / "scripts"))
from corpus_files import renamed_main_docx, sample_parts, zip_of  # noqa: E402


@pytest.mark.parametrize("folder", ["word2", "content"])
def test_main_part_found_through_the_package_relationships(folder: str) -> None:
    data = renamed_main_docx(folder)
    assert detect(data, "plan.docx").format == "docx"
    sample = read_docx((SAMPLES / "lscb-workplan-2007-08.docx").read_bytes(), "x.docx")
    moved = read_docx(data, "x.docx")
    # The same document, styles and list numbering included (they moved with it).
    assert moved.blocks == sample.blocks


def test_main_part_named_but_missing_is_corrupt() -> None:
    parts = sample_parts()
    del parts["word/document.xml"]
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"word/document.xml", b"main.xml")
    with pytest.raises(CorruptDocument, match=r"names main\.xml as its main part"):
        detect(zip_of(parts), "x.docx")


def test_a_workbook_package_is_not_taken_for_word() -> None:
    parts = {
        "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        b"</Relationships>",
        "xl/workbook.xml": b"<workbook/>",
    }
    assert detect(zip_of(parts), "x.docx").format == "xlsx"
    # Moved elsewhere, a workbook's main part is still no Word document.
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"xl/workbook.xml", b"book/main.xml")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"/xl/workbook.xml", b"/book/main.xml"
    )
    parts["book/main.xml"] = parts.pop("xl/workbook.xml")
    with pytest.raises(UnsupportedFormat):
        detect(zip_of(parts), "x.docx")


TXT = (SAMPLES / "lcpc-workplan-2004.txt").read_text("utf-8")


@pytest.mark.parametrize(
    ("encoding", "told"),
    [
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("utf-32", "utf-32"),
        ("utf-32-le", "utf-32-le"),
        ("utf-32-be", "utf-32-be"),
    ],
)
def test_utf16_and_utf32_with_or_without_a_bom_read_alike(
    tmp_path: Path, encoding: str, told: str
) -> None:
    data = TXT.encode(encoding)
    assert text_encoding(data[:1024]) == told
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    doc = extract(path)
    expected = extract(SAMPLES / "lcpc-workplan-2004.txt")
    assert [i.model_dump(exclude={"location"}) for i in doc.items] == [
        i.model_dump(exclude={"location"}) for i in expected.items
    ]
    notes = [w.message for w in doc.warnings if w.code == "source.note"]
    bom = encoding in ("utf-16", "utf-32")
    assert notes == ([] if bom else [f"text has no byte-order mark; read as {told.upper()}"])


def test_utf16_of_another_script_is_refused_as_unsupported_not_binary() -> None:
    # Without a mark and without Latin letters the zero bytes say nothing: not read, and
    # refused as a format, not called binary or damaged.
    data = ("工作计划 " * 200).encode("utf-16-le")
    with pytest.raises(UnsupportedFormat, match="unsupported format"):
        detect(data, "x.txt")


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=8))
def test_ascii_text_in_any_utf_is_told(text: str) -> None:
    for encoding in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        assert text_encoding(text.encode(encoding)[:1024]) == encoding
    assert text_encoding(text.encode("utf-8")) is None


@given(st.binary(min_size=0, max_size=2048))
@example(b"\x89PNG\r\n\x1a\n")  # a page image: the rare draw that failed a list of six formats
def test_detect_any_bytes_gives_a_format_or_our_error(data: bytes) -> None:
    with contextlib.suppress(UnsupportedFormat, CorruptDocument, EncryptedDocument):
        assert detect(data, "x").format in get_args(FormatName)
