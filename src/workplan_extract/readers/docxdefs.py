"""A Word package's style and list definitions, read when the document first needs them."""

from __future__ import annotations

import re

from lxml import etree

from .numbering import Numbering, Styles
from .numcut import cut_unused_lists
from .ooxml import W_NS, W_VAL, Package, parse_xml

#: Where Word puts the main part; the package relationships say otherwise in unusual files.
MAIN_PART = "word/document.xml"
_W = "{" + W_NS + "}"
_NUM_ID = _W + "numId"
_P_STYLE = _W + "pStyle"
_NUM_PR = _W + "numPr"
_PPR = _W + "pPr"
_STYLE = _W + "style"
_STYLE_ID = _W + "styleId"
_TYPE = _W + "type"
#: A numbering part this long or longer is cut to the lists in use before it is parsed; a
#: shorter one (what a small template writes) is parsed faster whole than cut (9 KB: 0.07 ms
#: whole, 0.11 ms cut and parsed); Word's own template writes 40-60 KB.
CUT_FROM = 16_384
#: A list definition's link to a numbering style, whose own list it then uses.
_STYLE_LINK = re.compile(
    rb"""<w:(?:numStyleLink|styleLink)\s+w:val\s*=\s*(?:"([^"&]*)"|'([^'&]*)')\s*/>"""
)
_STANDARD = {
    "officeDocument": MAIN_PART,
    "styles": "word/styles.xml",
    "numbering": "word/numbering.xml",
}


class Definitions:
    """The styles and list definitions of a document, read when first needed.

    Word writes its template's every style into ``styles.xml``; the latent-style table, two
    thirds of the part, is cut before parsing, and each style is read when the document first
    names it. Many documents have no lists; their numbering part is then never inflated or
    parsed, and in one that has, each list's levels are read when first used (Word writes all
    nine for every list), and the definitions no list of the document or its styles uses are
    cut from the part before it is parsed (``numcut``).

    ``document`` is the parsed main part, whose list references say which lists are used.
    """

    def __init__(self, package: Package, main: str, document: etree._Element) -> None:
        self._package = package
        self._main = main
        self._document = document
        self._rels: dict[str, str] | None = None
        self._numbering: Numbering | None = None
        name, data = self._part("styles")
        root = None if data is None else parse_xml(_without_latent_styles(data), name)
        self._styles_root = root
        self.styles = Styles(root)

    def _part(self, kind: str) -> tuple[str, bytes | None]:
        name: str | None = _STANDARD[kind]
        if self._main != MAIN_PART or not self._package.has(name or ""):
            if self._rels is None:
                self._rels = self._package.related(self._main)
            name = self._rels.get(kind)
        if name is None:
            return "", None
        return name, self._package.read(name)

    @property
    def numbering(self) -> Numbering:
        if self._numbering is None:
            name, data = self._part("numbering")
            if data is not None and len(data) >= CUT_FROM:
                data = cut_unused_lists(data, self._used(data))
            root = None if data is None else parse_xml(data, name)
            self._numbering = Numbering(root, self.styles)
        return self._numbering

    def _used(self, numbering: bytes) -> set[str]:
        """Every list (``w:numId``) the document names, or a style names that the reader can
        ask for: a paragraph style of the document (``w:pStyle``, or the default one) or one
        it is based on, a style a list definition links to (``numbering``'s
        ``w:numStyleLink``), or any style not a paragraph style (numbering styles). Word's
        template defines list styles ("List Bullet", "List Number") that most documents never
        use: their lists need not be parsed."""
        used = {
            num_id for el in self._document.iter(_NUM_ID) if (num_id := el.get(W_VAL)) is not None
        }
        root = self._styles_root
        if root is None:
            return used
        reached = self._reached(numbering)
        for el in root.iter(_NUM_ID):
            num_id = el.get(W_VAL)
            if num_id is None or num_id in used:
                continue
            style = _owner(el)
            if (
                reached is None
                or style is None
                or style.get(_TYPE, "paragraph") != "paragraph"
                or style.get(_STYLE_ID) in reached
            ):
                used.add(num_id)
        return used

    def _reached(self, numbering: bytes) -> set[str] | None:
        """The style ids whose own list the reader can use (see ``_used``); ``None`` when a
        link to a style in the numbering part is not spelt plainly (then every style counts)."""
        count = numbering.count(b"StyleLink")  # at C speed; most parts have no link
        links = _STYLE_LINK.findall(numbering) if count else []
        if len(links) != count:
            return None
        named = {value for el in self._document.iter(_P_STYLE) if (value := el.get(W_VAL))}
        if self.styles.default:
            named.add(self.styles.default)
        reached = {sid for style_id in named for sid in self.styles.lineage(style_id)}
        reached.update((double or single).decode("utf-8", "replace") for double, single in links)
        return reached


def _owner(num_id: etree._Element) -> etree._Element | None:
    """The ``w:style`` whose ``w:pPr/w:numPr`` holds ``num_id``, the one place a style's list is
    read from; ``None`` for a ``w:numId`` anywhere else."""
    numpr = num_id.getparent()
    ppr = None if numpr is None or numpr.tag != _NUM_PR else numpr.getparent()
    style = None if ppr is None or ppr.tag != _PPR else ppr.getparent()
    return style if style is not None and style.tag == _STYLE else None


def _without_latent_styles(data: bytes) -> bytes:
    """styles.xml without ``w:latentStyles``: two thirds of the part, and nothing read uses it.

    Cut on the bytes before parsing, which costs nothing, whereas parsing it costs more than the
    rest of the part. Only the usual "w:" spelling is cut; any other is parsed whole.
    """
    start = data.find(b"<w:latentStyles")
    end = data.find(b"</w:latentStyles>", start)
    if start < 0 or end < 0:
        return data
    return data[:start] + data[end + len(b"</w:latentStyles>") :]
