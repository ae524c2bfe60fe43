"""Area bodies built from places and ONS lookups: police, fire, community safety, safeguarding, YOTs."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from register_places import Place, clean_name, unique
from register_sources import Area, match_key, pairs, read_csv, slugify

#: Safeguarding eras in England. LSCBs: the Local Safeguarding Children Boards Regulations 2006
#: (SI 2006/90) "come into force on 1st April 2006" (legislation.gov.uk), so ACPCs end the day
#: before. Partnerships: the Children and Social Work Act 2017 provisions came into effect on
#: 29 June 2018; arrangements had to be published by 29 June 2019 and implemented within three
#: months (data/register-sources/README.md cites the pages), so LSCBs run to 29 September 2019.
ACPC_TO = "2006-03-31"
LSCB_FROM, LSCB_TO = "2006-04-01", "2019-09-29"
PARTNERSHIP_FROM = "2018-06-29"


def area_entry(
    eid: str,
    name: str,
    body: str,
    sector: str,
    kind: str,
    aliases: list[str],
    place: dict[str, Any] | None,
    serves: list[str],
    valid_from: str | None,
    valid_to: str | None,
) -> dict[str, Any]:
    name = " ".join(name.split())
    entry: dict[str, Any] = {
        "id": eid,
        "name": name,
        "kind": kind,
        "type": "organisation",
        "sector": sector,
        "body": body,
        "aliases": [a for a in unique(aliases) if a != name],
    }
    if place is not None:
        entry["place"] = place
    if serves:
        entry["serves"] = sorted(set(serves))
    if valid_from:
        entry["valid_from"] = valid_from
    if valid_to:
        entry["valid_to"] = valid_to
    return entry


def extend_serves(
    places: dict[str, Place], by_lad: dict[str, set[str]], county_wide: bool = False
) -> dict[str, set[str]]:
    """Bodies' areas from a district lookup, carried to codes the lookup's year did not have.

    A district abolished before the lookup, or created after it, takes the body of its
    successors or predecessors when they all agree; a county takes the body all its districts share.
    With ``county_wide`` (police and fire areas, which follow counties), a code the 2019 lookup does
    not have also takes the body of a same-named later code (Northumberland E06000048 -> E06000057),
    and a county abolished on 31 March 2009, with its districts, the body of the unitaries of
    1 April 2009 named for it ("Bedfordshire" -> Central Bedfordshire), when they all agree.
    """
    if county_wide:
        by_lad = {**by_lad, **_recoded_2009(places, by_lad)}
    served: dict[str, set[str]] = defaultdict(set)
    for lad, targets in by_lad.items():
        for target in targets:
            served[target].add(lad)
    predecessors: dict[str, list[str]] = defaultdict(list)
    for place in places.values():
        for code in place.replaced_by:
            predecessors[code].append(place.code)
    for place in places.values():
        if place.code in by_lad or place.kind == "county":
            continue
        related = (
            [
                c
                for c in place.replaced_by or predecessors.get(place.code, [])
                if places[c].kind != "county"
            ]
            if place.code not in by_lad
            else []
        )
        found = {t for c in related for t in by_lad.get(c, set())}
        if related and len(found) == 1 and all(c in by_lad for c in related):
            served[found.pop()].add(place.code)
    lad_target = {lad: t for t, lads in served.items() for lad in lads}
    for county in (p for p in places.values() if p.kind == "county"):
        districts = [p.code for p in places.values() if county.code in p.parents()]
        found = {lad_target.get(d) for d in districts}
        if districts and len(found) == 1 and None not in found:
            served[found.pop()].add(county.code)  # type: ignore[arg-type]
    return served


def _recoded_2009(places: dict[str, Place], by_lad: dict[str, set[str]]) -> dict[str, set[str]]:
    def key(place: Place) -> str:
        return match_key(clean_name(place.name))

    def agreed(codes: list[str], table: dict[str, set[str]]) -> set[str]:
        targets = {t for c in codes for t in table[c]}
        return targets if len(targets) == 1 else set()

    found = dict(by_lad)
    for place in places.values():  # recoded under the same name first
        if place.code not in found:
            same = [
                c for c in by_lad if places[c].kind != "county" and key(places[c]) == key(place)
            ]
            if agreed(same, by_lad):
                found[place.code] = agreed(same, by_lad)
    for place in places.values():
        if place.code in found:
            continue
        county = place if place.kind == "county" else None
        if county is None and place.valid_to == "2009-03-31":
            parents = [places[c] for c in place.parents() if c in places]
            county = parents[0] if len(parents) == 1 else None
        if county is None or county.valid_to != "2009-03-31":
            continue
        heirs = [
            c
            for c in found
            if places[c].valid_from == "2009-04-01"
            and (key(county) in key(places[c]) or key(places[c]) in key(county))
        ]
        if agreed(heirs, found):
            found[place.code] = agreed(heirs, found)
    return {c: t for c, t in found.items() if c not in by_lad}


# --- police and fire areas as places ----------------------------------------------------------

#: ONS names three police or fire areas for the body that serves them rather than for the area.
_AREA_OF_BODY = {
    "Police Service of Northern Ireland": "Northern Ireland",
    "Northern Ireland Fire and Rescue Service": "Northern Ireland",
    "London Fire and Emergency Planning Authority": "Greater London",
}


def area_place(area: Area) -> dict[str, Any]:
    """A police force area or fire and rescue authority area as an entry's ``place``: its ONS
    name ("Thames Valley", "City of London" for "London, City of") and its own GSS code (E23, W15,
    S23, N23, E31, W25, S38, N31), which is not a local-authority code of places.json."""
    name = area.name
    if ", " in name:
        main, _, lead = name.partition(", ")
        name = f"{lead} {main}"
    name = _AREA_OF_BODY.get(name, name).replace(" & ", " and ")
    return {"name": name, "code": area.code}


# --- police -----------------------------------------------------------------------------------


def _force_key(name: str) -> str:
    key = match_key(name)
    for word in ("police service", "constabulary", "police", "city of london"):
        key = key.replace(word, "city of london" if word == "city of london" else "")
    return " ".join(key.split())


def build_police(
    chd: dict[str, dict[str, Area]], places: dict[str, Place], seeds: set[str]
) -> list[dict[str, Any]]:
    forces = {_force_key(r["name"]): r["name"] for r in read_csv("police-force-names.tsv")}
    served = extend_serves(
        places, pairs("ons-lad19-csp19-pfa19.csv", "LAD19CD", "PFA19CD"), county_wide=True
    )
    entries = []
    for entity in ("E23", "W15", "S23", "N23"):
        for code, area in sorted(chd.get(entity, {}).items()):
            name = forces.get(
                _force_key(clean_name(area.name) if "," not in area.name else "City of London")
            )
            if name is None:
                continue  # Scotland's eight forces of 2009-2013: no source names them
            eid = slugify(name)
            if eid in seeds:
                continue  # the Metropolitan Police Service is a seed entry
            serves = set(served.get(code, set()))
            if entity in ("S23", "N23"):
                kind = "scottish-council" if entity == "S23" else "ni-district"
                serves = {
                    p.code
                    for p in places.values()
                    if p.kind == kind and (p.valid_to or "9999") >= (area.valid_from or "0000")
                }
            # N23's 2015 start is the recoding for Northern Ireland's new districts, not the force's.
            start = area.valid_from if entity != "N23" else None
            # "Thames Valley Police"; not for "London, City of" (an index form) or the Welsh names,
            # which already say police ("Heddlu Gwent").
            aliases = [
                f"{n} Police"
                for n in area.all_names()
                if entity in ("E23", "W15") and "," not in n and "Heddlu" not in n
            ]
            aliases += [n for n in area.all_names() if "Police" in n or "Heddlu" in n]
            entries.append(
                area_entry(
                    eid,
                    name,
                    "police-force",
                    "police",
                    "organisation",
                    aliases,
                    area_place(area),
                    sorted(serves),
                    start,
                    area.valid_to,
                )
            )
    return entries


# --- fire -------------------------------------------------------------------------------------


def build_fire(chd: dict[str, dict[str, Area]], places: dict[str, Place]) -> list[dict[str, Any]]:
    served = extend_serves(
        places, pairs("ons-lad19-fra19.csv", "LAD19CD", "FRA19CD"), county_wide=True
    )
    entries = []
    for entity in ("E31", "W25", "S38", "N31"):
        for code, area in sorted(chd.get(entity, {}).items()):
            base = area.name.replace(" & ", " and ")
            if "Fire" in base or "Authority" in base:
                name, aliases = base, []
            elif entity == "S38":
                # One service for Scotland since 2013 (ONS names its area "Scotland").
                name, aliases = (
                    "Scottish Fire and Rescue Service",
                    ["Scotland Fire and Rescue Service"],
                )
            else:
                name = f"{base} Fire and Rescue Service"
                aliases = [
                    f"{base} Fire & Rescue Service",
                    f"{base} Fire and Rescue Authority",
                    f"{base} FRS",
                    f"{base} Fire Service",
                ]
                aliases += [f"{n} Fire and Rescue Service" for n in area.all_names()]
            serves = set(served.get(code, set()))
            if entity in ("S38", "N31"):
                kind = "scottish-council" if entity == "S38" else "ni-district"
                serves = {p.code for p in places.values() if p.kind == kind}
            start = area.valid_from if entity != "N31" else None
            entries.append(
                area_entry(
                    slugify(name),
                    name,
                    "fire-service",
                    "fire",
                    "organisation",
                    aliases,
                    area_place(area),
                    sorted(serves),
                    start,
                    area.valid_to,
                )
            )
    return entries


# --- community safety partnerships ------------------------------------------------------------


def build_csps(chd: dict[str, dict[str, Area]], places: dict[str, Place]) -> list[dict[str, Any]]:
    served = extend_serves(places, pairs("ons-lad19-csp19-pfa19.csv", "LAD19CD", "CSP19CD"))
    by_name = {match_key(clean_name(p.name)): p for p in places.values() if p.kind != "county"}
    groups: dict[str, list[Area]] = defaultdict(list)
    for entity in ("E22", "W14"):
        for area in chd.get(entity, {}).values():
            groups[slugify(clean_name(area.name)) + "-csp"].append(area)
    entries = []
    for eid, areas in sorted(groups.items()):
        areas.sort(key=lambda a: a.valid_to or "9999", reverse=True)
        base = clean_name(areas[0].name)
        serves = {c for a in areas for c in served.get(a.code, set())}
        place = by_name.get(match_key(base))
        if not serves and place is not None:
            serves = {place.code}
        starts = [a.valid_from for a in areas]
        ends = [a.valid_to for a in areas]
        aliases = [f"{base} CSP", f"{base} Community Safety Partnership"]
        aliases += [
            f"{clean_name(n)} Community Safety Partnership" for a in areas for n in a.all_names()
        ]
        entries.append(
            area_entry(
                eid,
                f"{base} Community Safety Partnership",
                "csp",
                "partnership",
                "partnership",
                aliases,
                {"name": place.name if place else base, "code": place.code if place else None},
                sorted(serves),
                None if None in starts else min(s for s in starts if s),
                None if None in ends else max(e for e in ends if e),
            )
        )
    return entries


# --- safeguarding boards, child protection committees, youth offending teams ------------------


def _span(members: list[Place]) -> tuple[str | None, str | None]:
    starts = [p.valid_from for p in members]
    ends = [p.valid_to for p in members]
    return (
        None if None in starts else min(s for s in starts if s),
        None if None in ends else max(e for e in ends if e),
    )


def _era(
    span: tuple[str | None, str | None], era_from: str | None, era_to: str | None
) -> tuple[str | None, str | None] | None:
    """The part of an era an area existed in, or None when it did not exist then."""
    start, end = span
    lo = max(filter(None, (start, era_from)), default=None)
    hi = min(filter(None, (end, era_to)), default=None)
    if lo and hi and lo > hi:
        return None
    return lo, hi


def _acronym(base: str) -> str | None:
    return base[0].upper() if " " not in base and "-" not in base else None


def build_boards(places: dict[str, Place]) -> list[dict[str, Any]]:
    groups: dict[str, list[Place]] = defaultdict(list)
    for place in places.values():
        if place.upper_tier:
            groups[place.slug].append(place)
    entries = []
    for slug, members in sorted(groups.items()):
        members.sort(key=lambda p: p.valid_to or "9999", reverse=True)
        latest = members[0]
        base = clean_name(latest.name)
        place = {"name": base, "code": latest.code}
        serves = [p.code for p in members]
        span = _span(members)
        letter = _acronym(base)
        country = latest.country

        def add(
            body: str,
            name: str,
            aliases: list[str],
            era: tuple[str | None, str | None] | None,
            kind: str = "partnership",
            sector: str = "partnership",
            suffix: str = "",
            slug: str = slug,
            place: dict[str, Any] = place,
            serves: list[str] = serves,
        ) -> None:
            if era is None:
                return
            entries.append(
                area_entry(
                    f"{slug}-{suffix or body}",
                    name,
                    body,
                    sector,
                    kind,
                    aliases,
                    place,
                    serves,
                    era[0],
                    era[1],
                )
            )

        if country == "England":
            add(
                "acpc",
                f"{base} Area Child Protection Committee",
                [f"{base} ACPC", f"{base} Child Protection Committee", f"ACPC {base}"],
                _era(span, None, ACPC_TO),
            )
            add(
                "lscb",
                f"{base} Local Safeguarding Children Board",
                [
                    f"{base} LSCB",
                    f"{base} Safeguarding Children Board",
                    f"{base} Safeguarding Children's Board",
                    f"{base} Local Safeguarding Children's Board",
                    f"LSCB {base}",
                    # "SLSCB" is Slough's, Salford's, ...: shared by design, the plan's area decides.
                    # "L" + "SCB" would be the generic "LSCB", which names no one board.
                    *(a for a in (f"{letter}LSCB", f"{letter}SCB") if letter and a != "LSCB"),
                ],
                _era(span, LSCB_FROM, LSCB_TO),
            )
            add(
                "safeguarding-partnership",
                f"{base} Safeguarding Children Partnership",
                [
                    f"{base} Safeguarding Partnership",
                    f"{base} Local Safeguarding Children Partnership",
                    f"{base} SCP",
                    f"{base} LSCP",
                    f"{base} Safeguarding Children's Partnership",
                ],
                _era(span, PARTNERSHIP_FROM, None),
            )
        elif country == "Wales":
            # Welsh LSCBs (2006 Wales regulations) gave way to regional boards; no cited dates.
            add(
                "lscb",
                f"{base} Local Safeguarding Children Board",
                [f"{base} LSCB", f"{base} Safeguarding Children Board"],
                span,
            )
        elif country == "Scotland":
            add(
                "child-protection-committee",
                f"{base} Child Protection Committee",
                [f"{base} CPC"],
                span,
                suffix="cpc",
            )
        if country in ("England", "Wales"):
            add(
                "yot",
                f"{base} Youth Offending Team",
                [f"{base} YOT", f"{base} Youth Offending Service", f"{base} YOS"],
                span,
                kind="organisation",
                sector="justice",
            )
    return entries
