"""Bodies that predate the GSS codes, from cited lists: Northern Ireland's 26 districts (to 2015),
Scotland's eight police forces (to 2013), England's health authorities (1996-2002) and its 28
strategic health authorities (2002-2006).

None of these has a GSS code of its own. Where a body's area is a set of places it is served by
those places' codes; where a name does not resolve to places exactly, ``serves`` stays absent.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from register_bodies import area_entry, area_place
from register_places import Place, places_by_key
from register_sources import Area, match_key, read_csv, slugify

#: Health authorities were abolished on "Devolution Day", 1 April 2002; the 28 SHAs took over then
#: and were replaced by ten on 1 July 2006 (sources in nhs-authorities-1996-2006.tsv).
HA_TO = "2002-03-31"
SHA2002_FROM, SHA2002_TO = "2002-04-01", "2006-06-30"
#: "The ten SHAs established on 1 July 2006" (https://en.wikipedia.org/wiki/Strategic_health_authority);
#: the Code History Database starts their codes on the 2009 recoding day, which says nothing.
SHA2006_FROM = "2006-07-01"
#: Northern Ireland's new districts replaced the old 26 on 1 April 2015 (mySociety start dates).
NI_OLD_TO = "2015-03-31"


# --- Northern Ireland: the 26 districts before 2015 ---------------------------------------------


def build_ni_districts(places: dict[str, Place]) -> list[dict[str, Any]]:
    """The 25 old councils mySociety lists (Belfast kept its council), each linked to the new
    council whose ofcom code ("95-FGV") lists the old district's SNAC letter ("95G")."""
    rows = read_csv("mysociety-ni-districts.csv")
    new_by_letter: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        if row["gss-code"] and row["ofcom"].startswith("95-"):
            for letter in row["ofcom"][3:]:
                new_by_letter[letter].append(row)
    entries = []
    for row in rows:
        if row["gss-code"] or not row["snac"].startswith("95"):
            continue
        base = row["nice-name"].strip()
        heirs = new_by_letter.get(row["snac"][2:], [])
        entry = area_entry(
            slugify(base) + "-council",
            row["official-name"],
            "council",
            "local-government",
            "organisation",
            [f"{base} Council"],
            {"name": base, "code": None},
            [],
            None,
            row["end-date"] or NI_OLD_TO,
        )
        if len(heirs) == 1 and heirs[0]["gss-code"] in places:
            successor = places[heirs[0]["gss-code"]]
            entry["successor"] = successor.slug + "-council"
        entries.append(entry)
    return entries


# --- Scotland: eight police forces, 2009-2013 ---------------------------------------------------


def build_scottish_forces(
    chd: dict[str, dict[str, Area]], places: dict[str, Place]
) -> list[dict[str, Any]]:
    names = {r["area"]: r["name"] for r in read_csv("scottish-police-forces.tsv")}
    by_key = places_by_key(places)
    entries = []
    for _code, area in sorted(chd.get("S23", {}).items()):
        name = names.get(area.name)
        if name is None or area.valid_to is None:
            continue  # S23000009 "Scotland" is Police Scotland, built with the other forces
        # Only forces named for one council area (Fife, Dumfries and Galloway) get a ``serves``:
        # no lookup of the 2009-2013 force areas to councils is in the sources.
        members = [p for p in by_key.get(match_key(area.name), []) if p.kind == "scottish-council"]
        entry = area_entry(
            slugify(name),
            name,
            "police-force",
            "police",
            "organisation",
            [f"{area.name} Police"] if not name.startswith(area.name + " Police") else [],
            area_place(area),
            [p.code for p in members],
            None,
            area.valid_to,
        )
        entry["successor"] = "police-scotland"
        entries.append(entry)
    return entries


# --- England: health authorities 1996-2002 and strategic health authorities 2002-2006 -----------


def _resolve(parts: list[str], by_key: dict[str, list[Place]]) -> list[Place] | None:
    """Places named by ``parts`` ("Kensington", "Chelsea", "Westminster"), joining neighbours
    with "and" where a place's own name has one; None when any part names no place."""
    found: list[Place] = []
    i = 0
    while i < len(parts):
        for width in range(len(parts) - i, 0, -1):
            key = match_key(" and ".join(parts[i : i + width]))
            key = {"city": "city of london"}.get(key, key)
            # Lists shorten "Kingston upon Thames" to "Kingston", "Newcastle upon Tyne" to "Newcastle".
            hit = (
                by_key.get(key)
                or by_key.get(key + " upon thames")
                or by_key.get(key + " upon tyne")
            )
            if hit:
                found += hit
                i += width
                break
        else:
            return None
    return found


def _english(places: list[Place]) -> list[str]:
    return sorted({p.code for p in places if p.country == "England"})


def build_health_authorities(places: dict[str, Place]) -> list[dict[str, Any]]:
    by_key = places_by_key(places)
    entries = []
    for row in read_csv("nhs-authorities-1996-2006.tsv"):
        base = row["name"].replace(" & ", " and ")
        if row["kind"] == "ha":
            members = _resolve(re.split(r" and | & ", row["name"].replace("&", " & ")), by_key)
            serves = _english(members or [])
            aliases = [
                f"{base} HA",
                f"{row['name']} Health Authority",
                f"{row['name']} HA",
            ]
            entries.append(
                area_entry(
                    slugify(base) + "-health-authority",
                    f"{base} Health Authority",
                    "health-authority",
                    "health",
                    "organisation",
                    aliases,
                    None,
                    serves,
                    None,
                    HA_TO,
                )
            )
            continue
        boroughs = [a for a in row["areas"].split("|") if a]
        members = _resolve(boroughs, by_key) if boroughs else None
        aliases = [f"{base} SHA", f"{base} Strategic HA"]
        if row["alias_of"]:
            aliases += [
                f"{row['alias_of']} Strategic Health Authority",
                f"{row['alias_of']} SHA",
            ]
        entry = area_entry(
            slugify(base) + "-sha",
            f"{base} Strategic Health Authority",
            "sha",
            "health",
            "organisation",
            aliases,
            None,
            _english(members or []),
            SHA2002_FROM,
            SHA2002_TO,
        )
        if base.endswith(" London"):
            entry["successor"] = "nhs-london"  # "replaced by a single London SHA in 2006" (a seed)
        entries.append(entry)
    return entries


def complete_sha2006(
    entries: list[dict[str, Any]], chd: dict[str, dict[str, Area]], places: dict[str, Place]
) -> None:
    """The ten SHAs of 2006-2013 (from the Code History Database) start on 1 July 2006 and are
    "coterminous with government office regions, except that the large South East England region
    is divided into two" (the Wikipedia page cited above): each other SHA serves its region's places."""
    regions = {match_key(a.name): code for code, a in chd.get("E12", {}).items()}
    region_of: dict[str, set[str]] = defaultdict(set)
    for place in places.values():
        parents = {v.parent for v in place.area.versions}
        for parent in list(parents):
            if parent in places:  # a district's county; its region is the county's parent
                parents |= {v.parent for v in places[parent].area.versions}
        for parent in parents:
            if parent.startswith("E12"):
                region_of[parent].add(place.code)
    for entry in entries:
        if entry.get("body") == "sha" and entry.get("valid_to") == "2013-03-31":
            entry["valid_from"] = SHA2006_FROM
            base = entry["name"].removesuffix(" Strategic Health Authority")
            region = regions.get(match_key(base))
            if region and not entry.get("serves"):
                entry["serves"] = sorted(region_of[region])
