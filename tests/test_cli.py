"""The CLI: a thin layer that prints what the library returns, one-line errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workplan_extract import extract
from workplan_extract.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
runner = CliRunner()


def test_extract_prints_what_the_library_returns() -> None:
    path = str(SAMPLES / "lcpc-workplan-2004.txt")
    result = runner.invoke(app, ["extract", path])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == extract(path).model_dump(mode="json")


def test_folder_output_writes_one_file_per_document(tmp_path: Path) -> None:
    files = [str(SAMPLES / "lcpc-workplan-2004.txt"), str(SAMPLES / "lscb-workplan-2007-08.txt")]
    result = runner.invoke(app, ["extract", *files, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["lcpc-workplan-2004.txt.json", "lscb-workplan-2007-08.txt.json"]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, "missing.txt", "missing.txt: no such file"),
        (b"", "empty.docx", "empty.docx: empty file (0 bytes)"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), "prog.txt", "unsupported format"),
        (b"Just a letter.\nNo table here.\n", "letter.txt", "letter.txt: no workplan table found"),
        (b"PK\x03\x04garbage", "broken.docx", "broken.docx: corrupt ZIP container"),
    ],
)
def test_bad_input_gives_one_line_and_exit_1(
    tmp_path: Path, content: bytes | None, name: str, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    good = str(SAMPLES / "lcpc-workplan-2004.txt")
    result = runner.invoke(app, ["extract", str(path), good, "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and message in errors[0]
    assert "Traceback" not in result.stderr
    # The good file after the bad one was still extracted.
    assert (tmp_path / "out" / "lcpc-workplan-2004.txt.json").exists()


def test_usage_error_exits_2() -> None:
    result = runner.invoke(app, ["extract", "--no-such-option", "x"])
    assert result.exit_code == 2


def test_every_command_has_help() -> None:
    for name in ("extract", "schema", "batch", "validate", "check", "vocab"):
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0
        assert len(result.stdout.strip()) > 40


def test_python_dash_m_runs_and_help_stays_light() -> None:
    code = (
        "import sys; from workplan_extract.cli import app; "
        "heavy = [m for m in ('pdfplumber', 'lxml', 'docx', 'rapidfuzz') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    run = subprocess.run(
        [sys.executable, "-m", "workplan_extract", "--help"], capture_output=True, text=True
    )
    assert run.returncode == 0 and "extract" in run.stdout


def test_extract_formats_match_the_writers(tmp_path: Path) -> None:
    from workplan_extract.writers import dump

    path = str(SAMPLES / "lscb-workplan-2007-08.txt")
    doc = extract(path)
    for fmt in ("jsonl", "csv"):
        result = runner.invoke(app, ["extract", path, "--format", fmt])
        assert result.exit_code == 0, result.output
        # click's result.stdout folds CRLF (which the CSV writer uses) to LF: compare bytes.
        assert result.stdout_bytes.decode("utf-8") == dump(doc, fmt)
    result = runner.invoke(app, ["extract", path, "-f", "tables", "-o", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "t" / "datapackage.json").exists()
    items = (tmp_path / "t" / "items.csv").read_text(encoding="utf-8").splitlines()
    assert len(items) == 1 + len(doc.items)


def test_tables_without_a_folder_is_a_usage_error() -> None:
    result = runner.invoke(
        app, ["extract", str(SAMPLES / "lcpc-workplan-2004.txt"), "-f", "tables"]
    )
    assert result.exit_code == 2
    assert "give one with -o" in result.stderr


def test_validate_accepts_extracted_json_and_names_the_broken_field(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    result = runner.invoke(
        app, ["extract", str(SAMPLES / "lcpc-workplan-2004.txt"), "-o", str(good)]
    )
    assert result.exit_code == 0
    assert runner.invoke(app, ["validate", str(good)]).exit_code == 0
    data = json.loads(good.read_text(encoding="utf-8"))
    data["items"][2]["timings"][0]["earliest"] = "2004-13-01"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "items[2].timings[0].earliest" in result.stderr


def test_strict_turns_warnings_into_exit_1() -> None:
    path = str(SAMPLES / "lcpc-workplan-2004.txt")  # has unmatched audiences and a repaired date
    assert runner.invoke(app, ["extract", path]).exit_code == 0
    result = runner.invoke(app, ["extract", path, "--strict"])
    assert result.exit_code == 1
    assert "warning(s) and --strict" in result.stderr


def test_vocab_list_check_and_suggest(tmp_path: Path) -> None:
    listed = runner.invoke(app, ["vocab", "list", "--json"])
    ids = {e["id"] for e in json.loads(listed.stdout)}
    assert {"metropolitan-police-service", "london-councils", "barnardos"} <= ids
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"entries": [{"id": "Bad Id", "name": "X", "kind": "organisation"}]}),
        encoding="utf-8",
    )
    checked = runner.invoke(app, ["vocab", "check", str(bad)])
    assert checked.exit_code == 1
    assert checked.stderr.startswith(f"error: {bad}: entry 'Bad Id'")
    suggested = runner.invoke(app, ["vocab", "suggest", str(SAMPLES / "expected")])
    assert suggested.exit_code == 0, suggested.output
    names = [s["name"] for s in json.loads(suggested.stdout)]
    assert "London Safeguarding Children Professionals’ networks/agencies" in names


def test_vocab_list_filters_by_sector_type_and_place() -> None:
    listed = runner.invoke(app, ["vocab", "list", "--json", "--sector", "police"])
    police = json.loads(listed.stdout)
    assert "metropolitan-police-service" in {e["id"] for e in police}
    assert {e["sector"] for e in police} == {"police"}
    collectives = json.loads(
        runner.invoke(app, ["vocab", "list", "--json", "--type", "collective"]).stdout
    )
    assert {"london-boroughs", "lscbs", "acpcs"} <= {e["id"] for e in collectives}
    assert {e["type"] for e in collectives} == {"collective"}
    by_code = runner.invoke(app, ["vocab", "list", "--place", "E12000007"])
    by_name = runner.invoke(app, ["vocab", "list", "--place", "london"])
    assert by_code.exit_code == 0 and by_code.stdout == by_name.stdout
    rows = [line.split("\t") for line in by_code.stdout.splitlines()]
    assert ["london-councils", "organisation", "organisation", "local-government", "E12000007"] in [
        row[:5] for row in rows
    ]


def test_user_vocabulary_changes_matching(tmp_path: Path) -> None:
    extra = tmp_path / "extra.json"
    extra.write_text(
        json.dumps(
            {
                "entries": [
                    {
                        "id": "directors-of-childrens-services",
                        "name": "Directors of Children's Services",
                        "kind": "group",
                        "aliases": ["Directors of Children Services"],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    path = str(SAMPLES / "lcpc-workplan-2004.txt")
    result = runner.invoke(app, ["extract", path, "--vocab", str(extra)])
    assert result.exit_code == 0, result.output
    item2 = json.loads(result.stdout)["items"][1]
    assert item2["audience"][0]["id"] == "directors-of-childrens-services"
