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

from workplan_extract.normalise.entries import cached_party_key, tidy
from workplan_extract.normalise.lexicon import NOT_NAME_WORDS
from workplan_extract.normalise.parties import Span
from workplan_extract.normalise.persons import TITLES, read_person
from workplan_extract.normalise.roles import read_role
from workplan_extract.normalise.spanreading import Reading

Reader = Callable[[str], Reading]
_JOIN = re.compile(r"\s*(?:/|&|\+|\band\b)\s*", re.IGNORECASE)
_CODE = re.compile(r"^[A-Z][A-Za-z&.]*[A-Z][A-Za-z&.]*$")
#: What may be joined by "/" and still be separate parties: codes and single words.
_SLASHED = re.compile(r"^(?:[A-Z][A-Za-z&.]*[A-Z][A-Za-z&.]*|[A-Z][a-z]+)$")
_VERB_SUBJECT = re.compile(r"^to\s+[a-z]", re.IGNORECASE)
_ASIDE = re.compile(r"^\s*\(([^()]*)\)")
_TRAILING_ASIDE = re.compile(r"\s*\(([^()]*)\)")


#: Words that, straight after a known body, name another body: "Surrey Police Authority" is
#: not Surrey Police, "Sussex Police & Crime Commissioner" not Sussex Police.
_OTHER_BODY = re.compile(
    r"^(?:(?:and|&)\s+crime\s+(?:commissioner|panel)s?|authority|federation|commissioner|panel)"
    r"(?:\W|$)",
    re.IGNORECASE,
)


#: "Board" after a body named by one common word: "Probation Board" (Northern Ireland's) is not
#: the National Probation Service, "Police Board" not the police. After a name or a code it is
#: the body's own board ("NHS Plymouth Board", "Brighton & Hove LSCB Board").
_OTHER_BOARD = re.compile(r"^boards?(?:\W|$)", re.IGNORECASE)
_COMMON_WORD = re.compile(r"^[A-Z][a-z]+$")


def other_body(cell: str, span: Span) -> bool:
    """Whether a known span's description makes it another body than the one it names."""
    if not span.known or span.desc is None or span.desc[0] < span.text_range[1]:
        return False
    between = cell[span.text_range[1] : span.desc[0]]
    described = cell[span.desc[0] : span.desc[1]]
    if between.strip():
        return False
    return bool(_OTHER_BODY.match(described)) or (
        bool(_COMMON_WORD.match(span.text)) and bool(_OTHER_BOARD.match(described))
    )


def refine(
    cell: str, spans: list[Span], read: Reader, place_keys: frozenset[str] = frozenset()
) -> list[Span]:
    """The spans of ``cell`` with people and posts put right (see the module docstring)."""
    out: list[Span] = []
    for span in spans:
        if other_body(cell, span):
            assert span.desc is not None
            rest = [r for r in span.qualifier_ranges if r != span.desc]
            span = _span(cell, (span.text_range[0], span.desc[1]), rest, known=False)
        for part in _split_posts(cell, _split_codes(cell, span), read):
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
    return _parts_as_spans(cell, span, parts)


def _split_posts(cell: str, spans: list[Span], read: Reader) -> list[Span]:
    """ "Head of Quality/Chief Nurse", "Head of Housing and Community Safety/ Legal and
    Secretariat Manager": posts joined by "/" are one party each, when every part is a post."""
    out: list[Span] = []
    for span in spans:
        start, end = span.text_range
        if span.known or "/" not in cell[start:end]:
            out.append(span)
            continue
        parts = list(re.finditer(r"[^/]+", cell[start:end]))
        # read_role first: it is cheap, and reading a part that is no post may cost a fuzzy match
        if not all(read_role(tidy(p.group())) is not None for p in parts) or not all(
            read(tidy(p.group())).type == "role" for p in parts
        ):
            out.append(span)
            continue
        out.extend(_parts_as_spans(cell, span, parts))
    return out


def _parts_as_spans(cell: str, span: Span, parts: list[re.Match[str]]) -> list[Span]:
    """A span cut at its slashes (``parts``, matched within its text) as one span per part,
    trimmed; each keeps the qualifiers inside it, the last also those outside the span."""
    start, end = span.text_range
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
    # ... and so does a post's field: "Director of Planning", "Housing and Environmental Health".
    if before.type == "role" and not before.of_written and _field_post(previous.text):
        return after.type == "unknown" and not any(_CODE.match(w) for w in span.text.split())
    # A topic word before a group's name: "Workforce", "Development & Training Subgroup".
    return before.type == "unknown" and after.type == "group" and not _CODE.match(previous.text)


def _field_post(text: str) -> bool:
    """A post of a field of work ("Director of Planning"): only words of fields after "of"."""
    found = re.search(r"\bof\s+(.+)$", text, flags=re.IGNORECASE)
    if found is None:
        return False
    words = cached_party_key(found.group(1)).split()
    return bool(words) and all(w in NOT_NAME_WORDS for w in words)


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
            if _affiliation(cell, span, spans, index, read):
                # "DCI Richie Weber, South Wales Police": the body the person is from.
                follower = spans[index]
                span.qualifier_ranges += [follower.text_range, *follower.qualifier_ranges]
                span.of_range = follower.text_range
                index += 1
        elif not span.known and (_free(read(span.text)) or _named_before(span.text, read)):
            span = _dashed_body(cell, span, read)
            last = _field_then_body(cell, span, spans, index, read)
            if last is not None:
                # "Service Director, Youth Families & Social Work, Nottinghamshire County
                # Council": a post, its field and, last in the cell, the body it belongs to.
                body = spans[last]
                span = _span(
                    cell,
                    (span.text_range[0], body.text_range[1]),
                    [r for s in spans[index - 1 : last + 1] for r in s.qualifier_ranges],
                    known=False,
                    of_range=body.text_range,
                    keep=span,
                )
                index = last + 1
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
            while (
                span.of_range is None
                and index < len(spans)
                and _comma_between(cell, span, spans[index])
                and _field(spans[index], read)
            ):
                # "Commander, Criminal Justice": the field a post works in qualifies it.
                follower = spans[index]
                span.qualifier_ranges += [follower.text_range, *follower.qualifier_ranges]
                index += 1
        out.append(span)
    for span in out:
        span.qualifier_ranges = _merged(span.qualifier_ranges, span.text_range)
        parts = [tidy(cell[a:b]) for a, b in span.qualifier_ranges]
        span.qualifier = "; ".join(p for p in parts if p) or None
    return out


def _affiliation(cell: str, person: Span, spans: list[Span], index: int, read: Reader) -> bool:
    """Whether the span at ``index``, last in the cell or on its line and after a comma, is the
    body the person before it is from: a body, or a code no entry explains ("Kay Dunn,
    SC&WB", one name a line in a lead cell: the department is the person's, not a lead of
    its own)."""
    if person.of_range is not None or index >= len(spans):
        return False
    follower = spans[index]
    line_end = (
        index == len(spans) - 1
        or "\n" in cell[follower.text_range[1] : spans[index + 1].text_range[0]]
    )
    if not line_end or follower.person or not _comma_between(cell, person, follower):
        return False
    reading = read(follower.text)
    if reading.entry is not None or reading.type == "organisation":
        return True
    return reading.type == "unknown" and bool(_CODE.match(follower.text))


def _dashed_body(cell: str, span: Span, read: Reader) -> Span:
    """ "Chief Constable – Surrey Police": a body after a dash is the post's, not a
    qualifier of it (and then the plan's own body is not assumed)."""
    after = [r for r in span.qualifier_ranges if r[0] >= span.text_range[1]]
    if not after:
        return span
    first = min(after)
    if cell[span.text_range[1] : first[0]].strip() not in ("-", "–", "—"):
        return span
    rest = [r for r in span.qualifier_ranges if r != first]
    # "Cleveland Police (Crime / Child Protection)": the aside stays a qualifier.
    aside = _TRAILING_ASIDE.search(cell, first[0], first[1])
    if aside is not None and aside.end() == first[1]:
        rest.append((aside.start(1), aside.end(1)))
        first = (first[0], first[0] + len(cell[first[0] : aside.start()].rstrip()))
    reading = read(tidy(cell[first[0] : first[1]]))
    # "Senior Nurse ... – Norfolk Clinical Commissioning Groups": a body, or bodies, named.
    if reading.entry is None and reading.type not in ("organisation", "group", "collective"):
        return span
    return _span(cell, (span.text_range[0], first[1]), rest, known=False, of_range=first, keep=span)


def _field_then_body(
    cell: str, post: Span, spans: list[Span], index: int, read: Reader
) -> int | None:
    """The index of the body ending a comma chain after a post, when the words between are
    the post's field ("Children's Social Care"); None otherwise."""
    if post.of_range is not None:
        return None
    last = len(spans) - 1
    if not index < last <= index + 2:
        return None
    previous = post
    for number in range(index, last + 1):
        if not _comma_between(cell, previous, spans[number]) or spans[number].person:
            return None
        previous = spans[number]
    body = read(spans[last].text)
    if body.entry is None and body.type != "organisation":
        return None
    for number in range(index, last):
        between = read(spans[number].text)
        # A service the plan's own body runs ("Children's Social Care") is a field too.
        named = between.entry is not None and between.match != "context"
        if named or between.type not in ("unknown", "group", "organisation"):
            return None
    return last


def _field(span: Span, read: Reader) -> bool:
    """A field of work written after a post ("Criminal Justice"), no body or party."""
    if span.known or span.person or _CODE.match(span.text):
        return False
    reading = read(span.text)
    return (
        reading.entry is None
        and reading.type == "unknown"
        and not any(_CODE.match(word) for word in span.text.split())
    )


def _free(reading: Reading) -> bool:
    """A post that does not already say whose it is ("Chair", not "Chair of SLSCB")."""
    return reading.type == "role" and not reading.of_written


def _named_before(text: str, read: Reader) -> bool:
    """A post whose words before it name no entry ("Local Partnership Adviser", "Legal Team
    Manager"): a body written after it across a comma is the one it belongs to."""
    reading = read(text)
    if reading.type != "role" or reading.of is None or reading.of.id is not None:
        return False
    role = read_role(text)
    return role is not None and role.of_text is None


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
