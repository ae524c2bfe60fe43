"""Hashing each input in the parent, before it is sent to a worker (the manifest's key).

The file is opened with ``pipeline.open_regular``, the one function that decides which paths
are readable (folders, FIFOs and devices are refused: hashing a FIFO would block the whole
batch here in the parent, where no per-file time limit applies). The batch once had a faster
copy of it; a second implementation of that decision was not worth the few microseconds.
"""

from __future__ import annotations

import hashlib
import os
import threading

from ..errors import UnreadableFile
from ..pipeline import open_regular

_HASH_CHUNK = 1024 * 1024
#: The buffer ``hash_file`` reads into, allocated once (a fresh megabyte per read would cost
#: an mmap, page faults and an munmap for every file). Per thread: the Dask client may run
#: batches on several.
_HASH_BUFFERS = threading.local()


def hash_file(path: str, limit: int) -> tuple[str, int]:
    """sha256 and size of a file, read in chunks.

    Raises:
        UnreadableFile: missing, a folder, a FIFO or device, no permission, unreadable.
        TooLarge: over ``limit`` bytes (refused unread).
    """
    buffer: memoryview | None = getattr(_HASH_BUFFERS, "view", None)
    if buffer is None:
        buffer = _HASH_BUFFERS.view = memoryview(bytearray(_HASH_CHUNK))
    with open_regular(path, limit) as handle:
        fd = handle.fileno()
        size = 0
        digest = hashlib.sha256()
        try:
            while read := os.readv(fd, [buffer]):
                size += read
                digest.update(buffer[:read])
        except OSError as exc:
            raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from None
    return digest.hexdigest(), size
