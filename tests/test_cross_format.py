"""Every seed reads the same from its .txt, .docx, .pdf, .doc, .xlsx, .csv and .html.

What a format cannot know is left out of the comparison, and said here: page numbers exist only
in PDFs (``location.page``), and the table/row indexes in ``location`` follow each format's own
structure (a text dump has no row marks; a PDF repeats header rows on every page; a worksheet
and a CSV file count the title rows above the table).
"""

from __future__ import annotations

import functools
import importlib.util
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from workplan_extract import WorkplanDocument, extract

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEEDS = ["lcpc-workplan-2004", "lscb-workplan-2007-08"]
FORMATS = [
    "docx",
    "pdf",
    "xlsx",
    "csv",
    "html",
    pytest.param(
        "doc",
        marks=pytest.mark.skipif(
            shutil.which("soffice") is None,
            reason="reading .doc needs LibreOffice: apt-get install libreoffice-writer-nogui",
        ),
    ),
]


def _comparable(doc: WorkplanDocument) -> tuple[object, ...]:
    items = [i.model_dump(mode="json", exclude={"location"}) for i in doc.items]
    return doc.title, doc.reference, doc.preamble, [c.field for c in doc.columns], items


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_same_items_as_the_text_dump(
    seed: str, fmt: str, sample_record: Callable[[str], WorkplanDocument]
) -> None:
    expected = _comparable(sample_record(f"{seed}.txt"))
    got = _comparable(sample_record(f"{seed}.{fmt}"))
    assert got[:4] == expected[:4]
    for want, have in zip(expected[4], got[4], strict=True):  # type: ignore[call-overload]
        assert have == want


@pytest.mark.parametrize("seed", SEEDS)
def test_pdf_items_know_their_pages(
    seed: str, sample_record: Callable[[str], WorkplanDocument]
) -> None:
    pdf = sample_record(f"{seed}.pdf")
    assert all(i.location.page is not None for i in pdf.items)
    for fmt in ("txt", "docx"):
        assert all(i.location.page is None for i in sample_record(f"{seed}.{fmt}").items)


# --- a generated plan of a few hundred items (scripts/make_plan.py) ------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PLAN = FIXTURES / "plan-200"


@functools.cache
def _plan_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_plan", SAMPLES.parent / "scripts" / "make_plan.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_plan", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@functools.cache
def _items(path: Path) -> list[dict[str, object]]:
    return [i.model_dump(mode="json", exclude={"location"}) for i in extract(path).items]


def test_plan_fixture_is_what_the_script_writes() -> None:
    """The committed .docx is make_plan.py's output (its PDF is LibreOffice's print of it)."""
    script = _plan_script()
    assert script.write_docx(script.plan(200, 1)) == PLAN.with_suffix(".docx").read_bytes()


def _joined_at_full_line(docx_text: str, pdf_text: str) -> bool:
    """Whether the PDF's cell text is the .docx's with some paragraph breaks read as spaces:
    where a paragraph's last line fills the column to the edge, no space fits after it, so a
    line the author ended and a line the layout wrapped look the same (README: PDF)."""
    a, b = docx_text.split("\n"), pdf_text.split("\n")
    if len(b) >= len(a):
        return False
    i = 0
    for part in b:
        joined = a[i]
        i += 1
        while joined != part and i < len(a) and part.startswith(joined + " "):
            joined += " " + a[i]
            i += 1
        if joined != part:
            return False
    return i == len(a)


def test_generated_plan_pdf_gives_the_docx_items() -> None:
    """200 items, LibreOffice's untagged PDF: the same items, numbers, lead parties and
    timings as from the .docx. The only differences allowed are paragraph breaks after a line
    that fills its column exactly (see ``_joined_at_full_line``), each checked to be that."""
    want, got = _items(PLAN.with_suffix(".docx")), _items(PLAN.with_suffix(".pdf"))
    assert (
        [i["number"] for i in got] == [i["number"] for i in want] == [str(n) for n in range(1, 201)]
    )
    joins = 0
    cells = 0
    for a, b in zip(want, got, strict=True):
        for field, text in a["cells"].items():  # type: ignore[attr-defined]
            cells += "\n" in text
            other = b["cells"].get(field, "")  # type: ignore[attr-defined]
            if other != text:
                assert _joined_at_full_line(text, other), (a["number"], field, text, other)
                joins += 1
        if a["cells"] == b["cells"]:
            assert a == b
    # Measured: 7 such joins in 200 items (1,200 cells with several paragraphs).
    assert joins <= cells * 0.01, joins
    for field in ("lead_parties", "timings"):
        assert sum(map(len, (i[field] for i in got))) >= 0.99 * sum(
            map(len, (i[field] for i in want))
        )


@pytest.mark.skipif(shutil.which("soffice") is None, reason="printing the PDF needs LibreOffice")
def test_generated_plan_tagged_pdf_gives_exactly_the_docx_items(tmp_path: Path) -> None:
    """The same plan printed with tags, as Word's "Save as PDF" does by default: the
    structure tree says where every paragraph starts, so every item is the same."""
    script = _plan_script()
    source = tmp_path / "plan-200.docx"
    source.write_bytes(PLAN.with_suffix(".docx").read_bytes())
    [pdf] = script.print_pdf([source], tmp_path, tagged=True)
    assert _items(pdf) == _items(PLAN.with_suffix(".docx"))
