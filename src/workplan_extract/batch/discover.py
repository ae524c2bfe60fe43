"""Find the documents of a batch: folders walked recursively, glob patterns, plain files.

Everything streams: a folder of a million files is walked one directory at a time and never
listed whole, so the batch can start on the first file while the walk goes on.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath

_MAGIC = frozenset("*?[")


class Found:
    """A file to process, and its path relative to the folder it was found under (used to
    mirror the input tree in the output folder).

    Kept as strings (``file``: the path as ``str(path)`` gives it; ``posix``: the relative
    path in POSIX form), the ``Path`` objects made only when asked for: a walk of a million
    files would otherwise spend more time building paths than the batch spends per file.
    """

    __slots__ = ("file", "named", "posix")

    def __init__(self, file: str, posix: str, named: bool = False) -> None:
        self.file = file
        self.posix = posix
        #: Named on the command line itself, not found in a folder or by a pattern.
        self.named = named

    @classmethod
    def of(cls, path: Path, relative: PurePath) -> Found:
        return cls(str(path), relative.as_posix())

    @property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def relative(self) -> PurePath:
        return PurePath(self.posix)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Found):
            return NotImplemented
        return (self.file, self.posix) == (other.file, other.posix)

    def __hash__(self) -> int:
        return hash((self.file, self.posix))

    def __repr__(self) -> str:
        return f"Found({self.file!r}, {self.posix!r})"


def discover(
    inputs: Iterable[str | os.PathLike[str]], *, exclude: Iterable[str | os.PathLike[str]] = ()
) -> Iterator[Found]:
    """Yield the files named by ``inputs``, in a stable order.

    A folder is walked recursively (sorted by name, without following symbolic links to
    folders, which could loop). A pattern with ``*``, ``?`` or ``[`` is expanded with ``**``
    meaning any depth; a folder it matches is walked too. Anything else is taken as a file
    named by the caller (``Found.named``), even if it does not exist, so that the batch reports
    it rather than silently skipping it.
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
                    yield Found.of(path, _relative(path, root))
        elif os.path.isdir(text):
            yield from _walk(Path(text), Path(text), excluded)
        else:
            path = Path(text)
            yield Found(str(path), path.name, named=True)


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
        # Worked out once per folder, as pathlib would for each file: the folder's own path
        # (Path("./a", "x") is "a/x") and its path relative to the root.
        here = Path(top)
        prefix = str(here)
        try:
            inside: str | None = here.relative_to(root).as_posix()
        except ValueError:
            inside = None
        for name in sorted(files):
            if not _skipped(name):
                file = name if prefix == "." else os.path.join(prefix, name)
                if inside is None or inside == ".":
                    yield Found(file, name)
                else:
                    yield Found(file, f"{inside}/{name}")


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
