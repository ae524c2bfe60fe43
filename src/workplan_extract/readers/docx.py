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

import re
from collections.abc import Iterator

from lxml import etree

from ..errors import CorruptDocument, TooLarge, UnsupportedFormat
from ..settings import Settings
from .base import Cell, CellLocation, Paragraph, Row, SourceDocument, Table, tidy
from .docxdefs import MAIN_PART, Definitions
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
_RPR = _W + "rPr"
_B = _W + "b"
_R_STYLE = _W + "rStyle"
_P_STYLE = _W + "pStyle"
_NUM_PR = _W + "numPr"
_NUM_ID = _W + "numId"
_ILVL = _W + "ilvl"
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
#: Named styles that already say what a bold paragraph would ("Strong" does not replace them).
_HEADING_STYLE = re.compile(r"^(?:Title|Subtitle|Heading [1-9])$")
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
    # Word names the main part word/document.xml; the package relationships say otherwise
    # only in files from unusual producers, so they are read only when that name is absent.
    main = MAIN_PART
    if not package.has(main):
        main = package.related("").get("officeDocument", main)
        if not package.has(main):
            raise CorruptDocument(f"not a Word document: no {main} in the package")
    root = package.xml(main)
    if root is None or root.tag != _DOCUMENT:
        tag = "none" if root is None else etree.QName(root).localname
        raise UnsupportedFormat(f"not a Word document: the main part is <{tag}>")
    doc = SourceDocument()
    for body in root.iterchildren(_BODY):
        _Walker(doc, Definitions(package, main, root), settings).body(body)
    return doc


class _Walker:
    """One pass over the body; holds the list counters and the limits' running counts."""

    def __init__(self, doc: SourceDocument, definitions: Definitions, settings: Settings) -> None:
        self.doc = doc
        self.definitions = definitions
        self.styles = definitions.styles
        self.settings = settings
        self.cells = 0
        self.text_boxes = 0
        self.alt_chunks = 0
        # The paragraph being read: its style id, whether that style is bold (when asked),
        # and whether any text shown is not bold.
        self._p_style: str | None = None
        self._p_bold: bool | None = None
        self._plain = False

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
        num_id: str | None = None
        ilvl: int | None = None
        out: list[str] = []
        fields: list[bool] = []
        self._p_style = None
        self._p_bold = None
        self._plain = False
        # Loops over children with tag tests rather than find(): find() parses its path on
        # every call and costs several times more than the whole walk of a small paragraph.
        for child in p:
            tag = child.tag
            if tag == _PPR:
                for prop in child:
                    ptag = prop.tag
                    if ptag == _P_STYLE:
                        style_id = self._p_style = prop.get(W_VAL)
                    elif ptag == _NUM_PR:
                        for ref in prop:
                            if ref.tag == _NUM_ID:
                                num_id = ref.get(W_VAL)
                            elif ref.tag == _ILVL:
                                ilvl = _int_val(ref, 0)
            elif tag == _R:
                self.run(child, out, fields)
            elif tag in _INLINE_CONTAINERS or tag == _SDT:
                self.runs(child, out, fields)
            elif tag in _FLOATING:
                self.floating(child)
        label, level = self.label(style_id, num_id, ilvl)
        if not out:
            return []
        style = None if style_id is None else self.styles.name(style_id)
        if not self._plain and (style is None or _HEADING_STYLE.match(style) is None):
            style = "Strong"  # every character shown is bold, and no heading style says more
        paragraphs = []
        for line in "".join(out).split(_LINE):
            text = tidy(line)
            if not text:
                continue
            if label is not None:
                paragraphs.append(Paragraph(text, label, level, style))
                label = None
            else:
                paragraphs.append(Paragraph.from_tidy(text, style))
        return paragraphs

    def label(
        self, style_id: str | None, num_id: str | None, ilvl: int | None
    ) -> tuple[str | None, int]:
        """The list label and level of a paragraph, advancing that list's counter.

        ``num_id`` and ``ilvl`` are the paragraph's own ``numPr``; either may come from the
        paragraph style instead (or the default paragraph style when there is none).
        """
        if num_id is None or ilvl is None:
            style_ref = self.styles.numbering(style_id or self.styles.default or "")
            num_id = style_ref.num_id if num_id is None else num_id
            ilvl = style_ref.ilvl if ilvl is None else ilvl
        if not num_id or num_id == "0":  # numId 0 is how Word switches numbering off
            return None, 0
        numbering = self.definitions.numbering
        if ilvl is None and style_id is not None:
            ilvl = numbering.level_for_style(num_id, style_id)
        ilvl = ilvl if ilvl is not None and 0 <= ilvl < 9 else 0
        return numbering.next_label(num_id, ilvl), ilvl

    def runs(self, parent: etree._Element, out: list[str], fields: list[bool]) -> None:
        """Append the visible text of the runs inside an inline container to ``out``."""
        if parent.tag == _SDT:
            parent = _sdt_content(parent)
        for child in parent:
            tag = child.tag
            if tag == _R:
                self.run(child, out, fields)
            elif tag in _INLINE_CONTAINERS or tag == _SDT:
                self.runs(child, out, fields)
            elif tag in _FLOATING:
                self.floating(child)

    def run(self, run: etree._Element, out: list[str], fields: list[bool]) -> None:
        """Append the visible text of one ``w:r`` to ``out``.

        ``fields`` is the stack of complex fields the walk is inside, True while in a field's
        instruction (``{ PAGE }``), whose text is code, not what the page shows. Fields rarely
        span paragraphs, and a result that does is still read: only instructions are skipped.
        """
        bold: bool | None = None
        for el in run:
            tag = el.tag
            if tag == _T:
                text = el.text
                if text and not (fields and any(fields)):
                    out.append(text)
                    if not self._plain and not self._bold(bold) and not text.isspace():
                        self._plain = True
            elif tag == _RPR:
                bold = self._run_bold(el)
            elif tag in (_TAB, _PTAB):
                out.append(" ")
            elif tag == _BR:
                # A page or column break ends a line of the layout, not of the text.
                out.append(" " if el.get(_TYPE) in ("page", "column") else _LINE)
            elif tag == _CR:
                out.append(_LINE)
            elif tag == _FLD_CHAR:
                kind = el.get(_FLD_CHAR_TYPE)
                if kind == "begin":
                    fields.append(True)
                elif kind == "separate" and fields:
                    fields[-1] = False
                elif kind == "end" and fields:
                    fields.pop()
            elif tag == _SYM:
                out.append(_symbol(el.get(_CHAR)))
            elif tag == _NO_BREAK_HYPHEN:
                out.append("-")
            elif tag in _FLOATING:
                self.floating(el)

    def _run_bold(self, rpr: etree._Element) -> bool | None:
        """What a run's own properties say of bold: ``w:b``, else its character style."""
        style_bold = None
        for prop in rpr:
            ptag = prop.tag
            if ptag == _B:
                return prop.get(W_VAL) not in _FALSE
            if ptag == _R_STYLE:
                style_bold = self.styles.bold(prop.get(W_VAL) or "")
        return style_bold

    def _bold(self, own: bool | None) -> bool:
        """Whether text of a run is bold: its own properties, else the paragraph's style."""
        if own is not None:
            return own
        if self._p_bold is None:
            self._p_bold = self.styles.bold(self._p_style or self.styles.default or "")
        return self._p_bold

    def floating(self, el: etree._Element) -> None:
        """Count a drawing or shape that holds text, which is not read (it floats off the flow)."""
        if next(el.iter(_TXBX_CONTENT), None) is not None:
            self.text_boxes += 1

    # --- tables -------------------------------------------------------------------------

    def table(self, tbl: etree._Element, index: int) -> Table:
        ncols = 0
        rows: list[Row] = []
        # Vertical merges still open, by grid column: the cell in the row where each started.
        open_merges: dict[int, Cell] = {}
        for child in _children(tbl, (_TBL_GRID, _TR)):
            if child.tag == _TBL_GRID:
                ncols = sum(1 for col in child if col.tag == _GRID_COL)
                continue
            if len(rows) >= self.settings.max_rows:
                raise TooLarge(
                    f"table {index} has more than {self.settings.max_rows} rows (max_rows)"
                )
            row = self.row(child, index, len(rows), open_merges)
            if row is not None:
                rows.append(row)
                if row.cells:
                    last = row.cells[-1]
                    ncols = max(ncols, last.col + last.span)
        return Table(rows, index, ncols)

    def row(
        self, tr: etree._Element, table: int, index: int, open_merges: dict[int, Cell]
    ) -> Row | None:
        """One ``w:tr``, or ``None`` for a row deleted with changes tracked.

        ``open_merges`` maps grid columns to the cells where vertical merges began; it is
        updated in place to the merges this row continues or starts.
        """
        header = False
        col = 0
        cells: list[Cell] = []
        merges: dict[int, Cell] = {}
        for child in _children(tr, (_TR_PR, _TC)):
            if child.tag == _TR_PR:
                for prop in child:
                    ptag = prop.tag
                    if ptag == _TBL_HEADER:
                        header = _on(prop)
                    elif ptag == _GRID_BEFORE:
                        col = _int_val(prop, 0)
                    elif ptag == _DEL:
                        return None
                continue
            self.count_cell()
            span, vmerge, hmerge = 1, None, None
            paragraphs: list[Paragraph] = []
            for part in child:
                ptag = part.tag
                if ptag == _TC_PR:
                    for prop in part:
                        ptag = prop.tag
                        if ptag == _GRID_SPAN:
                            span = max(1, _int_val(prop, 1))
                        elif ptag == _V_MERGE:
                            vmerge = prop.get(W_VAL) or "continue"
                        elif ptag == _H_MERGE:
                            hmerge = prop.get(W_VAL) or "continue"
                else:
                    self.cell_block(part, paragraphs)
            if hmerge == "continue" and cells:
                # Legacy horizontal merge: this cell widens the one before it.
                cells[-1].span += span
                cells[-1].paragraphs.extend(paragraphs)
                col += span
                continue
            loc = CellLocation(table, index, col)
            origin = open_merges.get(col) if vmerge == "continue" else None
            if origin is not None:
                # Word shows only the first cell's content; anything typed in a continued cell
                # is added to the list the merged cells share, so no text is dropped.
                origin.paragraphs.extend(paragraphs)
                cell = Cell(origin.paragraphs, col, loc, span, merged_from=origin.location.row)
                merges[col] = origin
            else:
                cell = Cell(paragraphs, col, loc, span)
                if vmerge is not None:
                    merges[col] = cell
            cells.append(cell)
            col += span
        open_merges.clear()
        open_merges.update(merges)
        return Row(cells, index, is_header=header)

    def cell_block(self, el: etree._Element, out: list[Paragraph]) -> None:
        """Add the paragraphs of one block inside a cell; a nested table is flattened."""
        tag = el.tag
        if tag == _P:
            out.extend(self.paragraph(el))
        elif tag == _TBL:
            # A table inside a cell is part of the cell's text: read it in reading order.
            for tr in _children(el, (_TR,)):
                for tc in _children(tr, (_TC,)):
                    self.count_cell()
                    for part in tc:
                        self.cell_block(part, out)
        elif tag in _BLOCK_CONTAINERS:
            for part in _sdt_content(el) if tag == _SDT else el:
                self.cell_block(part, out)

    def count_cell(self) -> None:
        self.cells += 1
        if self.cells > self.settings.max_cells:
            raise TooLarge(f"more than {self.settings.max_cells} table cells (max_cells)")


def _blocks(parent: etree._Element) -> Iterator[etree._Element]:
    """The block-level children of the body, with content controls opened up."""
    for child in parent:
        tag = child.tag
        if tag in (_P, _TBL, _ALT_CHUNK):
            yield child
        elif tag in _BLOCK_CONTAINERS:
            yield from _blocks(_sdt_content(child) if tag == _SDT else child)


def _children(parent: etree._Element, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """Children with one of ``tags``, looking through content controls and custom XML."""
    for child in parent:
        tag = child.tag
        if tag in tags:
            yield child
        elif tag in _BLOCK_CONTAINERS:
            yield from _children(_sdt_content(child) if tag == _SDT else child, tags)


def _sdt_content(sdt: etree._Element) -> etree._Element:
    """The content of a content control (``w:sdtContent``); the control itself if it has none."""
    for child in sdt:
        if child.tag == _SDT_CONTENT:
            return child
    return sdt


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
