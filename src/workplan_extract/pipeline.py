"""The pipeline, one direction: read -> locate -> map columns -> build items -> normalise.

``extract`` is the library's front door; the CLI, the batch runner and the golden-file check
all go through it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

from . import __version__
from .errors import UnreadableFile, UnsupportedFormat, WorkplanError
from .formats import detect
from .items import build_items
from .layout import locate
from .mapping import map_columns
from .readers.base import SourceDocument
from .records import Extractor, FormatName, Source, Warning, WorkplanDocument
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
        data = _read_bytes(source, opts)
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


def _read_bytes(source: PathOrStream, opts: Settings) -> bytes:
    limit = opts.max_file_size
    if not isinstance(source, (str, os.PathLike)):
        data = source.read(limit + 1)
        if len(data) > limit:
            from .errors import TooLarge

            raise TooLarge(f"file is larger than the {limit:,}-byte limit (--max-file-size)")
        return data
    path = Path(source)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise UnreadableFile("is a directory, not a file")
        if size > limit:
            from .errors import TooLarge

            raise TooLarge(
                f"file is {size:,} bytes, over the {limit:,}-byte limit (--max-file-size)"
            )
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except PermissionError:
        raise UnreadableFile("permission denied") from None
    except IsADirectoryError:
        raise UnreadableFile("is a directory, not a file") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from None


def _reader_for(fmt: FormatName) -> ReaderFn:
    # Imported here so that `--help` and a .txt file never pay for lxml or pdfplumber.
    if fmt == "txt":
        from .readers.txt import read_txt

        return lambda data, path, _opts: read_txt(data, path)
    if fmt == "docx":
        from .readers.docx import read_docx

        return read_docx
    if fmt == "pdf":
        from .readers.pdf import read_pdf

        return read_pdf
    if fmt in ("doc", "odt", "rtf"):
        from .readers.convert import read_converted

        return read_converted
    raise UnsupportedFormat(f"reading .{fmt} files is not supported in this build")


def _extract_bytes(data: bytes, path: str, opts: Settings) -> WorkplanDocument:
    detected = detect(data, os.path.basename(path))
    warnings: list[Warning] = []
    if detected.extension_said is not None:
        warnings.append(
            Warning(
                code="source.mislabelled",
                message=(
                    f"the file name says .{detected.extension_said} but the content is "
                    f"{detected.format}; read as {detected.format}"
                ),
            )
        )
    source_doc = _reader_for(detected.format)(data, path, opts)
    warnings.extend(Warning(code="source.note", message=note) for note in source_doc.notes)
    layout = locate(source_doc)
    warnings.extend(
        Warning(code="table.stray_text", message=f"text outside the table kept here: {text}")
        for text in layout.stray_text
    )
    contents = [
        [
            cell.text
            for r in layout.rows
            if (cell := r.row.cell_at(col)) is not None and cell.col == col
        ]
        for col in range(layout.ncols)
    ]
    columns = map_columns(layout.headers, contents)
    items, item_warnings = build_items(layout.rows, columns)
    warnings.extend(item_warnings)
    doc = WorkplanDocument(
        source=Source(
            path=path,
            filename=os.path.basename(path),
            format=detected.format,
            sha256=hashlib.sha256(data).hexdigest(),
            size_bytes=len(data),
            pages=source_doc.pages,
            converted_with=source_doc.converted_with,
        ),
        title=layout.title,
        reference=layout.reference,
        preamble=layout.preamble,
        columns=columns,
        items=items,
        warnings=warnings,
        extractor=Extractor(version=__version__),
    )
    return _normalise(doc, opts)


def _normalise(doc: WorkplanDocument, opts: Settings) -> WorkplanDocument:
    # Imported here: the vocabulary index is built on first use, never for `--help`.
    from .normalise import normalise

    return normalise(doc, opts)
