"""Area bodies found by what their names spell, for the vocabulary's index (``vocab.py``).

- Initials: "ESFRS" is East Sussex Fire and Rescue Service, but only in a plan of the areas
  that body serves, and only when one body of those areas fits (``Vocabulary.by_initials``).
- Force areas: a post "Police and Crime Commissioner for North Wales" names the North Wales
  police force area; police, fire and probation bodies are found by their area's name when the
  bodies so named share one area (``Vocabulary.force_area``).
- Places: a register row with no place that its name and area place (``regions.derived_place``).
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from workplan_extract.normalise.entries import (
    BODY,
    NAME,
    PLACE,
    SERVES,
    Row,
    party_key,
    row_valid_during,
)
from workplan_extract.normalise.places import Places
from workplan_extract.normalise.regions import derived_place

#: Words left out of a name's initials: "East Sussex Fire and Rescue Service" is "ESFRS".
_LINK_WORDS = frozenset({"and", "of", "the", "for", "on", "upon", "in"})
#: Bodies whose area is named like a place but coded apart (police force areas, E23/W15...).
_FORCE_BODIES = frozenset({"police-force", "fire-service", "probation"})


def placed(row: Row, places: Places) -> Row:
    """The row with the place its name and area tell, when the register gives none."""
    if row[PLACE] is not None or (len(row[SERVES]) != 1 and row[BODY] is None):
        return row
    place = derived_place(row[NAME], row[BODY], row[SERVES], places)
    return row if place is None else (*row[:PLACE], place, *row[PLACE + 1 :])


class AreaBodies:
    """The rows of area bodies by their names' initials and by their force areas' names."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = rows
        initials: dict[str, list[int]] = {}
        area_names: dict[str, list[int]] = {}
        for number, row in enumerate(rows):
            if row[BODY] is None:
                continue
            letters = "".join(w[0] for w in party_key(row[NAME]).split() if w not in _LINK_WORDS)
            if len(letters) >= 3:
                initials.setdefault(letters, []).append(number)
            if row[BODY] in _FORCE_BODIES and row[PLACE] is not None:
                area_names.setdefault(party_key(row[PLACE].name), []).append(number)
        #: Initials of area bodies' names ("esfrs": East Sussex Fire and Rescue Service).
        self.initials = {k: tuple(v) for k, v in initials.items()}
        #: Police force and fire service areas by name ("north wales") -> their bodies.
        self.force_areas = {k: tuple(v) for k, v in area_names.items()}

    def by_initials(
        self, key: str, areas: AbstractSet[str], period: tuple[str | None, str | None]
    ) -> list[int]:
        """The rows of the plan's areas whose name's initials are ``key``, in its years."""
        found = []
        for number in self.initials.get(key, ()):
            row = self.rows[number]
            place = row[PLACE]
            here = (place is not None and place.code in areas) or not areas.isdisjoint(row[SERVES])
            if here and row_valid_during(row, *period):
                found.append(number)
        return found

    def force_area(self, key: str, body: str) -> int | None:
        """The row of a body of a category whose area's name is written in ``key``, when the
        bodies so named share one area."""
        words = f" {key} "
        found = {
            number
            for name, numbers in self.force_areas.items()
            if f" {name} " in words
            for number in numbers
            if self.rows[number][BODY] == body
        }
        # West Yorkshire's probation area and trust share one area: either places the span.
        places = {self.rows[number][PLACE] for number in found}
        return min(found) if len(places) == 1 else None
