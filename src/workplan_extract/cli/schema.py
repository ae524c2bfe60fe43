"""``workplan-extract schema``: write the JSON Schemas of the records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def schema_command(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to write the schemas into.")
    ] = Path("schemas"),
) -> None:
    """Write the JSON Schema of every record model into a folder."""
    from ..schema import write_schemas

    for path in write_schemas(output):
        typer.echo(str(path))
