"""Every seed reads the same from its .txt, .docx, .pdf, .doc, .xlsx, .csv and .html.

What a format cannot know is left out of the comparison, and said here: page numbers exist only
in PDFs (``location.page``), and the table/row indexes in ``location`` follow each format's own
structure (a text dump has no row marks; a PDF repeats header rows on every page; a worksheet
and a CSV file count the title rows above the table).
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest

from workplan_extract import extract

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEEDS = ["lcpc-workplan-2004", "lscb-workplan-2007-08"]
FORMATS = [
    "docx",
    "pdf",
    "xlsx",
    "csv",
    "html",
    pytest.param(
        "doc",
        marks=pytest.mark.skipif(
            shutil.which("soffice") is None,
            reason="reading .doc needs LibreOffice: apt-get install libreoffice-writer-nogui",
        ),
    ),
]


@functools.cache
def _comparable(path: Path) -> tuple[object, ...]:
    doc = extract(path)
    items = [i.model_dump(mode="json", exclude={"location"}) for i in doc.items]
    return doc.title, doc.reference, doc.preamble, [c.field for c in doc.columns], items


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_same_items_as_the_text_dump(seed: str, fmt: str) -> None:
    expected = _comparable(SAMPLES / f"{seed}.txt")
    got = _comparable(SAMPLES / f"{seed}.{fmt}")
    assert got[:4] == expected[:4]
    for want, have in zip(expected[4], got[4], strict=True):  # type: ignore[call-overload]
        assert have == want


@pytest.mark.parametrize("seed", SEEDS)
def test_pdf_items_know_their_pages(seed: str) -> None:
    pdf = extract(SAMPLES / f"{seed}.pdf")
    assert all(i.location.page is not None for i in pdf.items)
    for fmt in ("txt", "docx"):
        assert all(i.location.page is None for i in extract(SAMPLES / f"{seed}.{fmt}").items)
