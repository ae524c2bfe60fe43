"""The generated national register and places: well formed, consistent, and right on known cases.

Known values were checked by hand against the extracts in data/register-sources/ (ONS Code
History Database, ONS lookups, mySociety names) before being written here.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from workplan_extract.normalise.entries import party_key

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "workplan_extract" / "normalise" / "data"
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
GSS = re.compile(r"^[EWSN]\d{8}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECTORS = {
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
}
PLACE_PREFIX = {
    "london-borough": "E09",
    "metropolitan-district": "E08",
    "unitary": "E06",
    "county": "E10",
    "non-metropolitan-district": "E07",
    "scottish-council": "S12",
    "welsh-principal-area": "W06",
    "ni-district": "N09",
}


@lru_cache(maxsize=1)
def register() -> dict[str, Any]:
    return json.loads((DATA / "register.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def places() -> dict[str, dict[str, Any]]:
    doc = json.loads((DATA / "places.json").read_text(encoding="utf-8"))
    return {p["code"]: p for p in doc["places"]}


@lru_cache(maxsize=1)
def entries() -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in register()["entries"]}


def seed_ids() -> set[str]:
    seeds = json.loads((DATA / "parties.json").read_text(encoding="utf-8"))
    return {e["id"] for e in seeds["entries"]}


def test_register_names_its_source_licence_and_generator() -> None:
    doc = register()
    assert "Code History Database" in doc["_source"]
    assert "Open Government Licence" in doc["_licence"]
    assert doc["_generated_by"] == "scripts/build_register.py"


def test_ids_are_unique_kebab_case_sorted_and_never_a_seed_id() -> None:
    ids = [e["id"] for e in register()["entries"]]
    assert len(ids) == len(set(ids))
    assert ids == sorted(ids)
    assert all(ID.match(i) for i in ids), [i for i in ids if not ID.match(i)]
    assert not set(ids) & seed_ids()


def test_every_entry_has_the_shared_fields_with_allowed_values() -> None:
    for e in register()["entries"]:
        assert e["name"].strip() == e["name"] and e["name"], e["id"]
        assert e["kind"] in {"organisation", "partnership", "group"}, e["id"]
        assert e.get("type", "organisation") in {"organisation", "group", "collective", "role"}
        assert e.get("sector") in SECTORS, e["id"]
        assert isinstance(e["aliases"], list) and e["name"] not in e["aliases"], e["id"]
        # Evidence stays per source file; a charity's register number is the one identity kept.
        assert not [k for k in e if k.startswith("_") and k != "_charity_number"], e["id"]


def test_dates_are_iso_and_ordered() -> None:
    for e in [*register()["entries"], *places().values()]:
        start, end = e.get("valid_from"), e.get("valid_to")
        for value in (start, end):
            assert value is None or DATE.match(value), e
        if start and end:
            assert start <= end, e


def test_successors_and_predecessors_exist_and_agree() -> None:
    known = set(entries()) | seed_ids()
    for e in register()["entries"]:
        if "successor" in e:
            assert e["successor"] in known, e["id"]
            assert e["successor"] != e["id"]
        for pred in e.get("predecessors", []):
            assert pred in known, (e["id"], pred)
            if pred in entries():
                assert entries()[pred].get("successor") == e["id"], (pred, e["id"])


#: Areas that are no local-authority place but are an entry's ``place``: police force areas, fire
#: and rescue authority areas (ONS Code History Database), and London as a region (probation).
AREA_PREFIX = {
    "police-force": ("E23", "W15", "S23", "N23"),
    "fire-service": ("E31", "W25", "S38", "N31"),
    "probation": ("E23", "W15", "E12"),
}


def test_place_and_serves_codes_are_places_with_gss_format() -> None:
    codes = set(places())
    for e in register()["entries"]:
        if "place" in e:
            code = e["place"]["code"]
            allowed = AREA_PREFIX.get(e["body"], ())
            assert (
                code is None or code in codes or (GSS.match(code) and code.startswith(allowed))
            ), e["id"]
        for code in e.get("serves", []):
            assert code in codes, (e["id"], code)


def test_police_forces_and_fire_services_have_their_areas_as_place() -> None:
    # SPEC: "Thames Valley Police" -> place Thames Valley; codes from the ONS Code History Database.
    for e in register()["entries"]:
        if e["body"] in ("police-force", "fire-service"):
            code = e["place"]["code"]
            # Scotland's eight fire services (to 2013) and the RUC (to 2001) had no area code.
            assert code is None or code.startswith(AREA_PREFIX[e["body"]]), e["id"]
            assert code is not None or e.get("valid_to"), e["id"]
    expected = {
        "thames-valley-police": ("Thames Valley", "E23000029"),
        "devon-and-cornwall-police": ("Devon and Cornwall", "E23000035"),
        "city-of-london-police": ("City of London", "E23000034"),
        "dyfed-powys-police": ("Dyfed-Powys", "W15000004"),
        "police-scotland": ("Scotland", "S23000009"),
        "strathclyde-police": ("Strathclyde", "S23000007"),
        "police-service-of-northern-ireland": ("Northern Ireland", "N23000001"),
        "dorset-and-wiltshire-fire-and-rescue-service": ("Dorset and Wiltshire", "E31000047"),
        "london-fire-and-emergency-planning-authority": ("Greater London", "E31000046"),
        "mid-and-west-wales-fire-and-rescue-service": ("Mid and West Wales", "W25000002"),
        "scottish-fire-and-rescue-service": ("Scotland", "S38000001"),
        "northern-ireland-fire-and-rescue-service": ("Northern Ireland", "N31000001"),
    }
    for eid, (name, code) in expected.items():
        assert entries()[eid]["place"] == {"name": name, "code": code}, eid


def test_places_have_gss_codes_matching_their_kind_and_country() -> None:
    countries = {"E": "England", "W": "Wales", "S": "Scotland", "N": "Northern Ireland"}
    for code, p in places().items():
        assert GSS.match(code)
        assert code.startswith(PLACE_PREFIX[p["kind"]]), code
        assert p["country"] == countries[code[0]]
        assert ID.match(p["slug"])
        assert all(
            parent in places() and places()[parent]["kind"] == "county" for parent in p["parents"]
        )


@pytest.mark.parametrize(
    ("code", "name", "kind", "valid_to"),
    [
        ("E09000007", "Camden", "london-borough", None),
        ("E06000039", "Slough", "unitary", None),
        ("E07000001", "Mid Bedfordshire", "non-metropolitan-district", "2009-03-31"),
        ("E10000002", "Buckinghamshire", "county", "2020-03-31"),
        ("E06000028", "Bournemouth", "unitary", "2019-03-31"),
        ("E10000006", "Cumbria", "county", "2023-03-31"),
        ("N09000003", "Belfast", "ni-district", None),
        ("W06000007", "Powys", "welsh-principal-area", "2009-05-31"),
    ],
)
def test_known_places(code: str, name: str, kind: str, valid_to: str | None) -> None:
    p = places()[code]
    assert (p["name"], p["kind"], p["valid_to"]) == (name, kind, valid_to)


def test_codes_issued_in_2009_recoding_give_no_start_date() -> None:
    # Camden's council is far older than its GSS code (issued 1 January 2009).
    assert places()["E09000007"]["valid_from"] is None
    assert places()["E06000060"]["valid_from"] == "2020-04-01"  # Buckinghamshire unitary


def test_place_led_council_forms() -> None:
    camden = entries()["camden-council"]
    assert camden["name"] == "London Borough of Camden"
    assert {"LB Camden", "Camden Council", "L B Camden", "LB of Camden"} <= set(camden["aliases"])
    assert camden["place"] == {"name": "Camden", "code": "E09000007"}
    kc = entries()["kensington-and-chelsea-council"]
    assert "RB Kensington and Chelsea" in kc["aliases"]


def test_reorganisations_link_councils() -> None:
    assert entries()["aylesbury-vale-council"]["successor"] == "buckinghamshire-council"
    assert entries()["buckinghamshire-county-council"]["successor"] == "buckinghamshire-council"
    assert "wycombe-council" in entries()["buckinghamshire-council"]["predecessors"]
    # Cumbria split in two in 2023: no single successor is claimed.
    assert "successor" not in entries()["cumbria-county-council"]


def test_safeguarding_eras_per_area() -> None:
    acpc, lscb = entries()["slough-acpc"], entries()["slough-lscb"]
    partnership = entries()["slough-safeguarding-partnership"]
    assert acpc["valid_to"] == "2006-03-31" and "valid_from" not in acpc
    assert (lscb["valid_from"], lscb["valid_to"]) == ("2006-04-01", "2019-09-29")
    assert partnership["valid_from"] == "2018-06-29" and "valid_to" not in partnership
    assert {"Slough LSCB", "SLSCB", "Slough Safeguarding Children Board"} <= set(lscb["aliases"])
    assert lscb["serves"] == ["E06000039"]
    # A county abolished in 2009 had an LSCB only until then, and no safeguarding partnership.
    assert entries()["bedfordshire-lscb"]["valid_to"] == "2009-03-31"
    assert "bedfordshire-safeguarding-partnership" not in entries()
    # Unitaries created in 2009 never had an ACPC.
    assert "cheshire-east-acpc" not in entries()
    assert entries()["fife-cpc"]["body"] == "child-protection-committee"


def test_police_serve_their_force_areas() -> None:
    tvp = entries()["thames-valley-police"]
    assert {"E06000039", "E06000038", "E10000025"} <= set(tvp["serves"])  # Slough, Reading, Oxon
    assert "E06000060" in tvp["serves"]  # Buckinghamshire unitary, via its predecessors
    assert "E09000007" not in tvp["serves"]
    assert entries()["cumbria-constabulary"]["sector"] == "police"
    assert "metropolitan-police-service" not in entries()  # the seed entry stays the only one


def test_districts_abolished_in_2009_take_their_countys_force() -> None:
    # Mid Bedfordshire and Bedfordshire county ended 2009-03-31; Central Bedfordshire (2009) is in
    # the ONS 2019 lookup under Bedfordshire Police. Caradon (Cornwall) goes with Cornwall.
    police = entries()["bedfordshire-police"]["serves"]
    assert {"E07000001", "E10000001"} <= set(police)
    assert "E07000019" in entries()["devon-and-cornwall-police"]["serves"]
    assert "E06000048" in entries()["northumbria-police"]["serves"]  # Northumberland, recoded 2013
    # Cornwall's successors have two fire services (Cornwall, Isles of Scilly): no guess.
    fire = [e for e in register()["entries"] if e["body"] == "fire-service"]
    assert not [e["id"] for e in fire if "E07000019" in e.get("serves", [])]


def test_nhs_bodies_by_era() -> None:
    pct = entries()["greenwich-pct"]
    assert {"Greenwich PCT", "NHS Greenwich", "Greenwich Teaching PCT"} <= set(pct["aliases"])
    assert pct["valid_to"] == "2013-03-31" and pct["serves"] == ["E09000011"]
    ccg = entries()["greenwich-ccg"]
    assert (ccg["valid_from"], ccg["valid_to"]) == ("2013-04-01", "2020-03-31")
    icb = entries()["south-east-london-icb"]
    assert icb["valid_from"] == "2022-07-01" and "E09000011" in icb["serves"]
    assert entries()["north-east-sha"]["valid_to"] == "2013-03-31"
    assert entries()["guys-and-st-thomas-nhs-foundation-trust"]["name"] == (
        "Guy's and St Thomas' NHS Foundation Trust"
    )


def test_ccgs_end_when_icbs_begin() -> None:
    # SI 2022/634 reg. 58 and the Code History Database: CCGs to 30 June 2022, ICBs from 1 July.
    # A CCG code live after that is a sub-ICB location ("NHS Dorset ICB - 11J"), not a CCG.
    ccgs = [e for e in register()["entries"] if e["body"] == "ccg"]
    assert len(ccgs) == 250
    for e in ccgs:
        assert "2013-04-01" <= e["valid_from"] <= e["valid_to"] <= "2022-06-30", e["id"]
        assert not [a for a in e["aliases"] if "ICB - " in a], e["id"]
        assert "-icb-" not in e["id"]
    for e in register()["entries"]:
        if e["body"] == "icb":
            assert e["valid_from"] >= "2022-07-01", e["id"]
    dorset = entries()["dorset-ccg"]
    assert dorset["name"] == "NHS Dorset Clinical Commissioning Group"
    assert (dorset["valid_from"], dorset["valid_to"]) == ("2013-04-01", "2022-06-30")
    assert "NHS Dorset" in dorset["aliases"] and dorset["successor"] == "dorset-icb"
    assert entries()["barnsley-ccg"]["successor"] == "south-yorkshire-icb"
    # Greater Manchester's ICB code is new in 2022: its districts come from its sub-ICB locations.
    assert "E08000003" in entries()["greater-manchester-icb"]["serves"]  # Manchester
    # An STP's name is not its ICB's: "Staffordshire" was the STP's, and is the county's.
    assert "Staffordshire" not in entries()["staffordshire-and-stoke-on-trent-icb"]["aliases"]


def test_nhs_place_forms_of_pcts_ccgs_and_icbs_do_not_overlap_in_time() -> None:
    dated: dict[str, list[tuple[str, str, str]]] = {}
    for e in register()["entries"]:
        if e["body"] in ("pct", "ccg", "icb"):
            for spelling in {e["name"], *e["aliases"]}:
                if spelling.startswith("NHS "):
                    span = (e.get("valid_from") or "0000", e.get("valid_to") or "9999", e["id"])
                    dated.setdefault(spelling.casefold(), []).append(span)
    assert len(dated["nhs dorset"]) == 2  # Dorset PCT to 2013, Dorset CCG 2013-2022
    for spelling, spans in dated.items():
        spans.sort()
        for (_, end, first), (start, _, second) in itertools.pairwise(spans):
            assert end < start, (spelling, first, second)


def test_generated_aliases_are_forms_in_use() -> None:
    # ONS index forms ("Bristol, City of"), Welsh names with an English suffix ("Heddlu Gwent
    # Police", "Bwrdd Iechyd ... Local Health Board") and suffixes on names that already have
    # one ("... University Health Board LHB") are no one's spelling.
    made_up = re.compile(
        r", (City|County) of|Heddlu .*Police|Health Board (LHB|Local Health Board)|Bwrdd .*Local|  "
    )
    for e in register()["entries"]:
        assert not [a for a in (e["name"], *e["aliases"]) if made_up.search(a)], e["id"]
    assert entries()["hywel-dda-university-health-board"]["aliases"] == [
        "Bwrdd Iechyd Prifysgol Hywel Dda"
    ]
    # The City of London is coded with the boroughs but is none.
    assert not [a for a in entries()["city-of-london-council"]["aliases"] if "LB" in a]
    assert entries()["bristol-csp"]["name"] == "Bristol Community Safety Partnership"


def test_pcts_formed_after_the_2009_recoding_have_their_start() -> None:
    # Code History Database: Hertfordshire PCT (E16000150) from 2010-04-01; the two it replaced end
    # 2010-03-31. Bolton (to 2009-11-30) and Bolton Teaching (from 2009-12-01) are one PCT.
    assert entries()["hertfordshire-pct"]["valid_from"] == "2010-04-01"
    assert entries()["west-hertfordshire-pct"]["valid_to"] == "2010-03-31"
    assert "valid_from" not in entries()["bolton-pct"]


def test_national_bodies_chain_to_the_seeds() -> None:
    assert entries()["office-of-the-deputy-prime-minister"]["successor"] == (
        "department-for-communities-and-local-government"
    )
    cqc = entries()["care-quality-commission"]
    assert "commission-for-social-care-inspection" in cqc["predecessors"]
    assert entries()["healthcare-commission"]["valid_to"] == "2009-03-31"
    # GOV.UK end dates that are the successor's first day become the day before (cited pages).
    assert entries()["mental-health-act-commission"]["valid_to"] == "2009-03-31"
    assert entries()["national-care-standards-commission"]["valid_to"] == "2004-03-31"
    assert entries()["learning-and-skills-council"]["valid_to"] == "2010-03-31"


def _names(codes: list[str]) -> set[str]:
    return {places()[c]["name"] for c in codes}


def test_charities_carry_their_register_numbers_and_leave_seeds_alone() -> None:
    # Numbers checked by hand in drkane/charity-lookups (dual-registered list, federations, mergers).
    expected = {
        "save-the-children": "213890",
        "mind": "219830",
        "victim-support": "298028",
        "refuge": "277424",
        "age-uk": "1128267",
        "citizens-advice": "279057",
        "the-childrens-society": "221124",
        "change-grow-live": "1079327",
    }
    for eid, number in expected.items():
        entry = entries()[eid]
        assert (entry["sector"], entry["body"], entry["_charity_number"]) == (
            "voluntary",
            "charity",
            number,
        )
    assert "Mencap" in entries()["mencap"]["aliases"]
    assert entries()["crime-concern"]["successor"] == "catch22"
    assert set(entries()["age-uk"]["predecessors"]) == {"age-concern-england", "help-the-aged"}
    assert "CRI" in entries()["change-grow-live"]["aliases"]
    assert not {"nspcc", "barnardos", "action-for-children", "nch"} & set(entries())


def test_northern_ireland_districts_before_2015_lead_to_their_successors() -> None:
    old = [e for e in register()["entries"] if e.get("place", {}).get("code", "") is None]
    councils = [e for e in old if e["body"] == "council"]
    assert len(councils) == 25  # 26 districts; Belfast kept its council
    ballymena = entries()["ballymena-council"]
    assert ballymena["name"] == "Ballymena Borough Council"
    assert ballymena["valid_to"] == "2015-03-31"
    assert ballymena["successor"] == "mid-and-east-antrim-council"
    assert entries()["castlereagh-council"]["successor"] == "lisburn-and-castlereagh-council"
    assert entries()["moyle-council"]["successor"] == "causeway-coast-and-glens-council"
    assert "ballymena-council" in entries()["mid-and-east-antrim-council"]["predecessors"]


def test_scottish_forces_before_police_scotland() -> None:
    strathclyde = entries()["strathclyde-police"]
    assert (strathclyde["valid_to"], strathclyde["successor"]) == ("2013-03-31", "police-scotland")
    assert "serves" not in strathclyde  # no lookup of its councils in the sources
    assert _names(entries()["fife-constabulary"]["serves"]) == {"Fife"}
    assert len(entries()["police-scotland"]["predecessors"]) == 8


def test_health_authorities_and_strategic_health_authorities_before_2006() -> None:
    ha = entries()["kingston-and-richmond-health-authority"]
    assert _names(ha["serves"]) == {"Kingston upon Thames", "Richmond upon Thames"}
    assert ha["valid_to"] == "2002-03-31" and "valid_from" not in ha
    assert "Kingston & Richmond HA" in ha["aliases"]
    assert "serves" not in entries()["north-essex-health-authority"]  # part of a county
    ncl = entries()["north-central-london-sha"]
    assert _names(ncl["serves"]) == {"Barnet", "Camden", "Enfield", "Haringey", "Islington"}
    assert (ncl["valid_from"], ncl["valid_to"], ncl["successor"]) == (
        "2002-04-01",
        "2006-06-30",
        "nhs-london",
    )
    ne = entries()["north-east-sha"]
    assert ne["valid_from"] == "2006-07-01"
    # Coterminous with its government office region (ONS parent codes): the North East's places.
    assert {"Hartlepool", "Northumberland", "Sunderland"} <= _names(ne["serves"])
    assert "Leeds" in _names(entries()["yorkshire-and-the-humber-sha"]["serves"])
    assert "Leeds" not in _names(ne["serves"])
    assert "serves" not in entries()["south-central-sha"]  # the South East split: no source
    wms = entries()["west-midlands-south-sha"]
    assert "Coventry, Warwickshire, Herefordshire and Worcestershire SHA" in wms["aliases"]


def test_probation_trusts_areas_and_crcs() -> None:
    lpt = entries()["london-probation-trust"]
    assert (lpt["valid_from"], lpt["valid_to"]) == ("2010-04-01", "2014-10-31")
    assert lpt["sector"] == "justice" and lpt["place"] == {"name": "London", "code": "E12000007"}
    assert {"City of London", "Camden"} <= _names(lpt["serves"])
    area = entries()["london-probation-area"]
    assert area["successor"] == "london-probation-trust" and area["serves"] == lpt["serves"]
    # SI 2001/919 (42 areas from 1 April 2001); London's trust from April 2010 (probation.tsv).
    assert (area["valid_from"], area["valid_to"]) == ("2001-04-01", "2010-03-31")
    assert area["aliases"] == lpt["aliases"] == ["London Probation"]
    gmp = entries()["greater-manchester-probation-area"]  # SI 2009/547: boards gone 1 April 2009
    assert gmp["valid_to"] == "2009-03-31"
    assert entries()["greater-manchester-probation-trust"]["valid_from"] == "2009-04-01"
    tv = entries()["thames-valley-probation-area"]
    assert tv["place"] == {"name": "Thames Valley", "code": "E23000029"}
    assert "valid_to" not in tv  # no source dates Thames Valley's trust
    assert "place" not in entries()["norfolk-and-suffolk-probation-trust"]  # two force areas
    assert entries()["thames-valley-probation-area"]["successor"] == "thames-valley-probation"
    assert "Slough" in _names(entries()["thames-valley-probation"]["serves"])
    wales = _names(entries()["wales-probation-trust"]["serves"])
    assert {"Cardiff", "Powys"} <= wales and "Slough" not in wales
    crc = entries()["london-crc"]
    assert (crc["valid_from"], crc["valid_to"], crc["successor"]) == (
        "2014-06-01",
        "2021-06-25",
        "probation",
    )
    areas = [e for e in register()["entries"] if e["id"].endswith("-probation-area")]
    assert len(areas) == 42


def test_ccgs_merged_before_2020_take_districts_from_older_lookups() -> None:
    # ONS LSOA -> CCG lookup of April 2018: Airedale, Wharfedale and Craven = Craven + Bradford.
    awc = entries()["airedale-wharfedale-and-craven-ccg"]
    assert _names(awc["serves"]) == {"Craven", "Bradford"}


def test_renamed_national_bodies() -> None:
    assert entries()["department-of-health-and-social-care"]["predecessors"] == [
        "department-of-health"
    ]
    assert entries()["hm-inspectorate-of-constabulary"]["successor"] == (
        "hm-inspectorate-of-constabulary-and-fire-and-rescue-services"
    )


def _spellings_in_use() -> dict[str, list[dict[str, Any]]]:
    """Every spelling (matcher key) of the register, with the entries that list it."""
    found: dict[str, list[dict[str, Any]]] = {}
    for e in register()["entries"]:
        for key in {party_key(s) for s in (e["name"], *e["aliases"])}:
            found.setdefault(key, []).append(e)
    return found


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    start = max(a.get("valid_from") or "0000", b.get("valid_from") or "0000")
    return start <= min(a.get("valid_to") or "9999", b.get("valid_to") or "9999")


def alias_collisions() -> dict[str, list[str]]:
    """Spellings two entries share while both existed: no date can tell them apart."""
    out = {}
    for key, owners in _spellings_in_use().items():
        pairs = [(a, b) for i, a in enumerate(owners) for b in owners[i + 1 :] if _overlap(a, b)]
        if pairs:
            out[key] = sorted({e["id"] for pair in pairs for e in pair})
    return out


def test_aliases_shared_at_the_same_dates_are_only_the_boards_initials() -> None:
    # "SLSCB" is Slough's, Salford's, Sefton's ... board at once: shared by design, the plan's
    # area decides (context). Any other shared spelling needs dates or must go.
    collisions = alias_collisions()
    initials = re.compile(r"^[a-z]l?scb$")
    assert {k for k in collisions if not initials.match(k)} == set()
    for ids in collisions.values():
        assert all(entries()[i]["body"] == "lscb" for i in ids), ids
    assert "lscb" not in collisions  # "L" + "SCB" is the generic word, not Lambeth's board
    assert len(collisions) == 31
    # Dated apart: MHCLG (2018-2021) and its namesake of 2024; London's probation area and trust.
    assert "mhclg" in _spellings_in_use() and "mhclg" not in collisions
    assert "london probation" not in collisions


def test_no_register_spelling_is_a_seed_spelling() -> None:
    # A seed's spelling is the seed's alone (vocab.py): a register entry listing it is unreachable.
    seeds = json.loads((DATA / "parties.json").read_text(encoding="utf-8"))["entries"]
    seed_keys = {party_key(s) for e in seeds for s in (e["name"], *e["aliases"])}
    assert not seed_keys & set(_spellings_in_use())


def _load_builder() -> Any:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        spec = importlib.util.spec_from_file_location(
            "build_register", ROOT / "scripts" / "build_register.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "scripts"))


def test_regenerating_gives_the_committed_bytes() -> None:
    builder = _load_builder()
    reg, plc = builder.build()
    assert builder.dump(reg, "entries") == (DATA / "register.json").read_text(encoding="utf-8")
    assert builder.dump(plc, "places") == (DATA / "places.json").read_text(encoding="utf-8")
