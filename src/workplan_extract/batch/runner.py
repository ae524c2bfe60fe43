"""The batch loop shared by every executor: plan, dedupe, resume, write, record.

The parent process (the Dask client, for ``DaskExecutor``) decides what is written: it hashes
each file as the walk finds it, decides whether it needs extracting, hands it to the executor,
and passes the result to the committer thread (``commit``), which puts the output in place and
only then appends the file's line to the manifest, a group of documents at a time. With local
workers and one file per document (``--format json``), each worker writes its document to a
temp file named by the parent beside the output and flushes it (``Task.write_to``): the parent
only renames it, so the bulk of the writing runs in parallel and the document never crosses
the connection. Work flows through as a stream, at most a few tasks per worker ahead of the
results and a bounded queue of results ahead of the disk, so memory stays flat whatever the
number of files; what must be remembered across the whole batch (which sha256s are done, which
output names are taken) lives in ``ManifestIndex`` on disk. A file counts (``BatchSummary``,
``on_event``) once its manifest line is durable.

Files that are not documents are counted and left alone (``select``); ``--resume`` refuses
results made with other output settings and does not redo failures that would recur
(``fingerprint``). The output folder's layout is in ``outdir``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ..documents import check_vocabulary
from ..errors import UsageError
from ..pipeline import extract
from ..settings import Settings
from ..workers.worker import WorkFn, WorkSpec
from ..writers import FORMATS
from .discover import discover
from .executor import Executor, is_local, local_executor
from .fingerprint import fingerprint
from .loop import COMBINED, BatchRun
from .outdir import lock
from .select import Selection
from .summary import BatchEvent, BatchSummary

__all__ = ["COMBINED", "count_documents", "run_batch"]
#: Address-space limit of a worker: far above what a sane workplan needs (RELIABILITY.md).
DEFAULT_MEMORY_LIMIT = 4 * 1024**3
#: Files a worker handles before it is replaced, so leaks in parsers cannot accumulate.
DEFAULT_MAX_TASKS_PER_CHILD = 1000


def run_batch(
    inputs: Iterable[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    *,
    settings: Settings | Mapping[str, Any] | None = None,
    output_format: str = "json",
    resume: bool = False,
    retry_failed: bool = False,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    executor: Executor | None = None,
    work: WorkFn = extract,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
    max_tasks_per_child: int = DEFAULT_MAX_TASKS_PER_CHILD,
    debug: bool = False,
    on_event: Callable[[BatchEvent], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Extract every document under ``inputs`` into ``outdir``, in parallel, resumably.

    Args:
        inputs: Folders (walked recursively), glob patterns and files.
        outdir: The output folder; it holds the outputs, ``manifest.jsonl`` and ``errors.csv``.
        settings: Extraction settings; ``settings.timeout`` is the per-file time limit;
            ``settings.strict`` makes a document with warnings count against the batch.
        output_format: ``json`` (one file per document, mirroring the input tree), or
            ``jsonl``, ``csv`` or ``tables`` (one combined output that documents are appended to).
        resume: Continue the batch recorded in ``outdir``'s manifest: files whose content is
            done are skipped, and so are failures that would recur (same bytes, version and
            settings); the others are retried. Without it, a folder that holds a manifest is
            refused; so is one made with other output settings (``fingerprint``).
        retry_failed: With ``resume``, retry every failure.
        include: Glob patterns: take only the files that match one (``select``).
        exclude: Glob patterns: leave out the files that match one.
        executor: Where tasks run; default ``LocalExecutor()`` (one worker per CPU).
        work: The per-file function, run in the workers: ``extract`` unless testing or
            extending. It must be a module-level function (it is pickled).
        memory_limit: Address-space limit of each worker in bytes, or None.
        max_tasks_per_child: Files a worker handles before it is replaced.
        debug: Bring the worker's traceback of every failure back (``BatchEvent.traceback``).
        on_event: Called in this process for every file accounted for (progress display).
        on_total: Called once, from another thread, with the number of documents the inputs
            hold, counted by a walk of their own while the batch runs (a progress bar's end).

    Returns:
        The counts; ``summary.ok`` is false when any file failed.

    Raises:
        UsageError: a bad format, or ``outdir`` holds a batch and ``resume`` is false, or one
            made with other output settings, or another batch is writing to it.
        VocabularyError: a ``--vocab`` file is invalid (before any file is read).
        KeyboardInterrupt: after stopping the workers; the manifest stays consistent.

    Example:
        >>> summary = run_batch(["archive/"], "out", settings={"timeout": 120})  # doctest: +SKIP
        >>> summary.done, summary.failed  # doctest: +SKIP
        (9981, 19)
    """
    if output_format not in FORMATS:
        raise UsageError(
            f"unknown output format {output_format!r}: choose one of {', '.join(FORMATS)}"
        )
    opts = Settings.resolve(settings)
    check_vocabulary(opts)
    current = fingerprint(opts, memory_limit)
    selection = Selection(include, exclude, images=opts.ocr != "off")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    inputs = list(inputs)  # walked twice when counting
    if executor is None:
        executor = local_executor()
    with lock(out):
        run = BatchRun(
            out,
            opts,
            current,
            output_format,
            executor,
            on_event,
            selection=selection,
            resume=resume,
            retry_failed=retry_failed,
            workers_write=output_format == "json" and is_local(executor),
        )
        spec = WorkSpec(work, opts, memory_limit, pretty=output_format == "json", debug=debug)
        # Counted only once the folder is accepted: a refused batch walks nothing.
        count = None
        if on_total is not None:
            count = functools.partial(_count_in_background, inputs, out, selection, on_total)
        return run.run(inputs, spec, max_tasks_per_child, on_accepted=count)


def count_documents(
    inputs: Iterable[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    selection: Selection | None = None,
) -> int:
    """How many files of ``inputs`` a batch into ``outdir`` takes as documents."""
    selection = selection or Selection()
    found = discover(inputs, exclude=[outdir])
    return sum(1 for f in found if selection.decide(f) == "document")


def _count_in_background(
    inputs: list[str | os.PathLike[str]],
    out: Path,
    selection: Selection,
    on_total: Callable[[int], None],
) -> None:
    def count() -> None:
        with contextlib.suppress(OSError):
            on_total(count_documents(inputs, out, selection))

    threading.Thread(target=count, name="batch-count", daemon=True).start()
