"""Small workbooks for the .xlsx reader's tests, built with openpyxl in memory."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from workplan_extract.readers.base import Paragraph, SourceDocument, Table

HEADER = ("Ref", "Action", "Lead", "Timescale")


def workbook(build: Callable[[Worksheet], None] | None = None, **sheets: Iterable[object]) -> bytes:
    """A workbook whose first sheet ``build`` fills (or, with ``sheets``, one sheet per name
    filled with rows); returns the .xlsx bytes."""
    book = Workbook()
    first = book.active
    assert first is not None
    if build is not None:
        build(first)
    for i, (name, rows) in enumerate(sheets.items()):
        sheet = first if i == 0 and build is None else book.create_sheet(name)
        sheet.title = name
        for row in rows:
            sheet.append(list(row))  # type: ignore[arg-type]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def patched(data: bytes, **parts: bytes | Callable[[bytes], bytes]) -> bytes:
    """The package with members replaced (bytes) or rewritten (a function of the old bytes);
    a name with "__" stands for "/" (``xl__worksheets__sheet1_xml``), "_xml" for ".xml"."""
    wanted = {k.replace("__", "/").replace("_xml", ".xml"): v for k, v in parts.items()}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            change = wanted.pop(info.filename, None)
            if callable(change):
                content = change(content)
            elif change is not None:
                content = change
            dst.writestr(info.filename, content, zipfile.ZIP_DEFLATED)
        for name, content in wanted.items():
            assert not callable(content), f"no member {name} to rewrite"
            dst.writestr(name, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def tables(doc: SourceDocument) -> list[Table]:
    return list(doc.tables())


def paragraphs(doc: SourceDocument) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def grid(table: Table) -> list[list[str]]:
    """Each row's cell texts, by grid column (empty string where no cell starts)."""
    out = []
    for row in table.rows:
        texts = [""] * table.ncols
        for cell in row.cells:
            texts[cell.col] = cell.text
        out.append(texts)
    return out
