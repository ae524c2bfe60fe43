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
app.command("check")(check_command)


def main() -> None:
    """Console-script entry point."""
    app()
