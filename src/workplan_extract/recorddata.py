"""The records as typed plain data, on their way from the item builder to validation.

The pipeline assembles each document as data and validates it once, after normalising:
validating each of a document's few hundred records as it is made cost more than the rest of a
.txt run. These TypedDicts give that data the field names of ``records.py`` so that mypy checks
every one of them (they cost nothing at run time); a test checks that each agrees with its
model, so ``records.py`` stays the one place the contract is written.

Two stages, two shapes:

* ``ItemDraft``: an item as the builder makes it from the table, every field read from the
  cells but nothing normalised yet (meetings are still their texts);
* ``ItemData``: the item after the normaliser has added parties, timings, meetings and amounts
  (as records: the normaliser makes them one at a time and there are few).
"""

from __future__ import annotations

from typing import TypedDict

from .headers import TimingRole
from .records import (
    Amount,
    ColumnMapping,
    Extractor,
    Item,
    ItemKind,
    PartyRef,
    Source,
    StatusValue,
    Timing,
    Warning,
)
from .warning_codes import WarningCode


class WarningData(TypedDict):
    """A ``Warning`` record as data."""

    code: WarningCode
    message: str
    item: str | None
    field: str | None


class ActionData(TypedDict):
    """An ``Action`` record as data."""

    label: str | None
    text: str


class OutcomeData(TypedDict):
    """An ``Outcome`` record as data."""

    labels: list[str]
    text: str


class StatusData(TypedDict):
    """A ``Status`` record as data."""

    text: str
    value: StatusValue | None


class LocationData(TypedDict):
    """A ``Location`` record as data."""

    table: int
    row: int
    page: int | None
    sheet: str | None


class _ItemBase(TypedDict):
    number: str | None
    title: str
    kind: ItemKind
    section: str | None
    status: StatusData | None
    progress: list[str]
    actions: list[ActionData]
    outcomes: list[OutcomeData]
    cells: dict[str, str]
    location: LocationData


class ItemDraft(_ItemBase):
    """An item as the builder makes it: its meetings as written, parties and timings to come.

    ``qualifiers`` and ``roles`` tell the normaliser about the columns behind ``cells``: the
    header of each party column that shares its field with another ("Operational
    responsibility", "Strategic responsibility"), kept as each of its parties' qualifier; and
    what a date in each timing column means ("Start by": a start; "Target date": a deadline).
    They are the same for every item of a table (one shared dict), and are not record fields.
    """

    meetings: list[str]
    qualifiers: dict[str, str]
    roles: dict[str, TimingRole]


class ItemData(_ItemBase):
    """An ``Item`` record as data: a draft with its parties, timings and amounts normalised."""

    meetings: list[Timing]
    audience: list[PartyRef]
    lead_parties: list[PartyRef]
    partners: list[PartyRef]
    timings: list[Timing]
    amounts: list[Amount]


class _DocumentBase(TypedDict):
    source: Source
    title: str | None
    reference: str | None
    preamble: list[str]
    body: PartyRef | None
    period: Timing | None
    columns: list[ColumnMapping]
    warnings: list[WarningData]
    extractor: Extractor


class DocumentDraft(_DocumentBase):
    """A document as the pipeline assembles it, before normalising."""

    items: list[ItemDraft]


class DocumentData(_DocumentBase):
    """A ``WorkplanDocument`` as data, ready to validate."""

    items: list[ItemData]


def warning_data(note: Warning, item: str | None = None, field: str | None = None) -> WarningData:
    """A warning record as data, placed at ``item`` and ``field``."""
    return WarningData(code=note.code, message=note.message, item=item, field=field)


def draft_of(
    item: Item, qualifiers: dict[str, str] | None = None, roles: dict[str, TimingRole] | None = None
) -> ItemDraft:
    """An item record back as the builder's draft (to normalise a validated document again),
    with what its columns tell the normaliser (see ``ItemDraft``)."""
    status = item.status
    location = item.location
    return ItemDraft(
        number=item.number,
        title=item.title,
        kind=item.kind,
        section=item.section,
        status=None if status is None else StatusData(text=status.text, value=status.value),
        progress=list(item.progress),
        actions=[ActionData(label=a.label, text=a.text) for a in item.actions],
        outcomes=[OutcomeData(labels=list(o.labels), text=o.text) for o in item.outcomes],
        cells=dict(item.cells),
        location=LocationData(
            table=location.table, row=location.row, page=location.page, sheet=location.sheet
        ),
        meetings=[m.text for m in item.meetings],
        qualifiers=qualifiers if qualifiers is not None else {},
        roles=roles if roles is not None else {},
    )
