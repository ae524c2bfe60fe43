"""Making results durable off the batch loop: outputs and manifest lines, committed in groups.

Each document used to cost the batch loop three fsyncs in a row (the output file, its folder,
the manifest), about 10 ms during which no result was collected and no task sent. Here a
committer thread takes whatever results have queued up since its last commit and, for the
whole group:

1. puts each output file in place: a worker process has usually written it already, to a
   temp file beside it, flushed to disk (``worker.write_temp``), and it is renamed here;
   otherwise (an executor whose workers cannot reach the output folder) it is written here
   (temp file, fsync, rename; several at once on a few writer threads, so the file system
   can flush them in one journal commit),
2. fsyncs each folder that gained a name, once,
3. appends the group's manifest lines with one write and one fsync,

and only then hands the entries back to the batch loop as done. A group is what arrives within
``COMMIT_DELAY`` of its first result (or while the previous group was being committed), up to
``MAX_QUEUED``: the folder and manifest fsyncs are paid once per group rather than per document,
and a line is held back a fraction of a second at most.

The rule the manifest rests on holds: a line becomes durable only after its output is durable
(step 3 starts after steps 1 and 2 are done), so ``--resume`` after a crash never skips a file
whose output is missing; outputs written but not yet in the manifest are simply redone. Combined
outputs (``--format jsonl|csv|tables``) are appended by the writer, which syncs each document
itself, in step 1, in order, on the committer thread, the only thread that touches it.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..records import WorkplanDocument
from ..writers import DocumentWriter
from ..writers.atomic import AtomicFile, fsync_dir
from .manifest import Manifest, ManifestEntry

#: Results waiting to be committed, at most: bounds the memory held in rendered documents.
MAX_QUEUED = 64
#: How long the first result of a group waits for others to share its fsyncs.
COMMIT_DELAY = 0.2
#: Output files written at once within a group.
WRITER_THREADS = 4
#: Folders remembered as existing, at most (a tree of millions of folders must not grow memory).
_KNOWN_FOLDERS = 4096


@dataclass(frozen=True, slots=True)
class Pending:
    """One manifest entry to commit and, for a document extracted now, its output: ``text``
    to write to ``output`` (``--format json``) or to give to the combined writer, or ``temp``,
    a file already written and flushed, to rename to ``output``."""

    entry: ManifestEntry
    text: str | None = None
    output: str | os.PathLike[str] | None = None
    temp: str | None = None

    def discard(self) -> None:
        """Remove the temp file of a result that will not be committed."""
        if self.temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)


class Committer:
    """The committer thread (see the module docstring).

    ``put`` queues a result (blocking while ``MAX_QUEUED`` wait); ``done`` returns the entries
    made durable since the last call; ``close`` commits what is queued and stops. An error on
    the committer thread (a full disk) stops all further commits and is raised by the next
    ``put``, ``done`` or ``close``.

    Args:
        out: The output folder: folders created under it are made durable up to it.
        manifest: Where the lines go.
        writer: The combined writer, or None for one file per document.
    """

    def __init__(self, out: Path, manifest: Manifest, writer: DocumentWriter | None) -> None:
        self._out = out
        self._manifest = manifest
        self._writer = writer
        #: Results put and not yet taken by the committer, and the lock and signal guarding
        #: them: a put wakes the committer only for the first result of a group and for a
        #: full one, not for each (a thread woken per document costs more than the rename).
        self._queue: deque[Pending] = deque()
        self._cond = threading.Condition()
        self._closing = False
        self._done: list[ManifestEntry] = []
        self._done_lock = threading.Lock()
        self._error: BaseException | None = None
        #: Folders known to exist (and flushed into their parents), as strings.
        self._folders: set[str] = set()
        self._root = os.fspath(out)
        self._files = ThreadPoolExecutor(WRITER_THREADS, thread_name_prefix="batch-writer")
        self._thread = threading.Thread(target=self._run, name="batch-committer", daemon=True)
        self._thread.start()

    def put(self, pending: Pending) -> None:
        """Queue a result for the next commit."""
        with self._cond:
            while self._error is None and len(self._queue) >= MAX_QUEUED:
                self._cond.wait()
            if self._error is not None:
                pending.discard()
                raise self._error
            self._queue.append(pending)
            if len(self._queue) == 1 or len(self._queue) >= MAX_QUEUED:
                self._cond.notify_all()

    def done(self) -> list[ManifestEntry]:
        """The entries made durable since the last call, in the order they were put."""
        with self._done_lock:
            done, self._done = self._done, []
        self._raise()
        return done

    def close(self) -> list[ManifestEntry]:
        """Commit everything queued, stop the thread; return the last entries made durable.

        Raises:
            Whatever stopped the committer (the entries after the error are not committed).
        """
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join()
        self._files.shutdown()
        with self._cond:
            self._drain()
        return self.done()

    def _drain(self) -> None:
        """Drop what is left in the queue after a failure (and its temp files); holding
        ``_cond``."""
        while self._queue:
            self._queue.popleft().discard()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        try:
            while True:
                with self._cond:
                    while not self._queue and not self._closing:
                        self._cond.wait()
                    if not self._queue:
                        return  # closing, and everything is committed
                    until = time.monotonic() + COMMIT_DELAY
                    while len(self._queue) < MAX_QUEUED and not self._closing:
                        left = until - time.monotonic()
                        if left <= 0:
                            break
                        self._cond.wait(left)
                    group = list(self._queue)
                    self._queue.clear()
                    self._cond.notify_all()  # room for a put waiting on a full queue
                self._commit(group)
        except BaseException as exc:
            with self._cond:
                self._error = exc
                self._drain()
                self._cond.notify_all()

    def _commit(self, group: Sequence[Pending]) -> None:
        renames = [p for p in group if p.temp is not None]
        try:
            folders = self._rename(renames)
        except BaseException:
            for pending in renames:
                pending.discard()
            raise
        writes = [p for p in group if p.text is not None]
        if self._writer is not None:
            for pending in writes:
                assert pending.text is not None
                # Validated again here: the combined writers take records, not text. False for
                # a document a crash left in it after its manifest line was lost: it is there.
                self._writer.add(WorkplanDocument.model_validate_json(pending.text))
        elif writes:
            folders.update(*self._files.map(self._write, writes))
        for folder in folders:
            fsync_dir(folder)
        self._manifest.extend(p.entry for p in group)
        with self._done_lock:
            self._done.extend(p.entry for p in group)

    def _rename(self, renames: Sequence[Pending]) -> set[str]:
        """Put written temp files in place; return the folders to flush for them: each one's
        own, and for a folder not seen before, every folder up to the output folder (the
        worker may have created any of them)."""
        folders: set[str] = set()
        for pending in renames:
            assert pending.output is not None and pending.temp is not None
            output = os.fspath(pending.output)
            folder = os.path.dirname(output)
            folders.add(folder)
            if folder not in self._folders:
                folders.update(_up_to(folder, self._root))
                self._known(folder)
            _keep_mode(pending.temp, output)
            os.replace(pending.temp, output)
        return folders

    def _known(self, folder: str) -> None:
        if len(self._folders) >= _KNOWN_FOLDERS:
            self._folders.clear()
        self._folders.add(folder)

    def _write(self, pending: Pending) -> set[str]:
        """Write one output whole (the rename leaves no half file), and return the folders whose
        entries must be made durable for it: its own and any created for it."""
        assert pending.output is not None and pending.text is not None
        folder = Path(pending.output).parent
        touched = {str(folder)}
        if str(folder) not in self._folders:
            touched |= {str(f) for f in _make_folders(folder, self._out)}
            self._known(str(folder))
        target = AtomicFile(pending.output, sync=False)
        try:
            target.write(pending.text.encode("utf-8"))
            # The data is flushed before the rename, as AtomicFile(sync=True) would do; the
            # folder is flushed once for the whole group by the caller instead of per file.
            target.file.flush()
            os.fsync(target.file.fileno())
        except BaseException:
            target.discard()
            raise
        target.commit()
        return touched


def _make_folders(folder: Path, root: Path) -> set[Path]:
    """Create ``folder`` and its missing parents below ``root``; return the folders whose
    entries changed (the parent of each folder created)."""
    missing = []
    current = folder
    while current != root and not current.is_dir():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        # Another writer thread may create it first.
        path.mkdir(exist_ok=True)
    return {path.parent for path in missing}


def _up_to(folder: str, root: str) -> set[str]:
    """``folder`` and its parents up to ``root`` (both included)."""
    found = {root}
    current = folder
    while current and current != root:
        found.add(current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return found


def _keep_mode(temp: str, target: str) -> None:
    """Give a replacement the permissions of the file it replaces (a new file has what ``open``
    gives, as the temp file already has)."""
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        return
    os.chmod(temp, mode)
