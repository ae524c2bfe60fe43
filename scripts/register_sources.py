"""Readers for the committed source extracts under ``data/register-sources/`` (see its README.md).

Each reader returns plain data; ``build_register.py`` turns it into places and register entries.
Nothing here touches the network: the extracts were cut once by ``data/register-sources/extract.py``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

SOURCES = Path(__file__).resolve().parents[1] / "data" / "register-sources"

#: The day ONS issued the nine-character GSS codes. A code "starting" then says nothing about when
#: the body began (most councils are far older), so it never becomes a ``valid_from``.
GSS_RECODING_DAY = "2009-01-01"


@dataclass
class Version:
    """One row of the Code History Database: a code's name and status over one period."""

    start: str
    end: str
    status: str
    name: str
    alt_names: tuple[str, ...]
    parent: str


@dataclass
class Area:
    """Every version of one GSS code, newest first."""

    entity: str
    code: str
    versions: list[Version] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.versions[0].name

    @property
    def valid_from(self) -> str | None:
        first = min(v.start for v in self.versions)
        return None if first in ("", GSS_RECODING_DAY) else first

    @property
    def valid_to(self) -> str | None:
        latest = self.versions[0]
        return latest.end or None if latest.status == "terminated" else None

    def all_names(self) -> list[str]:
        names: list[str] = []
        for v in self.versions:
            for n in (v.name, *v.alt_names):
                if n and n not in names:
                    names.append(n)
        return names


def read_chd() -> dict[str, dict[str, Area]]:
    """The ONS Code History Database extract, by entity type (E06, E23 ...) then code."""
    out: dict[str, dict[str, Area]] = defaultdict(dict)
    with open(SOURCES / "ons-chd-2024-07.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            area = out[row["entity"]].setdefault(row["code"], Area(row["entity"], row["code"]))
            alts = tuple(a for a in row["alt_names"].split("|") if a)
            area.versions.append(
                Version(row["start"], row["end"], row["status"], row["name"], alts, row["parent"])
            )
    for areas in out.values():
        for area in areas.values():
            area.versions.sort(key=lambda v: v.start, reverse=True)
    return dict(out)


def read_csv(name: str) -> list[dict[str, str]]:
    """A CSV or TSV extract; lines starting with '#' are its provenance header."""
    path = SOURCES / name
    delimiter = "\t" if path.suffix == ".tsv" else ","
    with open(path, encoding="utf-8-sig", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter=delimiter))


def pairs(name: str, left: str, right: str) -> dict[str, set[str]]:
    """``right`` codes by ``left`` code from a lookup extract."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in read_csv(name):
        out[row[left]].add(row[right])
    return dict(out)


def slugify(text: str) -> str:
    """Kebab-case ASCII: "Bristol, City of" -> "bristol-city-of"; "&" reads as "and"."""
    folded = unicodedata.normalize("NFKD", text.replace("&", " and "))
    ascii_text = folded.encode("ascii", "ignore").decode().lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def match_key(text: str) -> str:
    """A loose key for comparing names across sources (case, "&", hyphens and commas ignored)."""
    return slugify(text).replace("-", " ")
