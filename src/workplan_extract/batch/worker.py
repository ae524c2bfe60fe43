"""What runs inside a worker process: one file in, one ``Outcome`` out, never an exception.

A worker is a plain ``python -m workplan_extract.batch.worker FD`` child started by
``pool.WorkerProcess`` in a session of its own, so the parent can kill it together with any
grandchildren (soffice) with one ``os.killpg``. It talks to the parent over the connection on
file descriptor ``FD``:

1. it receives ``sys.path`` (so the work function can be imported as the parent imports it),
2. then the pickled ``WorkSpec`` (work function, settings, memory limit), and answers
   ``READY``,
3. then ``Task`` after ``Task`` until ``None`` or end of file, answering each with an
   ``Outcome``.

It is not a ``multiprocessing.Process`` on purpose: Dask runs its workers as daemonic
processes, which ``multiprocessing`` forbids to have children, and a fresh interpreter never
inherits the parent's threads or locks the way a fork does.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Literal

from ..errors import FileChanged, InternalError, Timeout, WorkerDied, WorkplanError
from ..records import WorkplanDocument
from ..settings import Settings

#: The per-file work: a path and the settings in, a validated record out; raises
#: ``WorkplanError`` for a document that cannot be extracted. ``workplan_extract.extract`` is one.
WorkFn = Callable[[str, Settings], WorkplanDocument]

Status = Literal["done", "failed"]

#: Error codes of failures found outside the work function; the classes in ``errors`` own them.
INTERNAL_ERROR = InternalError.code
TIMEOUT = Timeout.code
KILLED = WorkerDied.code
CHANGED = FileChanged.code

#: The worker's first message: it has loaded the work function and waits for tasks.
READY = "ready"


@dataclass(frozen=True, slots=True)
class WorkSpec:
    """What every worker needs once: the work function, the settings and its memory limit.

    ``work`` must be picklable, i.e. a function defined at the top level of a module.
    ``pretty``: send each document back as the pretty JSON of a ``.json`` output file
    (``writers.json.to_json``) rather than compact JSON. Indented JSON goes through Python's
    slow encoder; done here it runs in parallel instead of in the one parent process.
    """

    work: WorkFn
    settings: Settings
    memory_limit: int | None = None
    pretty: bool = False


@dataclass(frozen=True, slots=True)
class Task:
    """One file to extract; ``sha256`` is what the parent hashed before sending it."""

    path: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one task: the document as JSON (pretty or compact, see
    ``WorkSpec.pretty``), or why there is none.

    ``exiting`` tells the parent that the worker stops after this answer (it ran out of
    memory and cannot be trusted with another file).
    """

    task: Task
    status: Status
    document: str | None = None
    error_code: str | None = None
    message: str | None = None
    seconds: float = 0.0
    exiting: bool = False


def run_task(spec: WorkSpec, task: Task) -> Outcome:
    """Run ``spec.work`` on one task and turn whatever happens into an ``Outcome``."""
    started = time.perf_counter()

    def failed(code: str, message: str, *, exiting: bool = False) -> Outcome:
        seconds = time.perf_counter() - started
        return Outcome(task, "failed", None, code, message, seconds, exiting)

    try:
        doc = spec.work(task.path, spec.settings)
        if not isinstance(doc, WorkplanDocument):
            return failed(INTERNAL_ERROR, f"work returned {type(doc).__name__}, not a document")
        if spec.pretty:
            from ..writers.json import to_json

            document = to_json(doc)
        else:
            document = doc.model_dump_json()
    except WorkplanError as exc:
        return failed(exc.code, exc.message)
    except MemoryError:
        # The address-space limit was hit: the heap may be in any state, so this worker is
        # retired after answering rather than trusted with the next file.
        return failed("too-large", "ran out of memory (--max-memory)", exiting=True)
    except RecursionError:
        return failed("unsupported-format", "structure nested too deeply to read")
    except Exception as exc:  # a bug in a reader must cost one file, not the batch
        return failed(INTERNAL_ERROR, f"internal error: {type(exc).__name__}: {exc}")
    if doc.source.sha256 != task.sha256:
        return failed(CHANGED, "the file changed while the batch was running")
    return Outcome(task, "done", document, None, None, time.perf_counter() - started)


def limit_memory(limit: int | None) -> None:
    """Cap this process's address space so a runaway parse raises ``MemoryError`` here instead
    of waking the kernel's OOM killer for the whole machine."""
    if limit is None:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows has no rlimits
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    # Some systems (macOS) refuse RLIMIT_AS; the time limit is then the only defence.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when its parent dies, so a batch killed with SIGKILL
    leaves no orphan parsing away in its own session."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def serve(conn: Connection, parent: int) -> None:
    """The worker's loop (see the module docstring)."""
    _die_with_parent(parent)
    # Ctrl-C is the parent's business: it stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        paths = conn.recv()
        sys.path[:] = [*paths, *(p for p in sys.path if p not in paths)]
        raw = conn.recv_bytes()
    except EOFError:
        return
    setup_error: str | None = None
    try:
        spec: WorkSpec = pickle.loads(raw)
    except Exception as exc:
        # Answer every task with the reason, so the batch reports it instead of hanging.
        setup_error = f"worker could not load the work function: {type(exc).__name__}: {exc}"
    else:
        limit_memory(spec.memory_limit)
    # The parent starts a task's clock when this arrives, so interpreter start-up on a busy
    # machine never counts against a file's time limit.
    conn.send(READY)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        if setup_error is not None:
            conn.send(Outcome(task, "failed", None, INTERNAL_ERROR, setup_error))
            continue
        outcome = run_task(spec, task)
        conn.send(outcome)
        if outcome.exiting:
            return


def main() -> None:
    """Entry point: ``python -m workplan_extract.batch.worker FD PARENT_PID``."""
    fd, parent = int(sys.argv[1]), int(sys.argv[2])
    serve(Connection(fd), parent)


if __name__ == "__main__":
    main()
