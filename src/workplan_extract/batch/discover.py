"""Find the documents of a batch: folders walked recursively, glob patterns, plain files.

Everything streams: a folder of a million files is walked one directory at a time and never
listed whole, so the batch can start on the first file while the walk goes on.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath

_MAGIC = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Found:
    """A file to process, and its path relative to the folder it was found under (used to
    mirror the input tree in the output folder)."""

    path: Path
    relative: PurePath


def discover(
    inputs: Iterable[str | os.PathLike[str]], *, exclude: Iterable[str | os.PathLike[str]] = ()
) -> Iterator[Found]:
    """Yield the files named by ``inputs``, in a stable order.

    A folder is walked recursively (sorted by name, without following symbolic links to
    folders, which could loop). A pattern with ``*``, ``?`` or ``[`` is expanded with ``**``
    meaning any depth; a folder it matches is walked too. Anything else is taken as a file,
    even if it does not exist, so that the batch reports it rather than silently skipping it.
    Hidden files and folders (``.name``) and Word lock files (``~$name``) are skipped, and so
    is every folder in ``exclude`` (the batch's own output folder when it sits inside an
    input folder).

    Example:
        >>> [f.relative.as_posix() for f in discover(["samples"])]  # doctest: +SKIP
        ['lcpc-workplan-2004.txt', 'lscb-workplan-2007-08.txt']
    """
    excluded = {os.path.realpath(p) for p in exclude}
    for spec in inputs:
        text = os.fspath(spec)
        if any(c in _MAGIC for c in text):
            root = _static_prefix(text)
            for match in glob.iglob(text, recursive=True):
                path = Path(match)
                if path.is_dir():
                    yield from _walk(path, root, excluded)
                elif not _skipped(path.name) and not _inside(path, excluded):
                    yield Found(path, _relative(path, root))
        elif os.path.isdir(text):
            yield from _walk(Path(text), Path(text), excluded)
        else:
            path = Path(text)
            yield Found(path, PurePath(path.name))


def _walk(folder: Path, root: Path, excluded: set[str]) -> Iterator[Found]:
    for top, dirs, files in os.walk(folder):
        # Pruning and sorting in place steer os.walk's descent (topdown).
        dirs[:] = sorted(
            d
            for d in dirs
            if not _skipped(d) and os.path.realpath(os.path.join(top, d)) not in excluded
        )
        if os.path.realpath(top) in excluded:
            continue
        for name in sorted(files):
            if not _skipped(name):
                path = Path(top, name)
                yield Found(path, _relative(path, root))


def _skipped(name: str) -> bool:
    return name.startswith((".", "~$"))


def _inside(path: Path, excluded: set[str]) -> bool:
    real = os.path.realpath(path)
    return any(real.startswith(folder + os.sep) for folder in excluded)


def _static_prefix(pattern: str) -> Path:
    """The folder part of a pattern before its first wildcard: ``in/**/*.txt`` -> ``in``."""
    parts: list[str] = []
    for part in PurePath(pattern).parts:
        if any(c in _MAGIC for c in part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path()


def _relative(path: Path, root: Path) -> PurePath:
    try:
        return path.relative_to(root)
    except ValueError:
        return PurePath(path.name)
