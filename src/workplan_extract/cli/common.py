"""What every command shares: reporting errors in one line, and the exit codes."""

from __future__ import annotations

import re
import sys
import traceback
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

#: Options several commands share, declared once.
VocabOption = Annotated[
    list[Path] | None,
    typer.Option("--vocab", help="Extra party vocabulary file (repeatable)."),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]


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


def report(exc: BaseException, *, debug: bool, path: str | None = None) -> int:
    """Print one line for ``exc`` on stderr (a traceback too with ``--debug``); return its exit
    code. Errors of the tool carry their file; anything else is a bug and says so."""
    from ..errors import WorkplanError

    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    if isinstance(exc, WorkplanError):
        typer.echo(one_line(f"error: {exc}"), err=True)
        return exc.exit_code
    where = f"{path}: " if path else ""
    typer.echo(
        one_line(f"error: {where}internal error: {type(exc).__name__}: {exc} (rerun with --debug)"),
        err=True,
    )
    return EXIT_FAILED
