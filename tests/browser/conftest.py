"""Fixtures of the browser tests: Chromium (Playwright) and one JupyterLab per session."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from .labserver import LabServer, start_lab

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts" / "browser"

# Without Playwright (on Binder, whose environment.yml leaves it out) the browser tests are not collected, and
# test_harness.py reports them skipped; in CI a missing Playwright stays an error.
HAVE_PLAYWRIGHT = importlib.util.find_spec("playwright") is not None
collect_ignore = (
    []
    if HAVE_PLAYWRIGHT or os.environ.get("CI") == "true"
    else sorted(p.name for p in Path(__file__).parent.glob("test_*.py") if p.name != "test_harness.py")
)

CHROMIUM = os.environ.get("IMMUNOLIB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",  # small /dev/shm in containers
]


def _unavailable(reason: str) -> None:
    """Skip locally; fail when CI=true (a CI run must not pass by skipping)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(
            f"Chromium not found at {CHROMIUM} (install Debian's 'chromium' package "
            "or set IMMUNOLIB_CHROMIUM to its path)"
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the 'playwright' Python package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # noqa: BLE001 - any launch failure means "no usable browser"
            _unavailable(f"Chromium at {chromium_path} does not start under Playwright: {exc}")
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> LabServer:
    """One JupyterLab server for the whole session, serving a temporary root dir."""
    base = tmp_path_factory.mktemp("jupyterlab")
    server = start_lab(root_dir=base / "root", state_dir=base / "state")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR
