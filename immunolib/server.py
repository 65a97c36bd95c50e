"""A tiny Jupyter server extension: serve plotly's FigureWidget front end once per page, cached.

plotly >= 6's ``FigureWidget`` is an anywidget whose front-end module (plotly.js plus the widget, about
5 MB, ``plotly/package_data/widgetbundle.js``) travels in the state of *every* figure, over the kernel's
websocket. :func:`immunolib.widgets.base.figure_widget` gives each figure a small module instead, which
``import()``\\ s the unchanged bundle from the URL this extension serves::

    <base_url>immunolib/plotly/<plotly version>/widgetbundle.js

The browser fetches it once per page and keeps it (the URL names the plotly version, so the response is
marked immutable), and it is gzip-compressed when the browser accepts it (about 1.5 MB on the wire).

Enabling
--------
``pip install immunolib`` (a wheel) installs ``etc/jupyter/jupyter_server_config.d/immunolib.json``, which
enables the extension for every JupyterLab / Notebook 7 / Voilà server of that environment. An editable
install (``pip install -e .``) does not copy data files, so ``make install``/``make lab`` and Binder's
``postBuild`` run ``python -m immunolib.server enable``, which writes the same file into ``sys.prefix``;
the browser tests pass ``--ServerApp.jpserver_extensions=immunolib.server=True``. Check with
``jupyter server extension list``.

Without the extension (VS Code, Colab, a server where it is disabled) the small module asks the kernel for
the bundle once per page instead (see ``figure_widget``): slower, but the figure still appears.
"""

from __future__ import annotations

import functools
import gzip
import threading
from pathlib import Path

import plotly

__all__ = ["BUNDLE_ROUTE", "bundle_path", "bundle_bytes", "PlotlyBundleHandler", "enable"]  # noqa: F822 - PlotlyBundleHandler is made lazily by __getattr__

#: The bundle's path below the server's base URL (the front end builds the same string).
BUNDLE_ROUTE = f"immunolib/plotly/{plotly.__version__}/widgetbundle.js"

_lock = threading.Lock()
_cache: dict[str, bytes] = {}


def bundle_path() -> Path:
    """Path of plotly's FigureWidget front-end bundle in the installed plotly package."""
    return Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"


def bundle_bytes(compressed: bool = False) -> bytes:
    """The bundle's bytes (read once; ``compressed=True``: gzip, compressed once and kept)."""
    key = "gz" if compressed else "raw"
    with _lock:
        if key not in _cache:
            raw = _cache.get("raw") or bundle_path().read_bytes()
            _cache["raw"] = raw
            if compressed:
                _cache["gz"] = gzip.compress(raw, compresslevel=6, mtime=0)
        return _cache[key]


@functools.cache
def _handler_class():
    # Imported here so that ``import immunolib.server`` (and its doctests) work without jupyter_server.
    from jupyter_server.base.handlers import JupyterHandler
    from tornado import web

    class PlotlyBundleHandler(JupyterHandler):
        """``GET``/``HEAD`` of the bundle for a logged-in user; immutable, gzip when accepted.

        A read-only ``GET`` needs no XSRF token (Jupyter checks it for state-changing methods only), so the
        browser's ``import()`` of a module — which sends the login cookie of the same origin — just works.
        """

        def _send(self, version: str, include_body: bool) -> None:
            if version != plotly.__version__:
                # An old page asking for another plotly version than the kernel's environment has.
                raise web.HTTPError(404, f"this server has plotly {plotly.__version__}, not {version}")
            gz = "gzip" in self.request.headers.get("Accept-Encoding", "")
            body = bundle_bytes(compressed=gz)
            self.set_header("Content-Type", "text/javascript; charset=utf-8")
            self.set_header("Cache-Control", "private, max-age=31536000, immutable")
            self.set_header("Vary", "Accept-Encoding")
            if gz:
                self.set_header("Content-Encoding", "gzip")
            self.set_header("Content-Length", str(len(body)))
            if include_body:
                self.write(body)

        @web.authenticated
        def get(self, version: str) -> None:
            self._send(version, include_body=True)

        @web.authenticated
        def head(self, version: str) -> None:
            self._send(version, include_body=False)

    return PlotlyBundleHandler


def __getattr__(name: str):
    if name == "PlotlyBundleHandler":
        return _handler_class()
    raise AttributeError(name)


def _jupyter_server_extension_points() -> list[dict]:
    """Entry point jupyter_server looks for (``immunolib.server`` in ``jpserver_extensions``)."""
    return [{"module": "immunolib.server"}]


def _load_jupyter_server_extension(serverapp) -> None:
    """Add the bundle's route to the running server."""
    from jupyter_server.utils import url_path_join

    web_app = serverapp.web_app
    route = url_path_join(web_app.settings["base_url"], "immunolib/plotly/([^/]+)/widgetbundle.js")
    web_app.add_handlers(".*$", [(route, _handler_class())])
    serverapp.log.info("immunolib: serving plotly's FigureWidget bundle at %s", route)


def enable(prefix: str | None = None) -> Path:
    """Enable the extension for every Jupyter server of an environment (default: this one, ``sys.prefix``).

    Writes ``<prefix>/etc/jupyter/jupyter_server_config.d/immunolib.json`` (what a wheel install does) and
    returns its path.
    """
    import json
    import sys

    path = Path(prefix or sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d" / "immunolib.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": {"immunolib.server": True}}}, indent=2) + "\n",
        encoding="utf-8",
    )
    return path


if __name__ == "__main__":  # python -m immunolib.server enable
    import sys

    if sys.argv[1:] != ["enable"]:
        sys.exit("usage: python -m immunolib.server enable")
    print(f"immunolib.server enabled: {enable()}")
