"""Opening a PDF and saying, in our words, what is wrong with one that cannot be read.

pdfminer raises whatever the damaged bytes lead it to (its own exceptions, ``KeyError``,
``TypeError``, ``zlib.error``, ...) with messages written for its developers ("Invalid
dictionary construct: [/'Type', /'Page', ...]", "list index out of range"). Everything a user
sees comes from here instead: one line naming what is damaged (the file's end, its page tree,
a page, a compressed stream on a page) and, for a stream, which compression it uses.

Files that read but hold no text at all are told apart too: pages that paint images are a scan
(run OCR); pages whose content stream cannot be decompressed are damaged; pages with nothing
on them have no text to extract.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import zlib
from collections.abc import Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from ..errors import CorruptDocument, EncryptedDocument, NoTextLayer, NoWorkplanTable, TooLarge

if TYPE_CHECKING:
    from pdfplumber.pdf import PDF

#: How far from the end of the file the last ``%%EOF`` may be, past bytes that are only
#: padding (NULs and white space, which archives and mail gateways append).
_EOF_WINDOW = 2048
_PADDING = b"\x00\t\n\x0c\r \x1a"
#: Signs that what follows the last ``%%EOF`` is the start of an update cut short, not junk.
_UPDATE_MARKS = (b" obj", b"endobj", b"xref", b"trailer", b"startxref", b"stream")
_PARSER_DIRS = (f"{os.sep}pdfminer{os.sep}", f"{os.sep}pdfplumber{os.sep}")
_OUR_DIR = f"{os.sep}workplan_extract{os.sep}"
#: pdfminer's decoders, by the module they live in: a failure inside one is a stream error.
_DECODER_MODULES = {
    "lzw": "/LZWDecode",
    "ascii85": "/ASCII85Decode or /ASCIIHexDecode",
    "runlength": "/RunLengthDecode",
    "ccitt": "/CCITTFaxDecode",
    "jbig2": "/JBIG2Decode",
}


def check_end(data: bytes) -> None:
    """Refuse a file cut short: no ``%%EOF`` near its end (padding aside).

    Bytes after the last ``%%EOF`` that are padding, or junk that is not the start of a PDF
    update (a mail gateway's footer), do not make the file truncated.
    """
    eof = data.rfind(b"%%EOF")
    if eof < 0:
        raise CorruptDocument("truncated PDF: the file does not end with an %%EOF marker")
    tail = data[eof + 5 :]
    if len(tail.strip(_PADDING)) <= _EOF_WINDOW:
        return
    if any(mark in tail for mark in _UPDATE_MARKS):
        raise CorruptDocument(
            "truncated PDF: the last update of the file is cut short (no %%EOF after it)"
        )


def open_pdf(data: bytes) -> PDF:
    """Open ``data`` with our guarded document (see ``pdfguard``)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    from .pdfguard import GuardedPDF

    try:
        return GuardedPDF(data)
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, CorruptDocument):
            raise cause from None
        if isinstance(cause, PDFPasswordIncorrect):
            raise EncryptedDocument("encrypted PDF: a password is needed") from None
        if isinstance(cause, PDFEncryptionError):
            raise EncryptedDocument(
                f"encrypted PDF: unsupported encryption ({_plain(cause)})"
            ) from None
        raise CorruptDocument(f"not a readable PDF: {_opening_problem(cause)}") from None


def close_pdf(pdf: PDF) -> None:
    """Close ``pdf`` unless no page object was ever made (the page count was refused).

    pdfplumber's ``close()`` drops its cached page list and then asks for ``pages`` to close
    each one, which walks the whole page tree: 30 s for 100,000 pages refused in one.
    """
    with contextlib.suppress(Exception):
        if "_pages" in vars(pdf):
            pdf.close()
        else:
            pdf.flush_cache()
            pdf.stream.close()


def page_count(pdf: PDF, limit: int) -> int:
    """The number of pages; ``TooLarge`` as soon as the page tree holds more than ``limit``.

    The tree is walked lazily and the walk stops one page past the limit: pdfplumber's
    ``pages`` makes every page object before anything can be counted, which took 32 s for a
    12 MB file of 100,000 empty pages. The tree's own ``/Count`` is not trusted either way.
    """
    from pdfminer.pdfpage import PDFPage

    with reading("the page tree"):
        walked = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), limit + 1))
    if walked > limit:
        raise TooLarge(
            f"the PDF has more than {limit:,} pages, over the {limit:,}-page limit (--max-pages)"
        )
    return walked


class reading(contextlib.AbstractContextManager[None]):
    """Turn what the parser raises while reading ``what`` into ``CorruptDocument``.

    Our own exceptions pass through, and so do bugs of ours: only an exception raised inside
    pdfminer or pdfplumber (the file, not our code, is to blame) is translated.
    ``RecursionError`` and ``MemoryError`` are left to the caller's limits.
    """

    def __init__(self, what: str) -> None:
        self.what = what

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> Literal[False]:
        if exc is None or isinstance(exc, (RecursionError, MemoryError)):
            return False
        from pdfplumber.utils.exceptions import PdfminerException

        if isinstance(exc, PdfminerException) and exc.args:
            cause = exc.args[0]
            if isinstance(cause, BaseException):
                if not isinstance(cause, Exception) or isinstance(cause, CorruptDocument):
                    raise cause from None
                exc = cause
        if not isinstance(exc, Exception) or not raised_by_parser(exc):
            return False
        raise translate(exc, self.what) from None


def raised_by_parser(exc: BaseException) -> bool:
    """Whether ``exc`` was raised inside pdfminer or pdfplumber (so the file, not a bug of
    ours, is to blame): our own bugs keep their type and reach the caller as internal errors."""
    if type(exc).__module__.startswith(("pdfminer", "pdfplumber")):
        return True
    # The innermost frame that is either the parser's or ours decides: frames below it are
    # the standard library's (base64, zlib) doing what that code asked.
    owner = None
    for frame in _frames(exc):
        name = frame.f_code.co_filename
        if any(d in name for d in _PARSER_DIRS):
            owner = "parser"
        elif _OUR_DIR in name:
            owner = "ours"
    return owner == "parser"


def translate(exc: Exception, what: str) -> CorruptDocument | EncryptedDocument:
    """The one-line error for a parser exception met while reading ``what``."""
    from pdfminer.pdftypes import PDFNotImplementedError

    stream = _failed_stream(exc)
    if stream is not None:
        filter_name, unsupported = stream
        if filter_name == "/Crypt":
            return EncryptedDocument(
                f"encrypted PDF: {what} uses per-stream encryption (a /Crypt filter), "
                "which is not supported"
            )
        if unsupported:
            return CorruptDocument(
                f"damaged PDF: {what} has a stream compressed in a way that cannot be read "
                f"({filter_name})"
            )
        return CorruptDocument(
            f"damaged PDF: a compressed stream in {what} is damaged and cannot be "
            f"decompressed ({filter_name})"
        )
    if isinstance(exc, PDFNotImplementedError):
        return CorruptDocument(f"damaged PDF: {what} uses a PDF feature that cannot be read")
    return CorruptDocument(f"damaged PDF: {what} cannot be read ({_kind_of_damage(exc)})")


def _frames(exc: BaseException) -> Iterator[Any]:
    tb = exc.__traceback__
    while tb is not None:
        yield tb.tb_frame
        tb = tb.tb_next


def _failed_stream(exc: BaseException) -> tuple[str, bool] | None:
    """(filter name, whether it is unsupported rather than damaged) when ``exc`` was raised
    while a stream was decoded; ``None`` otherwise."""
    from pdfminer.pdftypes import PDFNotImplementedError

    found: tuple[str, bool] | None = None
    for frame in _frames(exc):  # outermost first: the innermost decoder has the last word
        code = frame.f_code
        module = os.path.splitext(os.path.basename(code.co_filename))[0]
        in_pdfminer = f"{os.sep}pdfminer{os.sep}" in code.co_filename
        if in_pdfminer and module == "pdftypes" and code.co_name == "decode":
            found = _filter_name(frame.f_locals.get("f")), isinstance(exc, PDFNotImplementedError)
        elif in_pdfminer and module in _DECODER_MODULES and found is None:
            found = _DECODER_MODULES[module], False
    return found


def _filter_name(value: object) -> str:
    name = getattr(value, "name", value)
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    text = str(name) if name is not None else ""
    # A filter name comes from the file: keep it short and printable.
    text = "".join(ch for ch in text if ch.isprintable())[:40]
    return f"/{text}" if text else "an unnamed filter"


_DAMAGE = {
    "PSEOF": "the file ends in the middle of an object",
    "PSSyntaxError": "a syntax error in its objects",
    "PDFSyntaxError": "a syntax error in its objects",
    "PDFNoValidXRef": "its cross-reference table is missing or damaged",
    "PDFObjectNotFound": "an object it refers to is missing",
    "PDFTypeError": "an object of the wrong kind where a value was expected",
    "PDFValueError": "an object with an impossible value",
    "KeyError": "an entry it needs is missing",
    "IndexError": "a list or string shorter than its use needs",
    "TypeError": "an object of the wrong kind where a value was expected",
    "ValueError": "an object with an impossible value",
    "AttributeError": "an object of the wrong kind where a value was expected",
    "AssertionError": "an object of the wrong kind where a value was expected",
    "ZeroDivisionError": "a box or matrix of zero size",
    "OverflowError": "a number too large to use",
    "UnicodeDecodeError": "text in an encoding that cannot be read",
    "error": "a compressed stream is damaged",  # zlib.error
}


def _kind_of_damage(exc: BaseException) -> str:
    for cls in type(exc).__mro__:
        if cls.__name__ in _DAMAGE:
            return _DAMAGE[cls.__name__]
    return "its structure is damaged"


def _opening_problem(exc: object) -> str:
    text = str(exc)
    if "No /Root object" in text:
        return "it has no document catalog (is it really a PDF?)"
    if isinstance(exc, BaseException):
        return _kind_of_damage(exc)
    return "its structure is damaged"


def _plain(exc: BaseException) -> str:
    """A short, printable rendering of an encryption error (its text names the scheme)."""
    text = (str(exc).strip() or type(exc).__name__).splitlines()[0]
    return "".join(ch for ch in text if ch.isprintable())[:120]


# --- documents with no text -------------------------------------------------------------


def no_text_error(pdf: PDF, data: bytes, pages: int) -> Exception:
    """The error for a PDF none of whose pages has text: a scan, damage, or blank pages.

    Only called when every page came out empty, so the pages are walked a second time here
    (bounded by the page limit already checked), in a document of their own: pdfminer keeps
    the streams it decoded for ``pdf``, and with them no trace of how decoding went.
    """
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    from .pdfguard import GuardedDocument

    images = drawings = False
    with reading("the page tree"):
        fresh = GuardedDocument(PDFParser(io.BytesIO(data)), password="")
        walk = itertools.islice(PDFPage.create_pages(fresh), pages)
        for number, page_obj in enumerate(walk, start=1):
            damaged = _damaged_content(page_obj)
            if damaged is not None:
                return CorruptDocument(
                    f"damaged PDF: the content of page {number} cannot be decompressed "
                    f"({damaged}), so no text could be read"
                )
    for page in pdf.pages:
        try:
            with reading(f"page {page.page_number}"):
                images = images or bool(page.images)
                drawings = drawings or len(page.curves) >= _OUTLINED_TEXT
        finally:
            page.close()
        if images:
            break
    if images:
        return NoTextLayer("no text layer: the PDF is a scan; read it with OCR (--ocr auto)")
    if drawings:
        return NoTextLayer(
            "no text layer: the pages are drawn as shapes (text turned into outlines?); "
            "read it with OCR (--ocr auto)"
        )
    return NoWorkplanTable("no text on any page: the PDF has no text and no images")


#: A page with this many curves and no glyphs is most likely text turned into outlines.
_OUTLINED_TEXT = 200


def _damaged_content(page_obj: Any) -> str | None:
    """The filter of a page content stream that cannot be decompressed, if any.

    pdfminer replaces a Flate stream it cannot inflate with nothing and carries on, so a page
    whose only content is such a stream looks blank; inflating it here tells damage from a
    blank page.
    """
    from pdfminer.pdftypes import PDFStream, decompress_corrupted, resolve1

    contents = page_obj.contents if isinstance(page_obj.contents, list) else []
    for ref in contents:
        stream = resolve1(ref)
        if not isinstance(stream, PDFStream) or stream.rawdata is None or stream.decipher:
            continue
        filters = [_filter_name(f) for f, _ in stream.get_filters()]
        if filters[:1] in (["/FlateDecode"], ["/Fl"]):
            raw = stream.rawdata
            try:
                zlib.decompress(raw)
            except zlib.error:
                try:  # what pdfminer tries next: a stream whose only fault is its checksum
                    decompress_corrupted(raw)
                except zlib.error:
                    return filters[0]
    return None
