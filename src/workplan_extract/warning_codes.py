"""Every warning code the tool writes into records, with its one-line meaning.

Warnings are data, not exceptions: they say what was doubtful about a row or a value. The codes
are stable; the README's table lists each one (a test checks it), and a test checks that every
warning in the golden files uses a listed code.
"""

from __future__ import annotations

#: Codes written by the reading, locating and item-building stages.
PIPELINE_CODES: dict[str, str] = {
    "source.mislabelled": "The file's extension names another format than its content; the content was read.",
    "source.note": "A reader noted something about the file (an encoding guess, text boxes not read, ...).",
    "source.path_not_unicode": "The file name is not valid UTF-8; it is shown with U+FFFD in its place.",
    "table.stray_text": "Text between the parts of a split table, or after it, was kept in this warning.",
    "item.rows_merged": "A row with no number of its own was joined to the item above it.",
    "item.unnumbered": "A row before the first numbered item became an item with no number.",
    "item.no_title": "An item has no title column and its first paragraph is a list item.",
    "outcome.label_without_action": "An outcome refers to an action label that no action has.",
}


def all_codes() -> dict[str, str]:
    """Every warning code, the pipeline's and the normaliser's."""
    from .normalise.codes import WARNING_CODES

    return {**PIPELINE_CODES, **WARNING_CODES}
