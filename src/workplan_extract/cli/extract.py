"""``workplan-extract extract FILE...``: extract documents to JSON, JSONL, CSV or tables."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import (
    EXIT_FAILED,
    EXIT_OK,
    DebugOption,
    OcrMode,
    OcrOption,
    VocabOption,
    one_line,
    report,
)
from .limits import (
    ConversionTimeout,
    MaxCells,
    MaxFileSize,
    MaxImagePixels,
    MaxPages,
    MaxRows,
    MaxTables,
    MaxUnzippedSize,
    MaxZipEntries,
    MaxZipRatio,
    limit_settings,
    parse_size,
)

if TYPE_CHECKING:
    from ..records import WorkplanDocument
    from ..settings import Settings


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tables = "tables"


def extract_command(
    files: Annotated[list[str], typer.Argument(help="Documents to extract.", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=(
                "Output file or folder. json: a folder gets one <name>.json per document; "
                "tables: always a folder. Default: stdout."
            ),
        ),
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = (
        OutputFormat.json
    ),
    vocab: VocabOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any document has warnings.")
    ] = False,
    ocr: OcrOption = OcrMode.off,
    debug: DebugOption = False,
    timeout: Annotated[
        float,
        typer.Option(
            min=0,
            help="Per-file time limit in seconds; each file then runs in a worker process "
            "that is killed when it runs over. 0: no limit.",
            rich_help_panel="Limits",
        ),
    ] = 300.0,
    max_memory: Annotated[
        str,
        typer.Option(
            help="Address-space limit of the worker process (4G, 512M, none).",
            rich_help_panel="Limits",
        ),
    ] = "4G",
    max_file_size: MaxFileSize = None,
    max_unzipped_size: MaxUnzippedSize = None,
    max_zip_ratio: MaxZipRatio = None,
    max_zip_entries: MaxZipEntries = None,
    max_pages: MaxPages = None,
    max_tables: MaxTables = None,
    max_rows: MaxRows = None,
    max_cells: MaxCells = None,
    conversion_timeout: ConversionTimeout = None,
    max_image_pixels: MaxImagePixels = None,
) -> None:
    """Extract workplan documents into validated records.

    Each file runs in a worker process under --timeout and --max-memory; with --timeout 0
    and --max-memory none it runs in this process.
    """
    from ..errors import UsageError
    from ..settings import Settings

    status = EXIT_OK
    try:
        memory_limit = parse_size(max_memory)
        limits = limit_settings(
            max_file_size=max_file_size,
            max_unzipped_size=max_unzipped_size,
            max_zip_ratio=max_zip_ratio,
            max_zip_entries=max_zip_entries,
            max_pages=max_pages,
            max_tables=max_tables,
            max_rows=max_rows,
            max_cells=max_cells,
            conversion_timeout=conversion_timeout,
            max_image_pixels=max_image_pixels,
        )
        settings = Settings(
            vocab=tuple(vocab or ()),
            strict=strict,
            timeout=timeout or None,
            ocr=ocr.value,
            **limits,
        )
        if fmt is OutputFormat.tables and output is None:
            raise UsageError("--format tables writes a folder: give one with -o")
    except Exception as exc:
        raise typer.Exit(report(exc, debug=debug)) from None

    failures: list[int] = []

    def documents() -> Iterator[WorkplanDocument]:
        for doc, code in _extract_each(files, settings, memory_limit, debug):
            if code:
                failures.append(code)
            if doc is not None:
                yield doc

    try:
        if fmt is OutputFormat.json and output is not None and (output.is_dir() or len(files) > 1):
            _json_per_document(documents(), output)
        else:
            _write_combined(documents(), fmt.value, output, single=len(files) == 1)
    except BrokenPipeError:
        raise
    except Exception as exc:
        failures.append(report(exc, debug=debug))
    if failures:
        status = max(failures)
    raise typer.Exit(status)


def _extract_each(
    files: list[str], settings: Settings, memory_limit: int | None, debug: bool
) -> Iterator[tuple[WorkplanDocument | None, int]]:
    """Each file's document, or its one-line error; one bad file never stops the rest."""
    for name, result in _results(files, settings, memory_limit):
        if isinstance(result, BaseException):
            yield None, report(result, debug=debug, path=name)
            continue
        code = EXIT_OK
        if settings.strict and result.warnings:
            typer.echo(
                one_line(f"error: {name}: {len(result.warnings)} warning(s) and --strict"), err=True
            )
            code = EXIT_FAILED
        yield result, code


def _results(
    files: list[str], settings: Settings, memory_limit: int | None
) -> Iterator[tuple[str, WorkplanDocument | BaseException]]:
    if settings.timeout is not None or memory_limit is not None:
        from ..isolation import extract_isolated

        yield from extract_isolated(files, settings, memory_limit=memory_limit)
        return
    from .. import extract

    for name in files:
        try:
            yield name, extract(name, settings)
        except Exception as exc:
            yield name, exc


def _json_per_document(docs: Iterator[WorkplanDocument], folder: Path) -> None:
    from ..errors import OutputError
    from ..writers import atomic_write_text, dump

    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        target = folder / output_name(doc.source.filename, doc.source.sha256)
        try:
            atomic_write_text(target, dump(doc, "json"))
        except OSError as exc:
            # One line naming the output; earlier outputs were each replaced whole and stay.
            reason = exc.strerror or str(exc)
            raise OutputError(f"cannot write: {reason}", target) from exc
        typer.echo(one_line(f"{doc.source.path} -> {target}"), err=True)


#: The longest file name most file systems take, in bytes.
_NAME_MAX = 255


def output_name(filename: str, sha256: str) -> str:
    """``<filename>.json``; a name too long for the file system keeps its start and gets the
    document's hash instead, so two long names never collide."""
    name = f"{filename}.json"
    if len(os.fsencode(name)) <= _NAME_MAX:
        return name
    head = os.fsencode(filename)[: _NAME_MAX - 20].decode("utf-8", "ignore")
    return f"{head}-{sha256[:12]}.json"


def _write_combined(
    docs: Iterator[WorkplanDocument], fmt: str, output: Path | None, *, single: bool
) -> None:
    from ..writers import write, write_json

    dest = sys.stdout if output is None else output
    if fmt == "json" and single:
        doc = next(docs, None)
        if doc is not None:
            write_json(doc, dest)
        return
    write(docs, fmt, dest)
