"""Which files a batch takes: documents, as the user chooses with ``--include``/``--exclude``.

An archive holds more than documents: JSON and CSV files (goldens, earlier outputs), images,
spreadsheets of other kinds. A batch takes a file found under a folder or a glob pattern when

* it matches no ``--exclude`` pattern, and
* it matches an ``--include`` pattern, when any is given (the user's choice, whatever it is);
  else when it looks like a document: its name has the suffix of a format the tool reads
  (``formats.DOCUMENT_SUFFIXES``; page images' too, under ``--ocr``), or its first bytes say
  PDF, Word 97, RTF or an Office/
  OpenDocument ZIP whatever its name says. A file that claims a document format but is broken
  is taken, and fails with its error as any other. A CSV that workplan-extract wrote (its own
  header) is not a document, should CSV be a format the tool reads.

A file named on the command line is taken unless ``--exclude`` leaves it out, whatever
``--include`` says. The others are counted,
not failed. A pattern without ``/`` matches the file name at any depth (``*.json``); one with
``/`` matches the path below the input folder, ``**`` standing for any number of folders
(``drafts/**``).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from fnmatch import fnmatchcase
from typing import Literal

from ..formats import DOCUMENT_SUFFIXES, IMAGE_SUFFIXES
from .discover import Found

Decision = Literal["document", "not-document", "excluded"]

_HEAD = 4096
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OFFICE_ZIP_NAMES = (b"word/", b"[Content_Types].xml", b"mimetypeapplication/vnd.oasis")
#: The first column names of the CSVs this tool writes (items CSV, tables, errors.csv).
_OUR_CSV_HEADERS = (b"schema_version,source_path,", b"document_id,", b"file,error_code,")


class Selection:
    """The ``--include``/``--exclude`` patterns and the document test (module docstring)."""

    def __init__(
        self, include: Iterable[str] = (), exclude: Iterable[str] = (), *, images: bool = False
    ) -> None:
        self.include = tuple(include)
        self.images = images  # page images are documents (OCR is on)
        self.exclude = tuple(exclude)
        self._include = [_pattern(p) for p in self.include]
        self._exclude = [_pattern(p) for p in self.exclude]

    def decide(self, found: Found) -> Decision:
        """Whether a batch takes ``found``, leaves it as excluded, or as not a document."""
        if self._exclude and _matches(self._exclude, found.posix):
            return "excluded"
        if found.named:  # the user chose it by name: --include chooses among the rest
            return "document"
        if self._include:
            return "document" if _matches(self._include, found.posix) else "excluded"
        if looks_like_document(found.file):
            return "document"
        if self.images and os.path.splitext(found.file)[1].lower() in IMAGE_SUFFIXES:
            return "document"
        return "not-document"


def looks_like_document(path: str) -> bool:
    """By its suffix or, failing that, its first bytes (module docstring). A file that cannot
    be opened counts as one, so that the batch reports why it cannot be read."""
    suffix = os.path.splitext(path)[1].lower()
    head = None
    if suffix in DOCUMENT_SUFFIXES and suffix != ".csv":
        return True
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return True
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return suffix in DOCUMENT_SUFFIXES  # a FIFO or device is no document
        head = os.read(fd, _HEAD)
    except OSError:
        return True
    finally:
        os.close(fd)
    if suffix in DOCUMENT_SUFFIXES:  # .csv: a document unless it is one of ours
        return not head.removeprefix(b"\xef\xbb\xbf").startswith(_OUR_CSV_HEADERS)
    return _document_magic(head)


def _document_magic(head: bytes) -> bool:
    if b"%PDF-" in head[:1024] or head.startswith(_OLE2) or head.lstrip().startswith(b"{\\rtf"):
        return True
    return head.startswith(b"PK\x03\x04") and any(name in head for name in _OFFICE_ZIP_NAMES)


def _pattern(pattern: str) -> tuple[bool, re.Pattern[str] | str]:
    """(whether it matches whole relative paths, the compiled pattern)."""
    if "/" not in pattern:
        return False, pattern
    return True, re.compile(_translate(pattern.strip("/")))


def _translate(pattern: str) -> str:
    """A glob with ``**`` as a regular expression over POSIX paths."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and (end := pattern.find("]", i + 2)) > 0:
            body = pattern[i + 1 : end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "(?s:" + "".join(out) + r")\Z"


def _matches(patterns: list[tuple[bool, re.Pattern[str] | str]], posix: str) -> bool:
    name = posix.rpartition("/")[2]
    for whole, pattern in patterns:
        if whole:
            assert isinstance(pattern, re.Pattern)
            if pattern.match(posix):
                return True
        elif fnmatchcase(name, str(pattern)):
            return True
    return False
