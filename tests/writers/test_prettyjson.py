"""``pretty_json`` (pydantic-core's encoder where it writes Python's text) is ``json.dumps``
with ``indent=2``: the same text for every sample's document and for generated data, and the
same ValueError for a NaN or an infinity (STYLE.md: a fast path is proven against the slow
one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workplan_extract.writers import prettyjson
from workplan_extract.writers.prettyjson import pretty_json

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _slow(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, indent=2)


def _fast_text(data: object) -> str | None:
    """pydantic-core's indented text, or None where ``pretty_json`` would not take it."""
    compact = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    try:
        if prettyjson._core_to_json(data).decode() != compact:
            return None
        return prettyjson._core_to_json(data, indent=2).decode()
    except prettyjson.PydanticSerializationError:
        return None


@pytest.mark.parametrize(
    "name", sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx", ".html"))
)
def test_every_sample_document_is_written_as_json_dumps_writes_it(
    name: str, sample_record: object
) -> None:
    doc = sample_record(name)  # type: ignore[operator]
    data = doc.model_dump(mode="json")
    assert _fast_text(data) is not None, "the fast path never ran"
    assert pretty_json(data) == _slow(data)


_FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [1e-05, 0.0001, 1e16, 1e15 + 0.5, 5e-324, -0.0, 92.5, 80000.0, 1.7976931348623157e308]
)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | _FLOATS
    | st.text()
    | st.sampled_from(['a": 1e5', "\u2028", "\x7f", "\ud800", "tab\there", "£80k", '"q"\\'])
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(_JSON)
def test_generated_data_is_written_as_json_dumps_writes_it(data: object) -> None:
    try:
        expected = _slow(data)
    except ValueError:
        with pytest.raises(ValueError, match="JSON compliant"):
            pretty_json(data)
        return
    assert pretty_json(data) == expected


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_the_common_floats_take_the_fast_path(value: float) -> None:
    """Python's spelling and pydantic-core's agree from 1e-4 to 1e16 (so a document's scores and
    amounts take the fast path), and where they do not, the slow path decides."""
    fast = _fast_text({"value": value})
    if 1e-4 <= abs(value) < 1e16 or value == 0:
        assert fast is not None
    assert pretty_json({"value": value}) == _slow({"value": value})
