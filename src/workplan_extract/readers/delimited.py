"""Reader for delimited text: .csv files (and .tsv), one table per file.

The encoding is read from a byte-order mark (UTF-8, UTF-16), else tried as UTF-8, else read
as Windows-1252 (what Excel writes on a UK machine); either way a byte that does not decode is
replaced and noted. The delimiter is sniffed from
the records (``textsniff.sniff_delimiter``: comma, semicolon, TAB or bar, whichever gives the
records one width), or taken from Excel's ``sep=;`` first line. Quoted fields may hold line
breaks: each line of a field is a paragraph, as in a spreadsheet cell. Title rows above the
header and notes below the table become paragraphs, as for a worksheet (``grid``).

A quote left open swallows the rest of the file into one field: that is read as the csv module
reads it, with a note naming the line where the quote opened, rather than refused, as long as
the swallowed field stays within the field limit (131,072 characters); a longer one makes the
file ``corrupt``, the message naming the line where reading stopped.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

from ..errors import CorruptDocument, TooLarge
from ..settings import Settings
from .base import SourceDocument
from .grid import GridCell, GridRow, build, paragraphs_of
from .textsniff import DELIMITERS, bom_encoding, sniff_delimiter

#: What the delimiter is sniffed from.
_SNIFF = 64 * 1024
_SEP_LINE = re.compile(r"^sep=(.)\r?\n", re.IGNORECASE)
_NAMES = {",": "commas", ";": "semicolons", "\t": "TABs", "|": "bars"}
#: The longest field read: the csv module's default limit, checked here because the module's
#: own limit is process-wide and other libraries raise it (frictionless does on import).
FIELD_LIMIT = 131_072


def read_csv(data: bytes, path: str, settings: Settings | None = None) -> SourceDocument:
    """Read a delimited text file into paragraphs and one table.

    Args:
        data: the file's bytes.
        path: the file's path (errors do not name it: the caller adds it).
        settings: limits to enforce; the defaults when ``None``.

    Raises:
        CorruptDocument: NUL bytes (binary content), or a field longer than the csv module
            allows (131,072 characters; usually a quote never closed).
        TooLarge: more rows than ``settings.max_rows`` or cells than ``max_cells``.

    >>> doc = read_csv(b"Ref,Action,Lead\\n1,Review,ALG\\n", "plan.csv")
    >>> [c.text for c in next(doc.tables()).rows[1].cells]
    ['1', 'Review', 'ALG']
    """
    opts = Settings.resolve(settings)
    doc = SourceDocument()
    text = decode(data, doc.notes)
    if "\x00" in text:
        raise CorruptDocument("NUL bytes in a text file: it is binary, not CSV")
    offset = 0
    m = _SEP_LINE.match(text)
    if m is not None:
        delimiter: str | None = m.group(1)
        offset = 1
        text = text[m.end() :]
    else:
        delimiter = sniff_delimiter(text[:_SNIFF], complete=len(text) <= _SNIFF, min_records=1)
    if delimiter is None:
        # Ragged records (or one column): the commonest candidate in the first lines.
        head = "\n".join(text[:_SNIFF].splitlines()[:20])
        delimiter = max(DELIMITERS, key=lambda d: (head.count(d), d == ","))
        doc.notes.append(
            "the records do not have one width under any delimiter; read as separated by "
            f"{_NAMES[delimiter]}"
        )
    try:
        rows = _rows(text, delimiter, opts, offset, strict=True)
    except csv.Error as exc:
        # csv in strict mode stops at a quote it cannot close; the lenient reading keeps
        # everything, and the note says where the doubt is.
        doc.notes.append(f"CSV quoting is broken ({exc}); read as the csv module reads it")
        try:
            rows = _rows(text, delimiter, opts, offset, strict=False)
        except csv.Error as again:
            raise CorruptDocument(f"unreadable CSV ({again})") from None
    doc.blocks.extend(build(rows, 0, opts).all())
    return doc


def decode(data: bytes, notes: list[str]) -> str:
    """The file's text: in the encoding its byte-order mark names, else UTF-8, else
    Windows-1252. Bytes the encoding cannot read are replaced (U+FFFD) and noted: one bad byte
    in a spreadsheet export should not lose the plan."""
    encoding = bom_encoding(data)
    if encoding is None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            notes.append(f"text is not valid UTF-8 (byte {exc.start}); read as Windows-1252")
            return data.decode("cp1252", "replace")
    # The BOM off, and the codec it names, so an error's offset counts from the file's start.
    if encoding == "utf-8-sig":
        codec, bom = "utf-8", len(codecs.BOM_UTF8)
    else:
        codec, bom = ("utf-16-le" if data[:2] == codecs.BOM_UTF16_LE else "utf-16-be"), 2
    try:
        return data[bom:].decode(codec)
    except UnicodeDecodeError as exc:
        name = "UTF-8" if codec == "utf-8" else "UTF-16"
        notes.append(f"text is not valid {name} (byte {exc.start + bom}); bad bytes replaced")
        return data[bom:].decode(codec, "replace")


def _rows(text: str, delimiter: str, opts: Settings, offset: int, *, strict: bool) -> list[GridRow]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    rows: list[GridRow] = []
    cells = 0
    line = 1
    try:
        for number, record in enumerate(reader):
            start, line = line, reader.line_num + 1
            row = GridRow(number + offset, line=start + offset)
            for col, field in enumerate(record):
                if len(field) > FIELD_LIMIT:
                    raise csv.Error(f"field larger than field limit ({FIELD_LIMIT})")
                paragraphs = paragraphs_of(field)
                if paragraphs:
                    row.cells.append(GridCell(col, paragraphs))
            if not row.cells:
                continue
            cells += len(row.cells)
            if cells > opts.max_cells:
                raise TooLarge(f"more than {opts.max_cells:,} cells (max_cells)")
            rows.append(row)
            if len(rows) > opts.max_rows:
                raise TooLarge(f"more than {opts.max_rows:,} rows (max_rows)")
    except csv.Error as exc:
        raise csv.Error(f"line {reader.line_num}: {exc}") from None
    return rows
