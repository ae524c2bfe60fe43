"""Write one generated workplan as .docx and, through LibreOffice, as .pdf.

The plan has a few hundred numbered items in the layout of the 2007/08 seed (a number column,
"Objectives & Actions" holding the item's title and its lettered actions, outcomes, audience,
lead parties, partners, timing), filled from phrases of the seeds and of the real plans in
``shared/realworld``. Its cells are what makes a PDF hard to read back: several short
paragraphs in narrow columns (leads, partners, timings), lettered and bulleted lists in Word's
own list numbering, sentences that end near the column edge, and long words at line wraps.
The same plan as .docx and .pdf must give the same items (``tests/test_cross_format.py``).

The .docx is deterministic (fixed document properties and ZIP timestamps): the same arguments
give the same bytes. The PDF carries a creation date, so it is not.

Usage::

    PYTHONPATH=src python scripts/make_plan.py OUTDIR                # plan-300.docx and .pdf
    PYTHONPATH=src python scripts/make_plan.py OUTDIR --items 1000 --seed 3 --no-pdf
    PYTHONPATH=src python scripts/make_plan.py OUTDIR --tagged       # a tagged PDF
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_samples import (
    Lists,
    _normalise_zip,
    landscape_document,
    mark_header,
    number,
    trim_package,
)

TITLE = "London Safeguarding Children Board Workplan 2007/08"
HEADER = (
    "No.",
    "Objectives & Actions",
    "Anticipated Outcomes/benefits",
    "Who the Actions are for",
    "Lead Parties",
    "Partners",
    "Timing",
)
WIDTHS_CM = (1.0, 6.2, 6.2, 3.4, 3.3, 2.8, 2.8)
_PDF_TAGGED = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'

TITLES = (
    "Supporting London Safeguarding Children Boards",
    "Improving Communications",
    "Progressing Safeguarding Children Joint-initiatives with Partner Agencies",
    "Safeguarding Boards",
    "Local Children’s Commissioners",
    "Inter-agency Communication",
    "Pan-London Lobbying & Support",
    "Children’s Trusts",
    "Information Sharing (IRT)",
    "Early help",
    "Child sexual exploitation",
    "Domestic abuse and its impact on children",
    "Neglect",
    "Children missing from home, care and education",
    "Private fostering",
    "Training and workforce development",
    "Quality assurance and performance",
    "Serious Case Reviews",
    "Child Death Overview",
    "Allegations against people who work with children",
    "E-safety",
    "Safer recruitment",
    "Disabled children",
    "Young carers",
)
ACTIONS = (
    "ALDCS and NHS London to consider contribution to London Board pooled budget",
    "Facilitate LSCB Chairs & LSCB Dev Officers Networks",
    "Support LSCBs in implementation of Working Together 2006 with training days, dataset "
    "development & enhanced London Board website facilities",
    "Provide small grants to 32 LSCBs",
    "Publicise London Board initiatives",
    "Enhance the London Board website",
    "Develop & maintain electronic network links",
    "Promote London-wide awareness-raising & activity for specific safeguarding children "
    "issues e.g. DV, FGM",
    "Propose Child Death Review Panels framework and standards",
    "Review of London Serious Case Reviews, prepare report & recommendations",
    "Develop a model of Safeguarding Boards.",
    "Work with ACPCs through the process of transition into SCBs.",
    "Encourage LA’s to consider independent children’s champions or equivalent.",
    "Maintain and develop current information sharing with ACPCs & Child Protection Co-ordinators.",
    "Develop better links with Education & Health.",
    "Develop a link with the Met Police Child Abuse Prevention & Partnership Unit.",
    "Agree a multi-agency escalation protocol",
    "Audit the quality of referrals from schools",
    "Commission an independent evaluation of the Hub",
    "Publish the annual report",
    "Run a campaign on private fostering arrangements",
    "Update the procedures manual",
)
SENTENCES = (
    "Strategy agreed and in place.",
    "Training programme to run across the year.",
    "Completed. Will be kept under review.",
    "Evaluation of Hub to be received.",
    "Report to the Board.",
    "Pilot in two boroughs first.",
    "Findings shared with all partners.",
    "Subject to funding.",
)
OUTCOMES = (
    "Board’s ability to support London LSCBs in safeguarding children (esp. through health "
    "services’ activity) is improved",
    "The quality of safeguarding children is raised through joint initiatives, shared good "
    "practice and peer support",
    "London LSCBs are able to better provide safeguarding children training services",
    "Fewer children are harmed as a result of these types of abuse because "
    "agencies/professionals are better equipped to identify & respond",
    "London CDRPs are in place & functioning by 1.4.08",
    "Improved consistency of practice across London",
    "Partners understand their responsibilities",
    "Referrals are made earlier",
)
AUDIENCES = (
    "ACPCs – Chairs & Co-ordinators",
    "Directors of Children Services",
    "LSCB Chairs",
    "London boroughs",
    "Regional Education CP Co-ordinators",
    "Designated nurses, health visitors",
    "Chairs of pathfinder LAs & senior managers from all other boroughs",
    "All partner agencies",
    "Schools",
    "GPs",
)
LEADS = (
    "LSCB Chairs, ALDCS, London Safeguarding Children Professionals’ networks/agencies",
    "London Board supported by London Councils",
    "London Councils",
    "ALG",
    "ALG – DV Forum",
    "MPS, ALG, Barnardos – Sexual Exploitation Steering Group",
    "MPS",
    "Met Police",
    "NHS London",
    "GOL",
    "DfES",
    "ALDCS",
    "LSCBs",
    "Chair of SLSCB",
    "Jim Reeves",
    "CSE Implementation group",
    "Corporate Affairs",
    "Director of Corporate Affairs",
    "Information Governance Manager",
    "Quality and Performance Sub Group",
    "Thames Valley Police",
    "Home Office",
    "NCH",
    "Probation",
)
PARTNERS = (
    "GOL Children & Learners Division",
    "GOL",
    "NHS London",
    "London Councils",
    "Boroughs",
    "Barnardos",
    "CSIP",
    "GLA",
    "DfES",
    "Courts",
    "Home Office",
)
TIMINGS = (
    "Ongoing",
    "Q3 2007/08",
    "Sept 2007",
    "Summer 2008",
    "Pilot report by 31/03/09",
    "Support activities delivered before Dec 2007",
    "Website enhancement before Dec 2007",
    "Begin Jan 2004",
    "April 2004",
    "Spring 2004",
    "by Dec 2007",
    "March 2008",
    "Jun-09",
    "May-08",
    "Quarter 1",
    "17-Aug-09",
    "September 2014",
    "December 2014",
    "TBC",
    "Annually",
    "Q2 2005",
    "2 September 2004",
    "Strategy agreed and in place by April 2012",
    "Review of Hub operation completed by September 2012",
    "March 2015 as per training strategy",
    "First Chairs & Officers Meeting Jan 2004",
)


@dataclass(frozen=True)
class Para:
    """One paragraph of a cell: its text and how it is labelled ("letter", "bullet" or none,
    both drawn by Word's list numbering, not typed)."""

    text: str
    list: str | None = None


def _pick(rng: random.Random, pool: tuple[str, ...], low: int, high: int) -> list[str]:
    return rng.sample(pool, rng.randint(low, high))


def plan(items: int, seed: int) -> list[list[list[Para]]]:
    """The plan's rows (header first), each a list of cells of paragraphs."""
    rng = random.Random(seed)
    rows: list[list[list[Para]]] = [[[Para(h)] for h in HEADER]]
    for n in range(1, items + 1):
        actions = [Para(rng.choice(TITLES))]
        if rng.random() < 0.7:
            actions += [Para(a, "letter") for a in _pick(rng, ACTIONS, 1, 4)]
        else:
            actions += [Para(s) for s in _pick(rng, SENTENCES, 1, 2)]
        outcomes = [Para(o) for o in _pick(rng, OUTCOMES, 1, 2)]
        bulleted = rng.random() < 0.4
        partners = [Para(p, "bullet" if bulleted else None) for p in _pick(rng, PARTNERS, 0, 2)]
        rows.append(
            [
                [Para(str(n))],
                actions,
                outcomes,
                [Para(a) for a in _pick(rng, AUDIENCES, 1, 2)],
                [Para(p) for p in _pick(rng, LEADS, 1, 3)],
                partners,
                [Para(t) for t in _pick(rng, TIMINGS, 1, 3)],
            ]
        )
    return rows


def write_docx(rows: list[list[list[Para]]], ruled: bool = True) -> bytes:
    """The plan as a Word document: A4 landscape, 10 pt, a repeated header row; with no
    ruling lines when ``ruled`` is false (then a PDF of it has no cell boxes to read)."""
    document = landscape_document(TITLE, "make_plan.py")
    document.add_paragraph(TITLE, style="Title")
    document.add_paragraph("Paper 7")
    lists = Lists(document)
    table = document.add_table(rows=len(rows), cols=len(HEADER))
    if ruled:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, WIDTHS_CM, strict=True):
        column.width = Cm(width)
    for r, cells in enumerate(rows):
        row = table.rows[r]
        if r == 0:
            mark_header(row._tr)
        for c, paras in enumerate(cells):
            cell = row.cells[c]
            cell.width = Cm(WIDTHS_CM[c])
            letters = None
            for i, para in enumerate(paras):
                paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                if para.list == "letter":
                    letters = letters or lists.new_lettered()
                    number(paragraph, letters)
                elif para.list == "bullet":
                    number(paragraph, lists.bullet)
                paragraph.add_run(para.text)
    trim_package(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def print_pdf(docx_paths: list[Path], outdir: Path, tagged: bool = False) -> list[Path]:
    """Print .docx files to PDF with LibreOffice, in one run (each start costs a second)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed: it prints the PDF")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                _PDF_TAGGED if tagged else "pdf",
                "--outdir",
                str(outdir),
                *map(str, docx_paths),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    out = [outdir / f"{p.stem}.pdf" for p in docx_paths]
    for path in out:
        if not path.is_file() or path.stat().st_size == 0:
            raise SystemExit(f"LibreOffice did not write {path}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--name", help="file name without extension (default plan-ITEMS)")
    parser.add_argument("--no-pdf", action="store_true", help="write only the .docx")
    parser.add_argument("--tagged", action="store_true", help="a tagged PDF (as Word writes)")
    parser.add_argument("--unruled", action="store_true", help="a table without ruling lines")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    path = args.outdir / f"{args.name or f'plan-{args.items}'}.docx"
    path.write_bytes(write_docx(plan(args.items, args.seed), ruled=not args.unruled))
    print(f"wrote {path}")
    if not args.no_pdf:
        for pdf in print_pdf([path], args.outdir, args.tagged):
            print(f"wrote {pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
