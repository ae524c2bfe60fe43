"""Real published plans, written as real documents, extracted end to end and scored.

``plans/*.json`` are transcriptions of published UK plans and of tables from the same papers that
are not plans (forward plans, risk registers, indicator tables, agendas), each with the extraction
SPEC asks for, written by hand. Each is built as .docx, .html and .xlsx (``render.py``), and as
.pdf printed from the .docx by LibreOffice when it is installed, and scored (``score.py``);
``baseline.json`` holds the counts the tool reached when it was last measured (``measure.py
--write-baseline``). The test is a ratchet: fewer right values, or any confidently wrong value not
recorded there, fails; a refused non-plan must stay refused.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workplan_extract import extract
from workplan_extract.errors import WorkplanError

from .render import FAST_FORMATS, Plan, build, data_rows, plans, write_docx, write_pdfs
from .score import score

BASELINE = json.loads((Path(__file__).parent / "baseline.json").read_text("utf-8"))
PLANS = plans()
FORMATS = (*FAST_FORMATS, "pdf")
CASES = [(p, f) for p in PLANS for f in FORMATS]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("realworld")
    files = {(p.slug, f): build(p, f, out) for p in PLANS for f in FAST_FORMATS}
    if shutil.which("soffice") is not None:  # every PDF in one LibreOffice run
        folder = out / "pdf"
        folder.mkdir()
        sources = [write_docx(p, folder / f"{p.slug}.docx") for p in PLANS]
        files.update({(pdf.stem, "pdf"): pdf for pdf in write_pdfs(sources, folder)})
    return files


def test_every_plan_is_in_the_baseline() -> None:
    assert sorted(BASELINE) == sorted(f"{p.slug}/{f}" for p, f in CASES)


def test_the_corpus_has_plans_and_other_tables() -> None:
    accepted = [p for p in PLANS if p.expect["accepted"]]
    assert len(accepted) >= 10 and len(PLANS) - len(accepted) >= 10
    for plan in PLANS:
        assert plan.source["url"].startswith("http"), plan.slug
        assert len(plan.expect["tables"]) == len(plan.tables), plan.slug


@pytest.mark.parametrize(("plan", "fmt"), CASES, ids=[f"{p.slug}-{f}" for p, f in CASES])
def test_real_document(plan: Plan, fmt: str, built: dict[tuple[str, str], Path]) -> None:
    if fmt == "pdf" and shutil.which("soffice") is None:
        pytest.skip("printing the PDF needs LibreOffice (soffice)")
    doc, error = None, None
    try:
        doc = extract(built[(plan.slug, fmt)])
    except WorkplanError as exc:
        error = exc.code
    s = score(plan.expect, doc, error, data_rows(plan))
    base = BASELINE[f"{plan.slug}/{fmt}"]
    wrong = sorted(n for n in s.notes if n.startswith("wrong "))
    new_wrong = [n for n in wrong if n not in base["wrong_notes"]]
    assert not new_wrong, "confidently wrong values not in the baseline:\n" + "\n".join(new_wrong)
    assert sum(s.right.values()) >= base["right"], "\n".join(s.notes)
    if not plan.expect["accepted"]:
        assert error == "no-workplan-table"
