"""The structure-tree walk's own object reader: for every object it reads, exactly what
pdfminer's parser makes of the same bytes; everything else is left to pdfminer."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdf_fixtures import pdf_of
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, PDFStream
from pdfminer.psparser import PSLiteral

from workplan_extract.readers.pdftags import _Objects, paragraph_tags

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

#: Object bodies read without pdfminer's parser.
PLAIN = [
    b"<</Type/StructElem\n/S/TH\n/P 7 0 R\n/Pg 1 0 R\n/A [ 374 0 R 375 0 R ]\n/K[9 0 R ]\n>>",
    b"<< /Type /StructElem /S /List#20Paragraph /K [0 1 2] >>",
    b"<</S/P/K[<</Type/MCR/Pg 3 0 R/MCID 5>> 6 12 0 R]>>",
    b"<<>>",
    b"[ 1 2 3 0 R [ ] << /A /B >> /C#C3#A9 / ]",
    b"<< /K 00012 /Dup 1 /Dup 2 >>",
]
#: Object bodies left to pdfminer (a string, a real, a negative number, a stream, a bare value,
#: a keyword, a lone hex digit in a name, an unclosed or mismatched container, a name that is
#: not UTF-8, an odd dictionary, a reference pdfminer drops).
LEFT = [
    b"<< /S /P /Alt (a picture) >>",
    b"<< /S /P /BBox [0 0 1.5 2] >>",
    b"<< /K -1 >>",
    b"<< /Length 3 >>\nstream\nabc\nendstream",
    b"42",
    b"<< /S /P /K null >>",
    b"<< /S /A#4 >>",
    b"<< /S /P /K [1 2 >>",
    b"<< /S /P ] >>",
    b"<< /S /#FF >>",
    b"<< /S >>",
    b"<< /S /P /K [/X 0 R] >>",
    b"<< /A 1 >> << /B 2 >>",
    b"<< /S /P %comment\n>>",
]


def _pdf(bodies: list[bytes]) -> bytes:
    """A one-page PDF (objects 1-3) followed by ``bodies`` as objects 4, 5, ..."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        *bodies,
    ]
    return pdf_of(objects)


def _plain(value: Any) -> Any:
    if isinstance(value, PDFObjRef):
        return ("ref", value.objid)
    if isinstance(value, PSLiteral):
        return ("name", value.name)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, PDFStream):
        return ("stream", _plain(value.attrs), value.get_rawdata())
    return (type(value).__name__, value)


def _outcome(read: Callable[[], Any]) -> Any:
    """What ``read`` returns, comparable, or the type of what it raises."""
    try:
        return _plain(read())
    except Exception as exc:
        return ("raised", type(exc).__name__)


@pytest.mark.parametrize(("bodies", "fast"), [(PLAIN, True), (LEFT, False)])
def test_objects_read_as_pdfminer_reads_them(bodies: list[bytes], fast: bool) -> None:
    data = _pdf(bodies)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        objects = _Objects(pdf, data)
        for number, body in enumerate(bodies, start=4):
            assert (objects._parse(number) is not None) == fast, body
            ours = _outcome(lambda n=number: objects.get(PDFObjRef(pdf.doc, n)))
            # A document of its own, so nothing comes from the cache the read above filled.
            theirs = _outcome(lambda n=number: PDFDocument(PDFParser(io.BytesIO(data))).getobj(n))
            assert ours == theirs, body


@pytest.mark.parametrize("name", ["lcpc-workplan-2004", "lscb-workplan-2007-08"])
def test_tags_same_with_and_without_the_object_reader(name: str) -> None:
    data = (SAMPLES / f"{name}.pdf").read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert paragraph_tags(pdf, 10**6, data) == paragraph_tags(pdf, 10**6)
