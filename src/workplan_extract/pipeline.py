"""The pipeline, one direction: read -> locate -> map columns -> build items -> normalise.

``extract`` is the library's front door; the CLI, the batch runner and the golden-file check
all go through it.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Mapping
from typing import IO, Any

from . import __version__
from .errors import NoWorkplanTable, TooLarge, UnreadableFile, UnsupportedFormat, WorkplanError
from .formats import FormatName, detect
from .items import Segment, build_items
from .layout import Layout, locate
from .mapping import map_columns
from .readers.base import SourceDocument
from .recorddata import DocumentData, DocumentDraft, WarningData
from .records import ColumnMapping, Extractor, Source, WorkplanDocument
from .settings import Settings

PathOrStream = str | os.PathLike[str] | IO[bytes]
ReaderFn = Callable[[bytes, str, Settings], SourceDocument]


def extract(
    source: PathOrStream, settings: Settings | Mapping[str, Any] | None = None
) -> WorkplanDocument:
    """Extract one workplan document into a validated record.

    Args:
        source: a path, or a binary stream (read to the end; not closed).
        settings: options and limits; see ``Settings``.

    Returns:
        The validated ``WorkplanDocument``.

    Raises:
        WorkplanError: the document cannot be extracted; ``str(error)`` names the file.

    Example:
        >>> doc = extract("samples/lcpc-workplan-2004.txt")  # doctest: +SKIP
        >>> doc.items[0].title  # doctest: +SKIP
        'Safeguarding Boards'
    """
    opts = Settings.resolve(settings)
    path = _name_of(source)
    try:
        data = read_source(source, opts)
        return _extract_bytes(data, path, opts)
    except WorkplanError as exc:
        raise exc.with_path(path) from None
    except RecursionError:
        raise UnsupportedFormat("structure nested too deeply to read", path) from None


def _name_of(source: PathOrStream) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<stream>"


def read_source(source: PathOrStream, opts: Settings) -> bytes:
    """The bytes of ``source`` (a path or a binary stream) under ``opts.max_file_size``.

    Raises:
        UnreadableFile: missing, a folder, a FIFO or device, no permission.
        TooLarge: over ``max_file_size``.
    """
    limit = opts.max_file_size
    if not isinstance(source, (str, os.PathLike)):
        data = source.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(f"file is larger than the {limit:,}-byte limit (--max-file-size)")
        return data
    with open_regular(source, limit) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:  # it grew after it was opened
        raise TooLarge(f"file is larger than the {limit:,}-byte limit (--max-file-size)")
    return data


def open_regular(path: str | os.PathLike[str], limit: int) -> IO[bytes]:
    """Open ``path`` for reading if it is a regular file of at most ``limit`` bytes.

    Raises:
        UnreadableFile: missing, a folder, a FIFO, socket or device, no permission.
        TooLarge: over ``limit``.
    """
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        # The checks after opening (fstat, not stat) are about the very file that was opened.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except PermissionError:
        raise UnreadableFile("permission denied") from None
    except IsADirectoryError:
        raise UnreadableFile("is a directory, not a file") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot open: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            # A FIFO, socket or device: it may never end (/dev/zero) or block (a pipe).
            raise UnreadableFile("not a regular file (a pipe, socket or device)")
        if info.st_size > limit:
            raise TooLarge(
                f"file is {info.st_size:,} bytes, over the {limit:,}-byte limit (--max-file-size)"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _reader_for(fmt: FormatName) -> ReaderFn:
    # Imported here so that `--help` and a .txt file never pay for lxml or pdfplumber.
    if fmt == "txt":
        from .readers.txt import read_txt

        return read_txt
    if fmt == "docx":
        from .readers.docx import read_docx

        return read_docx
    if fmt == "pdf":
        from .readers.pdf import read_pdf

        return read_pdf
    if fmt == "xlsx":
        from .readers.xlsx import read_xlsx

        return read_xlsx
    if fmt == "csv":
        from .readers.delimited import read_csv

        return read_csv
    if fmt == "html":
        from .readers.html import read_html

        return read_html
    if fmt in ("png", "jpeg", "tiff"):
        from .readers.ocr.scan import read_image

        return read_image
    if fmt in ("doc", "odt", "rtf", "xls", "ods"):
        from .readers.convert import read_converted

        return read_converted
    raise UnsupportedFormat(f"reading .{fmt} files is not supported in this build")


def _extract_bytes(data: bytes, path: str, opts: Settings) -> WorkplanDocument:
    detected = detect(data, os.path.basename(path))
    warnings: list[WarningData] = []
    if detected.extension_said is not None:
        warnings.append(
            WarningData(
                code="source.mislabelled",
                message=(
                    f"the file name says .{detected.extension_said} but the content is "
                    f"{detected.format}; read as {detected.format}"
                ),
                item=None,
                field=None,
            )
        )
    shown = _printable_path(path)
    if shown != path:
        warnings.append(
            WarningData(
                code="source.path_not_unicode",
                message=(
                    "the file name is not valid UTF-8; the record shows each undecodable "
                    "byte as U+FFFD"
                ),
                item=None,
                field=None,
            )
        )
    source_doc = _reader_for(detected.format)(data, path, opts)
    warnings.extend(
        WarningData(code="source.note", message=note, item=None, field=None)
        for note in source_doc.notes
    )
    layout = locate(source_doc)
    warnings.extend(
        WarningData(
            code="table.stray_text",
            message=f"text outside the table kept here: {text}",
            item=None,
            field=None,
        )
        for text in layout.stray_text
    )
    columns, segments = map_parts(layout)
    items, item_warnings = build_items(segments)
    if source_doc.doubts:
        from .doubts import doubt_warnings

        item_warnings += doubt_warnings(source_doc.doubts, layout, segments, items)
    del segments
    if not items:
        raise NoWorkplanTable("the workplan table has no items")
    # The document is assembled as data and validated once, after normalising: validating
    # each of its few hundred records as it is made cost more than the rest of a .txt run.
    draft = DocumentDraft(
        source=Source(
            path=shown,
            filename=os.path.basename(shown),
            format=detected.format,
            sha256=hashlib.sha256(data).hexdigest(),
            size_bytes=len(data),
            pages=source_doc.pages,
            converted_with=source_doc.converted_with,
            ocr=source_doc.ocr,
        ),
        title=layout.title,
        reference=layout.reference,
        preamble=layout.preamble,
        body=None,
        period=None,
        columns=columns,
        items=items,
        warnings=[*warnings, *item_warnings],
        extractor=Extractor(version=__version__),
    )
    del source_doc, layout, items
    normalised = _normalise(draft, opts)
    del draft
    return WorkplanDocument.model_validate(normalised)


def map_parts(layout: Layout) -> tuple[list[ColumnMapping], list[Segment]]:
    """Map the columns of each workplan table; tables with the same header share one mapping,
    made from all their cells. Returns each distinct mapping once, in order (the document's
    ``columns``), and the tables as segments for the item builder."""
    by_header: dict[tuple[int, tuple[str, ...]], list[ColumnMapping]] = {}
    contents: dict[tuple[int, tuple[str, ...]], list[list[str]]] = {}
    for part in layout.parts:
        key = (part.ncols, tuple(part.headers))
        cells = contents.setdefault(key, [[] for _ in range(part.ncols)])
        for col, texts in enumerate(part.contents()):
            cells[col].extend(texts)
    columns: list[ColumnMapping] = []
    for key, cells in contents.items():
        by_header[key] = map_columns(list(key[1]), cells)
        columns.extend(by_header[key])
    segments = [Segment(p.rows, by_header[(p.ncols, tuple(p.headers))]) for p in layout.parts]
    return columns, segments


def _printable_path(path: str) -> str:
    """``path`` as valid Unicode: a name that is not UTF-8 reaches Python as lone surrogates
    (``surrogateescape``), which no JSON or CSV writer can encode."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return path


def _normalise(doc: DocumentDraft, opts: Settings) -> DocumentData:
    # Imported here: the vocabulary index is built on first use, never for `--help`.
    from .normalise.document import normalise_data

    return normalise_data(doc, opts)
