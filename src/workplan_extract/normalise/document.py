"""Normalising a whole document: period and body from the title, then every item.

``normalise`` is a pure function of the document and the settings: it returns a new document
and leaves its input untouched, and normalising its own output changes nothing (warnings it
wrote before are replaced, not repeated).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from workplan_extract.mapping import column_notes, first_layout
from workplan_extract.normalise.amounts import find_amounts
from workplan_extract.normalise.cells import parse_parties
from workplan_extract.normalise.columns import cells_by_field, field_cells, in_role, qualified
from workplan_extract.normalise.context import PlanContext
from workplan_extract.normalise.embedded import embedded_timings
from workplan_extract.normalise.issuer import issuing_body, party_context, period_bounds
from workplan_extract.normalise.loading import load_vocabulary
from workplan_extract.normalise.timings import parse_period, parse_timing
from workplan_extract.normalise.vocab import Vocabulary
from workplan_extract.recorddata import (
    DocumentData,
    DocumentDraft,
    ItemData,
    ItemDraft,
    WarningData,
    draft_of,
    warning_data,
)
from workplan_extract.records import Amount, PartyRef, Timing, WorkplanDocument
from workplan_extract.records import Warning as WarningRecord
from workplan_extract.settings import Settings
from workplan_extract.warning_codes import NORMALISER_PREFIXES, warning

PARTY_FIELDS: tuple[str, ...] = ("audience", "lead_parties", "partners")
#: A line ending in a word that cannot end a timing: the phrase goes on on the next line.
_DANGLING = re.compile(r"(?:\b(?:by|before|from|until|till|in|during|on|of|to)|[–—-])\s*$", re.I)
_LIST_LABEL = re.compile(r"^\s*(?:[•·▪◦‣*]|-(?=\s)|[a-z]\)|\d{1,2}[.)](?=\s))\s*")


def timing_lines(cell: str) -> list[str]:
    """Split a timing cell into one text per line or list item, labels removed.

    When some lines carry a list label ("• "), an unlabelled line continues the item above; so
    does a line after one that ends in mid-phrase ("Meeting held by" / "28 February 2014"), as
    cells wrapped by hand are.

    >>> timing_lines("• Ongoing\\n• Support activities delivered before Dec 2007")
    ['Ongoing', 'Support activities delivered before Dec 2007']
    >>> timing_lines("Meeting held by\\n28 February 2014")
    ['Meeting held by 28 February 2014']
    """
    lines = [line for line in cell.split("\n") if line.strip()]
    labelled = any(_LIST_LABEL.match(line) for line in lines)
    texts: list[str] = []
    for line in lines:
        label = _LIST_LABEL.match(line)
        if label is not None:
            texts.append(line[label.end() :].strip())
        elif texts and (labelled or _DANGLING.search(texts[-1])):
            texts[-1] = f"{texts[-1]} {line.strip()}"
        else:
            texts.append(line.strip())
    return [text for text in texts if text]


def _located(
    notes: list[WarningRecord], item: str | None, field: str | None
) -> Iterator[WarningData]:
    # Data, not records: the document they go into is validated once, as a whole.
    return (warning_data(note, item, field) for note in notes)


def _item(
    item: ItemDraft,
    period: Timing | None,
    vocabulary: Vocabulary,
    notes: list[WarningData],
    context: PlanContext,
    embedded: bool = False,
) -> ItemData:
    """``item`` (the builder's draft) with its parties, timings, meetings and amounts
    normalised; the warnings found are added to ``notes``. With ``embedded`` (the document has
    no timing column), timings are the date phrases inside the title and action text."""
    number = item["number"]
    cells = item["cells"]
    parties: dict[str, list[PartyRef]] = {}
    by_field = cells_by_field(cells)
    for field in PARTY_FIELDS:
        for key, cell in by_field.get(field, ()):
            refs, found = parse_parties(cell, vocabulary, context)
            parties.setdefault(field, []).extend(qualified(refs, item["qualifiers"].get(key)))
            if found:
                notes.extend(_located(found, number, field))
    read: list[tuple[Timing, list[WarningRecord]]] = []
    for key, cell in by_field.get("timings", ()):
        role = item["roles"].get(key)
        for text in timing_lines(cell):
            timing, found = parse_timing(text, period)
            read.append((in_role(timing, role), found))
    if embedded and not read and item["kind"] != "schedule":  # a schedule's dates are meetings
        read = embedded_timings(cells, period)
    timings: list[Timing] = []
    for timing, found in read:
        timings.append(timing)
        if found:
            notes.extend(_located(found, number, "timings"))
    meetings: list[Timing] = []
    for meeting in item["meetings"]:
        timing, found = parse_timing(meeting, period)
        meetings.append(timing)
        if found:
            notes.extend(_located(found, number, "meetings"))
    amounts: list[Amount] = []
    for field, text in cells.items():
        found_amounts, found = find_amounts(text, vocabulary)
        amounts.extend(found_amounts)
        if found:
            notes.extend(_located(found, number, field))
    return ItemData(
        number=number,
        title=item["title"],
        kind=item["kind"],
        section=item["section"],
        status=item["status"],
        progress=item["progress"],
        actions=item["actions"],
        outcomes=item["outcomes"],
        cells=cells,
        location=item["location"],
        meetings=meetings,
        audience=parties.get("audience", []),
        lead_parties=parties.get("lead_parties", []),
        partners=parties.get("partners", []),
        timings=timings,
        amounts=amounts,
    )


def normalise(
    doc: WorkplanDocument, settings: Settings | None = None, key_texts: Sequence[str] = ()
) -> WorkplanDocument:
    """Return ``doc`` with its period, body, parties, timings, meetings and amounts normalised.

    Party lists are re-derived from the item's ``cells``; timings from the timing cells
    (one per line or list item) or, in a document with no timing column, from the date phrases
    inside the title and action cells ("... by June 2008"); meetings from their ``text``;
    amounts from every cell. What the columns add (a lead column's header as qualifier, a
    "Target date" column's dates as deadlines) is read from ``doc.columns``, from its first
    table layout.
    Warnings the normaliser wrote earlier are replaced, so normalising twice changes nothing.

    Args:
        doc: a document from the item builder.
        settings: ``vocab`` files to overlay on the shipped vocabulary.
        key_texts: texts of the document's abbreviation key tables, if any ("SG – Safeguarding
            Group"); keys written in the preamble are read without them.

    Returns:
        A new ``WorkplanDocument``; ``doc`` is not modified.

    Raises:
        VocabularyError: a ``--vocab`` file is invalid.
    """
    qualifiers, roles = column_notes(first_layout(doc.columns))
    draft = DocumentDraft(
        source=doc.source,
        title=doc.title,
        reference=doc.reference,
        preamble=list(doc.preamble),
        body=doc.body,
        period=doc.period,
        columns=list(doc.columns),
        items=[draft_of(item, qualifiers, roles) for item in doc.items],
        warnings=[warning_data(w, w.item, w.field) for w in doc.warnings],
        extractor=doc.extractor,
    )
    return WorkplanDocument.model_validate(normalise_data(draft, settings, key_texts))


def normalise_data(
    doc: DocumentDraft, settings: Settings | None = None, key_texts: Sequence[str] = ()
) -> DocumentData:
    """``normalise`` on a document as typed data (its items as the builder's drafts).

    Returns the data to validate a ``WorkplanDocument`` from; ``doc`` is not modified. The
    pipeline builds its document as data and validates it once, after this.
    """
    settings = Settings.resolve(settings)
    vocabulary = load_vocabulary(settings.vocab)
    notes: list[WarningData] = []
    title = doc["title"]
    period, body = doc["period"], doc["body"]
    if title:
        period, span = parse_period(title)
        if period is None:
            notes.append(warning_data(warning("period.missing", f"no year in the title {title!r}")))
        body, found = issuing_body(title, span, vocabulary, period_bounds(period))
        notes.extend(_located(found, None, None))
    # Parties are read knowing the plan's years, issuing body, area and abbreviation key.
    keys = [*doc["preamble"], *key_texts]
    context = party_context(vocabulary, title, period_bounds(period), body, keys)
    embedded = not _has_timing_column(doc)  # SPEC Headers 2.0: dates inside action text
    items = [_item(item, period, vocabulary, notes, context, embedded) for item in doc["items"]]
    kept = [note for note in doc["warnings"] if not note["code"].startswith(NORMALISER_PREFIXES)]
    return DocumentData(
        source=doc["source"],
        title=title,
        reference=doc["reference"],
        preamble=doc["preamble"],
        body=body,
        period=period,
        columns=doc["columns"],
        items=items,
        warnings=kept + notes,
        extractor=doc["extractor"],
    )


def _has_timing_column(doc: DocumentDraft) -> bool:
    """A column maps to timings, or some item has a timing cell (documents built by hand)."""
    if any(column.field == "timings" for column in doc["columns"]):
        return True
    return any(next(field_cells(item["cells"], "timings"), None) for item in doc["items"])
