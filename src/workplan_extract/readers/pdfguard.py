"""Our own pdfplumber document, guarded against reference cycles pdfminer would loop on.

The defect, as it would be reported upstream (pdfminer.six, seen in 20231228 and 20260107):

    **resolve1() never returns on a cycle of bare indirect references**

    ``pdftypes.resolve1`` resolves with ``while isinstance(x, PDFObjRef): x = x.resolve()``.
    When an indirect object's whole body is a reference to another object whose body refers
    back (``2 0 obj 3 0 R endobj`` and ``3 0 obj 2 0 R endobj``), the loop never ends: no
    exception, no recursion limit, 100% CPU. ``PDFDocument()`` itself hangs when the cycle is
    the trailer's ``/Root`` (``1 0 obj 1 0 R endobj``), and so does anything that resolves a
    ``/Kids`` entry, a ``/Resources`` dictionary or a structure element in such a cycle.
    Found by mutation fuzzing (a broken ``/Kids`` array); the minimal reproducer is
    ``tests/readers/test_pdfguard.py::test_upstream_resolve1_loops_on_a_reference_cycle``.
    Expected: ``PDFSyntaxError`` (or ``PDFObjectNotFound``) naming the cycle.

The guard lives in ``GuardedDocument.getobj``, on a subclass used only by this reader, so that
every other pdfminer or pdfplumber user in the same process (an application that imports us
and reads its own PDFs) keeps pdfminer exactly as it was: nothing here assigns to a pdfminer or
pdfplumber class or module. When the object fetched is itself a bare reference, ``getobj``
follows the chain and returns the object at its end (what ``resolve1`` would have made of it),
raising ``CorruptDocument`` when the chain comes back to an object already on it. Every
reference the parser makes while reading our document points at our document (``PDFParser``
is handed it through ``set_document``), so every ``PDFObjRef.resolve`` goes through the guard.

``GuardedPDF`` is pdfplumber's ``PDF`` built on that document. ``pdfplumber.PDF.__init__``
names pdfminer's ``PDFDocument`` itself, so the constructor is re-stated here (a test checks
that it sets every attribute pdfplumber's own does); the document's ``/Info`` metadata, which
the reader never uses, is not read.
"""

from __future__ import annotations

import io
from typing import Any

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException

from ..errors import CorruptDocument


class GuardedDocument(PDFDocument):
    """A ``PDFDocument`` whose ``getobj`` never hands back a reference into a cycle."""

    def getobj(self, objid: int) -> Any:
        target = super().getobj(objid)
        if not isinstance(target, PDFObjRef):
            return target
        chain = [objid]
        while isinstance(target, PDFObjRef):
            chain.append(target.objid)
            if target.objid in chain[:-1]:
                raise CorruptDocument(
                    "damaged PDF: objects refer to each other in a cycle "
                    f"({' -> '.join(map(str, chain))})"
                )
            # The chain's objects are ours (the parser made them for this document), but a
            # reference made elsewhere resolves through its own document as it always did.
            target = super().getobj(target.objid) if target.doc is self else target.resolve()
        return target


class GuardedPDF(PDF):
    """pdfplumber's ``PDF`` over a ``GuardedDocument``, opened from bytes in memory."""

    def __init__(self, data: bytes) -> None:
        # The attributes pdfplumber's constructor sets, with its defaults for pdfplumber.open.
        self.stream = io.BytesIO(data)
        self.stream_is_external = False
        self.path = None
        self.pages_to_parse = None
        self.laparams = None
        self.password = None
        self.unicode_norm = None
        self.raise_unicode_errors = True
        try:
            self.doc = GuardedDocument(PDFParser(self.stream), password="")
        except Exception as exc:
            # pdfplumber wraps whatever pdfminer raises on open; callers unwrap it the same way.
            raise PdfminerException(exc) from exc
        self.rsrcmgr = PDFResourceManager()
        self.metadata = {}
