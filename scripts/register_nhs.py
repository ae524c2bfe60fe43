"""NHS bodies by era from the extracts: PCTs, SHAs, CCGs, ICBs, Welsh and Scottish boards, trusts."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from register_bodies import area_entry
from register_places import Place, places_by_key
from register_sources import Area, match_key, pairs, read_csv, slugify

_SMALL = {"and", "of", "the", "for", "in", "upon", "on", "at"}
_UPPER = {"NHS", "UK"}


def _place_for(base: str, by_key: dict[str, list[Place]]) -> list[Place]:
    """Upper-tier places whose name is exactly ``base`` (also without "City"/"County")."""
    key = match_key(base)
    found = by_key.get(key) or by_key.get(re.sub(r" (city|county)$", "", key))
    return found or []


def _place_ref(members: list[Place], base: str) -> dict[str, Any] | None:
    if not members:
        return None
    latest = max(members, key=lambda p: p.valid_to or "9999")
    return {"name": base, "code": latest.code}


def build_pcts(
    chd: dict[str, dict[str, Area]], places: dict[str, Place], seeds: set[str]
) -> tuple[list[dict[str, Any]], dict[str, set[str]]]:
    """PCTs (ONS E16; the 152 of 2006-2013) and SHAs (E18); SHAs serve their PCTs' areas."""
    by_key = places_by_key(places)
    entries = []
    sha_serves: dict[str, set[str]] = defaultdict(set)
    for _code, area in sorted(chd.get("E16", {}).items()):
        full = area.name
        base = re.sub(r" Teaching$", "", full)
        members = _place_for(base, by_key)
        eid = (members[0].slug if members else slugify(base)) + "-pct"
        aliases = [f"{base} PCT", f"NHS {base}", f"{base} Primary Care Trust"]
        if full != base:
            aliases += [f"{full} PCT", f"{full} Primary Care Trust", f"NHS {full}"]
        serves = [p.code for p in members]
        for v in area.versions:
            if v.parent:
                sha_serves[v.parent].update(serves)
        entries.append(
            area_entry(
                eid,
                f"{full} Primary Care Trust",
                "pct",
                "health",
                "organisation",
                aliases,
                _place_ref(members, base),
                serves,
                # A start other than the 2009 recoding day is a PCT formed then (Hertfordshire,
                # 1 April 2010, from East and North and West Hertfordshire, which end the day before).
                area.valid_from,
                area.valid_to,
            )
        )
    for code, area in sorted(chd.get("E18", {}).items()):
        base = area.name
        name = f"{base} Strategic Health Authority"
        if base == "London":
            continue  # NHS London is a seed entry
        eid = slugify(base) + "-sha"
        entries.append(
            area_entry(
                eid,
                name,
                "sha",
                "health",
                "organisation",
                [f"{base} SHA", f"NHS {base}", f"{base} Strategic HA"],
                None,
                sorted(sha_serves.get(code, set())),
                None,
                area.valid_to,
            )
        )
    return _merge(entries), sha_serves


def _merge(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries sharing an id (a body recoded by ONS) become one: serves, aliases and span joined."""
    merged: dict[str, dict[str, Any]] = {}
    for e in entries:
        seen = merged.get(e["id"])
        if seen is None:
            merged[e["id"]] = e
            continue
        seen["aliases"] = sorted(set(seen["aliases"]) | set(e["aliases"]) - {seen["name"]})
        if e.get("serves") or seen.get("serves"):
            seen["serves"] = sorted(set(seen.get("serves", [])) | set(e.get("serves", [])))
        for key, pick in (("valid_from", min), ("valid_to", max)):
            if key in seen and key in e:
                seen[key] = pick(seen[key], e[key])
            else:
                seen.pop(key, None)
    return list(merged.values())


#: Clinical commissioning groups were abolished and integrated care boards established on 1 July
#: 2022: "clinical commissioning group" means a body "which, immediately before 1st July 2022, was
#: established" (SI 2022/634, regulation 58); ICBs were "formally established on 1 July 2022, at the
#: same time as abolishing Clinical Commissioning Groups" (NHS England). The Code History Database
#: agrees: CCG versions end on 30 June 2022, and a CCG code still live after that is the "sub-ICB
#: location" (``NHS Dorset ICB - 11J``) of the ICB it is part of, which is no body of its own.
ICB_FROM = "2022-07-01"
_SUB_ICB = re.compile(r"\bICB - ")


def build_ccgs_icbs(
    chd: dict[str, dict[str, Area]], places: dict[str, Place]
) -> list[dict[str, Any]]:
    by_key = places_by_key(places)
    ccg_lads = pairs("ons-ccg20-lad20-pairs.csv", "CCG20CD", "LAD20CD")
    # CCGs merged away before April 2020 take their districts from the 2018, then 2017, lookup.
    for name, year in (("ons-ccg18-lad18-pairs.csv", "18"), ("ons-ccg17-lad17-pairs.csv", "17")):
        for ccg, lads in pairs(name, f"CCG{year}CD", f"LAD{year}CD").items():
            ccg_lads.setdefault(ccg, lads)
    icb_ccgs: dict[str, set[str]] = defaultdict(set)  # E54 code -> its sub-ICB locations' codes
    icb_of: dict[str, str] = {}  # CCG id -> the E54 code its code went on in as a sub-ICB location
    entries = []
    for code, area in sorted(chd.get("E38", {}).items()):
        for v in area.versions:
            if v.start >= ICB_FROM and v.parent.startswith("E54"):
                icb_ccgs[v.parent].add(code)
        ccg_versions = [v for v in area.versions if v.start < ICB_FROM]
        if not ccg_versions:
            continue  # a sub-ICB location coded after 2022 (Sussex, Surrey Heartlands): never a CCG
        latest = ccg_versions[0]
        base = re.sub(r"^NHS | CCG$", "", latest.name).strip()
        members = _place_for(base, by_key)
        eid = (members[0].slug if members else slugify(base)) + "-ccg"
        names = [n for v in ccg_versions for n in (v.name, *v.alt_names)]
        aliases = [
            *(n for n in dict.fromkeys(names) if not _SUB_ICB.search(n)),
            f"{base} CCG",
            f"NHS {base} CCG",
            f"{base} Clinical Commissioning Group",
            f"NHS {base} Clinical Commissioning Group",
        ]
        serves = sorted(ccg_lads.get(code, set()) or {p.code for p in members})
        icb_of.update((eid, v.parent) for v in area.versions if v.start >= ICB_FROM)
        entries.append(
            area_entry(
                eid,
                f"NHS {base} Clinical Commissioning Group",
                "ccg",
                "health",
                "organisation",
                aliases,
                _place_ref(members, base),
                serves,
                min(v.start for v in ccg_versions),
                latest.end or None,
            )
        )
    stp_ccgs = pairs("ons-ccg20-stp20.csv", "STP20CD", "CCG20CD")
    icb_ids: dict[str, str] = {}
    for code, area in sorted(chd.get("E54", {}).items()):
        icb_versions = [v for v in area.versions if v.start >= ICB_FROM]
        if not icb_versions:
            continue  # a sustainability and transformation partnership that never became an ICB
        name = icb_versions[-1].name
        base = re.sub(r"^NHS | Integrated Care Board$", "", name).strip()
        # The districts of the CCGs whose codes became this ICB's sub-ICB locations (Code History
        # Database parents: boundaries as of July 2022). Where one of those CCGs has no lookup (a
        # merger of April 2021), the districts the April 2020 lookup puts in the STP of this code
        # are added.
        ccgs = icb_ccgs.get(code, set())
        if not ccgs or not all(c in ccg_lads for c in ccgs):
            ccgs = ccgs | stp_ccgs.get(code, set())
        serves = sorted({lad for ccg in ccgs for lad in ccg_lads.get(ccg, set())})
        # Only names of the ICB itself: the STP names of the code's earlier versions ("Staffordshire",
        # "Humber, Coast and Vale") were another body's.
        icb_names = [n for v in icb_versions for n in (v.name, *v.alt_names)]
        aliases = [
            f"NHS {base} ICB",
            f"{base} ICB",
            f"{base} Integrated Care Board",
            *(n for n in icb_names if n != name and "Integrated Care" in n),
        ]
        icb_ids[code] = slugify(base) + "-icb"
        entries.append(
            area_entry(
                icb_ids[code],
                name,
                "icb",
                "health",
                "organisation",
                aliases,
                None,
                serves,
                min(v.start for v in icb_versions),
                area.valid_to,
            )
        )
    for entry in entries:  # a CCG whose code went on as a sub-ICB location: that ICB took it over
        if entry["id"] in icb_of and icb_of[entry["id"]] in icb_ids:
            entry["successor"] = icb_ids[icb_of[entry["id"]]]
    return _merge(entries)


def build_devolved_health(
    chd: dict[str, dict[str, Area]], places: dict[str, Place]
) -> list[dict[str, Any]]:
    """Wales' local health boards (W11) and Scotland's NHS boards (S08)."""
    by_key = places_by_key(places)
    lhb_uas = pairs("ons-ua19-lhb19.csv", "LHB19CD", "UA19CD")
    entries = []
    for code, area in sorted(chd.get("W11", {}).items()):
        full = area.name
        if "Health Board" in full:
            name, base, members = full, full, []
        else:
            base = re.sub(r" Teaching$", "", full).replace("Anglesey", "Isle of Anglesey")
            name = f"{full} Local Health Board"
            members = _place_for(base.replace("The Vale", "Vale"), by_key)
        serves = sorted(lhb_uas.get(code, set()) or {p.code for p in members})
        if "Health Board" in full:  # a health board of 2009 on: its Welsh name, as ONS gives it
            aliases = [n for n in area.all_names() if n != full]
        else:  # "Powys Teaching LHB", "Powys Local Health Board"; English place names only
            english = {p.name for p in places.values() if p.country == "Wales"}
            short = re.sub(r" Teaching$", "", full)
            names = [full, short, *(n for n in area.all_names() if n in english)]
            aliases = [form for n in names for form in (f"{n} LHB", f"{n} Local Health Board")]
        entries.append(
            area_entry(
                slugify(name),
                name,
                "local-health-board",
                "health",
                "organisation",
                aliases,
                _place_ref(members, base),
                serves,
                area.valid_from,
                area.valid_to,
            )
        )
    for _code, area in sorted(chd.get("S08", {}).items()):
        base = area.name
        # S08 codes start with the 2006 boundaries, not the boards ("introduced in 1974", ONS Scottish
        # health geography; see devolved-bodies.tsv): only Greater Glasgow and Clyde took its name then.
        start = area.valid_from if base == "Greater Glasgow and Clyde" else None
        entries.append(
            area_entry(
                slugify(base) + "-health-board",
                f"NHS {base}",
                "health-board",
                "health",
                "organisation",
                [f"{base} Health Board", f"NHS {base} Health Board"],
                None,
                [],
                start,
                area.valid_to,
            )
        )
    return _merge(entries)


def title_case(upper: str) -> str:
    """ODS names are upper case: "GUY'S AND ST THOMAS' NHS FOUNDATION TRUST" -> "Guy's and St Thomas' NHS Foundation Trust"."""
    words = []
    for i, word in enumerate(upper.split()):
        parts = []
        for part in word.split("-"):
            low = part.lower()
            if part in _UPPER:
                parts.append(part)
            elif low in _SMALL and (i > 0 or parts):
                parts.append(low)
            else:
                parts.append(low[:1].upper() + low[1:])
        words.append("-".join(parts))
    return " ".join(words)


def _iso(yyyymmdd: str) -> str | None:
    return f"{yyyymmdd[:4]}-{yyyymmdd[4:6]}-{yyyymmdd[6:]}" if yyyymmdd else None


def build_trusts() -> list[dict[str, Any]]:
    entries = []
    for row in read_csv("ods-etr-2022-03.csv"):
        name = title_case(row["name"])
        aliases = []
        if name.startswith("The "):
            aliases.append(name[4:])
        if " NHS Foundation Trust" in name:
            aliases.append(name.replace(" NHS Foundation Trust", " NHS FT"))
        entries.append(
            area_entry(
                slugify(name),
                name,
                "nhs-trust",
                "health",
                "organisation",
                aliases,
                None,
                [],
                _iso(row["open_date"]),
                _iso(row["close_date"]),
            )
        )
    return entries
