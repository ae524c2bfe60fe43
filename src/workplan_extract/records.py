"""Pydantic models of SPEC's record contract: the one place field names live.

Everything a writer sees is one of these models, already validated. The JSON Schemas in
``schemas/`` are generated from them (``workplan-extract schema``) and a test fails when the
committed files drift from the models.

Built at import, so kept cheap to build: no ``from __future__ import annotations`` (pydantic
would have to evaluate every annotation string again), and empty lists come from ``_empty_list``
rather than ``default_factory=list`` (for a builtin, pydantic reads the signature by tokenizing
its text signature).
"""

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .formats import FormatName
from .warning_codes import WarningCode

SCHEMA_VERSION: Literal["2.0"] = "2.0"
#: Earlier versions ``validate`` still reads: each is a subset of this one.
READABLE_VERSIONS: tuple[str, ...] = ("1.0", SCHEMA_VERSION)

FieldName = Literal[
    "number",
    "title",
    "actions",
    "outcomes",
    "audience",
    "lead_parties",
    "partners",
    "timings",
    "status",
    "progress",
    "other",
]
ItemKind = Literal["workstream", "resources", "schedule"]
MatchKind = Literal["exact", "alias", "fuzzy", "context", "unmatched"]
TimingKind = Literal[
    "ongoing",
    "date",
    "deadline",
    "start",
    "period",
    "recurring",
    "done",
    "tbc",
    "relative",
    "unknown",
]
PartyType = Literal["organisation", "role", "person", "group", "collective", "unknown"]
Sector = Literal[
    "local-government",
    "police",
    "health",
    "education",
    "justice",
    "fire",
    "voluntary",
    "central-government",
    "inspectorate",
    "partnership",
    "housing",
    "community",
]
StatusValue = Literal[
    "red",
    "amber",
    "green",
    "blue",
    "complete",
    "on-track",
    "at-risk",
    "overdue",
    "not-started",
    "deferred",
    "cancelled",
]


def _empty_list() -> list[Any]:
    """The default of every list field (same JSON Schema as ``default_factory=list``)."""
    return []


class Record(BaseModel):
    """Base of every record: unknown keys are an error, not silently kept."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Source(Record):
    """Where the document came from, with enough to prove it is the same file later."""

    path: str = Field(description="The path as given by the caller.")
    filename: str = Field(description="The file name without folders.")
    format: FormatName = Field(description="The format detected from the content.")
    sha256: str = Field(description="Hex SHA-256 of the file's bytes.", pattern="^[0-9a-f]{64}$")
    size_bytes: int = Field(description="Size of the file in bytes.", ge=0)
    pages: int | None = Field(default=None, description="Page count (PDF only), else null.")
    converted_with: str | None = Field(
        default=None,
        description='The converter used for legacy formats, e.g. "LibreOffice 7.4", else null.',
    )
    ocr: str | None = Field(
        default=None,
        description='The OCR engine that read a scanned page, e.g. "Tesseract 5.3", else null.',
    )


class ColumnMapping(Record):
    """How one source column was mapped onto an item field."""

    column: int = Field(description="0-based index of the column in the source table grid.")
    header: str = Field(description="The header text as written (may be empty).")
    field: FieldName = Field(description='The item field the column feeds; "other" if unmapped.')
    score: float = Field(description="Header match score, 0-100.", ge=0, le=100)
    basis: Literal["header", "content", "none"] = Field(
        description=(
            '"header" when the header text decided the field, "content" when the cells did '
            '(an unlabelled column of numbers, an "Item" column holding numbers), "none" if unmapped.'
        )
    )


class Action(Record):
    """One action of an item."""

    label: str | None = Field(
        description='"a", "b", ... for lettered actions; null for bullets and plain paragraphs.'
    )
    text: str = Field(description='The action text, without bullet characters or "a)" prefixes.')


class Outcome(Record):
    """One anticipated outcome, with the action labels it refers to."""

    labels: list[str] = Field(description='Action labels it covers: "a) - c)" gives a, b, c.')
    text: str = Field(description="The outcome text without its labels.")


class Place(Record):
    """The area a party serves."""

    name: str = Field(description='The place\'s name, e.g. "Greenwich".')
    code: str | None = Field(
        default=None, description='GSS code where one exists ("E09000011"), else null.'
    )


class PartyOf(Record):
    """The body a role or group belongs to."""

    id: str | None = Field(default=None, description="Canonical vocabulary id, or null.")
    name: str = Field(description='The body\'s name, e.g. "Slough LSCB".')


class PartyRef(Record):
    """A party (organisation, role, person, group or collective) as written and as recognised."""

    text: str = Field(description='The span as written, e.g. "Met Police".')
    qualifier: str | None = Field(
        default=None,
        description='Text that qualifies the party and must not be lost ("DV Forum", "supported by").',
    )
    id: str | None = Field(default=None, description="Canonical vocabulary id, or null.")
    name: str | None = Field(default=None, description="Canonical name, or null.")
    match: MatchKind = Field(default="unmatched", description="How the span was recognised.")
    score: float = Field(default=0.0, ge=0, le=100, description="Match score, 0-100.")
    type: PartyType = Field(
        default="unknown",
        description=(
            'What sort of party: a body ("organisation"), a post ("role"), a named individual '
            '("person"), a sub-group, team or department ("group"), a class of bodies '
            '("collective"), or "unknown".'
        ),
    )
    sector: Sector | None = Field(
        default=None, description="The sector the party belongs to, where it can be told."
    )
    place: Place | None = Field(
        default=None, description="The area the party serves, when the text or register says so."
    )
    of: PartyOf | None = Field(
        default=None, description="For a role or group: the body it belongs to, when known."
    )


class Timing(Record):
    """A date, deadline, start or period as written and as EDTF with bounds."""

    text: str = Field(description="The timing as written.")
    subject: str | None = Field(
        default=None, description='What the date is for, if written ("Project final report").'
    )
    kind: TimingKind = Field(default="unknown", description="What sort of timing this is.")
    recurrence: str | None = Field(
        default=None,
        description='ISO 8601 duration of a "recurring" timing ("P1Y", "P3M", "P1M"), else null.',
    )
    edtf: str | None = Field(default=None, description="EDTF (ISO 8601-2) string, or null.")
    earliest: dt.date | None = Field(default=None, description="Earliest date it can mean.")
    latest: dt.date | None = Field(default=None, description="Latest date it can mean.")
    year_inferred: bool = Field(
        default=False, description="True where the year was taken from the document's period."
    )


class Amount(Record):
    """A money figure found in an item."""

    text: str = Field(description="The text the figure was read from.")
    label: str | None = Field(default=None, description='What it is for, e.g. "Projects budget".')
    party: PartyRef | None = Field(
        default=None, description='Who gives it ("London Councils: £80k").'
    )
    value: float | None = Field(
        default=None, description="The value in units of currency, or null."
    )
    currency: Literal["GBP"] = Field(default="GBP", description="ISO 4217 currency code.")
    approximate: bool = Field(default=False, description='True for "@£50k" or "c. £50k".')
    net_value: float | None = Field(default=None, description='Net value, e.g. "(£10k net)".')


class Location(Record):
    """Where an item's first row sits in the source."""

    table: int = Field(description="0-based index of the table in the source document.", ge=0)
    row: int = Field(description="0-based index of the row within that table.", ge=0)
    page: int | None = Field(default=None, description="1-based page (PDF only), else null.", ge=1)
    sheet: str | None = Field(
        default=None, description="Worksheet name (spreadsheets only), else null."
    )


class Warning(Record):  # noqa: A001 - the contract names it Warning
    """A doubt found while extracting: written down, never swallowed."""

    code: WarningCode = Field(description='Stable code, e.g. "party.unmatched".')
    message: str = Field(description="What is doubtful, in one sentence.")
    item: str | None = Field(default=None, description="Number of the item concerned, or null.")
    field: str | None = Field(default=None, description="Field concerned, or null.")


class Status(Record):
    """An item's status as written (RAG, Status or Progress-status column) and as recognised."""

    text: str = Field(description='The status as written, e.g. "On Target" or "G".')
    value: StatusValue | None = Field(
        default=None, description="The recognised status, or null (with a warning)."
    )


class Item(Record):
    """One numbered work item of the plan."""

    number: str | None = Field(description='The number as written ("1", "1.2"), or null.')
    title: str = Field(description="The item's title.")
    kind: ItemKind = Field(description="workstream, resources or schedule.")
    section: str | None = Field(
        default=None,
        description=(
            'The heading or section row the item sits under ("Priority 1: Early help"), if any.'
        ),
    )
    status: Status | None = Field(
        default=None, description="From a RAG, Status or progress-status column, else null."
    )
    progress: list[str] = Field(
        default_factory=_empty_list,
        description="Paragraphs of progress, update, commentary or action-taken columns.",
    )
    actions: list[Action] = Field(default_factory=_empty_list, description="The item's actions.")
    outcomes: list[Outcome] = Field(
        default_factory=_empty_list, description="Anticipated outcomes."
    )
    audience: list[PartyRef] = Field(
        default_factory=_empty_list, description="Who the actions are for."
    )
    lead_parties: list[PartyRef] = Field(default_factory=_empty_list, description="Lead parties.")
    partners: list[PartyRef] = Field(default_factory=_empty_list, description="Partners.")
    timings: list[Timing] = Field(
        default_factory=_empty_list, description="One per line of the timing cell."
    )
    amounts: list[Amount] = Field(
        default_factory=_empty_list, description="Every money figure in the item."
    )
    meetings: list[Timing] = Field(
        default_factory=_empty_list, description='Meeting dates of a "schedule" item.'
    )
    cells: dict[str, str] = Field(
        description=(
            "Field -> the cell's full text, paragraphs joined by newlines: every non-empty source "
            'cell of the row. Unmapped columns appear as "other", "other_2", ...'
        )
    )
    location: Location = Field(description="Where the item's first row is in the source.")


class Extractor(Record):
    """The program that made the record."""

    name: Literal["workplan-extract"] = "workplan-extract"
    version: str = Field(description="Version of workplan-extract.")


class WorkplanDocument(Record):
    """A whole workplan: its source, front matter, column mapping, items and warnings."""

    schema_version: Literal["2.0"] = Field(default=SCHEMA_VERSION, description='Always "2.0".')
    source: Source
    title: str | None = Field(default=None, description="The document's title.")
    reference: str | None = Field(default=None, description='Paper reference, e.g. "Paper 7".')
    preamble: list[str] = Field(
        default_factory=_empty_list, description="Paragraphs before the table."
    )
    body: PartyRef | None = Field(default=None, description="The issuing body named in the title.")
    period: Timing | None = Field(default=None, description="The period the plan covers.")
    columns: list[ColumnMapping] = Field(default_factory=_empty_list, description="Column mapping.")
    items: list[Item] = Field(default_factory=_empty_list, description="The work items, in order.")
    warnings: list[Warning] = Field(default_factory=_empty_list, description="Every doubt found.")
    extractor: Extractor


#: The models whose JSON Schemas are published in ``schemas/``.
SCHEMA_MODELS: tuple[type[Record], ...] = (
    WorkplanDocument,
    Source,
    ColumnMapping,
    Item,
    Action,
    Outcome,
    PartyRef,
    Place,
    PartyOf,
    Status,
    Timing,
    Amount,
    Location,
    Warning,
)
