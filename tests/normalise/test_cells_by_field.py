"""``cells_by_field`` (one pass over an item's cells) against ``field_cells`` (one pass per
field asked), which the normaliser used before: the same cells, in the same order."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from workplan_extract.normalise.columns import cells_by_field, field_cells

EXPECTED = Path(__file__).resolve().parents[2] / "samples" / "expected"

# Keys as the item builder makes them ("lead_parties", "lead_parties_2") and awkward ones:
# several underscores, a trailing one, a leading one, digits that are not ASCII ("²").
_KEYS = st.text(alphabet="ab_12²", max_size=7) | st.sampled_from(
    ["lead_parties", "lead_parties_2", "lead_parties_10", "timings", "timings_2", "_2", "x_2_3"]
)


def _agrees(cells: dict[str, str]) -> None:
    grouped = cells_by_field(cells)
    fields = set(cells) | {key.rpartition("_")[0] for key in cells} | {"", "timings"}
    for field in fields:
        assert grouped.get(field, []) == list(field_cells(cells, field)), field
    assert all(grouped[field] for field in grouped)


@given(st.dictionaries(_KEYS, st.text(max_size=3), max_size=8))
def test_agrees_with_field_cells(cells: dict[str, str]) -> None:
    _agrees(cells)


def test_agrees_on_the_samples_items() -> None:
    count = 0
    for path in sorted(EXPECTED.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
            _agrees(item["cells"])
            count += 1
    assert count > 100


def test_a_numbered_column_feeds_its_field_and_itself() -> None:
    grouped = cells_by_field({"lead_parties": "GOL", "other": "x", "lead_parties_2": "MPS"})
    assert grouped["lead_parties"] == [("lead_parties", "GOL"), ("lead_parties_2", "MPS")]
    assert grouped["lead_parties_2"] == [("lead_parties_2", "MPS")]
    assert grouped["other"] == [("other", "x")]
    assert "timings" not in grouped
