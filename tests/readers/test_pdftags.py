"""The structure-tree walk's own object reader: for every object it reads, exactly what
pdfminer's parser makes of the same bytes; everything else is left to pdfminer."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdf_fixtures import pdf_of
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1
from pdfminer.psparser import PSLiteral

from workplan_extract.readers.pdfguard import GuardedDocument, GuardedPDF
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


# --- property: any object body, the same answer as pdfminer's parser -----------------------

_WS = st.sampled_from([b" ", b"\n", b"\r\n", b"\t", b"  ", b"\x0c", b""])
_NAME_CHARS = st.sampled_from(
    [b"P", b"S", b"K", b"Type", b"StructElem", b"List#20Paragraph", b"#C3#A9", b"A#4", b"#FF",
     b"a.b", b"x_1", b"", b"MCID", b"Pg"]
)  # fmt: skip


def _name() -> st.SearchStrategy[bytes]:
    return _NAME_CHARS.map(lambda n: b"/" + n)


def _scalar() -> st.SearchStrategy[bytes]:
    return st.one_of(
        _name(),
        st.integers(0, 10**6).map(lambda n: b"%d" % n),
        st.integers(-5, 5).map(lambda n: b"%d" % n),
        st.integers(1, 40).map(lambda n: b"%d 0 R" % n),
        st.sampled_from([b"1.5", b"(text)", b"<41>", b"null", b"true", b"foo", b"%c\n", b"0012"]),
    )


def _value() -> st.SearchStrategy[bytes]:
    return st.recursive(
        _scalar(),
        lambda inner: st.one_of(
            st.lists(st.tuples(_WS, inner), max_size=5).map(
                lambda xs: b"[" + b"".join(w + x for w, x in xs) + b"]"
            ),
            st.lists(st.tuples(_WS, _name(), _WS, inner), max_size=5).map(
                lambda xs: b"<<" + b"".join(a + k + b + v for a, k, b, v in xs) + b">>"
            ),
        ),
        max_leaves=12,
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(_value(), min_size=1, max_size=4), _WS)
def test_any_object_reads_as_pdfminer_reads_it(bodies: list[bytes], space: bytes) -> None:
    """Generated bodies (plain containers, and the strings, reals, negative numbers, keywords,
    comments and odd names the fast reader must leave to pdfminer): whatever the fast path
    returns is what pdfminer's own parser makes of the same object, or it defers."""
    bodies = [space + b + space for b in bodies]
    data = _pdf(bodies)
    # Both through the reference-cycle guard: generated references may form cycles, on which
    # pdfminer's resolve1 alone would never return.
    pdf = GuardedPDF(data)
    try:
        objects = _Objects(pdf, data)
        for number in range(4, 4 + len(bodies)):
            ours = _outcome(lambda n=number: objects.get(PDFObjRef(pdf.doc, n)))
            # A document of its own, so nothing comes from the cache the read above filled.
            fresh = GuardedDocument(PDFParser(io.BytesIO(data)))
            theirs = _outcome(lambda n=number, d=fresh: resolve1(PDFObjRef(d, n)))
            assert ours == theirs, bodies[number - 4]
    finally:
        pdf.close()
