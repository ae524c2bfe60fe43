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
    # One line naming the file, the count and the stable code; the output is still written.
    count = len(extract(path).warnings)
    assert count > 1
    assert result.stderr == f"error: {path}: {count} warnings and --strict (warnings)\n"
    assert json.loads(result.stdout)["source"]["path"] == path


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


# --- issue 16: what a new user trips over ------------------------------------------------------

LCPC_TXT = str(SAMPLES / "lcpc-workplan-2004.txt")
LSCB_TXT = str(SAMPLES / "lscb-workplan-2007-08.txt")


def test_a_duplicate_file_is_named_with_the_one_it_repeats(tmp_path: Path) -> None:
    """16.6: ``extract a copy -f tables`` wrote one document and said nothing."""
    copy = tmp_path / "copy.txt"
    copy.write_bytes(Path(LCPC_TXT).read_bytes())
    result = runner.invoke(
        app, ["extract", LCPC_TXT, str(copy), "-f", "tables", "-o", str(tmp_path / "t")]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == f"note: {copy}: same content as {LCPC_TXT}, written once\n"
    rows = (tmp_path / "t" / "documents.csv").read_text("utf-8-sig").splitlines()
    assert len(rows) == 2


@pytest.mark.parametrize(
    ("output", "files", "made"),
    [
        ("outB/", [LCPC_TXT], "outB/lcpc-workplan-2004.txt.json"),  # was a file named outB
        ("outC", [LCPC_TXT], "outC/lcpc-workplan-2004.txt.json"),  # no suffix: a folder
        ("two.json", [LCPC_TXT, LSCB_TXT], "two.json"),  # was a folder named two.json
        ("one.json", [LCPC_TXT], "one.json"),
    ],
)
def test_output_names_follow_one_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str, files: list[str], made: str
) -> None:
    """16.7: a path ending in / or an existing folder is a folder; .json/.jsonl/.csv one file."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", *files, "-o", output])
    assert result.exit_code == 0, result.output
    assert (tmp_path / made).is_file()
    data = json.loads((tmp_path / made).read_text("utf-8"))
    if len(files) > 1:
        assert [d["source"]["path"] for d in data] == files  # several in one file: an array
    else:
        assert data["source"]["path"] == files[0]


def test_combined_formats_into_a_folder_and_suffixes_that_disagree(tmp_path: Path) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    for fmt, name in (("jsonl", "documents.jsonl"), ("csv", "items.csv")):
        result = runner.invoke(app, ["extract", LCPC_TXT, LSCB_TXT, "-f", fmt, "-o", str(folder)])
        assert result.exit_code == 0, result.output
        assert (folder / name).is_file()
    wrong = runner.invoke(app, ["extract", LCPC_TXT, "-f", "csv", "-o", str(tmp_path / "a.json")])
    assert wrong.exit_code == 2
    assert f"-o '{tmp_path / 'a.json'}' names a json file, but --format is csv (usage)" in (
        " ".join(wrong.stderr.split())
    )
    odd = runner.invoke(app, ["extract", LCPC_TXT, "-o", str(tmp_path / "a.txt")])
    assert odd.exit_code == 2 and "end a folder's name with '/'" in odd.stderr


def test_two_inputs_of_the_same_name_get_two_outputs(tmp_path: Path) -> None:
    (tmp_path / "2004").mkdir()
    (tmp_path / "2007").mkdir()
    first, second = tmp_path / "2004" / "plan.txt", tmp_path / "2007" / "plan.txt"
    first.write_bytes(Path(LCPC_TXT).read_bytes())
    second.write_bytes(Path(LSCB_TXT).read_bytes())
    result = runner.invoke(app, ["extract", str(first), str(second), "-o", str(tmp_path / "o/")])
    assert result.exit_code == 0, result.output
    sha = extract(second).source.sha256
    names = {p.name: json.loads(p.read_text("utf-8")) for p in (tmp_path / "o").iterdir()}
    assert sorted(names) == sorted(["plan.txt.json", f"plan.txt.{sha[:12]}.json"])
    assert names["plan.txt.json"]["source"]["path"] == str(first)


def test_a_bad_vocabulary_is_named_once_and_exits_2(tmp_path: Path) -> None:
    """16.11: each document failed with bad-vocabulary, naming the document."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"entries": [{"id": "Bad Id", "name": "X", "kind": "club"}]}', "utf-8")
    result = runner.invoke(app, ["extract", "--vocab", str(bad), LCPC_TXT, LSCB_TXT])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {bad}: entry 'Bad Id': id must be kebab-case (lower-case words joined by '-')"
        " (bad-vocabulary)"
    ]
    out = tmp_path / "out"
    batch = runner.invoke(app, ["batch", LCPC_TXT, LSCB_TXT, "-o", str(out), "--vocab", str(bad)])
    assert batch.exit_code == 2
    assert batch.stderr.startswith(f"error: {bad}: entry 'Bad Id'")
    assert not (out / "manifest.jsonl").exists()


def test_vocab_check_reports_every_problem_of_an_entry(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"entries": [{"id": "Bad Id", "name": " ", "kind": "club", "colour": 1}]}),
        "utf-8",
    )
    result = runner.invoke(app, ["vocab", "check", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {bad}: entry 'Bad Id': unknown key(s) colour",
        f"error: {bad}: entry 'Bad Id': id must be kebab-case (lower-case words joined by '-')",
        f"error: {bad}: entry 'Bad Id': name must be a non-empty string",
        f"error: {bad}: entry 'Bad Id': kind must be one of organisation, partnership, group",
    ]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tables"])
def test_vocab_suggest_reads_what_a_batch_wrote(tmp_path: Path, fmt: str) -> None:
    """16.10: a -f csv or -f tables batch folder failed (suggest read the .commit.json)."""
    out = tmp_path / "out"
    assert (
        runner.invoke(app, ["batch", LCPC_TXT, LSCB_TXT, "-o", str(out), "-f", fmt]).exit_code == 0
    )
    result = runner.invoke(app, ["vocab", "suggest", str(out)])
    assert result.exit_code == 0, result.output
    expected = runner.invoke(
        app,
        [
            "vocab",
            "suggest",
            str(SAMPLES / "expected" / "lcpc-workplan-2004.txt.json"),
            str(SAMPLES / "expected" / "lscb-workplan-2007-08.txt.json"),
        ],
    )
    assert json.loads(result.stdout) == json.loads(expected.stdout)
    assert json.loads(result.stdout)


def test_version() -> None:
    """16.12."""
    from workplan_extract import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"workplan-extract {__version__}\n"
    assert f"workplan-extract {__version__}:" in runner.invoke(app, ["--help"]).stdout


def test_validate_reads_folders(tmp_path: Path) -> None:
    """16.13: ``validate DIR`` failed with "Is a directory"."""
    out = tmp_path / "results"
    assert runner.invoke(app, ["batch", LCPC_TXT, LSCB_TXT, "-o", str(out)]).exit_code == 0
    (out / "sub").mkdir()
    runner.invoke(
        app, ["extract", LCPC_TXT, LSCB_TXT, "-f", "jsonl", "-o", str(out / "sub" / "all.jsonl")]
    )
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == "3 file(s) valid (4 of schema 2.0)\n"
    (out / "sub" / "broken.json").write_text("{}", "utf-8")
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = runner.invoke(app, ["validate", str(empty)])
    assert nothing.exit_code == 1 and "no .json or .jsonl record files" in nothing.stderr


def test_error_lines_carry_the_stable_code(tmp_path: Path) -> None:
    """16.14: ``error: FILE: message (code)``, as errors.csv has it."""
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    for limits in ([], ["--timeout", "0", "--max-memory", "none"]):
        result = runner.invoke(app, ["extract", str(empty), *limits])
        assert result.exit_code == 1
        assert result.stderr == f"error: {empty}: empty file (0 bytes) (corrupt)\n"


def test_debug_shows_the_traceback_from_the_worker(tmp_path: Path) -> None:
    """16.15: --debug without --timeout 0 showed no traceback for a failure in a worker."""
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04garbage")
    result = runner.invoke(app, ["extract", str(broken), "--debug"])
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "workers/worker.py" in result.stderr  # raised in the worker, not re-raised here
    assert "CorruptDocument" in result.stderr
    assert result.stderr.endswith(
        f"error: {broken}: corrupt ZIP container: File is not a zip file (corrupt)\n"
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [("0", None), ("0K", None), ("0.0", None), ("none", None), ("64M", 64 * 1024**2)],
)
def test_max_memory_zero_in_any_spelling_is_no_limit(given: str, expected: int | None) -> None:
    from workplan_extract.cli.limits import parse_memory

    assert parse_memory(given) == expected


def test_a_max_memory_too_small_to_start_a_worker_is_refused(tmp_path: Path) -> None:
    # Before: "100K" was taken, and every file then failed as too-large.
    result = runner.invoke(
        app, ["extract", str(SAMPLES / "lcpc-workplan-2004.txt"), "--max-memory", "100K"]
    )
    assert result.exit_code == 2
    assert "less than a worker needs to start" in result.output
