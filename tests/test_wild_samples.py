"""The two SPEC 2.0 samples built by ``scripts/build_wild_samples.py``: one table per priority
under headings with RAG and progress columns; section rows, "1.1" numbers and no title column.

Values here were checked by hand against the script's text. Parties and timings are the
normaliser's and are checked in its own tests; only what the layout decides is asserted here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workplan_extract import extract

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
LSCB = "eastborough-lscb-business-plan-2012-13"
DELIVERY = "northshire-delivery-plan-2008-09"


def _items(name: str, fmt: str) -> list[dict[str, object]]:
    doc = extract(SAMPLES / f"{name}.{fmt}")
    return [i.model_dump(mode="json", exclude={"location"}) for i in doc.items]


@pytest.mark.parametrize("name", [LSCB, DELIVERY])
def test_the_text_dump_and_the_word_file_give_the_same_items(name: str) -> None:
    assert _items(name, "txt") == _items(name, "docx")


@pytest.mark.parametrize("fmt", ["docx", "txt"])
def test_one_table_per_priority_under_headings(fmt: str) -> None:
    doc = extract(SAMPLES / f"{LSCB}.{fmt}")
    assert [(i.number, i.section) for i in doc.items] == [
        ("1.1", "Priority 1: Early help"),
        ("1.2", "Priority 1: Early help"),
        ("1.3", "Priority 1: Early help"),
        ("2.1", "Priority 2: Child sexual exploitation"),
        ("2.2", "Priority 2: Child sexual exploitation"),
        ("3.1", "Priority 3: Quality assurance"),
        ("3.2", "Priority 3: Quality assurance"),
    ]
    assert [(s.text, s.value) if (s := i.status) else None for i in doc.items] == [
        ("G", "green"),
        ("A", "amber"),
        ("Amber/Green", "amber"),
        ("Completed", "complete"),
        ("R", "red"),
        ("In hand", None),
        ("Not started", "not-started"),
    ]
    assert doc.items[1].progress == [
        "Two of four courses delivered.",
        "Remaining courses booked for January 2013.",
    ]
    assert doc.items[-1].progress == []
    unrecognised = [(w.item, w.field) for w in doc.warnings if w.code == "status.unrecognised"]
    assert unrecognised == [("3.1", "status")]
    # "Specific Actions" is no title column: the action names the item and stays an action.
    first = doc.items[0]
    assert first.title == "Develop and agree a multi-agency early help strategy"
    assert [a.text for a in first.actions] == [first.title]
    # The heading above the first table is its section, not preamble; no heading is stray.
    assert doc.preamble == [
        "Actions, Timescales, Outcomes and RAG Ratings",
        "RAG ratings: R – not started or at risk; A – started, some slippage; "
        "G – on track or complete.",
    ]
    stray = [w.message for w in doc.warnings if w.code == "table.stray_text"]
    assert stray == (
        ["text outside the table kept here: Agreed by the Board on 12 March 2012."]
        if fmt == "docx"
        else []
    )


@pytest.mark.parametrize("fmt", ["docx", "txt"])
def test_section_rows_numbers_and_no_title_column(fmt: str) -> None:
    doc = extract(SAMPLES / f"{DELIVERY}.{fmt}")
    parent = "1 Accessible, high quality, value-for-money services which meet your needs"
    assert [(i.number, i.section) for i in doc.items] == [
        ("1.1", parent),
        ("1.2", parent),
        ("1.3", parent),
        ("2.1", "2 Improving the health of our communities"),
        ("2.2", "2 Improving the health of our communities"),
        ("3.1", "Core Board business"),
        ("3.2", "Core Board business"),
    ]
    two = doc.items[1]
    assert two.title == "Agreeing themes for service improvement and efficiencies (shared services)"
    assert [a.text for a in two.actions] == [
        "Agreeing themes for service improvement and efficiencies (shared services)",
        "Agreeing the county council's specific priorities for joint working",
    ]
    assert [(p.text, p.qualifier) for p in two.lead_parties] == [
        ("PU partnerships & localities", "Operational lead"),
        ("Jerry Smith", "Strategic lead"),
    ]
    # "Start by" dates are starts, "Finish by" dates deadlines; a period stays a period.
    assert [(t.text, t.kind, t.edtf) for t in two.timings] == [
        ("May 2008", "start", "2008-05/.."),
        ("July 2008", "deadline", "../2008-07"),
    ]
    assert [(t.kind, t.edtf) for t in doc.items[4].timings] == [("period", "2008-04/2008-06")]
    assert [(t.kind, t.edtf) for t in doc.items[3].timings] == [("deadline", "../2009-03-31")]
    assert [i.status.value if i.status else None for i in doc.items] == [
        "green",
        "green",
        "amber",
        "complete",
        "not-started",
        "on-track",
        "amber",
    ]
    assert not [w for w in doc.warnings if w.code.startswith(("item.", "status.", "table."))]


def test_the_samples_are_what_the_script_builds() -> None:
    script = ROOT / "scripts" / "build_wild_samples.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src")},
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", [LSCB, DELIVERY])
def test_normalising_the_extracted_document_again_changes_nothing(name: str) -> None:
    from workplan_extract.normalise import normalise

    doc = extract(SAMPLES / f"{name}.docx")
    assert normalise(doc) == doc  # qualifiers and roles are found again from doc.columns
