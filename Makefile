# The project's commands. Each one does its own set-up on a fresh machine with only Python 3.11+.
#   make lab        start JupyterLab (serving the whole repository) on the first notebook
#   make test       run every test (unit, notebooks in nbval, notebooks in a real browser)
#   make notebooks  re-execute every notebook in place and store it without widget state
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# JupyterLab refuses to run as root (containers, some lab machines) unless told it may.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

.PHONY: lab test notebooks install clean

$(BIN)/python:
	@echo "==> creating the virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "==> installing immunolib and its test tools into $(VENV) (first run takes a few minutes)"
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

# Lab serves the repository root (so data/ and docs/ can be edited in Lab) and opens the first lesson; the
# URLs it prints lead to that lesson too (open one by hand where no browser opens).
FIRST_LESSON := notebooks/00_start_here.ipynb
lab: $(STAMP)
	@echo "==> starting JupyterLab in $(CURDIR) on $(FIRST_LESSON) (stop it with Ctrl+C)"
	@echo "==> if no browser opens, open the URL below that ends in /lab/tree/$(FIRST_LESSON)?token=..."
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/$(FIRST_LESSON)

test: $(STAMP)
	@echo "==> running unit tests, notebook regression tests (nbval, strict) and browser tests"
	$(BIN)/python -m pytest tests notebooks immunolib --doctest-modules --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg \
		--nbval-cell-timeout=300 -p no:cacheprovider

notebooks: $(STAMP)
	@echo "==> re-executing every notebook in place (outputs stored, widget state stripped)"
	$(BIN)/python scripts/execute_notebooks.py notebooks/*.ipynb

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
