"""Places (every UK local authority area with a GSS code) and their councils, from the extracts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from register_sources import Area, match_key, read_csv, slugify

#: ONS entity type -> place kind (register_format.md).
KINDS = {
    "E06": "unitary",
    "E07": "non-metropolitan-district",
    "E08": "metropolitan-district",
    "E09": "london-borough",
    "E10": "county",
    "W06": "welsh-principal-area",
    "S12": "scottish-council",
    "N09": "ni-district",
}
COUNTRIES = {"E": "England", "W": "Wales", "S": "Scotland", "N": "Northern Ireland"}
#: Kinds whose council is a children's services (or, in Scotland, social work) authority: the
#: level at which safeguarding boards and youth offending teams are organised.
UPPER_TIER = {
    "unitary",
    "metropolitan-district",
    "london-borough",
    "county",
    "welsh-principal-area",
    "scottish-council",
}
_INVERTED = (", City of", ", County of")


def clean_name(ons_name: str) -> str:
    """ONS sorts some names by their main word: "Bristol, City of" is Bristol."""
    for suffix in _INVERTED:
        if ons_name.endswith(suffix):
            return ons_name[: -len(suffix)]
    return ons_name


@dataclass
class Place:
    code: str
    name: str
    kind: str
    area: Area
    official: str | None = None
    replaced_by: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return slugify(clean_name(self.name))

    @property
    def country(self) -> str:
        return COUNTRIES[self.code[0]]

    @property
    def upper_tier(self) -> bool:
        return self.kind in UPPER_TIER

    @property
    def valid_from(self) -> str | None:
        return self.area.valid_from

    @property
    def valid_to(self) -> str | None:
        return self.area.valid_to

    def parents(self) -> list[str]:
        return sorted({v.parent for v in self.area.versions if v.parent.startswith("E10")})

    def aliases(self) -> list[str]:
        names = [clean_name(self.name), *self.area.all_names()]
        if self.official:
            names.append(self.official)
        if self.name.endswith(", City of"):
            names.append("City of " + clean_name(self.name))
        return unique([n for n in names if n != self.name])

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "slug": self.slug,
            "kind": self.kind,
            "country": self.country,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "aliases": self.aliases(),
            "parents": self.parents(),
            "upper_tier": self.upper_tier,
        }


def unique(items: list[str]) -> list[str]:
    """The items in order, each once, runs of spaces in them made one (ONS writes "South West  Lincolnshire")."""
    seen: set[str] = set()
    out: list[str] = []
    for item in (" ".join(i.split()) for i in items):
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def build_places(chd: dict[str, dict[str, Area]]) -> dict[str, Place]:
    mysoc = {r["gss-code"]: r for r in read_csv("mysociety-uk-local-authorities.csv")}
    places: dict[str, Place] = {}
    for entity, kind in KINDS.items():
        for code, area in chd.get(entity, {}).items():
            row = mysoc.get(code)
            official = row["official-name"] if row else None
            replaced = [c for c in row["replaced-by-gss"].split("|") if c] if row else []
            places[code] = Place(code, area.name, kind, area, official, replaced)
    return places


def places_by_key(places: dict[str, Place]) -> dict[str, list[Place]]:
    """Upper-tier places by the match key of their clean name (several codes can share one)."""
    out: dict[str, list[Place]] = {}
    for place in places.values():
        if place.upper_tier:
            out.setdefault(match_key(clean_name(place.name)), []).append(place)
    return out


# --- councils -------------------------------------------------------------------------------


def council_id(place: Place) -> str:
    return place.slug + ("-county-council" if place.kind == "county" else "-council")


def council_aliases(place: Place, base: str) -> list[str]:
    """Forms real plans use for a council: "LB Camden", "Camden Council", "RB Kensington and Chelsea"."""
    official = place.official or ""
    forms = [f"{base} County Council"] if place.kind == "county" else [f"{base} Council"]
    # The City of London is coded with the boroughs (E09) but is none: no "LB City of London".
    borough = place.kind == "london-borough" and base != "City of London"
    if borough and not official.startswith("Royal Borough"):
        forms += [
            f"London Borough of {base}",
            f"LB {base}",
            f"LB of {base}",
            f"L B {base}",
            f"{base} London Borough Council",
        ]
    if official.startswith("Royal Borough of "):
        forms += [f"Royal Borough of {base}", f"RB {base}", f"RB of {base}"]
    forms += [n for n in place.area.all_names() if "Council" in n or "Borough of" in n]
    return forms


def build_councils(places: dict[str, Place]) -> list[dict[str, Any]]:
    groups: dict[str, list[Place]] = {}
    for place in places.values():
        groups.setdefault(council_id(place), []).append(place)
    entries = []
    for cid, members in groups.items():
        # The newest code names the council; older codes of the same council (boundary recodings,
        # or a district that became a unitary under the same name) are served too.
        members.sort(key=lambda p: (p.valid_to or "9999", p.valid_from or ""), reverse=True)
        latest = members[0]
        base = clean_name(latest.name)
        generated = "London Borough of " if latest.kind == "london-borough" else ""
        name = latest.official or (
            f"{base} County Council"
            if latest.kind == "county"
            else f"{generated}{base}" + ("" if generated else " Council")
        )
        name = " ".join(name.split())
        aliases: list[str] = []
        for member in members:
            aliases += council_aliases(member, clean_name(member.name))
            if member.official:
                aliases.append(member.official)
        entry: dict[str, Any] = {
            "id": cid,
            "name": name,
            "kind": "organisation",
            "type": "organisation",
            "sector": "local-government",
            "body": "council",
            "aliases": [a for a in unique(aliases) if a != name],
            "place": {"name": base, "code": latest.code},
            "serves": sorted(p.code for p in members),
        }
        starts = [p.valid_from for p in members]
        ends = [p.valid_to for p in members]
        if None not in starts:
            entry["valid_from"] = min(s for s in starts if s)
        if None not in ends:
            entry["valid_to"] = max(e for e in ends if e)
        successors = {council_id(places[c]) for c in latest.replaced_by if c in places}
        if entry.get("valid_to") and len(successors) == 1:
            entry["successor"] = successors.pop()
        entries.append(entry)
    return entries
