"""Every warning code the tool writes into records, with its one-line meaning: the one registry.

Warnings are data, not exceptions: they say what was doubtful about a row or a value. The codes
are stable; ``Warning.code`` is typed as ``WarningCode``, so a record cannot carry a code that is
not listed here, the README's table lists each one (a test checks it), and the JSON Schema of
``Warning`` enumerates them.

To add a code: add it to ``WarningCode`` and to ``WARNING_CODES`` (a test checks that the two
agree), and to the README's table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from workplan_extract.records import Warning

WarningCode = Literal[
    "source.mislabelled",
    "source.note",
    "source.path_not_unicode",
    "ocr.low_confidence",
    "table.stray_text",
    "item.rows_merged",
    "item.unnumbered",
    "item.no_title",
    "outcome.label_without_action",
    "status.unrecognised",
    "party.unmatched",
    "party.fuzzy",
    "party.ambiguous",
    "party.anachronism",
    "body.unmatched",
    "period.missing",
    "timing.unparsed",
    "timing.year_inferred",
    "timing.no_year",
    "timing.repaired",
    "timing.ambiguous_quarter",
    "timing.short_year",
    "timing.status",
    "amount.missing_value",
]

#: Code -> its meaning, in the order of the pipeline's stages (the README's table follows it).
WARNING_CODES: dict[WarningCode, str] = {
    # Reading, locating and building items.
    "source.mislabelled": "The file's extension names another format than its content; the content was read.",
    "source.note": "A reader noted something about the file (an encoding guess, text boxes not read, ...).",
    "source.path_not_unicode": "The file name is not valid UTF-8; it is shown with U+FFFD in its place.",
    "ocr.low_confidence": "OCR may have misread these words of a scanned page (low confidence, "
    "or unlike the rest of the document); check them against the page.",
    "table.stray_text": "Text between the parts of a split table, or after it, was kept in this warning.",
    "item.rows_merged": "A row with no number of its own was joined to the item above it.",
    "item.unnumbered": "A row before the first numbered item became an item with no number.",
    "item.no_title": "An item has no title column and no action text to take its title from.",
    "outcome.label_without_action": "An outcome refers to an action label that no action has.",
    "status.unrecognised": "A status cell holds none of the known status values; its text is kept, value null.",
    # Normalising.
    "party.unmatched": "A span that reads as a body (or as nothing known) matches no vocabulary "
    "entry; its text is kept with id null. People, posts, groups and classes of bodies have no "
    "entries and get no warning.",
    "party.fuzzy": "A party span was matched to a vocabulary entry by fuzzy matching only.",
    "party.ambiguous": "A party span fits several entries equally (bodies of one name in different "
    "years or places); it was left unmatched.",
    "party.anachronism": "A party was matched to a body that did not exist in the plan's period "
    "(an LSCB in a 2004 plan); the match is kept.",
    "body.unmatched": "The issuing body named in the title matches no vocabulary entry.",
    "period.missing": "The title states no year or financial year, so the period is unknown.",
    "timing.unparsed": "A timing could not be read as a date; kind is unknown and it has no dates.",
    "timing.year_inferred": "A timing had no year; the year was taken from the document's period.",
    "timing.no_year": "A timing had no year and the document has no period to take one from.",
    "timing.repaired": "A mistyped date was read by repairing it; the warning names the repair.",
    "timing.ambiguous_quarter": 'A quarter written with a calendar year ("Q2 2005") was read as '
    "that year's calendar quarter (April-June 2005).",
    "timing.short_year": 'A month and a bare two-digit number ("Oct 12") were read as month and '
    "year (October 2012) because the year is one of the document's period; it could be a day.",
    "timing.status": 'A timing cell holds a status ("On hold", "Slipped from 5 July 2005"), '
    "not a date; the text is kept and no date is given.",
    "amount.missing_value": 'A money figure has no number ("Training Programme - £").',
}

#: Code prefixes owned by the normaliser: re-normalising replaces these warnings, keeps others.
NORMALISER_PREFIXES: tuple[str, ...] = ("party.", "body.", "period.", "timing.", "amount.")


def all_codes() -> dict[WarningCode, str]:
    """Every warning code and its meaning."""
    return dict(WARNING_CODES)


def listed_codes() -> tuple[str, ...]:
    """The codes of ``WarningCode``, in order (for the test that it agrees with the table)."""
    return get_args(WarningCode)


def warning(code: WarningCode, message: str) -> Warning:
    """A warning record for ``code``; the item and field are filled in where it is placed."""
    from workplan_extract.records import Warning

    return Warning(code=code, message=message)
