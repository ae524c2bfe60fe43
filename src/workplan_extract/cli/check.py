"""``workplan-extract check SAMPLES_DIR``: the golden-file check for CI."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_FAILED, EXIT_OK, DebugOption, OcrMode, OcrOption, VocabOption, report


def check_command(
    samples_dir: Annotated[
        Path, typer.Argument(help="Folder of sample documents, with goldens in expected/.")
    ],
    update: Annotated[
        bool, typer.Option("--update", help="Rewrite the goldens from the current output.")
    ] = False,
    vocab: VocabOption = None,
    ocr: OcrOption = OcrMode.off,
    debug: DebugOption = False,
) -> None:
    """Extract every sample document and compare it with SAMPLES_DIR/expected/<file>.json.

    Prints one line per differing field (document, item number, field, expected, got).
    Exits 1 on any difference, a missing golden or a document that fails to extract.
    """
    from ..check import check_samples
    from ..settings import Settings

    try:
        result = check_samples(
            samples_dir, update=update, settings=Settings(vocab=tuple(vocab or ()), ocr=ocr.value)
        )
    except Exception as exc:
        raise typer.Exit(report(exc, debug=debug)) from None
    for difference in result.differences:
        typer.echo(str(difference))
    for path in result.updated:
        typer.echo(f"updated {path}", err=True)
    for path in result.removed:
        typer.echo(f"removed {path}", err=True)
    differing = len({d.document for d in result.differences})
    typer.echo(
        f"check: {len(result.documents)} documents, {len(result.differences)} differences "
        f"in {differing} file(s)"
        + (f", {len(result.updated)} golden(s) updated" if update else ""),
        err=True,
    )
    raise typer.Exit(EXIT_OK if result.ok else EXIT_FAILED)
