"""JSON and JSON Lines writers.

JSON is pretty-printed (two-space indent), keys in model field order (the order of SPEC's record
contract), UTF-8 with non-ASCII kept as written (``"Barnardo’s"``, ``"£80k"``), and ends with a
newline. ``write_json`` writes one document given on its own as an object, and any iterable of
documents as an array, even an array of one: the shape follows the call, not the count, so a
consumer of a multi-file run never has to guess.

A NaN or infinite number (the models do not forbid them yet) raises ``ValueError`` instead of
writing ``NaN``, which is not JSON and which no other reader, ``validate`` included, accepts.

JSON Lines holds one compact document per line. A line never contains a raw newline (JSON
escapes them in strings), which is what makes ``JsonlWriter``'s append-and-repair exact.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from workplan_extract.records import WorkplanDocument
from workplan_extract.writers.atomic import (
    AtomicFile,
    OutputError,
    fsync_dir,
    truncate_partial_line,
    write_all,
)
from workplan_extract.writers.base import DocumentWriter
from workplan_extract.writers.prettyjson import pretty_json

__all__ = ["JsonlWriter", "to_json", "to_jsonl", "write_json", "write_jsonl"]

_INDENT = 2


def to_json(doc: WorkplanDocument) -> str:
    """One document as pretty JSON text ending with a newline.

    Example:
        >>> print(to_json(doc))  # doctest: +SKIP
        {
          "schema_version": "1.0",
          ...
    """
    return _pretty(doc) + "\n"


def to_jsonl(doc: WorkplanDocument) -> str:
    """One document as a single JSON line ending with a newline."""
    data = doc.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"


def write_json(
    docs: WorkplanDocument | Iterable[WorkplanDocument], dest: str | os.PathLike[str] | TextIO
) -> int:
    """Write one document as a JSON object, or an iterable of documents as a JSON array.

    A path is replaced atomically; a text stream is written to and left open. Documents are
    written one at a time as they come from the iterable, and each ``source.sha256`` once.

    Args:
        docs: A document, or an iterable of them.
        dest: A file path, or an open text stream such as ``sys.stdout``.

    Returns:
        How many documents were written.

    Example:
        >>> write_json([doc_a, doc_b], Path("plans.json"))  # doctest: +SKIP
        2
    """
    if isinstance(docs, WorkplanDocument):
        _write_text(dest, iter([to_json(docs)]))
        return 1
    written = 0

    def pieces() -> Iterator[str]:
        nonlocal written
        yield "["
        for doc in _each_once(docs):
            # Indenting each line of a document's JSON gives exactly json.dumps(list, indent=2):
            # no string in it holds a raw newline, so lines are safe to indent.
            body = _pretty(doc).replace("\n", "\n" + " " * _INDENT)
            yield ("\n" if written == 0 else ",\n") + " " * _INDENT + body
            written += 1
        yield "\n]\n" if written else "]\n"

    _write_text(dest, pieces())
    return written


def write_jsonl(docs: Iterable[WorkplanDocument], dest: str | os.PathLike[str] | TextIO) -> int:
    """Write documents as JSON Lines, replacing a path atomically (see ``JsonlWriter`` to append).

    Returns:
        How many documents were written (each ``source.sha256`` once).
    """
    if isinstance(dest, str | os.PathLike):
        with JsonlWriter(dest) as writer:
            return sum(writer.add(doc) for doc in docs)
    written = 0
    for doc in _each_once(docs):
        dest.write(to_jsonl(doc))
        written += 1
    return written


class JsonlWriter(DocumentWriter):
    """Stream documents into a JSON Lines file, one line each.

    With ``append=False`` the lines go to a temp file that replaces ``path`` on ``close()`` (an
    error inside a ``with`` block leaves the old file). With ``append=True`` lines are added to
    the existing file (created if missing), each in one write flushed to disk; a line a crash
    left unfinished is cut off on open (``repaired`` says how many bytes), and documents already
    in the file are not written again.

    Args:
        path: The ``.jsonl`` file.
        append: Add to the existing file instead of replacing it.
        sync: fsync each document (append) or the finished file (fresh).

    Raises:
        OutputError: When appending, a complete line of the file is not a document.

    Example:
        >>> with JsonlWriter(Path("all.jsonl"), append=True) as out:  # doctest: +SKIP
        ...     for doc in documents:
        ...         out.add(doc)
    """

    def __init__(
        self, path: str | os.PathLike[str], *, append: bool = False, sync: bool = True
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self._sync = sync
        self.repaired = 0
        self._pending: AtomicFile | None = None
        self._fd: int | None = None
        if append:
            if self.path.exists():
                self.repaired = truncate_partial_line(self.path)
                self._ids.update(self._existing_ids())
            created = not self.path.exists()
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            if created and sync:
                fsync_dir(self.path.parent)  # the new name must survive a power cut too
        else:
            self._pending = AtomicFile(self.path, sync=sync)

    def _existing_ids(self) -> Iterator[str]:
        with open(self.path, "rb") as f:
            # Iterating a binary file splits on b"\n" only, as JSON Lines does; str.splitlines()
            # would also split on U+2028 and friends, which may sit unescaped inside strings.
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    yield str(json.loads(line)["source"]["sha256"])
                except (ValueError, KeyError, TypeError) as error:
                    raise OutputError(
                        f"line {number} is not a workplan document ({error}); "
                        "check it with `workplan-extract validate`",
                        self.path,
                    ) from error

    def _write(self, doc: WorkplanDocument) -> None:
        data = to_jsonl(doc).encode("utf-8")
        if self._pending is not None:
            self._pending.write(data)
            return
        assert self._fd is not None  # set whenever _pending is not
        write_all(self._fd, data)
        if self._sync:
            os.fsync(self._fd)

    def _finish(self, *, ok: bool) -> None:
        if self._pending is not None:
            if ok:
                self._pending.commit()
            else:
                self._pending.discard()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _pretty(doc: WorkplanDocument) -> str:
    # json.dumps(indent=2)'s text, made at C speed where that is the same text (prettyjson).
    return pretty_json(doc.model_dump(mode="json"), _INDENT)


def _each_once(docs: Iterable[WorkplanDocument]) -> Iterator[WorkplanDocument]:
    seen: set[str] = set()
    for doc in docs:
        if doc.source.sha256 not in seen:
            seen.add(doc.source.sha256)
            yield doc


def _write_text(dest: str | os.PathLike[str] | TextIO, pieces: Iterator[str]) -> None:
    """Write text pieces to a path (atomically) or to an open stream."""
    if isinstance(dest, str | os.PathLike):
        pending = AtomicFile(dest)
        try:
            for piece in pieces:
                pending.write(piece.encode("utf-8"))
        except BaseException:
            pending.discard()
            raise
        pending.commit()
    else:
        for piece in pieces:
            dest.write(piece)
