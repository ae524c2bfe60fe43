"""The repository documents itself: the record contract page and the README (issue 16.16-17)."""

from __future__ import annotations

import re
from pathlib import Path

from workplan_extract.contract import BEGIN, END, render_document

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "records.md"
README = ROOT / "README.md"


def test_the_contract_page_matches_the_models() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    assert render_document(text) == text, "docs/records.md is out of date: run `make schemas`"


def test_the_contract_page_names_every_field_of_every_model() -> None:
    from workplan_extract.records import SCHEMA_MODELS

    text = PAGE.read_text(encoding="utf-8")
    for model in SCHEMA_MODELS:
        section = text.split(f"### `{model.__name__}`", 1)[1].split("### ", 1)[0]
        for name in model.model_fields:
            assert f"| `{name}` |" in section, (model.__name__, name)


def test_the_readme_points_only_inside_the_repository() -> None:
    """The README pointed at ../shared/SPEC.md, which is not in the repository."""
    text = README.read_text(encoding="utf-8")
    assert "shared/" not in text and "SPEC.md" not in text
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if not target.startswith(("http://", "https://")):
            assert (ROOT / target).exists(), target
    assert "(docs/records.md)" in text


def test_the_readme_names_the_outputs_of_a_batch() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Outputs of a batch", 1)[1].split("\n## ", 1)[0]
    for name in ("manifest.jsonl", "errors.csv", "settings.jsonl", "items.csv", "tables/"):
        assert name in section, name
    assert "documents.jsonl" in section and "--format" in section


def test_the_readme_lists_every_error_code() -> None:
    from workplan_extract.errors import ERROR_CLASSES

    text = README.read_text(encoding="utf-8")
    for cls in ERROR_CLASSES:
        assert f"| `{cls.code}` |" in text, cls.code
