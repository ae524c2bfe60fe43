"""Reader for Excel workbooks (.xlsx, .xlsm; .xls and .ods arrive here converted).

Cell values come from openpyxl in read-only mode, which streams each worksheet rather than
loading it; formulas are read as the values they had when the file was last saved
(``data_only``). What read-only mode does not give (merged ranges, hidden rows and columns,
formulas without a saved value) comes from a second, cheap pass over the sheet's XML
(``xlsxparts``). Every visible worksheet is a candidate table, named after its sheet:

- each value is shown as the sheet shows it, through its number format (``numfmt``: a date
  cell is "May-08", not 39569); a line break inside a cell starts a new paragraph, and
  bullets or "a)" typed at the start of a line are list labels; a wholly bold cell's
  paragraphs have the style "Strong";
- a merged range is one cell spanning its columns, repeated in each row it spans below the
  first (``merged_from``), as Word's merged cells are; text in the covered cells, which Excel
  keeps but does not show, is added to the merged cell rather than dropped;
- hidden sheets, rows and columns are not read, and each that held text is named in a note;
  so are formulas (read as their saved values) and formulas with no saved value (read as empty);
- title rows above the header and notes below the table become paragraphs (``grid``); the
  rows marked as print titles are header rows (``Row.is_header``).

The package's limits are checked before anything is parsed (``ooxml.Package``), every XML part
with a DOCTYPE is refused, and the walk stops as soon as a sheet passes a row or cell limit.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
import zipfile
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import CorruptDocument, TooLarge, UnsupportedFormat
from ..settings import Settings
from .base import SourceDocument
from .grid import GridCell, GridRow, build, paragraphs_of
from .numfmt import UK_SYSTEM_FORMATS, render
from .ooxml import Package
from .xlsxparts import (
    MAX_ROW,
    SheetInfo,
    SheetScanner,
    SheetStructure,
    add_dimensions,
    missing_dimensions,
    refuse_doctypes,
)
from .xlsxparts import workbook_sheets as _workbook_sheets

#: A raw cell from the walk: 1-based column, its text as shown, its style ("Strong" or None).
RawCell = tuple[int, str, str | None]
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: openpyxl pads each row to its last cell: padding beyond this many cells per cell allowed
#: (a styled cell at column XFD in every row) is refused rather than walked.
_PADDING_FACTOR = 10


def read_xlsx(data: bytes, path: str, settings: Settings | None = None) -> SourceDocument:
    """Read every visible worksheet of an .xlsx/.xlsm workbook as a table.

    Args:
        data: the file's bytes.
        path: the file's path (errors do not name it: the caller adds it).
        settings: limits to enforce; the defaults when ``None``.

    Returns:
        Per sheet, the paragraphs above its table, the table (``Table.name`` is the sheet's
        name) and the paragraphs below it. ``pages`` is ``None``.

    Raises:
        CorruptDocument: not a ZIP, no workbook part, damaged XML or a DOCTYPE.
        UnsupportedFormat: a Strict Open XML workbook, or not a workbook at all.
        EncryptedDocument: the file needs a password.
        TooLarge: over a limit of ``settings`` (ZIP size or ratio, tables, rows, cells).
    """
    opts = Settings.resolve(settings)
    package = Package(data, opts)
    archive = _zip(data)
    refuse_doctypes(archive)
    sheets = _workbook_sheets(package)
    undimensioned = missing_dimensions(archive, [s.part for s in sheets if s.part is not None])
    doc = SourceDocument()
    with _quiet():
        workbook = _open(add_dimensions(archive, undimensioned) if undimensioned else data)
        try:
            _Reader(doc, opts, workbook, archive).sheets(sheets)
        finally:
            workbook.close()
    return doc


def _zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:  # Package opened it: unlikely
        raise CorruptDocument(f"not a valid ZIP archive ({exc})") from None


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    # openpyxl warns (UserWarning) about features it drops when *writing* a file (data
    # validation extensions, conditional formats it cannot parse): nothing a reader of the
    # values needs to hear, and a warning printed by a worker would break the CLI's
    # one-line-per-file output. Scoped to this call.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        yield


#: What openpyxl raises on a damaged package, beyond our own errors (it validates as it goes
#: and does not wrap what its parsers and descriptors raise).
_OPENPYXL_ERRORS: tuple[type[BaseException], ...] = (
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    OverflowError,
    SyntaxError,  # xml.etree's ParseError
    EOFError,
    OSError,
    zipfile.BadZipFile,
    zlib.error,
)


def _open(data: bytes) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False, keep_vba=False
        )
    except _OPENPYXL_ERRORS as exc:
        raise CorruptDocument(f"damaged workbook ({_reason(exc)})") from None


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


@dataclass(slots=True)
class _Walk:
    """What the walk over one sheet found: its visible rows with text, and the hidden rows and
    columns that held text."""

    rows: list[GridRow] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)
    hidden_cols: set[int] = field(default_factory=set)


class _Reader:
    """Reads the sheets of one workbook into one document, counting against the limits."""

    def __init__(
        self, doc: SourceDocument, settings: Settings, workbook: Any, archive: zipfile.ZipFile
    ) -> None:
        self.doc = doc
        self.settings = settings
        self.workbook = workbook
        self.archive = archive
        self.cells = 0
        self.tables = 0
        #: (style, number format) per cell format (openpyxl's StyleArray), looked up once each.
        self._styles: dict[int, tuple[str | None, str]] = {}

    def sheets(self, sheets: list[SheetInfo]) -> None:
        names = set(self.workbook.sheetnames)
        for sheet in sheets:
            if sheet.part is None:
                continue  # a chart or dialog sheet: no cells
            if sheet.state != "visible":
                self.doc.notes.append(f"sheet {sheet.name!r} is hidden and was not read")
                continue
            if sheet.name not in names:
                self.doc.notes.append(f"sheet {sheet.name!r} has no worksheet part: not read")
                continue
            self._sheet(sheet)

    # --- the walk --------------------------------------------------------------------------

    def _sheet(self, sheet: SheetInfo) -> None:
        assert sheet.part is not None
        try:
            source = self.archive.open(sheet.part)
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, KeyError) as exc:
            raise CorruptDocument(f"sheet {sheet.name!r} is damaged ({_reason(exc)})") from None
        except NotImplementedError as exc:
            raise UnsupportedFormat(f"sheet {sheet.name!r}: {exc}") from None
        with source:
            scanner = SheetScanner(source, self.settings.max_cells)
            walk = _Walk()
            self._walk(sheet, scanner, walk)
            structure = scanner.finish()
        self._merge(walk.rows, structure, sheet.name)
        if sheet.header_rows is not None:
            first, last = sheet.header_rows
            for row in walk.rows:
                row.is_header = first - 1 <= row.index <= last - 1
        if walk.rows:
            if self.tables >= self.settings.max_tables:
                raise TooLarge(f"more than {self.settings.max_tables:,} tables (max_tables)")
            blocks = build(walk.rows, self.tables, self.settings, sheet.name)
            self.doc.blocks.extend(blocks.all())
            if blocks.table is not None:
                self.tables += 1
        self._notes(sheet.name, structure, walk)

    def _walk(self, sheet: SheetInfo, scanner: SheetScanner, walk: _Walk) -> None:
        """Every visible row with text into ``walk``, through openpyxl, in step with
        ``scanner``: it says which rows and columns are hidden, and where the rows end."""
        settings = self.settings
        scanner.advance(0)
        if scanner.rows_ended and scanner.last_row == 0:
            return  # no rows: openpyxl would parse the whole sheet looking for one
        hidden_cols = scanner.found.hidden_cols
        worksheet = self.workbook[sheet.name]
        # The <dimension> a producer writes can be wrong in both directions; without it each
        # row is as long as its last cell.
        worksheet.reset_dimensions()
        padded = 0
        padding_limit = _PADDING_FACTOR * settings.max_cells
        number = 0
        try:
            for number, row in enumerate(worksheet.iter_rows(), start=1):
                if number > MAX_ROW:
                    raise CorruptDocument(
                        f"sheet {sheet.name!r} has rows past Excel's last row ({MAX_ROW:,})"
                    )
                scanner.advance(number)
                if row:
                    padded += len(row)
                    if padded > padding_limit:
                        raise TooLarge(
                            f"sheet {sheet.name!r} is too wide to read within max_cells "
                            f"({settings.max_cells:,})"
                        )
                    self._row(number, row, scanner.found.hidden_rows, hidden_cols, walk)
                    if len(walk.rows) > settings.max_rows:
                        raise TooLarge(
                            f"sheet {sheet.name!r} has more than {settings.max_rows:,} rows "
                            "(max_rows)"
                        )
                scanner.found.hidden_rows.discard(number)
                if scanner.rows_ended and number >= scanner.last_row:
                    break  # the last row: what follows is for the scanner, not openpyxl
        except _OPENPYXL_ERRORS as exc:
            raise CorruptDocument(
                f"sheet {sheet.name!r} is damaged near row {number + 1} ({_reason(exc)})"
            ) from None

    def _row(
        self,
        number: int,
        row: tuple[Any, ...],
        hidden_rows: set[int],
        hidden_cols: set[int],
        walk: _Walk,
    ) -> None:
        cells = self._cells(row)
        if not cells:
            return
        if number in hidden_rows:
            walk.hidden_rows.append(number)
            return
        grid = GridRow(number - 1)
        for col, text, style in cells:
            if col in hidden_cols:
                walk.hidden_cols.add(col)
                continue
            paragraphs = paragraphs_of(text, style)
            if paragraphs:
                grid.cells.append(GridCell(col - 1, paragraphs))
        if grid.cells:
            walk.rows.append(grid)
            self.cells += len(grid.cells)
            if self.cells > self.settings.max_cells:
                raise TooLarge(f"more than {self.settings.max_cells:,} cells (max_cells)")

    def _cells(self, row: tuple[Any, ...]) -> list[RawCell]:
        out = []
        styles = self._styles
        for cell in row:
            value = cell.value
            if value is None:
                continue
            array = cell.style_array
            found = styles.get(id(array))
            if found is None:
                found = styles[id(array)] = _style_of(cell)
            style, fmt = found
            text = value if isinstance(value, str) else render(value, fmt)
            if "_x" in text:
                text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
            if text.strip():
                out.append((cell.column, text, style))
        return out

    # --- from rows to blocks ---------------------------------------------------------------

    def _merge(self, rows: list[GridRow], structure: SheetStructure, sheet: str) -> None:
        """Make each merged range one cell spanning its columns, repeated (``merged_from``)
        in the rows below its first; text in the cells it covers joins the merged cell."""
        if not structure.merges:
            return
        numbers = [row.index + 1 for row in rows]
        budget = self.settings.max_cells - self.cells
        for r1, c1, r2, c2 in structure.merges:
            lo, hi = bisect_left(numbers, r1), bisect_right(numbers, r2)
            if lo == hi:
                continue
            origin: GridCell | None = None
            origin_row = -1
            for at in range(lo, hi):
                row = rows[at]
                inside = [c for c in row.cells if c1 - 1 <= c.col <= c2 - 1]
                if origin is None:
                    if not inside:
                        continue  # nothing shown in the merge's first row(s)
                    origin = inside[0]
                    origin_row = row.index
                    origin.col, origin.span = c1 - 1, c2 - c1 + 1
                    for extra in inside[1:]:
                        origin.paragraphs.extend(extra.paragraphs)
                        row.cells.remove(extra)
                    continue
                for extra in inside:
                    origin.paragraphs.extend(extra.paragraphs)
                    row.cells.remove(extra)
                budget -= 1
                if budget < 0:
                    raise TooLarge(
                        f"merged cells in sheet {sheet!r} make more than "
                        f"{self.settings.max_cells:,} cells (max_cells)"
                    )
                row.cells.append(
                    GridCell(c1 - 1, origin.paragraphs, c2 - c1 + 1, merged_from=origin_row)
                )
                row.cells.sort(key=lambda c: c.col)

    def _notes(self, name: str, structure: SheetStructure, walk: _Walk) -> None:
        notes = self.doc.notes
        hidden_rows, cols = walk.hidden_rows, sorted(walk.hidden_cols)
        if hidden_rows:
            what = _plural(len(hidden_rows), "hidden row", "hidden rows")
            notes.append(
                f"sheet {name!r}: {what} {_ranges(hidden_rows)} "
                f"{'holds' if len(hidden_rows) == 1 else 'hold'} text, not read"
            )
        if cols:
            what = _plural(len(cols), "hidden column", "hidden columns")
            letters = ", ".join(_letters(c) for c in cols)
            notes.append(
                f"sheet {name!r}: {what} {letters} {'holds' if len(cols) == 1 else 'hold'} "
                "text, not read"
            )
        if structure.formulas:
            notes.append(
                f"sheet {name!r}: {structure.formulas:,} "
                f"{_plural(structure.formulas, 'formula', 'formulas')} read as the values "
                "saved with the file"
            )
        if structure.uncalculated:
            notes.append(
                f"sheet {name!r}: {structure.uncalculated:,} "
                f"{_plural(structure.uncalculated, 'formula has', 'formulas have')} no saved "
                "value (the file was saved without calculating) and read as empty"
            )


def _style_of(cell: Any) -> tuple[str | None, str]:
    """ "Strong" for a bold cell (else None), and the number format to show its value in."""
    font = cell.font
    format_id = cell.style_array.numFmtId
    return (
        "Strong" if font is not None and font.b else None,
        UK_SYSTEM_FORMATS.get(format_id) or cell.number_format,
    )


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _ranges(numbers: list[int]) -> str:
    """[3, 4, 5, 9] -> "3-5, 9"."""
    parts = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


def _letters(col: int) -> str:
    out = ""
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out
