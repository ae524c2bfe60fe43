"""PDFs that cannot be read, or read with a doubt: one line in our words, the right code."""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

import pytest

from workplan_extract.errors import CorruptDocument, EncryptedDocument, WorkplanError
from workplan_extract.readers.pdf import read_pdf

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "lcpc-workplan-2004.pdf"
sys.path.insert(0, str(ROOT / "scripts"))
from corpus_files import (  # noqa: E402  (scripts/ is not a package)
    blank_pdf,
    cut_update_pdf,
    damaged_tree_pdf,
    filtered_text_pdf,
    padded_pdf,
)

OPS = b"BT /F1 12 Tf 72 720 Td (Workplan 2004) Tj ET"


def _tables(data: bytes) -> int:
    return len(list(read_pdf(data, "x.pdf").tables()))


@pytest.mark.parametrize(
    "padding",
    [bytes(4096), b"\r\n" * 3000, b"\r\n-- \r\nScanned by the mail gateway.\r\n" * 80],
    ids=["nuls", "newlines", "mail-footer"],
)
def test_bytes_after_eof_are_not_truncation(padding: bytes) -> None:
    assert _tables(padded_pdf(padding)) == _tables(SAMPLE.read_bytes()) == 1


def test_an_update_cut_short_is_truncation() -> None:
    with pytest.raises(CorruptDocument, match=r"^truncated PDF: the last update of the file"):
        read_pdf(cut_update_pdf(), "x.pdf")


def test_no_eof_anywhere_is_truncation() -> None:
    data = SAMPLE.read_bytes()
    with pytest.raises(CorruptDocument, match=r"^truncated PDF: the file does not end with"):
        read_pdf(data[: data.find(b"%%EOF")], "x.pdf")


@pytest.mark.parametrize(
    ("filters", "data", "error", "message"),
    [
        (
            b"/Filter /LZWDecode ",
            b"\xff\xff\xff\xff",
            CorruptDocument,
            "damaged PDF: a compressed stream in page 1 is damaged and cannot be decompressed "
            "(/LZWDecode)",
        ),
        (
            b"/Filter /ASCII85Decode ",
            b"\x00\x01zz~>",
            CorruptDocument,
            "damaged PDF: a compressed stream in page 1 is damaged and cannot be decompressed "
            "(/ASCII85Decode)",
        ),
        (
            b"/Filter /Foo ",
            OPS,
            CorruptDocument,
            "damaged PDF: page 1 has a stream compressed in a way that cannot be read (/Foo)",
        ),
        (
            b"/Filter /Crypt ",
            OPS,
            EncryptedDocument,
            "encrypted PDF: page 1 uses per-stream encryption (a /Crypt filter), which is not "
            "supported",
        ),
        (
            b"/Filter /FlateDecode ",
            b"\x01\x02 not deflate",
            CorruptDocument,
            "damaged PDF: the content of page 1 cannot be decompressed (/FlateDecode), so no "
            "text could be read",
        ),
    ],
    ids=["lzw", "ascii85", "unknown-filter", "crypt", "flate"],
)
def test_stream_errors_in_our_words(
    filters: bytes, data: bytes, error: type[WorkplanError], message: str
) -> None:
    with pytest.raises(error) as caught:
        read_pdf(filtered_text_pdf(filters, data), "x.pdf")
    assert caught.value.message == message


def test_a_good_stream_under_the_same_filter_reads() -> None:
    doc = read_pdf(filtered_text_pdf(b"/Filter /FlateDecode ", zlib.compress(OPS)), "x.pdf")
    assert [getattr(b, "text", None) for b in doc.blocks] == ["Workplan 2004"]


def test_no_pdfminer_words_reach_the_user() -> None:
    """The messages pdfminer would have shown ("list index out of range", "Non-Ascii85 digit
    found", "Unsupported filter: /'Foo'") are never part of ours."""
    for filters, data in (
        (b"/Filter /LZWDecode ", b"\xff\xff\xff\xff"),
        (b"/Filter /ASCII85Decode ", b"\x00\x01zz~>"),
        (b"/Filter /Foo ", OPS),
    ):
        with pytest.raises(WorkplanError) as caught:
            read_pdf(filtered_text_pdf(filters, data), "x.pdf")
        text = caught.value.message
        for theirs in ("list index", "Non-Ascii85", "Unsupported filter", "'"):
            assert theirs not in text
        assert text.isprintable()


def test_blank_pages_have_no_text_and_are_not_a_scan() -> None:
    with pytest.raises(WorkplanError) as caught:
        read_pdf(blank_pdf(3), "x.pdf")
    assert (caught.value.code, caught.value.message) == (
        "no-workplan-table",
        "no text on any page: the PDF has no text and no images",
    )


def test_a_damaged_structure_tree_is_noted_not_dropped_silently() -> None:
    doc = read_pdf(damaged_tree_pdf(SAMPLE), "x.pdf")
    assert doc.notes == [
        "the PDF's structure tree (tags) is damaged and was not used; paragraphs were found "
        "from the layout"
    ]
    # The pages are still read: the same table, cell for cell, as from the intact file.
    intact = read_pdf(SAMPLE.read_bytes(), "x.pdf")
    [ours], [theirs] = list(doc.tables()), list(intact.tables())
    assert [[c.text for c in r.cells] for r in ours.rows] == [
        [c.text for c in r.cells] for r in theirs.rows
    ]
