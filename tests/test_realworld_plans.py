"""Plans rebuilt from real published tables (``shared/realworld``): accepted, with the right items.

Header rows and cell texts are verbatim from the sources named (their numbers are the
``source`` column of ``shared/realworld/*.tsv``); where a source shows only a fragment, the
missing cells are filled with plausible text, said in a comment. Each plan is written as a Word
document, the way such plans are published, and read through the whole pipeline.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from workplan_extract import extract
from workplan_extract.errors import NoWorkplanTable
from workplan_extract.records import WorkplanDocument

Rows = list[list[str]]


def _docx(tmp_path: Path, name: str, blocks: list[str | Rows]) -> Path:
    """A Word file of ``blocks``: a string is a paragraph ("# " makes it a Heading 2, "= " the
    title), a list of rows a table whose first row is the header; a row of one cell is merged
    across the table."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            if block.startswith("= "):
                document.add_paragraph(block[2:], style="Title")
            elif block.startswith("# "):
                document.add_paragraph(block[2:], style="Heading 2")
            else:
                document.add_paragraph(block)
            continue
        ncols = len(block[0])
        table = document.add_table(rows=len(block), cols=ncols)
        for r, row in enumerate(block):
            if len(row) == 1:
                table.cell(r, 0).merge(table.cell(r, ncols - 1)).text = row[0]
                continue
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                lines = text.split("\n")
                cell.text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
    path = tmp_path / f"{name}.docx"
    document.save(str(path))
    return path


def _layout(doc: WorkplanDocument) -> list[tuple[str | None, str, str | None]]:
    return [(i.number, i.title, i.section) for i in doc.items]


def test_lancashire_delivery_plan(tmp_path: Path) -> None:
    # Source 3: the rows of shared/realworld/tables/lancashire_delivery_plan_2008_09.txt.
    header = [
        "Ref",
        "Milestone",
        "Directorate",
        "Owner",
        "Current Status",
        "Current Commentary",
        "What are the prospects for the future?",
    ]
    partnerships = "PU partnerships & localities"
    rows = [
        header,
        [
            "CC1",
            "Accessible, high quality, value-for-money services which meet your needs",
            "",
            "",
            "",
            "",
            "",
        ],
        ["CC1.1", "Transforming local government in Lancashire", "OCE", "Mike", "", "", ""],
        [
            "C1.1.1",
            "Making sure governance structures for Team Lancashire are in place and operating "
            "effectively by June 2008",
            partnerships,
            "Jerry Smith",
            "G",
            "Governance structures agreed and in place.",
            "",
        ],
        [
            "C1.1.2",
            "Agreeing themes for service improvement and efficiencies (shared services) for Team "
            "Lancashire by July 2008",
            partnerships,
            "Jerry Smith",
            "G",
            "SRIES adopted providing Team Lancashire's shared services agenda 2008-11.",
            "",
        ],
        [
            "C1.1.3",
            "Calculating potential efficiency savings arising from shared services for the "
            "county council by August 2008",
            partnerships,
            "Jerry Smith",
            "A",
            "",
            "",
        ],
        [
            "C1.1.4",
            "Agreeing the county council's specific priorities for joint working",
            partnerships,
            "Jerry Smith",
            "",
            "Completed. Will be kept under review.",
            "",
        ],
    ]
    doc = extract(
        _docx(
            tmp_path,
            "lancashire",
            ["= Annual Delivery Plan 2008/09", "Corporate Commitments", rows],
        )
    )
    section = "CC1 Accessible, high quality, value-for-money services which meet your needs"
    assert [(i.number, i.section) for i in doc.items] == [
        ("CC1.1", section),
        ("C1.1.1", section),
        ("C1.1.2", section),
        ("C1.1.3", section),
        ("C1.1.4", section),
    ]
    assert doc.items[0].title == "Transforming local government in Lancashire"
    assert [a.text for a in doc.items[0].actions] == [doc.items[0].title]
    assert [i.status.value if i.status else None for i in doc.items] == [
        None,
        "green",
        "green",
        "amber",
        None,
    ]
    assert doc.items[4].progress == ["Completed. Will be kept under review."]
    assert [p.text for p in doc.items[1].lead_parties] == ["Jerry Smith"]
    assert doc.items[1].cells["other"] == partnerships  # "Directorate" is no lead column
    assert not [w for w in doc.warnings if w.code.startswith(("item.", "status."))]


def test_brighton_lscb_business_plan(tmp_path: Path) -> None:
    # Source 7: the header and numbering 1.1-1.1b; lead and timescale cells from the source,
    # action and outcome texts filled in.
    rows = [
        ["ACTION", "OUTCOME", "LEAD", "TIMESCALE", "PROGRESS"],
        [
            "1.1 Review the LSCB's performance framework",
            "A framework agreed",
            "Monitoring and Evaluation Sub Group",
            "Ongoing",
            "Draft framework circulated.",
        ],
        [
            "1.1a Agree a multi-agency dataset",
            "Dataset reported quarterly",
            "Monitoring and Evaluation Sub Group",
            "by the end of the financial year",
            "",
        ],
        [
            "1.1b Audit case files twice a year",
            "Audit findings acted on",
            "Monitoring and Evaluation Sub Group",
            "Ongoing",
            "First audit done.",
        ],
    ]
    doc = extract(
        _docx(
            tmp_path,
            "brighton",
            [
                "= Brighton and Hove LSCB Business Plan 2011/12",
                "# Priority 1: Quality assurance",
                rows,
            ],
        )
    )
    assert [(i.number, i.section) for i in doc.items] == [
        (None, "Priority 1: Quality assurance"),
        (None, "Priority 1: Quality assurance"),
        (None, "Priority 1: Quality assurance"),
    ]
    assert [i.title for i in doc.items] == [r[0] for r in rows[1:]]
    assert [i.progress for i in doc.items] == [
        ["Draft framework circulated."],
        [],
        ["First audit done."],
    ]
    assert not [w for w in doc.warnings if w.code.startswith("item.")]


def test_governance_action_plan_without_numbers(tmp_path: Path) -> None:
    # Source 11: header and the "By When"/"By Whom" cells verbatim; issues filled in.
    lead = "Angela Woodhouse, Head of Policy and Communications"
    rows = [
        ["Governance Issue", "Action Update", "By When", "By Whom"],
        [
            "Refresh of the Strategic Plan",
            "The action plan has targets for the next eighteen months.",
            "Drafted November - February",
            lead,
        ],
        [
            "Review of the Constitution",
            "(Proposed timetable)",
            "Overview and Scrutiny Invited to Review March 2015.",
            lead,
        ],
    ]
    doc = extract(
        _docx(
            tmp_path,
            "maidstone",
            ["= Annual Governance Statement Action Plan Update 2014-15", rows],
        )
    )
    assert [(i.number, i.title) for i in doc.items] == [
        (None, "Refresh of the Strategic Plan"),
        (None, "Review of the Constitution"),
    ]
    assert doc.items[0].progress == ["The action plan has targets for the next eighteen months."]
    assert doc.items[1].cells["timings"] == "Overview and Scrutiny Invited to Review March 2015."
    assert not [w for w in doc.warnings if w.code.startswith("item.")]


def test_service_development_plan_with_several_lines_of_leads(tmp_path: Path) -> None:
    # Source 17: header and lead and monitoring cells verbatim; objectives and actions filled in.
    header = [
        "Objective",
        "Specific Actions (dated)",
        "Person/s Responsible",
        "Success Criteria",
        "Specific Monitoring (dated)",
        "Evaluation of impact",
        "Resource Implication",
    ]
    rows = [
        header,
        [
            "Increase registrations of under 1s",
            "Contact every new birth within 4 weeks\nHold a monthly baby group",
            "Odette Morgan CCNM\nKaren Buffham DCCNM\nLee Routledge NCC",
            "90% of under 1s registered",
            "end of month REACH analysis at CCM meetings",
            "monthly – reg levels for under 1’s will rise and good progress noted overall",
            "",
        ],
        [
            "Improve outreach",
            "Map outreach visits",
            "OM/KB/JH",
            "All families visited",
            "monthly",
            "",
            "Staff time",
        ],
    ]
    doc = extract(_docx(tmp_path, "windhill", ["= Service Development Plan 2013-2014", rows]))
    assert [(i.number, i.title) for i in doc.items] == [
        (None, "Increase registrations of under 1s"),
        (None, "Improve outreach"),
    ]
    assert [a.text for a in doc.items[0].actions] == [
        "Contact every new birth within 4 weeks",
        "Hold a monthly baby group",
    ]
    assert len(doc.items[0].lead_parties) >= 3
    assert [c.field for c in doc.columns] == [
        "title",
        "actions",
        "lead_parties",
        "outcomes",
        "other",
        "outcomes",
        "other",
    ]


def test_business_plan_with_two_action_columns_and_target_end_date(tmp_path: Path) -> None:
    # Source 4: the header verbatim; leads and "May-08" from the source, the rest filled in
    # ("June 2009" for the source's "Jun-09", a form the timings grammar learns in SPEC 2.0).
    header = [
        "Ref",
        "Theme",
        "SSU/ Directorate",
        "Lead",
        "Objective and outcome required",
        "Target end date",
        "2008/09 Action Plan to achieve objective",
        "Supporting Indicators",
        "Key milestones & Quarter",
        "SBH Ref",
        "Risk",
    ]
    rows = [
        header,
        [
            "1",
            "Information governance",
            "Corporate Affairs",
            "Director of Corporate Affairs",
            "Toolkit level 2 achieved",
            "June 2009",
            "Train all staff",
            "IG toolkit score",
            "Q2: training complete",
            "SBH 4",
            "Low",
        ],
        [
            "2",
            "Records management",
            "Corporate Affairs",
            "Information Governance Manager",
            "Records policy in place",
            "May-08",
            "Write the policy",
            "",
            "Q1: policy agreed",
            "SBH 5",
            "Medium",
        ],
    ]
    doc = extract(_docx(tmp_path, "2gether", ["= Business Plan 09-10 Detailed Objectives", rows]))
    assert [(i.number, i.title) for i in doc.items] == [
        ("1", "Information governance"),
        ("2", "Records management"),
    ]
    assert [a.text for a in doc.items[0].actions] == ["Train all staff", "Q2: training complete"]
    assert [o.text for o in doc.items[0].outcomes] == ["Toolkit level 2 achieved"]
    assert [t.kind for t in doc.items[0].timings] == ["deadline"]


def test_a_joint_area_review_plan_with_section_rows(tmp_path: Path) -> None:
    # Source 16: the header and the section names verbatim; recommendations filled in.
    rows = [
        ["JAR RECOMMENDATION", "Partnership Group", "Lead agency", "Accountable Persons", "Page"],
        ["For immediate action"],
        [
            "Ensure all children in need have an allocated social worker",
            "Children's Trust",
            "Surrey County Council",
            "Director of Children's Services",
            "4",
        ],
        ["Recommendations for action over the next six months"],
        [
            "Improve the timeliness of initial assessments",
            "Children's Trust",
            "Surrey County Council",
            "Head of Children's Services",
            "5",
        ],
    ]
    doc = extract(
        _docx(tmp_path, "surrey", ["= Joint Area Review Post Inspection Action Plan", rows])
    )
    assert [(i.number, i.section) for i in doc.items] == [
        (None, "For immediate action"),
        (None, "Recommendations for action over the next six months"),
    ]
    assert [p.text for p in doc.items[0].lead_parties] == [
        "Surrey County Council",
        "Director of Children's Services",
    ]
    assert [p.qualifier for p in doc.items[0].lead_parties] == [
        "Lead agency",
        "Accountable Persons",
    ]


def test_a_paper_with_a_forward_plan_and_an_action_plan_gives_the_action_plan(
    tmp_path: Path,
) -> None:
    forward = [
        # Source 13: a forward plan's header verbatim, a row filled in.
        [
            "Nature and Short Description of Decision to be Taken",
            "Decision Maker",
            "Consultees and when Consultation is to Take Place",
            "Consultation Method",
            "Background papers and Relevant Documents",
            "Electoral Division",
            "Lead Officer",
            "Cabinet Member",
            "Reason for change from last Forward Plan",
        ],
        [
            "Adoption of the Children's Plan",
            "Cabinet",
            "Partners, June 2005",
            "Meetings",
            "None",
            "All",
            "Director of Children's Services",
            "Children's Services",
            "",
        ],
    ]
    plan = [
        ["ACTION", "OUTCOME", "LEAD", "TIMESCALE", "PROGRESS"],
        ["Publish the Children's Plan", "Plan published", "Children's Trust", "Ongoing", ""],
    ]
    doc = extract(
        _docx(tmp_path, "paper", ["= Cabinet paper C", forward, "Appendix: action plan", plan])
    )
    assert [i.title for i in doc.items] == ["Publish the Children's Plan"]


def test_a_forward_plan_alone_is_no_workplan(tmp_path: Path) -> None:
    forward = [
        [
            "Anticipated Date of Decision",
            "Nature and Short Description of the Decision to be Taken",
            "Decision Maker",
            "Lead Officer",
            "Portfolio Holder",
        ],
        [
            "July 2005",
            "Adoption of the Children's Plan",
            "Cabinet",
            "Director of Children's Services",
            "Children's Services",
        ],
    ]
    with pytest.raises(NoWorkplanTable):
        extract(_docx(tmp_path, "forward", ["= Forward Plan", forward]))
