"""The indexed vocabulary kept on disk, so that a short process does not build it again.

Reading the shipped register and indexing it (``normalise.loading.load_vocabulary``) costs
about 70 ms, a third of a one-file ``workplan-extract extract`` process; loading the built
index from a pickle costs about 20 ms. The command line turns this cache on (``enable``, from
``cli.main``); a library caller, whose long-lived process builds the index once anyway, gets
it only by calling ``enable`` itself.

Where: ``$WORKPLAN_EXTRACT_CACHE`` when set (a folder; ``off`` turns the cache off), else
``$XDG_CACHE_HOME/workplan-extract`` or ``~/.cache/workplan-extract``. One file per set of
vocabulary files, named by the hash of everything the index depends on: the files' identity
and version (device, inode, modification time, size: as the in-process cache knows them), the
same of the source files of the modules that build it, the package and Python versions. A
changed file or module makes a new name, so a stale index is never read; the oldest files
beyond ``KEEP`` are removed.

A pickle runs code when loaded, so one is read only from a folder and a file that belong to
this user and that no one else can write (as ``ssh`` treats its keys); anything unexpected
(a missing, truncated, foreign or unreadable file; a folder that cannot be written) means the
index is built as without the cache, never an error. ``tests/normalise/test_vocabcache.py``
checks that a loaded index is the one built afresh.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .normalise.vocab import Vocabulary

ENV = "WORKPLAN_EXTRACT_CACHE"
#: Index files kept in the folder (one per set of vocabulary files and version of the code).
KEEP = 4
#: Bumped when what is pickled changes shape in a way the module stamps would not show.
_FORMAT = 1
_SUFFIX = ".vocab.pickle"
#: Seconds after which a temporary file of the cache is a killed writer's leftover.
_STALE_TEMP = 600

_folder: Path | None = None


def default_folder() -> Path | None:
    """The folder ``enable()`` uses: from ``$WORKPLAN_EXTRACT_CACHE``, else the user's cache
    folder; ``None`` when the variable says ``off``."""
    value = os.environ.get(ENV)
    if value is not None:
        return None if value.strip().lower() in ("", "off", "0", "no", "none") else Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    # A relative folder (no home: "~" left unexpanded; a relative XDG_CACHE_HOME, which the
    # XDG spec says to ignore) would write into the current folder: no cache then.
    return Path(base) / "workplan-extract" if os.path.isabs(base) else None


def enable(folder: Path | None = None) -> None:
    """Keep indexed vocabularies in ``folder`` (default: ``default_folder()``) from now on."""
    global _folder
    _folder = folder if folder is not None else default_folder()


def disable() -> None:
    """Stop reading and writing the cache (the in-process cache is unaffected)."""
    global _folder
    _folder = None


def folder() -> Path | None:
    """Where indexes are kept now; ``None`` when the cache is off."""
    return _folder


def _key(stamps: Sequence[tuple[object, ...]]) -> str | None:
    """The file name for an index of files with these stamps; ``None`` when a module of the
    index cannot be stamped (then nothing is cached)."""
    import hashlib
    import pickle

    from . import __version__, normalise

    parts: list[object] = [_FORMAT, __version__, sys.version, pickle.HIGHEST_PROTOCOL, *stamps]
    # Every module of the normaliser, not a list of those that build the index today: a
    # module split off later (fuzzykeys, areabodies, regions) must not leave a stale index.
    package = os.path.dirname(normalise.__file__ or "")
    try:
        sources = sorted(entry.path for entry in os.scandir(package) if entry.name.endswith(".py"))
    except OSError:
        return None
    # records.py too: entries take their Sector and PartyType from it.
    records = os.path.join(os.path.dirname(package), "records.py")
    for source in (*sources, records, __file__):
        try:
            info = os.stat(source)
        except OSError:
            return None
        parts.append((source, info.st_mtime_ns, info.st_size))
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + _SUFFIX


def _private(info: os.stat_result) -> bool:
    """Whether a file or folder is this user's and no one else can write it."""
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def load(stamps: Sequence[tuple[object, ...]]) -> Vocabulary | None:
    """The index built from files with these stamps, if the cache holds it; else ``None``."""
    where = _folder
    if where is None:
        return None
    name = _key(stamps)
    if name is None:
        return None
    import pickle

    from .normalise.vocab import Vocabulary

    try:
        if not _private(os.stat(where)):
            return None
        fd = os.open(where / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode) or not _private(info):
                return None
            loaded = pickle.load(file)
    except Exception:  # a bad cache file is a cache miss, never an error
        return None
    return loaded if isinstance(loaded, Vocabulary) else None


def store(stamps: Sequence[tuple[object, ...]], vocabulary: Vocabulary) -> None:
    """Keep ``vocabulary`` (just built, its lookup caches empty) for files with these stamps.
    Best effort: a folder that cannot be made or written leaves the cache as it was."""
    where = _folder
    if where is None:
        return
    name = _key(stamps)
    if name is None:
        return
    import pickle
    import tempfile

    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(where)):
            return
        fd, temp = tempfile.mkstemp(dir=where, prefix=".tmp-", suffix=_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as file:
                pickle.dump(vocabulary, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, where / name)
        except BaseException:
            os.unlink(temp)
            raise
        _prune(where, name)
    except Exception:  # the cache is best effort: the index is already built
        return


def _prune(where: Path, newest: str) -> None:
    """Remove all but the ``KEEP`` most recently written index files, and temporary files a
    killed process left over ten minutes ago (one being written now is younger)."""
    now = time.time()
    for temp in where.glob(".tmp-*" + _SUFFIX):
        with contextlib.suppress(OSError):
            if now - temp.stat().st_mtime > _STALE_TEMP:
                temp.unlink()
    files = [p for p in where.glob("*" + _SUFFIX) if not p.name.startswith(".")]
    files.sort(key=lambda p: (p.name == newest, p.stat().st_mtime_ns), reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
