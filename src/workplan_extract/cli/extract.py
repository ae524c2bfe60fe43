"""``workplan-extract extract FILE...``: extract documents to JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_FAILED, EXIT_OK, report


def extract_command(
    files: Annotated[list[str], typer.Argument(help="Documents to extract.", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Output file, or a folder (one <name>.json per document). Default: stdout.",
        ),
    ] = None,
    vocab: Annotated[
        list[Path] | None,
        typer.Option("--vocab", help="Extra party vocabulary file (repeatable).", exists=False),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any document has warnings.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Extract workplan documents into validated JSON records."""
    from .. import extract
    from ..settings import Settings

    settings = Settings(vocab=tuple(vocab or ()), strict=strict)
    to_folder = output is not None and (output.is_dir() or len(files) > 1)
    if to_folder:
        assert output is not None
        output.mkdir(parents=True, exist_ok=True)
    status = EXIT_OK
    docs = []
    for name in files:
        try:
            doc = extract(name, settings)
        except Exception as exc:  # one bad file never stops the rest
            status = max(status, report(exc, debug=debug, path=name))
            continue
        if strict and doc.warnings:
            typer.echo(f"error: {name}: {len(doc.warnings)} warning(s) and --strict", err=True)
            status = max(status, EXIT_FAILED)
        if to_folder:
            assert output is not None
            target = output / f"{Path(name).name}.json"
            target.write_text(doc.model_dump_json(indent=2) + "\n", encoding="utf-8")
            typer.echo(f"{name} -> {target}", err=True)
        else:
            docs.append(doc)
    if not to_folder and docs:
        text = (
            docs[0].model_dump_json(indent=2)
            if len(docs) == 1
            else "[\n" + ",\n".join(d.model_dump_json(indent=2) for d in docs) + "\n]"
        )
        if output is None:
            sys.stdout.write(text + "\n")
        else:
            output.write_text(text + "\n", encoding="utf-8")
    raise typer.Exit(status)
