"""Reader for PDF files, with pdfplumber.

The steps, each in a module of its own:

- ``pdfdoc``: open the file (through ``pdfguard``'s document, which cannot loop on reference
  cycles), count its pages against the limit, and say in our words what is wrong with one
  that cannot be read;
- ``pdftags``: in a tagged PDF, which paragraph of the structure tree each glyph belongs to;
- ``pdfpages``: each page, one at a time, into its ruled tables' cell boxes (two tables drawn
  touching split apart) and lines of text;
  when no page has a ruled table, ``pdfcolumns`` finds one from where the lines start, in a
  second pass over the pages;
- ``pdflines``: glyphs into lines and lines into paragraphs (``pdfwords``: whether a line ends
  inside a word);
- ``pdfassemble``: the pages into blocks: table parts joined across pages, repeated headers
  marked, page furniture dropped, the text outside the tables as paragraphs in reading order.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ..errors import CorruptDocument, EncryptedDocument, NoTextLayer
from ..settings import Settings
from .base import SourceDocument
from .pdfassemble import Assembler
from .pdfcolumns import Layouter, Word, column_edges, evidence
from .pdfdoc import check_end, close_pdf, no_text_error, open_pdf, page_count, reading
from .pdflines import Line, make_lines, mark_trailing_spaces
from .pdfpages import PageRead, grid_of_rows, iter_pages, page_glyphs, read_page
from .pdftags import paragraph_tags

if TYPE_CHECKING:
    from pdfplumber.pdf import PDF

# pdfminer logs recoverable damage at WARNING level; with no handler anywhere, Python's
# last-resort handler would print those lines on stderr around our one-line errors. A
# NullHandler silences that default and still lets an application configure logging.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

Tags = dict[int, dict[int, int]]


def read_pdf(data: bytes, path: str, settings: Settings | None = None) -> SourceDocument:
    """Read a PDF into paragraphs and tables.

    Args:
        data: the file's bytes.
        path: the file's name, for messages only.
        settings: limits (``max_pages``, ``max_tables``, ``max_rows``, ``max_cells``).

    Returns:
        The document's blocks in reading order, with ``pages`` set.

    Raises:
        EncryptedDocument: the PDF needs a password, or its encryption is not supported.
        NoTextLayer: no page has any text, and the pages paint images (a scan) or shapes.
        NoWorkplanTable: no page has any text or image at all.
        CorruptDocument: the file is truncated or not a readable PDF.
        TooLarge: over one of the limits.

    Example:
        >>> doc = read_pdf(open("samples/lcpc-workplan-2004.pdf", "rb").read(), "x.pdf")
        >>> doc.pages
        7
    """
    opts = Settings.resolve(settings)
    check_end(data)
    if opts.ocr == "force":  # every page by OCR, any text layer ignored (readers/ocr)
        from .ocr.scan import read_scanned_pdf

        return read_scanned_pdf(data, path, opts)
    doc = SourceDocument()
    pdf = open_pdf(data)
    try:
        count = page_count(pdf, opts.max_pages)
        tags = _tags(pdf, opts, data, doc.notes)
        pages, clues = _read_pages(pdf, count, tags)
        if clues is not None and any(p.lines for p in pages):
            pages = _read_unruled(pdf, count, tags, clues) or pages
        empty = [p.number for p in pages if not p.grids and not p.lines]
        if len(empty) == len(pages):
            error = no_text_error(pdf, data, count)
            if not (opts.ocr == "auto" and isinstance(error, NoTextLayer)):
                raise error
    finally:
        close_pdf(pdf)
    doc.pages = count
    if empty and opts.ocr == "auto":  # pages with no text layer: read by OCR (readers/ocr)
        from .ocr.scan import merge_scanned, read_scanned_pdf

        scanned = read_scanned_pdf(data, path, opts, pages=empty)
        if len(empty) < len(pages):
            Assembler(pages, opts, doc).run()
        return merge_scanned(doc, scanned)
    if empty:
        doc.notes.append(
            f"page(s) {', '.join(map(str, empty))} have no text layer (scanned?) and were not read"
        )
    Assembler(pages, opts, doc).run()
    return doc


def _tags(pdf: PDF, opts: Settings, data: bytes, notes: list[str]) -> Tags:
    """Paragraph ids of a tagged PDF by page number, then MCID; empty when untagged.

    A structure tree that cannot be read is not used (the layout decides the paragraphs, as
    in an untagged file), and a note says so.
    """
    from pdfminer.psexceptions import PSException

    try:
        with reading("the structure tree"):
            tags = paragraph_tags(pdf, limit=opts.max_cells * 4, data=data)
    except (
        CorruptDocument,
        EncryptedDocument,
        PSException,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        AssertionError,
    ):
        # Not fatal: the pages can still be read, their paragraphs found from the layout.
        notes.append(
            "the PDF's structure tree (tags) is damaged and was not used; paragraphs were "
            "found from the layout"
        )
        return {}
    by_page: Tags = {}
    for (page, mcid), block in (tags or {}).items():
        by_page.setdefault(page, {})[mcid] = block
    return by_page


def _read_pages(pdf: PDF, count: int, tags: Tags) -> tuple[list[PageRead], list[list[Word]] | None]:
    """Every page's tables and lines; and, while no page has a ruled table, what the pages
    say about columns drawn without rules (``None`` once a ruled table is found)."""
    out: list[PageRead] = []
    clues: list[list[Word]] | None = []
    for page in iter_pages(pdf, count):
        try:
            read, glyphs = read_page(page, tags.get(page.page_number))
        finally:
            # Caches grow with every page: drop the layout once the page has been read.
            page.close()
        out.append(read)
        if read.grids:
            clues = None
        elif clues is not None:
            clues += evidence(glyphs)
    return out, clues


def _read_unruled(
    pdf: PDF, count: int, tags: Tags, clues: list[list[Word]]
) -> list[PageRead] | None:
    """No page has a ruled table: find one from how the text lines up (see ``pdfcolumns``),
    reading the pages a second time, one at a time."""
    edges = column_edges(clues)
    if len(edges) < 2:
        return None
    layouter = Layouter(edges)
    out: list[PageRead] = []
    for page in iter_pages(pdf, count):
        try:
            glyphs, spaces = page_glyphs(page)
            width, height = float(page.width), float(page.height)
        finally:
            page.close()
        layout = layouter.page(page.page_number, glyphs)
        page_tags = tags.get(page.page_number)
        grids = []
        every: list[Line] = []
        if layout.part is not None:
            part = layout.part
            grid = grid_of_rows(part.page, part.top, part.bottom, part.rows, edges, edges[-1])
            for frag in grid.frags:
                frag.lines = make_lines(frag.chars, page_tags)
                frag.chars = []
                every += frag.lines
            grids.append(grid)
        lines = make_lines(layout.outside, page_tags)
        mark_trailing_spaces([*every, *lines], spaces)
        out.append(PageRead(page.page_number, width, height, grids, lines))
    if not layouter.found:
        return None
    # The cell boxes are known only once every page is laid out.
    xs, x1 = layouter.boxes()
    rights = [*xs[1:], x1]
    for grid in (g for p in out for g in p.grids):
        grid.xs, grid.x0, grid.x1 = list(xs), xs[0], x1
        for frag in grid.frags:
            frag.x0, frag.x1 = xs[frag.col], rights[frag.col]
    return out
