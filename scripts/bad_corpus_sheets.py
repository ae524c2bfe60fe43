"""Bad-input cases for the spreadsheet, CSV and web-page readers (part of the corpus that
``make_bad_corpus.py`` builds; see there). ``cases(corpus)`` is given that module, whose helpers
(``Case``, ``raw_zip``, ``deflated``, ``zero_bomb`` ...) it uses.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
XLSX = SAMPLES / "lcpc-workplan-2004.xlsx"
CSV = SAMPLES / "lcpc-workplan-2004.csv"
HTML = SAMPLES / "lcpc-workplan-2004.html"
SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
GIB = 1 << 30
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n"
)
XXE = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def workbook_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(XLSX) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def workbook_with(**replace: bytes) -> bytes:
    """The sample workbook with members replaced (``xl__worksheets__sheet1_xml`` style names)."""
    parts = workbook_parts()
    for key, data in replace.items():
        parts[key.replace("__", "/").replace("_xml", ".xml")] = data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sheet_xml(rows: bytes, extra: bytes = b"", dimension: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="'
        + MAIN.encode()
        + b'">'
        + (b'<dimension ref="%s"/>' % dimension if dimension else b"")
        + b"<sheetData>"
        + rows
        + b"</sheetData>"
        + extra
        + b"</worksheet>"
    )


def million_rows_sheet(rows: int = 1_000_000) -> bytes:
    """A sheet of ``rows`` numbered actions, far over max_rows (50,000), with its dimension
    declared as producers write it."""
    body = b"".join(
        b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>Action %d</t>'
        b"</is></c></row>" % (n, n, n, n, n)
        for n in range(1, rows + 1)
    )
    return sheet_xml(body, dimension=b"A1:B%d" % rows)


def wide_sheet(rows: int = 10_000) -> bytes:
    """Every row holds a value in column XFD, the last: rows padded to 16,384 cells."""
    body = b"".join(
        b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="XFD%d"><v>1</v></c></row>' % (n, n, n, n)
        for n in range(1, rows + 1)
    )
    return sheet_xml(body)


def many_merges_sheet(count: int = 600_000) -> bytes:
    merges = b"".join(b'<mergeCell ref="A%d:B%d"/>' % (n, n) for n in range(1, count + 1))
    return sheet_xml(
        b'<row r="1"><c r="A1"><v>1</v></c></row>',
        b'<mergeCells count="%d">' % count + merges + b"</mergeCells>",
    )


def html_with(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def cases(corpus: ModuleType) -> Iterator[tuple[Any, Any]]:
    """The cases, as ``make_bad_corpus._cases`` yields them: (Case, content)."""
    Case = corpus.Case
    xlsx = XLSX.read_bytes()
    csv_data = CSV.read_bytes()
    page = HTML.read_bytes()
    parts = workbook_parts()
    sheet = parts[SHEET]

    # .xlsx
    for cut in (30, len(xlsx) // 2):
        yield Case(f"truncated-{cut}.xlsx", "corrupt", f".xlsx cut after {cut} bytes"), xlsx[:cut]
    yield (
        Case("zip-bomb-1gib.xlsx", "too-large", "sheet1.xml inflates to 1 GiB of zeros"),
        lambda: corpus.raw_zip(
            [corpus.deflated(name, data) for name, data in parts.items() if name != SHEET]
            + [corpus.zero_bomb(SHEET, GIB)]
        ),
    )
    yield (
        Case("billion-laughs.xlsx", "corrupt", "an entity bomb in the worksheet"),
        workbook_with(xl__worksheets__sheet1_xml=LAUGHS + sheet.split(b"\n", 1)[-1]),
    )
    yield (
        Case(
            "billion-laughs-utf16.xlsx",
            "corrupt",
            "the entity bomb in UTF-16, which a byte search for DOCTYPE misses, in the worksheet "
            "(parsed by expat inside openpyxl)",
        ),
        workbook_with(
            xl__worksheets__sheet1_xml=(
                LAUGHS.decode().replace(
                    '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>'
                )
                + sheet.decode().split("\n", 1)[-1]
            ).encode("utf-16")
        ),
    )
    yield (
        Case("external-entity.xlsx", "corrupt", "xl/workbook.xml pulls in /etc/passwd"),
        workbook_with(xl__workbook_xml=XXE + parts["xl/workbook.xml"].split(b"\n", 1)[-1]),
    )
    no_workbook = dict(parts)
    del no_workbook["xl/workbook.xml"]
    yield (
        Case("no-workbook-part.xlsx", "corrupt", "a workbook without xl/workbook.xml"),
        corpus.zip_of(no_workbook),
    )
    yield (
        Case("malformed-sheet.xlsx", "corrupt", "sheet1.xml is not well-formed"),
        workbook_with(xl__worksheets__sheet1_xml=sheet.replace(b"</sheetData>", b"")),
    )
    yield (
        Case(
            "million-rows.xlsx",
            "too-large",
            "a sheet of 1,000,000 rows: reading stops at max_rows (50,000)",
        ),
        lambda: workbook_with(xl__worksheets__sheet1_xml=million_rows_sheet()),
    )
    yield (
        Case(
            "row-past-excel-limit.xlsx",
            "corrupt",
            "a row numbered 2,000,000,000: Excel stops at 1,048,576",
        ),
        workbook_with(
            xl__worksheets__sheet1_xml=sheet_xml(
                b'<row r="2000000000"><c r="A2000000000"><v>1</v></c></row>'
            )
        ),
    )
    yield (
        Case(
            "wide-rows.xlsx",
            "too-large",
            "a value in column XFD of every row: 16,384 cells a row to walk",
        ),
        lambda: workbook_with(xl__worksheets__sheet1_xml=wide_sheet()),
    )
    yield (
        Case("many-merges.xlsx", "too-large", "600,000 merged ranges (over max_cells)"),
        lambda: workbook_with(xl__worksheets__sheet1_xml=many_merges_sheet()),
    )
    one_merge = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    yield (
        Case(
            "merge-over-everything.xlsx",
            "no-workplan-table",
            "one merged range A1:XFD1048576 over the whole table: one cell, no header",
        ),
        workbook_with(
            xl__worksheets__sheet1_xml=re.sub(
                rb"<mergeCells.*?</mergeCells>|(?=<pageMargins)", one_merge, sheet, count=1
            )
        ),
    )
    # Found by fuzz/fuzz_readers.py: zipfile raises NotImplementedError, not BadZipFile, for
    # a "version needed to extract" it does not know.
    central = xlsx.index(b"PK\x01\x02")
    yield (
        Case("fuzz-zip-version.xlsx", "unsupported-format", "a ZIP entry needing version 14.8"),
        xlsx[: central + 6] + (148).to_bytes(2, "little") + xlsx[central + 8 :],
    )
    strict = {
        name: data.replace(MAIN.encode(), b"http://purl.oclc.org/ooxml/spreadsheetml/main")
        for name, data in parts.items()
    }
    yield Case("strict.xlsx", "unsupported-format", "Strict Open XML"), corpus.zip_of(strict)
    yield (
        Case("binary-workbook.xlsb", "unsupported-format", "an Excel binary workbook"),
        corpus.zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\0" * 64}),
    )
    yield (
        Case("encrypted-office.xlsx", "encrypted", "a password-protected workbook (OLE wrapper)"),
        corpus.cfb_encrypted_docx(),
    )
    hidden = parts["xl/workbook.xml"].replace(b'state="visible"', b'state="hidden"')
    yield (
        Case(
            "only-hidden-sheets.xlsx",
            "no-workplan-table",
            "the plan is on a hidden sheet, which is not read",
        ),
        workbook_with(xl__workbook_xml=hidden),
    )

    # .xls and .ods go through LibreOffice
    entry = "Workbook\0".encode("utf-16-le")
    entry = entry.ljust(64, b"\0") + len(entry).to_bytes(2, "little") + bytes(62)
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    ole[1024 : 1024 + 128] = entry
    yield (
        Case("corrupt-workbook.xls", "conversion-failed", "an OLE2 Workbook entry, then nothing"),
        bytes(ole),
    )
    yield (
        Case("corrupt.ods", "conversion-failed", "an .ods whose content.xml is not XML"),
        corpus.zip_of(
            {
                "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                "content.xml": b"<office:document-content <<<",
            }
        ),
    )

    # .csv
    yield (
        Case(
            "invalid-utf8.csv",
            "ok",
            "a UTF-8 BOM and one byte that is not UTF-8: replaced and noted",
            warning="source.note",
        ),
        csv_data.replace(b"Boards", b"Bo\xffrds", 1),
    )
    yield (
        Case("utf16.csv", "ok", "the sample CSV as UTF-16 with a BOM"),
        csv_data.decode("utf-8-sig").encode("utf-16"),
    )
    yield (
        Case(
            "unclosed-quote.csv",
            "ok",
            "a quote opened in the last record and never closed",
            warning="source.note",
        ),
        csv_data + b'13,"Unclosed quote,,,,\r\n',
    )
    yield (
        Case("endless-field.csv", "corrupt", "a quoted field of 200,000 characters"),
        b'Ref,Action,Lead\r\n1,"' + b"x" * 200_000 + b'",ALG\r\n',
    )
    yield (
        Case("million-rows.csv", "too-large", "1,000,000 records: over max_rows (50,000)"),
        lambda: (
            b"Ref,Action,Lead\r\n"
            + b"".join(b"%d,Action %d,ALG\r\n" % (n, n) for n in range(1, 1_000_001))
        ),
    )

    # .html
    table = page[page.index(b"<table>") : page.index(b"</table>") + len(b"</table>")]
    laughs = LAUGHS.split(b"\n", 1)[1].replace(b"lolz", b"html")
    yield (
        Case(
            "billion-laughs.html",
            "ok",
            "an entity bomb declared by the page: its entities are not expanded",
        ),
        laughs + b"<html><body><h1>Workplan 2004 &lol9;</h1>" + table + b"</body></html>",
    )
    yield (
        Case("external-entity.html", "ok", "the page declares &xxe; as /etc/passwd: not read"),
        XXE.split(b"\n", 1)[1].replace(b"DOCTYPE x", b"DOCTYPE html")
        + b"<html><body><p>&xxe;</p><h1>Workplan 2004</h1>"
        + table
        + b"</body></html>",
    )
    yield (
        Case(
            "deep-nesting.html",
            "no-workplan-table",
            "100,000 nested <div>s before the table: libxml2 stops at 256 levels (noted)",
        ),
        html_with("<div>" * 100_000 + "deep" + "</div>" * 100_000 + table.decode()),
    )
    yield (
        Case(
            "huge-spans.html",
            "too-large",
            "2,000 rows each opening a rowspan of 100,000 (clamped to the table) and a colspan of "
            "100,000 (clamped to 1,000): the grid passes max_cells",
        ),
        html_with(
            "<table>"
            + '<tr><td colspan="100000" rowspan="100000">x</td><td>y</td></tr>' * 2000
            + "</table>"
        ),
    )
    yield (
        Case("many-tables.html", "too-large", "1,500 tables (over max_tables, 1,000)"),
        html_with("<table><tr><td>a</td><td>b</td></tr></table>" * 1500),
    )
    yield (
        Case("script-only.html", "no-workplan-table", "a table written by a script: not read"),
        html_with(
            "<script>document.write('" + table.decode().replace("\n", " ").replace("'", "") + "')"
            "</script>"
        ),
    )
    yield Case("utf16.html", "ok", "the sample page in UTF-16"), page.decode().encode("utf-16")

    # Mislabelled: the content decides, with a warning.
    for real, data, names in (
        ("xlsx", xlsx, ("docx", "csv")),
        ("csv", csv_data, ("txt", "xlsx")),
        ("html", page, ("docx", "txt")),
    ):
        for ext in names:
            yield (
                Case(
                    f"{real}-named.{ext}",
                    "ok",
                    f"a .{real} named .{ext}",
                    warning="source.mislabelled",
                ),
                data,
            )
