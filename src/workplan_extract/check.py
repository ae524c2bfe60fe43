"""Golden-file check: extract every document of a folder and compare with ``expected/*.json``.

``SAMPLES_DIR/expected/<file>.json`` holds the expected record of ``SAMPLES_DIR/<file>``.
Differences are reported field by field, named by item number and field path, so a change in
a CI log reads as "item 3, timings[0].edtf: expected "2004-04", got "2004-05"" rather than as a
wall of JSON. ``source.path`` is ignored (it depends on where the check runs); everything
else must match exactly. ``update=True`` rewrites the goldens from the current output.

The project's own golden test compares each sample through ``check_document``, the comparison
``check_samples`` (and so ``workplan-extract check``) makes: CI pipelines of users and the
project's own check the same thing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import WorkplanError
from .pipeline import extract
from .records import WorkplanDocument
from .settings import Settings

EXPECTED = "expected"
#: Extensions of the documents a samples folder holds (anything else there is ignored).
DOCUMENT_SUFFIXES = frozenset(
    {".docx", ".docm", ".pdf", ".doc", ".odt", ".rtf", ".txt", ".text"}
    | {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".html", ".htm", ".xhtml"}
)
#: Scans a samples folder may hold too, read under ``--ocr``.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
#: Values longer than this are shortened in the report.
_SHOWN = 100


class _Missing:
    """Stands for a value that is absent on one side (a list that is shorter, a key not there)."""

    def __repr__(self) -> str:
        return "(missing)"


MISSING: Any = _Missing()


@dataclass(frozen=True, slots=True)
class Difference:
    """One field that differs. ``item`` is the item's number (or ``#index`` when it has none),
    None for a field of the document itself; ``field`` is a path such as ``timings[0].edtf``."""

    document: str
    item: str | None
    field: str
    expected: Any
    got: Any
    note: str | None = None

    def __str__(self) -> str:
        if self.note is not None:
            return f"{self.document}: {self.note}"
        where = f"item {self.item}: " if self.item is not None else ""
        return (
            f"{self.document}: {where}{self.field}: "
            f"expected {_show(self.expected)}, got {_show(self.got)}"
        )


@dataclass
class CheckReport:
    """What ``check_samples`` found and, with ``update``, what it rewrote."""

    documents: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def check_samples(
    samples_dir: str | os.PathLike[str],
    *,
    update: bool = False,
    settings: Settings | Mapping[str, Any] | None = None,
) -> CheckReport:
    """Extract every document in ``samples_dir`` and compare it with its golden JSON.

    Args:
        samples_dir: The folder of sample documents (not walked recursively).
        update: Rewrite the goldens that differ or are missing, and remove goldens whose
            document is gone. Documents that fail to extract are still reported.
        settings: Extraction settings.

    Returns:
        The report; ``report.ok`` is False on any difference (a missing golden, a document that
        fails to extract and a golden without a document are differences too).

    Example:
        >>> report = check_samples("samples")  # doctest: +SKIP
        >>> print("\\n".join(map(str, report.differences)))  # doctest: +SKIP
        lcpc-workplan-2004.txt: item 3: timings[0].edtf: expected "2004-04", got "2004-05"
    """
    folder = Path(samples_dir)
    if not folder.is_dir():
        from .errors import UsageError

        raise UsageError("not a folder", folder)
    opts = Settings.resolve(settings)
    expected_dir = folder / EXPECTED
    report = CheckReport()
    names = sorted(
        p.name
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and (
            p.suffix.lower() in DOCUMENT_SUFFIXES
            or (opts.ocr != "off" and p.suffix.lower() in IMAGE_SUFFIXES)
        )
    )
    for name in names:
        report.documents.append(name)
        golden = expected_dir / f"{name}.json"
        try:
            doc = extract(folder / name, opts)
        except WorkplanError as exc:
            note = f"failed to extract ({exc.code}): {exc.message}"
            report.differences.append(Difference(name, None, "", MISSING, MISSING, note))
            continue
        doc = _stable_path(doc, folder, name)
        if update:
            expected_data = _load(golden)
            if expected_data is None or expected_data != _comparable(doc.model_dump(mode="json")):
                _write_golden(golden, doc)
                report.updated.append(golden)
            continue
        report.differences.extend(check_document(name, doc, golden))
    for golden in sorted(expected_dir.glob("*.json")) if expected_dir.is_dir() else []:
        if golden.name.removesuffix(".json") not in names:
            if update:
                golden.unlink()
                report.removed.append(golden)
            else:
                note = "a golden file without its document (--update removes it)"
                report.differences.append(Difference(golden.name, None, "", MISSING, MISSING, note))
    return report


def check_document(name: str, doc: WorkplanDocument, golden: Path) -> list[Difference]:
    """The differences between ``doc``, the record of the document ``name``, and its golden
    file, as ``check_samples`` reports them (a missing golden is one difference).

    The project's golden test calls this once per sample, so each sample is a test of its own.
    """
    expected_data = _load(golden)
    if expected_data is None:
        note = f"no golden file {golden}: run `workplan-extract check --update` and review it"
        return [Difference(name, None, "", MISSING, MISSING, note)]
    return compare(name, expected_data, _comparable(doc.model_dump(mode="json")))


def compare(document: str, expected: Any, got: Any) -> list[Difference]:
    """Field-level differences between two JSON records of ``document``; items are paired by
    number when every item has a distinct one, so one inserted item is one difference."""
    differences = []
    expected_items = expected.get("items", []) if isinstance(expected, dict) else []
    got_items = got.get("items", []) if isinstance(got, dict) else []
    for path, e, g in _diff(_without_items(expected), _without_items(got), ""):
        differences.append(Difference(document, None, path, e, g))
    for label, e_item, g_item in _pair_items(expected_items, got_items):
        if e_item is MISSING or g_item is MISSING:
            differences.append(
                Difference(document, label, "(item)", _brief(e_item), _brief(g_item))
            )
            continue
        for path, e, g in _diff(e_item, g_item, ""):
            differences.append(Difference(document, label, path, e, g))
    return differences


def _diff(expected: Any, got: Any, path: str) -> Iterator[tuple[str, Any, Any]]:
    if isinstance(expected, dict) and isinstance(got, dict):
        for key in [*expected, *(k for k in got if k not in expected)]:
            sub = f"{path}.{key}" if path else str(key)
            yield from _diff(expected.get(key, MISSING), got.get(key, MISSING), sub)
    elif isinstance(expected, list) and isinstance(got, list):
        for i in range(max(len(expected), len(got))):
            e = expected[i] if i < len(expected) else MISSING
            g = got[i] if i < len(got) else MISSING
            yield from _diff(e, g, f"{path}[{i}]")
    elif type(expected) is not type(got) or expected != got:
        # Types too: JSON tells true from 1.
        yield path, expected, got


def _pair_items(expected: list[Any], got: list[Any]) -> Iterator[tuple[str, Any, Any]]:
    def numbers(items: list[Any]) -> list[Any]:
        return [item.get("number") if isinstance(item, dict) else None for item in items]

    e_numbers, g_numbers = numbers(expected), numbers(got)
    by_number = all(
        None not in nums and len(set(nums)) == len(nums) for nums in (e_numbers, g_numbers)
    )
    if by_number:
        got_by = dict(zip(g_numbers, got, strict=True))
        for number, item in zip(e_numbers, expected, strict=True):
            yield str(number), item, got_by.pop(number, MISSING)
        for number, item in got_by.items():
            yield str(number), MISSING, item
        return
    for i in range(max(len(expected), len(got))):
        e = expected[i] if i < len(expected) else MISSING
        g = got[i] if i < len(got) else MISSING
        item = e if e is not MISSING else g
        number = item.get("number") if isinstance(item, dict) else None
        yield (str(number) if number is not None else f"#{i}"), e, g


def _without_items(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if k != "items"}
    return data


def _brief(item: Any) -> Any:
    """An item shown in a difference by its title only: the whole item would be a wall."""
    if isinstance(item, dict):
        return {"title": item.get("title")}
    return item


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    """The record with ``source.path`` removed; goldens on disk go through the same."""
    source = data.get("source")
    if isinstance(source, dict):
        data = {**data, "source": {k: v for k, v in source.items() if k != "path"}}
    return data


def _stable_path(doc: WorkplanDocument, folder: Path, name: str) -> WorkplanDocument:
    """Give the record a path that does not depend on where the check runs
    (``samples/<file>``), so rewriting goldens elsewhere does not churn them."""
    stable = f"{folder.resolve().name}/{name}"
    return doc.model_copy(update={"source": doc.source.model_copy(update={"path": stable})})


def _load(golden: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(golden.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError as exc:
        # Reported as a difference on every field rather than stopping the whole check.
        return {"golden file": f"not JSON: {exc}"}
    return _comparable(data) if isinstance(data, dict) else {"golden file": data}


def _write_golden(golden: Path, doc: WorkplanDocument) -> None:
    from .writers.atomic import atomic_write_text
    from .writers.json import to_json

    golden.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(golden, to_json(doc))


def _show(value: Any) -> str:
    if value is MISSING:
        return "(missing)"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
