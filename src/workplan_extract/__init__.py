"""workplan-extract: turn workplan documents into validated, normalised records.

>>> from workplan_extract import extract          # doctest: +SKIP
>>> doc = extract("samples/lscb-workplan-2007-08.docx")  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

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
