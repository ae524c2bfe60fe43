"""What a column's header adds to the values read from its cells.

A plan with several lead columns ("Operational / Management / Strategic responsibility") keeps
each column's header as its parties' qualifier; a date in a "Start by" column is a start, in a
"Finish by", "End date" or "Target date" column a deadline. The item builder says which cell
keys these are (``ItemDraft.qualifiers`` and ``roles``); these helpers apply them to what the
party and timing normalisers made of the cells.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from workplan_extract.headers import TimingRole
from workplan_extract.records import PartyRef, Timing


def field_cells(cells: Mapping[str, str], field: str) -> Iterator[tuple[str, str]]:
    """The cells of every column feeding ``field``, as (key, text), in column order: "field",
    then "field_2", "field_3", ...

    >>> list(field_cells({"lead_parties": "GOL", "other": "x", "lead_parties_2": "MPS"}, "lead_parties"))
    [('lead_parties', 'GOL'), ('lead_parties_2', 'MPS')]
    """
    size = len(field)
    for key, text in cells.items():
        if key == field or (
            key[size : size + 1] == "_" and key[:size] == field and key[size + 1 :].isdigit()
        ):
            yield key, text


def cells_by_field(cells: Mapping[str, str]) -> dict[str, list[tuple[str, str]]]:
    """``field_cells`` for every field at once: ``list(field_cells(cells, field))`` under each
    field that has a cell. One pass over the cells instead of one per field asked (the
    normaliser asks four fields of every item).

    >>> cells_by_field({"lead_parties": "GOL", "other": "x", "lead_parties_2": "MPS"})["lead_parties"]
    [('lead_parties', 'GOL'), ('lead_parties_2', 'MPS')]
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for key, text in cells.items():
        pair = (key, text)
        out.setdefault(key, []).append(pair)
        # "field_2" also feeds "field": the suffix is digits after the key's last "_", so
        # that "_" is the one field_cells finds after the field's name.
        base, sep, suffix = key.rpartition("_")
        if sep and suffix.isdigit():
            out.setdefault(base, []).append(pair)
    return out


def qualified(refs: list[PartyRef], header: str | None) -> list[PartyRef]:
    """``refs`` with their column's header as qualifier (before any qualifier of their own).

    >>> [p.qualifier for p in qualified([PartyRef(text="GOL"), PartyRef(text="MPS", qualifier="supported by")], "Strategic responsibility")]
    ['Strategic responsibility', 'Strategic responsibility; supported by']
    """
    if not header:
        return refs
    return [
        ref.model_copy(
            update={"qualifier": header if ref.qualifier is None else f"{header}; {ref.qualifier}"}
        )
        for ref in refs
    ]


def in_role(timing: Timing, role: TimingRole | None) -> Timing:
    """A plain date read from a column whose header gives dates a meaning, with that meaning:
    a start ("2008-05/..") or a deadline ("../2008-05"). Anything but a single date (a period,
    an EDTF set, a timing that already says "by" or "from") is left as it is.

    >>> t = Timing(text="May 2008", kind="date", edtf="2008-05")
    >>> in_role(t, "deadline").edtf, in_role(t, "start").edtf, in_role(t, None).edtf
    ('../2008-05', '2008-05/..', '2008-05')
    """
    edtf = timing.edtf
    if role is None or timing.kind != "date" or not edtf or any(c in edtf for c in "[{/"):
        return timing
    if role == "start":
        return timing.model_copy(update={"kind": "start", "edtf": f"{edtf}/..", "latest": None})
    return timing.model_copy(update={"kind": "deadline", "edtf": f"../{edtf}", "earliest": None})
