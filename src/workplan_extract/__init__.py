"""workplan-extract: turn workplan documents into validated, normalised records.

>>> from workplan_extract import extract          # doctest: +SKIP
>>> doc = extract("samples/lscb-workplan-2007-08.docx")  # doctest: +SKIP

The names below are imported on first use (PEP 562), so that ``workplan-extract --help``, whose
command line lives in this package, does not import pydantic and the whole pipeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import lazy_names

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


__getattr__, __dir__ = lazy_names(globals(), _MODULES)
