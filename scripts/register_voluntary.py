"""National charities from ``charities.tsv``, each with its registered charity number.

The number is identity evidence, not a matching form, so it is kept under the "_charity_number" key
(keys starting with "_" are ignored by the vocabulary loader). Rows marked "seed" are entries of
``normalise/data/parties.json`` and are not built again.
"""

from __future__ import annotations

from typing import Any

from register_bodies import area_entry
from register_sources import read_csv


def build_charities() -> list[dict[str, Any]]:
    entries = []
    for row in read_csv("charities.tsv"):
        if row["seed"]:
            continue
        entry = area_entry(
            row["id"],
            row["name"],
            "charity",
            "voluntary",
            "organisation",
            [a for a in row["aliases"].split("|") if a],
            None,
            [],
            None,
            None,
        )
        if row["successor"]:
            entry["successor"] = row["successor"]
        if row["predecessors"]:
            entry["predecessors"] = row["predecessors"].split("|")
        if row["charity_number"]:
            entry["_charity_number"] = row["charity_number"]
        entries.append(entry)
    return entries
