"""The bad-input corpus, built once per test run from ``scripts/make_bad_corpus.py``."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_corpus_script() -> ModuleType:
    """Import the committed generator (``scripts/`` is not a package)."""
    name = "make_bad_corpus"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _build_corpus(folder: Path) -> None:
    load_corpus_script().build(folder)
    (folder / "cases.json").unlink()  # not a case: batch would read it


@pytest.fixture(scope="session")
def corpus(build_once: Callable[[str, Callable[[Path], object]], Path]) -> Path:
    """The corpus, built once for the whole run (its test files may run in two workers)."""
    return build_once("corpus", _build_corpus)
