"""Build the two "plans in the wild" samples (SPEC 2.0 layouts) as .docx and .txt.

- ``eastborough-lscb-business-plan-2012-13``: one table per priority, each under a Word
  heading ("Priority 2: Child sexual exploitation"), with RAG rating and Progress columns; the
  header row repeats in every table. Columns and many cell texts follow a published LSCB
  business plan (``shared/realworld`` source 1); the body is fictional.
- ``northshire-delivery-plan-2008-09``: one table of milestones with no title column, section
  rows ("1" above "1.1", "1.2", and a row whose number cell holds words), two lead columns,
  Start by / Finish by columns, a status and a commentary column. Columns and many texts follow
  a published council delivery plan (source 3); the body is fictional.

The .txt is the text dump of the same document in the seeds' layout (a cell starts on a line
beginning with TAB). A dump holds one table, so there the headings between tables are rows of
one cell across the table, as a dump of a table with merged rows shows them, and text after
the table (which a dump cannot tell from the last cell) is left out; the items read from both
files are the same (``tests/test_wild_samples.py``).

Usage::

    PYTHONPATH=src python scripts/build_wild_samples.py            # rebuild the four files
    PYTHONPATH=src python scripts/build_wild_samples.py --check    # exit 1 if one would differ
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document
from docx.shared import Cm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_samples import _normalise_zip, landscape_document, mark_header, trim_package

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

Row = tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """A heading (Word style "Heading 2"), a paragraph, or a table of rows (after the header)."""

    heading: str | None = None
    text: str | None = None
    rows: tuple[Row, ...] = ()
    #: Rows written as one cell merged across the table (by index in ``rows``).
    merged: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Plan:
    name: str
    title: str
    preamble: tuple[str, ...]
    header: Row
    widths_cm: tuple[float, ...]
    blocks: tuple[Block, ...]
    closing: tuple[str, ...] = ()


LSCB_HEADER = (
    "Ref",
    "Specific Actions",
    "Timescale/ Target",
    "Lead",
    "Output/Outcome measurement",
    "RAG rating",
    "Progress",
)

LSCB = Plan(
    name="eastborough-lscb-business-plan-2012-13",
    title="Eastborough LSCB Business Plan 2012/13",
    preamble=(
        "Actions, Timescales, Outcomes and RAG Ratings",
        "RAG ratings: R – not started or at risk; A – started, some slippage; "
        "G – on track or complete.",
    ),
    header=LSCB_HEADER,
    widths_cm=(1.2, 6.0, 3.6, 3.6, 4.6, 1.8, 4.9),
    blocks=(
        Block(heading="Priority 1: Early help"),
        Block(
            rows=(
                (
                    "1.1",
                    "Develop and agree a multi-agency early help strategy",
                    "Strategy agreed and in place by April 2012",
                    "Chair of ELSCB",
                    "Early help strategy published and signed up to by partners",
                    "G",
                    "Strategy agreed by the Board in March 2012.",
                ),
                (
                    "1.2",
                    "Deliver early help training to frontline staff in all partner agencies",
                    "Training programme to run across financial year 2012/13",
                    "Pan-Berkshire Training SubGroup",
                    "200 staff trained",
                    "A",
                    "Two of four courses delivered.\nRemaining courses booked for January 2013.",
                ),
                (
                    "1.3",
                    "Evaluate the Multi-Agency Safeguarding Hub",
                    "Evaluation of Hub to be received in June/July 2012",
                    "Nancy Barber/Jill King (BHFT)",
                    "Evaluation report to the Board",
                    "Amber/Green",
                    "Evaluation commissioned from the university.",
                ),
            )
        ),
        Block(heading="Priority 2: Child sexual exploitation"),
        Block(
            rows=(
                (
                    "2.1",
                    "Review the operation of the Hub for CSE referrals",
                    "Review of Hub operation completed by September 2012",
                    "Jim Reeves",
                    "Review report and action plan",
                    "Completed",
                    "Review completed; report to the Board in October 2012.",
                ),
                (
                    "2.2",
                    "Raise awareness of child sexual exploitation among taxi drivers "
                    "and hotel staff",
                    "December 2012",
                    "CSE Implementation group",
                    "Awareness sessions held in every licensing round",
                    "R",
                    "Delayed: awaiting licensing team input.",
                ),
            )
        ),
        Block(heading="Priority 3: Quality assurance"),
        Block(
            rows=(
                (
                    "3.1",
                    "Carry out multi-agency case file audits",
                    "September 2012",
                    "Quality and Performance Sub Group",
                    "Audit reports to the Board",
                    "In hand",
                    "First audit completed in July 2012.",
                ),
                (
                    "3.2",
                    "Publish the LSCB annual report",
                    "by the end of September 2012",
                    "LSCB Business Manager",
                    "Annual report published",
                    "Not started",
                    "",
                ),
            )
        ),
    ),
    closing=("Agreed by the Board on 12 March 2012.",),
)

DELIVERY_HEADER = (
    "Ref",
    "Milestone",
    "Operational lead",
    "Strategic lead",
    "Start by",
    "Finish by",
    "Current Status",
    "Current Commentary",
)

DELIVERY = Plan(
    name="northshire-delivery-plan-2008-09",
    title="Northshire County Council Annual Delivery Plan 2008/09",
    preamble=("Corporate Commitments",),
    header=DELIVERY_HEADER,
    widths_cm=(1.2, 7.0, 3.2, 2.6, 2.0, 2.0, 2.0, 5.7),
    blocks=(
        Block(
            rows=(
                ("1", "Accessible, high quality, value-for-money services which meet your needs"),
                (
                    "1.1",
                    "Making sure governance structures for Team Northshire are in place and "
                    "operating effectively",
                    "PU partnerships & localities",
                    "Jerry Smith",
                    "April 2008",
                    "June 2008",
                    "G",
                    "Governance structures agreed and in place.",
                ),
                (
                    "1.2",
                    "Agreeing themes for service improvement and efficiencies (shared services)\n"
                    "Agreeing the county council's specific priorities for joint working",
                    "PU partnerships & localities",
                    "Jerry Smith",
                    "May 2008",
                    "July 2008",
                    "G",
                    "Shared services agenda 2008-11 adopted.",
                ),
                (
                    "1.3",
                    "Calculating potential efficiency savings arising from shared services",
                    "PU partnerships & localities",
                    "Jerry Smith",
                    "",
                    "August 2008",
                    "A",
                    "",
                ),
                ("2", "Improving the health of our communities"),
                (
                    "2.1",
                    "Publishing the joint strategic needs assessment",
                    "Adult & Community Services",
                    "Mike",
                    "",
                    "31/03/09",
                    "Completed",
                    "Completed. Will be kept under review.",
                ),
                (
                    "2.2",
                    "Reviewing stop smoking services",
                    "Adult & Community Services",
                    "Mike",
                    "Q1 2008/09",
                    "",
                    "Not started",
                    "Deferred to 2009/10 pending funding.",
                ),
                ("Core Board business",),
                (
                    "3.1",
                    "Reviewing the delivery plan at year end",
                    "Office of the Chief Executive",
                    "Mike",
                    "",
                    "March 2009",
                    "On Target",
                    "",
                ),
                (
                    "3.2",
                    "Reporting progress to Cabinet each quarter",
                    "Office of the Chief Executive",
                    "Mike",
                    "",
                    "July 2008",
                    "Amber/Green",
                    "Q1 report to Cabinet in July 2008.\nQ2 report due in October 2008.",
                ),
            ),
            merged=frozenset({0, 4}),
        ),
    ),
)

PLANS = (LSCB, DELIVERY)


def build_docx(plan: Plan) -> bytes:
    """The plan as a Word document: title, preamble, then its headings and tables."""
    document = landscape_document(plan.title, "build_wild_samples.py")
    document.add_paragraph(plan.title, style="Title")
    for text in plan.preamble:
        document.add_paragraph(text)
    for block in plan.blocks:
        if block.heading is not None:
            document.add_paragraph(block.heading, style="Heading 2")
        if block.text is not None:
            document.add_paragraph(block.text)
        if block.rows:
            _table(document, plan, block)
    for text in plan.closing:
        document.add_paragraph(text)
    trim_package(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _table(document: Document, plan: Plan, block: Block) -> None:
    ncols = len(plan.header)
    table = document.add_table(rows=1 + len(block.rows), cols=ncols)
    table.style = "Table Grid"
    table.autofit = False
    for col, width in zip(table.columns, plan.widths_cm, strict=True):
        col.width = Cm(width)
    mark_header(table.rows[0]._tr)
    for col, text in enumerate(plan.header):
        _fill(table.cell(0, col), text)
    for index, row in enumerate(block.rows, start=1):
        if index - 1 in block.merged and len(row) == 2:
            # "1" in the number cell, the heading merged across the other columns.
            _fill(table.cell(index, 0), row[0])
            merged = table.cell(index, 1).merge(table.cell(index, ncols - 1))
            _fill(merged, row[1])
            continue
        for col, text in enumerate(row):
            _fill(table.cell(index, col), text)


def _fill(cell: object, text: str) -> None:
    """One Word paragraph per line of ``text`` (a cell starts with one empty paragraph)."""
    lines = text.split("\n") if text else []
    paragraphs = cell.paragraphs  # type: ignore[attr-defined]
    for at, line in enumerate(lines):
        paragraph = paragraphs[0] if at == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        paragraph.add_run(line)


def build_txt(plan: Plan) -> bytes:
    """The plan as a text dump: paragraphs, then one table whose cells start with a TAB."""
    lines = [plan.title, *plan.preamble, ""]
    cells: list[str] = []
    first = True
    for block in plan.blocks:
        if block.heading is not None:
            if first:
                lines.append(block.heading)  # above the table: a paragraph of its own
            else:
                cells.append(block.heading)  # inside the dump's one table: a row of one cell
        for row in block.rows:
            cells.extend(row)
        if block.rows:
            first = False
    out = [*lines, *(f"\t{h}" for h in plan.header)]
    for cell in cells:
        head, *rest = cell.split("\n") if cell else [""]
        out.append(f"\t{head}")
        out.extend(rest)
    # Text after the table cannot be told from the last cell in a dump: it is left out.
    return ("\n".join(out) + "\n").encode("utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail if a rebuild would differ")
    args = parser.parse_args(argv)
    status = 0
    for plan in PLANS:
        for suffix, data in ((".docx", build_docx(plan)), (".txt", build_txt(plan))):
            target = SAMPLES / f"{plan.name}{suffix}"
            if args.check:
                if not target.exists() or target.read_bytes() != data:
                    print(f"{target}: out of date; rerun {Path(__file__).name}", file=sys.stderr)
                    status = 1
                continue
            target.write_bytes(data)
            print(f"wrote {target} ({len(data)} bytes)")
    return status


if __name__ == "__main__":
    sys.exit(main())
