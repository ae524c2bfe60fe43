"""Writing files so that a crash never leaves a half-written one.

Two shapes of writing, two defences (RELIABILITY.md, "Writing without losing work"):

* **Replace a whole file** (``atomic_write_text``, ``atomic_write_bytes``, ``atomic_open``): write a
  temp file in the same folder, flush, ``fsync``, ``os.replace`` it over the target, then ``fsync``
  the folder so the rename itself survives a power cut. Readers see the old file or the new one,
  never a mixture; a failure part-way leaves the old file untouched and no temp file behind.

* **Append to files that grow across a resumable batch** (``AppendGroup``): each document's rows go
  to each file in one ``write``, flushed and fsynced, and only then is a small *commit record*
  replaced atomically with the new size of every file. On reopen every file is cut back to its
  committed size, so a crash part-way through a document drops that document from *all* files
  together. Cutting back only a trailing partial line would not be enough: CSV rows may hold
  newlines inside quoted cells, and the ``tables`` output spreads one document over many files.
  JSON Lines needs no commit record: a JSONL line holds no raw newline, so
  ``truncate_partial_line`` is exact there.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

from workplan_extract.errors import OutputError

__all__ = [
    "AppendGroup",
    "AtomicFile",
    "OutputError",
    "atomic_open",
    "atomic_write_bytes",
    "atomic_write_text",
    "fsync_dir",
    "truncate_partial_line",
    "write_all",
]

#: Read once so that files made through ``mkstemp`` (always 0600) get the permissions any other
#: new file of this process would get. Done at import, on the importing thread, because reading
#: the umask means setting it.
_UMASK = os.umask(0o022)
os.umask(_UMASK)

#: Characters of the target's name kept in its temp file's name.
_TEMP_STEM = 60

#: Bytes read at a time when looking backwards for the last newline of a file.
_TAIL_CHUNK = 64 * 1024


def fsync_dir(folder: str | os.PathLike[str]) -> None:
    """Flush a folder's entries (new names, renames) to disk.

    Windows cannot open a folder for fsync, and there the rename is already durable enough
    (MoveFileEx with write-through), so this is a no-op on Windows.
    """
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class AtomicFile:
    """A file written in pieces that replaces its target only when committed.

    Until ``commit()`` the content sits in a temp file beside the target (same folder, so the
    final ``os.replace`` is a rename on one file system); ``discard()`` removes it and leaves the
    target as it was.

    Args:
        path: The file to create or replace.
        sync: Flush to disk before the rename and flush the folder after it. Only tests and
            throw-away outputs should turn this off.
    """

    def __init__(self, path: str | os.PathLike[str], *, sync: bool = True) -> None:
        self.path = Path(path)
        self._sync = sync
        # The temp name adds about 14 bytes to the target's: cut the target's part short so
        # that a target whose name is near the file system's 255-byte limit can still be made.
        stem = self.path.name[:_TEMP_STEM]
        fd, tmp_name = tempfile.mkstemp(dir=self.path.parent, prefix=f".{stem}.", suffix=".tmp")
        self._tmp = Path(tmp_name)
        self.file: IO[bytes] = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        """Add ``data`` to the pending content."""
        self.file.write(data)

    def commit(self) -> None:
        """Flush the content to disk and put it in place of the target."""
        try:
            self.file.flush()
            if self._sync:
                os.fsync(self.file.fileno())
            self.file.close()
            os.chmod(self._tmp, _new_file_mode(self.path))
            os.replace(self._tmp, self.path)
        except BaseException:
            self.discard()
            raise
        if self._sync:
            fsync_dir(self.path.parent)

    def discard(self) -> None:
        """Drop the pending content; the target is untouched."""
        with contextlib.suppress(OSError):
            self.file.close()
        with contextlib.suppress(FileNotFoundError):
            self._tmp.unlink()


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], *, sync: bool = True) -> Iterator[IO[bytes]]:
    """Open a temp file beside ``path`` that replaces ``path`` when the block ends without error.

    If the block raises, the temp file is removed and ``path`` is left as it was.

    Example:
        >>> with atomic_open(tmp_path / "out.json") as f:  # doctest: +SKIP
        ...     f.write(b"{}\\n")
    """
    pending = AtomicFile(path, sync=sync)
    try:
        yield pending.file
    except BaseException:
        pending.discard()
        raise
    pending.commit()


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, sync: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically (see the module docstring).

    Example:
        >>> atomic_write_bytes(tmp_path / "a.bin", b"\\x00")  # doctest: +SKIP
    """
    with atomic_open(path, sync=sync) as f:
        f.write(data)


def atomic_write_text(
    path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8", sync: bool = True
) -> None:
    """Replace ``path`` with ``text`` atomically; the text is written exactly (no newline changes).

    Example:
        >>> atomic_write_text(tmp_path / "a.json", "{}\\n")  # doctest: +SKIP
    """
    atomic_write_bytes(path, text.encode(encoding), sync=sync)


def truncate_partial_line(path: str | os.PathLike[str]) -> int:
    """Cut a file back to just after its last ``\\n``, dropping a line a crash left unfinished.

    Returns:
        How many bytes were dropped (0 when the file ends with a newline or is empty).
    """
    with open(path, "r+b") as f:
        size = f.seek(0, os.SEEK_END)
        end = size
        while end > 0:
            start = max(0, end - _TAIL_CHUNK)
            f.seek(start)
            chunk = f.read(end - start)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            end = start
        else:
            keep = 0
        if keep < size:
            f.truncate(keep)
            f.flush()
            os.fsync(f.fileno())
        return size - keep


class AppendGroup:
    """Files that grow together, one document at a time, with a commit record of their sizes.

    Opening with ``append=False`` starts every file afresh with its header. Opening with
    ``append=True`` keeps what the files hold: each file is cut back to the size in the commit
    record (dropping whatever a crash left after the last committed document) and must still
    begin with the header this version writes, so rows never land under other columns. Files
    that exist without a commit record (written whole by a one-shot writer) are accepted when they
    begin with the header and end with a newline; missing files are created.

    Args:
        files: Name -> path of each file in the group.
        headers: Name -> the bytes each file starts with (a CSV header row, possibly with a BOM).
        commit: Path of the commit record (a small JSON file, replaced atomically).
        append: Keep existing content instead of starting afresh.
        sync: fsync every write. Turning it off trades durability on power loss for speed; the
            order of writes, and so consistency after a crash of the process, is kept.

    Attributes:
        repaired: Name -> bytes dropped on open from a file a crash left unfinished.
    """

    def __init__(
        self,
        files: Mapping[str, Path],
        headers: Mapping[str, bytes],
        commit: Path,
        *,
        append: bool,
        sync: bool = True,
    ) -> None:
        if set(files) != set(headers):
            raise ValueError("every file needs a header")
        self._paths = dict(files)
        self._commit = commit
        self._sync = sync
        self.repaired: dict[str, int] = {}
        if append:
            self._sizes = self._resume(headers)
        else:
            self._sizes = self._start(headers)
        # Raw descriptors, not buffered files: a failed write must not leave bytes in a buffer
        # that a later flush would put after the rollback.
        self._fds = {
            name: os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0))
            for name, path in self._paths.items()
        }
        self._write_commit()

    def _start(self, headers: Mapping[str, bytes]) -> dict[str, int]:
        # The old commit record goes first: if we crash before writing the new one, a later
        # append finds headers only (accepted) rather than sizes that no longer match.
        with contextlib.suppress(FileNotFoundError):
            self._commit.unlink()
        for name, path in self._paths.items():
            atomic_write_bytes(path, headers[name], sync=self._sync)
        return {name: len(headers[name]) for name in self._paths}

    def _resume(self, headers: Mapping[str, bytes]) -> dict[str, int]:
        committed = self._read_commit()
        sizes: dict[str, int] = {}
        for name, path in self._paths.items():
            header = headers[name]
            if not path.exists() or path.stat().st_size == 0:
                # Missing (a table added in a later version) or empty (made by `touch`): it
                # starts with its header, unless the commit says it held rows.
                if committed.get(name, len(header)) > len(header):
                    raise OutputError("it is missing or empty but its rows were committed", path)
                atomic_write_bytes(path, header, sync=self._sync)
                sizes[name] = len(header)
                continue
            size = path.stat().st_size
            with open(path, "rb") as f:
                if f.read(len(header)) != header:
                    raise OutputError(
                        "its header differs from the columns this version writes; "
                        "write to a new output instead of appending",
                        path,
                    )
                if name in committed:
                    keep = committed[name]
                    if size < keep:
                        raise OutputError(
                            f"it is shorter ({size} bytes) than its last committed size "
                            f"({keep} bytes): something else changed it",
                            path,
                        )
                else:
                    f.seek(max(0, size - 1))
                    if size > len(header) and f.read(1) != b"\n":
                        raise OutputError(
                            "it does not end with a complete row and has no commit record "
                            "to repair it from",
                            path,
                        )
                    keep = size
            if size > keep:
                with open(path, "r+b") as f:
                    f.truncate(keep)
                    f.flush()
                    os.fsync(f.fileno())
                self.repaired[name] = size - keep
            sizes[name] = keep
        return sizes

    def _read_commit(self) -> dict[str, int]:
        try:
            raw = self._commit.read_bytes()
        except FileNotFoundError:
            return {}
        try:
            record = json.loads(raw)
            sizes = record["sizes"]
            return {str(name): int(size) for name, size in sizes.items()}
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            # Replaced atomically, so it is never half-written by us: this is damage from
            # outside, and guessing sizes could keep half a document.
            raise OutputError(f"unreadable commit record ({error})", self._commit) from error

    def _write_commit(self) -> None:
        record = {"format": "workplan-extract commit", "version": 1, "sizes": self._sizes}
        atomic_write_bytes(self._commit, json.dumps(record).encode() + b"\n", sync=self._sync)

    def append(self, chunks: Mapping[str, bytes]) -> None:
        """Append one document's bytes to the files, then commit the new sizes.

        Each chunk goes in one ``write``. If anything fails part-way, every file is cut back to
        its committed size before the error propagates, so the group stays consistent.
        """
        try:
            for name, data in chunks.items():
                if data:
                    write_all(self._fds[name], data)
                    if self._sync:
                        os.fsync(self._fds[name])
            new_sizes = {
                name: size + len(chunks.get(name, b"")) for name, size in self._sizes.items()
            }
            old_sizes, self._sizes = self._sizes, new_sizes
            try:
                self._write_commit()
            except BaseException:
                self._sizes = old_sizes
                raise
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        for name, fd in self._fds.items():
            # Best effort: if even this fails, the commit record still marks the good prefix
            # and the next open cuts the file back.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, self._sizes[name])

    def close(self) -> None:
        """Close every file; what was appended is already committed."""
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()


def write_all(fd: int, data: bytes) -> None:
    """One ``write`` normally; a loop because the OS may accept fewer bytes (disk nearly full)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _new_file_mode(target: Path) -> int:
    """Permissions for the replacement: keep the old file's, else what ``open`` would give."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_UMASK
