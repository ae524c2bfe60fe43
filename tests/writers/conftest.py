"""Two documents with every kind of value the writers must carry, checked by hand.

Non-ASCII text ("Barnardo’s", "£80k", "–"), newlines, commas and quotes inside cells, parties
with and without ids, dated timings, amounts with parties, a schedule item with meetings, and
warnings about an item and about the whole document.
"""

from __future__ import annotations

import datetime as dt

import pytest

from workplan_extract.records import (
    Action,
    Amount,
    ColumnMapping,
    Extractor,
    Item,
    Location,
    MatchKind,
    Outcome,
    PartyRef,
    Source,
    Status,
    Timing,
    WorkplanDocument,
)
from workplan_extract.records import Warning as RecordWarning

SHA_A = "a" * 64
SHA_B = "b" * 64


def party(
    text: str,
    id_: str | None = None,
    name: str | None = None,
    *,
    qualifier: str | None = None,
    match: MatchKind | None = None,
) -> PartyRef:
    return PartyRef(
        text=text,
        qualifier=qualifier,
        id=id_,
        name=name,
        match=match or ("alias" if id_ else "unmatched"),
        score=100 if id_ else 0,
    )


def lscb_2007() -> WorkplanDocument:
    return WorkplanDocument(
        source=Source(
            path="seeds/lscb-workplan-2007-08.txt",
            filename="lscb-workplan-2007-08.txt",
            format="txt",
            sha256=SHA_A,
            size_bytes=12345,
        ),
        title="London Safeguarding Children Board Workplan 2007/08",
        reference="Paper 7",
        preamble=["Our mission: every child safe.", "Second paragraph, with a comma."],
        body=party(
            "London Safeguarding Children Board",
            "london-safeguarding-children-board",
            "London Safeguarding Children Board",
            match="exact",
        ),
        period=Timing(
            text="2007/08",
            kind="period",
            edtf="2007-04/2008-03",
            earliest=dt.date(2007, 4, 1),
            latest=dt.date(2008, 3, 31),
        ),
        columns=[
            ColumnMapping(column=0, header="No.", field="number", score=100, basis="header"),
            ColumnMapping(
                column=1, header="Lead parties", field="lead_parties", score=97.5, basis="header"
            ),
            ColumnMapping(column=2, header="", field="other", score=0, basis="none"),
        ],
        items=[
            Item(
                number="1",
                title="Domestic violence\nand children",
                kind="workstream",
                section="Theme 1: Safety",
                status=Status(text="On Target", value="on-track"),
                progress=["Mapped in 3 boroughs.", "Report to the May Board."],
                actions=[
                    Action(label="a", text='Map services, e.g. "DV Forum", across London'),
                    Action(label="b", text="Report back\nto the Board"),
                    Action(label=None, text="A bullet with no label"),
                ],
                outcomes=[
                    Outcome(labels=["a", "b"], text="Better services"),
                    Outcome(labels=[], text="Unlabelled outcome"),
                ],
                audience=[party("LSCBs", "lscbs", "Local Safeguarding Children Boards")],
                lead_parties=[
                    party(
                        "ALG",
                        "association-of-london-government",
                        "Association of London Government",
                        qualifier="DV Forum",
                    ),
                    party("Barnardo’s", "barnardos", "Barnardo's"),
                    party("Someone Unknown"),
                ],
                partners=[
                    party(
                        "Met Police", "metropolitan-police-service", "Metropolitan Police Service"
                    )
                ],
                timings=[
                    Timing(
                        text="by Dec 2007",
                        kind="deadline",
                        edtf="../2007-12",
                        latest=dt.date(2007, 12, 31),
                    ),
                    Timing(
                        text="Support activities delivered before Dec 2007",
                        subject="Support activities delivered",
                        kind="deadline",
                        edtf="../2007-11",
                        latest=dt.date(2007, 11, 30),
                    ),
                ],
                amounts=[
                    Amount(
                        text="London Councils: £80k",
                        value=80000.0,
                        party=party("London Councils", "london-councils", "London Councils"),
                    ),
                    Amount(
                        text="@£50k (£10k net)",
                        label="Projects budget",
                        value=50000.0,
                        approximate=True,
                        net_value=10000.0,
                    ),
                    Amount(text="Training Programme - £", value=None),
                    Amount(text="£1.25k", value=1250.5),
                ],
                cells={
                    "number": "1",
                    "title": "Domestic violence\nand children",
                    "lead_parties": "ALG – DV Forum, Barnardo’s\nSomeone Unknown",
                    "other": 'note, "quoted"',
                },
                location=Location(table=0, row=1),
            ),
            Item(
                number="2",
                title="Board meetings",
                kind="schedule",
                meetings=[
                    Timing(
                        text="19.4.07",
                        kind="date",
                        edtf="2007-04-19",
                        earliest=dt.date(2007, 4, 19),
                        latest=dt.date(2007, 4, 19),
                    ),
                    Timing(
                        text="First Chairs & Officers Meeting Begin May",
                        kind="start",
                        subject="First Chairs & Officers Meeting",
                        edtf="2007-05/..",
                        earliest=dt.date(2007, 5, 1),
                        year_inferred=True,
                    ),
                ],
                cells={"number": "2", "title": "Board meetings"},
                location=Location(table=1, row=0, page=3),
            ),
        ],
        warnings=[
            RecordWarning(
                code="amount.missing_value",
                message="“Training Programme - £” has no figure.",
                item="1",
                field="amounts",
            ),
            RecordWarning(
                code="party.unmatched",
                message="Someone Unknown is not in the vocabulary.",
                item="1",
                field="lead_parties",
            ),
            RecordWarning(
                code="timing.year_inferred",
                message="Year taken from the plan's period.",
                item="2",
                field="meetings",
            ),
            RecordWarning(code="source.note", message="A doubt about the whole document."),
        ],
        extractor=Extractor(version="0.1.0"),
    )


def lcpc_2004() -> WorkplanDocument:
    return WorkplanDocument(
        source=Source(
            path="samples/lcpc-workplan-2004.pdf",
            filename="lcpc-workplan-2004.pdf",
            format="pdf",
            sha256=SHA_B,
            size_bytes=54321,
            pages=4,
            converted_with=None,
        ),
        title="London Child Protection Committee Workplan 2004",
        items=[
            Item(
                number="1.2",
                title="Child trafficking",
                kind="workstream",
                lead_parties=[
                    party(
                        "Met Police", "metropolitan-police-service", "Metropolitan Police Service"
                    )
                ],
                timings=[
                    Timing(
                        text="Spring 2004",
                        kind="period",
                        edtf="2004-21",
                        earliest=dt.date(2004, 3, 1),
                        latest=dt.date(2004, 5, 31),
                    )
                ],
                cells={"number": "1.2", "title": "Child trafficking"},
                location=Location(table=0, row=3, page=2),
            )
        ],
        extractor=Extractor(version="0.1.0"),
    )


@pytest.fixture(scope="session")
def documents() -> list[WorkplanDocument]:
    """Built once: writers only read records, and hypothesis tests reuse the same fixture."""
    return [lscb_2007(), lcpc_2004()]
