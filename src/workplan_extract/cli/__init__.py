"""The ``workplan-extract`` command line: a thin typer layer over the library.

Each command lives in its own module, parses its options, calls one library function and
prints. Heavy imports (lxml, pdfplumber, the normaliser's data) happen inside the commands, so
``--help`` stays quick.
"""

from __future__ import annotations

import typer

from .batch import batch_command
from .check import check_command
from .extract import extract_command
from .schema import schema_command
from .validate import validate_command
from .vocab import vocab_app

app = typer.Typer(
    name="workplan-extract",
    help="Turn workplan documents (.docx, .pdf, .doc, .odt, .rtf, .txt) into validated records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("extract")(extract_command)
app.command("schema")(schema_command)
app.command("batch")(batch_command)
app.command("validate")(validate_command)
app.command("check")(check_command)
app.add_typer(vocab_app, name="vocab")


def main() -> None:
    """Console-script entry point."""
    import os
    import sys

    try:
        app()
    except BrokenPipeError:
        # The reader of stdout went away (`| head`): not an error of ours. Point stdout at
        # devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
