"""Devolved and national bodies from ``devolved-bodies.tsv`` (and PCTs before 2006 from
``pcts-2001-2006.tsv``, same columns), and cited facts about generated entries
from ``register-amendments.tsv`` (all written by hand from the pages their headers cite).

Northern Ireland's health and social care bodies and safeguarding board, Wales's regional safeguarding
children boards, Scotland's fire and rescue services before 2013 and health boards before 2006, and
national agencies. A body serves every code of the place slugs its row lists (one area recoded by ONS
keeps one slug); rows of areas that are not whole councils list none. A police force or fire service
that ended before its area had a GSS code has that area's name as place, with code null.
"""

from __future__ import annotations

from typing import Any

from register_bodies import area_entry
from register_places import Place
from register_sources import read_csv


def _codes_by_slug(places: dict[str, Place]) -> dict[str, list[str]]:
    codes_by_slug: dict[str, list[str]] = {}
    for place in places.values():
        codes_by_slug.setdefault(place.slug, []).append(place.code)
    return codes_by_slug


def _serves(row: dict[str, str], codes_by_slug: dict[str, list[str]], source: str) -> list[str]:
    """Every code of the place slugs a row lists (one area recoded by ONS keeps its slug)."""
    serves: list[str] = []
    for slug in filter(None, row["serves"].split("|")):
        if slug not in codes_by_slug:
            raise SystemExit(f"{source}: {row['id']} serves unknown place {slug!r}")
        serves += codes_by_slug[slug]
    return serves


def build_devolved(
    places: dict[str, Place], source: str = "devolved-bodies.tsv"
) -> list[dict[str, Any]]:
    """The rows of ``source`` (``devolved-bodies.tsv`` or a file of its columns) as entries."""
    codes_by_slug = _codes_by_slug(places)
    entries = []
    for row in read_csv(source):
        serves = _serves(row, codes_by_slug, source)
        entry = area_entry(
            row["id"],
            row["name"],
            row["body"],
            row["sector"],
            row["kind"],
            [a for a in row["aliases"].split("|") if a],
            {"name": row["place"], "code": None} if row["place"] else None,
            serves,
            row["valid_from"] or None,
            row["valid_to"] or None,
        )
        if row["successor"]:
            entry["successor"] = row["successor"]
        entries.append(entry)
    return entries


def amend(entries: list[dict[str, Any]], places: dict[str, Place]) -> None:
    """Add the cited aliases, areas, dates and successors of entries other builders made; a value
    an entry already has is kept (a source that disagrees with it is an error to resolve by hand)."""
    by_id = {e["id"]: e for e in entries}
    codes_by_slug = _codes_by_slug(places)
    for row in read_csv("register-amendments.tsv"):
        entry = by_id.get(row["id"])
        if entry is None:
            raise SystemExit(f"register-amendments.tsv: no entry {row['id']!r}")
        serves = _serves(row, codes_by_slug, "register-amendments.tsv")
        if serves and entry.get("serves"):
            raise SystemExit(f"register-amendments.tsv: {row['id']} already serves places")
        if serves:
            entry["serves"] = sorted(set(serves))
        for alias in filter(None, row["aliases"].split("|")):
            if alias != entry["name"] and alias not in entry["aliases"]:
                entry["aliases"].append(alias)
        for key in ("valid_from", "valid_to", "successor"):
            value = row[key]
            if not value:
                continue
            if entry.get(key) not in (None, value):
                raise SystemExit(
                    f"register-amendments.tsv: {row['id']} {key} {value} != {entry[key]}"
                )
            entry[key] = value
