"""Property tests over hostile input: the text-dump reader and the whole pipeline never raise
anything but the tool's own errors and never lose text; the timing grammar and the party
splitter survive long, odd input (``tests/normalise/test_properties.py`` covers their grammar
and short arbitrary text; this adds what a batch over real archives throws at them).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workplan_extract import WorkplanError, extract
from workplan_extract.normalise import parse_parties, parse_timing
from workplan_extract.readers.base import Paragraph, SourceDocument, Table
from workplan_extract.readers.txt import read_txt

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_TOKEN = re.compile(r"[^\W_]+")

# Words without "[" (an "[image: …]" marker is dropped on purpose) and without line breaks.
WORDS = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="[\x85"
    ),
    min_size=1,
    max_size=12,
)
LINES = st.lists(WORDS, min_size=0, max_size=6).map(" ".join)
DUMPS = st.builds(
    lambda preamble, cells: "\n".join([*preamble, *("\t" + "\n".join(c) for c in cells)]),
    st.lists(LINES.filter(lambda line: not line.startswith("\t")), max_size=4),
    st.lists(st.lists(LINES, min_size=1, max_size=3), max_size=25),
)


def _tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text))


def _read_back(doc: SourceDocument) -> str:
    parts = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.rendered)
        elif isinstance(block, Table):
            parts.extend(cell.text for row in block.rows for cell in row.cells)
    return "\n".join(parts)


@FAST
@given(DUMPS, st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "cp1252"]))
def test_txt_reader_loses_no_text(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    doc = read_txt(data, "x.txt")
    if encoding == "cp1252" and doc.notes:
        return  # read back as Windows-1252 on purpose: the letters differ, with a note
    assert _tokens(_read_back(doc)) == _tokens(text)


@FAST
@given(st.binary(max_size=3000))
def test_txt_reader_on_any_bytes_raises_only_its_own_errors(data: bytes) -> None:
    with contextlib.suppress(WorkplanError):
        read_txt(data, "x.txt")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(DUMPS.map(str.encode), st.binary(max_size=2000)))
def test_pipeline_on_any_text_raises_only_its_own_errors(data: bytes) -> None:
    try:
        doc = extract(io.BytesIO(data), {"timeout": 5})
    except WorkplanError as exc:
        assert exc.code and str(exc).startswith("<stream>: ")
    else:
        assert doc.source.size_bytes == len(data)


@FAST
@given(st.text(min_size=40, max_size=600))
def test_timing_grammar_survives_long_text(text: str) -> None:
    timing, warnings = parse_timing(text)
    assert parse_timing(text) == (timing, warnings)  # deterministic
    assert timing.text == text or timing.text.strip() == text.strip()


@FAST
@given(st.text(min_size=40, max_size=600))
def test_party_splitter_survives_long_text(text: str) -> None:
    refs, warnings = parse_parties(text)
    assert parse_parties(text) == (refs, warnings)  # deterministic
    assert all(ref.text.strip() for ref in refs)
    for ref in refs:
        if ref.match == "unmatched":
            assert ref.id is None
