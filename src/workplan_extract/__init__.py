"""workplan-extract: turn workplan documents into validated, normalised records.

>>> from workplan_extract import extract          # doctest: +SKIP
>>> doc = extract("samples/lscb-workplan-2007-08.docx")  # doctest: +SKIP

The names below are imported on first use (PEP 562), so that ``workplan-extract --help``, whose
command line lives in this package, does not import pydantic and the whole pipeline.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .errors import WorkplanError
    from .pipeline import extract
    from .records import (
        Action,
        Amount,
        ColumnMapping,
        Item,
        Location,
        Outcome,
        PartyRef,
        Source,
        Timing,
        Warning,
        WorkplanDocument,
    )
    from .settings import Settings

#: Where each public name lives.
_MODULES = {
    "Action": "records",
    "Amount": "records",
    "ColumnMapping": "records",
    "Item": "records",
    "Location": "records",
    "Outcome": "records",
    "PartyRef": "records",
    "Settings": "settings",
    "Source": "records",
    "Timing": "records",
    "Warning": "records",
    "WorkplanDocument": "records",
    "WorkplanError": "errors",
    "extract": "pipeline",
}

__all__ = [
    "Action",
    "Amount",
    "ColumnMapping",
    "Item",
    "Location",
    "Outcome",
    "PartyRef",
    "Settings",
    "Source",
    "Timing",
    "Warning",
    "WorkplanDocument",
    "WorkplanError",
    "__version__",
    "extract",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
