"""Extract files one at a time in a worker process, under a time and a memory limit.

``extract()`` runs in the caller's process, where nothing can stop a parser that loops or eats
memory (RELIABILITY.md: pdfminer hangs, a 40 MB PDF past 6 GB). ``extract_isolated`` hands each
file to one worker process (``workers.pool.LocalExecutor`` with one job, as ``batch`` uses), so
the CLI's ``extract`` gets the same defences as ``batch``: the parent owns the clock and kills
the worker's whole process group on the time limit, the worker runs under an address-space
limit, and a worker killed by the OS costs exactly the file it was working on.

>>> for path, result in extract_isolated(["a.docx"], {"timeout": 60}):  # doctest: +SKIP
...     print(path, result)
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .errors import WorkplanError, error_for_code
from .pipeline import extract, read_source
from .records import WorkplanDocument
from .settings import Settings

#: Files one worker handles before it is replaced (parsers leak).
MAX_TASKS_PER_CHILD = 1000


def extract_isolated(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings | Mapping[str, Any] | None = None,
    *,
    memory_limit: int | None = None,
    debug: bool = False,
) -> Iterator[tuple[str, WorkplanDocument | WorkplanError]]:
    """Extract each file in a worker process; yield ``(path, document or error)`` in order.

    Args:
        paths: The files, extracted one after the other.
        settings: Options and limits; ``settings.timeout`` is each file's time limit.
        memory_limit: The worker's address-space limit in bytes, or ``None``.
        debug: Bring the worker's traceback of every failure back in ``error.detail`` (an
            unexpected error always brings it).

    Yields:
        Each path with its validated document, or the ``WorkplanError`` that stopped it:
        ``Timeout`` (``timeout``), ``WorkerDied`` (``killed``), ``TooLarge`` when the worker ran
        out of memory, or whatever ``extract`` raised. Never raises for one bad file.
    """
    from .workers.forkserver import DirectForker, can_fork_here, fork_server
    from .workers.pool import LocalExecutor
    from .workers.worker import Task, WorkSpec

    opts = Settings.resolve(settings)
    # A one-thread caller (the CLI) forks its worker itself: it has imported the package
    # already, and a fork server would import it all again in a second interpreter.
    executor = LocalExecutor(1, spawner=DirectForker if can_fork_here() else fork_server)
    executor.start(
        WorkSpec(extract, opts, memory_limit, debug=debug),
        timeout=opts.timeout,
        max_tasks_per_child=MAX_TASKS_PER_CHILD,
    )
    try:
        for item in paths:
            path = os.fspath(item)
            # Read here first: files that cannot be read (a FIFO, a folder, over the size
            # limit) fail at once without a worker, and the hash lets the worker tell whether
            # it read the same bytes.
            try:
                data = read_source(path, opts)
            except WorkplanError as exc:
                yield path, exc.with_path(path)
                continue
            executor.submit(Task(path, hashlib.sha256(data).hexdigest(), len(data)))
            del data
            outcomes = executor.results()
            while not outcomes:  # pragma: no cover - results() waits for the one task
                outcomes = executor.results()
            outcome = outcomes[0]
            if outcome.status == "done" and outcome.document is not None:
                yield path, WorkplanDocument.model_validate_json(outcome.document)
            else:
                message = outcome.message or "failed without a message"
                error = error_for_code(outcome.error_code or "", message, path)
                error.detail = outcome.traceback
                yield path, error
    finally:
        executor.close()
