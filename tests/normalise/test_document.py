"""normalise() on seed documents shaped as the item builder makes them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from normalise_helpers import assert_edtf_agrees, document, raw_item

from workplan_extract.normalise import WARNING_CODES, normalise, parse_period, timing_lines
from workplan_extract.normalise.embedded import find_in_line
from workplan_extract.records import WorkplanDocument
from workplan_extract.settings import Settings


def test_period_and_body_come_from_the_title(
    lscb: WorkplanDocument, lcpc: WorkplanDocument
) -> None:
    out = normalise(lscb, Settings())
    assert out.period is not None and out.body is not None
    assert (out.period.edtf, out.period.earliest, out.period.latest) == (
        "2007-04/2008-03",
        dt.date(2007, 4, 1),
        dt.date(2008, 3, 31),
    )
    assert (out.body.id, out.body.match) == ("london-safeguarding-children-board", "exact")
    old = normalise(lcpc, Settings())
    assert old.period is not None and old.body is not None
    assert (old.period.edtf, old.body.id) == ("2004", "london-child-protection-committee")


def test_an_unknown_body_and_a_title_without_a_year_are_warned_about() -> None:
    out = normalise(document("Zorvakid Workplan", []))
    assert out.period is None
    assert out.body is not None and (out.body.text, out.body.id) == ("Zorvakid", None)
    assert [w.code for w in out.warnings] == ["period.missing", "body.unmatched"]


def test_parties_are_rederived_from_the_cells(lscb: WorkplanDocument) -> None:
    item = normalise(lscb).items[0]
    assert [(p.text, p.qualifier, p.id) for p in item.lead_parties] == [
        ("London Board", None, "london-safeguarding-children-board"),
        ("London Councils", "supported by", "london-councils"),
    ]
    assert [(p.text, p.qualifier, p.id) for p in item.partners] == [
        ("GOL", "Children & Learners Division", "government-office-for-london")
    ]
    assert [p.id for p in item.audience] == ["lscb-chairs", "aldcs", None]


def test_timings_one_per_list_item(lscb: WorkplanDocument, lcpc: WorkplanDocument) -> None:
    first = normalise(lscb).items[0]
    assert [(t.text, t.kind, t.subject, t.edtf) for t in first.timings] == [
        ("Ongoing", "ongoing", None, None),
        (
            "Support activities delivered before Dec 2007",
            "deadline",
            "Support activities delivered",
            "../2007-11",
        ),
    ]
    sixth = normalise(lcpc).items[2]
    assert [t.edtf for t in sixth.timings] == ["2004-03", "2004-09"]


def test_meetings_are_parsed_and_the_typo_is_flagged(lcpc: WorkplanDocument) -> None:
    out = normalise(lcpc)
    schedule = out.items[-1]
    assert [m.edtf for m in schedule.meetings] == [
        "2004-01-07",
        "2004-04-21",
        "2004-07-07",
        "2004-10-06",
    ]
    repaired = [w for w in out.warnings if w.code == "timing.repaired"]
    assert [(w.item, w.field) for w in repaired] == [("12", "meetings")]


def test_year_inferred_is_warned_with_item_and_field(lcpc: WorkplanDocument) -> None:
    out = normalise(lcpc)
    conference = out.items[4]
    assert conference.timings[0].year_inferred is True
    assert conference.timings[0].edtf == "2004-05/.."
    assert [(w.item, w.field) for w in out.warnings if w.code == "timing.year_inferred"] == [
        ("11", "timings")
    ]


def test_amounts_from_every_cell(lscb: WorkplanDocument, lcpc: WorkplanDocument) -> None:
    resources = normalise(lscb).items[3]
    assert [(a.party.id if a.party else None, a.value) for a in resources.amounts] == [
        ("london-councils", 80_000),
        ("metropolitan-police-service", 240_000),
        ("government-office-for-london", 50_000),
    ]
    out = normalise(lcpc)
    assert [a.value for a in out.items[3].amounts] == [25_000, 50_000, None, 55_000]
    missing = [w for w in out.warnings if w.code == "amount.missing_value"]
    assert [(w.item, w.field) for w in missing] == [("10", "actions")]


def test_warnings_are_located_and_use_listed_codes(
    lscb: WorkplanDocument, lcpc: WorkplanDocument
) -> None:
    out = normalise(lscb)
    assert out.warnings[0].code == "outcome.label_without_action"  # the builder's is kept
    for warning in out.warnings[1:]:
        assert warning.code in WARNING_CODES
        assert warning.item is not None and warning.field is not None
    # Classes of bodies ("... networks/agencies", "Agencies/ professionals ...") match nothing
    # by nature: typed collective, no doubt to warn about.
    assert not [w for w in out.warnings if w.code == "party.unmatched"]
    # Nor do posts ("Service & IT managers in agencies") or classes ("Non-IRT pilot boroughs").
    assert not [w for w in normalise(lcpc).warnings if w.code == "party.unmatched"]


def test_every_edtf_agrees_with_its_bounds(lscb: WorkplanDocument, lcpc: WorkplanDocument) -> None:
    for doc in (normalise(lscb), normalise(lcpc)):
        assert doc.period is not None
        assert_edtf_agrees(doc.period)
        for item in doc.items:
            for timing in item.timings + item.meetings:
                assert_edtf_agrees(timing)


def test_normalising_twice_changes_nothing(lscb: WorkplanDocument, lcpc: WorkplanDocument) -> None:
    for doc in (lscb, lcpc):
        once = normalise(doc)
        assert normalise(once) == once


def test_the_input_is_not_modified(lscb: WorkplanDocument) -> None:
    before = lscb.model_dump_json()
    normalise(lscb)
    assert lscb.model_dump_json() == before


def test_the_result_is_a_valid_record(lcpc: WorkplanDocument) -> None:
    out = normalise(lcpc)
    assert WorkplanDocument.model_validate_json(out.model_dump_json()) == out


def test_user_vocabulary_files_are_used(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    path.write_text(
        json.dumps(
            {
                "entries": [
                    {
                        "id": "service-managers",
                        "name": "Service & IT managers in agencies",
                        "kind": "group",
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    doc = document(
        "Workplan 2004", [raw_item("1", "x", {"audience": "Service & IT managers in agencies"})]
    )
    assert normalise(doc).items[0].audience[0].id is None
    assert normalise(doc, Settings(vocab=(path,))).items[0].audience[0].id == "service-managers"


def test_timings_come_from_the_cells_not_from_earlier_records() -> None:
    # ``cells`` is lossless, so it is what the normaliser reads: timings a document already
    # carries are re-derived from it, and an item with no timing cell has none.
    doc = document("Workplan 2004", [raw_item("1", "x", {"timings": "May 2004"})])
    item = doc.items[0].model_copy(update={"cells": {"number": "1", "timings": "April 2004"}})
    out = normalise(doc.model_copy(update={"items": [item]}))
    assert [t.edtf for t in out.items[0].timings] == ["2004-04"]
    bare = doc.items[0].model_copy(update={"cells": {"number": "1"}})
    assert normalise(doc.model_copy(update={"items": [bare]})).items[0].timings == []


def test_timing_lines() -> None:
    assert timing_lines("March 2004\n\nSep 2004") == ["March 2004", "Sep 2004"]
    assert timing_lines("• Project final report\ndue 30th June 2007\n• Ongoing") == [
        "Project final report due 30th June 2007",
        "Ongoing",
    ]
    assert timing_lines("a) Q1 2007/08\nb) Q2 2007/08") == ["Q1 2007/08", "Q2 2007/08"]


def test_a_timing_wrapped_after_its_operator_is_one_timing() -> None:
    # Maidstone SCRAIP 2014: "Meeting held by" / "28 February 2014" in one Timetable cell.
    assert timing_lines("Meeting held by\n28 February 2014") == ["Meeting held by 28 February 2014"]
    assert timing_lines("Completed\nMarch 2014") == ["Completed", "March 2014"]
    assert timing_lines("Drafted November -\nFebruary") == ["Drafted November - February"]


def test_dates_inside_milestones_become_timings_when_there_is_no_timing_column() -> None:
    # Lancashire County Council, Annual Delivery Plan 2008/09 (realworld/tables): the dates
    # live inside the Milestone text, which maps to actions.
    milestones = {
        "C1.1.1": "Making sure governance structures for Team Lancashire are in place and "
        "operating effectively by June 2008",
        "C1.1.2": "Agreeing themes for service improvement and efficiencies (shared services) "
        "for Team Lancashire by July 2008",
        "C1.1.3": "Calculating potential efficiency savings arising from shared services for "
        "the county council by August 2008",
        "C1.1.4": "Agreeing the county council's specific priorities for joint working,",
    }
    items = [
        raw_item(str(n), title, {"actions": text})
        for n, (title, text) in enumerate(milestones.items(), start=1)
    ]
    out = normalise(document("Lancashire County Council Annual Delivery Plan 2008/09", items))
    got = [[(t.text, t.kind, t.edtf, t.subject) for t in item.timings] for item in out.items]
    assert got == [
        [
            (
                "by June 2008",
                "deadline",
                "../2008-06",
                "Making sure governance structures for Team Lancashire are in place and "
                "operating effectively",
            )
        ],
        [
            (
                "by July 2008",
                "deadline",
                "../2008-07",
                "Agreeing themes for service improvement and efficiencies (shared services) "
                "for Team Lancashire",
            )
        ],
        [
            (
                "by August 2008",
                "deadline",
                "../2008-08",
                "Calculating potential efficiency savings arising from shared services for "
                "the county council",
            )
        ],
        [],
    ]
    assert normalise(out) == out  # found again, not duplicated, when normalised twice


def test_a_timing_column_keeps_dates_inside_actions_out_of_the_timings(
    lscb: WorkplanDocument,
) -> None:
    item = raw_item("1", "x", {"actions": "Report by June 2008", "timings": "Ongoing"})
    out = normalise(document("Workplan 2007/08", [item]))
    assert [t.text for t in out.items[0].timings] == ["Ongoing"]
    # An item with no timing cell in a document that has timing cells gets no timings.
    other = raw_item("2", "y", {"actions": "Report by June 2008"})
    out = normalise(document("Workplan 2007/08", [item, other]))
    assert out.items[1].timings == []
    del lscb


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Report to the Board by the end of the financial year", [("deadline", "../2012-03")]),
        ("Launch the strategy in March 2012, then review it", [("date", "2012-03")]),
        ("Collect data from 2008 onwards", []),
        ("Deliver training in 2012", []),
        ("Phase 2 by June 2012 and phase 3 by March 2013", [("deadline", "../2012-06")]),
        ("Slipped from 5 July 2011 pending review", []),
        ("Reduce waiting times by 10%", []),
    ],
)
def test_only_phrases_the_grammar_reads_whole_are_found(
    text: str, found: list[tuple[str, str]]
) -> None:
    period = parse_period("Plan 2011/12")[0]
    assert [(t.kind, t.edtf) for t, _ in find_in_line(text, period)] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Maidstone Strategic Plan 2016-17 Action Plan, Milestones column.
        ("Adoption of Safeguarding Policy – July 2016", [("date", "2016-07")]),
        ("Implementation of action plan June 2016 – April 2017", [("period", "2016-06/2017-04")]),
        ("Identify viable projects – ongoing from May 2016", [("start", "2016-05/..")]),
        # A dash before something that is no whole date, or a bare year, gives nothing.
        ("Phase 2 – 2016", []),
        ("Priority 1 – Early help", []),
        ("Review – July 2016 onwards for staff", []),
    ],
)
def test_a_milestone_ending_with_a_dash_and_a_date(text: str, found: list[tuple[str, str]]) -> None:
    period = parse_period("Strategic Plan 2016-17 Action Plan")[0]
    assert [(t.kind, t.edtf) for t, _ in find_in_line(text, period)] == found
