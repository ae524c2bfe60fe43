"""The examples in the docstrings of the layout, mapping and item-building modules are right."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from workplan_extract import headers, items, layout, mapping, sections
from workplan_extract.normalise import columns, status


@pytest.mark.parametrize("module", [headers, mapping, layout, items, sections, status, columns])
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.failed == 0
