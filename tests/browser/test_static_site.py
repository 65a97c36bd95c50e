"""The offline site (``make html``) works from a folder with the network blocked.

The site is built once from the stored notebooks (scripts/build_site.py), then every page is opened from
``file://`` in Chromium with every non-file request aborted and recorded. Each page must: load no resource
from the network, raise no page error, draw every plotly figure, and for every kernel-free app switch its
figure (and its text alternative, where the scenarios' descriptions differ) when a scenario is chosen from
the menu — the way a student would, by clicking — and pass an axe-core scan with no critical or serious
violation.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from .a11y import axe_problems
from .conftest import REPO_ROOT
from .pagejs import script

_spec = importlib.util.spec_from_file_location("build_site", REPO_ROOT / "scripts" / "build_site.py")
build_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_site)

PAGES_ENV = "IMMUNOLIB_SITE_NOTEBOOKS"  # a glob, to build a smaller site while developing


def _notebooks() -> list[Path]:
    pattern = os.environ.get(PAGES_ENV) or "notebooks/[0-9][0-9]_*.ipynb"
    return sorted(REPO_ROOT.glob(pattern))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site.build(_notebooks(), out)
    return out


def test_site_has_one_page_per_lesson_and_one_plotly(site):
    pages = sorted(p.name for p in site.glob("*.html"))
    assert "index.html" in pages
    expected = {n.with_suffix(".html").name for n in _notebooks()}
    assert expected <= set(pages)
    assert (site / "plotly.min.js").stat().st_size > 1_000_000
    for page in expected:
        html = (site / page).read_text(encoding="utf-8")
        assert html.count('src="plotly.min.js"') == 1, f"{page} must load the site's plotly.js exactly once"
        assert "cdn." not in html.lower() and "cdnjs" not in html.lower(), f"{page} still names a CDN"
    summary = json.loads((site / "site.json").read_text())
    assert summary["total"] > summary["plotly_js"]


@pytest.mark.browser
def test_every_page_works_offline(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    problems: list[str] = []
    switched = 0
    try:
        for page_file in sorted(site.glob("[0-9][0-9]_*.html")):
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(page_file.as_uri(), wait_until="load")
            page.wait_for_timeout(300)
            figures = page.evaluate(script("offline_figures"))
            if not figures:
                problems.append(f"{page_file.name}: no plotly figure at all")
            undrawn = [k for k, f in enumerate(figures) if not f["drawn"]]
            if undrawn:
                problems.append(f"{page_file.name}: figures {undrawn} were not drawn")
            apps = page.locator(".immunolib-offline")
            for k in range(apps.count()):
                app = apps.nth(k)
                scenes = int(app.get_attribute("data-scenarios") or 1)
                if scenes < 2:
                    continue
                app.scroll_into_view_if_needed()
                before = app.evaluate(script("offline_app_state"))
                try:
                    app.locator(".updatemenu-header-group").first.click(timeout=10_000)
                    buttons = app.locator(".updatemenu-dropdown-button-group .updatemenu-dropdown-button")
                    buttons.nth(1).click(timeout=10_000)
                except Exception as exc:  # noqa: BLE001 - report the page and app, then go on
                    problems.append(
                        f"{page_file.name}: offline app {k + 1}: its scenario menu could not be "
                        f"used: {str(exc).splitlines()[0]}"
                    )
                    continue
                page.wait_for_timeout(250)
                after = app.evaluate(script("offline_app_state"))
                if after[0] == before[0]:
                    problems.append(
                        f"{page_file.name}: offline app {k + 1}: choosing scenario 2 did not change the figure"
                    )
                else:
                    switched += 1
            problems += [f"{page_file.name}: {p}" for p in axe_problems(page, ["body"])]
            problems += [f"{page_file.name}: page error: {e}" for e in errors]
            page.close()
    finally:
        context.close()
    assert not blocked, f"pages asked the network for {sorted(set(blocked))[:10]}"
    assert not problems, "\n".join(problems)
    assert switched > 0, "no kernel-free app was switched: the check would pass vacuously"
