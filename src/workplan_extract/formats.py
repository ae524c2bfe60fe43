"""Detect a file's format from its content; the extension is only a hint.

Magic bytes decide: ``%PDF`` is a PDF, an OLE2 compound file a Word 97 .doc, a ZIP holding
``word/document.xml`` a .docx, a ZIP whose ``mimetype`` says OpenDocument text an .odt,
``{\\rtf`` an RTF, a PNG, JPEG or TIFF signature a page image (read by OCR); anything else that
decodes as text is a text dump. When the content and the extension disagree, the content wins
and the caller is told, so it can warn.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Literal

from .errors import CorruptDocument, EncryptedDocument, UnsupportedFormat

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
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_EXTENSIONS: dict[str, FormatName] = {
    ".docx": "docx",
    ".docm": "docx",
    ".pdf": "pdf",
    ".doc": "doc",
    ".odt": "odt",
    ".rtf": "rtf",
    ".txt": "txt",
    ".text": "txt",
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
        found = _sniff(data)
    except UnsupportedFormat as exc:
        if hinted is None:
            raise
        # Say what the name promised: "named .pdf but ..." is what the user needs to hear.
        raise UnsupportedFormat(
            f"the file name says .{hinted} but the content is not: {exc.message}"
        ) from None
    return Detected(found, hinted if hinted is not None and hinted != found else None)


def _sniff(data: bytes) -> FormatName:
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
        raise UnsupportedFormat(
            "unsupported format: an OLE2 compound file with no WordDocument stream "
            "(an Excel, PowerPoint or Outlook file?)"
        )
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK"):
        return _zip_kind(data)
    for magic, image in _IMAGE_MAGIC:
        if head.startswith(magic):
            return image
    if _looks_like_text(head):
        return "txt"
    raise UnsupportedFormat("unsupported format: not a .docx, .pdf, .doc, .odt, .rtf or text file")


def _zip_kind(data: bytes) -> FormatName:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    if member.read(len(_ODT_MIME) + 8).strip() == _ODT_MIME:
                        return "odt"
            if any(n.startswith("word/") for n in names):
                raise CorruptDocument("not a Word document: the ZIP has no word/document.xml")
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise CorruptDocument(f"corrupt ZIP container: {exc}") from None
    raise UnsupportedFormat("unsupported format: a ZIP archive that is not a Word document")


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(head) // 100
