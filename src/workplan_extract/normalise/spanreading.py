"""The reading of one party span (``Reading``), and how entries become one: matched to an
entry (with ``party.anachronism`` outside the plan's years), fitting several equally
(``party.ambiguous``), or none (``party.unmatched``). The reading itself is ``classify.py``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workplan_extract.normalise.context import BODY_SECTORS, ISSUER, PlanContext
from workplan_extract.normalise.entries import PlaceRef, VocabEntry
from workplan_extract.normalise.vocab import Lookup
from workplan_extract.records import MatchKind, PartyOf, PartyType, Place, Sector
from workplan_extract.records import Warning as WarningRecord
from workplan_extract.warning_codes import warning


@dataclass
class Reading:
    """What a span was read as (see the module docstring)."""

    type: PartyType
    entry: VocabEntry | None = None
    match: MatchKind = "unmatched"
    score: float = 0.0
    sector: Sector | None = None
    place: Place | None = None
    of: PartyOf | None = None
    notes: list[WarningRecord] = field(default_factory=list)
    #: ``of`` was written in the span ("Chair of SLSCB"), not taken from the plan.
    of_written: bool = False


def matched(entry: VocabEntry, match: MatchKind, score: float, context: PlanContext) -> Reading:
    reading = Reading(
        entry.type,
        entry,
        match,
        score,
        entry.sector,
        place_of(entry.place),
    )
    if not entry.valid_during(*context.period):
        years = f"{entry.valid_from or '…'} to {entry.valid_to or '…'}"
        message = (
            f"{entry.name!r} ({entry.id}) existed {years}, outside the plan's period "
            f"{context.earliest} to {context.latest}"
        )
        reading.notes.append(warning("party.anachronism", message))
    return reading


def place_of(place: PlaceRef | None) -> Place | None:
    return Place(name=place.name, code=place.code) if place is not None else None


def generic_reading(
    text: str, body: str | None, entries: tuple[VocabEntry, ...], context: PlanContext
) -> Reading:
    if len(entries) == 1:
        return matched(entries[0], "context", 100.0, context)
    reading = ambiguous(text, entries)
    if body is not None and body != ISSUER:
        reading.sector = reading.sector or BODY_SECTORS.get(body)
    return reading


def ambiguous(text: str, rivals: tuple[VocabEntry, ...]) -> Reading:
    """A span several entries fit equally: typed as they agree, matched to none of them."""
    sectors = {e.sector for e in rivals}
    places = {e.place for e in rivals}
    types = {e.type for e in rivals}
    names = ", ".join(f"{e.name} ({e.id})" for e in rivals[:4])
    return Reading(
        types.pop() if len(types) == 1 else "organisation",
        sector=sectors.pop() if len(sectors) == 1 else None,
        place=place_of(places.pop()) if len(places) == 1 else None,
        notes=[warning("party.ambiguous", f"{text!r} could be any of {names}: left unmatched")],
    )


def unmatched(text: str) -> WarningRecord:
    return warning("party.unmatched", f"{text!r} matches no vocabulary entry")


def lookup_reading(found: Lookup, context: PlanContext) -> Reading | None:
    """A reading for an exact or alias lookup result (used by amounts' giving parties)."""
    if found.entry is None:
        return None
    return matched(found.entry, found.match, found.score, context)
