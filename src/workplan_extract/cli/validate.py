"""``workplan-extract validate FILE.json...``: check record files against the models."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_FAILED, EXIT_OK


def validate_command(
    files: Annotated[
        list[Path], typer.Argument(help="JSON or JSONL record files.", show_default=False)
    ],
) -> None:
    """Check JSON/JSONL files against the record models and schema version (one line a problem)."""
    from ..validate import validate_files

    problems = validate_files(files)
    for problem in problems:
        typer.echo(str(problem), err=True)
    if not problems:
        typer.echo(f"{len(files)} file(s) valid", err=True)
    raise typer.Exit(EXIT_FAILED if problems else EXIT_OK)
