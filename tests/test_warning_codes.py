"""Warning codes are stable, documented in the README, and the only ones records carry."""

from __future__ import annotations

import json
from pathlib import Path

from workplan_extract.warning_codes import all_codes, listed_codes

ROOT = Path(__file__).resolve().parent.parent


def test_every_golden_warning_uses_a_listed_code() -> None:
    codes = all_codes()
    seen = set()
    for golden in (ROOT / "samples" / "expected").glob("*.json"):
        for warning in json.loads(golden.read_text(encoding="utf-8"))["warnings"]:
            assert warning["code"] in codes, f"{golden.name}: unlisted code {warning['code']}"
            seen.add(warning["code"])
    assert {"party.unmatched", "timing.repaired", "outcome.label_without_action"} <= seen


def test_readme_lists_every_warning_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [code for code in all_codes() if f"`{code}`" not in readme]
    assert not missing, f"README's warnings table lacks {missing}"


def test_the_literal_and_the_table_list_the_same_codes() -> None:
    assert list(all_codes()) == list(listed_codes())
