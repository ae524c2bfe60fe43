# Quick start: `make run` extracts every bundled sample into out/; `make test` runs the tests.
# Both create .venv with the project installed when it is missing or pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# .doc samples are read through LibreOffice: included when it is installed.
SAMPLES := $(sort $(wildcard samples/*.txt samples/*.docx samples/*.pdf samples/*.xlsx \
                             samples/*.csv samples/*.html) \
             $(if $(shell command -v soffice),$(wildcard samples/*.doc)))

.PHONY: run test lint typecheck schemas bench clean fuzz report report-screenshot

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,ocr,report]'
	touch $(STAMP)

run: $(STAMP)
	mkdir -p out
	$(BIN)/workplan-extract extract $(SAMPLES) -o out/
	@echo "Results: $$(ls out/*.json | wc -l) JSON files in $(CURDIR)/out/"

# The review report of a batch over the samples: out/report.html.
report: $(STAMP)
	rm -rf out/batch
	$(BIN)/workplan-extract batch $(SAMPLES) -o out/batch
	$(BIN)/workplan-extract report out/batch -o out/report.html

# The README's picture of it, rendered by headless Chromium (apt-get install chromium).
report-screenshot: report
	rm -rf out/chromium-profile
	chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
	  --disable-component-update --disable-sync --user-data-dir=out/chromium-profile \
	  --window-size=1280,1900 --screenshot=docs/report.png file://$(CURDIR)/out/report.html
	rm -rf out/chromium-profile

# Two pytest-xdist workers, each taking whole test files (module fixtures are built once):
# about half the wall time of one process on two cores. TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
test: $(STAMP)
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks fuzz
	$(BIN)/ruff format --check src tests scripts benchmarks fuzz

typecheck: $(STAMP)
	$(BIN)/mypy

# Mutation fuzzing of the readers, FUZZ_RUNS cases each (not part of `make test`): atheris when
# it installs, else a seeded byte-mutation loop; the .docx and .xlsx readers get the loop as well,
# since it mutates the XML inside the ZIP where byte flips mostly break the CRC. Crashes:
# fuzz/crashes/. The image target reads page images by OCR (Tesseract): far slower per case.
FUZZ_RUNS ?= 10000
fuzz: $(STAMP)
	-$(BIN)/python -m pip install --quiet atheris
	$(BIN)/python fuzz/fuzz_readers.py docx --runs $(FUZZ_RUNS)
	$(BIN)/python fuzz/fuzz_readers.py pdf --runs $(FUZZ_RUNS)
	$(BIN)/python fuzz/fuzz_readers.py txt --runs $(FUZZ_RUNS)
	$(BIN)/python fuzz/fuzz_readers.py docx --runs $(FUZZ_RUNS) --engine mutate
	$(BIN)/python fuzz/fuzz_readers.py xlsx --runs $(FUZZ_RUNS)
	$(BIN)/python fuzz/fuzz_readers.py xlsx --runs $(FUZZ_RUNS) --engine mutate
	$(BIN)/python fuzz/fuzz_readers.py csv --runs $(FUZZ_RUNS)
	$(BIN)/python fuzz/fuzz_readers.py html --runs $(FUZZ_RUNS)
	$(BIN)/python fuzz/fuzz_readers.py image --runs $(FUZZ_RUNS)
	$(BIN)/python fuzz/fuzz_normalisers.py timings --runs $(FUZZ_RUNS)
	$(BIN)/python fuzz/fuzz_normalisers.py parties --runs $(FUZZ_RUNS)

schemas: $(STAMP)
	$(BIN)/workplan-extract schema -o schemas
	$(BIN)/python -m workplan_extract.contract docs/records.md

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,ocr,bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
