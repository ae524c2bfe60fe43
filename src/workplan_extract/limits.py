"""The limits on one file's extraction: one description for ``Settings`` and the command line.

Kept free of pydantic and typer so that ``workplan-extract --help`` can build the limit options
from it cheaply: ``Settings`` takes each limit's default and description from here, and
``cli.limits`` generates one option per limit (``max_pages`` -> ``--max-pages``), so neither
repeats them. A test checks that ``Settings`` has exactly these fields with these defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MB = 1024 * 1024

#: How a limit's value is written: a size in bytes (``200M`` on the command line), a count, a
#: ratio or a time in seconds.
Unit = Literal["bytes", "count", "ratio", "seconds"]


@dataclass(frozen=True, slots=True)
class Limit:
    """One limit: the ``Settings`` field, its unit, its default and what it bounds.

    ``cli_min`` is the smallest value the command line accepts (``Settings`` itself takes any
    value above 0).
    """

    name: str
    unit: Unit
    default: int | float
    description: str
    cli_min: float

    @property
    def flag(self) -> str:
        """``--max-pages`` for ``max_pages``."""
        return "--" + self.name.replace("_", "-")

    def shown(self, value: float | None = None) -> str:
        """A value as the command line writes it: ``200M``, ``2000``, ``120``."""
        value = self.default if value is None else value
        if self.unit == "bytes":
            for suffix, size in (("G", 1024**3), ("M", MB), ("K", 1024)):
                if value % size == 0:
                    return f"{int(value // size)}{suffix}"
            return str(int(value))
        return f"{value:g}"


LIMITS: tuple[Limit, ...] = (
    Limit("max_file_size", "bytes", 200 * MB, "Largest input file.", 1),
    Limit(
        "max_unzipped_size",
        "bytes",
        512 * MB,
        "Largest total uncompressed size of a ZIP container (.docx, .xlsx).",
        1,
    ),
    Limit("max_zip_ratio", "ratio", 200.0, "Largest compression ratio of a ZIP member.", 1),
    Limit(
        "max_zip_entries",
        "count",
        10_000,
        "Most entries in a ZIP container (a bomb of many small members).",
        1,
    ),
    Limit("max_pages", "count", 2000, "Most pages read from a PDF.", 1),
    Limit("max_tables", "count", 1000, "Most tables read from a document.", 1),
    Limit("max_rows", "count", 50_000, "Most rows read from one table.", 1),
    Limit("max_cells", "count", 500_000, "Most table cells read from a document.", 1),
    Limit(
        "max_image_pixels",
        "count",
        80_000_000,
        "Largest page image read by OCR, pixels (an A3 page at 600 dpi is 70 million).",
        1,
    ),
    Limit(
        "conversion_timeout",
        "seconds",
        120.0,
        "Time limit for one LibreOffice conversion (.doc, .odt, .rtf, .xls, .ods), seconds.",
        0.001,
    ),
)

BY_NAME: dict[str, Limit] = {limit.name: limit for limit in LIMITS}
