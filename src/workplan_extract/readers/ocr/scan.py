"""Readers for scanned documents: image files, and PDFs whose pages are scans.

Each page is rendered or decoded to an image (``images``), read by Tesseract (``page``) and the
pages put together into the neutral model (``assemble``) exactly as the digital PDF reader puts
its pages together, so the layers above cannot tell a scan from a digital file except by the
doubts OCR leaves (``SourceDocument.doubts``) and ``SourceDocument.ocr``.

OCR needs the ``ocr`` extra (OpenCV) and the Tesseract program; without either, the error says
what to install. Time spent in OCR counts against ``Settings.timeout``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...errors import MissingProgram, NoTextLayer
from ...settings import Settings
from ..base import SourceDocument, Table
from .images import DPI, PageImage

#: What to install when OpenCV is missing.
EXTRA_HINT = "pip install 'workplan-extract[ocr]'"


def read_image(data: bytes, path: str, settings: Settings | None = None) -> SourceDocument:
    """Read a PNG, JPEG or TIFF (every page of a multi-page TIFF) by OCR.

    Raises:
        MissingProgram: Tesseract or the ``ocr`` extra is not installed.
        TooLarge: a page over ``max_image_pixels``, or more pages than ``max_pages``.
        CorruptDocument: the image cannot be decoded.
        Timeout: OCR took longer than ``settings.timeout``.
    """
    opts = Settings.resolve(settings)
    if opts.ocr == "off":
        raise NoTextLayer("an image has no text layer: read it by OCR with --ocr auto")
    _need_opencv()
    from .images import image_pages

    doc = SourceDocument()
    read_pages(image_pages(data, opts), opts, doc)
    return doc


def read_scanned_pdf(
    data: bytes, path: str, settings: Settings | None = None, pages: list[int] | None = None
) -> SourceDocument:
    """Read the pages of a PDF (``pages``, 1-based; all when ``None``) by OCR, ignoring any
    text layer they have.

    Raises:
        MissingProgram: Tesseract or the ``ocr`` extra is not installed.
        TooLarge: a page, or an image on one, over ``max_image_pixels``; over ``max_pages``.
        CorruptDocument: the PDF cannot be rendered.
        Timeout: OCR took longer than ``settings.timeout``.
    """
    opts = Settings.resolve(settings)
    _need_opencv()
    from .images import pdf_pages

    doc = SourceDocument()
    read_pages(pdf_pages(data, pages, opts), opts, doc)
    return doc


def merge_scanned(digital: SourceDocument, scanned: SourceDocument) -> SourceDocument:
    """The document whose pages with text were read into ``digital`` and whose pages without
    were read by OCR into ``scanned``: one document, its tables numbered in order.

    The scanned pages' blocks go in before the first digital table that starts on a later page
    than the first scanned page (or at the end): paragraphs of a digital PDF carry no page
    number, so a scanned page between two digital pages of running text is placed by the
    tables around it.
    """
    if not digital.blocks:
        scanned.pages = digital.pages or scanned.pages
        scanned.notes[:0] = digital.notes
        return scanned
    first = min((r.page for t in scanned.tables() for r in t.rows if r.page), default=None)
    at = len(digital.blocks)
    if first is not None:
        for i, block in enumerate(digital.blocks):
            if isinstance(block, Table) and block.rows and (block.rows[0].page or 0) > first:
                at = i
                break
    blocks = [*digital.blocks[:at], *scanned.blocks, *digital.blocks[at:]]
    was = {id(t): t.index for t in scanned.tables()}
    moved: dict[int, int] = {}  # a scanned table's index -> its index in the whole
    for new, table in enumerate(b for b in blocks if isinstance(b, Table)):
        if id(table) in was:
            moved[was[id(table)]] = new
        if table.index != new:
            _renumber(table, new)
    doubts = [
        d._replace(cell=d.cell._replace(table=moved.get(d.cell.table, d.cell.table)))
        if d.cell is not None
        else d
        for d in scanned.doubts
    ]
    return SourceDocument(
        blocks,
        digital.pages,
        digital.converted_with,
        [*digital.notes, *scanned.notes],
        scanned.ocr,
        doubts,
    )


def _renumber(table: Table, index: int) -> None:
    table.index = index
    for row in table.rows:
        for cell in row.cells:
            cell.location = cell.location._replace(table=index)


def read_pages(images: Iterable[PageImage], opts: Settings, doc: SourceDocument) -> None:
    """OCR each page image in turn (one in memory at a time) and assemble them into ``doc``."""
    from .assemble import assemble
    from .page import read_page
    from .tesseract import Deadline, find_engine, word_list

    engine = find_engine()
    deadline = Deadline(opts.timeout)
    pages = []
    for image in images:
        deadline.left()
        pages.append(read_page(image, engine, deadline))
    assemble(pages, opts, doc, word_list(engine))
    doc.ocr = engine.version
    if pages:
        numbers = _ranges([p.number for p in pages])
        dpis = sorted({round(p.source_dpi) for p in pages})
        turned = [f"{p.angle:+.1f}°" for p in pages if p.angle]
        doc.notes.append(
            f"page(s) {numbers} read by OCR ({engine.version}) from "
            f"{'/'.join(map(str, dpis))}-dpi images, at {DPI} dpi"
            + (f"; straightened by {', '.join(turned)}" if turned else "")
        )
    doc.pages = doc.pages or len(pages)


def _need_opencv() -> None:
    try:
        import cv2  # noqa: F401
        import numpy  # noqa: F401
    except ImportError:
        raise MissingProgram(f"OCR needs OpenCV, which is not installed: {EXTRA_HINT}") from None


def _ranges(numbers: list[int]) -> str:
    """ "1-3, 5" for [1, 2, 3, 5]."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)
