"""Detect a file's format from its content; the extension is only a hint.

Magic bytes decide: ``%PDF`` is a PDF; an OLE2 compound file with a ``WordDocument`` stream a
Word 97 .doc, with a ``Workbook`` (or Excel 5 ``Book``) stream an .xls; a ZIP holding
``word/document.xml`` a .docx, one holding ``xl/workbook.xml`` an .xlsx, one whose ``mimetype``
says OpenDocument text or spreadsheet an .odt or .ods; ``{\\rtf`` an RTF; a PNG, JPEG or TIFF
signature a page image (read by OCR). Text is an HTML page
when it opens with an HTML tag, a CSV file when its records have one width under one delimiter
(``readers.textsniff``), and a text dump otherwise. When the content and the extension disagree,
the content wins and the caller is told, so it can warn; only between the two plain-text
formats, which content alone cannot always tell apart (a one-column CSV file), does a ``.csv``
or ``.html`` name decide.
"""

from __future__ import annotations

import codecs
import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from .errors import CorruptDocument, EncryptedDocument, UnsupportedFormat
from .readers.textsniff import decode_head, has_html_tags, looks_like_html, sniff_delimiter

#: Every format the tool reads, as ``source.format`` names it (.xlsm is read as "xlsx",
#: .jpg as "jpeg", .tif as "tiff").
FormatName = Literal[
    "docx",
    "pdf",
    "doc",
    "odt",
    "rtf",
    "txt",
    "xlsx",
    "xls",
    "ods",
    "csv",
    "html",
    "png",
    "jpeg",
    "tiff",
]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ODT_MIME = b"application/vnd.oasis.opendocument.text"
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
#: Excel 97-2003 keeps its data in a stream named "Workbook"; Excel 5/95 in one named "Book".
_EXCEL_STREAMS = ("Workbook", "Book")
#: How much of a text file detection looks at.
_TEXT_HEAD = 64 * 1024
_EXTENSIONS: dict[str, FormatName] = {
    ".docx": "docx",
    ".docm": "docx",
    ".pdf": "pdf",
    ".doc": "doc",
    ".odt": "odt",
    ".rtf": "rtf",
    ".txt": "txt",
    ".text": "txt",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
    ".csv": "csv",
    ".tsv": "csv",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".tif": "tiff",
    ".tiff": "tiff",
}
#: Page images (scans), read by OCR: PNG, JPEG (JFIF or Exif), TIFF and BigTIFF, both byte orders.
_IMAGE_MAGIC: tuple[tuple[bytes, FormatName], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"II+\x00", "tiff"),
    (b"MM\x00+", "tiff"),
)
#: Page images: read only under ``--ocr`` (``Settings.ocr``).
IMAGE_FORMATS: frozenset[FormatName] = frozenset({"png", "jpeg", "tiff"})
#: The file name suffixes of the formats the tool reads: what a batch takes for a document;
#: page images' only when OCR is on (``IMAGE_SUFFIXES``), since an archive holds many images
#: that are no scans (logos, photographs).
DOCUMENT_SUFFIXES: frozenset[str] = frozenset(
    s for s, f in _EXTENSIONS.items() if f not in IMAGE_FORMATS
)
IMAGE_SUFFIXES: frozenset[str] = frozenset(s for s, f in _EXTENSIONS.items() if f in IMAGE_FORMATS)


@dataclass(frozen=True, slots=True)
class Detected:
    """The detected format and, when the extension says otherwise, what it said."""

    format: FormatName
    extension_said: FormatName | None = None


def detect(data: bytes, filename: str) -> Detected:
    """Detect the format of ``data``.

    Raises:
        UnsupportedFormat: the content is none of the formats the tool reads.
        CorruptDocument: the file is empty, or a ZIP that cannot be opened.
    """
    if not data:
        raise CorruptDocument("empty file (0 bytes)")
    dot = filename.rfind(".")
    hinted = _EXTENSIONS.get(filename[dot:].lower()) if dot >= 0 else None
    try:
        found = _sniff(data, hinted)
    except UnsupportedFormat as exc:
        if hinted is None:
            raise
        # Say what the name promised: "named .pdf but ..." is what the user needs to hear.
        raise UnsupportedFormat(
            f"the file name says .{hinted} but the content is not: {exc.message}"
        ) from None
    return Detected(found, hinted if hinted is not None and hinted != found else None)


def _sniff(data: bytes, hinted: FormatName | None = None) -> FormatName:
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_OLE2):
        # Office wraps a password-protected .docx (or .xlsx) in OLE2 around this stream.
        if _ENCRYPTED_PACKAGE in data:
            raise EncryptedDocument("encrypted Office document: a password is needed")
        # Excel, PowerPoint and Outlook files are OLE2 too; a Word file has this stream.
        if _WORD_STREAM in data:
            return "doc"
        if any(_has_ole_stream(data, name) for name in _EXCEL_STREAMS):
            return "xls"
        raise UnsupportedFormat(
            "unsupported format: an OLE2 compound file with no WordDocument or Workbook "
            "stream (a PowerPoint or Outlook file?)"
        )
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK"):
        return _zip_kind(data)
    for magic, image in _IMAGE_MAGIC:
        if head.startswith(magic):
            return image
    if _looks_like_text(head):
        return _text_kind(data, hinted)
    raise UnsupportedFormat(
        "unsupported format: not a .docx, .pdf, .doc, .odt, .rtf, .xlsx, .xls, .ods, .csv, "
        ".html or text file"
    )


def _text_kind(data: bytes, hinted: FormatName | None) -> FormatName:
    """An HTML page, a CSV file or a text dump. The file name breaks the tie only where
    content cannot: a one-column CSV file, or an HTML fragment that opens with text."""
    encoding = text_encoding(data[:1024])
    if encoding is not None and "-" in encoding[4:]:  # UTF-16/32 told without a BOM
        text = data[: _TEXT_HEAD // 4 * 4].decode(encoding, "replace")
    else:
        text = decode_head(data[:_TEXT_HEAD])
    if looks_like_html(text) or (hinted == "html" and has_html_tags(text)):
        return "html"
    if hinted == "csv" or sniff_delimiter(text, complete=len(data) <= _TEXT_HEAD) is not None:
        return "csv"
    return "txt"


def _has_ole_stream(data: bytes, name: str) -> bool:
    """Whether an OLE2 directory entry is named ``name``: entries are 128 bytes long and
    aligned to 128 bytes in the file, with the name (UTF-16, NUL-ended) first and its length
    in bytes, NUL included, at offset 64. Searching for the name alone would also find it in
    a document's text."""
    needle = (name + "\0").encode("utf-16-le")
    size = len(needle).to_bytes(2, "little")
    at = data.find(needle, 512)
    while at >= 0:
        if at % 128 == 0 and data[at + 64 : at + 66] == size:
            return True
        at = data.find(needle, at + 1)
    return False


def _zip_kind(data: bytes) -> FormatName:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mime = member.read(len(_ODS_MIME) + 8).strip()
                if mime == _ODT_MIME:
                    return "odt"
                if mime == _ODS_MIME:
                    return "ods"
            main = _main_part(archive, names)
            if main is not None:
                name, content_type = main
                if name not in names:
                    raise CorruptDocument(
                        f"damaged Office document: the package names {name} as its main part, "
                        "and there is no such part"
                    )
                if content_type in _WORD_MAIN or (
                    content_type is None and name.startswith("word/")
                ):
                    return "docx"
            if any(n.startswith("word/") for n in names):
                raise CorruptDocument("not a Word document: the ZIP has no word/document.xml")
            if "xl/workbook.bin" in names:
                raise UnsupportedFormat(
                    "an Excel binary workbook (.xlsb): save it as an Excel workbook (.xlsx)"
                )
            if any(n.startswith("xl/") for n in names):
                raise CorruptDocument("not an Excel workbook: the ZIP has no xl/workbook.xml")
    except (zipfile.BadZipFile, EOFError, ValueError, zlib.error) as exc:
        # zlib.error: a member's deflated data is damaged (found in review).
        raise CorruptDocument(f"corrupt ZIP container: {exc}") from None
    except NotImplementedError as exc:  # found by fuzzing: a version or method zipfile lacks
        raise UnsupportedFormat(f"a ZIP container this tool cannot open ({exc})") from None
    except RuntimeError as exc:  # zipfile's word for a member encrypted in the ZIP itself
        # (after NotImplementedError, which is a RuntimeError too)
        if "encrypted" in str(exc):
            raise EncryptedDocument(f"encrypted ZIP container: {exc}") from None
        raise
    raise UnsupportedFormat(
        "unsupported format: a ZIP archive that is not a Word document or an Excel workbook"
    )


#: Content types of a WordprocessingML main part: a document, a template, either with macros.
_WORD_MAIN = frozenset(
    f"application/vnd.{kind}.main+xml"
    for kind in (
        "openxmlformats-officedocument.wordprocessingml.document",
        "openxmlformats-officedocument.wordprocessingml.template",
        "ms-word.document.macroEnabled",
        "ms-word.template.macroEnabledTemplate",
    )
)
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
#: The most read of a package's relationships or content types (a few KB in real files).
_SMALL_PART = 1 << 20


def _main_part(archive: zipfile.ZipFile, names: set[str]) -> tuple[str, str | None] | None:
    """The package's main part as its relationships name it (``_rels/.rels``, type
    officeDocument), with its content type from ``[Content_Types].xml`` when that says.

    This is how python-docx and LibreOffice find the document when it is not at
    ``word/document.xml``. ``None`` when the package names no main part.
    """
    rels = _small_xml(archive, "_rels/.rels", names)
    if rels is None:
        return None
    target = None
    for rel in rels.iterchildren(_RELS_NS + "Relationship"):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        if kind == "officeDocument" and rel.get("TargetMode") != "External":
            target = rel.get("Target")
            break
    if not target:
        return None
    name = posixpath.normpath(target.lstrip("/"))
    types = _small_xml(archive, "[Content_Types].xml", names)
    content_type = None
    if types is not None:
        for override in types.iterchildren(_TYPES_NS + "Override"):
            if (override.get("PartName") or "").lstrip("/").lower() == name.lower():
                content_type = override.get("ContentType")
                break
    return name, content_type


def _small_xml(archive: zipfile.ZipFile, name: str, names: set[str]) -> Any:
    """Parse a small package part with the hardened parser; ``None`` if absent or too big."""
    if name not in names or archive.getinfo(name).file_size > _SMALL_PART:
        return None
    from .readers.ooxml import parse_xml

    with archive.open(name) as member:
        data = member.read(_SMALL_PART + 1)
    if len(data) > _SMALL_PART:
        return None
    return parse_xml(data, name)


# --- text -----------------------------------------------------------------------------------


def text_encoding(head: bytes) -> str | None:
    """The encoding of text in UTF-16 or UTF-32 from its first bytes, with or without a
    byte-order mark; ``None`` for anything else (UTF-8, a single-byte code page, binary).

    Without a mark, the zero bytes give it away: ASCII-range text in UTF-16-LE has a zero
    in (nearly) every odd byte, in UTF-32-LE three zeros after every byte, and the other way
    round for big-endian.

    >>> text_encoding("Workplan".encode("utf-16-le"))
    'utf-16-le'
    >>> text_encoding("Workplan".encode("utf-32"))
    'utf-32'
    >>> text_encoding(b"Workplan") is None
    True
    """
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[: len(head) // 4 * 4]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    # (encoding, byte positions that are zero in Latin text, a position that is not); a few
    # characters outside Latin-1 ("’", "–") leave some of the zero positions filled.
    for encoding, step, zeros, filled in (
        ("utf-32-le", 4, (2, 3), 0),
        ("utf-32-be", 4, (0, 1), 3),
        ("utf-16-le", 2, (1,), 0),
        ("utf-16-be", 2, (0,), 1),
    ):
        if (
            all(_zero_share(sample[z::step]) >= 0.8 for z in zeros)
            and _zero_share(sample[filled::step]) <= 0.1
        ):
            return encoding
    return None


def _zero_share(column: bytes) -> float:
    return column.count(0) / len(column) if column else 0.0


def _looks_like_text(head: bytes) -> bool:
    encoding = text_encoding(head)
    if encoding in ("utf-16", "utf-32"):
        return True  # a byte-order mark: text, or damaged text (the reader says which)
    if encoding is not None:
        # Decoded, the text must look like text too: binary data can have zeros in a pattern.
        chars = head[: len(head) // 4 * 4].decode(encoding, errors="replace")
        return _few_controls([ord(c) for c in chars])
    if head.startswith(codecs.BOM_UTF8):
        return True
    if b"\x00" in head:
        return False
    return _few_controls(head)


def _few_controls(codes: Iterable[int]) -> bool:
    """At most 1% control characters (or undecodable ones) other than TAB, LF, FF and CR."""
    seen = list(codes)
    controls = sum(1 for c in seen if (c < 32 and c not in (9, 10, 12, 13)) or c == 0xFFFD)
    return controls <= len(seen) // 100
