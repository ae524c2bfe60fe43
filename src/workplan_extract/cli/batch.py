"""``workplan-extract batch DIR|GLOB... -o OUTDIR``: many documents, in parallel, resumably."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .common import (
    EXIT_FAILED,
    EXIT_OK,
    FORMAT_METAVAR,
    DebugOption,
    OcrMode,
    OcrOption,
    OutputFormat,
    StrictOption,
    VocabOption,
    error_line,
    report,
)
from .limits import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_TIMEOUT,
    MaxMemoryOption,
    TimeoutOption,
    parse_memory,
    with_limit_options,
)
from .progress import Progress

if TYPE_CHECKING:
    from ..batch import BatchEvent, BatchSummary, Executor

_EXIT_INTERRUPTED = 130
_EXIT_TERMINATED = 128 + signal.SIGTERM
_PANEL = "Batch"


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: the batch stops its workers and keeps what is done."""


@with_limit_options
def batch_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT",
            help="Folders (walked recursively), glob patterns or files.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="Output folder: the outputs, manifest.jsonl, errors.csv.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            metavar=FORMAT_METAVAR,
            help="json: one PATH.json per document; jsonl, csv, tables: one combined "
            "output (documents.jsonl, items.csv, tables/).",
        ),
    ] = OutputFormat.json,
    vocab: VocabOption = None,
    strict: StrictOption = False,
    ocr: OcrOption = OcrMode.off,
    debug: DebugOption = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="Worker processes. Default: one per CPU.",
            rich_help_panel=_PANEL,
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            metavar="",
            help="Continue the batch in DIR: skip what is done and failures that would recur.",
            rich_help_panel=_PANEL,
        ),
    ] = False,
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed",
            metavar="",
            help="With --resume, retry every failed file (corrupt, no table, ...) too.",
            rich_help_panel=_PANEL,
        ),
    ] = False,
    include: Annotated[
        list[str] | None,
        typer.Option(
            "--include",
            metavar="GLOB",
            help="Take only files matching (e.g. '*.pdf', 'plans/**'); repeatable. "
            "Default: the documents (by suffix or content), not the JSON, CSV and other "
            "files beside them.",
            rich_help_panel=_PANEL,
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="GLOB",
            help="Leave out files matching; repeatable.",
            rich_help_panel=_PANEL,
        ),
    ] = None,
    max_tasks_per_child: Annotated[
        int,
        typer.Option(
            min=1,
            metavar="N",
            help="Files a worker handles before it is replaced.",
            rich_help_panel=_PANEL,
        ),
    ] = 1000,
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Run on a Dask cluster at this address (tcp://HOST:PORT) instead of locally.",
            rich_help_panel=_PANEL,
        ),
    ] = None,
    dask: Annotated[
        bool,
        typer.Option(
            "--dask",
            metavar="",
            help="Run on Dask: the scheduler in Dask's configuration, else a local cluster.",
            rich_help_panel=_PANEL,
        ),
    ] = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    max_memory: MaxMemoryOption = DEFAULT_MAX_MEMORY,
    *,
    limits: dict[str, Any],
) -> None:
    """Extract every document under folders or glob patterns into an output folder.

    Files run in parallel worker processes, each with a time and a memory limit.
    A file that fails is listed in errors.csv and the others go on; exit status 1 if any did.
    manifest.jsonl records every file by sha256: --resume skips what is done.
    Files with the same content are extracted once; files that are not documents are counted
    and left alone.
    """
    from ..batch import run_batch
    from ..settings import Settings

    memory_limit = parse_memory(max_memory)
    try:
        with _stop_on_sigterm():
            settings = Settings(
                vocab=tuple(vocab or ()),
                strict=strict,
                timeout=timeout or None,
                ocr=ocr.value,
                **limits,
            )
            executor = _executor(jobs, scheduler, dask)
            progress = Progress(live=sys.stderr.isatty())

            def on_event(event: BatchEvent) -> None:
                progress.update(event)
                if debug and event.kind == "failed" and event.entry.duplicate_of is None:
                    _show_failure(event)

            try:
                summary = run_batch(
                    inputs,
                    output,
                    settings=settings,
                    output_format=fmt.value,
                    resume=resume,
                    retry_failed=retry_failed,
                    include=include or (),
                    exclude=exclude or (),
                    executor=executor,
                    memory_limit=memory_limit,
                    max_tasks_per_child=max_tasks_per_child,
                    debug=debug,
                    on_event=on_event,
                    on_total=progress.set_total,
                )
            finally:
                progress.stop()
    except KeyboardInterrupt as exc:
        how = "stopped by SIGTERM" if isinstance(exc, Terminated) else "interrupted"
        typer.echo(f"{how}: rerun with --resume -o {output} to continue", err=True)
        code = _EXIT_TERMINATED if isinstance(exc, Terminated) else _EXIT_INTERRUPTED
        raise typer.Exit(code) from None
    except Exception as exc:
        raise typer.Exit(report(exc, debug=debug)) from None
    typer.echo(summary_text(summary), err=True)
    raise typer.Exit(EXIT_OK if summary.ok else EXIT_FAILED)


@contextlib.contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into ``Terminated`` in this (the main) thread for the life of the block,
    so that ``kill PID`` or a CI job's timeout stops the batch as Ctrl-C does; a second
    SIGTERM during the clean-up is ignored rather than cutting it short."""

    def terminate(_signum: int, _frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread: leave signals to whoever owns them
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _show_failure(event: BatchEvent) -> None:
    """Under --debug: a failed file's traceback (the worker's) and its error line."""
    from ..errors import error_for_code

    entry = event.entry
    if event.traceback:
        sys.stderr.write(event.traceback)
    error = error_for_code(entry.error_code or "", entry.error or "", entry.file)
    typer.echo(error_line(error), err=True)


def _executor(jobs: int | None, scheduler: str | None, dask: bool) -> Executor:
    if scheduler is not None or dask:
        from ..batch.dask import DaskExecutor

        return DaskExecutor(scheduler)
    from ..workers.pool import LocalExecutor

    return LocalExecutor(jobs)


def summary_text(summary: BatchSummary) -> str:
    """The lines printed when a batch ends: counts, then where the manifest and errors are."""
    worked = summary.done + summary.failed
    rate = worked / summary.seconds if summary.seconds else 0.0
    parts = [
        f"{summary.files:,} files",
        f"{summary.done:,} done",
        f"{summary.failed:,} failed",
        f"{summary.skipped:,} skipped (done before)",
    ]
    if summary.failed_before:
        parts.append(f"{summary.failed_before:,} failed before (not retried: --retry-failed)")
    parts.append(f"{summary.duplicates:,} duplicates")
    if summary.strict and summary.with_warnings:
        parts.append(f"{summary.with_warnings:,} with warnings (--strict)")
    text = f"batch: {', '.join(parts)} in {summary.seconds:.1f} s ({rate:.1f} files/s)"
    left = []
    if summary.not_documents:
        left.append(
            f"{summary.not_documents:,} files that are not documents (--include takes them)"
        )
    if summary.excluded:
        left.append(f"{summary.excluded:,} files by --include/--exclude")
    if left:
        text += f"\nskipped {' and '.join(left)}"
    text += f"\nmanifest: {summary.manifest}"
    if not summary.ok and not summary.interrupted:
        text += f"\nerrors: {summary.errors}"
    return text
