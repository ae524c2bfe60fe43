"""``workplan-extract batch DIR|GLOB... -o OUTDIR``: many documents, in parallel, resumably."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import EXIT_FAILED, EXIT_OK, DebugOption, OcrMode, OcrOption, VocabOption, report
from .limits import (
    ConversionTimeout,
    MaxCells,
    MaxFileSize,
    MaxImagePixels,
    MaxPages,
    MaxRows,
    MaxTables,
    MaxUnzippedSize,
    MaxZipEntries,
    MaxZipRatio,
    limit_settings,
    parse_size,
)

if TYPE_CHECKING:
    from ..batch import BatchEvent, BatchSummary, Executor

_EXIT_INTERRUPTED = 130
#: Seconds between updates of the progress line (rich redraws it ten times a second).
_REFRESH = 0.1


def batch_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Folders (walked recursively), glob patterns or files.", show_default=False
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Output folder (outputs, manifest.jsonl, errors.csv)."),
    ],
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="json: one file per document; jsonl, csv, tables: one combined output.",
        ),
    ] = "json",
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes. Default: one per CPU."),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(help="Per-file time limit in seconds; a worker over it is killed. 0: none."),
    ] = 300.0,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue the batch in OUTDIR: skip what is done."),
    ] = False,
    max_memory: Annotated[
        str, typer.Option(help="Address-space limit of each worker (4G, 512M, none).")
    ] = "4G",
    max_tasks_per_child: Annotated[
        int, typer.Option(min=1, help="Files a worker handles before it is replaced.")
    ] = 1000,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Run on a Dask cluster at this address (tcp://HOST:PORT) instead of locally."
        ),
    ] = None,
    dask: Annotated[
        bool,
        typer.Option(
            "--dask",
            help="Run on Dask: the scheduler in Dask's configuration, else a local cluster.",
        ),
    ] = False,
    vocab: VocabOption = None,
    ocr: OcrOption = OcrMode.off,
    debug: DebugOption = False,
    max_file_size: MaxFileSize = None,
    max_unzipped_size: MaxUnzippedSize = None,
    max_zip_ratio: MaxZipRatio = None,
    max_zip_entries: MaxZipEntries = None,
    max_pages: MaxPages = None,
    max_tables: MaxTables = None,
    max_rows: MaxRows = None,
    max_cells: MaxCells = None,
    conversion_timeout: ConversionTimeout = None,
    max_image_pixels: MaxImagePixels = None,
) -> None:
    """Extract every document under folders or glob patterns into an output folder.

    Files run in parallel worker processes, each with a time and a memory limit.
    A file that fails is listed in errors.csv and the others go on; exit status 1 if any did.
    manifest.jsonl records every file by sha256: --resume skips what is done.
    Files with the same content are extracted once.
    """
    from ..batch import run_batch
    from ..settings import Settings

    memory_limit = parse_size(max_memory)
    try:
        limits = limit_settings(
            max_file_size=max_file_size,
            max_unzipped_size=max_unzipped_size,
            max_zip_ratio=max_zip_ratio,
            max_zip_entries=max_zip_entries,
            max_pages=max_pages,
            max_tables=max_tables,
            max_rows=max_rows,
            max_cells=max_cells,
            conversion_timeout=conversion_timeout,
            max_image_pixels=max_image_pixels,
        )
        settings = Settings(
            vocab=tuple(vocab or ()), timeout=timeout or None, ocr=ocr.value, **limits
        )
        executor = _executor(jobs, scheduler, dask)
        progress = _Progress() if sys.stderr.isatty() else None
        try:
            summary = run_batch(
                inputs,
                output,
                settings=settings,
                output_format=output_format,
                resume=resume,
                executor=executor,
                memory_limit=memory_limit,
                max_tasks_per_child=max_tasks_per_child,
                on_event=progress.update if progress is not None else None,
            )
        finally:
            if progress is not None:
                progress.stop()
    except KeyboardInterrupt:
        typer.echo(f"interrupted: rerun with --resume -o {output} to continue", err=True)
        raise typer.Exit(_EXIT_INTERRUPTED) from None
    except Exception as exc:
        raise typer.Exit(report(exc, debug=debug)) from None
    typer.echo(_summary_line(summary), err=True)
    raise typer.Exit(EXIT_OK if summary.ok else EXIT_FAILED)


def _executor(jobs: int | None, scheduler: str | None, dask: bool) -> Executor:
    if scheduler is not None or dask:
        from ..batch.dask import DaskExecutor

        return DaskExecutor(scheduler)
    from ..batch.pool import LocalExecutor

    return LocalExecutor(jobs)


def _summary_line(summary: BatchSummary) -> str:
    rate = (summary.done + summary.failed) / summary.seconds if summary.seconds else 0.0
    parts = [
        f"{summary.files:,} files",
        f"{summary.done:,} done",
        f"{summary.failed:,} failed",
        f"{summary.skipped:,} skipped (done before)",
        f"{summary.duplicates:,} duplicates",
    ]
    text = f"batch: {', '.join(parts)} in {summary.seconds:.1f} s ({rate:.1f} files/s)"
    text += f"\nmanifest: {summary.manifest}"
    if summary.failed:
        text += f"\nerrors: {summary.errors}"
    return text


class _Progress:
    """A live line on the terminal: spinner, counts, rate, elapsed time. The number of files is
    not known in advance (the walk streams), so the bar pulses rather than fills."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            SpinnerColumn(),
            BarColumn(),
            TextColumn(
                "[green]{task.fields[done]:,} done[/] [red]{task.fields[failed]:,} failed[/] "
                "[dim]{task.fields[skipped]:,} skipped[/] {task.fields[rate]:.1f} files/s"
            ),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task(
            "batch", total=None, done=0, failed=0, skipped=0, rate=0.0
        )
        self._counts = {"done": 0, "failed": 0, "skipped": 0}
        self._started = time.monotonic()
        self._next = self._started
        self._progress.start()

    def update(self, event: BatchEvent) -> None:
        self._counts[event.kind] += 1
        now = time.monotonic()
        # The line is redrawn a few times a second: handing rich every one of thousands of
        # events a second would cost the batch loop (the single writer) more than the files.
        if now < self._next:
            return
        self._next = now + _REFRESH
        worked = self._counts["done"] + self._counts["failed"]
        rate = worked / max(now - self._started, 1e-9)
        counts = self._counts
        self._progress.update(
            self._task,
            rate=rate,
            done=counts["done"],
            failed=counts["failed"],
            skipped=counts["skipped"],
        )

    def stop(self) -> None:
        self._progress.stop()
