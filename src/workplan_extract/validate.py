"""Check JSON files of workplan records against the models: the library side of ``validate``.

A path may be a folder: its JSON and JSON Lines files are checked, at any depth, except the
batch's own records (``manifest.jsonl``, ``settings.jsonl``), a tables folder's
``datapackage.json`` and hidden files (``record_files``). A file may hold one document (a JSON
object), a list of documents (a JSON array, as ``write_json`` writes for several), or JSON Lines (one document a line; chosen by a ``.jsonl`` or
``.ndjson`` name, or when the text is several JSON values one after another). Validation is
strict, as a JSON Schema validator would be: ``"5"`` is not an integer and unknown keys are
errors. Every document must state its ``schema_version``: "2.0", or "1.0" (a subset of 2.0,
checked as such); a document of another version gets that one problem and no others, since its
fields are not this version's to judge.

Each problem names the file, the line for JSON Lines, and the JSON path of the value
(``items[3].timings[0].edtf``; ``[2].items[3]...`` inside an array file). A file that cannot be
read or parsed gives one problem naming the line.

Example:
    >>> for problem in validate_file(Path("plan.json")):  # doctest: +SKIP
    ...     print(problem)
    plan.json: items[3].timings[0].earliest: Input should be a valid date ... (got '2004-13-01')
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from workplan_extract.errors import InvalidRecords
from workplan_extract.records import READABLE_VERSIONS, SCHEMA_VERSION, WorkplanDocument

__all__ = [
    "InvalidRecords",
    "Problem",
    "Report",
    "check_files",
    "read_documents",
    "record_files",
    "validate_file",
    "validate_files",
]

#: File name endings read as JSON Lines whatever their content looks like.
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: Files in a folder of results that hold something else than records: a batch's manifest
#: and settings, a tables folder's descriptor.
NOT_RECORDS = frozenset({"manifest.jsonl", "settings.jsonl", "datapackage.json"})
#: Longest shown excerpt of a wrong value.
_EXCERPT = 60


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file of records.

    Attributes:
        file: The file as given.
        message: What is wrong, in one sentence.
        location: JSON path of the value ("" for the file or document as a whole).
        line: 1-based line (JSON Lines, or where parsing failed), else None.
    """

    file: str
    message: str
    location: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return (
            f"{where}: {self.location}: {self.message}"
            if self.location
            else (f"{where}: {self.message}")
        )


def invalid_records(problems: list[Problem], path: str | os.PathLike[str]) -> InvalidRecords:
    """The error for a file with ``problems``: the first one, and how many more there are."""
    first = problems[0]
    more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    where = f"line {first.line}: " if first.line is not None else ""
    location = f"{first.location}: " if first.location else ""
    return InvalidRecords(f"{where}{location}{first.message}{more}", path, problems=problems)


@dataclass
class Report:
    """What ``check_files`` found: the problems, the schema versions of the valid documents,
    and how many files were read (a folder counts its files)."""

    problems: list[Problem]
    versions: Counter[str]
    files: int = 0


def record_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """The files ``paths`` name: each file as given, and for a folder its ``.json``, ``.jsonl``
    and ``.ndjson`` files at any depth in name order, less hidden ones and ``NOT_RECORDS``.

    >>> [p.name for p in record_files(["results/"])]  # doctest: +SKIP
    ['a.docx.json', 'b.pdf.json']
    """
    for path in map(Path, paths):
        if not path.is_dir():
            yield path
            continue
        for top, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if (
                    name.lower().endswith((".json", *JSONL_SUFFIXES))
                    and not name.startswith(".")
                    and name not in NOT_RECORDS
                ):
                    yield Path(top, name)


def check_files(paths: Iterable[str | os.PathLike[str]]) -> Report:
    """Check files, and the record files of folders (``record_files``); the problems of all
    of them, and which schema versions were read.

    A document of an earlier schema version that is valid counts under its own version, so a
    caller can say what it read ("2 documents of schema 1.0").
    """
    report = Report([], Counter())
    for given in paths:
        found = 0
        for path in record_files([given]):
            _documents, problems, versions = _check_versions(path)
            report.problems.extend(problems)
            report.versions.update(versions)
            found += 1
        if not found:
            # An empty folder proves nothing: say so rather than call it valid.
            message = "a folder with no .json or .jsonl record files in it"
            report.problems.append(Problem(os.fspath(given), message))
        report.files += found
    return report


def validate_file(path: str | os.PathLike[str]) -> list[Problem]:
    """Check one file of records.

    Args:
        path: A ``.json`` file (one document or a list of them) or a JSON Lines file.

    Returns:
        The problems found, in file order; empty when every document is valid.
    """
    return _check(path)[1]


def validate_files(paths: Iterable[str | os.PathLike[str]]) -> list[Problem]:
    """Check several files; the problems of all of them, file by file."""
    return [problem for path in paths for problem in validate_file(path)]


def read_documents(path: str | os.PathLike[str]) -> list[WorkplanDocument]:
    """Read the documents of a file written by the JSON or JSON Lines writer.

    Raises:
        InvalidRecords: The file is unreadable or any document in it is invalid.

    Example:
        >>> read_documents(Path("plans.json"))[0].title  # doctest: +SKIP
        'London Safeguarding Children Board Workplan 2007/08'
    """
    documents, problems = _check(path)
    if problems:
        raise invalid_records(problems, path)
    return documents


def _check(path: str | os.PathLike[str]) -> tuple[list[WorkplanDocument], list[Problem]]:
    documents, problems, _versions = _check_versions(path)
    return documents, problems


def _check_versions(
    path: str | os.PathLike[str],
) -> tuple[list[WorkplanDocument], list[Problem], list[str]]:
    """The valid documents of a file, its problems, and the schema version each valid one stated."""
    name = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        return [], [Problem(name, f"cannot read the file: {error.strerror or error}")], []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad_line = raw.count(b"\n", 0, error.start) + 1
        return [], [Problem(name, f"not UTF-8 text (byte {error.start})", line=bad_line)], []
    if not text.strip():
        return [], [Problem(name, "the file is empty: expected JSON documents")], []
    documents: list[WorkplanDocument] = []
    problems: list[Problem] = []
    versions: list[str] = []
    for value, prefix, line, parse_problem in _values(name, text):
        if parse_problem is not None:
            problems.append(parse_problem)
            continue
        document, found = _check_document(name, value, prefix, line)
        problems.extend(found)
        if document is not None:
            documents.append(document)
            versions.append(str(value.get("schema_version")))
    return documents, problems, versions


def _values(name: str, text: str) -> Iterator[tuple[Any, str, int | None, Problem | None]]:
    """Each document-to-be of a file: (value, JSON path prefix, line, or a parse problem)."""
    if not name.lower().endswith(JSONL_SUFFIXES):
        try:
            value = _loads(text)
        except ValueError as error:
            if not _looks_like_jsonl(error, text):
                where = error.lineno if isinstance(error, json.JSONDecodeError) else None
                yield None, "", where, Problem(name, _json_message(error), line=where)
                return
        else:
            if isinstance(value, list):
                for index, element in enumerate(value):
                    yield element, f"[{index}]", None, None
            else:
                yield value, "", None, None
            return
    # Split on "\n" only, as JSON Lines does: str.splitlines() would also split on U+2028 and
    # other separators that may stand unescaped inside JSON strings.
    for number, row in enumerate(text.split("\n"), start=1):
        if not row.strip():
            continue
        try:
            value = _loads(row)
        except ValueError as error:
            yield None, "", number, Problem(name, _json_message(error), line=number)
        else:
            yield value, "", number, None


def _looks_like_jsonl(error: ValueError, text: str) -> bool:
    """True when a .json file is really JSON Lines: its first line is a whole JSON object."""
    if not (isinstance(error, json.JSONDecodeError) and error.msg == "Extra data"):
        return False
    first = text.lstrip().split("\n", 1)[0]
    try:
        return isinstance(_loads(first), dict)
    except ValueError:
        return False


def _loads(text: str) -> Any:
    def refuse(constant: str) -> Any:
        # json.loads accepts NaN and Infinity, which are not JSON and no other reader takes.
        raise ValueError(f"{constant} is not a JSON value")

    return json.loads(text, parse_constant=refuse)


def _json_message(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON: {error.msg} (column {error.colno})"
    return f"not valid JSON: {error}"


def _check_document(
    name: str, value: Any, prefix: str, line: int | None
) -> tuple[WorkplanDocument | None, list[Problem]]:
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "null"
        message = f"expected a document (a JSON object), found {_json_type(kind)}"
        return None, [Problem(name, message, prefix, line)]
    version = value.get("schema_version")
    if "schema_version" not in value:
        # The model defaults it, so only this check catches a record that never said.
        message = f"missing: every document states its schema_version ({SCHEMA_VERSION!r})"
        missing = Problem(name, message, _join(prefix, "schema_version"), line)
    elif version not in READABLE_VERSIONS:
        readable = " or ".join(repr(v) for v in reversed(READABLE_VERSIONS))
        message = f"unsupported schema_version {version!r}: this version reads {readable}"
        return None, [Problem(name, message, _join(prefix, "schema_version"), line)]
    else:
        missing = None
    if version != SCHEMA_VERSION and "schema_version" in value:
        # An earlier version is a subset of this one: every field it has means the same, and
        # the fields it lacks take their defaults.
        value = {**value, "schema_version": SCHEMA_VERSION}
    try:
        # JSON mode, strict: types as JSON Schema has them (dates as ISO strings, no "5" for 5).
        document = WorkplanDocument.model_validate_json(json.dumps(value), strict=True)
    except ValidationError as error:
        problems = [
            Problem(name, _message(detail), _join(prefix, _path(detail["loc"])), line)
            for detail in error.errors(include_url=False)
        ]
        return None, ([missing] if missing else []) + problems
    return (None, [missing]) if missing else (document, [])


def _path(loc: tuple[int | str, ...]) -> str:
    """``("items", 3, "timings", 0, "edtf")`` -> ``items[3].timings[0].edtf``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    return f"{prefix}.{path}" if path and not path.startswith("[") else prefix + path


def _message(detail: Any) -> str:
    kind = detail["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field: not part of the record contract"
    message = str(detail["msg"])
    shown = json.dumps(detail.get("input"), ensure_ascii=False)
    if len(shown) > _EXCERPT:
        shown = shown[: _EXCERPT - 1] + "…"
    return f"{message} (got {shown})"


def _json_type(python_name: str) -> str:
    return {
        "list": "an array",
        "str": "a string",
        "int": "a number",
        "float": "a number",
        "bool": "a boolean",
    }.get(python_name, python_name)
