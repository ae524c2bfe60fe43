"""The batch loop shared by every executor: plan, dedupe, resume, write, record.

The parent process (the Dask client, for ``DaskExecutor``) decides what is written: it hashes
each file as the walk finds it, decides whether it needs extracting, hands it to the executor,
and passes the result to the committer thread (``commit``), which puts the output in place and
only then appends the file's line to the manifest, a group of documents at a time. With local
workers and one file per document (``--format json``), each worker writes its document to a
temp file named by the parent beside the output and flushes it (``Task.write_to``): the parent
only renames it, so the bulk of the writing runs in parallel and the document never crosses
the connection. Work flows
through as a stream, at most a few tasks per worker ahead of the results and a bounded queue of
results ahead of the disk, so memory stays flat whatever the number of files; what must be
remembered across the whole batch (which sha256s are done, which output names are taken) lives
in ``ManifestIndex`` on disk. A file counts (``BatchSummary``, ``on_event``) once its manifest
line is durable.

Layout of the output folder::

    OUTDIR/manifest.jsonl      one line per file (see ``manifest``)
    OUTDIR/errors.csv          one line per file whose latest entry failed
    OUTDIR/<relative path>.json          --format json: one file per document
    OUTDIR/documents.jsonl | items.csv | tables/   --format jsonl | csv | tables: combined
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
import secrets
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from ..errors import OutputError, UnreadableFile, UsageError, WorkplanError
from ..pipeline import extract, open_regular
from ..settings import Settings
from ..writers import FORMATS, DocumentWriter, open_writer
from ..writers.atomic import atomic_write_text
from .commit import Committer, Pending
from .discover import Found, discover
from .manifest import MANIFEST_NAME, Manifest, ManifestEntry, ManifestIndex, now
from .worker import Outcome, Task, WorkFn, WorkSpec

ERRORS_NAME = "errors.csv"
ERRORS_COLUMNS = ("file", "error_code", "error", "sha256", "size", "duration", "duplicate_of")
#: Where each combined format goes inside the output folder.
COMBINED: dict[str, str] = {"jsonl": "documents.jsonl", "csv": "items.csv", "tables": "tables"}
#: Address-space limit of a worker: far above what a sane workplan needs (RELIABILITY.md).
DEFAULT_MEMORY_LIMIT = 4 * 1024**3
#: Files a worker handles before it is replaced, so leaks in parsers cannot accumulate.
DEFAULT_MAX_TASKS_PER_CHILD = 1000

_HASH_CHUNK = 1024 * 1024
#: Temp files of ``writers.atomic.AtomicFile`` (``.<name>.<random>.tmp``), left by a crash.
_TEMP_FILE = re.compile(r"^\..+\.[A-Za-z0-9_]+\.tmp$")


class Executor(Protocol):
    """Runs tasks somewhere; ``LocalExecutor`` and ``DaskExecutor`` are the two there are."""

    def start(self, spec: WorkSpec, *, timeout: float | None, max_tasks_per_child: int) -> None:
        """Prepare to run tasks of ``spec``; ``timeout`` is per task, in seconds."""

    def free(self) -> int:
        """How many more tasks may be submitted now."""

    def submit(self, task: Task) -> None:
        """Start a task."""

    def pending(self) -> int:
        """How many tasks are in flight."""

    def results(self) -> list[Outcome]:
        """Block until at least one task in flight ends; [] when none is in flight."""

    def close(self) -> None:
        """Stop; tasks still in flight are abandoned."""


EventKind = Literal["done", "failed", "skipped"]


@dataclass(frozen=True, slots=True)
class BatchEvent:
    """One file accounted for. ``skipped``: done in an earlier run (``--resume``); no manifest
    line is added for it. ``entry.duplicate_of`` is set when the file was not extracted
    itself because a file with the same content was."""

    kind: EventKind
    entry: ManifestEntry


@dataclass
class BatchSummary:
    """What a batch did. ``failed`` counts files, duplicates of a failed file included."""

    outdir: Path
    manifest: Path
    errors: Path
    done: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def files(self) -> int:
        """Every file accounted for."""
        return self.done + self.failed + self.skipped

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.interrupted


def run_batch(
    inputs: Iterable[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    *,
    settings: Settings | Mapping[str, Any] | None = None,
    output_format: str = "json",
    resume: bool = False,
    executor: Executor | None = None,
    work: WorkFn = extract,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
    max_tasks_per_child: int = DEFAULT_MAX_TASKS_PER_CHILD,
    on_event: Callable[[BatchEvent], None] | None = None,
) -> BatchSummary:
    """Extract every document under ``inputs`` into ``outdir``, in parallel, resumably.

    Args:
        inputs: Folders (walked recursively), glob patterns and files.
        outdir: The output folder; it holds the outputs, ``manifest.jsonl`` and ``errors.csv``.
        settings: Extraction settings; ``settings.timeout`` is the per-file time limit.
        output_format: ``json`` (one file per document, mirroring the input tree), or
            ``jsonl``, ``csv`` or ``tables`` (one combined output that documents are appended to).
        resume: Continue the batch recorded in ``outdir``'s manifest: files whose content is
            already done are skipped, failures are retried. Without it, a folder that holds a
            manifest is refused.
        executor: Where tasks run; default ``LocalExecutor()`` (one worker per CPU).
        work: The per-file function, run in the workers: ``extract`` unless testing or
            extending. It must be a module-level function (it is pickled).
        memory_limit: Address-space limit of each worker in bytes, or None.
        max_tasks_per_child: Files a worker handles before it is replaced.
        on_event: Called in this process for every file accounted for (progress display).

    Returns:
        The counts; ``summary.failed`` > 0 when any file failed.

    Raises:
        UsageError: a bad format, or ``outdir`` holds a batch and ``resume`` is false, or
            another batch is writing to it.
        KeyboardInterrupt: after stopping the workers; the manifest stays consistent.

    Example:
        >>> summary = run_batch(["archive/"], "out", settings={"timeout": 120})  # doctest: +SKIP
        >>> summary.done, summary.failed  # doctest: +SKIP
        (9981, 19)
    """
    if output_format not in FORMATS:
        raise UsageError(f"unknown output format {output_format!r}: choose one of {FORMATS}")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    if executor is None:
        executor = _local_executor()
    with _lock(out):
        run = _Run(
            out,
            Settings.resolve(settings),
            output_format,
            resume,
            executor,
            on_event,
            workers_write=output_format == "json" and _is_local(executor),
        )
        spec = WorkSpec(work, run.settings, memory_limit, pretty=output_format == "json")
        return run.run(inputs, spec, max_tasks_per_child)


def _local_executor() -> Executor:
    from .pool import LocalExecutor

    return LocalExecutor()


def _is_local(executor: Executor) -> bool:
    """Do the executor's workers run on this machine, where they can write the outputs?"""
    from .pool import LocalExecutor

    return isinstance(executor, LocalExecutor)


@contextlib.contextmanager
def _lock(out: Path) -> Iterator[None]:
    """Refuse a second batch writing to the same folder: two writers would interleave the
    manifest and combined outputs."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks; be trusting
        yield
        return
    with open(out / ".lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError("another batch is writing to this folder", out) from None
        yield


@dataclass
class _InFlight:
    found: Found
    output: str | None
    #: The temp file its worker writes the output to (``Task.write_to``), if it does.
    temp: str | None = None
    duplicates: list[Found] = field(default_factory=list)


class _Run:
    """The state of one batch run (see the module docstring)."""

    def __init__(
        self,
        out: Path,
        settings: Settings,
        output_format: str,
        resume: bool,
        executor: Executor,
        on_event: Callable[[BatchEvent], None] | None,
        *,
        workers_write: bool = False,
    ) -> None:
        self.out = out
        #: Workers write the outputs to temp files (``Task.write_to``) named from this: the
        #: folder as an absolute path (workers may run elsewhere in the tree), and a token of
        #: this run, so no temp file of an earlier run's straggler is ever taken for ours.
        self.workers_write = workers_write
        self.temp_root = os.path.abspath(out)
        self.out_text = str(out)
        self.temp_token = secrets.token_hex(4)
        self.settings = settings
        self.format = output_format
        self.resume = resume
        self.executor = executor
        self.on_event = on_event
        self.summary = BatchSummary(out, out / MANIFEST_NAME, out / ERRORS_NAME)
        self.in_flight: dict[str, _InFlight] = {}
        self.outputs_in_flight: dict[str, str] = {}
        #: sha256s of documents extracted now whose output the committer has not written yet.
        self.writing: set[str] = set()

    def run(
        self, inputs: Iterable[str | os.PathLike[str]], spec: WorkSpec, max_tasks: int
    ) -> BatchSummary:
        started = time.monotonic()
        manifest_path = self.summary.manifest
        if not self.resume and manifest_path.exists() and manifest_path.stat().st_size > 0:
            raise UsageError(
                f"it already holds a batch ({MANIFEST_NAME}): add --resume to continue it, "
                "or choose another output folder",
                self.out,
            )
        self.index = ManifestIndex()
        try:
            if self.resume:
                self.index.load(manifest_path)
                _remove_temp_files(self.out)
            self.writer: DocumentWriter | None = None
            if self.format in COMBINED:
                # Always appending: every document must be durable as soon as the manifest
                # says it is done, which a fresh writer's put-in-place-on-close cannot promise.
                combined = self.out / COMBINED[self.format]
                self.writer = open_writer(self.format, combined, append=True)
            self.manifest = Manifest(manifest_path)
            self.committer = Committer(self.out, self.manifest, self.writer)
            try:
                timeout = self.settings.timeout
                self.executor.start(spec, timeout=timeout, max_tasks_per_child=max_tasks)
                try:
                    self._loop(inputs)
                except KeyboardInterrupt:
                    self.summary.interrupted = True
                    raise
                finally:
                    self.executor.close()
                    # Their workers are gone: what they may have begun to write goes too.
                    for flight in self.in_flight.values():
                        _unlink(flight.temp)
            finally:
                try:
                    # What the workers finished before an interrupt is still worth keeping.
                    self._account(self.committer.close())
                finally:
                    self.manifest.close()
                    if self.writer is not None:
                        self.writer.close()
                    self._write_errors()
        finally:
            self.index.close()
            self.summary.seconds = time.monotonic() - started
        return self.summary

    def _loop(self, inputs: Iterable[str | os.PathLike[str]]) -> None:
        tasks = self._plan(inputs)
        exhausted = False
        while True:
            while not exhausted and self.executor.free() > 0:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                else:
                    self.executor.submit(task)
            if self.executor.pending() == 0 and exhausted:
                return
            for outcome in self.executor.results():
                self._finish(outcome)
            self._account(self.committer.done())

    def _plan(self, inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Task]:
        """Yield the files that need extracting; account for the others on the way."""
        for found in discover(inputs, exclude=[self.out]):
            file = found.file
            if not _utf8(file):
                # The manifest, the index and the output names are UTF-8 text: a name that is
                # not would stop the whole batch there. It fails alone, named as best we can.
                shown = file.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                message = "the file name is not valid UTF-8; rename the file to extract it"
                self._record(_failure(shown, None, None, UnreadableFile.code, message))
                continue
            try:
                sha256, size = _hash(file, self.settings.max_file_size)
            except WorkplanError as exc:
                self._record(_failure(file, None, None, exc.code, exc.message))
                continue
            name = None if self.format in COMBINED else f"{found.posix}.json"
            known = self.index.find(sha256, name)
            earlier = known.done
            if earlier is not None and self._output_intact(earlier):
                if self.index.file_done(file, sha256):
                    self._event("skipped", earlier)
                else:
                    self._record_duplicate(found, earlier)
                continue
            if sha256 in self.in_flight:
                self.in_flight[sha256].duplicates.append(found)
                continue
            tried = known.tried_now
            if tried is not None:  # failed earlier in this run: same bytes, same failure
                self._record_duplicate(found, tried)
                continue
            output = self._output_for(found, sha256, name, known.output_owner)
            temp = self._temp_for(output, sha256) if self.workers_write else None
            self.in_flight[sha256] = _InFlight(found, output, temp)
            if name is not None:
                self.outputs_in_flight[output] = sha256
            yield Task(file, sha256, size, temp)

    def _output_intact(self, entry: ManifestEntry) -> bool:
        """Is the output of a done entry still there? (A user may have deleted it.)"""
        if entry.sha256 in self.writing:
            return True  # written now, by the committer
        if self.writer is not None:
            return entry.sha256 in self.writer
        return entry.output is not None and (self.out / entry.output).is_file()

    def _output_for(
        self, found: Found, sha256: str, name: str | None, indexed_owner: str | None
    ) -> str:
        """The output file of a document, relative to the output folder: ``name`` (None for a
        combined output), unless a document with other content has it already;
        ``indexed_owner`` is the index's owner of ``name``."""
        if name is None:
            return COMBINED[self.format]
        owner = self.outputs_in_flight.get(name) or indexed_owner
        if owner is not None and owner != sha256:
            # Two inputs with the same relative path (from different input folders) and
            # different content: the later one gets its content's hash in its name.
            name = f"{found.posix}.{sha256[:12]}.json"
        return name

    def _temp_for(self, output: str, sha256: str) -> str:
        """The temp file a worker writes ``output`` to: hidden, beside it, named as
        ``_remove_temp_files`` (and ``writers.atomic.AtomicFile``) name theirs."""
        folder, _, name = output.rpartition("/")
        temp = f".{name[:60]}.{self.temp_token}{sha256[:12]}.tmp"
        return (
            os.path.join(self.temp_root, folder, temp)
            if folder
            else os.path.join(self.temp_root, temp)
        )

    def _finish(self, outcome: Outcome) -> None:
        flight = self.in_flight.pop(outcome.task.sha256)
        if flight.output is not None and self.format not in COMBINED:
            self.outputs_in_flight.pop(flight.output, None)
        task = outcome.task
        done = outcome.status == "done"
        # The worker wrote the output to this temp file, or sent it back as ``document``.
        written = task.write_to if done else None
        if not done:
            _unlink(task.write_to)  # a worker killed in the middle of writing it
            if outcome.write_failed:
                # Not this file's fault: the output folder cannot take more (a full disk).
                assert flight.output is not None
                raise OutputError(f"cannot write: {outcome.message}", self.out / flight.output)
        document = outcome.document if done else None
        if written is not None or document is not None:
            entry = ManifestEntry(
                file=task.path,
                sha256=task.sha256,
                size=task.size,
                status="done",
                output=flight.output,
                duration=round(outcome.seconds, 4),
                finished=now(),
            )
        else:
            entry = _failure(
                task.path,
                task.sha256,
                task.size,
                outcome.error_code or "internal-error",
                outcome.message or "no result",
                outcome.seconds,
            )
        self._record(entry, document, written)
        for duplicate in flight.duplicates:
            self._record_duplicate(duplicate, entry)

    def _record_duplicate(self, found: Found, original: ManifestEntry) -> None:
        entry = original.model_copy(
            update={
                "file": found.file,
                "duration": 0.0,
                "duplicate_of": original.file,
                "finished": now(),
            }
        )
        self._record(entry)

    def _record(
        self, entry: ManifestEntry, document: str | None = None, temp: str | None = None
    ) -> None:
        """Hand an entry to the committer, and for a file extracted now, the document's text or
        the temp file its worker wrote it to. The index learns of it at once: the rest of the
        run decides by it."""
        self.index.add(entry)
        output = None
        if document is not None or temp is not None:
            assert entry.sha256 is not None
            self.writing.add(entry.sha256)
            if self.writer is None:
                # --format json: the worker already rendered the file's text (writers.json).
                assert entry.output is not None
                output = os.path.join(self.out_text, entry.output)
        self.committer.put(Pending(entry, document, output, temp))

    def _account(self, durable: Iterable[ManifestEntry]) -> None:
        """Count entries the committer made durable, and tell ``on_event``."""
        for entry in durable:
            if entry.duplicate_of is None and entry.sha256 is not None:
                self.writing.discard(entry.sha256)
            self._event(entry.status, entry)

    def _event(self, kind: EventKind, entry: ManifestEntry) -> None:
        if kind == "skipped":
            self.summary.skipped += 1
        elif kind == "done":
            self.summary.done += 1
        else:
            self.summary.failed += 1
        if kind != "skipped" and entry.duplicate_of is not None:
            self.summary.duplicates += 1
        if self.on_event is not None:
            self.on_event(BatchEvent(kind, entry))

    def _write_errors(self) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(ERRORS_COLUMNS)
        for entry in self.index.failures():
            writer.writerow(
                [
                    entry.file,
                    entry.error_code,
                    entry.error,
                    entry.sha256 or "",
                    "" if entry.size is None else entry.size,
                    entry.duration,
                    entry.duplicate_of or "",
                ]
            )
        atomic_write_text(self.summary.errors, buffer.getvalue())


def _failure(
    file: str,
    sha256: str | None,
    size: int | None,
    code: str,
    message: str,
    seconds: float = 0.0,
) -> ManifestEntry:
    return ManifestEntry(
        file=file,
        sha256=sha256,
        size=size,
        status="failed",
        error_code=code,
        error=message,
        duration=round(seconds, 4),
        finished=now(),
    )


def _unlink(path: str | None) -> None:
    if path is not None:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


#: The buffer ``_hash`` reads into, allocated once (a fresh megabyte per read would cost
#: an mmap, page faults and an munmap for every file). Per thread: the Dask client may run
#: batches on several.
_HASH_BUFFERS = threading.local()


def _hash(path: str, limit: int) -> tuple[str, int]:
    """sha256 and size of a file, read in chunks; refuses files over ``limit`` unread."""
    buffer: memoryview | None = getattr(_HASH_BUFFERS, "view", None)
    if buffer is None:
        buffer = _HASH_BUFFERS.view = memoryview(bytearray(_HASH_CHUNK))
    with _open_regular(path, limit) as fd:
        try:
            size = 0
            digest = hashlib.sha256()
            while read := os.readv(fd, [buffer]):
                size += read
                digest.update(buffer[:read])
        except OSError as exc:
            raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from None
    return digest.hexdigest(), size


@contextlib.contextmanager
def _open_regular(path: str, limit: int) -> Iterator[int]:
    """``pipeline.open_regular`` as a file descriptor, in three system calls (open, fstat,
    close) where it takes ten for a file object the hashing does not need. Anything but a
    regular file within ``limit`` goes to ``open_regular`` itself for its error."""
    # open_regular refuses folders, FIFOs and devices: hashing a FIFO would block the whole
    # batch here in the parent, where no per-file time limit applies. O_NONBLOCK keeps the
    # open itself from waiting for a FIFO's writer; it changes nothing for a regular file.
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        fd = -1
    if fd >= 0:
        try:
            info = os.fstat(fd)
        except OSError:
            regular = False
        else:
            regular = stat.S_ISREG(info.st_mode) and info.st_size <= limit
        if not regular:
            os.close(fd)
            fd = -1
    if fd < 0:
        with open_regular(path, limit) as handle:  # raises the error, as it is worded there
            fd = os.dup(handle.fileno())
    try:
        yield fd
    finally:
        os.close(fd)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_OPEN_FLAGS |= getattr(os, "O_CLOEXEC", 0)


def _remove_temp_files(out: Path) -> None:
    """Delete temp files that a batch killed in the middle of an atomic write left behind."""
    for top, _dirs, files in os.walk(out):
        for name in files:
            if _TEMP_FILE.match(name):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(top, name))
