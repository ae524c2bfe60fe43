#!/usr/bin/env python3
"""The .docx samples as Word itself would save them: Word's full styles and list definitions.

The committed samples carry only the styles they use (``scripts/build_samples.py`` trims
python-docx's template). A document saved by Word carries its template's whole ``styles.xml``
(about 40 KB: the document defaults, a ``w:latentStyles`` block naming the 376 built-in styles
of Word 2013 and later, and the definitions of the styles in use and their relatives) and a
``numbering.xml`` whose every list has its nine levels written out, plus the list templates
Word keeps whether used or not. Reading those parts is most of the cost of a small real
document, so speed figures from the trimmed samples flatter the reader.

``build(seed)`` makes such a copy of a sample: the same ``document.xml`` (so the same items),
with a ``styles.xml`` and ``numbering.xml`` generated here in Word's shape (no third-party
file is copied). The output is deterministic. ``python benchmarks/word_template.py`` measures,
in this process and on the same file:

- ``extract()`` against the floor (unzip ``document.xml``, parse it with lxml, join every
  cell's text), target at most 5x;
- python-docx's own cell walk (``Document()`` and ``cell.text`` for every cell) against
  ``extract()``, target at least 2x.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEEDS = ("lcpc-workplan-2004", "lscb-workplan-2007-08")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

#: Word's built-in styles as its latent-style table lists them (Word 2013 and later: 376).
# fmt: off
_NAMED = (
    "Normal Indent", "footnote text", "annotation text", "header", "footer", "index heading",
    "caption", "table of figures", "envelope address", "envelope return", "footnote reference",
    "annotation reference", "line number", "page number", "endnote reference", "endnote text",
    "table of authorities", "macro", "toa heading", "List", "List Bullet", "List Number",
    "List 2", "List 3", "List 4", "List 5", "List Bullet 2", "List Bullet 3", "List Bullet 4",
    "List Bullet 5", "List Number 2", "List Number 3", "List Number 4", "List Number 5", "Title",
    "Closing", "Signature", "Default Paragraph Font", "Body Text", "Body Text Indent",
    "List Continue", "List Continue 2", "List Continue 3", "List Continue 4", "List Continue 5",
    "Message Header", "Subtitle", "Salutation", "Date", "Body Text First Indent",
    "Body Text First Indent 2", "Note Heading", "Body Text 2", "Body Text 3",
    "Body Text Indent 2", "Body Text Indent 3", "Block Text", "Hyperlink", "FollowedHyperlink",
    "Strong", "Emphasis", "Document Map", "Plain Text", "E-mail Signature", "HTML Top of Form",
    "HTML Bottom of Form", "Normal (Web)", "HTML Acronym", "HTML Address", "HTML Cite",
    "HTML Code", "HTML Definition", "HTML Keyboard", "HTML Preformatted", "HTML Sample",
    "HTML Typewriter", "HTML Variable", "Normal Table", "annotation subject", "No List",
    "Outline List 1", "Outline List 2", "Outline List 3", "Table Simple 1", "Table Simple 2",
    "Table Simple 3", "Table Classic 1", "Table Classic 2", "Table Classic 3", "Table Classic 4",
    "Table Colorful 1", "Table Colorful 2", "Table Colorful 3", "Table Columns 1",
    "Table Columns 2", "Table Columns 3", "Table Columns 4", "Table Columns 5", "Table Grid 1",
    "Table Grid 2", "Table Grid 3", "Table Grid 4", "Table Grid 5", "Table Grid 6",
    "Table Grid 7", "Table Grid 8", "Table List 1", "Table List 2", "Table List 3",
    "Table List 4", "Table List 5", "Table List 6", "Table List 7", "Table List 8",
    "Table 3D effects 1", "Table 3D effects 2", "Table 3D effects 3", "Table Contemporary",
    "Table Elegant", "Table Professional", "Table Subtle 1", "Table Subtle 2", "Table Web 1",
    "Table Web 2", "Table Web 3", "Balloon Text", "Table Grid", "Table Theme",
    "Placeholder Text", "No Spacing",
)
_SHADED = (
    "Light Shading", "Light List", "Light Grid", "Medium Shading 1", "Medium Shading 2",
    "Medium List 1", "Medium List 2", "Medium Grid 1", "Medium Grid 2", "Medium Grid 3",
    "Dark List", "Colorful Shading", "Colorful List", "Colorful Grid",
)
_LATER = (
    "Revision", "List Paragraph", "Quote", "Intense Quote", "Subtle Emphasis",
    "Intense Emphasis", "Subtle Reference", "Intense Reference", "Book Title", "Bibliography",
    "TOC Heading", "Plain Table 1", "Plain Table 2", "Plain Table 3", "Plain Table 4",
    "Plain Table 5", "Grid Table Light",
)
_GRID_LOOKS = ((1, " Light"), (2, ""), (3, ""), (4, ""), (5, " Dark"), (6, " Colorful"),
               (7, " Colorful"))
_NEWEST = ("Mention", "Smart Hyperlink", "Hashtag", "Unresolved Mention", "Smart Link")
# fmt: on
_ACCENTS = ("", *(f" Accent {i}" for i in range(1, 7)))
_BUILT_IN = [
    "Normal",
    *(f"heading {i}" for i in range(1, 10)),
    *(f"index {i}" for i in range(1, 10)),
    *(f"toc {i}" for i in range(1, 10)),
    *_NAMED,
    *(f"{kind}{accent}" for accent in _ACCENTS for kind in _SHADED),
    *_LATER,
    *(
        f"{kind} {n}{look}{accent}"
        for kind in ("Grid Table", "List Table")
        for accent in _ACCENTS
        for n, look in _GRID_LOOKS
    ),
    *_NEWEST,
]


def _latent_styles() -> str:
    """Word's latent-style table: one ``lsdException`` per built-in style."""
    out = []
    for priority, name in enumerate(_BUILT_IN):
        quick = name in ("Normal", "Title", "Subtitle", "Strong", "Emphasis", "Quote")
        quick = quick or name.startswith("heading") or name in ("List Paragraph", "caption")
        shown = name in ("Normal", "Title", "Subtitle", "heading 1", "Table Grid")
        out.append(
            f'<w:lsdException w:name="{name}"'
            + ("" if shown else ' w:semiHidden="1" w:unhideWhenUsed="1"')
            + f' w:uiPriority="{priority % 100}"'
            + (' w:qFormat="1"' if quick else "")
            + "/>"
        )
    return (
        '<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" '
        f'w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="{len(_BUILT_IN)}">'
        + "".join(out)
        + "</w:latentStyles>"
    )


_DEFAULTS = (
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" '
    'w:eastAsiaTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/>'
    '<w:kern w:val="2"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" '
    'w:eastAsia="en-US" w:bidi="ar-SA"/><w14:ligatures w14:val="standardContextual"/></w:rPr>'
    '</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" '
    'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
)

#: Styles Word defines in a new document's styles.xml besides those the text uses.
_WORD_STYLES = (
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name '
    'w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
    '</w:style><w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name '
    'w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    + "".join(
        f'<w:style w:type="character" w:customStyle="1" w:styleId="Heading{i}Char"><w:name '
        f'w:val="Heading {i} Char"/><w:basedOn w:val="DefaultParagraphFont"/><w:link '
        f'w:val="Heading{i}"/><w:uiPriority w:val="9"/><w:rPr><w:rFonts w:asciiTheme="majorHAnsi" '
        'w:eastAsiaTheme="majorEastAsia" w:hAnsiTheme="majorHAnsi" w:cstheme="majorBidi"/>'
        f'<w:color w:val="0F4761" w:themeColor="accent1" w:themeShade="BF"/><w:sz w:val="{40 - 4 * i}"/>'
        f'<w:szCs w:val="{40 - 4 * i}"/></w:rPr></w:style>'
        for i in range(1, 10)
    )
    + '<w:style w:type="character" w:customStyle="1" w:styleId="TitleChar"><w:name '
    'w:val="Title Char"/><w:basedOn w:val="DefaultParagraphFont"/><w:link w:val="Title"/>'
    '<w:uiPriority w:val="10"/><w:rPr><w:rFonts w:asciiTheme="majorHAnsi" '
    'w:eastAsiaTheme="majorEastAsia" w:hAnsiTheme="majorHAnsi" w:cstheme="majorBidi"/>'
    '<w:spacing w:val="-10"/><w:kern w:val="28"/><w:sz w:val="56"/><w:szCs w:val="56"/></w:rPr>'
    '</w:style><w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/>'
    '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="22"/><w:qFormat/><w:rPr><w:b/>'
    '<w:bCs/></w:rPr></w:style><w:style w:type="character" w:styleId="Emphasis"><w:name '
    'w:val="Emphasis"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="20"/>'
    "<w:qFormat/><w:rPr><w:i/><w:iCs/></w:rPr></w:style>"
    + "".join(
        f'<w:style w:type="paragraph" w:styleId="Heading{i}"><w:name w:val="heading {i}"/>'
        f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:link w:val="Heading{i}Char"/>'
        f'<w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/>'
        f'<w:keepLines/><w:spacing w:before="{360 - 20 * i}" w:after="80"/>'
        f'<w:outlineLvl w:val="{i - 1}"/></w:pPr><w:rPr><w:rFonts w:asciiTheme="majorHAnsi" '
        'w:eastAsiaTheme="majorEastAsia" w:hAnsiTheme="majorHAnsi" w:cstheme="majorBidi"/>'
        f'<w:color w:val="0F4761" w:themeColor="accent1" w:themeShade="BF"/>'
        f'<w:sz w:val="{40 - 4 * i}"/><w:szCs w:val="{40 - 4 * i}"/></w:rPr></w:style>'
        for i in range(3, 10)
    )
)


def word_styles(sample_styles: bytes) -> bytes:
    """The sample's own style definitions inside Word's full ``styles.xml``."""
    text = sample_styles.decode("utf-8")
    # The sample's definitions, minus any its template shares with Word's (same id).
    body = re.search(r"<w:styles\b[^>]*>(.*)</w:styles>", text, re.S)
    root_open = re.search(r"<w:styles\b[^>]*>", text)
    if body is None or root_open is None:
        raise SystemExit("unexpected styles.xml in the sample")
    own = re.sub(r"<w:docDefaults>.*?</w:docDefaults>", "", body.group(1), flags=re.S)
    own = re.sub(
        r"<w:latentStyles\b[^>]*/>|<w:latentStyles\b.*?</w:latentStyles>", "", own, flags=re.S
    )
    ids = set(re.findall(r'w:styleId="([^"]+)"', own))
    extra = "".join(
        m.group(0)
        for m in re.finditer(r"<w:style\b.*?</w:style>", _WORD_STYLES, re.S)
        if re.search(r'w:styleId="([^"]+)"', m.group(0)).group(1) not in ids  # type: ignore[union-attr]
    )
    opening = root_open.group(0)
    if "xmlns:w14=" not in opening:
        opening = (
            opening[:-1] + ' xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">'
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        + opening
        + _DEFAULTS
        + _latent_styles()
        + own
        + extra
        + "</w:styles>"
    )
    return xml.encode("utf-8")


_BULLETS = (("\uf0b7", "Symbol"), ("o", "Courier New"), ("\uf0a7", "Wingdings"))


def _level(ilvl: int, fmt: str, text: str, font: str | None) -> str:
    indent = 720 * (ilvl + 1)
    rpr = (
        f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>'
        if font
        else ""
    )
    return (
        f'<w:lvl w:ilvl="{ilvl}" w:tplc="{0x08090001 + ilvl * 0x10000:08X}"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr>{rpr}</w:lvl>'
    )


def _nine_levels(first: str) -> str:
    """Levels 1-8 of a list whose level 0 is ``first``, in the pattern Word writes."""
    bullet = 'w:numFmt w:val="bullet"' in first
    out = []
    for ilvl in range(1, 9):
        if bullet:
            glyph, font = _BULLETS[ilvl % 3]
            out.append(_level(ilvl, "bullet", glyph, font))
        else:
            fmt = ("lowerLetter", "lowerRoman", "decimal")[(ilvl - 1) % 3]
            out.append(_level(ilvl, fmt, f"%{ilvl + 1}.", None))
    return "".join(out)


def word_numbering(sample_numbering: bytes, templates: int = 8) -> bytes:
    """The sample's lists with all nine levels written out, plus ``templates`` list
    definitions no paragraph uses (Word keeps the ones its template or a paste brought)."""
    text = sample_numbering.decode("utf-8")

    def widen(m: re.Match[str]) -> str:
        abstract = m.group(0).replace(
            '<w:multiLevelType w:val="singleLevel"/>',
            '<w:multiLevelType w:val="hybridMultilevel"/>',
        )
        first = re.search(r"<w:lvl\b.*?</w:lvl>", abstract, re.S)
        if first is None or 'w:ilvl="1"' in abstract:
            return abstract
        return abstract.replace(
            "</w:abstractNum>", _nine_levels(first.group(0)) + "</w:abstractNum>"
        )

    text = re.sub(r"<w:abstractNum\b.*?</w:abstractNum>", widen, text, flags=re.S)
    ids = [int(i) for i in re.findall(r'w:abstractNumId="(\d+)"', text)]
    start = max(ids, default=-1) + 1
    unused = []
    for n in range(templates):
        aid = start + n
        glyph, font = _BULLETS[n % 3]
        first = (
            _level(0, "bullet", glyph, font) if n % 2 == 0 else _level(0, "decimal", "%1.", None)
        )
        unused.append(
            f'<w:abstractNum w:abstractNumId="{aid}" w15:restartNumberingAfterBreak="0">'
            f'<w:nsid w:val="{0x1A2B3C00 + aid:08X}"/><w:multiLevelType w:val="hybridMultilevel"/>'
            f'<w:tmpl w:val="{0x0C0A0000 + aid:08X}"/>{first}{_nine_levels(first)}</w:abstractNum>'
        )
    first_num = text.find("<w:num ")
    at = first_num if first_num >= 0 else text.rfind("</w:numbering>")
    text = text[:at] + "".join(unused) + text[at:]
    if "xmlns:w15=" not in text[:3000]:
        text = text.replace(
            "<w:numbering ",
            '<w:numbering xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" ',
            1,
        )
    return text.encode("utf-8")


def build(seed: str) -> bytes:
    """The sample ``seed``.docx with Word's full styles and list definitions."""
    out = io.BytesIO()
    with zipfile.ZipFile(SAMPLES / f"{seed}.docx") as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/styles.xml":
                data = word_styles(data)
            elif info.filename == "word/numbering.xml":
                data = word_numbering(data)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    return out.getvalue()


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    """Median CPU time of ``fn`` (this process's, not the wall clock: the ratios stay
    meaningful on a machine shared with other work)."""
    for _ in range(3):
        fn()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=41)
    parser.add_argument("--out", type=Path, help="also write the built files here")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the package to measure")
    args = parser.parse_args()
    sys.path.insert(0, str(args.src))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import tempfile

    from run import docx_floor, ours, python_docx_walk

    from workplan_extract import extract
    from workplan_extract.readers.docx import read_docx

    folder = args.out or Path(tempfile.mkdtemp(prefix="word-template-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(
        f"{'file':<34} {'KB':>4} {'styles':>7} {'numbering':>9} {'extract ms':>10} "
        f"{'read ms':>8} {'floor ms':>8} {'/floor':>7} {'py-docx/ours':>12}"
    )
    for seed in SEEDS:
        data = build(seed)
        path = folder / f"{seed}-word.docx"
        path.write_bytes(data)
        with zipfile.ZipFile(path) as z:
            styles = z.getinfo("word/styles.xml").file_size
            numbering = z.getinfo("word/numbering.xml").file_size
        assert [i.model_dump(exclude={"location"}) for i in extract(path).items] == [
            i.model_dump(exclude={"location"}) for i in extract(SAMPLES / f"{seed}.docx").items
        ], "Word's styles must not change what is read"
        t_ours = median_seconds(lambda p=path: ours(p), args.repeat)
        t_read = median_seconds(lambda p=path: read_docx(p.read_bytes(), str(p)), args.repeat)
        t_floor = median_seconds(lambda p=path: docx_floor(p), args.repeat)
        t_pd = median_seconds(lambda p=path: python_docx_walk(p), args.repeat)
        print(
            f"{path.name:<34} {len(data) // 1024:>4} {styles // 1024:>6}K {numbering // 1024:>8}K "
            f"{t_ours * 1e3:>10.2f} {t_read * 1e3:>8.2f} {t_floor * 1e3:>8.2f} "
            f"{t_ours / t_floor:>6.1f}x {t_pd / t_ours:>11.2f}x"
        )
    print("targets: extract / floor <= 5x; python-docx walk / extract >= 2x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
