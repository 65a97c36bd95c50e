"""The figure transport in a real JupyterLab (issue 8): the bundle route, the kernel fallback, and that the
harness notices a figure whose front end failed ("Click to show javascript error")."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.parse
import urllib.request

import nbformat
import plotly
import pytest

from .labpage import ConsoleLog, open_notebook, output_problems, restart_and_run_all, wait_run_all

ROUTE = f"/immunolib/plotly/{plotly.__version__}/widgetbundle.js"


def _get(url: str, **headers):
    req = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, dict(resp.headers), resp.read()


@pytest.mark.browser
def test_server_serves_the_bundle_once_cached_and_compressed(lab):
    status, headers, body = _get(lab.base_url + ROUTE, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip" and "immutable" in headers["Cache-Control"]
    assert gzip.decompress(body).startswith(b"") and len(gzip.decompress(body)) > 1_000_000
    with pytest.raises(urllib.error.HTTPError) as err:
        _get(lab.base_url + "/immunolib/plotly/0.0.0/widgetbundle.js")
    assert err.value.code == 404


def _run_scratch(browser, lab, name: str, source: str):
    """Run a one-cell notebook in the lab; return (output problems, console log)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = lab.root_dir / f"{name}.ipynb"
    nbformat.write(nb, path)
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    context.set_default_timeout(30_000)
    console = ConsoleLog()
    try:
        page = context.new_page()
        console.attach(page)
        open_notebook(page, f"{lab.base_url}/lab/tree/{urllib.parse.quote(path.name)}?reset")
        restart_and_run_all(page)
        wait_run_all(page)
        problems = output_problems(page, timeout_ms=20_000)
    finally:
        context.close()
        lab.shutdown_sessions()
    return problems, console


@pytest.mark.browser
def test_harness_fails_on_a_figure_whose_bundle_does_not_load(browser, lab):
    # A figure widget whose front end cannot be loaded at all: ipywidgets draws its error box.
    problems, _ = _run_scratch(
        browser,
        lab,
        "broken_bundle",
        (
            "from immunolib.widgets.transport import LiveFigure\n"
            "class Broken(LiveFigure):\n"
            "    _esm = 'import \"http://127.0.0.1:9/missing-widgetbundle.js\"; export default {};'\n"
            "Broken()\n"
        ),
    )
    assert any(
        "javascript error" in p.lower()
        or "error displaying widget" in p.lower()
        or "not drawn" in p
        or "only 0 drawn" in p
        for p in problems
    ), problems


@pytest.mark.browser
def test_figure_falls_back_to_the_kernel_when_the_server_has_no_bundle(browser, lab):
    # A server without the extension (VS Code, Colab) is simulated by a route that does not exist: the
    # figure must still be drawn (bundle sent once over the comm), and the harness must notice the fallback.
    problems, console = _run_scratch(
        browser,
        lab,
        "fallback_bundle",
        (
            "import plotly.graph_objects as go\n"
            "from immunolib.widgets.transport import LiveFigure, front_end\n"
            "class NoServer(LiveFigure):\n"
            "    _esm = front_end(route='no/such/route/widgetbundle.js')\n"
            "NoServer(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])))\n"
        ),
    )
    assert problems == []
    assert console.bundle_fallbacks, "the fallback to the kernel was not reported in the console"
