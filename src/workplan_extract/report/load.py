"""What a report reads: the documents of a batch's output (or of JSON/JSONL files) and its failures.

A batch folder (``workplan-extract batch DIR -o OUT``) holds one ``.json`` file per document or a
combined ``documents.jsonl``, plus ``manifest.jsonl`` and ``errors.csv``. Everything here is read
leniently, because the folder may come from another version of the tool or from a batch that was
stopped: unknown columns and keys are ignored, a torn manifest line is skipped, and a results
file that cannot be read becomes an ``Unread`` entry shown in the report rather than an abort.
Documents themselves are validated against the record models (a report must not show what the
models would refuse); one bad document costs only itself.

Documents are yielded one at a time, so memory stays flat however many there are.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..errors import StrictWarnings
from ..records import READABLE_VERSIONS, SCHEMA_VERSION, WorkplanDocument
from ..validate import NOT_RECORDS, InvalidRecords, read_documents

MANIFEST_NAME = "manifest.jsonl"
ERRORS_NAME = "errors.csv"
#: Result files that are never documents even though they are JSON: a batch's own records
#: (manifest, settings) and a tables descriptor.
_NOT_DOCUMENTS = NOT_RECORDS
#: Combined outputs a report cannot read back into documents.
_TABULAR = ("items.csv", "tables")
JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True, slots=True)
class Failure:
    """A file the batch could not extract (a row of ``errors.csv``, or a manifest line)."""

    file: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Unread:
    """A results file (or one document in it) the report could not read."""

    path: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Loaded:
    """A document and where it was read from (``out/a.json`` or ``documents.jsonl:3``)."""

    document: WorkplanDocument
    origin: str


@dataclass
class Manifest:
    """What a batch's manifest says, latest line per file."""

    done: int = 0
    failed: int = 0
    duplicates: int = 0
    torn_lines: int = 0


@dataclass
class Inputs:
    """The results to report on, found by ``discover``."""

    #: JSON and JSON Lines files holding documents, in the order they are read.
    files: list[Path] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    manifest: Manifest | None = None


def discover(paths: Iterable[str | os.PathLike[str]]) -> Inputs:
    """Find the documents and failures under ``paths`` (batch folders, JSON or JSONL files).

    A folder is walked for ``.json``/``.jsonl`` files (hidden names, such as an atomic writer's
    temp files, are skipped); its ``errors.csv`` gives the failures, or, when it has none, its
    ``manifest.jsonl`` does.
    """
    inputs = Inputs()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            _discover_folder(path, inputs)
        elif path.is_file():
            if path.name == ERRORS_NAME:
                inputs.failures.extend(_read_errors(path, inputs.unread))
            elif path.name == MANIFEST_NAME:
                inputs.failures.extend(_read_manifest(path, inputs))
            else:
                inputs.files.append(path)
        else:
            inputs.unread.append(Unread(str(path), "unreadable", "no such file or folder"))
    # A folder and a file inside it, or one errors.csv given twice, count once.
    unique: dict[Path, Path] = {}
    for path in inputs.files:
        unique.setdefault(path.resolve(), path)
    inputs.files = list(unique.values())
    inputs.failures = list(dict.fromkeys(inputs.failures))
    return inputs


def _discover_folder(folder: Path, inputs: Inputs) -> None:
    files = sorted(
        p
        for p in folder.rglob("*")
        if (p.suffix == ".json" or p.suffix in JSONL_SUFFIXES)
        and p.name not in _NOT_DOCUMENTS
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.is_file()
    )
    inputs.files.extend(files)
    errors, manifest = folder / ERRORS_NAME, folder / MANIFEST_NAME
    if manifest.is_file():
        failures = _read_manifest(manifest, inputs)
        if not errors.is_file():
            inputs.failures.extend(failures)
    if errors.is_file():
        inputs.failures.extend(_read_errors(errors, inputs.unread))
    if not files:
        for name in _TABULAR:
            if (folder / name).exists():
                message = (
                    f"{name} holds tabular output, which a report cannot read back: "
                    "rerun the batch with --format json or --format jsonl"
                )
                inputs.unread.append(Unread(str(folder / name), "unsupported-format", message))


def _read_errors(path: Path, unread: list[Unread]) -> list[Failure]:
    """The rows of an ``errors.csv``, by column name, so added columns do not matter."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        unread.append(Unread(str(path), "unreadable", f"cannot read the error report: {error}"))
        return []
    failures = []
    for number, row in enumerate(rows, start=2):
        file, code = row.get("file"), row.get("error_code")
        if not file or not code:
            message = f"line {number}: no file or error_code column"
            unread.append(Unread(str(path), "corrupt", message))
            continue
        if code == StrictWarnings.code:
            continue  # a document written with warnings under --strict: not a failure
        failures.append(Failure(file, code, row.get("error") or ""))
    return failures


def _read_manifest(path: Path, inputs: Inputs) -> list[Failure]:
    """Count the manifest's files (latest line per file wins) and return its failures."""
    latest: dict[str, tuple[str, bool, str, str]] = {}
    manifest = Manifest()
    try:
        with path.open("rb") as handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                    file, status = str(entry["file"]), str(entry["status"])
                except (ValueError, KeyError, TypeError):
                    # A crash can leave a torn line; the batch itself skips it the same way.
                    manifest.torn_lines += 1
                    continue
                latest[file] = (
                    status,
                    entry.get("duplicate_of") is not None,
                    str(entry.get("error_code") or ""),
                    str(entry.get("error") or ""),
                )
    except OSError as error:
        inputs.unread.append(Unread(str(path), "unreadable", f"cannot read the manifest: {error}"))
        return []
    failures = []
    for file, (status, duplicate, code, message) in sorted(latest.items()):
        if status == "done":
            manifest.done += 1
            manifest.duplicates += duplicate
        else:
            manifest.failed += 1
            failures.append(Failure(file, code or "unknown", message))
    inputs.manifest = manifest
    return failures


def iter_documents(files: Iterable[Path], unread: list[Unread]) -> Iterator[Loaded]:
    """Every valid document in ``files``, in order; each problem is appended to ``unread``."""
    for path in files:
        if path.suffix in JSONL_SUFFIXES:
            yield from _jsonl(path, unread)
            continue
        try:
            documents = read_documents(path)
        except InvalidRecords as error:
            unread.append(Unread(str(path), error.code, error.message))
            continue
        for index, document in enumerate(documents):
            origin = str(path) if len(documents) == 1 else f"{path}[{index}]"
            yield Loaded(document, origin)


def _jsonl(path: Path, unread: list[Unread]) -> Iterator[Loaded]:
    """The documents of a JSON Lines file, read a line at a time (a combined batch output can
    hold thousands)."""
    try:
        handle = path.open("rb")
    except OSError as error:
        unread.append(Unread(str(path), "unreadable", f"cannot read the file: {error.strerror}"))
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            origin = f"{path}:{number}"
            try:
                yield Loaded(_document(line), origin)
            except ValueError as error:
                unread.append(Unread(origin, "invalid-record", _first_problem(error)))


def _document(line: bytes) -> WorkplanDocument:
    """One document from a JSON line, validated as ``validate`` does (1.0 read as a subset)."""
    value = json.loads(line.decode("utf-8-sig"))
    if not isinstance(value, dict):
        raise ValueError("expected a document (a JSON object)")
    version = value.get("schema_version")
    if version not in READABLE_VERSIONS:
        raise ValueError(f"unsupported schema_version {version!r}")
    if version != SCHEMA_VERSION:
        value = {**value, "schema_version": SCHEMA_VERSION}
    return WorkplanDocument.model_validate_json(json.dumps(value), strict=True)


def _first_problem(error: ValueError) -> str:
    if isinstance(error, ValidationError):
        detail = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in detail["loc"])
        more = f" (and {error.error_count() - 1} more problems)" if error.error_count() > 1 else ""
        return f"{where}: {detail['msg']}{more}"
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    return f"not a valid document: {error}"
