"""The parts of an .xlsx package that openpyxl's read-only mode does not give: which sheets
there are and where (with their hidden state and print titles), and per sheet its merged
ranges, hidden rows and columns, and formulas.

openpyxl's read-only worksheets stream cell values and nothing else, so a second, cheap pass
over each worksheet's XML with lxml (C speed, tag-filtered, cleared as it goes) collects the
structure. Everything here parses with entity resolution, DTD loading and the network off, and
``refuse_doctypes`` first checks the prolog of every XML part in the package, so that the
parsers openpyxl uses (expat for worksheets and shared strings) never meet a DOCTYPE:
spreadsheets never need one, and a DOCTYPE is how entity bombs and external entities start.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import IO

from lxml import etree

from ..errors import CorruptDocument, EncryptedDocument, TooLarge, UnsupportedFormat
from .ooxml import Package

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_M = "{" + MAIN_NS + "}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_ROW, _COL, _MERGE, _F, _V, _SHEET_DATA = (
    _M + t for t in ("row", "col", "mergeCell", "f", "v", "sheetData")
)
_SHEET_DATA_TAG = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData\b")
_DIMENSION_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b")

#: The most rows and columns a worksheet can have.
MAX_ROW, MAX_COL = 1_048_576, 16_384
#: A DOCTYPE must come before the root element: this much XML is enough to reach it.
_PROLOG_LIMIT = 64 * 1024
_TRUE = frozenset(("1", "true"))
_PRINT_ROWS = re.compile(r"\$(\d{1,7}):\$(\d{1,7})")
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


@dataclass(frozen=True, slots=True)
class SheetInfo:
    """One entry of the workbook's sheet list."""

    name: str
    part: str | None  # the worksheet's ZIP name; None for chart and dialog sheets
    state: str  # "visible", "hidden" or "veryHidden"
    header_rows: tuple[int, int] | None = None  # print titles: first and last row, 1-based


@dataclass(slots=True)
class SheetStructure:
    """What the second pass over one worksheet found (rows and columns 1-based)."""

    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    formulas: int = 0
    uncalculated: int = 0  # formulas with no value saved


def refuse_doctypes(archive: zipfile.ZipFile) -> None:
    """Refuse the package if any XML part declares a DOCTYPE.

    Raises:
        CorruptDocument: a part has a DOCTYPE, or a prolog too long to be honest.
    """
    for info in archive.infolist():
        name = info.filename
        if info.flag_bits & 0x1:
            raise EncryptedDocument(f"ZIP member {name} is encrypted: a password is needed")
        if not name.lower().endswith((".xml", ".rels", ".vml")) or info.file_size == 0:
            continue
        try:
            with archive.open(info) as member:
                head = member.read(_PROLOG_LIMIT)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise CorruptDocument(f"ZIP member {name} is damaged ({exc})") from None
        except NotImplementedError as exc:
            raise UnsupportedFormat(f"ZIP member {name}: {exc}") from None
        verdict = _prolog(head)
        if verdict == "doctype":
            raise CorruptDocument(f"{name} has a DOCTYPE, which spreadsheets never have")
        if verdict == "long" and len(head) == _PROLOG_LIMIT:
            raise CorruptDocument(f"{name} has an XML prolog longer than 64 KiB")


def _prolog(head: bytes) -> str:
    """ "root" when the root element is reached, "doctype" on a DOCTYPE (or any other markup
    declaration), "long" when ``head`` ends first; "other" for what is not XML at all (the
    parser reading the part will say so)."""
    if head.startswith((b"\xff\xfe", b"<\x00")):
        text = head.decode("utf-16-le", "replace")
    elif head.startswith((b"\xfe\xff", b"\x00<")):
        text = head.decode("utf-16-be", "replace")
    else:
        text = head.decode("latin-1")  # every byte a character: positions are all we need
    at, end = 0, len(text)
    while at < end:
        char = text[at]
        if char in "\ufeff\xef\xbb\xbf \t\r\n":
            at += 1
        elif text.startswith("<?", at):
            close = text.find("?>", at)
            if close < 0:
                return "long"
            at = close + 2
        elif text.startswith("<!--", at):
            close = text.find("-->", at)
            if close < 0:
                return "long"
            at = close + 3
        elif text.startswith("<!", at):
            return "doctype"
        elif char == "<":
            return "root"
        else:
            return "other"
    return "long"


def workbook_sheets(package: Package) -> list[SheetInfo]:
    """The workbook's sheets in order, with where each lives and what is hidden.

    Raises:
        CorruptDocument: no workbook part, or it is damaged.
        UnsupportedFormat: a Strict Open XML workbook (openpyxl reads only transitional).
    """
    main = package.related("").get("officeDocument", "xl/workbook.xml")
    data = package.read(main)
    if data is None:
        raise CorruptDocument(f"not an Excel workbook: no {main} in the package")
    if STRICT_NS.encode() in data[:4096]:
        raise UnsupportedFormat(
            "a Strict Open XML workbook: save it as an ordinary Excel workbook (.xlsx)"
        )
    root = package.xml(main)
    if root is None or root.tag != _M + "workbook":
        tag = "none" if root is None else etree.QName(root).localname
        raise UnsupportedFormat(f"not an Excel workbook: the main part is <{tag}>")
    targets = _relationships(package, main)
    titles: dict[int, tuple[int, int]] = {}
    for defined in root.iter(_M + "definedName"):
        local = defined.get("localSheetId", "")
        if defined.get("name") == "_xlnm.Print_Titles" and local.isdigit():
            m = _PRINT_ROWS.search(defined.text or "")
            if m is not None:
                first, last = sorted((int(m.group(1)), int(m.group(2))))
                titles[int(local)] = (first, last)
    sheets = []
    for position, sheet in enumerate(root.iter(_M + "sheet")):
        name = sheet.get("name") or f"Sheet{position + 1}"
        kind, part = targets.get(sheet.get(_R_ID) or "", ("", None))
        sheets.append(
            SheetInfo(
                name,
                part if kind == "worksheet" else None,
                sheet.get("state") or "visible",
                titles.get(position),
            )
        )
    return sheets


def _relationships(package: Package, source: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (the last word of its type, the target's ZIP name)."""
    folder, base = posixpath.split(source)
    rels = package.xml(posixpath.join(folder, "_rels", base + ".rels"))
    out: dict[str, tuple[str, str]] = {}
    if rels is None:
        return out
    for rel in rels.iterchildren(_REL):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        if target.startswith("/"):
            name = target.lstrip("/")
        else:
            name = posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id") or ""] = ((rel.get("Type") or "").rsplit("/", 1)[-1], name)
    return out


class SheetScanner:
    """The second pass over one worksheet's XML, driven in step with openpyxl's walk.

    ``advance(n)`` reads until the rows after row ``n`` begin (so what row ``n`` is, hidden or
    not, is known) or the rows end; ``rows_ended`` then tells the walk it may stop, so openpyxl
    never parses what follows the rows (conditional formats, validations, merged ranges, which
    it turns into Python objects one by one). ``finish()`` reads the rest: the merged ranges.
    """

    def __init__(self, source: IO[bytes], max_merges: int) -> None:
        self.found = SheetStructure()
        self.rows_ended = False
        self.last_row = 0  # the number of the last row element read
        self._max_merges = max_merges
        self._formulas: list[etree._Element] = []
        self._events = etree.iterparse(
            source,
            events=("end",),
            tag=(_ROW, _COL, _MERGE, _F, _SHEET_DATA),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )

    def advance(self, number: int) -> None:
        """Read on until a row numbered above ``number`` has been read, or the rows end."""
        while not self.rows_ended and self.last_row <= number:
            self._step()

    def finish(self) -> SheetStructure:
        """Read to the end of the sheet.

        Raises:
            CorruptDocument: the XML is not well-formed.
            TooLarge: more merged ranges than ``max_merges``.
        """
        while self._step():
            pass
        return self.found

    def _step(self) -> bool:
        """Handle one element; False at the end of the document."""
        try:
            _, element = next(self._events)
        except StopIteration:
            self.rows_ended = True
            return False
        except etree.XMLSyntaxError as exc:
            raise CorruptDocument(f"a worksheet is not well-formed XML ({exc.msg})") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise CorruptDocument(f"a worksheet is damaged ({exc})") from None
        tag = element.tag
        found = self.found
        if tag == _F:
            self._formulas.append(element)
        elif tag == _ROW:
            self.last_row = _int(element.get("r"), self.last_row + 1)
            if element.get("hidden") in _TRUE:
                found.hidden_rows.add(self.last_row)
            for formula in self._formulas:
                found.formulas += 1
                cell = formula.getparent()
                value = None if cell is None else cell.find(_V)
                if value is None or not value.text:
                    found.uncalculated += 1
            self._formulas.clear()
            _drop(element)
        elif tag == _COL:
            if element.get("hidden") in _TRUE:
                first = max(1, _int(element.get("min"), 1))
                last = min(MAX_COL, _int(element.get("max"), first))
                found.hidden_cols.update(range(first, last + 1))
        elif tag == _MERGE:
            if not found.merges:
                # The count the file declares, when it is over the limit, refuses it at once.
                parent = element.getparent()
                declared = 0 if parent is None else _int(parent.get("count"), 0)
                if declared > self._max_merges:
                    raise TooLarge(f"{declared:,} merged ranges, more than max_cells allows")
            if len(found.merges) >= self._max_merges:
                raise TooLarge(f"more than {self._max_merges:,} merged ranges (max_cells)")
            merge = _range(element.get("ref") or "")
            if merge is not None:
                found.merges.append(merge)
            _drop(element)
        else:  # </sheetData>
            self.rows_ended = True
        return True


def missing_dimensions(archive: zipfile.ZipFile, parts: list[str]) -> list[str]:
    """The worksheet parts with no ``<dimension>`` before their rows. openpyxl looks for one
    when it opens a workbook and, missing it, parses the whole sheet to find where the rows
    end: a second full pass over a sheet of a million rows."""
    out = []
    for part in parts:
        try:
            with archive.open(part) as member:
                head = member.read(_PROLOG_LIMIT)
        except (KeyError, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            continue  # openpyxl will say what is wrong with it
        rows = _SHEET_DATA_TAG.search(head)
        if _DIMENSION_TAG.search(head, 0, rows.start() if rows else len(head)) is None:
            out.append(part)
    return out


def add_dimensions(archive: zipfile.ZipFile, parts: list[str]) -> bytes:
    """The package again, with a ``<dimension ref="A1"/>`` before the rows of ``parts``: the
    reader resets every sheet's dimensions before walking it, so the value does not matter."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
        for info in archive.infolist():
            try:
                content = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
                raise CorruptDocument(f"ZIP member {info.filename} is damaged ({exc})") from None
            if info.filename in parts:
                content = _SHEET_DATA_TAG.sub(rb'<\1dimension ref="A1"/><\1sheetData', content, 1)
            copy.writestr(info.filename, content)
    return out.getvalue()


def _drop(element: etree._Element) -> None:
    """Free a handled element and the siblings before it: the tree must not grow with the
    sheet."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _int(text: str | None, default: int) -> int:
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        return default


def _range(ref: str) -> tuple[int, int, int, int] | None:
    """ "B2:D4" -> (2, 2, 4, 4): rows and columns, 1-based; ``None`` for what is no range."""
    first, _, last = ref.partition(":")
    start, stop = _cell(first), _cell(last or first)
    if start is None or stop is None:
        return None
    (r1, c1), (r2, c2) = start, stop
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def _cell(ref: str) -> tuple[int, int] | None:
    m = _CELL_REF.match(ref.strip())
    if m is None:
        return None
    col = 0
    for letter in m.group(1).upper():
        col = col * 26 + ord(letter) - 64
    row = int(m.group(2))
    if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
        return None
    return row, col
