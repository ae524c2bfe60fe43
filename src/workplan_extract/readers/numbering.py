"""Word's list numbering and paragraph styles, turned into what a reader of the page sees.

``word/numbering.xml`` defines lists (``w:abstractNum``, with up to nine levels each saying how a
counter is drawn: "%1)" in lowerLetter is "a)", "b)", ...) and instances of them (``w:num``, which
may restart levels). A paragraph joins a list through its own ``w:numPr`` or through its style's,
inherited along ``basedOn``. ``Numbering.next_label`` replays Word's counters in reading order.
"""

from __future__ import annotations

import re
from collections import ChainMap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from lxml import etree

from .base import BULLET
from .ooxml import W_NS, W_VAL

_W = "{" + W_NS + "}"
_LVL_REF = re.compile(r"%([1-9])")
# Clark names of the elements and attributes read here, computed once.
_ABSTRACT_NUM = _W + "abstractNum"
_ABSTRACT_NUM_ID = _W + "abstractNumId"
_NUM = _W + "num"
_NUM_ID = _W + "numId"
_LVL = _W + "lvl"
_ILVL = _W + "ilvl"
_START = _W + "start"
_NUM_FMT = _W + "numFmt"
_LVL_TEXT = _W + "lvlText"
_LVL_RESTART = _W + "lvlRestart"
_IS_LGL = _W + "isLgl"
_P_STYLE = _W + "pStyle"
_LVL_OVERRIDE = _W + "lvlOverride"
_START_OVERRIDE = _W + "startOverride"
_NUM_STYLE_LINK = _W + "numStyleLink"
_STYLE = _W + "style"
_STYLE_ID = _W + "styleId"
_TYPE = _W + "type"
_DEFAULT = _W + "default"
_NAME = _W + "name"
_BASED_ON = _W + "basedOn"
_PPR = _W + "pPr"
_NUM_PR = _W + "numPr"

#: Word stores some built-in style names in lower case and shows them capitalised; report the
#: names users see (the same table python-docx uses).
_UI_NAMES = {"caption": "Caption", "footer": "Footer", "header": "Header"} | {
    f"heading {i}": f"Heading {i}" for i in range(1, 10)
}


@dataclass(frozen=True, slots=True)
class NumRef:
    """A paragraph's (or style's) reference into the numbering part; either half may be unset."""

    num_id: str | None = None
    ilvl: int | None = None


class Styles:
    """Paragraph style names, the list numbering they carry and whether they set text in
    bold, with ``basedOn`` inheritance; character styles for bold runs.

    Each style is read when the document first names it.
    """

    def __init__(self, root: etree._Element | None = None) -> None:
        self._all: dict[str, etree._Element] = {}
        self._info: dict[str, _StyleInfo] = {}
        self._num_cache: dict[str, NumRef] = {}
        self._bold_cache: dict[str, bool] = {}
        self.default: str | None = None
        if root is None:
            return
        for style in root.iterchildren(_STYLE):
            style_id = style.get(_STYLE_ID)
            if style_id is None:
                continue
            self._all[style_id] = style
            if (
                self.default is None
                and style.get(_TYPE, "paragraph") == "paragraph"
                and style.get(_DEFAULT) in ("1", "true", "on")
            ):
                self.default = style_id

    def _style(self, style_id: str) -> _StyleInfo:
        info = self._info.get(style_id)
        if info is not None:
            return info
        element = self._all.get(style_id)
        info = _StyleInfo() if element is None else _read_style(element, style_id)
        self._info[style_id] = info
        return info

    def name(self, style_id: str) -> str:
        """The style's name as Word shows it, or the id itself for an undefined style."""
        info = self._style(style_id)
        return info.name if info.paragraph and info.name else style_id

    def numbering(self, style_id: str) -> NumRef:
        """The numbering a style gives its paragraphs, inherited field by field via basedOn."""
        cached = self._num_cache.get(style_id)
        if cached is not None:
            return cached
        num_id: str | None = None
        ilvl: int | None = None
        seen: set[str] = set()
        sid: str | None = style_id
        while sid and sid not in seen and (num_id is None or ilvl is None):
            seen.add(sid)  # basedOn loops exist in the wild; stop at the first repeat
            info = self._style(sid)
            own = info.num if info.paragraph else None
            if own is not None:
                num_id = own.num_id if num_id is None else num_id
                ilvl = own.ilvl if ilvl is None else ilvl
            sid = info.based_on
        ref = NumRef(num_id, ilvl)
        self._num_cache[style_id] = ref
        return ref

    def bold(self, style_id: str) -> bool:
        """Whether the style (paragraph or character) sets its text in bold, itself or through
        the styles it is based on (the nearest that says decides)."""
        cached = self._bold_cache.get(style_id)
        if cached is not None:
            return cached
        seen: set[str] = set()
        sid: str | None = style_id
        bold = False
        while sid and sid not in seen:
            seen.add(sid)
            info = self._style(sid)
            if info.bold is not None:
                bold = info.bold
                break
            sid = info.based_on
        self._bold_cache[style_id] = bold
        return bold

    def lineage(self, style_id: str) -> list[str]:
        """The style and those it is based on, nearest first, as far as they are defined
        (stopping at the first repeat: the walk ``numbering`` and ``bold`` make)."""
        out: list[str] = []
        sid: str | None = style_id
        while sid and sid not in out:
            out.append(sid)
            sid = self._style(sid).based_on
        return out

    def direct_num_id(self, style_id: str) -> str | None:
        """The numId written on the style itself (numbering styles link lists this way)."""
        own = self._style(style_id).num
        return None if own is None else own.num_id


@dataclass(frozen=True, slots=True)
class _StyleInfo:
    """What is read of one ``w:style``."""

    paragraph: bool = False
    name: str | None = None
    based_on: str | None = None
    num: NumRef | None = None
    #: Whether its run properties set bold on or off; ``None`` when they say nothing.
    bold: bool | None = None


def _read_style(style: etree._Element, sid: str) -> _StyleInfo:
    name = based_on = None
    num = None
    bold = None
    for child in style.iterchildren(_NAME, _BASED_ON, _PPR, _RPR):
        tag = child.tag
        if tag == _NAME:
            raw = child.get(W_VAL) or sid
            name = _UI_NAMES.get(raw, raw)
        elif tag == _BASED_ON:
            based_on = child.get(W_VAL) or None
        elif tag == _PPR:
            num = num_ref(child)
        else:
            bold = bold_of(child)
    kind = style.get(_TYPE, "paragraph")
    return _StyleInfo(kind == "paragraph", name, based_on, num, bold)


_RPR = _W + "rPr"
_B = _W + "b"


def bold_of(rpr: etree._Element) -> bool | None:
    """What a ``w:rPr`` says of bold: on, off, or ``None`` when it has no ``w:b``."""
    for child in rpr:
        if child.tag == _B:
            return child.get(W_VAL) not in ("0", "false", "off")
    return None


def num_ref(ppr: etree._Element) -> NumRef | None:
    """Read ``w:numPr`` from a ``w:pPr`` element, or ``None`` if it has none."""
    numpr = ppr.find(_NUM_PR)
    if numpr is None:
        return None
    num_id = ilvl = None
    for child in numpr.iterchildren(_NUM_ID, _ILVL):
        if child.tag == _NUM_ID:
            num_id = child.get(W_VAL)
        else:
            ilvl = _int(child.get(W_VAL))
    return NumRef(num_id, ilvl)


# --- numbering ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a list definition (``w:lvl``)."""

    fmt: str = "decimal"
    text: str | None = None
    start: int = 0
    restart: int | None = None
    legal: bool = False
    style: str | None = None
    #: ``text`` split into literal strings and 0-based level references ("%1)" -> (0, ")")),
    #: so labels are joined rather than regex-substituted once per paragraph.
    parts: tuple[str | int, ...] = ()


def _parts(text: str | None) -> tuple[str | int, ...]:
    if not text:
        return ()
    pieces = _LVL_REF.split(text)
    # split() alternates literal text and captured level numbers: "a%1b" -> ["a", "1", "b"].
    return tuple(piece if i % 2 == 0 else int(piece) - 1 for i, piece in enumerate(pieces) if piece)


def _level(lvl: etree._Element) -> Level:
    fmt, text, start, restart, legal, style = "decimal", None, 0, None, False, None
    for child in lvl.iterchildren(_START, _NUM_FMT, _LVL_TEXT, _LVL_RESTART, _IS_LGL, _P_STYLE):
        tag, val = child.tag, child.get(W_VAL)
        if tag == _START:
            start = _int(val) or 0
        elif tag == _NUM_FMT:
            fmt = val or "decimal"
        elif tag == _LVL_TEXT:
            text = val
        elif tag == _LVL_RESTART:
            restart = _int(val)
        elif tag == _IS_LGL:
            legal = val not in ("0", "false", "off")
        else:
            style = val
    return Level(fmt, text, start, restart, legal, style, _parts(text))


class _Levels(Mapping[int, Level]):
    """The levels of a list definition, each read when first asked for: Word writes all nine
    for every list, and most documents use the first."""

    def __init__(self, parent: etree._Element) -> None:
        self._elements: dict[int, etree._Element] = {}
        self._made: dict[int, Level] = {}
        for lvl in parent.iterchildren(_LVL):
            ilvl = _int(lvl.get(_ILVL))
            if ilvl is not None and 0 <= ilvl < 9:
                self._elements[ilvl] = lvl

    def __getitem__(self, ilvl: int) -> Level:
        made = self._made.get(ilvl)
        if made is None:
            made = self._made[ilvl] = _level(self._elements[ilvl])
        return made

    def __iter__(self) -> Iterator[int]:
        return iter(self._elements)

    def __len__(self) -> int:
        return len(self._elements)


_NO_LEVELS: Mapping[int, Level] = {}


class Numbering:
    """Word list definitions and the running counters that turn them into labels.

    Counters belong to a ``w:num`` (a numId) and a level, and run through the whole document in
    reading order, as Word counts them. Using a level restarts the deeper levels (unless their
    ``lvlRestart`` says otherwise).
    """

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self._abstract: dict[str, etree._Element] = {}
        self._num_abstract: dict[str, str] = {}
        self._num_overrides: dict[str, list[etree._Element]] = {}
        self._resolved: dict[str, Mapping[int, Level]] = {}
        self._abstract_cache: dict[str, Mapping[int, Level]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._styles = styles
        if root is None:
            return
        for child in root.iterchildren(_ABSTRACT_NUM, _NUM):
            if child.tag == _ABSTRACT_NUM:
                aid = child.get(_ABSTRACT_NUM_ID)
                if aid is not None:
                    self._abstract[aid] = child
            else:
                self._read_num(child)

    def _read_num(self, num: etree._Element) -> None:
        nid = num.get(_NUM_ID)
        ref = num.find(_ABSTRACT_NUM_ID)
        aid = None if ref is None else ref.get(W_VAL)
        if nid is not None and aid is not None:
            self._num_abstract[nid] = aid
            self._num_overrides[nid] = list(num.iterchildren(_LVL_OVERRIDE))

    def _abstract_of(self, num_id: str) -> str | None:
        return self._num_abstract.get(num_id)

    def _abstract_element(self, aid: str) -> etree._Element | None:
        return self._abstract.get(aid)

    def levels(self, num_id: str) -> Mapping[int, Level]:
        """The levels of list ``num_id`` with its overrides applied (empty if undefined)."""
        cached = self._resolved.get(num_id)
        if cached is not None:
            return cached
        base = self._abstract_levels(self._abstract_of(num_id), set())
        overrides: dict[int, Level] = {}
        for override in self._num_overrides.get(num_id, ()):
            ilvl = _int(override.get(_ILVL))
            if ilvl is None or not 0 <= ilvl < 9:
                continue
            start: int | None = None
            for child in override:
                if child.tag == _LVL:
                    overrides[ilvl] = _level(child)
                elif child.tag == _START_OVERRIDE:
                    start = _int(child.get(W_VAL)) or 0
            if start is not None:  # applies to the overriding lvl too, whichever comes first
                level = overrides.get(ilvl) or base.get(ilvl, _DEFAULT_LEVEL)
                overrides[ilvl] = replace(level, start=start)
        levels: Mapping[int, Level] = ChainMap(overrides, base) if overrides else base  # type: ignore[arg-type]
        self._resolved[num_id] = levels
        return levels

    def _abstract_levels(self, aid: str | None, seen: set[str]) -> Mapping[int, Level]:
        """The levels of an abstract list, shared by every list instance: do not mutate."""
        if aid is None or aid in seen:
            return _NO_LEVELS
        cached = self._abstract_cache.get(aid)
        if cached is not None:
            return cached
        abstract = self._abstract_element(aid)
        if abstract is None:
            return _NO_LEVELS
        seen.add(aid)
        # A list defined by a numbering style keeps its levels in the style's list.
        link = abstract.find(_NUM_STYLE_LINK)
        if link is not None and link.get(W_VAL):
            linked_num = self._styles.direct_num_id(link.get(W_VAL) or "")
            if linked_num is not None:
                linked = self._abstract_levels(self._abstract_of(linked_num), seen)
                if linked:
                    self._abstract_cache[aid] = linked
                    return linked
        levels = _Levels(abstract)
        self._abstract_cache[aid] = levels
        return levels

    def level_for_style(self, num_id: str, style_id: str) -> int | None:
        """The level whose ``pStyle`` is ``style_id``: how a style picks its level in a list."""
        for ilvl, level in self.levels(num_id).items():
            if level.style == style_id:
                return ilvl
        return None

    def next_label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counter of ``num_id`` at ``ilvl`` and return the label Word would show.

        Returns ``BULLET`` for bullet levels and ``None`` for an undefined list or a level with
        no visible label.
        """
        levels = self.levels(num_id)
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self._counters.setdefault(num_id, [None] * 9)
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            if counters[deeper] is None:  # most lists use one level: nothing to restart
                continue
            deeper_level = levels.get(deeper)
            # lvlRestart val=N restarts the level after any level numbered below N (1-based);
            # the default is to restart after any shallower level; 0 means never.
            restart = deeper_level.restart if deeper_level is not None else None
            if restart is None:
                restart = deeper
            if ilvl < restart:
                counters[deeper] = None
        if level.fmt == "bullet":
            return BULLET
        if level.fmt == "none" or not level.parts:
            return None
        out = []
        for part in level.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            ref = levels.get(part, _DEFAULT_LEVEL)
            value = counters[part]
            out.append(
                format_number(
                    ref.start if value is None else value, "decimal" if level.legal else ref.fmt
                )
            )
        return "".join(out).strip() or None


_DEFAULT_LEVEL = Level()


_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def format_number(value: int, fmt: str) -> str:
    """Render a list counter in a Word number format; unknown formats fall back to decimal.

    >>> [format_number(n, "lowerLetter") for n in (1, 2, 26, 27)]
    ['a', 'b', 'z', 'aa']
    >>> format_number(14, "upperRoman")
    'XIV'
    """
    if fmt in ("lowerLetter", "upperLetter"):
        if value < 1:
            return ""
        # Word goes a..z, then aa..zz, then aaa..: the letter repeats, it does not carry.
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        if value < 1:
            return ""
        out = []
        for amount, numeral in _ROMAN:
            count, value = divmod(value, amount)
            out.append(numeral * count)
        roman = "".join(out)
        return roman if fmt == "lowerRoman" else roman.upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        suffix = (
            "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        )
        return f"{value}{suffix}"
    return str(value)


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None
