"""Cut the list definitions a document never uses out of ``word/numbering.xml`` before parsing.

Word writes every list its template and every paste brought into the numbering part, each with
all nine levels (40-60 KB), and a document uses a few of them: parsing the whole part cost a
third of reading a small document. The lists a document can use are known once its body and
styles are parsed (every ``w:numId`` in them, see ``docxdefs``); each names a ``w:num``, which
names its definition (``w:abstractNum``). ``cut_unused_lists`` drops the definitions no used
list names and keeps every other byte, so ``Numbering`` reads the same lists from a smaller
part. (An earlier cut found the used lists with regular expressions over the bytes of the body
and the styles, which cost what the smaller parse saved; here they come from the parsed trees,
and the part is split at C speed, with a few operations per definition in Python.)

The cut is made only in the plain shape Word writes: ``w:`` bound to WordprocessingML at the
root and nowhere else; no comments, CDATA, DOCTYPE or processing
instructions; the root's children the definitions, then the list instances (then perhaps Word's
Mac clean-up mark), each with an end tag of its own; each list instance's numId and definition
plain values. Anything else leaves the part whole: keeping a definition is always safe,
dropping one needs certainty. ``tests/readers/test_numcut.py`` checks that the labels are the
same either way, on the corpus and on generated parts.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from .ooxml import STRICT_W_NS, W_NS

_ATTRIBUTES = rb"""((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)"""
#: A start tag: the element's name, its attributes (values in either quote, which may hold
#: ">") and whether it closes itself.
_START = re.compile(rb"<([\w.-]+:[\w.-]+)" + _ATTRIBUTES + rb"\s*(/?)>")
_ABSTRACT_TAG = re.compile(rb"\s*<w:abstractNum" + _ATTRIBUTES + rb"\s*>")
_NUM_TAG = re.compile(rb"<w:num" + _ATTRIBUTES + rb"\s*>")
#: What may follow the last list instance: Word's Mac clean-up mark, the root's end tag.
_END = re.compile(rb"\s*(?:<w:numIdMacAtCleanup" + _ATTRIBUTES + rb"\s*/>\s*)*</w:numbering>\s*")
_ABSTRACT_ID = re.compile(rb"""\sw:abstractNumId\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_NUM_ID = re.compile(rb"""\sw:numId\s*=\s*(?:"([^"]*)"|'([^']*)')""")
#: A list instance's definition: ``<w:abstractNumId w:val="3"/>``.
_ABSTRACT_REF = re.compile(rb"""<w:abstractNumId\s+w:val\s*=\s*(?:"([^"]*)"|'([^']*)')\s*/>""")
#: What an attribute value must not hold to be compared as it is: entity references, the
#: whitespace XML normalises, and anything but ASCII (the part may not be UTF-8).
_UNPLAIN = re.compile(rb"[^\x20-\x7e]|[&<]")
_DELIMITER_BYTES = (b" ", b"\t", b"\r", b"\n", b"/", b">")


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
    split = _split(data)
    if split is None:
        return data
    head, abstracts, rest = split
    named = _named(rest, {u.encode("utf-8") for u in used})
    if named is None:
        return data
    kept = [piece for piece, aid in abstracts if aid is None or aid in named]
    if len(kept) == len(abstracts):
        return data
    return b"".join([head, *(piece + b"</w:abstractNum>" for piece in kept), rest])


def _split(data: bytes) -> tuple[bytes, list[tuple[bytes, bytes | None]], bytes] | None:
    """The part as: everything up to the first definition, each definition (with its id when
    plain), and everything after the last; ``None`` when not in the plain shape.

    The part is split at each definition's end tag, every piece but the last then holding one
    definition and the whitespace before it; a piece holding anything else (a list instance
    before a definition, picture bullets) or a second definition (one nested in another, or
    one that closes itself) is not the plain shape.
    """
    if not _only_tags(data):
        return None
    first = data.find(b"<")
    if first >= 0 and data.startswith(b"<?", first):  # the XML declaration
        first = data.find(b"<", data.find(b"?>", first) + 2)
    root = _START.match(data, first) if first >= 0 else None
    if root is None or root.group(1) != b"w:numbering" or root.group(3):
        return None
    declared = root.group(2)
    bound = (b' xmlns:w="' + ns.encode() + b'"' for ns in (W_NS, STRICT_W_NS))
    if not any(b in declared for b in bound) or declared.count(b"xmlns:w=") != 1:
        return None
    pieces = data[root.end() :].split(b"</w:abstractNum>")
    rest = pieces.pop()
    abstracts: list[tuple[bytes, bytes | None]] = []
    for piece in pieces:
        tag = _ABSTRACT_TAG.match(piece)
        if tag is None or b"xmlns" in tag.group(1):
            return None
        abstracts.append((piece, _value(_ABSTRACT_ID, tag.group(1))))
    # Each piece starts with a definition; one more anywhere (nested, closing itself, after the
    # list instances) shows in the count, as every "<w:abstractNum" is a definition or a
    # list instance's reference to one.
    if data.count(b"<w:abstractNum") != len(pieces) + rest.count(b"<w:abstractNumId"):
        return None
    return data[: root.end()], abstracts, rest


def _named(rest: bytes, wanted: set[bytes]) -> set[bytes] | None:
    """The definitions named by the list instances in ``wanted``, read from what follows the
    definitions (the instances, perhaps the Mac clean-up mark, the root's end tag); ``None``
    when that is not in the plain shape."""
    pieces = rest.split(b"</w:num>")
    if _END.fullmatch(pieces.pop()) is None:
        return None
    named: set[bytes] = set()
    for piece in pieces:
        element = piece.lstrip()
        tag = _NUM_TAG.match(element)
        if tag is None or b"xmlns" in element or _opens(element, b"<w:num", tag.end()):
            return None
        body = element[tag.end() :]
        num_id = _value(_NUM_ID, tag.group(1))
        refs = _ABSTRACT_REF.findall(body)
        # Counted without the prefix: a reference under another prefix bound to the same
        # namespace would be missed by the pattern, and so is refused.
        if num_id is None or len(refs) != body.count(b"abstractNumId"):
            return None
        if num_id in wanted:
            for double, single in refs:
                ref = double or single
                if _UNPLAIN.search(ref):
                    return None
                named.add(ref)
    return named


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


def _opens(data: bytes, needle: bytes, start: int) -> bool:
    """Whether an element whose start tag begins with ``needle`` starts at or after ``start``."""
    at = data.find(needle, start)
    while at >= 0:
        if data[at + len(needle) : at + len(needle) + 1] in _DELIMITER_BYTES:
            return True
        at = data.find(needle, at + 1)
    return False


def _value(attribute: re.Pattern[bytes], attributes: bytes) -> bytes | None:
    """The value of the one attribute ``attribute`` matches, if it is plain; else ``None``."""
    found = attribute.findall(attributes)
    if len(found) != 1:
        return None
    value: bytes = found[0][0] or found[0][1]
    return None if _UNPLAIN.search(value) else value
