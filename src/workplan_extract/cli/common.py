"""What every command shares: reporting errors in one line, and the exit codes."""

from __future__ import annotations

import sys
import traceback

import typer

#: SPEC's exit codes.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def report(exc: BaseException, *, debug: bool, path: str | None = None) -> int:
    """Print one line for ``exc`` on stderr (a traceback too with ``--debug``); return its exit
    code. Errors of the tool carry their file; anything else is a bug and says so."""
    from ..errors import WorkplanError

    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    if isinstance(exc, WorkplanError):
        typer.echo(f"error: {exc}", err=True)
        return exc.exit_code
    where = f"{path}: " if path else ""
    typer.echo(
        f"error: {where}internal error: {type(exc).__name__}: {exc} (rerun with --debug)",
        err=True,
    )
    return EXIT_FAILED
