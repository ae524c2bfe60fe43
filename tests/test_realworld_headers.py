"""Real header rows transcribed from published UK plans (``shared/realworld/headers.tsv``), each
with the column mapping decided from SPEC 2.0 "Headers 2.0" and whether it is a workplan's.

The rows are copied here verbatim so the test runs anywhere; when the shared file is present a
test checks that every row of it is covered.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workplan_extract.headers import timing_role
from workplan_extract.mapping import is_workplan_header, map_columns

#: ``../shared/realworld`` beside the checkout (or beside the folder of worktrees).
REALWORLD = next(
    (
        path
        for up in Path(__file__).resolve().parents[2:4]
        if (path := up / "shared" / "realworld" / "headers.tsv").exists()
    ),
    Path("shared/realworld/headers.tsv"),
)

N, T, A, OUT, L, P, W, S, G, X = (
    "number",
    "title",
    "actions",
    "outcomes",
    "lead_parties",
    "partners",
    "timings",
    "status",
    "progress",
    "other",
)

#: source id, header row, fields decided, workplan table?
ROWS: list[tuple[str, str, list[str], bool]] = [
    (
        "1",
        "Specific Actions | Timescale/ Target | Lead | Output/Outcome measurement | RAG rating",
        [A, W, L, OUT, S],
        True,
    ),
    (
        "2",
        "How will the LSCB do this? | What will it do? | Responsible lead/ group | By when"
        " | What is desired outcome | What will impact be and how measured",
        [A, A, L, W, OUT, OUT],
        True,
    ),
    (
        "3",
        "Milestone | Directorate | Owner | Current Status | Current Commentary"
        " | What are the prospects for the future?",
        [A, X, L, S, G, X],
        True,
    ),
    (
        "4",
        "Ref | Theme | SSU/ Directorate | Lead | Objective and outcome required | Target end date"
        " | 2008/09 Action Plan to achieve objective | Supporting Indicators"
        " | Key milestones & Quarter | SBH Ref | Risk",
        [N, T, X, L, OUT, W, A, X, A, X, X],
        True,
    ),
    (
        "5",
        "PI No | Description of indicator | 08/09 Outurn | 09/10 target | Good is ? | Q1 | Q2 | Q3"
        " | Q4 | Year to date | Status | Target Owner"
        " | Commentary (highlight significant achievements or ongoing risks)",
        [N, X, X, X, X, X, X, X, X, X, S, L, G],
        False,  # a performance-indicator table
    ),
    (
        "6",
        "ID | What is the risk? (Risk Description) | Lead Director"
        " | Level of Risk (consequence x likelihood)"
        " | How are we managing the risk? (Key Controls)"
        " | Evidence that it is working (Assurance on Controls)",
        [N, X, L, X, X, X],
        False,  # a risk register
    ),
    ("7", "ACTION | OUTCOME | LEAD | TIMESCALE | PROGRESS", [A, OUT, L, W, G], True),
    (
        "8",
        "Recommendation | Responsible Officer | Update on progress | Achieved (tick)"
        " | On Target to Achieve (tick) | Give expected new achievement date",
        [T, L, G, X, X, X],
        True,
    ),
    (
        "10",
        "Responsible officer | Timeline | Link to other action plans or strategy initiatives"
        " | Expected outcome",
        [L, W, X, OUT],
        False,  # the excerpt shows no action column
    ),
    ("11", "Governance Issue | Action Update | By When | By Whom", [T, G, W, L], True),
    (
        "13",
        "Nature and Short Description of Decision to be Taken | Decision Maker"
        " | Consultees and when Consultation is to Take Place | Consultation Method"
        " | Background papers and Relevant Documents | Electoral Division | Lead Officer"
        " | Cabinet Member | Reason for change from last Forward Plan",
        [X, X, X, X, X, X, L, X, X],
        False,  # a forward plan of key decisions
    ),
    (
        "13",
        "Anticipated Date of Decision | Nature and Short Description of the Decision to be Taken"
        " | Decision Maker | Consultees and When Consultation is to Taken | Consultation Method"
        " | Background Papers and Relevant Documents | Electoral Division | Lead Officer"
        " | Portfolio Holder",
        [X, X, X, X, X, X, X, L, X],
        False,
    ),
    (
        "14",
        "Select Committee | Meeting Date | Recommendation Made | Recommendation made to:"
        " | Action taken or Planned to Date",
        [X, X, T, X, G],
        False,  # a tracker with no lead or timing column
    ),
    (
        "16",
        "JAR RECOMMENDATION | Partnership Group | Lead agency | Accountable Persons | Page",
        [T, X, L, L, X],
        True,
    ),
    (
        "17",
        "Objective | Specific Actions (dated) | Person/s Responsible | Success Criteria"
        " | Specific Monitoring (dated) | Evaluation of impact | Resource Implication",
        [T, A, L, OUT, X, OUT, X],
        True,
    ),
]


@pytest.mark.parametrize(("source", "row", "fields", "workplan"), ROWS)
def test_real_header_row(source: str, row: str, fields: list[str], workplan: bool) -> None:
    headers = row.split(" | ")
    columns = map_columns(headers, [[] for _ in headers])
    assert [c.field for c in columns] == fields
    assert is_workplan_header(columns) is workplan


def test_deadline_columns_of_real_rows() -> None:
    assert timing_role("Target end date") == "deadline"
    assert timing_role("By When") == "deadline"
    assert timing_role("Timescale/ Target") is None


@pytest.mark.skipif(not REALWORLD.exists(), reason="shared/realworld is not beside the repo")
def test_every_shared_header_row_is_covered() -> None:
    rows = [
        line.split("\t", 1)[1]
        for line in REALWORLD.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert sorted(rows) == sorted(row for _, row, _, _ in ROWS)
