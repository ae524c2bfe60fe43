"""Normalising a whole document: period and body from the title, then every item.

``normalise`` is a pure function of the document and the settings: it returns a new document
and leaves its input untouched, and normalising its own output changes nothing (warnings it
wrote before are replaced, not repeated).
"""

from __future__ import annotations

import re

from workplan_extract.normalise.amounts import find_amounts
from workplan_extract.normalise.codes import OWNED_PREFIXES, warning
from workplan_extract.normalise.parties import match_party, parse_parties, split_parties
from workplan_extract.normalise.timings import parse_period, parse_timing
from workplan_extract.normalise.vocab import Vocabulary, load_vocabulary, tidy
from workplan_extract.records import Item, PartyRef, Timing, WorkplanDocument
from workplan_extract.records import Warning as WarningRecord
from workplan_extract.settings import Settings

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


def _located(notes: list[WarningRecord], item: str | None, field: str) -> list[WarningRecord]:
    return [
        WarningRecord(code=note.code, message=note.message, item=item, field=field)
        for note in notes
    ]


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


def _item(
    item: Item, period: Timing | None, vocabulary: Vocabulary
) -> tuple[Item, list[WarningRecord]]:
    notes: list[WarningRecord] = []
    number = item.number
    update: dict[str, object] = {}
    for field in PARTY_FIELDS:
        if field in item.cells:
            refs, found = parse_parties(item.cells[field], vocabulary)
            update[field] = refs
            notes.extend(_located(found, number, field))
    if "timings" in item.cells:
        texts = timing_lines(item.cells["timings"])
    else:
        texts = [timing.text for timing in item.timings]
    timings: list[Timing] = []
    for text in texts:
        timing, found = parse_timing(text, period)
        timings.append(timing)
        notes.extend(_located(found, number, "timings"))
    update["timings"] = timings
    meetings: list[Timing] = []
    for meeting in item.meetings:
        timing, found = parse_timing(meeting.text, period)
        meetings.append(timing)
        notes.extend(_located(found, number, "meetings"))
    update["meetings"] = meetings
    amounts = []
    for field, text in item.cells.items():
        found_amounts, found = find_amounts(text, vocabulary)
        amounts.extend(found_amounts)
        notes.extend(_located(found, number, field))
    update["amounts"] = amounts
    # Validated, not model_copy'd: writers see only validated records. The nested parts are
    # validated instances already, so this checks the item's own fields and is cheap.
    return Item.model_validate({**dict(item), **update}), notes


def normalise(doc: WorkplanDocument, settings: Settings | None = None) -> WorkplanDocument:
    """Return ``doc`` with its period, body, parties, timings, meetings and amounts normalised.

    Party lists are re-derived from the item's ``cells``; timings from the "timings" cell
    (one per line or list item); meetings from their ``text``; amounts from every cell.
    Warnings the normaliser wrote earlier are replaced, so normalising twice changes nothing.

    Args:
        doc: a document from the item builder.
        settings: ``vocab`` files to overlay on the shipped vocabulary.

    Returns:
        A new ``WorkplanDocument``; ``doc`` is not modified.

    Raises:
        VocabularyError: a ``--vocab`` file is invalid.
    """
    settings = Settings.resolve(settings)
    vocabulary = load_vocabulary(settings.vocab)
    notes: list[WarningRecord] = []
    period, body = doc.period, doc.body
    if doc.title:
        period, span = parse_period(doc.title)
        if period is None:
            notes.append(warning("period.missing", f"no year in the title {doc.title!r}"))
        body, found = _body(doc.title, span, vocabulary)
        notes.extend(found)
    items: list[Item] = []
    for item in doc.items:
        normalised, found = _item(item, period, vocabulary)
        items.append(normalised)
        notes.extend(found)
    kept = [note for note in doc.warnings if not note.code.startswith(OWNED_PREFIXES)]
    update = {"period": period, "body": body, "items": items, "warnings": kept + notes}
    return WorkplanDocument.model_validate({**dict(doc), **update})
