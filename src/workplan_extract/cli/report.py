"""``workplan-extract report RESULTS... -o report.html``: one HTML page to review results with."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_FAILED, EXIT_OK, DebugOption, VocabOption, one_line, report


def report_command(
    results: Annotated[
        list[Path],
        typer.Argument(
            help="Batch output folders, or JSON/JSONL files of documents.", show_default=False
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path(
        "report.html"
    ),
    max_documents: Annotated[
        int | None,
        typer.Option(
            "--max-documents",
            min=0,
            help="Give at most this many documents a section of their own (all are counted).",
        ),
    ] = None,
    vocab: VocabOption = None,
    debug: DebugOption = False,
) -> None:
    """Write one self-contained HTML page to review extraction results with.

    Summary, failures and warnings by code, every document's items beside their source text,
    parties, a timeline and lead parties by sector. Needs the "report" extra (Jinja2). Exits 1
    when a results file cannot be read; files the batch failed on are reported, not errors.
    """
    from ..report import write_report

    try:
        vocabulary = None
        if vocab:
            from ..normalise import load_vocabulary

            vocabulary = load_vocabulary(tuple(vocab))
        summary = write_report(results, output, max_documents=max_documents, vocabulary=vocabulary)
    except Exception as exc:
        raise typer.Exit(report(exc, debug=debug)) from None
    for unread in summary.unread:
        typer.echo(one_line(f"error: {unread.path}: {unread.message} ({unread.code})"), err=True)
    shown = f" ({summary.shown} shown)" if summary.shown < summary.documents else ""
    typer.echo(
        f"report: {summary.documents} documents{shown}, {len(summary.failures)} failed, "
        f"{summary.items} items, {summary.warnings} warnings, "
        f"{summary.size_bytes / 1e6:.1f} MB: {summary.path}",
        err=True,
    )
    raise typer.Exit(EXIT_FAILED if summary.unread else EXIT_OK)
