"""Where outputs go and what they are called: the one naming rule of ``extract`` and ``batch``.

``-o`` (``output``) names one of three things:

* nothing: standard output (``json``, ``jsonl``, ``csv``; ``tables`` needs a folder);
* a file: a path ending in ``.json``, ``.jsonl``/``.ndjson`` or ``.csv``, which must be the
  format's own suffix; several documents in one ``.json`` file make an array;
* a folder: a path ending in ``/``, an existing folder, or a path with no suffix at all (and,
  for ``tables``, any path: the format is a folder).

A folder receives, per format (``folder_output``): ``<file name>.json`` for each document
(``json``); ``documents.jsonl``; ``items.csv``; and for ``tables`` the CSVs and
``datapackage.json`` themselves. A batch's folder holds the same names (the tables in
``tables/``, beside its manifest), with each document named by its path below the input folder
(``sub/plan.docx.json``). ``json_output_name`` is the rule for one document's file, for both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import UsageError

__all__ = [
    "COMBINED_NAMES",
    "OutputTarget",
    "folder_output",
    "json_output_name",
    "resolve_output",
]

#: The combined output of each format inside an output folder (``tables``: inside a batch's).
COMBINED_NAMES: dict[str, str] = {
    "jsonl": "documents.jsonl",
    "csv": "items.csv",
    "tables": "tables",
}
#: The suffixes that make ``-o`` one file, and the format each belongs to.
FILE_SUFFIXES: dict[str, str] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}
#: The longest file name most file systems take, in bytes.
NAME_MAX = 255


@dataclass(frozen=True, slots=True)
class OutputTarget:
    """Where ``-o`` sends the documents: ``stdout``, one ``file`` or a ``folder``."""

    kind: Literal["stdout", "file", "folder"]
    path: Path | None = None


def resolve_output(output: str | os.PathLike[str] | None, format: str) -> OutputTarget:  # noqa: A002
    """What ``output`` names for ``format`` (see the module docstring).

    Raises:
        UsageError: ``tables`` with no folder, a file suffix of another format, or a suffix
            that names neither a file of the format nor a folder.

    >>> resolve_output("out/", "json").kind, resolve_output("plans.json", "json").kind
    ('folder', 'file')
    """
    if output is None:
        if format == "tables":
            raise UsageError("--format tables writes a folder: give one with -o")
        return OutputTarget("stdout")
    text = os.fspath(output)
    path = Path(text)
    if format == "tables" or text.endswith(("/", os.sep)) or path.is_dir():
        if path.suffix.lower() in FILE_SUFFIXES and not path.is_dir() and format == "tables":
            raise UsageError(f"--format tables writes a folder, and {text!r} names a file")
        return OutputTarget("folder", path)
    suffix = path.suffix.lower()
    if not suffix:
        return OutputTarget("folder", path)
    named = FILE_SUFFIXES.get(suffix)
    if named is None:
        raise UsageError(
            f"-o {text!r}: end a folder's name with '/' or a file's with the format's suffix "
            f"(.{format})"
        )
    if named != format:
        raise UsageError(f"-o {text!r} names a {named} file, but --format is {format}")
    return OutputTarget("file", path)


def folder_output(folder: Path, format: str) -> Path:  # noqa: A002
    """The combined output of ``format`` in an ``extract`` output folder (not for ``json``,
    which writes one file per document): ``documents.jsonl``, ``items.csv``, or for
    ``tables`` the folder itself."""
    if format == "tables":
        return folder
    return folder / COMBINED_NAMES[format]


def json_output_name(relative: str, sha256: str, *, clash: bool = False) -> str:
    """The ``.json`` output of one document, relative to the output folder.

    Args:
        relative: The input's path in POSIX form relative to the folder it was found in
            (for ``extract``, its file name).
        sha256: The document's ``source.sha256``.
        clash: Another document with other content has the plain name already (two inputs
            with the same name from different folders): the hash goes into the name.

    A last component too long for the file system keeps its start and gets the hash instead,
    so two long names never collide.

    >>> json_output_name("sub/plan.docx", "ab" * 32)
    'sub/plan.docx.json'
    >>> json_output_name("plan.docx", "ab" * 32, clash=True)
    'plan.docx.abababababab.json'
    """
    folder, _, name = relative.rpartition("/")
    short = sha256[:12]
    leaf = f"{name}.{short}.json" if clash else f"{name}.json"
    if len(os.fsencode(leaf)) > NAME_MAX:
        head = os.fsencode(name)[: NAME_MAX - 20].decode("utf-8", "ignore")
        leaf = f"{head}-{short}.json"
    return f"{folder}/{leaf}" if folder else leaf
