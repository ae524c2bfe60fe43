"""``workplan-extract report``: the command over the library."""

from __future__ import annotations

from pathlib import Path

from lxml import html
from typer.testing import CliRunner

from workplan_extract.cli import app

from .conftest import rich_document, write_json

runner = CliRunner()


def test_report_writes_the_page_and_says_what_it_holds(tmp_path: Path) -> None:
    write_json(rich_document(0), tmp_path / "out" / "a.json")
    write_json(rich_document(1), tmp_path / "out" / "b.json")
    target = tmp_path / "r.html"
    result = runner.invoke(
        app, ["report", str(tmp_path / "out"), "-o", str(target), "--max-documents", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "report: 2 documents (1 shown), 0 failed, 8 items" in result.output
    page = html.fromstring(target.read_bytes())
    assert len(page.xpath("//details[@class='doc']")) == 1


def test_an_unreadable_results_file_is_named_and_exits_1(tmp_path: Path) -> None:
    write_json(rich_document(), tmp_path / "out" / "a.json")
    (tmp_path / "out" / "bad.json").write_text("{", encoding="utf-8")
    target = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(tmp_path / "out"), "-o", str(target)])
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'out' / 'bad.json'}: " in result.output
    assert "(invalid-record)" in result.output
    assert target.exists()


def test_a_missing_input_is_one_line_and_no_report(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(tmp_path / "nothere"), "-o", str(target)])
    assert result.exit_code == 1
    expected = f"error: {tmp_path / 'nothere'}: no such file or folder (unreadable)"
    assert result.output.strip() == expected
    assert not target.exists()


def test_negative_max_documents_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(tmp_path), "--max-documents", "-1"])
    assert result.exit_code == 2
