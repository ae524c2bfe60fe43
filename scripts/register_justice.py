"""Probation bodies of England and Wales from ``probation.tsv``: the 35 probation trusts
(dissolved 2014), some community rehabilitation companies (2014-2021), and the 42 probation
areas of 2001-2010, one per police force area (London's covering the Metropolitan and City forces).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from register_bodies import area_entry, extend_serves
from register_places import Place
from register_sources import Area, pairs, read_csv, slugify

#: Police force areas that share one probation area (npswiki in probation.tsv: 42 areas, 43 forces).
LONDON_FORCES = ("Metropolitan Police", "London, City of")


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


def build_probation(
    chd: dict[str, dict[str, Area]], places: dict[str, Place]
) -> list[dict[str, Any]]:
    forces = force_districts(chd, places)
    entries = []
    trust_of: dict[str, str] = {}
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
            None,
            serves,
            row["valid_from"] or None,
            row["valid_to"] or None,
        )
        if row["successor"]:
            entry["successor"] = row["successor"]
        if row["kind"] == "trust":
            for area in areas:
                trust_of[area] = row["id"]
        entries.append(entry)
    entries += _probation_areas(forces, trust_of)
    return entries


def _probation_areas(
    forces: dict[str, tuple[str, set[str]]], trust_of: dict[str, str]
) -> list[dict[str, Any]]:
    """One probation area per force area; each names the trust that later served it."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in forces:
        base = "London" if name in LONDON_FORCES else name.replace(" & ", " and ")
        groups[base].append(name)
    entries = []
    for base, members in sorted(groups.items()):
        serves = sorted({c for m in members for c in forces[m][1]})
        entry = area_entry(
            slugify(base) + "-probation-area",
            f"{base} Probation Area",
            "probation",
            "justice",
            "organisation",
            [],
            None,
            serves,
            None,
            None,
        )
        trusts = {trust_of[m] for m in members if m in trust_of}
        if len(trusts) == 1:
            entry["successor"] = trusts.pop()
        entries.append(entry)
    return entries
