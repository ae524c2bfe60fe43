"""workplan-extract: turn workplan documents into validated, normalised records."""

from __future__ import annotations

__version__ = "0.1.0"
