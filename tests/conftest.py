"""Shared fixtures: where the repository's samples are, and their records made once; a way to
build a costly folder once for the whole run."""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from workplan_extract import WorkplanDocument, extract

# `make test` and CI draw the same examples every run (derandomize), so a rare draw can neither
# fail one run and pass the next nor block a landing on luck; failures found that way are real
# and repeatable. `HYPOTHESIS_PROFILE=explore` draws afresh, more examples per test, to search.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# The command line keeps the indexed vocabulary on disk (``vocabcache``); the tests, and the
# commands they run, neither read nor write the user's cache (test_vocabcache.py tests it).
os.environ["WORKPLAN_EXTRACT_CACHE"] = "off"

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def sample_record(
    build_once: Callable[[str, Callable[[Path], object]], Path],
) -> Callable[[str], WorkplanDocument]:
    """``extract(samples/NAME)`` with the default settings, made once per run for every test
    that asks (a .doc sample costs a LibreOffice run, a PDF a layout analysis) and passed
    between the xdist workers as its JSON, which reads back equal. Each call returns a copy of
    its own, so a test may change what it gets without touching the next test's."""
    made: dict[str, WorkplanDocument] = {}

    def write(name: str, folder: Path) -> None:
        doc = extract(SAMPLES / name)
        text = doc.model_dump_json()
        assert WorkplanDocument.model_validate_json(text) == doc, f"{name}: lost in JSON"
        (folder / "record.json").write_text(text, "utf-8")

    def record(name: str) -> WorkplanDocument:
        if name not in made:
            folder = build_once(f"record-{name}", functools.partial(write, name))
            text = (folder / "record.json").read_text("utf-8")
            made[name] = WorkplanDocument.model_validate_json(text)
        return made[name].model_copy(deep=True)

    return record


@pytest.fixture(scope="session")
def build_once(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str, Callable[[Path], object]], Path]:
    """``build_once(name, build)``: the folder ``name`` as ``build(folder)`` makes it, built
    once for the whole run. Under pytest-xdist the first worker to ask builds it, under a lock
    in the run's temporary folder that the workers share, and the others wait and take it; the
    tests only read it."""
    base = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        base = base.parent  # the run's folder; each worker's own is inside it

    def once(name: str, build: Callable[[Path], object]) -> Path:
        folder, done = base / name, base / f"{name}.done"
        with open(base / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not done.exists():
                shutil.rmtree(folder, ignore_errors=True)  # what a worker that died left
                folder.mkdir()
                build(folder)
                done.touch()
        return folder

    return once
