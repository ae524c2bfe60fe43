"""Misreadings of a scanned document's record, and whether each is warned about.

Each cell of each item (``cells``) and the title, reference and preamble of the record are
compared word by word with the same field of the digital original's golden record
(``difflib`` on the words). Every run of words that differs is a misreading; it is *warned*
when the record has an ``ocr.low_confidence`` warning for the same item and field whose quoted
words include at least one of the run's words as read.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Misreading:
    item: str | None
    field: str
    expected: str
    got: str
    warned: bool


def misreadings(record: dict[str, Any], golden: dict[str, Any]) -> list[Misreading]:
    """Every run of words in ``record`` that differs from ``golden``'s, with whether it is warned."""
    warned: dict[tuple[str | None, str | None], list[str]] = {}
    for w in record.get("warnings", []):
        if w["code"] == "ocr.low_confidence":
            quoted = w["message"].split('"')[1] if '"' in w["message"] else ""
            warned.setdefault((w.get("item"), w.get("field")), []).extend(quoted.split())
    pairs: list[tuple[str | None, str, str, str]] = []
    for name in ("title", "reference"):
        pairs.append((None, name, golden.get(name) or "", record.get(name) or ""))
    pairs.append(
        (
            None,
            "preamble",
            " ".join(golden.get("preamble", [])),
            " ".join(record.get("preamble", [])),
        )
    )
    got_items = {i.get("number"): i for i in record.get("items", [])}
    for item in golden.get("items", []):
        number = item.get("number")
        mine = got_items.get(number, {})
        for key in sorted(set(item.get("cells", {})) | set(mine.get("cells", {}))):
            pairs.append(
                (
                    number,
                    key,
                    item.get("cells", {}).get(key, ""),
                    mine.get("cells", {}).get(key, ""),
                )
            )
    out = []
    for number, key, want, got in pairs:
        a, b = want.split(), got.split()
        field = key.split("_")[0] if key not in ("lead_parties",) else key
        field = key.rsplit("_", 1)[0] if key.rsplit("_", 1)[-1].isdigit() else key
        words = set(warned.get((number, field), []))
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            read = b[j1:j2]
            out.append(
                Misreading(
                    number, key, " ".join(a[i1:i2]), " ".join(read), any(w in words for w in read)
                )
            )
    return out
