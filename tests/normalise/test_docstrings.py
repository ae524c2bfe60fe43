"""The examples in the normaliser's docstrings are true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "amounts",
    "dates",
    "document",
    "entries",
    "grammar",
    "parties",
    "suggest",
    "timings",
    "vocab",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"workplan_extract.normalise.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
