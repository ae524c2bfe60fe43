"""The samples' batch report in a real browser: headless Chromium loads it with no console
message, and the rendered DOM shows every document, item, warning and failure that the JSON and
``errors.csv`` hold. A screenshot is left in ``out/`` for people to look at.

Skipped only when Chromium is not installed (``.ci/run`` installs Debian's ``chromium``).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import html

from workplan_extract.report import write_report

from .conftest import GENERATED, SAMPLES, batch_documents

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)


def chromium(*args: str) -> tuple[str, list[str]]:
    """Run headless Chromium with a fresh profile; its stdout and the console lines it logged."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    # With --enable-logging, every console message and uncaught error of the page is a line
    # with ":CONSOLE"; a Content-Security-Policy violation is one too.
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return done.stdout, console


@pytest.fixture(scope="module")
def report(samples_batch: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    write_report([samples_batch], out, generated=GENERATED)
    return out


def test_chromium_renders_every_item_warning_and_failure(report: Path, samples_batch: Path) -> None:
    dom, console = chromium("--dump-dom", report.as_uri())
    assert console == []
    page = html.fromstring(dom)
    assert page.get("data-script") == "ran"  # the script ran: the policy let it
    documents = batch_documents(samples_batch)
    with (samples_batch / "errors.csv").open(encoding="utf-8-sig", newline="") as handle:
        failures = list(csv.DictReader(handle))
    samples = [p for p in SAMPLES.glob("*") if p.suffix in (".txt", ".docx", ".pdf")]
    assert len(documents) == len(samples) and len(failures) == 3
    items = sum(len(d["items"]) for d in documents)
    warnings = Counter(w["code"] for d in documents for w in d["warnings"])

    def figure(name: str) -> int:
        return int(page.get_element_by_id(f"n-{name}").text_content())

    assert figure("documents") == len(documents)
    assert figure("items") == items
    assert figure("warnings") == sum(warnings.values())
    assert figure("failed") == len(failures)
    assert len(page.xpath("//details[@class='doc']")) == len(documents)
    assert len(page.xpath("//tr[@class='item']")) == items
    assert len(page.xpath("//span[@class='warn']")) == sum(warnings.values())
    shown_codes = {
        row.xpath("./th")[0].text_content(): int(row.xpath("./td")[0].text_content())
        for row in page.xpath("//table[@id='warning-codes']/tbody/tr")
    }
    assert shown_codes == dict(warnings)
    failed = {
        (row.xpath("./td")[0].text_content(), row.xpath("./td")[1].text_content())
        for row in page.xpath("//tr[@class='failed']")
    }
    assert failed == {(f["file"], f["error_code"]) for f in failures}
    by_code = {
        row.xpath("./th")[0].text_content(): int(row.xpath("./td")[0].text_content())
        for row in page.xpath("//table[@id='failure-codes']/tbody/tr")
    }
    assert by_code == dict(Counter(f["error_code"] for f in failures))


def test_large_report_fills_in_a_document_when_it_is_opened(
    samples_batch: Path, tmp_path: Path
) -> None:
    out = tmp_path / "lazy.html"
    write_report([samples_batch], out, generated=GENERATED, inline_limit=0)
    assert html.fromstring(out.read_bytes()).xpath("//tr[@class='item']") == []
    # The link to a document opens it, and the script builds its details.
    dom, console = chromium("--dump-dom", out.as_uri() + "#doc-2")
    assert console == []
    opened = html.fromstring(dom).get_element_by_id("doc-2")
    second = batch_documents(samples_batch)[1]
    assert len(opened.xpath(".//tr[@class='item']")) == len(second["items"])


def test_screenshot_for_people_to_look_at(report: Path) -> None:
    shot = ROOT / "out" / "report-samples.png"
    shot.parent.mkdir(exist_ok=True)
    shot.unlink(missing_ok=True)
    _, console = chromium("--window-size=1280,1600", f"--screenshot={shot}", report.as_uri())
    assert console == []
    assert shot.read_bytes().startswith(b"\x89PNG") and os.path.getsize(shot) > 10_000
