"""How a figure reaches the browser (issue 8): one small front end per figure, plotly's bundle once per page."""

from __future__ import annotations

import gzip
import json

import plotly.graph_objects as go
import pytest

from immunolib import server
from immunolib.widgets import figure_widget, transport


def _state_bytes(widget) -> int:
    return sum(len(json.dumps(v, default=str)) for v in widget.get_state().values())


def test_figure_widget_is_a_figurewidget_with_a_small_front_end():
    fig = figure_widget(go.Figure(go.Scatter(x=[1, 2], y=[3, 4], meta="a")))
    assert isinstance(fig, go.FigureWidget) and isinstance(fig, transport.LiveFigure)
    assert fig._esm == transport.FRONT_END and len(fig._esm) < 8_000
    assert _state_bytes(fig) < 50_000, "a figure's state must not carry plotly's 5 MB bundle"
    assert server.BUNDLE_ROUTE in fig._esm and transport.FALLBACK_WARNING in fig._esm


def test_stock_transport_is_still_available_for_the_benchmarks(monkeypatch):
    monkeypatch.setenv("IMMUNOLIB_FIGURE_TRANSPORT", "stock")
    fig = figure_widget(go.Figure())
    assert not isinstance(fig, transport.LiveFigure) and len(str(fig._esm)) > 4_000_000


def test_clicks_still_reach_python():
    fig = figure_widget(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])))
    seen = []
    fig.data[0].on_click(lambda trace, points, state: seen.append(points.point_inds))
    fig._handler_js2py_pointsCallback(
        {
            "new": {
                "event_type": "plotly_click",
                "points": {"trace_indexes": [0], "point_indexes": [1], "xs": [2], "ys": [4]},
                "device_state": {"alt": False, "ctrl": False, "meta": False, "shift": False, "button": 0, "buttons": 1},
                "selector": None,
            }
        }
    )
    assert seen == [[1]]


def test_the_kernel_sends_the_bundle_when_the_server_cannot():
    sent = []

    class Fake:
        def send(self, content, buffers=None):
            sent.append((content, buffers))

    transport._send_bundle(Fake(), {"type": "something else"}, [])
    assert sent == []
    transport._send_bundle(Fake(), {"type": "immunolib-plotly-bundle-request"}, [])
    assert sent[0][0] == {"type": "immunolib-plotly-bundle"}
    assert sent[0][1][0] == server.bundle_path().read_bytes()


def test_bundle_bytes_and_gzip_match_plotlys_file():
    raw = server.bundle_bytes()
    assert raw == server.bundle_path().read_bytes() and len(raw) > 1_000_000
    packed = server.bundle_bytes(compressed=True)
    assert len(packed) < len(raw) / 2 and gzip.decompress(packed) == raw


def test_enable_writes_the_server_config(tmp_path):
    path = server.enable(str(tmp_path))
    assert path == tmp_path / "etc/jupyter/jupyter_server_config.d/immunolib.json"
    assert json.loads(path.read_text()) == {"ServerApp": {"jpserver_extensions": {"immunolib.server": True}}}


def test_the_packaged_config_enables_the_same_extension():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    packaged = json.loads((root / "jupyter-config/jupyter_server_config.d/immunolib.json").read_text())
    assert packaged == {"ServerApp": {"jpserver_extensions": {"immunolib.server": True}}}
    assert "jupyter-config/jupyter_server_config.d/immunolib.json" in (root / "pyproject.toml").read_text()


def test_extension_points():
    assert server._jupyter_server_extension_points() == [{"module": "immunolib.server"}]


def test_handler_serves_the_bundle_cached_and_compressed():
    pytest.importorskip("jupyter_server")
    from unittest import mock

    from tornado import web
    from tornado.httputil import HTTPHeaders

    handler_cls = server._handler_class()
    handler = handler_cls.__new__(handler_cls)
    headers, body = {}, []
    handler.request = mock.Mock(headers=HTTPHeaders({"Accept-Encoding": "gzip, deflate"}))
    handler.set_header = lambda k, v: headers.__setitem__(k, v)
    handler.write = body.append
    handler._send(server.plotly.__version__, include_body=True)
    assert headers["Content-Encoding"] == "gzip" and "immutable" in headers["Cache-Control"]
    assert headers["Content-Type"].startswith("text/javascript")
    assert gzip.decompress(body[0]) == server.bundle_path().read_bytes()
    with pytest.raises(web.HTTPError) as err:
        handler._send("0.0.0", include_body=True)
    assert err.value.status_code == 404


def test_browser_to_python_messages_are_not_echoed_back():
    # ipywidgets 8 echoes browser updates back to the browser unless the trait says otherwise; a trace delta
    # holds whole arrays, so echoing it doubled the bytes of an interaction.
    fig = figure_widget(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])))
    for name in (
        "_js2py_traceDeltas",
        "_js2py_layoutDelta",
        "_js2py_restyle",
        "_js2py_relayout",
        "_js2py_update",
        "_js2py_pointsCallback",
    ):
        assert fig.trait_metadata(name, "echo_update") is False, name
        assert fig.trait_metadata(name, "sync") is True, name
