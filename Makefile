# The project's commands. Each one does its own set-up on a fresh machine with only Python 3.10+.
#   make lab        start JupyterLab on the first notebook
#   make test       run every test (unit, notebooks in nbval, notebooks in a real browser)
#   make notebooks  re-execute every notebook in place and store it without widget state
#   make bench      measure apps, notebooks (JupyterLab in Chromium) and models; write benchmarks/RESULTS.md
#                   (make bench QUICK=1: the short run CI does, written to test-artifacts/bench/)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# JupyterLab refuses to run as root (containers, some lab machines) unless told it may.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

.PHONY: lab test notebooks install bench clean

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

lab: $(STAMP)
	@echo "==> starting JupyterLab on notebooks/00_start_here.ipynb (stop it with Ctrl+C)"
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/00_start_here.ipynb

test: $(STAMP)
	@echo "==> running unit tests, notebook regression tests (nbval, strict) and browser tests"
	$(BIN)/python -m pytest tests notebooks immunolib --doctest-modules --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg \
		--nbval-cell-timeout=300 -p no:cacheprovider

notebooks: $(STAMP)
	@echo "==> re-executing every notebook in place (outputs stored, widget state stripped)"
	$(BIN)/python scripts/execute_notebooks.py notebooks/*.ipynb

bench: $(STAMP)
	@echo "==> benchmarks (prints; asserts nothing)"
	$(BIN)/python benchmarks/run_all.py $(if $(QUICK),--quick,)

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
