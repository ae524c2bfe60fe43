"""Build the national party register and the places file from the committed source extracts.

    python scripts/build_register.py           # writes register.json and places.json
    python scripts/build_register.py --check   # exits 1 when the committed files are stale

Reads only ``data/register-sources/`` (no network); the same extracts give the same bytes. The
entry format is described in the repository's register notes and README of the sources folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from register_bodies import area_entry, build_boards, build_csps, build_fire, build_police
from register_devolved import amend, build_devolved
from register_history import (
    build_health_authorities,
    build_ni_districts,
    build_scottish_forces,
    complete_sha2006,
)
from register_justice import build_probation
from register_nhs import build_ccgs_icbs, build_devolved_health, build_pcts, build_trusts
from register_places import build_councils, build_places
from register_sources import read_chd, read_csv
from register_voluntary import build_charities

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "workplan_extract" / "normalise" / "data"
SOURCE_NOTE = (
    "Generated from data/register-sources/ (see its README.md): ONS Code History Database "
    "(July 2024) and ONS lookups, NHS ODS etr, GOV.UK organisations (openregister), police.uk force "
    "names, mySociety local authority names, Charity Commission register numbers (drkane/charity-lookups), "
    "and cited pages and legislation for national bodies, probation, charities, pre-2009 NHS bodies and "
    "devolved bodies of Northern Ireland, Wales and Scotland."
)
LICENCE_NOTE = (
    "Open Government Licence v3.0 (ONS, NHS ODS, GOV.UK, police.uk, legislation.gov.uk); "
    "mySociety uk_local_authority_names_and_codes: CC BY 4.0. Charity numbers: Charity Commission "
    "register (OGL v3.0) via drkane/charity-lookups (ODbL 1.0). Contains public sector information "
    "licensed under the Open Government Licence v3.0."
)
KEY_ORDER = (
    "id",
    "name",
    "kind",
    "type",
    "sector",
    "body",
    "aliases",
    "place",
    "serves",
    "valid_from",
    "valid_to",
    "successor",
    "predecessors",
    "_charity_number",
)


def national_bodies() -> list[dict[str, Any]]:
    entries = []
    for row in read_csv("national-bodies.tsv"):
        aliases = [a for a in row["aliases"].split("|") if a]
        body, sector = row["body"], row["sector"]
        kind = "organisation"
        entry = area_entry(
            row["id"],
            row["name"],
            body,
            sector,
            kind,
            aliases,
            None,
            [],
            row["valid_from"] or None,
            row["valid_to"] or None,
        )
        if row["successor"]:
            entry["successor"] = row["successor"]
        if row["predecessors"]:
            entry["predecessors"] = row["predecessors"].split("|")
        entries.append(entry)
    return entries


def seed_ids() -> set[str]:
    seeds = json.loads((DATA / "parties.json").read_text(encoding="utf-8"))
    return {e["id"] for e in seeds["entries"]}


def link_predecessors(entries: list[dict[str, Any]]) -> None:
    """Each successor names its predecessors (the inverse link, for readers that walk back)."""
    by_id = {e["id"]: e for e in entries}
    for entry in entries:
        target = by_id.get(entry.get("successor", ""))
        if target is not None:
            preds = set(target.get("predecessors", [])) | {entry["id"]}
            target["predecessors"] = sorted(preds)


def build() -> tuple[dict[str, Any], dict[str, Any]]:
    chd = read_chd()
    places = build_places(chd)
    seeds = seed_ids()
    pcts_shas, _ = build_pcts(chd, places, seeds)
    complete_sha2006(pcts_shas, chd, places)
    entries = [
        *build_councils(places),
        *build_police(chd, places, seeds),
        *build_fire(chd, places),
        *build_csps(chd, places),
        *build_boards(places),
        *pcts_shas,
        *build_ccgs_icbs(chd, places),
        *build_devolved_health(chd, places),
        *build_trusts(),
        *national_bodies(),
        *build_charities(),
        *build_probation(chd, places),
        *build_ni_districts(places),
        *build_scottish_forces(chd, places),
        *build_health_authorities(places),
        *build_devolved(places),
        *build_devolved(places, "pcts-2001-2006.tsv"),
    ]
    seen: dict[str, str] = {}
    for entry in entries:
        if entry["id"] in seeds:
            raise SystemExit(f"build_register: {entry['id']} is a seed id in parties.json")
        if entry["id"] in seen:
            raise SystemExit(
                f"build_register: duplicate id {entry['id']} ({entry['name']} / {seen[entry['id']]})"
            )
        seen[entry["id"]] = entry["name"]
    amend(entries, places)
    link_predecessors(entries)
    ordered = [
        {k: e[k] for k in KEY_ORDER if k in e} for e in sorted(entries, key=lambda e: e["id"])
    ]
    register = {
        "_source": SOURCE_NOTE,
        "_licence": LICENCE_NOTE,
        "_generated_by": "scripts/build_register.py",
        "entries": ordered,
    }
    places_doc = {
        "_source": SOURCE_NOTE,
        "_licence": LICENCE_NOTE,
        "_generated_by": "scripts/build_register.py",
        "places": [places[c].as_json() for c in sorted(places)],
    }
    return register, places_doc


def dump(document: dict[str, Any], items: str) -> str:
    """One entry per line: small diffs when a source is refreshed, and still plain JSON."""
    head = {k: v for k, v in document.items() if k != items}
    lines = [json.dumps(x, ensure_ascii=False, separators=(",", ":")) for x in document[items]]
    body = ",\n".join(lines)
    header = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    return f'{header},\n "{items}": [\n{body}\n]}}\n'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed files differ")
    args = parser.parse_args(argv)
    register, places_doc = build()
    outputs = {
        DATA / "register.json": dump(register, "entries"),
        DATA / "places.json": dump(places_doc, "places"),
    }
    stale = [
        p for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for path in stale:
            print(f"build_register: {path.relative_to(ROOT)} is out of date", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    print(f"register: {len(register['entries'])} entries; places: {len(places_doc['places'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
