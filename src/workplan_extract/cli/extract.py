"""``workplan-extract extract FILE...``: extract documents to JSON, JSONL, CSV or tables."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import EXIT_FAILED, EXIT_OK, one_line, report

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
    vocab: Annotated[
        list[Path] | None,
        typer.Option("--vocab", help="Extra party vocabulary file (repeatable)."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any document has warnings.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Extract workplan documents into validated records."""
    from ..errors import UsageError
    from ..settings import Settings

    status = EXIT_OK
    try:
        settings = Settings(vocab=tuple(vocab or ()), strict=strict)
        if fmt is OutputFormat.tables and output is None:
            raise UsageError("--format tables writes a folder: give one with -o")
    except Exception as exc:
        raise typer.Exit(report(exc, debug=debug)) from None

    failures: list[int] = []

    def documents() -> Iterator[WorkplanDocument]:
        for doc, code in _extract_each(files, settings, debug):
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
    files: list[str], settings: Settings, debug: bool
) -> Iterator[tuple[WorkplanDocument | None, int]]:
    """Each file's document, or its one-line error; one bad file never stops the rest."""
    from .. import extract

    for name in files:
        try:
            doc = extract(name, settings)
        except Exception as exc:
            yield None, report(exc, debug=debug, path=name)
            continue
        code = EXIT_OK
        if settings.strict and doc.warnings:
            typer.echo(f"error: {name}: {len(doc.warnings)} warning(s) and --strict", err=True)
            code = EXIT_FAILED
        yield doc, code


def _json_per_document(docs: Iterator[WorkplanDocument], folder: Path) -> None:
    from ..writers import atomic_write_text, dump

    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        target = folder / f"{doc.source.filename}.json"
        atomic_write_text(target, dump(doc, "json"))
        typer.echo(one_line(f"{doc.source.path} -> {target}"), err=True)


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
