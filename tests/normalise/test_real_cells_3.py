"""Rules found from the misses of the real cells (``data/realworld_parties_2.tsv``): a post
placed by the body it names, a body's initials in its area, regions, a force's area, boards of
their own. Values decided by hand from SPEC (Parties 2.0) and the register's codes."""

from __future__ import annotations

import pytest

from workplan_extract.normalise import load_vocabulary, parse_period
from workplan_extract.normalise.cells import parse_parties
from workplan_extract.normalise.context import PlanContext
from workplan_extract.normalise.issuer import issuing_body, party_context, period_bounds
from workplan_extract.normalise.regions import derived_place, government_office, region
from workplan_extract.normalise.roles import read_role
from workplan_extract.records import PartyRef

NOTTS_2016 = "Nottinghamshire Safeguarding Children Board Full Board Minutes 2016"
WALES_2019 = "Policing Board for Wales Minutes 2019"


def _context(title: str) -> PlanContext:
    vocabulary = load_vocabulary()
    period, span = parse_period(title)
    bounds = period_bounds(period)
    body, _ = issuing_body(title, span, vocabulary, bounds)
    return party_context(vocabulary, title, bounds, body)


def _read(cell: str, title: str) -> list[PartyRef]:
    return parse_parties(cell, load_vocabulary(), _context(title))[0]


def _typed(ref: PartyRef) -> tuple[str, str | None, str | None, str | None]:
    return (ref.type, ref.sector, ref.place.code if ref.place else None, ref.id)


@pytest.mark.parametrize(
    "cell",
    [
        "Chief Nurse, Bassetlaw CCG",
        "Head of Children’s Nursing, NHS Bassetlaw CCG",
        "Nurse Consultant Safeguarding, NHS Bassetlaw Clinical Commissioning Group",
    ],
)
def test_a_post_takes_the_place_of_the_body_it_names(cell: str) -> None:
    [ref] = _read(cell, NOTTS_2016)
    assert _typed(ref) == ("role", "health", "E07000171", None)
    assert ref.of is not None and ref.of.id == "bassetlaw-ccg"


def test_a_body_serving_one_area_it_is_named_for_is_placed_there() -> None:
    [ref] = _read("Bassetlaw CCG", NOTTS_2016)
    assert _typed(ref) == ("organisation", "health", "E07000171", "bassetlaw-ccg")
    places = load_vocabulary().places
    # NHS Nottingham West CCG served Broxtowe only, which its name does not say: no place.
    assert derived_place("NHS Nottingham West CCG", "ccg", ("E07000172",), places) is None
    assert derived_place("NHS Bassetlaw CCG", "ccg", ("E07000171",), places) is not None


def test_the_body_written_decides_a_posts_sector_over_its_field() -> None:
    # "Social Care" is a council's field, but the post is the NHS trust's.
    cell = "Associate Director for Safeguarding & Social Care, Nottinghamshire Healthcare NHS Trust"
    [ref] = _read(cell, NOTTS_2016)
    assert (ref.type, ref.sector) == ("role", "health")
    [ref] = _read("Head of Crime and Justice Team, Welsh Government", WALES_2019)
    assert (ref.type, ref.sector) == ("role", "central-government")


def test_a_local_government_association_is_local_government() -> None:
    [ref] = _read("Chief Executive, Welsh Local Government Association", WALES_2019)
    assert (ref.type, ref.sector) == ("role", "local-government")
    [ref] = _read("Welsh Local Government Association", WALES_2019)
    assert (ref.type, ref.sector) == ("organisation", "local-government")


def test_a_bodys_initials_name_it_in_its_own_area_only() -> None:
    [ref] = _read(
        "Director of Prevention and Protection, ESFRS", "Brighton & Hove LSCB Board Minutes 2014"
    )
    assert _typed(ref) == ("role", "fire", "E31000014", None)
    assert ref.of is not None and ref.of.id == "east-sussex-fire-and-rescue-service"
    [ref] = _read("ESFRS", "Brighton & Hove LSCB Board Minutes 2014")
    assert (ref.id, ref.match) == ("east-sussex-fire-and-rescue-service", "context")
    # Outside East Sussex the same letters are nobody's.
    [ref] = _read("ESFRS", NOTTS_2016)
    assert ref.id is None
    # and with no area there is no guessing
    [ref] = _read("ESFRS", WALES_2019)
    assert ref.id is None


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("Police and Crime Commissioner for Dyfed-Powys", "W15000004"),
        ("Deputy Police and Crime Commissioner for North Wales", "W15000001"),
        ("Deputy Police and Crime Commissioner for South Wales", "W15000003"),
        ("Chief Executive, Gwent Police and Crime Commissioner’s Team", "W15000002"),
    ],
)
def test_a_police_post_is_placed_in_the_force_area_it_names(cell: str, code: str) -> None:
    [ref] = _read(cell, WALES_2019)
    assert _typed(ref) == ("role", "police", code, None)


def test_a_police_post_naming_no_one_force_area_gets_no_place() -> None:
    [ref] = _read("Police and Crime Commissioner", WALES_2019)
    assert ref.place is None


@pytest.mark.parametrize(
    "cell", ["Government Office North East", "Government Office for the North East"]
)
def test_a_government_office_is_placed_in_its_region(cell: str) -> None:
    [ref] = _read(cell, "Stockton-on-Tees LSCB Minutes 2010")
    assert _typed(ref) == ("organisation", "central-government", "E12000001", None)


def test_region_names() -> None:
    assert region("south west") is not None and region("south west").code == "E12000009"
    assert region("south west peninsula") is None
    assert government_office("government office for london") is not None
    assert government_office("government office team") is None


def test_a_regional_sha_is_placed_in_its_region_not_a_part_of_one() -> None:
    cell = "NE Child & Maternal Health Service Advisor - NHS North East Strategic Health Authority"
    [ref] = _read(cell, "Stockton-on-Tees LSCB Minutes 2010")
    assert (ref.type, ref.sector, ref.place.code if ref.place else None) == (
        "role",
        "health",
        "E12000001",
    )
    by_id = load_vocabulary().by_id
    assert by_id["north-east-sha"].place is not None
    assert by_id["north-east-sha"].place.code == "E12000001"
    # North East London SHA (2002-2006) served part of London, not the North East region.
    assert by_id["north-east-london-sha"].place is None


@pytest.mark.parametrize(
    ("cell", "title"),
    [
        ("Plymouth 2020 Board", "Plymouth City Council Forward Plan 2011"),
        ("Local Public Service Board", "Policing Board for Wales Minutes 2019"),
    ],
)
def test_a_board_of_its_own_is_a_partnership(cell: str, title: str) -> None:
    [ref] = _read(cell, title)
    assert (ref.type, ref.sector) == ("organisation", "partnership")


def test_a_plural_post_and_a_group_word_make_a_group() -> None:
    assert read_role("Directors Group") is None
    assert read_role("Executive Director People") is not None
    assert read_role("Chair Executive Board") is not None
    title = "Isle of Wight Council Forward Plan November 2003 to February 2004"
    refs = _read("Directors Group, Heads of Service, Portfolio Holders", title)
    assert [(r.text, r.type) for r in refs] == [
        ("Directors Group", "group"),
        ("Heads of Service", "role"),
        ("Portfolio Holders", "role"),
    ]


NORFOLK_2015 = "Norfolk Safeguarding Adults Board Minutes 2015"
SALFORD_2016 = "Salford Safeguarding Adult Board Minutes 2016"


def test_a_code_differing_from_a_code_is_no_misspelling() -> None:
    # "CVS" (council for voluntary service) is not "CSP" (community safety partnership).
    [ref] = _read("Salford CVS", SALFORD_2016)
    assert ref.id is None
    assert (ref.sector, ref.place.code if ref.place else None) == ("voluntary", "E08000006")
    [ref] = _read("Deputy Chief Exec, Salford CVS", SALFORD_2016)
    assert _typed(ref) == ("role", "voluntary", "E08000006", None)


def test_board_after_one_common_word_is_another_body() -> None:
    title = "Armagh City, Banbridge and Craigavon Borough Council Policing and Community Safety Partnership 2024"
    [ref] = _read("Probation Board", title)
    assert (ref.text, ref.id, ref.sector) == ("Probation Board", None, "justice")
    # a named body's board is still that body's
    [ref] = _read("NHS Plymouth Board", "Plymouth City Council Forward Plan 2011")
    assert ref.text == "NHS Plymouth"


@pytest.mark.parametrize(
    ("cell", "posts"),
    [
        ("Head of Quality/Chief Nurse", ["Head of Quality", "Chief Nurse"]),
        (
            "Head of Housing and Community Safety/ Legal and Secretariat Manager",
            ["Head of Housing and Community Safety", "Legal and Secretariat Manager"],
        ),
    ],
)
def test_posts_joined_by_a_slash_are_one_party_each(cell: str, posts: list[str]) -> None:
    refs = _read(cell, "Midlothian Shadow Police and Fire & Rescue Board Minutes 2012")
    assert [(r.text, r.type) for r in refs] == [(post, "role") for post in posts]


def test_a_slash_inside_a_post_does_not_split_it() -> None:
    [ref] = _read("Head of Policy/Performance", NORFOLK_2015)
    assert ref.text == "Head of Policy/Performance"


@pytest.mark.parametrize("cell", ["Governor, HMP Norwich", "Governor, Norwich Prison"])
def test_a_prison_is_named_for_its_place(cell: str) -> None:
    [ref] = _read(cell, NORFOLK_2015)
    assert _typed(ref) == ("role", "justice", "E07000148", None)


def test_assistants_and_chief_execs_are_posts() -> None:
    assert read_role("Administrative Assistant") is not None
    assert read_role("Deputy Chief Exec") is not None


def test_a_health_and_social_care_trust_is_health() -> None:
    [ref] = _read("Health and Social Care Trust", NORFOLK_2015)
    assert (ref.type, ref.sector) == ("organisation", "health")


def test_a_post_dashed_from_a_group_of_bodies_is_theirs() -> None:
    cell = "Senior Nurse and Safeguarding Adults Lead – Norfolk Clinical Commissioning Groups"
    [ref] = _read(cell, NORFOLK_2015)
    assert _typed(ref) == ("role", "health", "E10000020", None)


def test_a_town_on_a_river_is_also_called_by_the_towns_name() -> None:
    places = load_vocabulary().places
    assert [p.code for p in places.find("safer stockton partnership")] == ["E06000004"]
    assert places.find("stoke") and places.find("stoke")[0].name == "Stoke-on-Trent"
    # "Newcastle" is upon Tyne and under Lyme: neither; "Stratford" is also Newham's.
    assert places.find("newcastle") == ()
    assert places.find("stratford") == ()
    [ref] = _read("Safer Stockton Partnership", "Stockton YOT Management Board Minutes 2014")
    assert (ref.sector, ref.place.code if ref.place else None) == ("partnership", "E06000004")


@pytest.mark.parametrize(
    ("cell", "sector", "of_id"),
    [
        ("Local Partnership Adviser, YJB", "justice", "youth-justice-board"),
        ("Legal Team Manager, Teesside Magistrates Court", "justice", None),
    ],
)
def test_a_body_after_a_post_named_by_common_words_is_its_body(
    cell: str, sector: str, of_id: str | None
) -> None:
    [ref] = _read(cell, "Stockton YOT Management Board Minutes 2014")
    assert (ref.text, ref.type, ref.sector, ref.id) == (cell, "role", sector, None)
    assert ref.of is not None and ref.of.id == of_id


def test_a_post_of_a_placed_body_that_is_no_entry_takes_its_place() -> None:
    [ref] = _read(
        "Chair of the Safer Stockton Partnership", "Stockton YOT Management Board Minutes 2014"
    )
    assert _typed(ref) == ("role", "partnership", "E06000004", None)
    assert ref.of is not None and (ref.of.id, ref.of.name) == (None, "Safer Stockton Partnership")


def test_a_probation_post_is_placed_in_the_area_it_names() -> None:
    # West Yorkshire's probation area and trust share the force area E23000010.
    title = "Calderdale Youth Offending Team Management Board Minutes 2012"
    [ref] = _read("Partnerships Manager, West Yorkshire Probation Service", title)
    assert _typed(ref) == ("role", "justice", "E23000010", None)


def test_three_letters_are_no_bodys_initials() -> None:
    # "SPA" in a Stoke plan is a single point of access, not Staffordshire Probation Area.
    [ref] = _read("SPA", "Stoke-on-Trent Safeguarding Children Board Business Plan 2008/09")
    assert ref.id is None


def test_a_short_name_that_begins_another_places_name_names_neither() -> None:
    # "Richmond" is Richmond upon Thames's short name, and the town of Richmondshire too.
    vocabulary = load_vocabulary(())
    assert vocabulary.places.read("richmond") is None
    assert vocabulary.places.read("stockton") is not None
