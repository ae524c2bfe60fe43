"""Forms from the second collection of real cells (``data/realworld_parties_2.tsv``), one
test each, with the values decided by hand from SPEC (Parties 2.0)."""

from __future__ import annotations

import pytest

from workplan_extract.normalise import load_vocabulary, parse_period
from workplan_extract.normalise.cells import parse_parties
from workplan_extract.normalise.context import PlanContext
from workplan_extract.normalise.issuer import issuing_body, party_context, period_bounds
from workplan_extract.normalise.persons import read_person
from workplan_extract.records import PartyRef


def _context(title: str) -> PlanContext:
    vocabulary = load_vocabulary()
    period, span = parse_period(title)
    bounds = period_bounds(period)
    body, _ = issuing_body(title, span, vocabulary, bounds)
    return party_context(vocabulary, title, bounds, body)


def _read(cell: str, title: str) -> list[PartyRef]:
    return parse_parties(cell, load_vocabulary(), _context(title))[0]


def _body(title: str) -> str | None:
    period, span = parse_period(title)
    body, _ = issuing_body(title, span, load_vocabulary(), period_bounds(period))
    return body.id if body is not None else None


def test_a_body_after_a_dash_is_the_posts_not_the_plans() -> None:
    # In a Kent council's plan, a Surrey chief constable is Surrey Police's.
    [ref] = _read(
        "Chief Constable – Surrey Police", "Tonbridge and Malling Borough Council Plan 2025"
    )
    assert (ref.type, ref.sector, ref.of.id if ref.of else None) == (
        "role",
        "police",
        "surrey-police",
    )


def test_a_dashed_body_keeps_its_aside_as_qualifier() -> None:
    [ref] = _read(
        "Detective Chief Inspector - Cleveland Police (Crime / Child Protection)",
        "Stockton-on-Tees LSCB Minutes 2010",
    )
    assert ref.text == "Detective Chief Inspector - Cleveland Police"
    assert ref.qualifier == "Crime / Child Protection"
    assert ref.of is not None and ref.of.id == "cleveland-police"


def test_a_post_its_field_and_its_body_are_one_party() -> None:
    cell = "Service Director, Youth Families & Social Work, Nottinghamshire County Council"
    [ref] = _read(cell, "Nottinghamshire Safeguarding Children Board Minutes 2016")
    assert ref.text == cell
    assert ref.of is not None and ref.of.id == "nottinghamshire-county-council"
    assert (ref.sector, ref.place.code if ref.place else None) == ("local-government", "E10000024")


def test_a_persons_body_after_a_comma_is_their_affiliation() -> None:
    [ref] = _read("DCI Richie Weber, South Wales Police", "Bridgend Council Scrutiny 2019")
    assert (ref.text, ref.type, ref.id) == ("DCI Richie Weber", "person", None)
    assert ref.of is not None and ref.of.id == "south-wales-police"


def test_a_post_then_a_field_keeps_the_field_as_qualifier() -> None:
    [ref] = _read("Commander, Criminal Justice", "Metropolitan Police Service Minutes 2004")
    assert (ref.text, ref.qualifier, ref.type, ref.sector) == (
        "Commander",
        "Criminal Justice",
        "role",
        "police",
    )


@pytest.mark.parametrize(
    ("cell", "title"),
    [
        ("Head of Housing and Health.", "Tonbridge and Malling Borough Council Plan 2025"),
        ("Director of Customer and Community Services", "Cambridge City Council Plan 2014"),
        (
            "Housing and Strategic Health Partnerships Portfolio Holder",
            "Epping Forest District Council Plan 2021/22",
        ),
        (
            "Executive Member for Adult Services, Health and Housing",
            "Bracknell Forest Council Plan 2020",
        ),
    ],
)
def test_a_councils_own_officers_and_members_are_local_government(cell: str, title: str) -> None:
    [ref] = _read(cell, title)
    assert (ref.type, ref.sector) == ("role", "local-government")


def test_a_clinician_in_a_councils_plan_stays_in_health() -> None:
    [ref] = _read("Designated Nurse", "Slough Borough Council Plan 2012/13")
    assert ref.sector == "health"


def test_a_field_after_director_of_is_not_a_party() -> None:
    cell = "Director of Planning, Housing and Environmental Health"
    [ref] = _read(cell, "Tonbridge and Malling Borough Council Plan 2025")
    assert (ref.text, ref.sector) == (cell, "local-government")


def test_a_place_joined_by_ampersand_is_no_persons_name() -> None:
    assert read_person("Brighton & Hove CCG") is None
    assert read_person("Nancy Barber") is not None


def test_police_ranks_are_titles() -> None:
    found = read_person("DCI Richie Weber")
    assert found is not None and found.end == len("DCI Richie Weber")


@pytest.mark.parametrize("cell", ["Surrey Police Authority", "Sussex Police & Crime Commissioner"])
def test_a_police_authority_or_commissioner_is_not_the_force(cell: str) -> None:
    [ref] = _read(cell, "Slough LSCB Business Plan 2012/13")
    assert ref.text == cell
    assert ref.id is None
    assert ref.of is None or ref.of.id != "thames-valley-police"


def test_a_post_for_another_area_takes_no_body_from_the_plan() -> None:
    [ref] = _read(
        "Police and Crime Commissioner for Dyfed-Powys", "Slough LSCB Business Plan 2012/13"
    )
    assert ref.of is None


def test_nhs_place_names_the_body_of_the_plans_years_or_none() -> None:
    # "NHS Bassetlaw" in 2016 is its CCG, the register's 02Q entry (from April 2013); in 2012
    # it was the PCT, which the register does not place in Bassetlaw: no match, rather than
    # the CCG of later years.
    title = "Bassetlaw District Council Plan"
    later = _read("NHS Bassetlaw", f"{title} 2016")[0]
    assert later.id == "bassetlaw-ccg"
    earlier = _read("NHS Bassetlaw", f"{title} 2012")[0]
    assert (earlier.id, earlier.sector) == (None, "health")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Surrey Police Authority Action Plan for SPA Self-Assessment 2007", None),
        ("Sussex Police & Crime Commissioner Safer in Sussex Police & Crime Plan 2014/2017", None),
        (
            "Special Measures Action Plan The Queen Elizabeth Hospital King’s Lynn NHS "
            "Foundation Trust 2015",
            "the-queen-elizabeth-hospital-kings-lynn-nhs-foundation-trust",
        ),
        ("Slough LSCB Business Plan 2012/13", "slough-lscb"),
    ],
)
def test_issuing_bodies_from_real_titles(title: str, expected: str | None) -> None:
    assert _body(title) == expected


def test_other_bodies_get_their_sector() -> None:
    title = "Stockton-on-Tees LSCB Minutes 2010"
    assert _read("Primary Care Trusts", title)[0].sector == "health"
    crc = _read("Kent Surrey & Sussex Community Rehabilitation Company", title)[0]
    assert (crc.type, crc.sector) == ("organisation", "justice")


def test_plural_committees_are_groups_not_a_persons_name() -> None:
    # Isle of Wight Council, action plan on the select committee process (June 2002): two
    # capitalised words read as a name made "Select Committees" a person and the post after
    # the comma its qualifier.
    assert read_person("Select Committees") is None
    refs = _read(
        "Select Committees, Head of Select Committee Support", "Isle of Wight Council Action Plan"
    )
    assert [(r.text, r.type) for r in refs] == [
        ("Select Committees", "group"),
        ("Head of Select Committee Support", "role"),
    ]
    assert [r.type for r in _read("Scrutiny Panels", "Isle of Wight Council Action Plan")] == [
        "group"
    ]


def test_a_persons_department_code_after_a_comma_is_their_affiliation() -> None:
    # Lead cell of a Scottish council's Corporate Parenting Action Plan 2012-2015: one lead a
    # line; "SC&WB" (Social Care and Wellbeing) is each officer's department, not a lead.
    refs = _read(
        "Chief Executive\nElected Members\nKay Dunn, SC&WB\nNatalija Clark, SC&WB",
        "Corporate Parenting Action Plan 2012-2015",
    )
    assert [(r.text, r.type) for r in refs] == [
        ("Chief Executive", "role"),
        ("Elected Members", "role"),
        ("Kay Dunn", "person"),
        ("Natalija Clark", "person"),
    ]
    assert [(r.of.id, r.of.name) for r in refs[2:] if r.of] == [(None, "SC&WB")] * 2
    # Mid-line, a code between two names stays a party of its own.
    names = _read("Kay Dunn, SC&WB, Jim Reeves", "Corporate Parenting Action Plan 2012-2015")
    assert [r.text for r in names] == ["Kay Dunn", "SC&WB", "Jim Reeves"]
