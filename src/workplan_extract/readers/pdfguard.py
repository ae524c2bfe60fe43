"""A defence pdfminer lacks: indirect references that refer to each other in a cycle.

pdfminer resolves a reference with ``while isinstance(x, PDFObjRef): x = x.resolve()``
(``pdftypes.resolve1``), so a damaged file where object 2 is just ``3 0 R`` and object 3 just
``2 0 R`` spins forever, in ``PDFDocument()`` itself when the cycle is the ``/Root`` and
wherever else the objects are used (found by fuzz/fuzz_readers.py from a broken ``/Kids``
array). ``install()`` makes ``PDFObjRef.resolve`` follow a chain of bare references itself
and raise ``CorruptDocument`` when it comes back to an object already on the chain.

The patch is on pdfminer's class, so it holds for every ``PDFDocument``, including the one
``pdfplumber.open`` builds before the reader could wrap it. It changes nothing for files
without such a cycle: a chain of references resolves to the object at its end, as
``resolve1`` would make of it anyway.
"""

from __future__ import annotations

from typing import Any

from ..errors import CorruptDocument

_installed = False


def install() -> None:
    """Guard ``PDFObjRef.resolve`` against reference cycles (once per process)."""
    global _installed
    if _installed:
        return
    from pdfminer.pdftypes import PDFObjRef

    resolve_one = PDFObjRef.resolve

    def resolve(self: PDFObjRef, default: object = None) -> Any:
        chain = [self.objid]
        target = resolve_one(self, default)
        while isinstance(target, PDFObjRef):
            chain.append(target.objid)
            if target.objid in chain[:-1]:
                raise CorruptDocument(
                    "damaged PDF: objects refer to each other in a cycle "
                    f"({' -> '.join(map(str, chain))})"
                )
            target = resolve_one(target, default)
        return target

    PDFObjRef.resolve = resolve  # type: ignore[method-assign]
    _installed = True
