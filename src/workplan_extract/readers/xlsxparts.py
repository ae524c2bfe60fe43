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
_ROW, _COL, _MERGE, _F, _V, _C = (_M + t for t in ("row", "col", "mergeCell", "f", "v", "c"))

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


def sheet_structure(source: IO[bytes], last_row: int, max_merges: int) -> SheetStructure:
    """Merged ranges, hidden rows (up to ``last_row``) and columns, and formulas of one
    worksheet, from its XML.

    Raises:
        CorruptDocument: the XML is not well-formed.
        TooLarge: more merged ranges than ``max_merges``.
    """
    found = SheetStructure()
    formulas: list[etree._Element] = []
    number = 0
    events = etree.iterparse(
        source,
        events=("end",),
        tag=(_ROW, _COL, _MERGE, _F),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        for _, element in events:
            tag = element.tag
            if tag == _F:
                formulas.append(element)
                continue
            if tag == _ROW:
                number = _int(element.get("r"), number + 1)
                if element.get("hidden") in _TRUE and number <= last_row:
                    found.hidden_rows.add(number)
                for formula in formulas:
                    found.formulas += 1
                    cell = formula.getparent()
                    value = None if cell is None else cell.find(_V)
                    if value is None or not value.text:
                        found.uncalculated += 1
                formulas.clear()
                _drop(element)
            elif tag == _COL:
                if element.get("hidden") in _TRUE:
                    first = max(1, _int(element.get("min"), 1))
                    last = min(MAX_COL, _int(element.get("max"), first))
                    found.hidden_cols.update(range(first, last + 1))
            else:
                merge = _range(element.get("ref") or "")
                if merge is not None:
                    if len(found.merges) >= max_merges:
                        raise TooLarge(f"more than {max_merges:,} merged ranges (max_cells)")
                    found.merges.append(merge)
                _drop(element)
    except etree.XMLSyntaxError as exc:
        raise CorruptDocument(f"a worksheet is not well-formed XML ({exc.msg})") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise CorruptDocument(f"a worksheet is damaged ({exc})") from None
    return found


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
