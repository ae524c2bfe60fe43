"""The typed data between builder and validation has the records' field names, and no others."""

from __future__ import annotations

from pathlib import Path
from typing import get_type_hints

import pytest

from workplan_extract import recorddata as rd
from workplan_extract import records
from workplan_extract.normalise import normalise
from workplan_extract.pipeline import extract


@pytest.mark.parametrize(
    ("data", "model"),
    [
        (rd.WarningData, records.Warning),
        (rd.ActionData, records.Action),
        (rd.OutcomeData, records.Outcome),
        (rd.StatusData, records.Status),
        (rd.LocationData, records.Location),
        (rd.ItemData, records.Item),
        (rd.DocumentData, records.WorkplanDocument),
    ],
)
def test_each_typed_dict_names_exactly_its_models_fields(data: type, model: type) -> None:
    fields = set(model.model_fields)
    # schema_version is the model's constant, never data.
    assert set(get_type_hints(data)) == fields - {"schema_version"}


def test_a_draft_is_an_item_without_the_normalised_fields() -> None:
    normalised = {"audience", "lead_parties", "partners", "timings", "amounts"}
    columns = {"qualifiers", "roles"}  # what the columns tell the normaliser; never a record field
    assert (
        set(get_type_hints(rd.ItemDraft)) == set(records.Item.model_fields) - normalised | columns
    )
    assert get_type_hints(rd.ItemDraft)["meetings"] == list[str]


def test_a_validated_document_goes_back_to_drafts_and_normalises_the_same(samples: Path) -> None:
    doc = extract(samples / "lscb-workplan-2007-08.txt")
    assert [rd.draft_of(i)["meetings"] for i in doc.items][-1] == [
        m.text for m in doc.items[-1].meetings
    ]
    assert normalise(doc) == doc
