"""The ``workplan-extract`` command line: a thin typer layer over the library.

Each command lives in its own module, parses its options, calls one library function and
prints. Heavy imports (lxml, pdfplumber, the normaliser's data) happen inside the commands, so
``--help`` stays quick.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from .. import __version__
from .batch import batch_command
from .check import check_command
from .common import HelpCommand
from .extract import extract_command
from .report import report_command
from .schema import schema_command
from .timing import timing_command
from .validate import validate_command
from .vocab import vocab_app

#: The commands, by name, in the order ``--help`` lists them.
_COMMANDS: dict[str, Callable[..., None]] = {
    "extract": extract_command,
    "schema": schema_command,
    "batch": batch_command,
    "validate": validate_command,
    "check": check_command,
    "timing": timing_command,
    "report": report_command,
}


def _app(only: str | None = None) -> typer.Typer:
    """The command line; with ``only``, a group that holds just that command.

    Typer turns every registered command into a click command (and each option into a
    parameter) on every run; for ``extract`` the other commands cost more than half of it.
    """
    group = typer.Typer(
        name="workplan-extract",
        help=(
            f"workplan-extract {__version__}: turn workplan documents (.docx, .pdf, .doc, .odt, "
            ".rtf, .txt, .xlsx, .xls, .ods, .csv, .html) into validated records."
        ),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        # Markdown: a paragraph of a command's docstring is wrapped as one, not line by line.
        rich_markup_mode="markdown",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    for name, command in _COMMANDS.items():
        if only is None or name == only:
            group.command(name, cls=HelpCommand)(command)
    if only is None:
        group.add_typer(vocab_app, name="vocab")
    # The group's callback takes --version. (It also keeps a group of one command a group: a
    # Typer of one command and no callback would run it without its name.)
    group.callback()(_main_options)
    return group


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"workplan-extract {__version__}")
        raise typer.Exit()


def _main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            metavar="",
            callback=_show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """What runs before any command: nothing but --version."""


app = _app()


def main() -> None:
    """Console-script entry point."""
    import os
    import sys

    from ..vocabcache import enable

    # A short process: the indexed vocabulary is read from disk rather than built again.
    enable()
    # The command name, when it comes first, is the only command this run can reach.
    name = sys.argv[1] if len(sys.argv) > 1 else None
    try:
        (_app(name) if name in _COMMANDS else app)()
    except BrokenPipeError:
        # The reader of stdout went away (`| head`): not an error of ours. Point stdout at
        # devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
