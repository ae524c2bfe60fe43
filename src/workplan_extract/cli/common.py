"""What every command shares: options declared once, one-line errors with their code, exit codes."""

from __future__ import annotations

import re
import sys
import traceback
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand


class OutputFormat(StrEnum):
    """The output formats, as ``--format`` lists them."""

    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tables = "tables"


#: Options several commands share, declared once.
#: The choices, shown where typer would show ``<json|jsonl|csv|tables>``.
FORMAT_METAVAR = "|".join(OutputFormat)
FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        metavar=FORMAT_METAVAR,
        help="Output format: json, jsonl, csv or tables (a folder of related CSVs).",
    ),
]
VocabOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--vocab", metavar="FILE", help="Extra party vocabulary file, .json or .toml (repeatable)."
    ),
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        metavar="",
        help="Exit 1 when any document has warnings (its output is still written).",
    ),
]
DebugOption = Annotated[
    bool, typer.Option("--debug", metavar="", help="Show tracebacks, a worker's too.")
]


class HelpCommand(TyperCommand):
    """A command whose ``--help`` shows no Python type labels (``<bool>``, ``<list[str]>``):
    options show their metavar (FILE, SIZE, or nothing for a flag), arguments their name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument):
                # On our own objects only: an argument's type column shows nothing.
                setattr(param, "display_type_rich", _no_type)  # noqa: B010

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None and option.metavar is None:
            option.metavar = ""
        return option


def _no_type(ctx: object) -> None:
    return None


class OcrMode(StrEnum):
    """``Settings.ocr``'s values."""

    off = "off"
    auto = "auto"
    force = "force"


OcrOption = Annotated[
    OcrMode,
    typer.Option(
        "--ocr",
        help="Read scanned pages with Tesseract OCR: off (a scan is an error), auto (image "
        "files, and PDF pages with no text layer) or force (every PDF page, ignoring its text "
        "layer). Needs tesseract-ocr and pip install 'workplan-extract[ocr]'.",
    ),
]

#: SPEC's exit codes.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """``text`` with control characters escaped (``\\n``), so that a file name holding a
    newline still gives one line per error."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def error_line(exc: BaseException, path: str | None = None) -> str:
    """``error: <file>: <what is wrong> (<code>)``, as ``errors.csv`` has it; anything that is
    not a ``WorkplanError`` is a bug and says so."""
    from ..errors import InternalError, WorkplanError

    if not isinstance(exc, WorkplanError):
        exc = InternalError(f"internal error: {type(exc).__name__}: {exc}", path)
    return one_line(f"error: {exc} ({exc.code})")


def report(exc: BaseException, *, debug: bool, path: str | None = None) -> int:
    """Print one line for ``exc`` on stderr (and with ``--debug`` its traceback, or the
    worker's it came from); return its exit code."""
    from ..errors import WorkplanError

    if debug:
        detail = exc.detail if isinstance(exc, WorkplanError) else None
        if detail:
            sys.stderr.write(detail if detail.endswith("\n") else detail + "\n")
        else:
            traceback.print_exception(exc, file=sys.stderr)
    typer.echo(error_line(exc, path), err=True)
    return exc.exit_code if isinstance(exc, WorkplanError) else EXIT_FAILED
