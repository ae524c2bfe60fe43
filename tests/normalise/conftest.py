"""Fixtures for the normaliser tests: seed documents as the item builder produces them."""

from __future__ import annotations

import pytest
from normalise_helpers import lcpc_document, lscb_document

from workplan_extract.records import WorkplanDocument


@pytest.fixture
def lscb() -> WorkplanDocument:
    return lscb_document()


@pytest.fixture
def lcpc() -> WorkplanDocument:
    return lcpc_document()
