"""The one error tree of workplan-extract.

Every failure that concerns a whole document is a ``WorkplanError`` carrying a stable ``code``
and the ``path`` of the file, so the CLI, the batch manifest and the error report all speak the
same language. Doubts about a single row or value are not exceptions: they are ``warnings`` in
the record.

    WorkplanError                       (code)
    ├── UsageError                      usage           bad options or arguments (exit 2)
    ├── VocabularyError                 bad-vocabulary  a vocabulary file is invalid (exit 2)
    ├── ManifestError                   bad-manifest    a batch's manifest was changed by hand (exit 2)
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
    │   └── ForkServerError             killed          the process that starts workers died
    ├── FileChanged                     changed         the file changed while it was read
    ├── StrictWarnings                  warnings        a document has warnings and ``strict`` is on
    ├── InvalidRecords                  invalid-record  a JSON file does not match the records
    └── InternalError                   internal-error  a bug: an exception the tool did not expect

``str(error)`` is ``"<path>: <what is wrong>"``; the CLI prints it as one line with the code,
``error: <path>: <what is wrong> (<code>)``.

``deterministic`` says whether the same bytes under the same settings and version fail the same
way again (a corrupt file, a document with no workplan table): a resumed batch does not redo
those. Timeouts, killed workers and internal errors may go otherwise next time and are retried.
"""

from __future__ import annotations

import os
from collections.abc import Sequence


class WorkplanError(Exception):
    """Base of every error the tool raises about a document or its options."""

    code: str = "error"
    exit_code: int = 1
    deterministic: bool = False
    #: The traceback of where it was raised, when it is known (an error from a worker process
    #: carries the worker's, for ``--debug``); else None.
    detail: str | None = None

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


class ManifestError(WorkplanError):
    """A batch's manifest was changed by something other than the batch and cannot be trusted."""

    code = "bad-manifest"
    exit_code = 2


class UnreadableFile(WorkplanError):
    """The file cannot be read at all (missing, a directory, no permission)."""

    code = "unreadable"


class UnsupportedFormat(WorkplanError):
    """The content is not a format the tool reads."""

    code = "unsupported-format"
    deterministic = True


class CorruptDocument(WorkplanError):
    """The container is truncated or malformed."""

    code = "corrupt"
    deterministic = True


class EncryptedDocument(WorkplanError):
    """The document needs a password."""

    code = "encrypted"
    deterministic = True


class NoTextLayer(WorkplanError):
    """A PDF with no text layer (a scan)."""

    code = "no-text-layer"
    deterministic = True


class TooLarge(WorkplanError):
    """The document exceeds a configured limit."""

    code = "too-large"
    deterministic = True


class Timeout(WorkplanError):
    """Extraction took longer than the per-file time limit."""

    code = "timeout"


class NoWorkplanTable(WorkplanError):
    """No table in the document looks like a workplan."""

    code = "no-workplan-table"
    deterministic = True


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


class ForkServerError(WorkerDied):
    """The process that forks the workers died or stopped answering; no worker can start."""


class FileChanged(WorkplanError):
    """The file changed between hashing it and extracting it."""

    code = "changed"


class StrictWarnings(WorkplanError):
    """A document was extracted with warnings while ``Settings.strict`` is on (its output is
    still written: the warnings say what to look at)."""

    code = "warnings"


class InvalidRecords(WorkplanError):
    """A file of records does not match the models; ``problems`` lists why (see ``validate``)."""

    code = "invalid-record"

    def __init__(
        self,
        message: str,
        path: str | os.PathLike[str] | None = None,
        *,
        problems: Sequence[object] = (),
    ) -> None:
        super().__init__(message, path)
        self.problems = list(problems)


class InternalError(WorkplanError):
    """An exception the tool did not expect: a bug, reported with the file that caused it."""

    code = "internal-error"


#: Every error class, for documentation and for mapping codes back to classes.
ERROR_CLASSES: tuple[type[WorkplanError], ...] = (
    UsageError,
    VocabularyError,
    ManifestError,
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
    StrictWarnings,
    InvalidRecords,
    InternalError,
)

_BY_CODE = {cls.code: cls for cls in ERROR_CLASSES}


def error_class(code: str) -> type[WorkplanError]:
    """The class that owns ``code`` (``InternalError`` for a code no class owns)."""
    return _BY_CODE.get(code, InternalError)


def error_for_code(
    code: str, message: str, path: str | os.PathLike[str] | None = None
) -> WorkplanError:
    """The error of class ``code`` names (an ``InternalError`` for an unknown code): how an error
    reported by a worker process as (code, message) becomes an exception again.

    >>> str(error_for_code("timeout", "took too long", "a.pdf"))
    'a.pdf: took too long'
    """
    return error_class(code)(message, path)
