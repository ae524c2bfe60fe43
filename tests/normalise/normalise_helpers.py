"""Documents shaped as the item builder hands them to the normaliser, taken from the seeds."""

from __future__ import annotations

import datetime as dt
import functools

from edtf import parse_edtf

from workplan_extract.records import (
    Extractor,
    Item,
    ItemKind,
    Location,
    PartyRef,
    Source,
    Timing,
    WorkplanDocument,
)
from workplan_extract.records import (
    Warning as WarningRecord,
)

PARTY_FIELDS = ("audience", "lead_parties", "partners")


def raw_item(
    number: str,
    title: str,
    cells: dict[str, str],
    kind: ItemKind = "workstream",
    meetings: tuple[str, ...] = (),
) -> Item:
    """An item as the builder makes it: placeholder spans, one per line of each cell."""
    lines = {
        field: [ln.strip() for ln in text.split("\n") if ln.strip()]
        for field, text in cells.items()
    }
    return Item(
        number=number,
        title=title,
        kind=kind,
        cells={"number": number, "title": title, **cells},
        audience=[PartyRef(text=t) for t in lines.get("audience", [])],
        lead_parties=[PartyRef(text=t) for t in lines.get("lead_parties", [])],
        partners=[PartyRef(text=t) for t in lines.get("partners", [])],
        timings=[Timing(text=t.removeprefix("• ")) for t in lines.get("timings", [])],
        meetings=[Timing(text=t) for t in meetings],
        location=Location(table=0, row=int(number)),
    )


def document(
    title: str, items: list[Item], warnings: list[WarningRecord] | None = None
) -> WorkplanDocument:
    return WorkplanDocument(
        source=Source(path="x.txt", filename="x.txt", format="txt", sha256="0" * 64, size_bytes=1),
        title=title,
        items=items,
        warnings=warnings or [],
        extractor=Extractor(version="0.1.0"),
    )


def lscb_document() -> WorkplanDocument:
    """Rows of the 2007/08 London Safeguarding Children Board workplan."""
    audience = "LSCB Chairs, ALDCS, London Safeguarding Children Professionals’ networks/agencies"
    return document(
        "London Safeguarding Children Board Workplan 2007/08",
        [
            raw_item(
                "1",
                "Supporting London Safeguarding Children Boards",
                {
                    "audience": audience,
                    "lead_parties": "London Board supported by London Councils",
                    "partners": "• GOL Children & Learners Division",
                    "timings": "• Ongoing\n• Support activities delivered before Dec 2007",
                },
            ),
            raw_item(
                "3",
                "Progressing Safeguarding Children Joint-initiatives",
                {
                    "audience": audience,
                    "lead_parties": "London Board supported by London Councils",
                    "partners": "• Board member agencies\n"
                    "• Agencies/ professionals with specific expertise",
                    "timings": "• Ongoing \n• CDRPs & SCRs before autumn 2007",
                },
            ),
            raw_item(
                "6",
                "Facilitating Strategic Intelligence Group",
                {
                    "audience": "Participating boroughs & their local communities,\n"
                    "LSCB Chairs & ALDCS "
                    "and London Safeguarding Children Professionals’ networks/agencies",
                    "lead_parties": "London Board supported by London Councils,\n"
                    "participating LAs, DfES, HO",
                    "partners": "• Participating LAs",
                    "timings": "• Project  final report due  30th June 2007",
                },
            ),
            raw_item(
                "11",
                "Resources & Budget",
                {
                    "actions": "Resources:\n• London Board Manager\n"
                    "London Councils: £80k plus additional support in kind e.g. admin for the "
                    "Procedures & conferences, rooms for meetings, website maintenance\n"
                    "MPS : £240k plus support in kind e.g. admin & rooms for meetings & networks\n"
                    "GOL: @£50k plus support in kind e.g. admin & rooms for meetings & networks\n"
                    "CSIP: support for networks",
                    "lead_parties": "London Councils, MPS, GOL & CSIP",
                    "partners": "GOL & CSIP: project finance;",
                },
                kind="resources",
            ),
            raw_item(
                "12",
                "London Board Meetings Schedule",
                {
                    "title": "London Board Meetings Schedule\n"
                    "19.4.07\n19.7.07\n25.10.07\nJanuary 08",
                },
                kind="schedule",
                meetings=("19.4.07", "19.7.07", "25.10.07", "January 08"),
            ),
        ],
        warnings=[
            WarningRecord(
                code="outcome.label_without_action",
                message="d has no action",
                item="7",
                field="outcomes",
            )
        ],
    )


def lcpc_document() -> WorkplanDocument:
    """Rows of the 2004 London Child Protection Committee workplan."""
    return document(
        "London Child Protection Committee Workplan 2004",
        [
            raw_item(
                "1",
                "Safeguarding Boards",
                {
                    "audience": "ACPCs – Chairs & \nCo-ordinators",
                    "lead_parties": "ALG",
                    "timings": "Begin Jan 2004",
                },
            ),
            raw_item(
                "3",
                "Inter-agency Communication",
                {
                    "lead_parties": "ALG\nALG  – DV Forum\n"
                    "MPS, ALG, Barnardos – Sexual Exploitation "
                    "Steering Group\nMPS",
                    "timings": "Ongoing",
                },
            ),
            raw_item(
                "6",
                "Information Sharing (IRT)",
                {
                    "audience": "Service & IT managers in agencies\nNon-IRT pilot boroughs",
                    "lead_parties": "ALG, London Connects, NHS, DfES & Boroughs",
                    "timings": "March 2004\nSep 2004",
                },
            ),
            raw_item(
                "10",
                "Resources & Budget",
                {
                    "actions": "Resources:\n• Future funding arrangements\n"
                    "Budget 2003/4 expenditure:\n"
                    "Projects budget - £25k\nConference cost - £50k (£10k net)\n"
                    "Training Programme - £\n"
                    "Procedures - £55k\nNCH/MPS/ALG Staffing",
                    "partners": "ALG, MPS, Boroughs, NHS, NCH, Courts, Probation",
                },
                kind="resources",
            ),
            raw_item("11", "Conference", {"lead_parties": "ALG", "timings": "Begin May"}),
            raw_item(
                "12",
                "Meetings Schedule",
                {
                    "actions": "LCPC dates for 2pm meetings:\n7.1.04\n21.4.04\n7.7.04\n610.04",
                },
                kind="schedule",
                meetings=("7.1.04", "21.4.04", "7.7.04", "610.04"),
            ),
        ],
    )


def _bound(value: object) -> dt.date | None:
    if isinstance(value, float):  # edtf gives +/-inf for an open end
        return None
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday)  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=4096)
def edtf_bounds(edtf: str) -> tuple[dt.date | None, dt.date | None]:
    """Bounds of an EDTF string as the edtf package reads them (cached: parsing is slow)."""
    parsed = parse_edtf(edtf)
    return _bound(parsed.lower_strict()), _bound(parsed.upper_strict())


def assert_edtf_agrees(timing: Timing) -> None:
    """The EDTF string parses with the edtf package and has the same bounds as the record.

    A recurring timing's EDTF is its first date, and it has no bounds (SPEC "Timings 2.0").
    """
    if timing.kind == "recurring":
        assert timing.earliest is None and timing.latest is None
        if timing.edtf is not None:
            edtf_bounds(timing.edtf)
        return
    if timing.edtf is None:
        assert timing.earliest is None and timing.latest is None
        return
    assert edtf_bounds(timing.edtf) == (timing.earliest, timing.latest), timing
