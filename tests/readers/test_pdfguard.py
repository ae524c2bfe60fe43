"""The reference-cycle guard: it holds for our reader, and pdfminer is left as it was found."""

from __future__ import annotations

import io
import types
from pathlib import Path
from typing import Any

import pdfminer.pdfdocument
import pdfminer.pdfpage
import pdfminer.pdfparser
import pdfminer.pdftypes
import pdfplumber
import pdfplumber.page
import pdfplumber.pdf
import pytest
from pdf_fixtures import pdf_of
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, resolve1

from workplan_extract.errors import CorruptDocument, WorkplanError
from workplan_extract.readers.pdf import read_pdf
from workplan_extract.readers.pdfguard import GuardedDocument, GuardedPDF

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

#: Objects 4 and 5 are bare references to each other; the page tree is sound.
CYCLE = pdf_of(
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"5 0 R",
        b"4 0 R",
    ]
)
#: The page tree's only kid is a reference into a cycle (what the fuzzer found).
KIDS_CYCLE = pdf_of(
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"4 0 R",
        b"3 0 R",
    ]
)
#: The catalog is a reference to itself: pdfminer's PDFDocument() would never return.
ROOT_CYCLE = pdf_of([b"1 0 R"])


def test_upstream_resolve1_loops_on_a_reference_cycle() -> None:
    """The upstream defect, reproduced without hanging: pdfminer's own ``resolve1`` keeps
    resolving objects 4 and 5 in turn. The document's ``getobj`` is wrapped on this one
    instance to stop it after 1,000 steps (no class is touched)."""
    doc = PDFDocument(PDFParser(io.BytesIO(CYCLE)))
    calls: list[int] = []
    plain_getobj = doc.getobj

    def counting(objid: int) -> Any:
        calls.append(objid)
        if len(calls) > 1000:
            raise RecursionError("still resolving")
        return plain_getobj(objid)

    doc.getobj = counting  # type: ignore[method-assign]
    with pytest.raises(RecursionError, match="still resolving"):
        resolve1(PDFObjRef(doc, 4))
    assert calls[:4] == [4, 5, 4, 5]


def test_guarded_document_names_the_cycle() -> None:
    doc = GuardedDocument(PDFParser(io.BytesIO(CYCLE)))
    with pytest.raises(CorruptDocument, match=r"cycle \(4 -> 5 -> 4\)"):
        resolve1(PDFObjRef(doc, 4))
    # What is not in a cycle resolves as pdfminer resolves it.
    plain = PDFDocument(PDFParser(io.BytesIO(CYCLE)))
    assert repr(resolve1(PDFObjRef(doc, 3))) == repr(resolve1(PDFObjRef(plain, 3)))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (KIDS_CYCLE, r"cycle \(3 -> 4 -> 3\)"),
        (ROOT_CYCLE, r"cycle \(1 -> 1\)"),
    ],
)
def test_reader_refuses_cycles(data: bytes, message: str) -> None:
    with pytest.raises(CorruptDocument, match=message):
        read_pdf(data, "cycle.pdf")


def _snapshot(*owners: object) -> dict[str, dict[str, object]]:
    """Every attribute of each class or module, by identity (what a patch would change)."""
    out = {}
    for owner in owners:
        name = getattr(owner, "__qualname__", getattr(owner, "__name__", repr(owner)))
        out[f"{type(owner).__name__}:{name}"] = {k: id(v) for k, v in vars(owner).items()}
    return out


def _owners() -> list[object]:
    modules = [
        pdfminer.pdftypes,
        pdfminer.pdfdocument,
        pdfminer.pdfparser,
        pdfminer.pdfpage,
        pdfplumber.pdf,
        pdfplumber.page,
    ]
    classes = [
        v
        for m in modules
        for v in vars(m).values()
        if isinstance(v, type) and v.__module__ == m.__name__
    ]
    return [*modules, *classes]


def test_reading_leaves_pdfminer_and_pdfplumber_as_found() -> None:
    before = _snapshot(*_owners())
    read_pdf((SAMPLES / "lcpc-workplan-2004.pdf").read_bytes(), "sample.pdf")
    for data in (CYCLE, KIDS_CYCLE, ROOT_CYCLE):
        with pytest.raises(WorkplanError):
            read_pdf(data, "cycle.pdf")
    assert _snapshot(*_owners()) == before
    # And another user's pdfminer in the same process still behaves as pdfminer does: no
    # exception of ours from a document of theirs.
    theirs = PDFDocument(PDFParser(io.BytesIO(CYCLE)))
    assert type(theirs).getobj is PDFDocument.getobj
    assert isinstance(PDFObjRef(theirs, 4).resolve(), PDFObjRef)  # one step, as upstream


def test_guarded_pdf_sets_what_pdfplumber_sets() -> None:
    """``GuardedPDF`` re-states pdfplumber's constructor: a pdfplumber upgrade that adds an
    attribute must not leave ours without it."""
    data = (SAMPLES / "lcpc-workplan-2004.pdf").read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as theirs:
        expected = set(vars(theirs))
        ours = GuardedPDF(data)
        try:
            assert expected <= set(vars(ours))
            assert isinstance(ours.doc, GuardedDocument)
            assert [p.chars[:5] for p in ours.pages[:1]] == [p.chars[:5] for p in theirs.pages[:1]]
        finally:
            ours.close()
    assert isinstance(GuardedPDF.__init__, types.FunctionType)


#: The page's resources are a reference into a cycle: pdfium renders the page, pdfminer would
#: loop on the resources for ever.
RESOURCES_CYCLE = pdf_of(
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources 4 0 R >>",
        b"5 0 R",
        b"4 0 R",
    ]
)


def test_the_ocr_path_opens_pdfs_with_the_guard() -> None:
    """``--ocr force`` renders pages itself and reads their images with pdfplumber: through
    our guarded document, so a cycle is a one-line error there too, not a hang."""
    pytest.importorskip("pypdfium2")
    pytest.importorskip("numpy")
    from workplan_extract.readers.ocr.images import pdf_pages
    from workplan_extract.settings import Settings

    with pytest.raises(CorruptDocument, match=r"cycle \(4 -> 5 -> 4\)"):
        list(pdf_pages(RESOURCES_CYCLE, None, Settings()))
