"""The one error tree of workplan-extract.

Every failure that concerns a whole document is a ``WorkplanError`` carrying a stable ``code``
and the ``path`` of the file, so the CLI, the batch manifest and the error report all speak the
same language. Doubts about a single row or value are not exceptions: they are ``warnings`` in
the record.

    WorkplanError                       (code)
    ├── UsageError                      usage           bad options or arguments (exit 2)
    ├── VocabularyError                 bad-vocabulary  a vocabulary file is invalid
    ├── UnreadableFile                  unreadable      missing, a directory, no permission
    ├── UnsupportedFormat               unsupported-format
    ├── CorruptDocument                 corrupt         truncated or malformed container
    ├── EncryptedDocument               encrypted       a password is needed
    ├── NoTextLayer                     no-text-layer   a scanned PDF
    ├── TooLarge                        too-large       over a configured limit
    ├── Timeout                         timeout         over the per-file time limit
    ├── NoWorkplanTable                 no-workplan-table
    ├── ConversionFailed                conversion-failed
    ├── MissingProgram                  missing-program a required external program is absent
    ├── OutputError                     bad-output      an output cannot be written or appended to
    ├── WorkerDied                      killed          the worker process died (out of memory?)
    ├── FileChanged                     changed         the file changed while it was read
    ├── InternalError                   internal-error  a bug: an exception the tool did not expect
    └── InvalidRecords                  invalid-record  a JSON file does not match the records
                                                        (defined in ``validate``, with its problems)

``str(error)`` is the one-line message printed by the CLI: ``"<path>: <what is wrong>"``.
"""

from __future__ import annotations

import os


class WorkplanError(Exception):
    """Base of every error the tool raises about a document or its options."""

    code: str = "error"
    exit_code: int = 1

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = None if path is None else os.fspath(path)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def with_path(self, path: str | os.PathLike[str]) -> WorkplanError:
        """Return this error naming ``path`` if it does not name a file yet."""
        if self.path is None:
            self.path = os.fspath(path)
        return self


class UsageError(WorkplanError):
    """Bad options or arguments."""

    code = "usage"
    exit_code = 2


class VocabularyError(WorkplanError):
    """A party vocabulary file is invalid."""

    code = "bad-vocabulary"
    exit_code = 2


class UnreadableFile(WorkplanError):
    """The file cannot be read at all (missing, a directory, no permission)."""

    code = "unreadable"


class UnsupportedFormat(WorkplanError):
    """The content is not a format the tool reads."""

    code = "unsupported-format"


class CorruptDocument(WorkplanError):
    """The container is truncated or malformed."""

    code = "corrupt"


class EncryptedDocument(WorkplanError):
    """The document needs a password."""

    code = "encrypted"


class NoTextLayer(WorkplanError):
    """A PDF with no text layer (a scan)."""

    code = "no-text-layer"


class TooLarge(WorkplanError):
    """The document exceeds a configured limit."""

    code = "too-large"


class Timeout(WorkplanError):
    """Extraction took longer than the per-file time limit."""

    code = "timeout"


class NoWorkplanTable(WorkplanError):
    """No table in the document looks like a workplan."""

    code = "no-workplan-table"


class ConversionFailed(WorkplanError):
    """LibreOffice could not convert a legacy document."""

    code = "conversion-failed"


class MissingProgram(WorkplanError):
    """A required external program is not installed."""

    code = "missing-program"


class OutputError(WorkplanError):
    """An output cannot be written, or appended to safely (changed by hand, other columns)."""

    code = "bad-output"


class WorkerDied(WorkplanError):
    """The process extracting the file died (killed by the OS, out of memory, or crashed)."""

    code = "killed"


class FileChanged(WorkplanError):
    """The file changed between hashing it and extracting it."""

    code = "changed"


class InternalError(WorkplanError):
    """An exception the tool did not expect: a bug, reported with the file that caused it."""

    code = "internal-error"


#: Every error class, for documentation and for mapping codes back to classes.
ERROR_CLASSES: tuple[type[WorkplanError], ...] = (
    UsageError,
    VocabularyError,
    UnreadableFile,
    UnsupportedFormat,
    CorruptDocument,
    EncryptedDocument,
    NoTextLayer,
    TooLarge,
    Timeout,
    NoWorkplanTable,
    ConversionFailed,
    MissingProgram,
    OutputError,
    WorkerDied,
    FileChanged,
    InternalError,
)

_BY_CODE = {cls.code: cls for cls in ERROR_CLASSES}


def error_for_code(
    code: str, message: str, path: str | os.PathLike[str] | None = None
) -> WorkplanError:
    """The error of class ``code`` names (an ``InternalError`` for an unknown code): how an error
    reported by a worker process as (code, message) becomes an exception again.

    >>> str(error_for_code("timeout", "took too long", "a.pdf"))
    'a.pdf: took too long'
    """
    return _BY_CODE.get(code, InternalError)(message, path)
