"""Stable warning codes emitted by the normaliser, each with its one-line meaning.

The README's table of warnings is generated from ``WARNING_CODES``; a test checks that every
warning the normaliser produces uses a code listed here.
"""

from __future__ import annotations

from workplan_extract.records import Warning as WarningRecord

WARNING_CODES: dict[str, str] = {
    "party.unmatched": "A party span matches no vocabulary entry; its text is kept with id null.",
    "party.fuzzy": "A party span was matched to a vocabulary entry by fuzzy matching only.",
    "body.unmatched": "The issuing body named in the title matches no vocabulary entry.",
    "period.missing": "The title states no year or financial year, so the period is unknown.",
    "timing.unparsed": "A timing could not be read as a date; kind is unknown and it has no dates.",
    "timing.year_inferred": "A timing had no year; the year was taken from the document's period.",
    "timing.no_year": "A timing had no year and the document has no period to take one from.",
    "timing.repaired": "A mistyped date was read by repairing it; the warning names the repair.",
    "timing.ambiguous_quarter": 'A quarter with a calendar year ("Q1 2008") was read as a '
    "UK financial quarter.",
    "amount.missing_value": 'A money figure has no number ("Training Programme - £").',
}

#: Code prefixes owned by the normaliser: re-normalising replaces these warnings, keeps others.
OWNED_PREFIXES: tuple[str, ...] = ("party.", "body.", "period.", "timing.", "amount.")


def warning(code: str, message: str) -> WarningRecord:
    """Return a warning record for a code in ``WARNING_CODES``; item and field come later."""
    if code not in WARNING_CODES:  # pragma: no cover - guards against typos in this package
        raise KeyError(code)
    return WarningRecord(code=code, message=message)
