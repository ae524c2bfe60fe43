"""Counting across a batch: documents, items, warnings, parties, lead sectors per plan year.

``Totals.add`` takes one document at a time and keeps only counts, so a report over thousands
of documents holds no document longer than it takes to render it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import get_args

from ..records import PartyRef, Sector, Timing, WorkplanDocument

#: Sectors in the order the contract lists them, then parties whose sector is not known.
SECTORS: tuple[str, ...] = (*get_args(Sector), "unknown")
NO_PERIOD = "no period"
#: The order the parties view lists matches in: the doubtful first.
MATCH_ORDER = {"unmatched": 0, "fuzzy": 1, "context": 2, "alias": 3, "exact": 4}


@dataclass(slots=True)
class PartyStat:
    """One party spelling as it was recognised, counted across the batch."""

    text: str
    id: str | None
    name: str | None
    match: str
    type: str
    sector: str | None
    count: int = 0
    documents: int = 0
    #: The last document counted, so each document adds to ``documents`` once.
    last_document: int = -1


@dataclass
class Totals:
    """Counts over every document added."""

    documents: int = 0
    items: int = 0
    warnings: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    parties: dict[tuple[str, str | None, str, str, str | None], PartyStat] = field(
        default_factory=dict
    )
    #: Plan year label -> sector -> lead parties.
    lead_sectors: dict[str, Counter[str]] = field(default_factory=dict)
    #: Plan year label -> its first day, to put the years in order.
    year_starts: dict[str, dt.date] = field(default_factory=dict)

    def add(self, doc: WorkplanDocument) -> None:
        """Count one document."""
        number = self.documents
        self.documents += 1
        self.items += len(doc.items)
        self.warnings.update(w.code for w in doc.warnings)
        for ref in _party_refs(doc):
            self._party(ref, number)
        year, start = plan_year(doc.period)
        sectors = self.lead_sectors.setdefault(year, Counter())
        if start is not None:
            self.year_starts[year] = start
        for item in doc.items:
            if item.status is not None:
                self.statuses[item.status.value or "unrecognised"] += 1
            sectors.update(ref.sector or "unknown" for ref in item.lead_parties)

    def _party(self, ref: PartyRef, document: int) -> None:
        key = (ref.text, ref.id, ref.match, ref.type, ref.sector)
        stat = self.parties.get(key)
        if stat is None:
            stat = PartyStat(ref.text, ref.id, ref.name, ref.match, ref.type, ref.sector)
            self.parties[key] = stat
        stat.count += 1
        if stat.last_document != document:
            stat.last_document = document
            stat.documents += 1

    def parties_by_doubt(self) -> list[PartyStat]:
        """Every party spelling: unmatched first, then fuzzy, then the rest; most frequent first."""
        return sorted(
            self.parties.values(),
            key=lambda s: (MATCH_ORDER.get(s.match, 5), -s.count, s.text.casefold(), s.id or ""),
        )

    def years(self) -> list[str]:
        """Plan years with lead parties, in time order; documents with no period last."""
        years = [y for y, sectors in self.lead_sectors.items() if sum(sectors.values())]
        return sorted(years, key=lambda y: (y == NO_PERIOD, self.year_starts.get(y), y))


def _party_refs(doc: WorkplanDocument) -> Iterator[PartyRef]:
    if doc.body is not None:
        yield doc.body
    for item in doc.items:
        yield from item.lead_parties
        yield from item.partners
        yield from item.audience
        for amount in item.amounts:
            if amount.party is not None:
                yield amount.party


def plan_year(period: Timing | None) -> tuple[str, dt.date | None]:
    """The label of the year a plan covers, and its first day.

    A UK financial year (1 April to 31 March) is "2007/08"; a period within one calendar year
    is that year ("2004"); a longer one is its first and last year ("2009–2011").
    """
    if period is None or period.earliest is None or period.latest is None:
        return NO_PERIOD, None
    first, last = period.earliest, period.latest
    if (first.month, first.day, last.month, last.day) == (4, 1, 3, 31) and (
        last.year == first.year + 1
    ):
        return f"{first.year}/{last.year % 100:02d}", first
    if first.year == last.year:
        return str(first.year), first
    return f"{first.year}–{last.year}", first
