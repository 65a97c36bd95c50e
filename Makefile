# The project's commands. Each one does its own set-up on a fresh machine with only Python 3.11+.
#   make lab        start JupyterLab (serving the whole repository) on the first notebook
#   make test       run every test (lint first, then unit, notebooks in nbval, notebooks in a real browser)
#   make lint       ruff (lint + format check) on the code, nbQA + ruff on the notebooks' code cells
#   make format     apply ruff's automatic fixes and formatting (then `make lint` lists what is left by hand)
#   make notebooks  re-execute every notebook in place and store it without widget state
#   make html       build the whole course as an offline static site in site/ (no kernel, no network)
#   make present    serve one lesson as a clean app for projecting (LESSON=07: code hidden, widgets live)
#   make links      rewrite every Binder/nbgitpuller link from [project.urls] Repository in pyproject.toml
#   make bench      measure apps, notebooks (JupyterLab in Chromium) and models; write benchmarks/RESULTS.md
#                   (make bench QUICK=1: the short run CI does, written to test-artifacts/bench/)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# JupyterLab refuses to run as root (containers, some lab machines) unless told it may.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

.PHONY: lab test lint format notebooks install bench clean html present links

$(BIN)/python:
	@echo "==> creating the virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "==> installing immunolib and its test tools into $(VENV) (first run takes a few minutes)"
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@# Serve plotly's figure bundle once per page (immunolib/server.py). An editable install does not copy
	@# pyproject's data-files, so enable the server extension for this environment explicitly.
	$(BIN)/python -m immunolib.server enable
	@touch $(STAMP)

install: $(STAMP)

# Lab serves the repository root (so data/ and docs/ can be edited in Lab) and opens the first lesson; the
# URLs it prints lead to that lesson too (open one by hand where no browser opens).
FIRST_LESSON := notebooks/00_start_here.ipynb
lab: $(STAMP)
	@echo "==> starting JupyterLab in $(CURDIR) on $(FIRST_LESSON) (stop it with Ctrl+C)"
	@echo "==> if no browser opens, open the URL below that ends in /lab/tree/$(FIRST_LESSON)?token=..."
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/$(FIRST_LESSON)

# The same checks as .pre-commit-config.yaml, run with the venv's pinned tools (pre-commit itself would fetch
# its hooks from the network).
lint: $(STAMP)
	@echo "==> lint: ruff check, ruff format --check, nbqa ruff on the notebooks"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/nbqa ruff notebooks

format: $(STAMP)
	scripts/lint_fix.sh

test: $(STAMP) lint
	@echo "==> running unit tests, notebook regression tests (nbval, strict) and browser tests"
	$(BIN)/python -m pytest tests notebooks immunolib --doctest-modules --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg \
		--nbval-cell-timeout=300 -p no:cacheprovider

notebooks: $(STAMP)
	@echo "==> re-executing every notebook in place (outputs stored, widget state stripped)"
	$(BIN)/python scripts/execute_notebooks.py notebooks/*.ipynb

html: $(STAMP)
	@echo "==> building the offline course into site/ (open site/index.html, or copy the folder to any web host)"
	$(BIN)/python scripts/build_site.py --out site

# Presentation mode: Voila (a Jupyter server extension) renders the lesson with code hidden and widgets live.
LESSON ?= 00
LESSON_FILE = $(firstword $(wildcard notebooks/$(LESSON)*.ipynb) $(wildcard notebooks/$(LESSON)))
present: $(STAMP)
	@test -n "$(LESSON_FILE)" || { echo "no lesson matches LESSON=$(LESSON) (try LESSON=07)"; exit 2; }
	@echo "==> presenting $(LESSON_FILE) (code hidden); open the URL below that ends in /voila/render/$(LESSON_FILE)"
	$(BIN)/jupyter server $(ROOT_FLAG) --ServerApp.root_dir=. --ServerApp.default_url=/voila/render/$(LESSON_FILE) \
		--VoilaConfiguration.show_tracebacks=False

links: $(STAMP)
	$(BIN)/python scripts/course_links.py --write

bench: $(STAMP)
	@echo "==> benchmarks (prints; asserts nothing)"
	$(BIN)/python benchmarks/run_all.py $(if $(QUICK),--quick,)

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache site
