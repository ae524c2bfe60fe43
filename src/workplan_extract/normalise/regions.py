"""English regions, and the places of bodies the register leaves unplaced.

Government Offices (to 2011) and the strategic health authorities of 2006-2013 were regional:
"Government Office North East", "North East Strategic Health Authority" are placed in the North
East region (GSS E12000001, ONS regions, RGN codes), not in any local-authority area. The
register's places are local-authority areas only, so regions are named here: nine fixed names.

A register entry with no ``place`` that serves exactly one area whose name it carries
("NHS Bassetlaw Clinical Commissioning Group" serves Bassetlaw, E07000171) is placed there; one
whose name is a region's and its kind ("North East Strategic Health Authority") in that region.
"""

from __future__ import annotations

from workplan_extract.normalise.entries import PlaceRef, party_key
from workplan_extract.normalise.places import Places

#: The nine English regions (ONS RGN codes; London's is also the seeds' "E12000007").
REGIONS: dict[str, tuple[str, str]] = {
    "north east": ("North East", "E12000001"),
    "north west": ("North West", "E12000002"),
    "yorkshire and the humber": ("Yorkshire and The Humber", "E12000003"),
    "yorkshire and humber": ("Yorkshire and The Humber", "E12000003"),
    "east midlands": ("East Midlands", "E12000004"),
    "west midlands": ("West Midlands", "E12000005"),
    "east of england": ("East of England", "E12000006"),
    "london": ("London", "E12000007"),
    "south east": ("South East", "E12000008"),
    "south west": ("South West", "E12000009"),
}
#: Bodies whose area is a region: a region name at the start of their name is their place.
_REGIONAL_BODIES = {"sha": " strategic health authority"}
#: How a Government Office is written before its region: "Government Office for the North East".
_OFFICE_PREFIXES = ("government office for the ", "government office for ", "government office ")


def region(key: str) -> PlaceRef | None:
    """The region a ``party_key`` names exactly ("north east"), or None.

    >>> region("yorkshire and the humber")
    PlaceRef(name='Yorkshire and The Humber', code='E12000003')
    """
    found = REGIONS.get(key)
    return PlaceRef(*found) if found is not None else None


def government_office(key: str) -> PlaceRef | None:
    """The region of a Government Office written out ("government office north east").

    >>> government_office("government office for the north east").code
    'E12000001'
    >>> government_office("government office north") is None
    True
    """
    for prefix in _OFFICE_PREFIXES:
        if key.startswith(prefix):
            return region(key[len(prefix) :])
    return None


def derived_place(
    name: str, body: str | None, serves: tuple[str, ...], places: Places
) -> PlaceRef | None:
    """The place of an entry the register leaves unplaced, when its name and area tell it.

    A body serving one area is placed there only when its name carries that area's name: "NHS
    Nottingham West Clinical Commissioning Group" served Broxtowe, which its name does not say.
    """
    key = party_key(name)
    if body in _REGIONAL_BODIES:
        # The whole region only: "North East London Strategic Health Authority" (2002-2006)
        # served part of London, not the North East.
        suffix = _REGIONAL_BODIES[body]
        return region(key[: -len(suffix)]) if key.endswith(suffix) else None
    if len(serves) != 1:
        return None
    place = places.by_code.get(serves[0])
    if place is None:
        return None
    if f" {party_key(place.name)} " in f" {key} ":
        return PlaceRef(place.name, place.code)
    return None
