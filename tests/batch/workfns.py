"""Per-file work functions for the batch tests, injected through ``run_batch(work=...)``.

They live in a module of their own because worker processes import them by name (they are
pickled by reference), and they steer by the file's name so one batch can mix behaviours.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from workplan_extract import Settings, WorkplanDocument, extract


def sleepy(path: str, settings: Settings) -> WorkplanDocument:
    """Hang on files named ``hang*``: a document that never finishes parsing."""
    if Path(path).name.startswith("hang"):
        time.sleep(600)
    return extract(path, settings)


def sleepy_with_grandchild(path: str, settings: Settings) -> WorkplanDocument:
    """Start a long-lived child (as soffice would be), write its pid beside the input, hang."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    Path(path + ".grandchild").write_text(str(child.pid))
    time.sleep(600)
    raise AssertionError("not reached")


def sleepy_with_own_group_grandchild(path: str, settings: Settings) -> WorkplanDocument:
    """Like ``sleepy_with_grandchild``, with the grandchild in a process group of its own, as a
    converter does that kills its soffice by group."""
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(600)"], process_group=0
    )
    Path(path + ".grandchild").write_text(str(child.pid))
    time.sleep(600)
    raise AssertionError("not reached")


def suicidal(path: str, settings: Settings) -> WorkplanDocument:
    """Files named ``die*`` kill their worker, as the OOM killer would."""
    if Path(path).name.startswith("die"):
        os.kill(os.getpid(), signal.SIGKILL)
    return extract(path, settings)


def greedy(path: str, settings: Settings) -> WorkplanDocument:
    """Files named ``big*`` ask for far more memory than the worker's limit allows."""
    if Path(path).name.startswith("big"):
        _hog = bytearray(8 * 1024**3)
    return extract(path, settings)


def buggy(path: str, settings: Settings) -> WorkplanDocument:
    """Files named ``bug*`` hit a bug that is not a WorkplanError."""
    if Path(path).name.startswith("bug"):
        raise KeyError("word/document.xml")
    return extract(path, settings)


def logged(path: str, settings: Settings) -> WorkplanDocument:
    """Extract, and log the call and the worker's pid to ``$folder/../calls.log``."""
    log = Path(path).resolve().parent
    while not (log / "calls.log").exists() and log != log.parent:
        log = log.parent
    with open(log / "calls.log", "a") as handle:
        handle.write(f"{os.getpid()} {path}\n")
    return extract(path, settings)


def slow(path: str, settings: Settings) -> WorkplanDocument:
    """Files named ``slow*`` take a second: within a time limit of 1.9 s, but not twice."""
    if Path(path).name.startswith("slow"):
        time.sleep(1.0)
    return extract(path, settings)


def collector_state(path: str, settings: Settings) -> WorkplanDocument:
    """Write the worker's garbage-collector settings beside the input, then extract."""
    import gc

    state = [*gc.get_threshold(), gc.get_freeze_count(), int(gc.isenabled())]
    Path(path + ".gc").write_text(" ".join(map(str, state)))
    return extract(path, settings)
