"""The limit options shared by ``extract`` and ``batch``, generated from ``limits.LIMITS``.

``with_limit_options`` adds one option per limit (``max_pages`` -> ``--max-pages``, in the
"Limits" panel of ``--help``, with the default of ``LIMITS``, which ``Settings`` has too) to a
command, which receives their values as ``limits``, a dict of ``Settings`` fields. ``--timeout``
and ``--max-memory`` (the worker's limits, which ``Settings`` does not hold in the same form)
are declared once here for both commands.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from typing import Annotated, Any

import typer

from ..limits import LIMITS, Limit

#: The help panel every limit is listed in, in both commands.
PANEL = "Limits"

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)


def parse_size(text: str) -> int | None:
    """``4G``, ``512M``, ``1.5GiB`` or a number of bytes; ``none``, ``off`` or ``0`` for no limit.

    >>> parse_size("4G")
    4294967296
    """
    if text.strip().lower() in ("none", "off"):
        return None
    match = _SIZE.match(text)
    if match is None:
        raise typer.BadParameter(f"{text!r} is not a size such as 4G or 512M")
    number, unit = match.groups()
    size = int(float(number) * 1024 ** "_kmgt".index(unit.lower() or "_"))
    return size or None  # "0K" and "0.0" mean no limit, as "0" does


#: Below this no worker can even start Python with our imports: a smaller --max-memory is a
#: slip ("100K" for "100M"), refused rather than failing every file as too-large.
MIN_MEMORY = 64 * 1024**2


def parse_memory(text: str) -> int | None:
    """``--max-memory``: a size as ``parse_size`` reads it, at least ``MIN_MEMORY``."""
    size = parse_size(text)
    if size is not None and size < MIN_MEMORY:
        raise typer.BadParameter(
            f"{text!r} is less than a worker needs to start; give at least 64M, or none"
        )
    return size


def _size(text: str) -> int:
    size = parse_size(text)
    if size is None:
        raise typer.BadParameter(f"{text!r}: give a size such as 200M")
    return size


#: ``--timeout``: the per-file time limit; each file runs in a worker process killed when over.
TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0,
        metavar="SECONDS",
        help="Time limit per file; a worker over it is killed with everything it started. 0: none.",
        rich_help_panel=PANEL,
    ),
]
#: ``--max-memory``: the worker's address-space limit, as text (``4G``, ``none``).
MaxMemoryOption = Annotated[
    str,
    typer.Option(
        "--max-memory",
        metavar="SIZE",
        help="Address-space limit of each worker process (4G, 512M, none).",
        rich_help_panel=PANEL,
    ),
]
#: Their defaults, shared by both commands.
DEFAULT_TIMEOUT = 300.0
DEFAULT_MAX_MEMORY = "4G"


def _annotation(limit: Limit) -> Any:
    """The typed option of one limit: its flag, its help with the default, its panel."""
    help_text = limit.description
    if limit.unit == "bytes":
        return Annotated[
            int,
            typer.Option(
                limit.flag,
                parser=_size,
                metavar="SIZE",
                help=help_text,
                rich_help_panel=PANEL,
            ),
        ]
    kind: type = int if limit.unit == "count" else float
    return Annotated[
        kind,
        typer.Option(
            limit.flag,
            min=kind(limit.cli_min),
            metavar="N" if kind is int else "NUMBER",
            help=help_text,
            rich_help_panel=PANEL,
        ),
    ]


def with_limit_options(command: Callable[..., None]) -> Callable[..., None]:
    """``command`` with one more option per limit; it gets the ones given as ``limits=``.

    The options are added to the signature typer reads, after the command's own, so the
    command declares none of them and cannot drift from ``LIMITS``.
    """
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "limits"]
    added = [
        inspect.Parameter(
            limit.name,
            inspect.Parameter.KEYWORD_ONLY,
            # A size's default is written as the option takes it ("200M"), and read by its parser.
            default=limit.shown() if limit.unit == "bytes" else limit.default,
            annotation=_annotation(limit),
        )
        for limit in LIMITS
    ]

    @functools.wraps(command)
    def run(**kwargs: Any) -> None:
        limits = {limit.name: kwargs.pop(limit.name) for limit in LIMITS}
        command(**kwargs, limits=limits)

    parameters = [*own, *added]
    run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run
