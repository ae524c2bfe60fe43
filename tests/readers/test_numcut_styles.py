"""The numbering part cut to the lists of the styles a document can reach reads as the whole
part: generated packages whose styles carry lists (paragraph styles based on one another, the
default style, list styles the document never names, numbering styles a list links to), read
with the cut and without it (``docxdefs._used`` decides what is kept, so STYLE.md asks for
this differential test; ``test_numcut.py`` covers the corpus and the cut itself)."""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workplan_extract.readers import docxdefs
from workplan_extract.readers.docx import read_docx
from workplan_extract.readers.ooxml import W_NS

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def _word_template() -> Any:
    path = ROOT / "benchmarks" / "word_template.py"
    spec = importlib.util.spec_from_file_location("word_template", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("word_template", module)
    spec.loader.exec_module(module)
    return module


NS = f'xmlns:w="{W_NS}"'
STYLE_IDS = ("Normal", "ListParagraph", "ListBullet", "ListNumber", "Heading1", "Outline")


def _package(document: str, styles: str, numbering: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", document)
        package.writestr("word/styles.xml", styles)
        package.writestr("word/numbering.xml", numbering)
    return buffer.getvalue()


@st.composite
def packages(draw: st.DrawFn) -> bytes:
    """A document of list paragraphs over styles and lists drawn at random."""
    lists = draw(st.integers(1, 6))
    abstracts = "".join(
        f'<w:abstractNum w:abstractNumId="{a}">'
        + (
            f'<w:numStyleLink w:val="{draw(st.sampled_from(STYLE_IDS))}"/>'
            if draw(st.integers(0, 4)) == 0
            else ""
        )
        + "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="{draw(st.integers(0, 3))}"/>'
            f'<w:numFmt w:val="{draw(st.sampled_from(["decimal", "lowerLetter", "bullet"]))}"/>'
            f'<w:lvlText w:val="%{i + 1}."/></w:lvl>'
            for i in range(2)
        )
        + "</w:abstractNum>"
        for a in range(lists)
    )
    nums = "".join(
        f'<w:num w:numId="{n + 1}"><w:abstractNumId w:val="{n}"/></w:num>' for n in range(lists)
    )
    numbering = f"<w:numbering {NS}>{abstracts}{nums}</w:numbering>"
    style_list = []
    for number, sid in enumerate(STYLE_IDS):
        kind = draw(st.sampled_from(["paragraph", "paragraph", "numbering", "character"]))
        default = ' w:default="1"' if number == 0 and draw(st.booleans()) else ""
        based = (
            f'<w:basedOn w:val="{draw(st.sampled_from(STYLE_IDS))}"/>'
            if draw(st.booleans())
            else ""
        )
        num = (
            f'<w:pPr><w:numPr><w:numId w:val="{draw(st.integers(1, lists))}"/>'
            f'<w:ilvl w:val="{draw(st.integers(0, 1))}"/></w:numPr></w:pPr>'
            if draw(st.booleans())
            else ""
        )
        style_list.append(
            f'<w:style w:type="{kind}" w:styleId="{sid}"{default}>'
            f'<w:name w:val="{sid}"/>{based}{num}</w:style>'
        )
    styles = f"<w:styles {NS}>{''.join(style_list)}</w:styles>"
    paragraphs = []
    for n in range(draw(st.integers(1, 8))):
        style = draw(st.sampled_from((None, *STYLE_IDS)))
        ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
        if draw(st.integers(0, 3)) == 0:
            ppr += f'<w:numPr><w:numId w:val="{draw(st.integers(0, lists))}"/></w:numPr>'
        paragraphs.append(f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t>Item {n}</w:t></w:r></w:p>")
    document = f"<w:document {NS}><w:body>{''.join(paragraphs)}</w:body></w:document>"
    return _package(document, styles, numbering)


@settings(max_examples=300, deadline=None)
@given(packages())
def test_a_part_cut_to_the_reached_styles_reads_as_the_whole_part(data: bytes) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(docxdefs, "CUT_FROM", 0)  # these parts are small
        cut = read_docx(data, "g.docx")
        patch.setattr(docxdefs, "cut_unused_lists", lambda part, used: part)
        whole = read_docx(data, "g.docx")
    assert cut.blocks == whole.blocks


def test_a_small_part_is_parsed_whole_and_a_large_one_cut() -> None:
    """Below ``CUT_FROM`` the cut costs more than it saves; Word's template is above it."""
    seen: list[int] = []
    real = docxdefs.cut_unused_lists

    def spy(part: bytes, used: set[str]) -> bytes:
        seen.append(len(part))
        return real(part, used)

    template = _word_template()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(docxdefs, "cut_unused_lists", spy)
        read_docx((SAMPLES / "lscb-workplan-2007-08.docx").read_bytes(), "s.docx")
        assert seen == []
        read_docx(template.build("lscb-workplan-2007-08"), "w.docx")
    assert len(seen) == 1 and seen[0] >= docxdefs.CUT_FROM


def test_the_lists_of_styles_never_reached_are_cut() -> None:
    """Word's list styles the document does not use lose their lists (else the fast path
    would silently never run); the document's own style keeps its list."""
    numbering = (
        f"<w:numbering {NS}>"
        + "".join(
            f'<w:abstractNum w:abstractNumId="{a}"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            f'<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
            for a in range(3)
        )
        + "".join(
            f'<w:num w:numId="{n + 1}"><w:abstractNumId w:val="{n}"/></w:num>' for n in range(3)
        )
        + "</w:numbering>"
    )

    def style(sid: str, num: int | None, based: str = "") -> str:
        base = f'<w:basedOn w:val="{based}"/>' if based else ""
        own = "" if num is None else f'<w:pPr><w:numPr><w:numId w:val="{num}"/></w:numPr></w:pPr>'
        return f'<w:style w:type="paragraph" w:styleId="{sid}">{base}{own}</w:style>'

    styles = f"<w:styles {NS}>{style('Base', 1)}{style('Mine', None, 'Base')}{style('ListBullet', 2)}</w:styles>"
    document = (
        f"<w:document {NS}><w:body><w:p><w:pPr><w:pStyle w:val='Mine'/></w:pPr>"
        "<w:r><w:t>Review</w:t></w:r></w:p></w:body></w:document>"
    )
    seen: list[set[str]] = []
    real = docxdefs.cut_unused_lists

    def spy(part: bytes, used: set[str]) -> bytes:
        seen.append(set(used))
        return real(part, used)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(docxdefs, "CUT_FROM", 0)
        patch.setattr(docxdefs, "cut_unused_lists", spy)
        doc = read_docx(_package(document, styles, numbering), "t.docx")
    assert seen == [{"1"}]  # Base's list, reached through Mine's basedOn; not ListBullet's
    assert [p.label for p in doc.blocks] == ["1."]
