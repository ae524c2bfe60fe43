"""``workplan-extract vocab list|check|suggest``: the party vocabulary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_FAILED, VocabOption, report

vocab_app = typer.Typer(help="List, check or extend the party vocabulary.", no_args_is_help=True)

_VOCAB = typer.Option(
    "--vocab", help="Extra vocabulary file layered on the shipped one (repeatable)."
)


@vocab_app.command("list")
def list_command(
    vocab: VocabOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the entries as JSON.")] = False,
    sector: Annotated[
        str | None, typer.Option("--sector", help='Only this sector ("police", "health", ...).')
    ] = None,
    party_type: Annotated[
        str | None,
        typer.Option("--type", help='Only this type ("organisation", "collective", ...).'),
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", help="Only this place: a name or GSS code.")
    ] = None,
) -> None:
    """List vocabulary entries (id, kind, type, sector, place, name, aliases)."""
    from ..normalise import list_entries
    from ..settings import Settings

    try:
        entries = list_entries(
            Settings(vocab=tuple(vocab or ())), sector=sector, type=party_type, place=place
        )
    except Exception as exc:
        raise typer.Exit(report(exc, debug=False)) from None
    if as_json:
        typer.echo(json.dumps(entries, indent=2, ensure_ascii=False))
        return
    for entry in entries:
        aliases = ", ".join(entry.get("aliases", []))
        successor = f" -> {entry['successor']}" if entry.get("successor") else ""
        where = entry.get("place") or {}
        columns = [
            entry["id"],
            entry["kind"],
            entry["type"],
            entry.get("sector") or "",
            where.get("code") or where.get("name") or "",
            f"{entry['name']}{successor}",
            aliases,
        ]
        typer.echo("\t".join(columns))


@vocab_app.command("check")
def check_command(
    files: Annotated[list[Path], typer.Argument(help="Vocabulary files (.json or .toml).")],
) -> None:
    """Check user vocabulary files: one line per problem, naming the entry; exit 1 on any."""
    from ..normalise import check_vocabulary_file

    problems = [
        problem if problem.startswith(str(path)) else f"{path}: {problem}"
        for path in files
        for problem in check_vocabulary_file(path)
    ]
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    if problems:
        raise typer.Exit(EXIT_FAILED)
    typer.echo(f"{len(files)} vocabulary file(s) valid", err=True)


@vocab_app.command("suggest")
def suggest_command(
    outputs: Annotated[
        list[Path],
        typer.Argument(
            help="Extraction results: JSON/JSONL files, an items CSV, a tables folder, or "
            "folders of them (a batch's output in any --format)."
        ),
    ],
    vocab: VocabOption = None,
) -> None:
    """Cluster unmatched and fuzzy party names found in results into candidate entries (JSON)."""
    from ..normalise import load_vocabulary
    from ..normalise.suggest import suggest_from_mentions
    from ..readback import party_mentions

    try:
        vocabulary = load_vocabulary(tuple(vocab or ()))
        suggestions = suggest_from_mentions(party_mentions(outputs), vocabulary)
    except Exception as exc:
        raise typer.Exit(report(exc, debug=False)) from None
    typer.echo(json.dumps(suggestions, indent=2, ensure_ascii=False))
