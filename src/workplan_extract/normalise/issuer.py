"""The plan's issuing body, read from its title, and the party context it gives the plan.

"Slough LSCB (SLSCB) Business Plan 2012/13" is issued by Slough LSCB: its parties are read
with that body, its area (Slough) and the plan's years (``context.PlanContext``). The plan's
own abbreviation key, from its preamble or from texts the caller passes (a key table), goes
into the same context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from workplan_extract.normalise.abbreviations import read_key
from workplan_extract.normalise.cells import match_party
from workplan_extract.normalise.context import NO_CONTEXT, PlanContext, plan_context
from workplan_extract.normalise.parties import split_parties
from workplan_extract.normalise.refine import other_body
from workplan_extract.normalise.vocab import NO_PERIOD, Period, Vocabulary, tidy
from workplan_extract.records import PartyRef, Timing
from workplan_extract.records import Warning as WarningRecord
from workplan_extract.warning_codes import warning

_PLAN_WORDS = re.compile(
    r"([\s,:–-]*\b(?:draft\s+)?(?:annual\s+|joint\s+)?(?:work\s*-?\s*plan|work\s+programme"
    r"|business\s+plan|action\s+plan|delivery\s+plan|plan)s?\b).*$",
    re.IGNORECASE | re.DOTALL,
)


def period_bounds(period: Timing | dict[str, object] | None) -> Period:
    """A plan period's (earliest, latest) as ISO date strings."""
    if period is None:
        return NO_PERIOD
    earliest: object
    latest: object
    if isinstance(period, Timing):
        earliest, latest = period.earliest, period.latest
    else:
        earliest, latest = period.get("earliest"), period.get("latest")
    return (
        str(earliest) if earliest is not None else None,
        str(latest) if latest is not None else None,
    )


def issuing_body(
    title: str, period_span: tuple[int, int] | None, vocabulary: Vocabulary, period: Period
) -> tuple[PartyRef | None, list[WarningRecord]]:
    """The issuing body: the title's words before the plan words and the period."""
    text = title[: period_span[0]] if period_span else title
    words = _PLAN_WORDS.search(text)
    after = tidy(words.group(0)[len(words.group(1)) :]) if words is not None else ""
    text = tidy(_PLAN_WORDS.sub("", text)).strip(" ,:–-")
    context = PlanContext(earliest=period[0], latest=period[1])
    if after and (not text or vocabulary.lookup(text, context.period).entry is None):
        # "Special Measures Action Plan The Queen Elizabeth Hospital King's Lynn NHS
        # Foundation Trust": the body named after the plan words, when one is named whole.
        found = vocabulary.lookup(after.strip(" ,:–-"), context.period)
        if found.entry is not None and found.match != "fuzzy":
            ref, _ = match_party(after.strip(" ,:–-"), vocabulary, context)
            return ref, []
    if not text:
        return None, []
    ref, _ = match_party(text, vocabulary, context)
    if ref.id is None:
        for span in split_parties(text, vocabulary):
            if span.known and not other_body(text, span):
                ref, _ = match_party(span, vocabulary, context)
                break
    if ref.type in ("collective", "role"):
        # "LSCB Strategic Business Plan": one LSCB, unnamed, not all of them.
        ref = PartyRef(text=text, type="organisation", sector=ref.sector)
    if ref.id is None:
        return ref, [
            warning("body.unmatched", f"issuing body {text!r} matches no vocabulary entry")
        ]
    return ref, []


def party_context(
    vocabulary: Vocabulary,
    title: str | None,
    period: Period,
    body: PartyRef | None,
    key_texts: Iterable[str] = (),
) -> PlanContext:
    """The context a plan's party cells are read in (see ``context.PlanContext``)."""
    issuer = None
    if body is not None and body.id is not None and body.id in vocabulary.by_id:
        issuer = vocabulary.by_id[body.id]
    abbreviations = read_key(key_texts)
    if not (title or issuer or abbreviations or period != NO_PERIOD):
        return NO_CONTEXT
    # The title's words tell a sector only when they name a body ("2gether NHS Foundation
    # Trust"), not a plan's subject ("... Partnership Delivery Group Review").
    sector = body.sector if body is not None and body.type == "organisation" else None
    return plan_context(vocabulary, period, issuer, title, abbreviations, sector)
