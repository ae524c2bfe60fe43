"""Normalising a whole document: period and body from the title, then every item.

``normalise`` is a pure function of the document and the settings: it returns a new document
and leaves its input untouched, and normalising its own output changes nothing (warnings it
wrote before are replaced, not repeated).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from workplan_extract.normalise.amounts import find_amounts
from workplan_extract.normalise.embedded import embedded_timings
from workplan_extract.normalise.parties import match_party, parse_parties, split_parties
from workplan_extract.normalise.timings import parse_period, parse_timing
from workplan_extract.normalise.vocab import Vocabulary, load_vocabulary, tidy
from workplan_extract.records import PartyRef, Timing, WorkplanDocument
from workplan_extract.records import Warning as WarningRecord
from workplan_extract.settings import Settings
from workplan_extract.warning_codes import NORMALISER_PREFIXES, warning

PARTY_FIELDS: tuple[str, ...] = ("audience", "lead_parties", "partners")
_LIST_LABEL = re.compile(r"^\s*(?:[•·▪◦‣*]|-(?=\s)|[a-z]\)|\d{1,2}[.)](?=\s))\s*")
_PLAN_WORDS = re.compile(
    r"[\s,:–-]*\b(?:draft\s+)?(?:annual\s+|joint\s+)?(?:work\s*-?\s*plan|work\s+programme"
    r"|business\s+plan|action\s+plan|delivery\s+plan|plan)s?\b.*$",
    re.IGNORECASE | re.DOTALL,
)


def timing_lines(cell: str) -> list[str]:
    """Split a timing cell into one text per line or list item, labels removed.

    When some lines carry a list label ("• "), an unlabelled line continues the item above.

    >>> timing_lines("• Ongoing\\n• Support activities delivered before Dec 2007")
    ['Ongoing', 'Support activities delivered before Dec 2007']
    """
    lines = [line for line in cell.split("\n") if line.strip()]
    labelled = any(_LIST_LABEL.match(line) for line in lines)
    texts: list[str] = []
    for line in lines:
        label = _LIST_LABEL.match(line)
        if label is not None:
            texts.append(line[label.end() :].strip())
        elif labelled and texts:
            texts[-1] = f"{texts[-1]} {line.strip()}"
        else:
            texts.append(line.strip())
    return [text for text in texts if text]


def _located(notes: list[WarningRecord], item: str | None, field: str) -> Iterator[dict[str, Any]]:
    # Data, not records: the document they go into is validated once, as a whole.
    return (
        {"code": note.code, "message": note.message, "item": item, "field": field} for note in notes
    )


def _body(
    title: str, period_span: tuple[int, int] | None, vocabulary: Vocabulary
) -> tuple[PartyRef | None, list[WarningRecord]]:
    """The issuing body: the title's words before the plan words and the period."""
    text = title[: period_span[0]] if period_span else title
    text = tidy(_PLAN_WORDS.sub("", text)).strip(" ,:–-")
    if not text:
        return None, []
    ref, _ = match_party(text, vocabulary)
    if ref.id is None:
        for span in split_parties(text, vocabulary):
            if span.known:
                ref, _ = match_party(span, vocabulary)
                break
    if ref.id is None:
        return ref, [
            warning("body.unmatched", f"issuing body {text!r} matches no vocabulary entry")
        ]
    return ref, []


def _text(timing: Timing | dict[str, Any]) -> str:
    """A timing's text, whether it is a record (a document) or data (the item builder's)."""
    return timing.text if isinstance(timing, Timing) else str(timing["text"])


def _item(
    item: dict[str, Any],
    period: Timing | None,
    vocabulary: Vocabulary,
    notes: list[dict[str, Any]],
    embedded: bool = False,
) -> dict[str, Any]:
    """``item`` (as data: fields to values) with its parties, timings, meetings and amounts
    normalised; the warnings found are added to ``notes``. With ``embedded`` (the document has
    no timing column), timings are the date phrases inside the title and action text."""
    number: str | None = item["number"]
    cells: dict[str, str] = item["cells"]
    out = dict(item)
    for field in PARTY_FIELDS:
        if field in cells:
            refs, found = parse_parties(cells[field], vocabulary)
            out[field] = refs
            if found:
                notes.extend(_located(found, number, field))
    if "timings" in cells:
        read = [parse_timing(text, period) for text in timing_lines(cells["timings"])]
    else:
        inside = embedded and item.get("kind") != "schedule"  # a schedule's dates are meetings
        found_inside = embedded_timings(cells, period) if inside else []
        # Timings carried without a cell (placeholders of a document built by hand) are read
        # again when the text holds none; timings found in the text before are found again.
        read = found_inside or [
            parse_timing(_text(timing), period) for timing in item.get("timings", ())
        ]
    timings: list[Timing] = []
    for timing, found in read:
        timings.append(timing)
        if found:
            notes.extend(_located(found, number, "timings"))
    out["timings"] = timings
    meetings: list[Timing] = []
    for meeting in item["meetings"]:
        timing, found = parse_timing(_text(meeting), period)
        meetings.append(timing)
        if found:
            notes.extend(_located(found, number, "meetings"))
    out["meetings"] = meetings
    amounts = []
    for field, text in cells.items():
        found_amounts, found = find_amounts(text, vocabulary)
        amounts.extend(found_amounts)
        if found:
            notes.extend(_located(found, number, field))
    out["amounts"] = amounts
    return out


def normalise(doc: WorkplanDocument, settings: Settings | None = None) -> WorkplanDocument:
    """Return ``doc`` with its period, body, parties, timings, meetings and amounts normalised.

    Party lists are re-derived from the item's ``cells``; timings from the "timings" cell
    (one per line or list item) or, in a document with no timing column, from the date phrases
    inside the title and action cells ("... by June 2008"); meetings from their ``text``; amounts from every cell.
    Warnings the normaliser wrote earlier are replaced, so normalising twice changes nothing.

    Args:
        doc: a document from the item builder.
        settings: ``vocab`` files to overlay on the shipped vocabulary.

    Returns:
        A new ``WorkplanDocument``; ``doc`` is not modified.

    Raises:
        VocabularyError: a ``--vocab`` file is invalid.
    """
    data = dict(doc)
    data["items"] = [dict(item) for item in doc.items]
    return WorkplanDocument.model_validate(normalise_data(data, settings))


def normalise_data(doc: dict[str, Any], settings: Settings | None = None) -> dict[str, Any]:
    """``normalise`` on a document as data (fields to values; its items as data too).

    Returns the data to validate a ``WorkplanDocument`` from; ``doc`` is not modified. The
    pipeline builds its document as data and validates it once, after this.
    """
    settings = Settings.resolve(settings)
    vocabulary = load_vocabulary(settings.vocab)
    notes: list[Any] = []
    title: str | None = doc.get("title")
    period, body = doc.get("period"), doc.get("body")
    if title:
        period, span = parse_period(title)
        if period is None:
            notes.append(warning("period.missing", f"no year in the title {title!r}"))
        body, found = _body(title, span, vocabulary)
        notes.extend(found)
    embedded = not _has_timing_column(doc)  # SPEC Headers 2.0: dates inside action text
    items = [_item(item, period, vocabulary, notes, embedded) for item in doc.get("items", ())]
    kept = [
        note for note in doc.get("warnings", ()) if not _code(note).startswith(NORMALISER_PREFIXES)
    ]
    return {**doc, "period": period, "body": body, "items": items, "warnings": kept + notes}


def _has_timing_column(doc: dict[str, Any]) -> bool:
    """A column maps to timings, or some item has a timing cell (documents built by hand)."""
    for column in doc.get("columns", ()):
        field = column.get("field") if isinstance(column, dict) else column.field
        if field == "timings":
            return True
    return any("timings" in _cells(item) for item in doc.get("items", ()))


def _cells(item: Any) -> dict[str, str]:
    cells: dict[str, str] = item["cells"] if isinstance(item, dict) else item.cells
    return cells


def _code(note: WarningRecord | dict[str, Any]) -> str:
    return note.code if isinstance(note, WarningRecord) else str(note["code"])
