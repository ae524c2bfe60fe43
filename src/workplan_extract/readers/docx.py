"""Reader for Word .docx files.

Reads ``word/document.xml`` straight from the ZIP with lxml (see ``ooxml`` for the safety
checks) instead of through ``docx.Document()``: python-docx builds a proxy object per element
and reads every part of the package, which is several times slower than the walk below and
lifts libxml2's size limits. What Word shows is reported faithfully, in reading order:

- body paragraphs and top-level tables become blocks; empty paragraphs are dropped;
- list numbering (direct or through the paragraph style) becomes ``Paragraph.label``, counted
  as Word counts it; labels typed into the text are recognised by ``Paragraph.from_typed``;
- a soft line break (``w:br``, ``w:cr``) starts a new ``Paragraph`` (the label stays on the
  first line); tabs become spaces;
- tracked deletions, field instructions, drawings and text boxes are not text on the page's
  flow and are skipped (text boxes are counted in ``notes``); insertions, hyperlinks, smart
  tags, content controls and field results are read;
- table cells carry their grid column, ``gridSpan`` and vertical merges (a merged cell is
  reported in every row it covers); a table nested in a cell is flattened into the cell's
  paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from ..errors import CorruptDocument, TooLarge, UnsupportedFormat
from ..settings import Settings
from .base import Cell, CellLocation, Paragraph, Row, SourceDocument, Table, tidy
from .numbering import Numbering, NumRef, Styles, num_ref
from .ooxml import W_NS, W_VAL, Package

_W = "{" + W_NS + "}"
_BODY = _W + "body"
_DOCUMENT = _W + "document"
_P = _W + "p"
_R = _W + "r"
_T = _W + "t"
_TAB = _W + "tab"
_PTAB = _W + "ptab"
_BR = _W + "br"
_CR = _W + "cr"
_SYM = _W + "sym"
_NO_BREAK_HYPHEN = _W + "noBreakHyphen"
_FLD_CHAR = _W + "fldChar"
_FLD_CHAR_TYPE = _W + "fldCharType"
_TYPE = _W + "type"
_CHAR = _W + "char"
_PPR = _W + "pPr"
_P_STYLE = _W + "pStyle"
_TBL = _W + "tbl"
_TBL_GRID = _W + "tblGrid"
_GRID_COL = _W + "gridCol"
_TR = _W + "tr"
_TR_PR = _W + "trPr"
_TBL_HEADER = _W + "tblHeader"
_GRID_BEFORE = _W + "gridBefore"
_DEL = _W + "del"
_TC = _W + "tc"
_TC_PR = _W + "tcPr"
_GRID_SPAN = _W + "gridSpan"
_V_MERGE = _W + "vMerge"
_H_MERGE = _W + "hMerge"
_SDT = _W + "sdt"
_SDT_CONTENT = _W + "sdtContent"
_CUSTOM_XML = _W + "customXml"
_ALT_CHUNK = _W + "altChunk"
_TXBX_CONTENT = _W + "txbxContent"
_DRAWING = _W + "drawing"
_PICT = _W + "pict"
_OBJECT = _W + "object"
_ALTERNATE_CONTENT = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"

#: Inline containers whose runs are part of the paragraph's visible text.
_INLINE_CONTAINERS = frozenset(
    _W + tag
    for tag in ("hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "customXml", "bdo", "dir")
)
#: Block containers (content controls, custom XML) whose paragraphs and tables are read in place.
_BLOCK_CONTAINERS = frozenset((_SDT, _CUSTOM_XML))
#: Things anchored in a run that float outside the text flow.
_FLOATING = frozenset((_DRAWING, _PICT, _OBJECT, _ALTERNATE_CONTENT))
_FALSE = frozenset(("0", "false", "off"))
#: Marks a soft line break while runs are joined; NUL cannot occur in XML text.
_LINE = "\x00"


def read_docx(data: bytes, path: str, settings: Settings | None = None) -> SourceDocument:
    """Read a Word .docx into paragraphs and tables in document order.

    Args:
        data: the file's bytes.
        path: the file's path, for the caller's messages (errors do not name it: the caller
            adds it with ``WorkplanError.with_path``).
        settings: limits to enforce; the defaults when ``None``.

    Returns:
        The document's body as blocks. ``pages`` is ``None``: a .docx has no fixed pages.

    Raises:
        CorruptDocument: not a ZIP, no main document part, malformed XML or a DOCTYPE.
        UnsupportedFormat: the package is not a Word document (e.g. a workbook).
        EncryptedDocument: the file needs a password.
        TooLarge: over a limit of ``settings`` (ZIP size or ratio, tables, rows, cells).

    >>> import io, docx
    >>> d = docx.Document(); _ = d.add_paragraph("Workplan 2004", style="Title")
    >>> buf = io.BytesIO(); d.save(buf)
    >>> read_docx(buf.getvalue(), "w.docx").blocks
    [Paragraph(text='Workplan 2004', label=None, level=0, style='Title')]
    """
    settings = Settings.resolve(settings)
    package = Package(data, settings)
    main = package.related("").get("officeDocument", "word/document.xml")
    if not package.has(main):
        raise CorruptDocument(f"not a Word document: no {main} in the package")
    root = package.xml(main)
    if root is None or root.tag != _DOCUMENT:
        tag = "none" if root is None else etree.QName(root).localname
        raise UnsupportedFormat(f"not a Word document: the main part is <{tag}>")
    body = root.find(_BODY)
    parts = package.related(main)
    styles = Styles(package.xml(parts["styles"]) if "styles" in parts else None)
    numbering = Numbering(package.xml(parts["numbering"]) if "numbering" in parts else None, styles)
    doc = SourceDocument()
    if body is not None:
        _Walker(doc, styles, numbering, settings).body(body)
    return doc


class _Walker:
    """One pass over the body; holds the list counters and the limits' running counts."""

    def __init__(
        self, doc: SourceDocument, styles: Styles, numbering: Numbering, settings: Settings
    ) -> None:
        self.doc = doc
        self.styles = styles
        self.numbering = numbering
        self.settings = settings
        self.cells = 0
        self.text_boxes = 0
        self.alt_chunks = 0

    def body(self, body: etree._Element) -> None:
        blocks = self.doc.blocks
        tables = 0
        for el in _blocks(body):
            if el.tag == _P:
                blocks.extend(self.paragraph(el))
            elif el.tag == _TBL:
                if tables >= self.settings.max_tables:
                    raise TooLarge(f"more than {self.settings.max_tables} tables (max_tables)")
                blocks.append(self.table(el, tables))
                tables += 1
            elif el.tag == _ALT_CHUNK:
                self.alt_chunks += 1
        if self.text_boxes:
            self.doc.notes.append(f"text in {self.text_boxes} text box(es) was not read")
        if self.alt_chunks:
            self.doc.notes.append(f"{self.alt_chunks} embedded document(s) (altChunk) not read")

    # --- paragraphs ---------------------------------------------------------------------

    def paragraph(self, p: etree._Element) -> list[Paragraph]:
        """A ``w:p`` as one Paragraph per soft-broken line, dropping empty lines."""
        style_id: str | None = None
        ref: NumRef | None = None
        ppr = p.find(_PPR)
        if ppr is not None:
            pstyle = ppr.find(_P_STYLE)
            if pstyle is not None:
                style_id = pstyle.get(W_VAL)
            ref = num_ref(ppr)
        label, level = self.label(style_id, ref)
        out: list[str] = []
        self.runs(p, out, [])
        style = None if style_id is None else self.styles.name(style_id)
        lines = "".join(out).split(_LINE)
        paragraphs = []
        for line in lines:
            if label is not None:
                text = tidy(line)
                if text:
                    paragraphs.append(Paragraph(text, label, level, style))
                    label = None
            elif line and not line.isspace():
                paragraphs.append(Paragraph.from_typed(line, style))
        return paragraphs

    def label(self, style_id: str | None, ref: NumRef | None) -> tuple[str | None, int]:
        """The list label and level of a paragraph, advancing that list's counter."""
        style_ref = self.styles.numbering(style_id or self.styles.default or "")
        num_id = ref.num_id if ref is not None and ref.num_id is not None else style_ref.num_id
        if not num_id or num_id == "0":  # numId 0 is how Word switches numbering off
            return None, 0
        ilvl = ref.ilvl if ref is not None and ref.ilvl is not None else style_ref.ilvl
        if ilvl is None and style_id is not None:
            ilvl = self.numbering.level_for_style(num_id, style_id)
        ilvl = ilvl if ilvl is not None and 0 <= ilvl < 9 else 0
        return self.numbering.next_label(num_id, ilvl), ilvl

    def runs(self, parent: etree._Element, out: list[str], fields: list[bool]) -> None:
        """Append the visible text of the runs under ``parent`` to ``out``.

        ``fields`` is the stack of complex fields the walk is inside, True while in a field's
        instruction (``{ PAGE }``), whose text is code, not what the page shows.
        """
        for child in parent.iterchildren():
            tag = child.tag
            if tag == _R:
                for el in child.iterchildren():
                    etag = el.tag
                    if etag == _T:
                        if el.text and not (fields and any(fields)):
                            out.append(el.text)
                    elif etag in (_TAB, _PTAB):
                        out.append(" ")
                    elif etag == _BR:
                        # A page or column break ends a line of the layout, not of the text.
                        out.append(" " if el.get(_TYPE) in ("page", "column") else _LINE)
                    elif etag == _CR:
                        out.append(_LINE)
                    elif etag == _FLD_CHAR:
                        kind = el.get(_FLD_CHAR_TYPE)
                        if kind == "begin":
                            fields.append(True)
                        elif kind == "separate" and fields:
                            fields[-1] = False
                        elif kind == "end" and fields:
                            fields.pop()
                    elif etag == _SYM:
                        out.append(_symbol(el.get(_CHAR)))
                    elif etag == _NO_BREAK_HYPHEN:
                        out.append("-")
                    elif etag in _FLOATING:
                        self.floating(el)
            elif tag in _INLINE_CONTAINERS:
                self.runs(child, out, fields)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.runs(content, out, fields)
            elif tag in _FLOATING:
                self.floating(child)

    def floating(self, el: etree._Element) -> None:
        """Count a drawing or shape that holds text, which is not read (it floats off the flow)."""
        if next(el.iter(_TXBX_CONTENT), None) is not None:
            self.text_boxes += 1

    # --- tables -------------------------------------------------------------------------

    def table(self, tbl: etree._Element, index: int) -> Table:
        grid = tbl.find(_TBL_GRID)
        ncols = 0 if grid is None else sum(1 for _ in grid.iterchildren(_GRID_COL))
        rows: list[Row] = []
        # Vertical merges still open, by grid column: the cell in the row where each started.
        open_merges: dict[int, Cell] = {}
        max_rows, max_cells = self.settings.max_rows, self.settings.max_cells
        for tr in _children(tbl, _TR):
            header = False
            col = 0
            trpr = tr.find(_TR_PR)
            if trpr is not None:
                if trpr.find(_DEL) is not None:
                    continue  # a row deleted with changes tracked is not in the table
                header = _on(trpr.find(_TBL_HEADER))
                col = _int_val(trpr.find(_GRID_BEFORE), 0)
            if len(rows) >= max_rows:
                raise TooLarge(f"table {index} has more than {max_rows} rows (max_rows)")
            row_index = len(rows)
            cells: list[Cell] = []
            merges: dict[int, Cell] = {}
            for tc in _children(tr, _TC):
                self.cells += 1
                if self.cells > max_cells:
                    raise TooLarge(f"more than {max_cells} table cells (max_cells)")
                span, vmerge, hmerge = 1, None, None
                tcpr = tc.find(_TC_PR)
                if tcpr is not None:
                    span = max(1, _int_val(tcpr.find(_GRID_SPAN), 1))
                    vm = tcpr.find(_V_MERGE)
                    if vm is not None:
                        vmerge = vm.get(W_VAL) or "continue"
                    hm = tcpr.find(_H_MERGE)
                    if hm is not None:
                        hmerge = hm.get(W_VAL) or "continue"
                paragraphs = self.cell_paragraphs(tc)
                if hmerge == "continue" and cells:
                    # Legacy horizontal merge: this cell widens the one before it.
                    cells[-1].span += span
                    cells[-1].paragraphs.extend(paragraphs)
                    col += span
                    continue
                loc = CellLocation(index, row_index, col)
                origin = open_merges.get(col) if vmerge == "continue" else None
                if origin is not None:
                    # Word shows only the first cell's content; anything typed in a continued
                    # cell is kept by adding it to the shared list (no text is dropped).
                    origin.paragraphs.extend(paragraphs)
                    cell = Cell(origin.paragraphs, col, loc, span, merged_from=origin.location.row)
                    merges[col] = origin
                else:
                    cell = Cell(paragraphs, col, loc, span)
                    if vmerge is not None:
                        merges[col] = cell
                cells.append(cell)
                col += span
            open_merges = merges
            ncols = max(ncols, col)
            rows.append(Row(cells, row_index, is_header=header))
        return Table(rows, index, ncols)

    def cell_paragraphs(self, tc: etree._Element) -> list[Paragraph]:
        out: list[Paragraph] = []
        for el in _blocks(tc):
            if el.tag == _P:
                out.extend(self.paragraph(el))
            elif el.tag == _TBL:
                # A table inside a cell is part of the cell's text: flatten it in reading order.
                for tr in _children(el, _TR):
                    for inner in _children(tr, _TC):
                        self.cells += 1
                        if self.cells > self.settings.max_cells:
                            raise TooLarge(
                                f"more than {self.settings.max_cells} table cells (max_cells)"
                            )
                        out.extend(self.cell_paragraphs(inner))
        return out


def _blocks(parent: etree._Element) -> Iterator[etree._Element]:
    """The block-level children of a body or cell, with content controls opened up."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag in (_P, _TBL, _ALT_CHUNK):
            yield child
        elif tag in _BLOCK_CONTAINERS:
            content = child.find(_SDT_CONTENT) if tag == _SDT else child
            if content is not None:
                yield from _blocks(content)


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in parent.iterchildren():
        ctag = child.tag
        if ctag == tag:
            yield child
        elif ctag in _BLOCK_CONTAINERS:
            content = child.find(_SDT_CONTENT) if ctag == _SDT else child
            if content is not None:
                yield from _children(content, tag)


def _on(el: etree._Element | None) -> bool:
    """An OOXML on/off property: present means on unless its value says off."""
    return el is not None and el.get(W_VAL) not in _FALSE


def _int_val(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(W_VAL) or default)
    except ValueError:
        return default


def _symbol(char: str | None) -> str:
    """The character of a ``w:sym`` (hex, often in the Symbol font's U+F0xx private range)."""
    try:
        return chr(int(char or "", 16))
    except (ValueError, OverflowError):
        return ""
