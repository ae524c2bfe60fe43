"""``workplan-extract timing PHRASE``: how the grammar reads a timing phrase, as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_OK, DebugOption, report


def timing_command(
    phrase: Annotated[
        str | None,
        typer.Argument(
            help='A timing as written, e.g. "by end of March 2009".', show_default=False
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            help='The plan\'s period ("2008/09", "2004") or title; gives years a phrase leaves out.',
        ),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", "-f", help="Read every line of this UTF-8 file (one JSON per line)."
        ),
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Print how a timing phrase is read: the Timing record and its warnings, as JSON.

    With --file, every non-blank line of the file is read (one JSON object per line).

    Example: workplan-extract timing "by end of March 2009" --period 2008/09
    """
    from ..errors import UsageError
    from ..normalise.timing_report import period_of, read_timing_file, timing_report

    try:
        if (phrase is None) == (file is None):
            raise UsageError("give a PHRASE or --file FILE (one of them)")
        plan = period_of(period)
        if file is None:
            assert phrase is not None
            typer.echo(json.dumps(timing_report(phrase, plan), indent=2, ensure_ascii=False))
        else:
            for row in read_timing_file(file, plan):
                typer.echo(json.dumps(row, ensure_ascii=False))
    except Exception as exc:
        raise typer.Exit(report(exc, debug=debug)) from None
    raise typer.Exit(EXIT_OK)
