"""Documents for the report tests: one built by hand with every 2.0 field and hostile text, and
a real batch over the samples with failures in it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from workplan_extract.records import WorkplanDocument

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
HOSTILE = '<script>alert("cell")</script><img src=x onerror=alert(1)>'


def party(text: str, **fields: Any) -> dict[str, Any]:
    return {"text": text, **fields}


def timing(
    text: str,
    kind: str,
    edtf: str | None = None,
    earliest: str | None = None,
    latest: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    return {
        "text": text,
        "kind": kind,
        "edtf": edtf,
        "earliest": earliest,
        "latest": latest,
        **fields,
    }


def rich_document(number: int = 0) -> WorkplanDocument:
    """A 2011/12 plan in two sections using every 2.0 field; item 2's cells hold markup."""
    police = party(
        "Thames Valley Police",
        id="thames-valley-police",
        name="Thames Valley Police",
        match="exact",
        score=100,
        type="organisation",
        sector="police",
        place={"name": "Thames Valley", "code": None},
    )
    items = [
        {
            "number": "1.1",
            "title": "Early help offer",
            "kind": "workstream",
            "section": "Priority 1: Early help",
            "status": {"text": "G", "value": "green"},
            "progress": ["Offer agreed in June."],
            "actions": [{"label": "a", "text": "Agree the offer"}],
            "outcomes": [{"labels": ["a"], "text": "Families helped sooner"}],
            "lead_parties": [
                police,
                party(
                    "Slough Borough Council",
                    id="slough-council",
                    name="Slough Borough Council",
                    match="alias",
                    score=100,
                    type="organisation",
                    sector="local-government",
                    place={"name": "Slough", "code": "E06000039"},
                ),
            ],
            "partners": [
                party(
                    "Chair of SLSCB",
                    id=None,
                    match="context",
                    score=90,
                    type="role",
                    sector="partnership",
                    of={"id": "slough-lscb", "name": "Slough LSCB"},
                )
            ],
            "audience": [party("all partner agencies", type="collective")],
            "timings": [
                timing("Quarter 3", "period", "2011-10/2011-12", "2011-10-01", "2011-12-31"),
                timing("Annually", "recurring", recurrence="P1Y"),
            ],
            "amounts": [{"text": "£80k", "value": 80000.0, "label": "Budget"}],
            "cells": {
                "number": "1.1",
                "title": "Early help offer",
                "status": "G",
                "lead_parties": "TVP; Slough BC",
                "partners": "Chair of SLSCB",
                "audience": "all partner agencies",
                "timings": "Quarter 3\nAnnually",
                "progress": "Offer agreed in June.",
            },
            "location": {"table": 0, "row": 2, "page": None, "sheet": "Plan"},
        },
        {
            "number": "1.2",
            "title": f"Audit {HOSTILE}",
            "kind": "workstream",
            "section": "Priority 1: Early help",
            "status": {"text": "Amber/Green", "value": "amber"},
            "lead_parties": [
                party("QEG", type="unknown"),
                party(
                    "Thames Valley Polise",
                    id="thames-valley-police",
                    name="Thames Valley Police",
                    match="fuzzy",
                    score=91,
                    type="organisation",
                    sector="police",
                ),
            ],
            "timings": [
                timing(
                    "by the end of March 2012",
                    "deadline",
                    "../2012-03",
                    None,
                    "2012-03-31",
                    subject="Audit report",
                )
            ],
            "cells": {
                "number": "1.2",
                "title": f"Audit {HOSTILE}",
                "lead_parties": f"QEG, Thames Valley Polise {HOSTILE}",
                "timings": "by the end of March 2012",
                "other": HOSTILE,
            },
            "location": {"table": 0, "row": 3},
        },
        {
            "number": "2.1",
            "title": "Training",
            "kind": "workstream",
            "section": "Priority 2: Workforce",
            "status": {"text": "Stalled", "value": None},
            "lead_parties": [
                party("Jim Reeves", type="person"),
                party("Quality and Performance Sub Group", type="group", sector="partnership"),
            ],
            "timings": [
                timing("Completed", "done"),
                timing("TBC", "tbc"),
                timing("Within three months of approval", "relative"),
                timing("Begin May", "start", "2011-05/..", "2011-05-01", None, year_inferred=True),
                timing("610.04", "unknown"),
            ],
            "cells": {
                "number": "2.1",
                "title": "Training",
                "status": "Stalled",
                "lead_parties": "Jim Reeves / Q&P Sub Group",
                "timings": "Completed\nTBC\nWithin three months of approval\nBegin May\n610.04",
            },
            "location": {"table": 1, "row": 1},
        },
        {
            "number": None,
            "title": "Unnumbered row",
            "kind": "resources",
            "cells": {"title": "Unnumbered row"},
            "location": {"table": 1, "row": 2},
        },
    ]
    warnings = [
        {
            "code": "party.unmatched",
            "message": "'QEG' matches no entry",
            "item": "1.2",
            "field": "lead_parties",
        },
        {
            "code": "party.fuzzy",
            "message": "'Thames Valley Polise' read as thames-valley-police",
            "item": "1.2",
            "field": "lead_parties",
        },
        {
            "code": "status.unrecognised",
            "message": "'Stalled' is no known status",
            "item": "2.1",
            "field": "status",
        },
        {
            "code": "timing.unparsed",
            "message": f"'610.04' {HOSTILE}",
            "item": "2.1",
            "field": "timings",
        },
        {
            "code": "timing.year_inferred",
            "message": "year from the period",
            "item": "2.1",
            "field": "timings",
        },
        {
            "code": "item.unnumbered",
            "message": "row before the first item",
            "item": None,
            "field": None,
        },
        {"code": "body.unmatched", "message": "body not recognised", "item": None, "field": "body"},
        {"code": "table.stray_text", "message": "kept: Key: SG", "item": "9.9", "field": None},
    ]
    data = {
        "schema_version": "2.0",
        "source": {
            "path": f"in/plan-{number}.xlsx",
            "filename": f"plan-{number}.xlsx",
            "format": "xlsx",
            "sha256": f"{number:064x}",
            "size_bytes": 1234,
            "pages": None,
            "converted_with": None,
            "ocr": None,
        },
        "title": f"Slough LSCB Business Plan 2011/12 {HOSTILE}",
        "reference": "Paper 7",
        "preamble": ["Our mission."],
        "body": party(
            "Slough LSCB",
            id="slough-lscb",
            name="Slough LSCB",
            match="alias",
            score=100,
            type="organisation",
            sector="partnership",
        ),
        "period": timing("2011/12", "period", "2011-04/2012-03", "2011-04-01", "2012-03-31"),
        "columns": [
            {"column": 0, "header": "Ref", "field": "number", "score": 100, "basis": "header"}
        ],
        "items": items,
        "warnings": [w for w in warnings if _known_code(w["code"])],
        "extractor": {"name": "workplan-extract", "version": "0.1.0"},
    }
    return WorkplanDocument.model_validate(data)


def _known_code(code: str) -> bool:
    """Codes other engineers add (``status.unrecognised``) are used once they are registered."""
    from workplan_extract.warning_codes import WARNING_CODES

    return code in WARNING_CODES


def write_json(doc: WorkplanDocument, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(doc.model_dump_json(indent=2), encoding="utf-8")
    return path


def write_jsonl(docs: list[WorkplanDocument], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(d.model_dump_json() + "\n" for d in docs), encoding="utf-8")
    return path


@pytest.fixture
def rich() -> WorkplanDocument:
    return rich_document()


@pytest.fixture(scope="session")
def samples_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``batch`` over the .txt/.docx/.pdf samples plus three files it fails on."""
    from workplan_extract.batch import run_batch

    root = tmp_path_factory.mktemp("batch")
    inputs = root / "in"
    inputs.mkdir()
    for sample in sorted(SAMPLES.glob("*")):
        if sample.suffix in (".txt", ".docx", ".pdf"):
            shutil.copy(sample, inputs / sample.name)
    (inputs / "corrupt.docx").write_bytes(b"PK\x03\x04garbage")
    (inputs / "empty.pdf").write_bytes(b"")
    (inputs / "letter.txt").write_bytes(b"Dear colleague,\nNo table here.\n")
    out = root / "out"
    run_batch([str(inputs)], out)
    return out


def batch_documents(out: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(out.glob("*.json"))]


GENERATED = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
