"""The batch's progress: done/total, percentage, rate and ETA.

On a terminal it is a live line redrawn five times a second; otherwise (a CI log) a plain line
every tenth of the way or every 30 s, whichever comes first. The total comes from a walk of the
inputs that runs beside the batch (``run_batch(on_total=...)``); until it is known the line
shows the count alone.

Events only bump counters (a batch may account for thousands of files a second, and this runs
on its one writer thread); a timer renders them, so the line moves steadily and always shows
the latest counts, even while one long file holds everything up.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from ..batch import BatchEvent

#: Seconds between plain lines at most, and the share of the total between them.
PLAIN_EVERY = 30.0
PLAIN_STEP = 0.10
_LIVE_REFRESH = 5


class Progress:
    """Counts of the files accounted for, rendered live or as plain lines (module docstring)."""

    def __init__(self, *, live: bool, stream: TextIO | None = None) -> None:
        self.counts = {"done": 0, "failed": 0, "skipped": 0, "failed-before": 0}
        self.total: int | None = None
        self.started = time.monotonic()
        self._stream = stream or sys.stderr
        self._live: Any = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._printed_at = self.started
        self._printed_share = 0.0
        if live:
            self._start_live()
        else:
            self._thread = threading.Thread(target=self._plain_loop, name="progress", daemon=True)
            self._thread.start()

    def update(self, event: BatchEvent) -> None:
        """Count one file (cheap: the rendering happens on a timer)."""
        self.counts[event.kind] += 1

    def set_total(self, total: int) -> None:
        """The number of documents of the batch, once its walk has counted them."""
        self.total = total

    @property
    def processed(self) -> int:
        return sum(self.counts.values())

    def rate(self, now: float | None = None) -> float:
        """Files extracted (done or failed) per second so far; skipped ones cost nothing."""
        now = time.monotonic() if now is None else now
        worked = self.counts["done"] + self.counts["failed"]
        return worked / max(now - self.started, 1e-9)

    def eta(self, now: float | None = None) -> float | None:
        """Seconds left at the rate so far, or None before it can be told."""
        rate = self.rate(now)
        if self.total is None or rate <= 0:
            return None
        return max(self.total - self.processed, 0) / rate

    def text(self, now: float | None = None) -> str:
        """``1,200/12,000 files (10%), 3 failed, 95.2 files/s, ETA 0:01:53``."""
        counts, processed = self.counts, self.processed
        if self.total:
            shown = f"{processed:,}/{self.total:,} files ({100 * processed / self.total:.0f}%)"
        else:
            shown = f"{processed:,} files"
        parts = [shown]
        failed = counts["failed"] + counts["failed-before"]
        if failed:
            parts.append(f"{failed:,} failed")
        if counts["skipped"]:
            parts.append(f"{counts['skipped']:,} done before")
        parts.append(f"{self.rate(now):.1f} files/s")
        eta = self.eta(now)
        if eta is not None:
            parts.append(f"ETA {_clock(eta)}")
        return ", ".join(parts)

    def due(self, now: float) -> bool:
        """Is a plain line due: 30 s since the last, or another tenth of the total done?"""
        if now - self._printed_at >= PLAIN_EVERY:
            return True
        total = self.total
        if not total:
            return False
        return self.processed / total >= self._printed_share + PLAIN_STEP

    def _plain_loop(self) -> None:
        while not self._stop.wait(0.5):
            now = time.monotonic()
            if self.due(now):
                self._printed_at = now
                if self.total:
                    share = self.processed / self.total
                    self._printed_share = share - share % PLAIN_STEP
                print(f"progress: {self.text(now)}", file=self._stream, flush=True)

    def _start_live(self) -> None:
        from rich.console import Console
        from rich.live import Live

        self._live = Live(
            _Line(self),
            console=Console(file=self._stream),
            refresh_per_second=_LIVE_REFRESH,
            transient=True,
        )
        self._live.start()

    def stop(self) -> None:
        """Stop rendering (the live line disappears; the summary follows it)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._live is not None:
            self._live.stop()
            self._live = None


class _Line:
    """The live line: rich asks it for a fresh rendering on every refresh."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def __rich__(self) -> Any:
        from rich.progress_bar import ProgressBar
        from rich.table import Table

        progress = self.progress
        grid = Table.grid(padding=(0, 1))
        grid.add_row(
            ProgressBar(total=progress.total, completed=progress.processed, width=30),
            progress.text(),
        )
        return grid


def _clock(seconds: float) -> str:
    """``0:01:53``."""
    whole = int(seconds + 0.5)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
