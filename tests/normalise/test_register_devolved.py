"""Devolved and national bodies of the shipped register (``devolved-bodies.tsv`` and
``register-amendments.tsv``): their facts, and real cell strings read against them.

Cell strings are from published papers cited in the sources' headers: the Safeguarding Board for
Northern Ireland's minutes of 26 March 2015 ("PSNI", "Acting Director, PBNI", "BHSCT"), South
East Wales, North Wales and Mid and West Wales board papers ("SEWSCB", "NWSCB", "CYSUR").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workplan_extract.normalise import load_vocabulary
from workplan_extract.normalise.cells import parse_parties
from workplan_extract.normalise.context import NO_CONTEXT, PlanContext
from workplan_extract.normalise.vocab import Vocabulary

DATA = Path(__file__).resolve().parents[2] / "src" / "workplan_extract" / "normalise" / "data"
NI_2015 = PlanContext(earliest="2015-04-01", latest="2016-03-31")
NI_2005 = PlanContext(earliest="2005-04-01", latest="2006-03-31")
NEWPORT = "W06000022"
NEWPORT_2010 = PlanContext(earliest="2010-04-01", latest="2011-03-31", areas=(NEWPORT,))
NEWPORT_2015 = PlanContext(earliest="2015-04-01", latest="2016-03-31", areas=(NEWPORT,))
CEOP = "child-exploitation-and-online-protection-centre"
GLASGOW_2010 = PlanContext(earliest="2010-04-01", latest="2011-03-31", areas=("S12000046",))


@pytest.fixture(scope="module")
def entries() -> dict[str, dict[str, Any]]:
    register = json.loads((DATA / "register.json").read_text(encoding="utf-8"))
    return {e["id"]: e for e in register["entries"]}


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return load_vocabulary()


def read(
    text: str, vocabulary: Vocabulary, context: PlanContext = NO_CONTEXT
) -> list[tuple[str, str | None, str | None, list[str]]]:
    refs, warnings = parse_parties(text, vocabulary, context)
    codes = [w.code for w in warnings]
    return [(r.type, r.id, r.of.id if r.of else None, codes) for r in refs]


def test_northern_ireland_health_bodies_by_era(entries: dict[str, dict[str, Any]]) -> None:
    trusts = [e for e in entries.values() if e["id"].endswith("-hsc-trust")]
    assert len(trusts) == 5
    assert {e["valid_from"] for e in trusts} == {"2007-04-01"}
    boards = [e for e in entries.values() if e["id"].endswith("-health-and-social-services-board")]
    assert len(boards) == 4
    assert {(e["valid_to"], e["successor"]) for e in boards} == {
        ("2009-03-31", "health-and-social-care-board")
    }
    hscb = entries["health-and-social-care-board"]
    assert (hscb["valid_from"], hscb["valid_to"]) == ("2009-04-01", "2022-03-31")
    assert len(hscb["predecessors"]) == 4


def test_police_service_of_northern_ireland_follows_the_ruc(
    entries: dict[str, dict[str, Any]],
) -> None:
    psni = entries["police-service-of-northern-ireland"]
    assert "PSNI" in psni["aliases"] and psni["valid_from"] == "2001-11-04"
    ruc = entries["royal-ulster-constabulary"]
    assert (ruc["valid_to"], ruc["successor"]) == ("2001-11-03", psni["id"])
    assert ruc["place"] == {"name": "Northern Ireland", "code": None}


def test_welsh_regional_boards_took_over_the_local_boards(
    entries: dict[str, dict[str, Any]],
) -> None:
    sewscb = entries["south-east-wales-safeguarding-children-board"]
    assert sewscb["valid_from"] == "2013-04-01" and NEWPORT in sewscb["serves"]
    assert len(sewscb["predecessors"]) == 5
    newport = entries["newport-lscb"]
    assert (newport["valid_to"], newport["successor"]) == ("2013-03-31", sewscb["id"])
    north = entries["north-wales-safeguarding-children-board"]
    assert north["valid_from"] == "2014-09-23"
    assert entries["wrexham-lscb"]["valid_to"] == "2014-09-22"
    # Bridgend left Western Bay for Cwm Taf (Morgannwg) in 2019; both Powys codes are served.
    assert "W06000013" not in entries["west-glamorgan-safeguarding-board"]["serves"]
    assert "W06000013" in entries["cwm-taf-morgannwg-safeguarding-board"]["serves"]
    assert entries["western-bay-safeguarding-board"]["valid_to"] == "2019-03-31"
    cysur = entries["mid-and-west-wales-safeguarding-children-board"]
    assert {"W06000007", "W06000023"} <= set(cysur["serves"])
    # Boards without a cited start stay undated rather than guessed.
    assert "valid_from" not in entries["cardiff-and-vale-regional-safeguarding-children-board"]


def test_scottish_fire_services_and_health_boards_before_the_mergers(
    entries: dict[str, dict[str, Any]],
) -> None:
    fire = [
        e
        for e in entries.values()
        if e["body"] == "fire-service" and e.get("successor") == "scottish-fire-and-rescue-service"
    ]
    assert len(fire) == 8
    assert {e["valid_to"] for e in fire} == {"2013-03-31"}
    # Between them they serve every council the national service serves, each exactly once.
    served = [c for e in fire for c in e["serves"]]
    assert len(served) == len(set(served))
    assert set(served) == set(entries["scottish-fire-and-rescue-service"]["serves"])
    glasgow = entries["greater-glasgow-and-clyde-health-board"]
    assert set(glasgow["predecessors"]) >= {
        "argyll-and-clyde-health-board",
        "greater-glasgow-health-board",
    }


def test_ukhsa_succeeds_public_health_england(entries: dict[str, dict[str, Any]]) -> None:
    phe = entries["public-health-england"]
    assert (phe["valid_to"], phe["successor"]) == ("2021-09-30", "uk-health-security-agency")
    assert entries["uk-health-security-agency"]["valid_from"] == "2021-04-01"


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        (
            "PSNI, Barnardos, NSPCC",
            NI_2015,
            ["police-service-of-northern-ireland", "barnardos", "nspcc"],
        ),
        (
            "Police Service of Northern Ireland (PSNI)",
            NI_2015,
            ["police-service-of-northern-ireland"],
        ),
        ("SBNI", NI_2015, ["safeguarding-board-for-northern-ireland"]),
        (
            "Eastern Health and Social Services Board",
            NI_2005,
            ["eastern-health-and-social-services-board"],
        ),
        ("Belfast Trust", NI_2015, ["belfast-hsc-trust"]),
        ("SEWSCB", NEWPORT_2015, ["south-east-wales-safeguarding-children-board"]),
        ("NWSCB", NO_CONTEXT, ["north-wales-safeguarding-children-board"]),
        ("CYSUR", NO_CONTEXT, ["mid-and-west-wales-safeguarding-children-board"]),
        ("Strathclyde Fire & Rescue", GLASGOW_2010, ["strathclyde-fire-and-rescue"]),
        ("NHS Argyll and Clyde", NO_CONTEXT, ["argyll-and-clyde-health-board"]),
        ("UKHSA", NO_CONTEXT, ["uk-health-security-agency"]),
    ],
)
def test_real_spellings_find_their_bodies(
    vocabulary: Vocabulary, text: str, context: PlanContext, expected: list[str]
) -> None:
    assert [ref[1] for ref in read(text, vocabulary, context)] == expected


def test_posts_are_of_the_new_bodies(vocabulary: Vocabulary) -> None:
    assert read("Acting Director, PBNI", vocabulary, NI_2015) == [
        ("role", None, "probation-board-for-northern-ireland", [])
    ]
    assert read("Director of Child Care, Belfast Trust", vocabulary, NI_2015)[0][2] == (
        "belfast-hsc-trust"
    )


def test_generic_board_of_a_welsh_area_follows_the_years(vocabulary: Vocabulary) -> None:
    # Newport's own LSCB until March 2013, the South East Wales board after it.
    assert read("Safeguarding Board", vocabulary, NEWPORT_2010)[0][1] == "newport-lscb"
    assert read("Safeguarding Board", vocabulary, NEWPORT_2015)[0][1] == (
        "south-east-wales-safeguarding-children-board"
    )
    assert read("Fire and Rescue Service", vocabulary, GLASGOW_2010)[0][1] == (
        "strathclyde-fire-and-rescue"
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # H-area boards' initials and the Health and Social Care Board: no date tells them apart.
        ("HSCB", "party.ambiguous"),
        # "Southern Trust" is an NI trust in Belfast and an NHS trust in Hampshire: never guessed.
        ("Southern Trust", "party.unmatched"),
        ("Western Trust", "party.unmatched"),
        ("North Wales", "party.unmatched"),
    ],
)
def test_short_forms_stay_unmatched(vocabulary: Vocabulary, text: str, code: str) -> None:
    [(_, eid, _, codes)] = read(text, vocabulary, NI_2015)
    assert eid is None and codes == [code]


def test_primary_care_trusts_before_2006_by_their_dates(vocabulary: Vocabulary) -> None:
    # The 2001 Redbridge PCT was dissolved on 1 April 2003 and a new one of that name created.
    in_2002 = PlanContext(earliest="2002-04-01", latest="2003-03-31")
    in_2004 = PlanContext(earliest="2004-04-01", latest="2005-03-31")
    assert read("Redbridge PCT", vocabulary, in_2002)[0][1] == "redbridge-pct-2001"
    assert read("Redbridge PCT", vocabulary, in_2004)[0][1] == "redbridge-pct"
    assert read("Redbridge PCT", vocabulary)[0][1:] == (None, None, ["party.ambiguous"])
    # A PCT divided in 2006 has no one successor; Hastings and Rother began on 1 October 2006.
    assert read("Poole PCT", vocabulary, in_2004)[0][1] == "poole-pct"
    hastings = read("Hastings and Rother PCT", vocabulary, in_2004)
    assert hastings[0][1:] == ("hastings-and-rother-pct", None, ["party.anachronism"])
    assert read("Bexhill and Rother PCT", vocabulary, in_2004)[0][1] == "bexhill-and-rother-pct"


def test_scottish_health_boards_serve_their_councils_and_keep_no_2006_start(
    entries: dict[str, dict[str, Any]], vocabulary: Vocabulary
) -> None:
    boards = [e for e in entries.values() if e["body"] == "health-board" and "serves" in e]
    assert len(boards) == 14
    served = [c for e in boards for c in e["serves"]]
    assert len(served) == len(set(served))  # each council in one board (SSI 2013/347 alignment)
    assert "valid_from" not in entries["lothian-health-board"]  # a board since 1974
    assert entries["greater-glasgow-and-clyde-health-board"]["valid_from"] == "2006-04-01"
    # Highland Community Planning Partnership minutes, 2017: "NHS Highland (NHSH)".
    highland_2017 = PlanContext(earliest="2017-01-01", latest="2017-12-31", areas=("S12000017",))
    assert read("NHS Highland", vocabulary, highland_2017)[0][1] == "highland-health-board"
    in_2004 = PlanContext(earliest="2004-04-01", latest="2005-03-31")
    assert read("NHS Lothian", vocabulary, in_2004) == [
        ("organisation", "lothian-health-board", None, [])
    ]


@pytest.mark.parametrize(
    ("text", "context", "expected", "codes"),
    [
        ("Home Office, CEOP and NCA", NI_2015, ["home-office", CEOP, "national-crime-agency"], []),
        ("CRB", NI_2005, ["criminal-records-bureau"], []),
        ("DBS", NI_2015, ["disclosure-and-barring-service"], []),
        ("Scottish Executive", NI_2005, ["scottish-executive"], []),
        ("Welsh Assembly Government", NI_2005, ["welsh-assembly-government"], []),
        ("BELB", NI_2005, ["belfast-education-and-library-board"], []),
        # "Education Authority" alone is an English council as LEA as often as Northern Ireland's.
        ("Education Authority", NI_2015, [None], ["party.unmatched"]),
    ],
)
def test_national_and_devolved_agencies(
    vocabulary: Vocabulary,
    text: str,
    context: PlanContext,
    expected: list[str | None],
    codes: list[str],
) -> None:
    refs = read(text, vocabulary, context)
    assert [ref[1] for ref in refs] == expected
    assert refs[-1][3] == codes


def test_renamed_and_merged_agencies_chain(entries: dict[str, dict[str, Any]]) -> None:
    assert entries["criminal-records-bureau"]["successor"] == "disclosure-and-barring-service"
    assert entries["disclosure-and-barring-service"]["valid_from"] == "2012-12-01"
    assert entries["serious-organised-crime-agency"]["valid_to"] == "2013-10-06"
    assert entries["scottish-executive"]["successor"] == "scottish-government"
    assert entries["welsh-office"]["successor"] == "welsh-assembly-government"
    boards = entries["education-authority-northern-ireland"]["predecessors"]
    assert len(boards) == 5


def test_pcts_merged_in_october_2006(entries: dict[str, dict[str, Any]]) -> None:
    manchester = entries["manchester-pct"]
    assert manchester["valid_from"] == "2006-10-01"
    assert set(manchester["predecessors"]) == {
        "central-manchester-pct",
        "north-manchester-pct",
        "south-manchester-pct",
    }
    assert entries["swale-pct"]["successor"] == "eastern-and-coastal-kent-pct"
    # The six PCTs SI 2006/2072 divided between new PCTs name no single successor.
    assert "successor" not in entries["preston-pct"]
