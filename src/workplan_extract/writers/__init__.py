"""Writers: validated ``WorkplanDocument`` records to JSON, JSON Lines, CSV and ``tables``.

Writers see only validated records and never change them. Every file they write appears whole
or not at all (``atomic``); the streaming writers (``JsonlWriter``, ``CsvWriter``,
``TablesWriter``) take one document at a time and can append to an existing output for a
resumable batch, which a crash never leaves half-written.

Example:
    >>> from workplan_extract.writers import dump, write
    >>> print(dump(doc, "json"))  # doctest: +SKIP
    >>> write(docs, "tables", Path("out"))  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Literal, TextIO, get_args

from workplan_extract.errors import UsageError
from workplan_extract.lazy import lazy_names
from workplan_extract.records import WorkplanDocument
from workplan_extract.writers.atomic import (
    OutputError,
    atomic_write_bytes,
    atomic_write_text,
)
from workplan_extract.writers.base import DocumentWriter

if TYPE_CHECKING:
    from workplan_extract.writers.csv import CsvWriter, write_csv
    from workplan_extract.writers.json import (
        JsonlWriter,
        write_json,
        write_jsonl,
    )
    from workplan_extract.writers.tables import TablesWriter, datapackage, write_tables

#: Where each format's names live. They are imported on first use (PEP 562): a run writes one
#: format, and the CSV and tables writers (with the flattening they share) cost ~20 ms to
#: import that ``extract --format json`` never needs.
_MODULES = {
    "CsvWriter": "csv",
    "to_csv": "csv",
    "write_csv": "csv",
    "JsonlWriter": "json",
    "to_json": "json",
    "to_jsonl": "json",
    "write_json": "json",
    "write_jsonl": "json",
    "TablesWriter": "tables",
    "datapackage": "tables",
    "write_tables": "tables",
}


__getattr__, __dir__ = lazy_names(globals(), _MODULES)


__all__ = [
    "FORMATS",
    "CsvWriter",
    "DocumentWriter",
    "FormatName",
    "JsonlWriter",
    "OutputError",
    "TablesWriter",
    "atomic_write_bytes",
    "atomic_write_text",
    "datapackage",
    "dump",
    "open_writer",
    "write",
    "write_csv",
    "write_json",
    "write_jsonl",
    "write_tables",
]

FormatName = Literal["json", "jsonl", "csv", "tables"]
#: The output formats, in the order ``--format`` lists them.
FORMATS: tuple[FormatName, ...] = get_args(FormatName)

#: The formats that have a single text, and the module whose function makes it.
_TEXT = {"json": ("json", "to_json"), "jsonl": ("json", "to_jsonl"), "csv": ("csv", "to_csv")}


def dump(doc: WorkplanDocument, format: str) -> str:  # noqa: A002 - the CLI option's name
    """One document as the text a file of that format would hold.

    Args:
        doc: A validated document.
        format: ``json`` (an object), ``jsonl`` (one line) or ``csv`` (BOM, header, rows).

    Raises:
        UsageError: ``tables`` (a folder, see ``write_tables``) or an unknown format.

    Example:
        >>> dump(doc, "jsonl").count("\\n")  # doctest: +SKIP
        1
    """
    try:
        module, function = _TEXT[format]
    except KeyError:
        raise UsageError(_format_problem(format, "text")) from None
    to_text: Callable[[WorkplanDocument], str] = getattr(
        importlib.import_module(f".{module}", __name__), function
    )
    return to_text(doc)


def write(
    docs: Iterable[WorkplanDocument],
    format: str,  # noqa: A002 - the CLI option's name
    dest: str | os.PathLike[str] | TextIO,
) -> int:
    """Write documents in a format: the one call behind ``extract --format``.

    ``json`` writes an array (use ``write_json(doc, dest)`` for a single object); ``tables``
    needs a folder path; the others take a path (replaced atomically) or a text stream.

    Returns:
        How many documents were written (each ``source.sha256`` once).

    Raises:
        UsageError: An unknown format, or ``tables`` given a stream.
    """
    if format == "json":
        from workplan_extract.writers.json import write_json

        return write_json(docs, dest)
    if format == "jsonl":
        from workplan_extract.writers.json import write_jsonl

        return write_jsonl(docs, dest)
    if format == "csv":
        from workplan_extract.writers.csv import write_csv

        return write_csv(docs, dest)
    if format == "tables":
        if not isinstance(dest, str | os.PathLike):
            raise UsageError("the tables format writes a folder: give an output folder")
        from workplan_extract.writers.tables import write_tables

        return write_tables(docs, dest)
    raise UsageError(_format_problem(format, "any"))


def open_writer(
    format: str,  # noqa: A002 - the CLI option's name
    dest: str | os.PathLike[str],
    *,
    append: bool = False,
    sync: bool = True,
) -> DocumentWriter:
    """A streaming writer for a combined output of a batch: ``jsonl``, ``csv`` or ``tables``.

    Raises:
        UsageError: ``json`` (an array cannot be appended to) or an unknown format.
    """
    if format == "jsonl":
        from workplan_extract.writers.json import JsonlWriter

        return JsonlWriter(dest, append=append, sync=sync)
    if format == "csv":
        from workplan_extract.writers.csv import CsvWriter

        return CsvWriter(dest, append=append, sync=sync)
    if format == "tables":
        from workplan_extract.writers.tables import TablesWriter

        return TablesWriter(dest, append=append, sync=sync)
    raise UsageError(_format_problem(format, "streaming"))


def _format_problem(format: str, kind: str) -> str:  # noqa: A002
    if format not in FORMATS:
        return f"unknown output format {format!r}: choose one of {', '.join(FORMATS)}"
    if kind == "text":
        return f"the {format} format is a folder and has no single text: use write_tables"
    return f"the {format} format cannot be written one document at a time: use jsonl"
