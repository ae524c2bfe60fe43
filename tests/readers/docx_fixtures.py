"""Build small Word documents for the .docx reader's tests, with the features real files have.

python-docx writes paragraphs, tables, merges and sections; Word list definitions, repeated
header rows and raw XML (fields, tracked changes) are added through its oxml layer here.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import docx
from docx.document import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import Table
from docx.text.paragraph import Paragraph

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def new_document() -> Document:
    return docx.Document()


def to_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_list(document: Document, *levels: tuple[str, str], restart: bool = False) -> int:
    """Define a list whose levels are ``(numFmt, lvlText)`` and return a new numId for it.

    ``restart=True`` adds a ``startOverride``, as Word does when a user restarts numbering.
    """
    numbering = document.part.numbering_part.element
    ids = [
        int(a.get(qn("w:abstractNumId")) or 0) for a in numbering.iterchildren(qn("w:abstractNum"))
    ]
    abstract_id = max(ids, default=-1) + 1
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    element = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(element)
    else:
        numbering.append(element)
    return another_num(document, abstract_id, restart=restart)


def another_num(document: Document, abstract_id: int, restart: bool = False) -> int:
    """A further list instance (numId) of an abstract list."""
    num = document.part.numbering_part.element.add_num(abstract_id)
    if restart:
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


def abstract_of(document: Document, num_id: int) -> int:
    num = document.part.numbering_part.element.num_having_numId(num_id)
    return int(num.abstractNumId.val)


def numbered(paragraph: Paragraph, num_id: int, ilvl: int = 0) -> Paragraph:
    # numPr accessors are generated at runtime by python-docx's oxml metaclass.
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()  # type: ignore[attr-defined]
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id
    return paragraph


def style_with_list(
    document: Document, name: str, num_id: int, based_on: str | None = None
) -> None:
    """Add a paragraph style that numbers its paragraphs with list ``num_id``."""
    from docx.enum.style import WD_STYLE_TYPE

    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if based_on is not None:
        style.base_style = document.styles[based_on]
    if num_id:
        num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_numId().val = num_id


def mark_header(table: Table, row: int = 0) -> None:
    table.rows[row]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def fill(table: Table, rows: list[list[str]]) -> Table:
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return table


def add_xml_paragraph(document: Document, inner: str) -> None:
    """Append a ``w:p`` with raw run-level XML (fields, tracked changes, hyperlinks)."""
    element = parse_xml(f"<w:p {nsdecls('w', 'r')}>{inner}</w:p>")
    # Before the body's closing sectPr, where python-docx puts its own paragraphs.
    document.element.body.sectPr.addprevious(element)


def rewrite_part(data: bytes, name: str, change: Callable[[bytes], bytes | None]) -> bytes:
    """Copy a ZIP, passing member ``name`` through ``change`` (``None`` drops the member)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == name:
                new = change(blob)
                if new is None:
                    continue
                blob = new
            dst.writestr(info.filename, blob)
    return out.getvalue()
