"""Rebuild the sample .docx files in samples/ from the seed text dumps.

The seeds are plain-text dumps of two Word workplans; the .docx samples put their content back
into the Word features the originals had, so the .docx reader is tested against what real files
contain rather than against what python-docx writes by default:

- bullets typed as "· " in the dump become Word list numbering (no bullet character in the text);
- lettered actions "a) ..." become a lowerLetter list with level text "%1)", each list starting at "a)"
  in each cell (the letters are not in the text); outcomes such as "a) – c) ..." stay typed;
- the meeting dates of the schedule row are soft line breaks inside one paragraph;
- the header row repeats on each page (``w:tblHeader``), pages are A4 landscape, and the last
  row is merged across the remaining columns (``gridSpan``) exactly as the dump shows it;
- the title is a Title-styled paragraph, followed by the other preamble paragraphs, then the table.

Every word and paragraph comes from the dump, in order; the script checks that reading the built
file back gives the same cells as reading the dump. The output is deterministic: fixed document
properties and fixed ZIP timestamps make a rebuild byte-identical.

Usage::

    PYTHONPATH=src python scripts/build_samples.py            # rebuild both samples
    PYTHONPATH=src python scripts/build_samples.py --check    # exit 1 if a rebuild would differ
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from workplan_extract.readers.docx import read_docx
from workplan_extract.readers.txt import read_txt

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
#: Every date Word writes into the package, so a rebuild is byte-identical.
FIXED_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_IMAGE = re.compile(r"\[image:[^\]]*\]")
_BULLET = re.compile(r"^\s*·\s+")
_LETTER = re.compile(r"^\s*([a-z])\)\s*")


@dataclass(frozen=True)
class Sample:
    """How one seed dump maps onto Word features."""

    seed: str
    output: str
    title: str
    #: Preamble paragraphs (other than the title) that carry a style.
    styles: dict[str, str] = field(default_factory=dict)
    #: Preamble paragraphs aligned right (a paper reference in the top corner).
    right: frozenset[str] = frozenset()
    #: Column whose lettered lines are Word-numbered actions (others keep typed letters).
    actions_col: int | None = None
    #: (row, col) of the cell whose lines are soft line breaks in one paragraph.
    soft_break_cell: tuple[int, int] = (0, 0)
    widths_cm: tuple[float, ...] = ()


SAMPLES_TO_BUILD = (
    Sample(
        seed="lscb-workplan-2007-08.txt",
        output="lscb-workplan-2007-08.docx",
        title="London Safeguarding Children Board Workplan 2007/08",
        styles={"London Safeguarding Children Board Mission Statement": "Heading 2"},
        right=frozenset({"Paper 7"}),
        actions_col=1,
        soft_break_cell=(12, 1),
        widths_cm=(1.0, 6.2, 6.2, 3.4, 3.3, 2.8, 2.8),
    ),
    Sample(
        seed="lcpc-workplan-2004.txt",
        output="lcpc-workplan-2004.docx",
        title="London Child Protection Committee Workplan 2004",
        soft_break_cell=(12, 2),
        widths_cm=(1.0, 3.7, 9.0, 4.5, 4.5, 3.0),
    ),
)


class Lists:
    """Word list definitions added to the document's numbering part.

    python-docx can attach a paragraph to a list but cannot define one, so the abstract
    definitions are written as XML. One bullet list serves every bulleted paragraph (bullets do
    not count); each cell of lettered actions gets a list of its own starting at "a)".
    """

    def __init__(self, document: Document) -> None:
        self._numbering = document.part.numbering_part.element
        existing = [
            int(a.get(qn("w:abstractNumId")) or 0)
            for a in self._numbering.iterchildren(qn("w:abstractNum"))
        ]
        self._next_abstract = max(existing, default=-1) + 1
        bullet_abstract = self._add_abstract("bullet", "\uf0b7", "Symbol")
        self.bullet = self._numbering.add_num(bullet_abstract).numId

    def _add_abstract(self, fmt: str, text: str, font: str | None) -> int:
        abstract_id = self._next_abstract
        self._next_abstract += 1
        nsid = 0xB0117 + abstract_id  # fixed, so rebuilds are byte-identical
        rpr = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>'
        xml = (
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:nsid w:val="{nsid:08X}"/><w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="284" w:hanging="284"/></w:pPr>'
            f"{rpr if font else ''}</w:lvl></w:abstractNum>"
        )
        element = parse_xml(xml)
        # The schema wants every abstractNum before the first num.
        first_num = self._numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(element)
        else:
            self._numbering.append(element)
        return abstract_id

    def new_lettered(self) -> int:
        """A fresh lettered list that starts at "a)".

        Each list gets its own abstract definition rather than a restart override on a shared
        one: LibreOffice's .doc export renders restart overrides as "a) a) b)", and the .doc
        samples are made through LibreOffice.
        """
        return int(self._numbering.add_num(self._add_abstract("lowerLetter", "%1)", None)).numId)


def number(paragraph: Paragraph, num_id: int) -> None:
    """Attach ``paragraph`` to list ``num_id`` at level 0 (the List Paragraph style, as Word)."""
    paragraph.style = "List Paragraph"
    # The numPr accessors are generated at runtime by python-docx's oxml metaclass.
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()  # type: ignore[attr-defined]
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def mark_header(row_element: object) -> None:
    """Mark a table row to repeat at the top of each page (python-docx has no API for it)."""
    tr_pr = row_element.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:tblHeader"))


def cell_lines(lines: list[str], start: int, end: int) -> list[str]:
    """The dump lines of one cell (1-based ``start`` on its TAB line), trailing blanks dropped."""
    body = [lines[start - 1][1:], *lines[start:end]]
    body = [_IMAGE.sub("", line).rstrip() for line in body]
    while body and not body[-1].strip():
        body.pop()
    return body


def fill_cell(cell: _Cell, lines: list[str], lists: Lists, lettered: bool, soft: bool) -> None:
    """Write a cell's dump lines as Word paragraphs (one per line; blank lines stay empty)."""
    # A new cell already holds one empty paragraph: use it first.
    unused: list[Paragraph] = [cell.paragraphs[0]]

    def next_paragraph() -> Paragraph:
        if unused:
            return unused.pop()
        paragraph: Paragraph = cell.add_paragraph()
        return paragraph

    if soft:
        # One paragraph; each dump line after the first is a soft line break (Shift+Enter).
        paragraph = next_paragraph()
        run = paragraph.add_run(lines[0])
        for line in lines[1:]:
            run.add_break()
            if line.strip():
                run.add_text(line)
        return
    letters = None
    expected = "a"
    for line in lines:
        paragraph = next_paragraph()
        bullet = _BULLET.match(line)
        letter = _LETTER.match(line) if lettered else None
        if bullet:
            number(paragraph, lists.bullet)
            paragraph.add_run(line[bullet.end() :])
        elif letter:
            if letters is None:
                letters = lists.new_lettered()
            if letter.group(1) != expected:
                raise SystemExit(f"lettered list out of order at {line!r}: expected {expected})")
            expected = chr(ord(expected) + 1)
            number(paragraph, letters)
            paragraph.add_run(line[letter.end() :])
        elif line.strip():
            paragraph.add_run(line)


def landscape_document(title: str, script: str) -> Document:
    """An empty A4 landscape Word document, 10 pt, 2 cm margins, with fixed properties (so a
    rebuilt file is byte for byte the same) naming ``script`` as its author."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    document.styles["Normal"].font.size = Pt(10)
    props = document.core_properties
    props.title = title
    props.author = props.last_modified_by = f"workplan-extract {script}"
    props.created = props.modified = props.last_printed = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    return document


def build(sample: Sample) -> bytes:
    """Build one sample and return the bytes of the .docx."""
    data = (SAMPLES / sample.seed).read_bytes()
    lines = data.decode("utf-8").splitlines()
    parsed = read_txt(data, sample.seed)
    table = next(parsed.tables())
    first_cell = next(i for i, line in enumerate(lines) if line.startswith("\t"))
    starts = [c.location.line or 0 for row in table.rows for c in row.cells]
    # A cell runs to the line before the next cell starts (or to the end of the dump).
    nexts = [*starts[1:], len(lines) + 1]
    ends = {start: end - 1 for start, end in zip(starts, nexts, strict=True)}

    document = landscape_document(sample.title, "build_samples.py")
    props = document.core_properties
    props.comments = f"Rebuilt from samples/{sample.seed}"

    for raw in lines[:first_cell]:
        text = _IMAGE.sub("", raw).strip()
        if not text:
            continue
        style = "Title" if text == sample.title else sample.styles.get(text)
        paragraph = document.add_paragraph(text)
        if style:
            paragraph.style = style
        if text in sample.right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    lists = Lists(document)
    word_table = document.add_table(rows=len(table.rows), cols=table.ncols)
    word_table.style = "Table Grid"
    word_table.alignment = WD_TABLE_ALIGNMENT.CENTER
    word_table.autofit = False
    for col, width in zip(word_table.columns, sample.widths_cm, strict=True):
        col.width = Cm(width)
    for row in table.rows:
        word_row = word_table.rows[row.index]
        if row.is_header:
            mark_header(word_row._tr)
        for cell in row.cells:
            word_cell = word_table.cell(row.index, cell.col)
            if cell.span > 1:
                word_cell = word_cell.merge(word_table.cell(row.index, cell.col + cell.span - 1))
            word_cell.width = Cm(sum(sample.widths_cm[cell.col : cell.col + cell.span]))
            start = cell.location.line or 0
            body = cell_lines(lines, start, ends[start])
            if body:
                fill_cell(
                    word_cell,
                    body,
                    lists,
                    lettered=cell.col == sample.actions_col,
                    soft=(row.index, cell.col) == sample.soft_break_cell,
                )
    trim_package(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def trim_package(document: Document) -> None:
    """Keep only what Word itself would save for this document.

    python-docx's template carries every style Word knows (350 KB of styles.xml), a second copy
    for Word 2010 (stylesWithEffects.xml) and a thumbnail of an empty page. Word saves the styles
    a document uses plus its defaults, so the samples do the same: the reader's speed on them is
    then representative of real files.
    """
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del document.part.rels[rel_id]
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rel_id]

    styles = document.styles.element
    used = {
        el.get(qn("w:val"))
        for part in (document.element, document.part.numbering_part.element)
        for el in part.iter(qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))
    }
    by_id = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
    keep = {sid for sid, s in by_id.items() if s.get(qn("w:default")) == "1"}
    todo = list(used | keep)
    while todo:  # a kept style keeps the styles it is based on, linked to, or followed by
        sid = todo.pop()
        style = by_id.get(sid)
        if style is None:
            continue
        keep.add(sid)
        for ref in style.iterchildren(qn("w:basedOn"), qn("w:link"), qn("w:next")):
            if ref.get(qn("w:val")) not in keep:
                todo.append(ref.get(qn("w:val")))
    for sid, style in by_id.items():
        if sid not in keep:
            styles.remove(style)


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the ZIP with fixed timestamps: python-docx stamps each entry with the clock."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info), compresslevel=9)
    return out.getvalue()


def cell_texts(data: bytes, name: str) -> list[list[str]]:
    """Each row's cell texts as a reader sees them: the check that content survived."""
    reader = read_docx if name.endswith(".docx") else read_txt
    table = next(reader(data, name).tables())
    return [[cell.text for cell in row.cells] for row in table.rows]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail if a rebuild would differ")
    args = parser.parse_args(argv)
    status = 0
    for sample in SAMPLES_TO_BUILD:
        data = build(sample)
        seed = (SAMPLES / sample.seed).read_bytes()
        if cell_texts(data, sample.output) != cell_texts(seed, sample.seed):
            print(f"{sample.output}: cells differ from {sample.seed}", file=sys.stderr)
            return 1
        target = SAMPLES / sample.output
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                print(f"{target}: out of date; rerun scripts/build_samples.py", file=sys.stderr)
                status = 1
            continue
        target.write_bytes(data)
        print(f"wrote {target} ({len(data)} bytes)")
    return status


if __name__ == "__main__":
    sys.exit(main())
