"""One batch run: the loop that plans, hands tasks to the executor, and accounts for results.

``BatchRun`` holds the state of a run (see ``runner`` for the whole design): it walks the
inputs (``discover``, ``select``), hashes each file, decides from the manifest index whether it
is done, a duplicate, a failure that would recur, or work to do; hands the work to the
executor; turns each ``Outcome`` into a manifest entry for the committer; and counts each entry
once it is durable.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OutputError, UnreadableFile, UsageError, WorkplanError, error_class
from ..outputs import COMBINED_NAMES, json_output_name
from ..settings import Settings
from ..workers.worker import Outcome, Task, WorkSpec
from ..writers import DocumentWriter, open_writer
from .commit import Committer, Pending
from .discover import Found, discover
from .executor import Executor
from .fingerprint import Fingerprint, check_resume, record_fingerprint
from .hashing import hash_file
from .manifest import MANIFEST_NAME, Manifest, ManifestEntry, ManifestIndex, now
from .outdir import ERRORS_NAME, remove_temp_files, write_errors
from .select import Selection
from .summary import BatchEvent, BatchSummary, EventKind

#: Where each combined format goes inside the output folder.
COMBINED: dict[str, str] = COMBINED_NAMES


@dataclass
class _InFlight:
    found: Found
    output: str | None
    #: The temp file its worker writes the output to (``Task.write_to``), if it does.
    temp: str | None = None
    duplicates: list[Found] = field(default_factory=list)


class BatchRun:
    """The state of one batch run (see the module docstring)."""

    def __init__(
        self,
        out: Path,
        settings: Settings,
        current: Fingerprint,
        output_format: str,
        executor: Executor,
        on_event: Callable[[BatchEvent], None] | None,
        *,
        selection: Selection,
        resume: bool,
        retry_failed: bool,
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
        self.current = current
        self.format = output_format
        self.selection = selection
        self.resume = resume
        self.retry_failed = retry_failed
        self.executor = executor
        self.on_event = on_event
        self.summary = BatchSummary(out, out / MANIFEST_NAME, out / ERRORS_NAME)
        self.summary.strict = settings.strict
        self.in_flight: dict[str, _InFlight] = {}
        self.outputs_in_flight: dict[str, str] = {}
        #: sha256s of documents extracted now whose output the committer has not written yet.
        self.writing: set[str] = set()
        #: Tracebacks of failures of this run not yet made durable, by sha256 (``debug``).
        self.tracebacks: dict[str, str] = {}

    def run(
        self,
        inputs: Iterable[str | os.PathLike[str]],
        spec: WorkSpec,
        max_tasks: int,
        on_accepted: Callable[[], None] | None = None,
    ) -> BatchSummary:
        """Run the batch; ``on_accepted`` is called once the folder is accepted for it."""
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
                check_resume(self.out, self.current, self.index.fingerprints())
                remove_temp_files(self.out)
            record_fingerprint(self.out, self.current)
            if on_accepted is not None:
                on_accepted()
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
                    failures = self.index.failures(warnings=self.settings.strict)
                    write_errors(self.summary.errors, failures)
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
            decision = self.selection.decide(found)
            if decision != "document":
                if decision == "excluded":
                    self.summary.excluded += 1
                else:
                    self.summary.not_documents += 1
                continue
            file = found.file
            if not _utf8(file):
                # The manifest, the index and the output names are UTF-8 text: a name that is
                # not would stop the whole batch there. It fails alone, named as best we can.
                shown = file.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                message = "the file name is not valid UTF-8; rename the file to extract it"
                self._record(self._failure(shown, None, None, UnreadableFile.code, message))
                continue
            try:
                sha256, size = hash_file(file, self.settings.max_file_size)
            except WorkplanError as exc:
                self._record(self._failure(file, None, None, exc.code, exc.message))
                continue
            name = None if self.format in COMBINED else json_output_name(found.posix, sha256)
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
            failed = known.failed_before
            if failed is not None and self._recurs(failed):
                if self.index.file_status(file, sha256) == "failed":
                    own = (
                        failed if failed.file == file else failed.model_copy(update={"file": file})
                    )
                    self._event("failed-before", own)
                else:
                    self._record_duplicate(found, failed)
                continue
            output = self._output_for(found, sha256, name, known.output_owner)
            temp = self._temp_for(output, sha256) if self.workers_write else None
            self.in_flight[sha256] = _InFlight(found, output, temp)
            if name is not None:
                self.outputs_in_flight[output] = sha256
            yield Task(file, sha256, size, temp)

    def _recurs(self, failure: ManifestEntry) -> bool:
        """Would the failure of an earlier run come again? Yes when it is of a kind the same
        bytes meet every time and it was met with this version and these settings."""
        if self.retry_failed or failure.fingerprint != self.current.id:
            return False
        return error_class(failure.error_code or "").deterministic

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
            name = json_output_name(found.posix, sha256, clash=True)
        return name

    def _temp_for(self, output: str, sha256: str) -> str:
        """The temp file a worker writes ``output`` to: hidden, beside it, named as
        ``outdir.remove_temp_files`` (and ``writers.atomic.AtomicFile``) name theirs."""
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
                warnings=outcome.warnings,
                fingerprint=self.current.id,
            )
        else:
            entry = self._failure(
                task.path,
                task.sha256,
                task.size,
                outcome.error_code or "internal-error",
                outcome.message or "no result",
                outcome.seconds,
            )
            if outcome.traceback is not None:
                self.tracebacks[task.sha256] = outcome.traceback
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
        summary = self.summary
        if kind == "skipped":
            summary.skipped += 1
        elif kind == "done":
            summary.done += 1
        elif kind == "failed":
            summary.failed += 1
        else:
            summary.failed_before += 1
        if kind in ("done", "failed") and entry.duplicate_of is not None:
            summary.duplicates += 1
        if entry.status == "done" and entry.warnings:
            summary.with_warnings += 1
        trace = None
        if kind == "failed" and entry.duplicate_of is None and entry.sha256 is not None:
            trace = self.tracebacks.pop(entry.sha256, None)
        if self.on_event is not None:
            self.on_event(BatchEvent(kind, entry, trace))

    def _failure(
        self,
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
            fingerprint=self.current.id,
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
