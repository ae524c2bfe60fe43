"""Reader for plain-text dumps of Word tables.

The layout (see ``shared/seeds``): lines before the first TAB-led line are paragraphs; from then
on each line beginning with a TAB starts a new cell, lines without one continue the cell above,
and blank lines separate paragraphs inside a cell. The dump does not mark where rows end, so rows
are recovered from the table's first column, which counts them ("1", "2", ... or "1.1", "1.2"):
the header is every cell before the first "1", its length is the column count, and a row ends
early when the next row's number comes sooner (a row merged across columns, or a truncated last
row, whose last cell then spans the remaining columns).
"""

from __future__ import annotations

import codecs
import re

from ..errors import CorruptDocument, TooLarge
from ..formats import text_encoding
from ..settings import Settings
from .base import _SPACES, Cell, CellLocation, Paragraph, Row, SourceDocument, Table, _new, tidy

_IMAGE = re.compile(r"\[image:[^\]]*\]")
_KEY = re.compile(r"^(\d{1,6})(?:\.(\d{1,3}))?\.?$")


def decode(data: bytes, notes: list[str]) -> str:
    """Decode a text dump: UTF-8 with a BOM, UTF-16 or UTF-32 (with a BOM, or told by the
    zero bytes of Latin text), then UTF-8, then Windows-1252 (noted as a doubt)."""
    bom = data.startswith(codecs.BOM_UTF8)
    encoding = "utf-8-sig" if bom else text_encoding(data[:1024]) or ""
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise CorruptDocument(f"invalid {encoding} text at byte {exc.start}") from None
        if encoding in ("utf-16", "utf-32", "utf-8-sig"):
            return text
        # No byte-order mark: the encoding was told from the bytes, so say so.
        notes.append(f"text has no byte-order mark; read as {encoding.upper()}")
        return text.removeprefix("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        notes.append(f"text is not valid UTF-8 (byte {exc.start}); read as Windows-1252")
        return data.decode("cp1252", errors="replace")


def _paragraphs(lines: list[str]) -> list[Paragraph]:
    out = []
    for line in lines:
        text = tidy(_IMAGE.sub(" ", line) if "[image:" in line else line)
        if text:
            out.append(Paragraph.from_tidy(text))
    return out


Key = tuple[int, int | None]


def _key(paragraphs: list[Paragraph]) -> Key | None:
    """The row number a cell holds ("1", "1.2"), if that is all it holds."""
    if len(paragraphs) != 1 or paragraphs[0].label:
        return None
    m = _KEY.match(paragraphs[0].text)
    if m is None:
        return None
    return int(m.group(1)), None if m.group(2) is None else int(m.group(2))


def _follows(key: Key, prev: Key | None) -> bool:
    """Whether ``key`` can be the row number after ``prev`` (1 -> 2, 1 -> 1.1, 1.1 -> 1.2 or 2)."""
    major, minor = key
    if prev is None:
        return (major, minor) in ((1, None), (1, 1))
    pmajor, pminor = prev
    if major == pmajor + 1 and minor in (None, 1):
        return True
    if major == pmajor and minor is not None:
        return minor == (pminor or 0) + 1
    return False


def read_txt(data: bytes, path: str, settings: Settings | None = None) -> SourceDocument:
    """Read a text dump into blocks: the paragraphs before the table, then the table.

    Raises:
        CorruptDocument: invalid UTF-16, or binary content.
        TooLarge: more cells than ``settings.max_cells`` or rows than ``max_rows``.
    """
    opts = Settings.resolve(settings)
    doc = SourceDocument()
    text = decode(data, doc.notes)
    if "\x00" in text:
        raise CorruptDocument("text dump contains NUL bytes: it is binary, not text")
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.startswith("\t")), None)
    doc.blocks.extend(_paragraphs(lines if first is None else lines[:first]))
    if first is None:
        return doc

    # One pass over the table's lines: each line is tidied and made a paragraph as it is met,
    # inline (``tidy`` and ``Paragraph.from_tidy`` per line were a third of a .txt run, most
    # of it call overhead), into the cell it belongs to.
    contents: list[list[Paragraph]] = []
    numbers: list[int] = []  # each cell's 1-based line number
    max_cells = opts.max_cells
    body: list[Paragraph] = []
    for number, line in enumerate(lines[first:], start=first + 1):
        if line[:1] == "\t":
            # Checked while counting: the row finder and the column mapping grow with the
            # cells, and a 200 MB dump of TAB lines would hold tens of millions.
            if len(contents) >= max_cells:
                raise TooLarge(f"more than {max_cells:,} table cells (max_cells)")
            body = []
            contents.append(body)
            numbers.append(number)
            line = line[1:]
        if "[image:" in line:
            line = _IMAGE.sub(" ", line)
        text = line.strip()
        if not text:
            continue
        # ``tidy``, unrolled: isascii() costs nothing (a flag), so plain ASCII text makes
        # two substring tests rather than six.
        if (
            "  " in text
            or "\t" in text
            or (
                not text.isascii()
                and ("\u00a0" in text or "\u2002" in text or "\u2003" in text or "\u2009" in text)
            )
        ):
            text = _SPACES.sub(" ", text).strip()
        if text[0].isalnum() and text[1:2] != ")":
            # ``Paragraph.from_tidy``'s fast path: no typed label can start so.
            body.append(_new(Paragraph, (text, None, 0, None)))
        else:
            body.append(Paragraph.from_tidy(text))
    rows, ncols, header = _row_spans([_key(paragraphs) for paragraphs in contents])
    if len(rows) > opts.max_rows:
        raise TooLarge(f"a table has more than {opts.max_rows:,} rows (max_rows)")
    table = Table([], 0, ncols)
    for index, (start, end) in enumerate(rows):
        placed = []
        last = end - start - 1
        for col, at in enumerate(range(start, end)):
            span = ncols - col if col == last else 1
            loc = _new(CellLocation, (0, index, col, None, numbers[at]))
            placed.append(Cell(contents[at], col, loc, span if span > 1 else 1))
        table.rows.append(Row(placed, index, is_header=header and index == 0))
    doc.blocks.append(table)
    return doc


def _row_spans(keys: list[Key | None]) -> tuple[list[tuple[int, int]], int, bool]:
    """Where each row starts and ends in the list of cells, the column count, and whether the
    first row is a header (every cell before the first row number, when there is one).

    ``keys`` holds each cell's row number, if it holds one.
    """
    start = next((i for i, key in enumerate(keys) if _follows(key or (0, 0), None)), None)
    if start is None or start == 0:
        # No numbered first column: the rows cannot be told apart, so report one row.
        return [(0, len(keys))], len(keys) or 1, False
    ncols = start
    rows = [(0, start)]
    pos, prev = start, None
    count = len(keys)
    while pos < count:
        key = keys[pos]
        if key is not None and _follows(key, prev):
            prev = key
        end = min(pos + ncols, count)
        if not _starts_row(keys, end, prev):
            # The row is short (merged across columns) if the next number comes sooner.
            end = next((i for i in range(pos + 1, end) if _starts_row(keys, i, prev)), end)
        rows.append((pos, end))
        pos = end
    return rows, ncols, True


def _starts_row(keys: list[Key | None], at: int, prev: Key | None) -> bool:
    if prev is None or at >= len(keys):
        return False
    key = keys[at]
    return key is not None and _follows(key, prev)
