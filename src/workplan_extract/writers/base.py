"""What every streaming writer shares: one document at a time, each document once.

A streaming writer is opened on a file or folder, given validated documents one at a time with
``add()`` (it never holds more than the one it is writing), and closed. Used as a context
manager, an error inside the block never leaves half a document: a fresh JSONL or CSV file is
not put in place at all (the old file stays), while appended outputs and ``tables`` folders keep
every document added before the error, each one whole.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import Self

from workplan_extract.records import WorkplanDocument

__all__ = ["DocumentWriter"]


class DocumentWriter(ABC):
    """Base of ``JsonlWriter``, ``CsvWriter`` and ``TablesWriter``.

    Documents are keyed by ``source.sha256`` (the ``document_id`` of the outputs). A document
    already in the output, from this run or an earlier one being appended to, is not written
    again: a resumed batch that redoes a document whose rows were written just before a crash
    must not duplicate it (and in ``tables`` a duplicate would break the primary key).
    ``add()`` returns False in that case so the caller can say so.
    """

    def __init__(self) -> None:
        self._ids: set[str] = set()
        self._closed = False

    def add(self, doc: WorkplanDocument) -> bool:
        """Write one document.

        Returns:
            True if written; False if a document with the same ``source.sha256`` is already in
            the output.

        Raises:
            ValueError: The writer is closed.
        """
        if self._closed:
            raise ValueError("the writer is closed")
        document_id = doc.source.sha256
        if document_id in self._ids:
            return False
        self._write(doc)
        self._ids.add(document_id)
        return True

    def __contains__(self, document_id: object) -> bool:
        """True if the output holds the document with this ``source.sha256``."""
        return document_id in self._ids

    def __len__(self) -> int:
        """How many documents the output holds, including those it held when opened."""
        return len(self._ids)

    def close(self) -> None:
        """Finish the output: a fresh one is put in place, an appended one is already durable."""
        if not self._closed:
            self._closed = True
            self._finish(ok=True)

    def abort(self) -> None:
        """Stop without finishing: a fresh output is dropped, an appended one keeps what it has."""
        if not self._closed:
            self._closed = True
            self._finish(ok=False)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    @abstractmethod
    def _write(self, doc: WorkplanDocument) -> None:
        """Write one document's data durably (or into the pending fresh output)."""

    @abstractmethod
    def _finish(self, *, ok: bool) -> None:
        """Release files; put a fresh output in place if ``ok``."""
