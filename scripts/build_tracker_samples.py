"""Build the two realistic 2.0 samples: a tracker spreadsheet and a committee web page.

Neither is a copy of a published document: both are composed, cell by cell, in the shapes real
plans have, from strings transcribed from published UK plans (``shared/realworld/``: header rows,
lead cells and timing cells, sources 1, 2, 4, 5, 8, 10 and 13). What they exercise:

``lscb-business-plan-2012-13.xlsx``, an LSCB business plan tracker
  two title rows merged across the sheet and a "Last updated" row above the header; the header
  row as the print title; a section row per priority merged across the sheet; item numbers
  "1.1"; line breaks and typed bullets in cells; RAG ratings ("G", "A", "R", "Amber/Green",
  "Completed", "On Target") with coloured fills; dates stored as dates with the formats
  "mmm-yy" and the system short date (format 14); a lead merged down over two rows; a
  withdrawn action in a hidden row; contact e-mails in a hidden column; a RAG key below the
  table; a hidden "Lists" sheet feeding a drop-down; a "Summary" sheet of COUNTIF formulas
  whose saved values are written in as Excel saves them (openpyxl cannot calculate).

``cypp-action-plan-2009-10.html``, a committee paper as a council's web site publishes it
  the page laid out with a table (navigation beside the content); a ``<title>`` naming the
  meeting; the report's title as ``<h1>``; a heading (``<h2>``) and a table per priority, each
  with its header in ``<thead>``; statuses as plans write them ("On Target", "Completed",
  "Overdue", "Not started", "Deferred"); a lead spanning two rows (``rowspan``); progress
  with ``<br>`` and a bulleted list; "Background papers" after the tables.

The output is byte-identical on every run.

Usage::

    PYTHONPATH=src python scripts/build_tracker_samples.py            # rebuild
    PYTHONPATH=src python scripts/build_tracker_samples.py --check    # exit 1 if a rebuild differs
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
from pathlib import Path

from build_sheet_samples import normalise_zip, save_workbook
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TRACKER = "lscb-business-plan-2012-13.xlsx"
PAGE = "cypp-action-plan-2009-10.html"

HEADER = (
    "Ref",
    "Specific Actions",
    "Timescale/ Target",
    "Lead",
    "Output/Outcome measurement",
    "RAG rating",
    "Progress update",
    "Contact",
)
#: (ref, actions, timescale, lead, outcome, RAG, progress, contact); a str row is a section.
PLAN: tuple[str | tuple[object, ...], ...] = (
    "Priority 1: Early help and intervention",
    (
        "1.1",
        "Agree a multi-agency Early Help Strategy\n"
        "• consult schools, health and the voluntary sector\n"
        "• present the strategy to the Board for sign-off",
        "Strategy agreed and in place by April 2012",
        "Chair of SLSCB",
        "Strategy published on the SLSCB website",
        "G",
        "Strategy agreed by the Board on 12 April 2012.\nLaunch event held on 23 May 2012.",
        "lscb.manager@example.org",
    ),
    (
        "1.2",
        "Evaluate the Multi-Agency Safeguarding Hub",
        "Evaluation of Hub to be received in June/July 2012",
        "Jim Reeves",
        "Evaluation report to the Board",
        "A",
        "Draft evaluation received on 30 July 2012; the final report is due at the October Board.",
        "jim.reeves@example.org",
    ),
    (
        "1.3",
        "Run the multi-agency safeguarding training programme",
        "Training programme to run across financial year 2012/13",
        "Pan-Berkshire Training SubGroup and Early Intervention Sub Group of Children’s "
        "Partnership",
        "Number of staff trained; course evaluations",
        "Amber/Green",
        "212 staff trained in Quarters 1 and 2.",
        "training@example.org",
    ),
    (
        "1.4",
        "Commission a parenting programme (withdrawn: see 2.3)",
        "September 2012",
        "Jim Reeves",
        "",
        "Completed",
        "Withdrawn by the Board on 12 April 2012.",
        "",
    ),
    "Priority 2: Child sexual exploitation and missing children",
    (
        "2.1",
        "Set up a CSE Implementation group",
        dt.datetime(2012, 9, 30),
        "CSE Implementation group",
        "Group established with terms of reference",
        "Completed",
        "First meeting held on 6 September 2012.",
        "cse.group@example.org",
    ),
    (
        "2.2",
        "Audit partner agencies’ compliance with Section 11 of the Children Act 2004",
        dt.datetime(2013, 3, 31),
        "Monitoring and Evaluation Sub Group",
        "Audit returns from all partner agencies",
        "R",
        "7 of 12 agencies have returned the audit tool.\n"
        "Reminder sent by the Chair on 1 October 2012.",
        "mande@example.org",
    ),
    (
        "2.3",
        "Review the joint protocol for children missing from home and care",
        "Quarter 3",
        None,  # merged with the lead above
        "Protocol revised and agreed",
        "On Target",
        "Consultation closes on 30 November 2012.",
        "",
    ),
)
#: Number formats of the date cells: "mmm-yy", and "mm-dd-yy", which openpyxl saves as built-in
#: format 14, Excel's system short date (shown in the reader's locale: 31/03/2013 in the UK).
DATE_FORMATS = {"2.1": "mmm-yy", "2.2": "mm-dd-yy"}
HIDDEN_REF = "1.4"
RAG_FILLS = {
    "R": "FFC7CE",
    "A": "FFEB9C",
    "G": "C6EFCE",
    "Amber/Green": "FFEB9C",
    "Completed": "BDD7EE",
    "On Target": "C6EFCE",
}
KEY = "RAG rating: R = not on track; A = some slippage; G = on track; Completed = action complete"


def build_tracker() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Business Plan 2012-13"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    width = len(HEADER) - 1  # the visible columns
    sheet["A1"] = "Slough Local Safeguarding Children Board"
    sheet["A2"] = "SLSCB Business Plan 2012/13 – Actions, Timescales, Outcomes and RAG Ratings"
    for row in (1, 2):
        sheet.cell(row, 1).font = Font(bold=True, size=14)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet["A3"] = "Last updated:"
    sheet["B3"] = dt.datetime(2012, 10, 15)
    sheet["B3"].number_format = "dd/mm/yyyy"
    header_row = 5
    for col, text in enumerate(HEADER, start=1):
        cell = sheet.cell(header_row, col, text)
        cell.font, cell.alignment = bold, wrap
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    row_number = header_row
    lead_rows: dict[str, int] = {}
    for entry in PLAN:
        row_number += 1
        if isinstance(entry, str):
            sheet.cell(row_number, 1, entry).font = bold
            sheet.merge_cells(
                start_row=row_number, start_column=1, end_row=row_number, end_column=width
            )
            continue
        ref = str(entry[0])
        lead_rows[ref] = row_number
        for col, value in enumerate(entry, start=1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row_number, col, value)
            cell.alignment = wrap
            if isinstance(value, dt.datetime):
                cell.number_format = DATE_FORMATS[ref]
            if col == 6 and isinstance(value, str):
                cell.fill = PatternFill("solid", fgColor=RAG_FILLS[value])
        if ref == HIDDEN_REF:
            sheet.row_dimensions[row_number].hidden = True
    first = lead_rows["2.2"]
    sheet.merge_cells(start_row=first, start_column=4, end_row=first + 1, end_column=4)
    sheet.cell(row_number + 2, 1, KEY).font = Font(italic=True)
    sheet.column_dimensions["H"].hidden = True
    for letter, size in zip("ABCDEFG", (6, 45, 25, 25, 30, 12, 45), strict=True):
        sheet.column_dimensions[letter].width = size
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = f"A{header_row + 1}"

    lists = book.create_sheet("Lists")
    for i, value in enumerate(RAG_FILLS, start=1):
        lists.cell(i, 1, value)
    lists.sheet_state = "hidden"
    choice = DataValidation(type="list", formula1=f"=Lists!$A$1:$A${len(RAG_FILLS)}")
    sheet.add_data_validation(choice)
    choice.add(f"F{header_row + 1}:F{row_number}")

    summary = book.create_sheet("Summary", 1)
    summary["A1"] = "Summary of RAG ratings"
    summary["A1"].font = bold
    summary["A3"], summary["B3"] = "RAG rating", "Number of actions"
    counts = {}
    for i, value in enumerate(RAG_FILLS, start=4):
        summary.cell(i, 1, value)
        summary.cell(i, 2, f"=COUNTIF('Business Plan 2012-13'!F:F,\"{value}\")")
        counts[f"B{i}"] = sum(1 for e in PLAN if not isinstance(e, str) and e[5] == value)
    total = 4 + len(RAG_FILLS)
    summary.cell(total, 1, "Total").font = bold
    summary.cell(total, 2, f"=SUM(B4:B{total - 1})").font = bold
    counts[f"B{total}"] = sum(counts.values())

    def saved_values(name: str, content: bytes) -> bytes:
        # Excel saves each formula's last value beside it; openpyxl writes <v></v>.
        if name != "xl/worksheets/sheet2.xml":
            return content
        for ref, value in counts.items():
            content = re.sub(
                rb'(<c r="' + ref.encode() + rb'"[^>]*>(?:(?!</c>).)*?<v>)(</v>)',
                rb"\g<1>%d\g<2>" % value,
                content,
            )
        return content

    return normalise_zip(
        save_workbook(book, "Composed from shared/realworld strings"), saved_values
    )


# --- the committee page ----------------------------------------------------------------------

PAGE_HEADER = ("Ref", "Action", "Lead officer", "By when", "Status", "Progress")
#: priority heading -> rows; a None lead is covered by the rowspan of the lead above.
PRIORITIES: dict[str, tuple[tuple[str | None, ...], ...]] = {
    "Priority 1: Be healthy": (
        (
            "1.1",
            "Reduce the under-18 conception rate",
            "Teenage Pregnancy Co-ordinator",
            "March 2010",
            "On Target",
            "Rate for the year to date is 41.2 per 1,000.<br>Sexual health service opened at "
            "the Nelson Road clinic.",
        ),
        (
            "1.2",
            "Increase the take-up of school meals",
            "Head of School Catering",
            "17-Aug-09",
            "Completed",
            "New menus launched in all primary schools.",
        ),
    ),
    "Priority 2: Stay safe": (
        (
            "2.1",
            "Deliver the LSCB business plan actions for 2009/10",
            "Director of Children’s Services",
            "Quarter 4",
            "Overdue",
            "Two actions slipped:<ul><li>the serious case review action plan</li>"
            "<li>the missing children protocol</li></ul>",
        ),
        (
            "2.2",
            "Recruit foster carers for teenagers",
            "Team Manager: Life Chances",
            "To be advised",
            "Not started",
            "Recruitment campaign awaiting budget approval.",
        ),
        (
            "2.3",
            "Place looked after children within 20 miles of home",
            None,
            "Ongoing",
            "On Target",
            "85% of placements within 20 miles in Quarter 1.",
        ),
    ),
    "Priority 3: Enjoy and achieve": (
        (
            "3.1",
            "Raise the attainment of looked after children at Key Stage 4",
            "Virtual School and Team Manager: Family Placement",
            "2009 – 11",
            "On Target",
            "Personal education plans in place for all looked after children of school age.",
        ),
        (
            "3.2",
            "Publish a play strategy",
            "Head of Policy and Communications",
            "early March 2010",
            "Deferred",
            "Deferred to 2010/11 by the Cabinet Member.",
        ),
    ),
}


def build_page() -> bytes:
    esc = html.escape
    out = [
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
        '<html xmlns="http://www.w3.org/1999/xhtml" lang="en-GB">',
        "<head>",
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
        "<title>Agenda item - Children's Trust Board - Thursday, 17th September, 2009 "
        "7.00 pm - Example Borough Council</title>",
        '<link rel="stylesheet" href="/SiteSpecific/ssMgStyles.css" />',
        '<script type="text/javascript">var mgPageId = "ieIssueDetails";</script>',
        "</head>",
        "<body>",
        '<table class="pageLayout" width="100%">',
        '<tr><td class="navigation" width="20%">',
        '<ul><li><a href="/">Home</a></li><li><a href="/mgListCommittees.aspx">Committees'
        '</a></li><li><a href="/mgCalendarMonthView.aspx">Meetings</a></li></ul>',
        '</td><td class="content">',
        '<div id="modgov"><p class="mgSectionTitle">Agenda item</p>',
        "<h1>Children and Young People’s Plan 2009-2011: Action Plan Progress Report, "
        "Quarter 1 2009/10</h1>",
        "<p>Report of the Director of Children’s Services</p>",
        "<p><strong>Purpose of report</strong></p>",
        "<p>To update the Board on progress against the actions of the Children and Young "
        "People’s Plan at the end of Quarter 1.</p>",
    ]
    for heading, rows in PRIORITIES.items():
        out.append(f"<h2>{esc(heading)}</h2>")
        out.append('<table class="mgTable" border="1" summary="Action plan">')
        out.append(
            "<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in PAGE_HEADER) + "</tr></thead>"
        )
        out.append("<tbody>")
        for i, row in enumerate(rows):
            cells = []
            for col, value in enumerate(row):
                if value is None:
                    continue
                span = ""
                if col == 2 and i + 1 < len(rows) and rows[i + 1][2] is None:
                    span = ' rowspan="2"'
                # The progress column is written as the page's HTML; the rest is text.
                body = value if col == 5 else esc(value)
                cells.append(f"<td{span}>{body}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
    out += [
        "<p><strong>Background papers</strong></p>",
        "<p>None.</p>",
        "<p>Contact officer: Policy and Performance Team, telephone 01234 567890</p>",
        "</div></td></tr></table>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out).encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if a rebuild would differ")
    args = parser.parse_args(argv)
    status = 0
    for name, data in ((TRACKER, build_tracker()), (PAGE, build_page())):
        target = SAMPLES / name
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                print(f"{target}: out of date; rerun {Path(__file__).name}", file=sys.stderr)
                status = 1
            continue
        target.write_bytes(data)
        print(f"wrote {target} ({len(data):,} bytes)")
    return status


if __name__ == "__main__":
    sys.exit(main())
