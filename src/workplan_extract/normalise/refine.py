"""Second pass over a cell's spans, once each can be read: people and posts.

The splitter (``parties.py``) cuts a cell where the vocabulary and the separators say; what a
span *is* can change where it should have been cut:

* "Nancy Barber/Jill King (BHFT) Chair of ..." is two people: split at "/" or "&" or "and"
  between names;
* "John Bentley 823346", "Mrs S Smart Leader of the Council": the name is the party, the
  rest its qualifier; "Mr P Harris\\nDeputy Leader", "Cllr Wood, Resources, Audit": posts and
  portfolios written after a person are that person's qualifier, not parties of their own;
* "LSCB Business Manager", read by the splitter as "LSCB" described as "Business Manager",
  is a post, not all LSCBs; "DH to raise ..." is a sentence about someone, not the Department
  of Health;
* "LSCB Chair, LB Enfield", "Policy Officer, The London Board": a post and, after a comma,
  the body it belongs to are one party.

Ranges are only moved, never dropped: every word stays in some span's text or qualifier.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from workplan_extract.normalise.classify import Reading
from workplan_extract.normalise.entries import tidy
from workplan_extract.normalise.parties import Span
from workplan_extract.normalise.persons import TITLES, read_person
from workplan_extract.normalise.roles import read_role

Reader = Callable[[str], Reading]
_JOIN = re.compile(r"\s*(?:/|&|\+|\band\b)\s*", re.IGNORECASE)
_CODE = re.compile(r"^[A-Z][A-Za-z&.]*[A-Z][A-Za-z&.]*$")
#: What may be joined by "/" and still be separate parties: codes and single words.
_SLASHED = re.compile(r"^(?:[A-Z][A-Za-z&.]*[A-Z][A-Za-z&.]*|[A-Z][a-z]+)$")
_VERB_SUBJECT = re.compile(r"^to\s+[a-z]", re.IGNORECASE)
_ASIDE = re.compile(r"^\s*\(([^()]*)\)")


def refine(
    cell: str, spans: list[Span], read: Reader, place_keys: frozenset[str] = frozenset()
) -> list[Span]:
    """The spans of ``cell`` with people and posts put right (see the module docstring)."""
    out: list[Span] = []
    for span in spans:
        for part in _split_codes(cell, span):
            for person in _split_people(cell, part, place_keys):
                out.append(_known_with_post(cell, person))
    out = [_person_tail(cell, span, place_keys) for span in out]
    return _absorb(cell, _join_lists(cell, out, read), read)


def _split_codes(cell: str, span: Span) -> list[Span]:
    """ "OM/KB/JH", "LCC / E&LL", "Connexions/LSC": codes and single words joined by "/" are
    one party each."""
    if span.known:
        return [span]
    start, end = span.text_range
    parts = [p for p in re.finditer(r"[^/]+", cell[start:end])]
    if len(parts) < 2 or not all(_SLASHED.match(p.group().strip()) for p in parts):
        return [span]
    out = []
    for number, part in enumerate(parts):
        a = start + part.start() + (len(part.group()) - len(part.group().lstrip()))
        b = start + part.end() - (len(part.group()) - len(part.group().rstrip()))
        last = number == len(parts) - 1
        kept = [
            r
            for r in span.qualifier_ranges
            if (a <= r[0] and r[1] <= b) or (last and (r[1] <= start or r[0] >= end))
        ]
        out.append(_span(cell, (a, b), kept, known=False))
    return out


def _join_lists(cell: str, spans: list[Span], read: Reader) -> list[Span]:
    """Names the commas of a list cut apart: "Workforce, Development & Training Subgroup" is
    one group, "Cabinet Member for Economy, Regeneration, Culture and Leisure" one post."""
    out: list[Span] = []
    for span in spans:
        if out and _comma_between(cell, out[-1], span) and _continues(out[-1], span, read):
            previous = out.pop()
            span = _span(
                cell,
                (previous.text_range[0], span.text_range[1]),
                previous.qualifier_ranges + span.qualifier_ranges,
                known=False,
            )
        out.append(span)
    return out


def _continues(previous: Span, span: Span, read: Reader) -> bool:
    if previous.known or span.known or previous.person or _CODE.match(span.text):
        return False
    before, after = read(previous.text), read(span.text)
    if before.entry is not None or after.entry is not None:
        return False
    # A portfolio goes on: "Cabinet Member for Economy", "Regeneration", ...
    if before.type == "role" and " for " in f" {previous.text.casefold()} ":
        return after.type == "unknown"
    # A topic word before a group's name: "Workforce", "Development & Training Subgroup".
    return before.type == "unknown" and after.type == "group" and not _CODE.match(previous.text)


def _split_people(cell: str, span: Span, place_keys: frozenset[str]) -> list[Span]:
    """ "Nancy Barber/Jill King (BHFT) Chair of ...": one span per person, cut at a "/", "&"
    or "and" that has a name before it and a name (with what follows it) after it."""
    if span.known:
        return [span]
    start, end = span.text_range
    cuts: list[tuple[int, int]] = []
    here = start
    joins = list(_JOIN.finditer(cell, start, end))
    for number, join in enumerate(joins):
        # What follows up to the next join must start with a name: "Jill King (BHFT) Chair".
        stop = joins[number + 1].start() if number + 1 < len(joins) else end
        before, after = (here, join.start()), (join.end(), stop)
        if (
            before[0] < before[1]
            and after[0] < after[1]
            and _whole_name(cell[before[0] : before[1]], place_keys)
            and read_person(cell[after[0] : after[1]], place_keys) is not None
        ):
            cuts.append(before)
            here = join.end()
    if not cuts:
        return [span]
    cuts.append((here, end))
    parts = []
    for number, (a, b) in enumerate(cuts):
        last = number == len(cuts) - 1
        kept = [
            r
            for r in span.qualifier_ranges
            if (a <= r[0] and r[1] <= b) or (last and (r[1] <= start or r[0] >= end))
        ]
        parts.append(_span(cell, (a, b), kept, known=False))
    return parts


def _whole_name(text: str, place_keys: frozenset[str]) -> bool:
    found = read_person(text, place_keys)
    return found is not None and found.end == len(text.rstrip())


def _known_with_post(cell: str, span: Span) -> Span:
    """A known party followed by words that make a post ("LSCB Business Manager") is the
    post; followed by "to <verb>" ("DH to raise ...") it is no party we know."""
    if not span.known or span.desc is None:
        return span
    a, b = span.desc
    if _VERB_SUBJECT.match(cell[a:b]):
        subject = Span(span.text, None, False, span.text_range, list(span.qualifier_ranges))
        subject.unread = True
        return subject
    whole = (span.text_range[0], b)
    if read_role(cell[whole[0] : whole[1]]) is None:
        return span
    rest = [r for r in span.qualifier_ranges if r != span.desc]
    return _span(cell, whole, rest, known=False)


def _person_tail(cell: str, span: Span, place_keys: frozenset[str]) -> Span:
    """A name followed by more ("John Bentley 823346"): the name is the text, the rest the
    qualifier; "(BHFT)" straight after the name is the person's affiliation."""
    if span.known:
        return span
    start, end = span.text_range
    found = read_person(cell[start:end], place_keys)
    if found is None:
        return span
    name = (start, start + found.end)
    rest = (
        [(start + found.end, end)]
        if start + found.end < end and cell[name[1] : end].strip()
        else []
    )
    person = _span(cell, name, rest + span.qualifier_ranges, known=False)
    person.person = True
    after = cell[name[1] :]
    aside = _ASIDE.match(after)
    if aside is not None:
        person.of_range = (name[1] + aside.start(1), name[1] + aside.end(1))
    else:
        for r in span.qualifier_ranges:  # the splitter's aside, already cut out of the text
            if cell[name[1] : r[0]].strip() in ("", "("):
                person.of_range = r
                break
    return person


def _absorb(cell: str, spans: list[Span], read: Reader) -> list[Span]:
    """Posts and portfolios after a person become its qualifier; a body after a post, across
    a comma, becomes the post's ``of``."""
    out: list[Span] = []
    index = 0
    while index < len(spans):
        span = spans[index]
        index += 1
        if span.person:
            titled = span.text.split()[0].rstrip(".").casefold() in TITLES
            while index < len(spans) and _portfolio(spans[index], read, titled):
                follower = spans[index]
                span.qualifier_ranges += [follower.text_range, *follower.qualifier_ranges]
                index += 1
        elif not span.known and _free(read(span.text)):
            while index < len(spans) and _comma_between(cell, span, spans[index]):
                follower = spans[index]
                reading = read(follower.text)
                if not _body_like(follower.text, reading):
                    break
                span = _span(
                    cell,
                    (span.text_range[0], follower.text_range[1]),
                    span.qualifier_ranges + follower.qualifier_ranges,
                    known=False,
                    of_range=follower.text_range,
                    keep=span,
                )
                index += 1
                if reading.type != "group":
                    break
        out.append(span)
    for span in out:
        span.qualifier_ranges = _merged(span.qualifier_ranges, span.text_range)
        parts = [tidy(cell[a:b]) for a, b in span.qualifier_ranges]
        span.qualifier = "; ".join(p for p in parts if p) or None
    return out


def _free(reading: Reading) -> bool:
    """A post that does not already say whose it is ("Chair", not "Chair of SLSCB")."""
    return reading.type == "role" and not reading.of_written


def _portfolio(span: Span, read: Reader, titled: bool) -> bool:
    """What is written after a name: a post ("Deputy Leader"), and after a councillor's or
    officer's title also a portfolio or department ("Economic Dev", "Resources")."""
    if span.known or span.person or _CODE.match(span.text):
        return False
    reading = read(span.text)
    if reading.entry is not None:
        return False
    return reading.type == "role" or (titled and reading.type in ("unknown", "group"))


def _body_like(text: str, reading: Reading) -> bool:
    if reading.type == "person":
        return False
    words = text.split()
    return (
        reading.entry is not None
        or reading.type in ("organisation", "group")
        or bool(words and _CODE.match(words[-1]))
    )


def _comma_between(cell: str, left: Span, right: Span) -> bool:
    between = cell[left.text_range[1] : right.text_range[0]]
    covered = [r for r in left.qualifier_ranges if r[0] >= left.text_range[1]]
    for a, b in covered:
        between = between.replace(cell[a:b], "")
    return between.replace("(", "").replace(")", "").strip() == ","


def _span(
    cell: str,
    text_range: tuple[int, int],
    qualifier_ranges: list[tuple[int, int]],
    known: bool,
    of_range: tuple[int, int] | None = None,
    keep: Span | None = None,
) -> Span:
    a, b = text_range
    span = Span(tidy(cell[a:b]), None, known, text_range, list(qualifier_ranges))
    span.of_range = of_range
    if keep is not None:
        span.person = keep.person
    return span


def _merged(ranges: list[tuple[int, int]], text: tuple[int, int]) -> list[tuple[int, int]]:
    """Qualifier ranges in order, without overlaps and without what the text already holds."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(set(ranges)):
        if text[0] <= a and b <= text[1]:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
