"""Extract files and write their documents: the library call behind ``workplan-extract extract``.

``write_documents`` makes every decision the command used to make itself, so that the command
only parses options and prints: where the output goes (``outputs``' one naming rule, shared with
``batch``), whether each file runs in a worker process under the time and memory limits or in
this process, what ``strict`` does (a document with warnings is still written, and counts as a
failure), that a file with the same content as an earlier one is written once, and that a bad
``--vocab`` file is reported once, before any work.

Example:
    >>> summary = write_documents(["a.docx", "b.pdf"], "out/", settings={"timeout": 60})  # doctest: +SKIP
    >>> summary.exit_code  # doctest: +SKIP
    0
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TextIO

from .errors import InternalError, OutputError, StrictWarnings, WorkplanError
from .outputs import OutputTarget, folder_output, json_output_name, resolve_output
from .records import WorkplanDocument
from .settings import Settings

__all__ = ["DocumentEvent", "WriteSummary", "check_vocabulary", "strict_error", "write_documents"]

EventKind = Literal["written", "failed", "duplicate", "warnings"]


@dataclass(frozen=True, slots=True)
class DocumentEvent:
    """Something to tell the user about one input file.

    ``written``: its document went to ``target`` (one line per file of a folder of JSON files;
    combined outputs say nothing per document). ``failed``: ``error`` says why (with
    ``error.detail``, the traceback of an unexpected error). ``duplicate``: it has the same
    content as ``same_as`` and was not written again. ``warnings``: ``strict`` is on and the
    document has warnings (``error`` is the ``StrictWarnings``); it was written all the same.
    """

    kind: EventKind
    path: str
    target: str | None = None
    error: WorkplanError | None = None
    same_as: str | None = None


@dataclass
class WriteSummary:
    """What ``write_documents`` did; ``exit_code`` is the command's exit status."""

    written: int = 0
    failed: int = 0
    duplicates: int = 0
    with_warnings: int = 0
    exit_code: int = 0


def check_vocabulary(settings: Settings) -> None:
    """Load the ``--vocab`` files once, before any work, so a bad one is one error naming it
    rather than one per document. Free afterwards: the loaded vocabulary is cached, and forked
    workers inherit it.

    Raises:
        VocabularyError: a vocabulary file is unreadable or invalid.
    """
    if settings.vocab:
        from .normalise import load_vocabulary

        load_vocabulary(settings.vocab)


def strict_error(path: str, warnings: int) -> StrictWarnings:
    """The error ``strict`` reports for a document with ``warnings`` warnings."""
    plural = "warning" if warnings == 1 else "warnings"
    return StrictWarnings(f"{warnings} {plural} and --strict", path)


def write_documents(
    files: Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str] | None = None,
    *,
    format: str = "json",  # noqa: A002 - the CLI option's name
    settings: Settings | Mapping[str, Any] | None = None,
    memory_limit: int | None = None,
    isolate: bool | None = None,
    on_event: Callable[[DocumentEvent], None] | None = None,
    stdout: TextIO | None = None,
    debug: bool = False,
) -> WriteSummary:
    """Extract ``files`` and write their documents to ``output`` in ``format``.

    Args:
        files: The documents, extracted in order; one that fails never stops the rest.
        output: A file, a folder or None for ``stdout`` (see ``outputs.resolve_output``).
        format: ``json``, ``jsonl``, ``csv`` or ``tables``.
        settings: Options and limits; ``settings.timeout`` is each file's time limit, and
            ``settings.strict`` makes a document with warnings count as failed.
        memory_limit: Address-space limit of the worker process in bytes, or None.
        isolate: Run each file in a worker process; default: when there is a time or a
            memory limit to enforce (else in this process, as ``extract()`` does).
        on_event: Told of each file written, failed, duplicated or warned about.
        stdout: Where standard output goes (default ``sys.stdout``).
        debug: Keep the traceback of every failure in ``error.detail``, from worker
            processes too (an unexpected error always keeps it).

    Returns:
        The counts and the exit status: 0, or the highest exit code of a failure (1; 2 for a
        usage or vocabulary error).

    Raises:
        UsageError: ``output`` does not fit ``format``.
        VocabularyError: a ``--vocab`` file is invalid (before any file is read).
        OutputError: an output cannot be written; the outputs written before stay whole.
    """
    opts = Settings.resolve(settings)
    names = [os.fspath(f) for f in files]
    target = resolve_output(output, format)
    check_vocabulary(opts)
    summary = WriteSummary()
    tell = on_event or (lambda event: None)
    if isolate is None:
        isolate = opts.timeout is not None or memory_limit is not None

    def fail(error: WorkplanError, path: str) -> None:
        summary.failed += 1
        summary.exit_code = max(summary.exit_code, error.exit_code)
        tell(DocumentEvent("failed", path, error=error))

    def documents() -> Iterator[WorkplanDocument]:
        first_of: dict[str, str] = {}
        for path, result in _results(names, opts, memory_limit, isolate, debug):
            if isinstance(result, WorkplanError):
                fail(result, path)
                continue
            sha256 = result.source.sha256
            if sha256 in first_of:
                summary.duplicates += 1
                tell(DocumentEvent("duplicate", path, same_as=first_of[sha256]))
                continue
            first_of[sha256] = path
            if opts.strict and result.warnings:
                summary.with_warnings += 1
                error = strict_error(path, len(result.warnings))
                summary.exit_code = max(summary.exit_code, error.exit_code)
                tell(DocumentEvent("warnings", path, error=error))
            summary.written += 1
            yield result

    out = stdout or sys.stdout
    if target.kind == "folder" and format == "json":
        _json_per_document(documents(), target, tell)
    else:
        _write_combined(documents(), format, target, out, single=len(names) == 1)
    return summary


def _results(
    names: list[str], settings: Settings, memory_limit: int | None, isolate: bool, debug: bool
) -> Iterator[tuple[str, WorkplanDocument | WorkplanError]]:
    """Each file's document or error, in order."""
    if isolate:
        from .isolation import extract_isolated

        yield from extract_isolated(names, settings, memory_limit=memory_limit, debug=debug)
        return
    from .pipeline import extract

    for name in names:
        try:
            yield name, extract(name, settings)
        except WorkplanError as exc:
            exc.detail = traceback.format_exc()
            yield name, exc
        except Exception as exc:  # a bug in a reader must cost one file, not the run
            error = InternalError(f"internal error: {type(exc).__name__}: {exc}", name)
            error.detail = traceback.format_exc()
            yield name, error


def _json_per_document(
    docs: Iterator[WorkplanDocument],
    target: OutputTarget,
    tell: Callable[[DocumentEvent], None],
) -> None:
    from .writers import atomic_write_text, dump

    assert target.path is not None
    folder = target.path
    owners: dict[str, str] = {}
    for doc in docs:
        name = json_output_name(doc.source.filename, doc.source.sha256)
        if owners.setdefault(name, doc.source.sha256) != doc.source.sha256:
            # Two inputs of the same name from different folders: the later one's name gets
            # its hash, as in a batch, so neither replaces the other.
            name = json_output_name(doc.source.filename, doc.source.sha256, clash=True)
        path = folder / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, dump(doc, "json"))
        except OSError as exc:
            # One line naming the output; earlier outputs were each replaced whole and stay.
            raise OutputError(f"cannot write: {exc.strerror or exc}", path) from exc
        tell(DocumentEvent("written", doc.source.path, target=str(path)))


def _write_combined(
    docs: Iterator[WorkplanDocument],
    format: str,  # noqa: A002
    target: OutputTarget,
    stdout: TextIO,
    *,
    single: bool,
) -> None:
    from .writers import write, write_json

    dest: Path | TextIO
    if target.kind == "stdout":
        dest = stdout
    elif target.kind == "folder":
        assert target.path is not None
        dest = folder_output(target.path, format)
        if format != "tables":
            target.path.mkdir(parents=True, exist_ok=True)
    else:
        assert target.path is not None
        dest = target.path
    try:
        if format == "json" and single:
            doc = next(docs, None)
            if doc is not None:
                write_json(doc, dest)
            return
        write(docs, format, dest)
    except OSError as exc:
        where = dest if isinstance(dest, Path) else "<stdout>"
        if isinstance(exc, BrokenPipeError):
            raise
        raise OutputError(f"cannot write: {exc.strerror or exc}", where) from exc
