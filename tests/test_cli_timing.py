"""``workplan-extract timing``: the CLI prints what the library function returns."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from workplan_extract.cli import app
from workplan_extract.normalise.timing_report import period_of, read_timings, timing_report

runner = CliRunner()


def test_a_phrase_with_a_period_prints_the_timing_and_its_warnings() -> None:
    result = runner.invoke(app, ["timing", "by end of March 2009", "--period", "2008/09"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out == timing_report("by end of March 2009", period_of("2008/09"))
    assert (out["timing"]["kind"], out["timing"]["edtf"], out["timing"]["latest"]) == (
        "deadline",
        "../2009-03",
        "2009-03-31",
    )
    assert out["warnings"] == []


def test_a_yearless_phrase_takes_the_period_and_says_so() -> None:
    result = runner.invoke(app, ["timing", "Quarter 3", "-p", "Slough LSCB Business Plan 2012/13"])
    out = json.loads(result.stdout)
    assert out["timing"]["edtf"] == "2012-10/2012-12"
    assert [w["code"] for w in out["warnings"]] == ["timing.year_inferred"]


def test_file_prints_one_json_object_per_non_blank_line(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_text("May-08\n\nSlipped from 5 July 2005 - gathering information\n", "utf-8")
    result = runner.invoke(app, ["timing", "--file", str(path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == list(read_timings(path.read_text("utf-8").splitlines()))
    assert [(r["timing"]["kind"], r["timing"]["edtf"]) for r in rows] == [
        ("date", "2008-05"),
        ("unknown", None),
    ]
    assert rows[1]["warnings"][0]["code"] == "timing.status"


def test_bad_input_is_one_line_with_its_exit_code(tmp_path: Path) -> None:
    result = runner.invoke(app, ["timing", "May", "--period", "no year here"])
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == "error: --period 'no year here' names no year or financial year (usage)"
    )
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["timing", "--file", str(missing)])
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"error: {missing}: cannot read timing lines")
    result = runner.invoke(app, ["timing"])
    assert result.exit_code == 2
    assert "give a PHRASE or --file FILE" in result.stderr


def test_timing_has_help() -> None:
    result = runner.invoke(app, ["timing", "--help"])
    assert result.exit_code == 0
    assert "--period" in result.stdout and "--file" in result.stdout
