"""What runs inside a worker process: one file in, one ``Outcome`` out, never an exception.

A worker is forked by the fork server (``forkserver``) in a session of its own, so the parent
can kill it together with any grandchildren (soffice) with one ``os.killpg``. It talks to the
parent over its own connection:

1. it receives where and how the parent runs (``sys.path``, so the work function can be
   imported as the parent imports it; the working folder and the environment, which may have
   changed since the fork server started),
2. then the pickled ``WorkSpec`` (work function, settings, memory limit), and answers
   ``READY``,
3. then ``Task`` after ``Task`` until ``None`` or end of file, answering each with an
   ``Outcome``. A task with ``write_to`` set has its document written by the worker to that
   temp file (whole, flushed to disk) rather than sent back: the parent only renames it into
   place, so the writing and the fsync run in parallel in the workers and the document never
   crosses the connection. The parent may send the next task before the last is answered; the worker
   starts it as soon as it has answered, and stamps each answer with the time it did
   (``Outcome.ended_at``), so that the parent starts the next task's clock exactly then.

It is not a ``multiprocessing.Process`` on purpose: Dask runs its workers as daemonic
processes, which ``multiprocessing`` forbids to have children.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import pickle
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Literal

from ..errors import FileChanged, InternalError, OutputError, Timeout, WorkerDied, WorkplanError
from ..records import WorkplanDocument
from ..settings import Settings
from ..writers.atomic import write_all

#: The per-file work: a path and the settings in, a validated record out; raises
#: ``WorkplanError`` for a document that cannot be extracted. ``workplan_extract.extract`` is one.
WorkFn = Callable[[str, Settings], WorkplanDocument]

Status = Literal["done", "failed"]

#: Error codes of failures found outside the work function; the classes in ``errors`` own them.
INTERNAL_ERROR = InternalError.code
TIMEOUT = Timeout.code
KILLED = WorkerDied.code
CHANGED = FileChanged.code
OUTPUT_ERROR = OutputError.code

#: The worker's first message: it has loaded the work function and waits for tasks.
READY = "ready"

#: The collector's thresholds in a worker (CPython's defaults: 700, 10, 10). A document's
#: records live until it is written, so with the defaults every few thousand of them a full
#: collection walks all the records made so far: 4-10 full walks per document of 5,000-20,000
#: items, half its time, and time growing as N^1.2-1.5. Young collections only every 50,000
#: new objects, and older ones rarely, keep the walks to about one per object (linear time);
#: cyclic garbage is still collected, later.
WORKER_GC_THRESHOLDS = (50_000, 100, 100)


@dataclass(frozen=True, slots=True)
class WorkSpec:
    """What every worker needs once: the work function, the settings and its memory limit.

    ``work`` must be picklable, i.e. a function defined at the top level of a module.
    ``pretty``: send each document back as the pretty JSON of a ``.json`` output file
    (``writers.json.to_json``) rather than compact JSON. Indented JSON goes through Python's
    slow encoder; done here it runs in parallel instead of in the one parent process.
    ``debug``: send back the traceback of every failure (``Outcome.traceback``), not only of
    unexpected ones.
    """

    work: WorkFn
    settings: Settings
    memory_limit: int | None = None
    pretty: bool = False
    debug: bool = False


@dataclass(frozen=True, slots=True)
class Task:
    """One file to extract; ``sha256`` is what the parent hashed before sending it.

    ``write_to``: a temp file (beside the output, in a folder the worker creates if needed)
    to write the document's text to, or None to send the text back in ``Outcome.document``.
    """

    path: str
    sha256: str
    size: int
    write_to: str | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as a plain call: the default for a dataclass with slots walks its fields
        # in Python, and a task crosses the connection for every file.
        return (Task, (self.path, self.sha256, self.size, self.write_to))


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one task: the document as JSON (pretty or compact, see
    ``WorkSpec.pretty``), or why there is none.

    ``exiting`` tells the parent that the worker stops after this answer (it ran out of
    memory and cannot be trusted with another file). ``ended_at``: the worker's
    ``time.monotonic()`` when it answered (the clock is system-wide), which is when it started
    the next task it had been sent. ``write_failed``: the document was extracted but could not
    be written to ``Task.write_to`` (a full disk): the batch's problem, not the file's.
    ``warnings``: how many warnings the document has. ``traceback``: where the failure was
    raised in the worker, for an unexpected error (a bug) or under ``WorkSpec.debug``.
    """

    task: Task
    status: Status
    document: str | None = None
    error_code: str | None = None
    message: str | None = None
    seconds: float = 0.0
    exiting: bool = False
    ended_at: float = 0.0
    write_failed: bool = False
    warnings: int = 0
    traceback: str | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # As ``Task.__reduce__``: an outcome crosses the connection for every file.
        return (
            Outcome,
            (
                self.task,
                self.status,
                self.document,
                self.error_code,
                self.message,
                self.seconds,
                self.exiting,
                self.ended_at,
                self.write_failed,
                self.warnings,
                self.traceback,
            ),
        )


def run_task(spec: WorkSpec, task: Task) -> Outcome:
    """Run ``spec.work`` on one task and turn whatever happens into an ``Outcome``."""
    started = time.perf_counter()

    def failed(
        code: str, message: str, *, exiting: bool = False, trace: bool | None = None
    ) -> Outcome:
        seconds = time.perf_counter() - started
        shown = (spec.debug if trace is None else trace) and sys.exc_info()[0] is not None
        where = traceback.format_exc() if shown else None
        return Outcome(task, "failed", None, code, message, seconds, exiting, traceback=where)

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
        message = "ran out of memory (--max-memory)"
        return failed("too-large", message, exiting=True, trace=False)
    except RecursionError:
        return failed("unsupported-format", "structure nested too deeply to read")
    except Exception as exc:  # a bug in a reader must cost one file, not the batch
        message = f"internal error: {type(exc).__name__}: {exc}"
        return failed(INTERNAL_ERROR, message, trace=True)
    if doc.source.sha256 != task.sha256:
        return failed(CHANGED, "the file changed while the batch was running")
    warnings = len(doc.warnings)
    if task.write_to is None:
        seconds = time.perf_counter() - started
        return Outcome(task, "done", document, None, None, seconds, warnings=warnings)
    try:
        write_temp(task.write_to, document.encode("utf-8"))
    except OSError as exc:
        return dataclasses.replace(
            failed(OUTPUT_ERROR, exc.strerror or str(exc)), write_failed=True
        )
    seconds = time.perf_counter() - started
    return Outcome(task, "done", None, None, None, seconds, warnings=warnings)


def write_temp(path: str, data: bytes) -> None:
    """Write ``data`` to a new temp file ``path`` and flush it to disk (its folder is created
    if missing); the parent renames it into place and flushes the folder. On failure nothing
    is left behind."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, flags, 0o666)
    try:
        write_all(fd, data)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    os.close(fd)


def tune_collector() -> None:
    """Set the garbage collector up for extracting documents, in a worker process only.

    What the worker inherited (the imported package, from the fork server or the CLI process)
    is frozen: it lives as long as the worker, so no collection need walk it (nor copy the
    pages it shares with its parent by touching them). Then ``WORKER_GC_THRESHOLDS``. Never
    for the caller's process, whose own objects and threads are not ours to tune for
    (STYLE.md, "Speed without debt").
    """
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


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
    """The worker's loop (see the module docstring); ``parent`` is the process it serves
    under (the fork server), whose death it must not outlive."""
    _die_with_parent(parent)
    # Ctrl-C is the parent's business: it stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _adopt(conn.recv())
        raw = conn.recv_bytes()
    except (EOFError, OSError):
        return
    setup_error: str | None = None
    try:
        spec: WorkSpec = pickle.loads(raw)
    except Exception as exc:
        # Answer every task with the reason, so the batch reports it instead of hanging.
        setup_error = f"worker could not load the work function: {type(exc).__name__}: {exc}"
    else:
        limit_memory(spec.memory_limit)
    tune_collector()
    # The parent starts a task's clock when this arrives, so loading the work function on a
    # busy machine never counts against a file's time limit. A connection that ends or is
    # reset means the parent is gone (stopped by a signal, say): the worker just ends, since
    # there is no one left to answer or to report to.
    try:
        conn.send(READY)
        while True:
            task = conn.recv()
            if task is None:
                return
            if setup_error is not None:
                outcome = Outcome(task, "failed", None, INTERNAL_ERROR, setup_error)
            else:
                outcome = run_task(spec, task)
            conn.send(dataclasses.replace(outcome, ended_at=time.monotonic()))
            if outcome.exiting:
                return
    except (EOFError, OSError):
        return


def _adopt(setup: dict[str, Any]) -> None:
    """Run where and as the parent runs now: its import path, working folder (tasks may name
    files by relative path) and environment."""
    paths: list[str] = setup["path"]
    sys.path[:] = [*paths, *(p for p in sys.path if p not in paths)]
    with contextlib.suppress(OSError):
        os.chdir(setup["cwd"])
    os.environ.clear()
    os.environ.update(setup["env"])


def setup_message() -> dict[str, Any]:
    """What a new worker needs to know of this (the parent) process; see ``_adopt``."""
    return {"path": list(sys.path), "cwd": os.getcwd(), "env": dict(os.environ)}
