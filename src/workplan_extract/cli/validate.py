"""``workplan-extract validate FILE.json...``: check record files against the models."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_FAILED, EXIT_OK


def validate_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH",
            help="JSON or JSONL record files, or folders of them (a batch's output).",
            show_default=False,
        ),
    ],
) -> None:
    """Check JSON/JSONL files against the record models and schema version (one line a problem).

    A folder is read at any depth: its .json and .jsonl files, less a batch's manifest.jsonl
    and settings.jsonl and a tables folder's datapackage.json.
    """
    from ..validate import check_files

    report = check_files(files)
    for problem in report.problems:
        typer.echo(str(problem), err=True)
    if not report.problems:
        read = ", ".join(
            f"{count} of schema {version}" for version, count in sorted(report.versions.items())
        )
        typer.echo(f"{report.files} file(s) valid ({read or 'no documents'})", err=True)
    raise typer.Exit(EXIT_FAILED if report.problems else EXIT_OK)
