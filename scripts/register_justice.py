"""Probation bodies of England and Wales from ``probation.tsv``: the 35 probation trusts
(dissolved 2014), some community rehabilitation companies (2014-2021), and the 42 probation
areas of 2001-2010, one per police force area (London's covering the Metropolitan and City forces).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from register_bodies import area_entry, area_place, extend_serves
from register_places import Place
from register_sources import Area, pairs, read_csv, slugify

#: Police force areas that share one probation area (npswiki in probation.tsv: 42 areas, 43 forces).
LONDON_FORCES = ("Metropolitan Police", "London, City of")
#: The 42 probation areas and their local probation boards began on 1 April 2001: the Criminal
#: Justice and Court Services Act 2000 (Commencement No. 4) Order 2001, SI 2001/919, article 2,
#: brings Chapter I of Part I (the National Probation Service, local probation boards) into force
#: "on 1st April 2001" (https://www.legislation.gov.uk/uksi/2001/919/article/2/made); the Act's
#: explanatory notes, paragraph 54: "There will be 42 areas in all; 41 will match the police areas
#: and a London service will cover both the Metropolitan Police District and the City of London
#: Police Area" (https://www.legislation.gov.uk/ukpga/2000/43/notes/division/5/1/1).
AREAS_FROM = "2001-04-01"
#: "London Probation (LP) is the name currently used by the section of the national probation
#: service which is responsible for the Greater London area" (the Wikipedia article of the 42-area
#: years, https://en-academic.com/dic.nsf/enwiki/7175155); the trust kept the name (probation.tsv).
LONDON_AREA_ALIASES = ("London Probation",)


def force_districts(
    chd: dict[str, dict[str, Area]], places: dict[str, Place]
) -> dict[str, tuple[str, set[str]]]:
    """Police force area name -> (code, the place codes it serves), as the police entries use."""
    served = extend_serves(
        places, pairs("ons-lad19-csp19-pfa19.csv", "LAD19CD", "PFA19CD"), county_wide=True
    )
    out: dict[str, tuple[str, set[str]]] = {}
    for entity in ("E23", "W15"):
        for code, area in chd.get(entity, {}).items():
            if area.valid_to is None:
                out[area.name] = (code, set(served.get(code, set())))
    return out


def _place_of(areas: list[str], chd: dict[str, dict[str, Area]]) -> dict[str, Any] | None:
    """The place of a body serving whole police force areas: the one force area, or for London's
    two forces the London region (ONS E12000007, whose boroughs and City they cover); None for a
    body of several force areas ("Norfolk and Suffolk")."""
    if sorted(areas) == sorted(LONDON_FORCES):
        region = next(a for a in chd["E12"].values() if a.name == "London")
        return {"name": region.name, "code": region.code}
    if len(areas) == 1:
        force = [a for e in ("E23", "W15") for a in chd[e].values() if a.name == areas[0]]
        return area_place(force[0])
    return None


def build_probation(
    chd: dict[str, dict[str, Area]], places: dict[str, Place]
) -> list[dict[str, Any]]:
    forces = force_districts(chd, places)
    entries = []
    trust_of: dict[str, dict[str, Any]] = {}
    for row in read_csv("probation.tsv"):
        areas = [a for a in row["areas"].split("|") if a]
        missing = [a for a in areas if a not in forces]
        if missing:
            raise SystemExit(f"build_register: probation.tsv {row['id']}: no force area {missing}")
        serves = sorted({c for a in areas for c in forces[a][1]})
        aliases = [a for a in row["aliases"].split("|") if a]
        if row["kind"] == "crc":
            aliases.append(row["name"].replace("Community Rehabilitation Company", "CRC"))
        entry = area_entry(
            row["id"],
            row["name"],
            "probation",
            "justice",
            "organisation",
            aliases,
            _place_of(areas, chd) if areas else None,
            serves,
            row["valid_from"] or None,
            row["valid_to"] or None,
        )
        if row["successor"]:
            entry["successor"] = row["successor"]
        if row["kind"] == "trust":
            for area in areas:
                trust_of[area] = entry
        entries.append(entry)
    entries += _probation_areas(forces, trust_of, chd)
    return entries


def _day_before(iso: str) -> str:
    return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()


def _probation_areas(
    forces: dict[str, tuple[str, set[str]]],
    trust_of: dict[str, dict[str, Any]],
    chd: dict[str, dict[str, Area]],
) -> list[dict[str, Any]]:
    """One probation area per force area; each names the trust that later served it, and ends the
    day before that trust's cited start (where probation.tsv gives one)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in forces:
        base = "London" if name in LONDON_FORCES else name.replace(" & ", " and ")
        groups[base].append(name)
    entries = []
    for base, members in sorted(groups.items()):
        serves = sorted({c for m in members for c in forces[m][1]})
        trusts = {trust_of[m]["id"]: trust_of[m] for m in members if m in trust_of}
        trust = next(iter(trusts.values())) if len(trusts) == 1 else None
        start = trust.get("valid_from") if trust is not None else None
        entry = area_entry(
            slugify(base) + "-probation-area",
            f"{base} Probation Area",
            "probation",
            "justice",
            "organisation",
            list(LONDON_AREA_ALIASES) if base == "London" else [],
            _place_of(members, chd),
            serves,
            AREAS_FROM,
            _day_before(start) if start else None,
        )
        if trust is not None:
            entry["successor"] = trust["id"]
        entries.append(entry)
    return entries
