"""Cut the list definitions a document never uses out of ``word/numbering.xml`` before parsing.

Word writes every list its template and every paste brought into the numbering part, each with
all nine levels (40-60 KB), and a document uses a few of them: parsing the whole part cost a
third of reading a small document. The lists a document can use are known once its body and
styles are parsed (every ``w:numId`` in them, see ``docxdefs``); each names a ``w:num``, which
names its definition (``w:abstractNum``). ``cut_unused_lists`` drops the definitions no used
list names and keeps every other byte, so ``Numbering`` reads the same lists from a smaller
part. (An earlier cut found the used lists with regular expressions over the bytes of the body
and the styles, which cost what the smaller parse saved; here they come from the parsed trees,
and the part is walked one top-level element at a time, the rest skipped by ``bytes.find``.)

The cut is made only in the plain shape Word writes, where the walk sees every child of the root
for what it is: ``w:`` bound to WordprocessingML at the root and nothing else bound to it
anywhere; no comments, CDATA, DOCTYPE or processing instructions; only ``w:abstractNum``,
``w:num`` and the two other elements Word writes there (picture bullets, a Mac clean-up mark) as
children; each list instance's numId and definition plain values the walk can read. Anything
else leaves the part whole: keeping a definition is always safe, dropping one needs certainty.
``tests/readers/test_numcut.py`` checks that the labels are the same either way, on the corpus
and on generated parts.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from .ooxml import STRICT_W_NS, W_NS

#: A start tag: the element's name, its attributes (values in either quote, which may hold
#: ">") and whether it closes itself.
_START = re.compile(rb"""<([\w.-]+:[\w.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>""")
_SPACE = re.compile(rb"\s*")
_ABSTRACT = b"w:abstractNum"
_NUM = b"w:num"
#: Other children of the root Word writes, which the walk steps over.
_SKIPPED = (b"w:numPicBullet", b"w:numIdMacAtCleanup")
_ABSTRACT_ID = re.compile(rb"""\sw:abstractNumId\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_NUM_ID = re.compile(rb"""\sw:numId\s*=\s*(?:"([^"]*)"|'([^']*)')""")
#: A list instance's definition: ``<w:abstractNumId w:val="3"/>``.
_ABSTRACT_REF = re.compile(rb"""<w:abstractNumId\s+w:val\s*=\s*(?:"([^"]*)"|'([^']*)')\s*/>""")
#: What an attribute value must not hold to be compared as it is: entity references, the
#: whitespace XML normalises, and anything but ASCII (the part may not be UTF-8).
_UNPLAIN = re.compile(rb"[^\x20-\x7e]|[&<]")
_DELIMITERS = frozenset(b" \t\r\n/>")


def cut_unused_lists(data: bytes, used: Collection[str]) -> bytes:
    """``data`` (a numbering part) without the ``w:abstractNum`` definitions that no list
    instance whose ``w:numId`` is in ``used`` names; ``data`` itself when it is not in the
    plain shape (see the module docstring) or nothing can be cut.

    >>> part = (b'<w:numbering xmlns:w="' + W_NS.encode() + b'">'
    ...         b'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"/></w:abstractNum>'
    ...         b'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"/></w:abstractNum>'
    ...         b'<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num></w:numbering>')
    >>> cut_unused_lists(part, {"5"}).count(b"<w:abstractNum ")
    1
    """
    children = _children(data)
    if children is None:
        return data
    wanted = {u.encode("utf-8") for u in used}
    named: set[bytes] = set()
    abstracts: list[tuple[int, int, bytes | None]] = []
    for name, start, end, attributes in children:
        if name == _ABSTRACT:
            abstracts.append((start, end, _value(_ABSTRACT_ID, attributes)))
        elif name == _NUM:
            body = data[start:end]
            num_id = _value(_NUM_ID, attributes)
            refs = _ABSTRACT_REF.findall(body)
            if num_id is None or len(refs) != body.count(b"<w:abstractNumId"):
                return data  # a list instance the walk cannot read
            if b"xmlns" in body:
                return data  # a prefix bound anew inside it
            if num_id in wanted:
                for double, single in refs:
                    ref = double or single
                    if _UNPLAIN.search(ref):
                        return data
                    named.add(ref)
    drop = [(start, end) for start, end, aid in abstracts if aid is not None and aid not in named]
    if not drop:
        return data
    out = []
    at = 0
    for start, end in drop:
        out.append(data[at:start])
        at = end
    out.append(data[at:])
    return b"".join(out)


def _children(data: bytes) -> list[tuple[bytes, int, int, bytes]] | None:
    """The root's children as (name, start, end, attributes), or ``None`` when the part is not
    in the plain shape."""
    if not _only_tags(data):
        return None
    first = data.find(b"<")
    if first < 0:
        return None
    if data.startswith(b"<?", first):  # the XML declaration
        first = data.find(b"<", data.find(b"?>", first) + 2)
    root = _START.match(data, first)
    if root is None or root.group(1) != b"w:numbering" or root.group(3):
        return None
    declared = root.group(2)
    bound = (b' xmlns:w="' + ns.encode() + b'"' for ns in (W_NS, STRICT_W_NS))
    if not any(b in declared for b in bound) or declared.count(b"xmlns:w=") != 1:
        return None
    if data.count(W_NS.encode()) + data.count(STRICT_W_NS.encode()) != 1:
        return None  # another prefix (or the default namespace) is bound to it somewhere
    children: list[tuple[bytes, int, int, bytes]] = []
    at = root.end()
    while True:
        space = _SPACE.match(data, at)
        at = space.end() if space is not None else at
        if data.startswith(b"</w:numbering>", at):
            rest = at + len(b"</w:numbering>")
            return children if not data[rest:].strip() else None
        tag = _START.match(data, at)
        if tag is None:
            return None
        name = tag.group(1)
        if name not in (_ABSTRACT, _NUM) and name not in _SKIPPED:
            return None
        if b"xmlns" in tag.group(2):
            return None
        if tag.group(3):
            end = tag.end()
        else:
            close = data.find(b"</" + name + b">", tag.end())
            if close < 0 or _opens(data, name, tag.end(), close):
                return None  # no end, or the same element inside it
            end = close + len(name) + 3
        children.append((name, at, end, tag.group(2)))
        at = end


def _only_tags(data: bytes) -> bool:
    """Whether ``data`` has no comment, CDATA, DOCTYPE or processing instruction (but the
    declaration), so that every ``<`` opens or closes an element."""
    at = data.find(b"!")
    while at >= 0:
        if at and data[at - 1] == 0x3C:  # "<!"
            return False
        at = data.find(b"!", at + 1)
    at = data.find(b"?")
    while at >= 0:
        if at and data[at - 1] == 0x3C and data[: at - 1].strip():  # "<?" past the start
            return False
        at = data.find(b"?", at + 1)
    return True


def _opens(data: bytes, name: bytes, start: int, end: int) -> bool:
    """Whether an element called ``name`` starts between ``start`` and ``end``."""
    needle = b"<" + name
    at = data.find(needle, start, end)
    while at >= 0:
        if at + len(needle) < len(data) and data[at + len(needle)] in _DELIMITERS:
            return True
        at = data.find(needle, at + 1, end)
    return False


def _value(attribute: re.Pattern[bytes], attributes: bytes) -> bytes | None:
    """The value of the one attribute ``attribute`` matches, if it is plain; else ``None``."""
    found = attribute.findall(attributes)
    if len(found) != 1:
        return None
    value: bytes = found[0][0] or found[0][1]
    return None if _UNPLAIN.search(value) else value
