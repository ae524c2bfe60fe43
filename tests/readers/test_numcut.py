"""The numbering part cut to the lists a document uses reads exactly as the whole part: the
same labels for every used list, on every .docx we have and on generated parts in every shape
(``numcut`` is a byte-level fast path, so STYLE.md asks for this differential test)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from workplan_extract.readers import docxdefs
from workplan_extract.readers.docx import read_docx
from workplan_extract.readers.numbering import Numbering, Styles
from workplan_extract.readers.numcut import cut_unused_lists
from workplan_extract.readers.ooxml import W_NS, parse_xml

ROOT = Path(__file__).resolve().parents[2]
DECLARE = f'xmlns:w="{W_NS}"'


def _word_template() -> object:
    path = ROOT / "benchmarks" / "word_template.py"
    spec = importlib.util.spec_from_file_location("word_template", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("word_template", module)
    spec.loader.exec_module(module)
    return module


def _corpus() -> list[tuple[str, bytes]]:
    files = sorted((ROOT / "samples").glob("*.docx")) + sorted((ROOT / "tests").rglob("*.docx"))
    out = [(p.name, p.read_bytes()) for p in files]
    template = _word_template()
    out += [(f"{s}-word.docx", template.build(s)) for s in template.SEEDS]  # type: ignore[attr-defined]
    return out


@pytest.mark.parametrize(("name", "data"), _corpus(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_docx_reads_the_same_with_the_part_cut(
    name: str, data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docxdefs, "CUT_FROM", 0)  # every part cut, however small
    cut = read_docx(data, name)
    monkeypatch.setattr(docxdefs, "cut_unused_lists", lambda part, used: part)
    whole = read_docx(data, name)
    assert cut.blocks == whole.blocks


def test_the_word_template_part_is_cut_to_the_lists_in_use() -> None:
    """The shape Word writes is cut (else the fast path would silently never run)."""
    import io
    import zipfile

    data = _word_template().build("lcpc-workplan-2004")  # type: ignore[attr-defined]
    part = zipfile.ZipFile(io.BytesIO(data)).read("word/numbering.xml")
    cut = cut_unused_lists(part, {"1"})
    assert len(cut) < len(part) / 4
    assert parse_xml(cut, "n").find(f"{{{W_NS}}}num") is not None


# --- generated parts ---------------------------------------------------------------------

FORMATS = ("decimal", "lowerLetter", "upperRoman", "bullet", "none", "decimalZero")


@st.composite
def parts(draw: st.DrawFn) -> tuple[bytes, set[str], list[tuple[str, int]], bytes]:
    """A numbering part in a shape drawn from what Word and other producers write, the lists
    a document uses, label requests for them, and a styles part (numbering styles link
    lists)."""
    quote = draw(st.sampled_from(['"', "'"]))
    space = draw(st.sampled_from(["", "\n", "\r\n  ", "\t"]))
    ids = draw(st.lists(st.integers(0, 6), min_size=1, max_size=8))

    def attr(name: str, value: object) -> str:
        return f" {name}={quote}{value}{quote}"

    abstracts = []
    for aid in ids:
        levels = "".join(
            f"<w:lvl{attr('w:ilvl', i)}><w:start{attr('w:val', draw(st.integers(0, 3)))}/>"
            f"<w:numFmt{attr('w:val', draw(st.sampled_from(FORMATS)))}/>"
            f"<w:lvlText{attr('w:val', f'%{i + 1}.' if i % 2 else f'(%{i + 1})')}/></w:lvl>"
            for i in range(draw(st.integers(0, 3)))
        )
        link = f"<w:numStyleLink{attr('w:val', 'ListStyle')}/>" if draw(st.booleans()) else ""
        opening = f"<w:abstractNum{attr('w:abstractNumId', aid)}{draw(st.sampled_from(['', ' ', chr(10)]))}"
        if not levels and not link and draw(st.booleans()):
            abstracts.append(f"{opening}/>")
        else:
            close = draw(st.sampled_from(["</w:abstractNum>", "</w:abstractNum >"]))
            abstracts.append(f"{opening}>{link}{levels}{close}")
    nums = []
    num_ids = draw(st.lists(st.integers(1, 9), min_size=1, max_size=8))
    for nid in num_ids:
        override = (
            f"<w:lvlOverride{attr('w:ilvl', 0)}><w:startOverride{attr('w:val', 5)}/>"
            "</w:lvlOverride>"
            if draw(st.booleans())
            else ""
        )
        ref = draw(st.integers(0, 7))
        nums.append(
            f"<w:num{attr('w:numId', nid)}><w:abstractNumId{attr('w:val', ref)}/>{override}</w:num>"
        )
    extras = draw(
        st.sampled_from(
            [
                "",
                f"<w:numPicBullet{attr('w:numPicBulletId', 0)}><w:pict/></w:numPicBullet>",
                "<!-- a comment -->",
                "<w:numIdMacAtCleanup w:val='3'/>",
                f'<x:num xmlns:x="{W_NS}" x:numId="4"><x:abstractNumId x:val="2"/></x:num>',
                "<w:unknown/>",
            ]
        )
    )
    children = [*abstracts, *nums]
    at = draw(st.integers(0, len(children)))
    children.insert(at, extras)
    body = space.join(children)
    decl = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n" if draw(st.booleans()) else ""
    )
    data = f"{decl}<w:numbering {DECLARE}>{space}{body}{space}</w:numbering>".encode()
    used = {str(n) for n in draw(st.lists(st.sampled_from(num_ids), max_size=4))}
    used.add("8")  # the numbering style's list
    requests = draw(
        st.lists(st.tuples(st.sampled_from(sorted(used)), st.integers(0, 3)), max_size=12)
    )
    styles = (
        f"<w:styles {DECLARE}><w:style w:type='numbering' w:styleId='ListStyle'><w:pPr>"
        "<w:numPr><w:numId w:val='8'/></w:numPr></w:pPr></w:style></w:styles>"
    ).encode()
    return data, used, requests, styles


def _labels(part: bytes, styles: bytes, requests: list[tuple[str, int]]) -> list[object]:
    numbering = Numbering(etree.fromstring(part), Styles(etree.fromstring(styles)))
    return [
        (numbering.next_label(num_id, ilvl), numbering.level_for_style(num_id, "ListStyle"))
        for num_id, ilvl in requests
    ]


@settings(max_examples=300, deadline=None)
@given(parts())
def test_a_cut_part_labels_every_used_list_as_the_whole_part(
    drawn: tuple[bytes, set[str], list[tuple[str, int]], bytes],
) -> None:
    data, used, requests, styles = drawn
    cut = cut_unused_lists(data, used)
    assert _labels(cut, styles, requests) == _labels(data, styles, requests)
    if b"<!--" in data or b"x:num" in data or b"w:unknown" in data:
        assert cut == data  # not the plain shape: the part stays whole
