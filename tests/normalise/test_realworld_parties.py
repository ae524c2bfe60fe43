"""Real party cells from published plans, read against SPEC's expectations (issue #14).

The figures (how each is counted: ``realworld_accuracy.py``) must stay at or above the issue's
targets, and no span may be matched to a body other than the one expected.
"""

from __future__ import annotations

import json

import pytest
from realworld_accuracy import DATA, Figures, load, measure, measure_bodies


@pytest.fixture(scope="module")
def figures() -> Figures:
    return measure()


def test_the_data_covers_many_plans_and_cells() -> None:
    data = load()
    assert len(data["titles"]) >= 40
    assert len(data["cells"]) >= 350
    assert all(cell["source"] in data["titles"] for cell in data["cells"])


def test_no_span_is_matched_to_a_wrong_body(figures: Figures) -> None:
    assert figures.wrong_bodies == []


def test_types_sectors_and_places_meet_the_targets(figures: Figures) -> None:
    assert figures.percent(figures.type_right) >= 90.0
    assert figures.percent(figures.sector_right) >= 85.0
    assert figures.percent(figures.place_right) >= 85.0


def test_cells_are_split_as_expected() -> None:
    # The first collection (realworld_parties.json) is split as expected throughout.
    data = load()
    first = {**data, "cells": json.loads(DATA.read_text(encoding="utf-8"))["cells"]}
    assert measure(first).split_differently == []


#: Cells of the second to fourth collections that the splitter still cuts otherwise than SPEC wants
#: (each is counted wrong in type, sector and place above). A new one here is a regression.
KNOWN_SPLITS = {
    "Growth, Resources, And Communities Scrutiny Committee",
    "Executive Director, Commercial and Financial Services – Surrey and Sussex Police",
    "Department of Children, Schools & Families",
    "Director General, Education & Public Services, Welsh Government",
    "Department for Local Government and Public Services, Welsh Government",
    # the third collection (realworld_parties_3.tsv): a misspelt post ("Govenor"), a body
    # misspelt as a post ("... Commissioner's Officer"), bodies the words do not tell
    "Domestic Abuse Co-ordinator, Police & Crime Commissioner’s Officer",
    "Govenor, HMP Norwich",
    "Safeguarding Adults Lead, East Coast Community Health Care",
    "Service Manager, Red Cross",
    # the fourth (realworld_parties_4.tsv): a post "of" a body then that body again; initials
    "Chairman of Calderdale Magistrates Court Youth Panel, Calderdale Magistrates Court",
    "CS & JR",
}


def test_no_new_cell_is_split_otherwise(figures: Figures) -> None:
    cells = {line.split(": [")[0].strip("'\"") for line in figures.split_differently}
    assert cells <= KNOWN_SPLITS


def test_issuing_bodies_are_never_wrong() -> None:
    found = measure_bodies()
    assert found.wrong == []
    assert len(found.right) >= 0.9 * (len(found.right) + len(found.unknown))
