"""``workplan-extract extract FILE...``: extract documents to JSON, JSONL, CSV or tables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from .common import (
    DebugOption,
    FormatOption,
    OcrMode,
    OcrOption,
    OutputFormat,
    StrictOption,
    VocabOption,
    one_line,
    report,
)
from .limits import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_TIMEOUT,
    MaxMemoryOption,
    TimeoutOption,
    parse_memory,
    with_limit_options,
)

if TYPE_CHECKING:
    from ..documents import DocumentEvent


@with_limit_options
def extract_command(
    files: Annotated[
        list[str], typer.Argument(metavar="FILE", help="Documents to extract.", show_default=False)
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="A file (.json, .jsonl, .csv) or a folder (ends with '/' or exists: one "
            "NAME.json per document, or documents.jsonl, items.csv, the tables). "
            "Default: stdout.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.json,
    vocab: VocabOption = None,
    strict: StrictOption = False,
    ocr: OcrOption = OcrMode.off,
    debug: DebugOption = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    max_memory: MaxMemoryOption = DEFAULT_MAX_MEMORY,
    *,
    limits: dict[str, Any],
) -> None:
    """Extract workplan documents into validated records.

    Each file runs in a worker process under --timeout and --max-memory; with --timeout 0
    and --max-memory none it runs in this process.
    """
    from ..documents import write_documents
    from ..settings import Settings

    def tell(event: DocumentEvent) -> None:
        if event.kind == "written":
            typer.echo(one_line(f"{event.path} -> {event.target}"), err=True)
        elif event.kind == "duplicate":
            message = f"note: {event.path}: same content as {event.same_as}, written once"
            typer.echo(one_line(message), err=True)
        elif event.error is not None:
            report(event.error, debug=debug and event.kind == "failed")

    try:
        settings = Settings(
            vocab=tuple(vocab or ()),
            strict=strict,
            timeout=timeout or None,
            ocr=ocr.value,
            **limits,
        )
        summary = write_documents(
            files,
            output,
            format=fmt.value,
            settings=settings,
            memory_limit=parse_memory(max_memory),
            on_event=tell,
            debug=debug,
        )
    except BrokenPipeError:
        raise
    except typer.BadParameter:
        raise
    except Exception as exc:
        raise typer.Exit(report(exc, debug=debug)) from None
    raise typer.Exit(summary.exit_code)
