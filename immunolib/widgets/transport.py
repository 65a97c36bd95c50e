"""How a live figure reaches the browser: plotly's ``FigureWidget`` with a 7 KB front-end module.

A stock ``go.FigureWidget`` (plotly >= 6, an anywidget) carries its whole front end — plotly.js plus the
widget, about 5 MB — in the state of every instance: 5 MB per app over the kernel's websocket, 15–26 MB to
run a lesson. :class:`LiveFigure` is the same widget (same Python API, same ``on_click``, same in-place
updates) whose front-end module is :data:`FRONT_END`, a small ES module that

1. ``import()``\\ s plotly's unchanged ``widgetbundle.js`` from the URL that the Jupyter server extension
   :mod:`immunolib.server` serves (``<base_url>immunolib/plotly/<version>/widgetbundle.js``): fetched once
   per page, cached by the browser, shared by every figure of the page;
2. if that fails (VS Code, Colab, a server without the extension), asks the kernel for the bundle once per
   page over the widget's comm and imports it from memory (a ``console.warn`` says so) — slower, never
   broken;
3. makes the figure responsive: a ``ResizeObserver`` re-fits the figure to its container whenever the
   notebook's width changes (window resized, file browser opened), unless the figure sets ``layout.width``.
   (plotly's anywidget view draws the figure before it is attached to the page, so plotly.js falls back to
   its 700 px default width and never looks again; ``autosize`` in the layout cannot fix that.) A title too
   long for a narrow notebook is drawn in a smaller font (down to 11 px) instead of being cut off;
4. draws updates that arrive faster than the figure can draw them together: a slider moved three steps with
   the keyboard sends three updates, and plotly.js redraws the whole figure for each (20-40 ms apiece); the
   ones waiting when the figure is free are merged into one ``Plotly.update`` (issue 8). Every update is
   still applied to the figure's model; only the drawing of the intermediate states is skipped. What plotly.js
   filled in (sent back to Python after each update) is worked out after the figure is drawn, not before.

The browser tests fail when step 2 happens in JupyterLab (the extension must be enabled there) and when a
figure shows "Click to show javascript error".
"""

from __future__ import annotations

import json
import logging

import plotly.graph_objects as go
from plotly.serializers import custom_serializers
from traitlets import Dict

from immunolib.server import BUNDLE_ROUTE, bundle_bytes

__all__ = ["LiveFigure", "FRONT_END", "front_end", "FALLBACK_WARNING"]

log = logging.getLogger("immunolib.widgets")

#: What the front end writes to the browser console when it falls back to the kernel (the browser tests
#: look for it).
FALLBACK_WARNING = "[immunolib] plotly widget bundle not served by the Jupyter server"

_REQUEST = "immunolib-plotly-bundle-request"
_REPLY = "immunolib-plotly-bundle"

_JS = r"""
// immunolib: plotly's FigureWidget front end, loaded once per page (see immunolib/widgets/transport.py).
const ROUTE = __ROUTE__;

function serverUrl() {
  const node = document.getElementById("jupyter-config-data");
  if (!node) throw new Error("no Jupyter server configuration in this page");
  const base = JSON.parse(node.textContent).baseUrl;
  if (!base) throw new Error("the page names no Jupyter server base URL");
  return new URL(base.replace(/\/*$/, "/") + ROUTE, window.location.href).href;
}

function fromKernel(model) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the kernel did not send plotly's widget bundle")), 120000);
    const onMsg = async (msg, buffers) => {
      if (!msg || msg.type !== __REPLY__) return;
      clearTimeout(timer);
      model.off("msg:custom", onMsg);
      try {
        const url = URL.createObjectURL(new Blob([buffers[0]], { type: "text/javascript" }));
        resolve(await import(/* webpackIgnore: true */ url));
      } catch (err) { reject(err); }
    };
    model.on("msg:custom", onMsg);
    model.send({ type: __REQUEST__ });
  });
}

const SERVER = Symbol.for("immunolib.plotly-widget.server:" + ROUTE);
const KERNEL = Symbol.for("immunolib.plotly-widget.kernel:" + ROUTE);

function fromServer() {
  // One import per page, shared by every figure; null when the server does not serve the bundle.
  if (!globalThis[SERVER]) {
    globalThis[SERVER] = import(/* webpackIgnore: true */ serverUrl()).catch((err) => {
      console.warn(__WARNING__ + " (" + err + "); asking the kernel for it once for this page");
      return null;
    });
  }
  return globalThis[SERVER];
}

function fromKernelOnce(model) {
  // Only from render(): JupyterLab handles a kernel's messages one after the other, and the message that
  // creates this widget waits for initialize(), so a reply awaited there would never be read.
  if (!globalThis[KERNEL]) {
    const pending = fromKernel(model);
    globalThis[KERNEL] = pending;
    pending.catch(() => { if (globalThis[KERNEL] === pending) delete globalThis[KERNEL]; });
  }
  return globalThis[KERNEL];
}

function remember(mod) {
  // Keep a handle on each plotly view, so that a resize can ask it to re-fit (and tell Python).
  const proto = mod.FigureView && mod.FigureView.prototype;
  if (!proto || proto.__immunolib) return;
  const render = proto.perform_render;
  proto.perform_render = function (...args) { this.el.__immunolibView = this; return render.apply(this, args); };
  coalesce(proto);
  afterDrawing(proto, "_sendTraceDeltas");
  afterDrawing(proto, "_sendLayoutDelta");
  proto.__immunolib = true;
}

// After each update plotly's view works out what plotly.js filled in (every trace's defaults) and sends it to
// Python, synchronously, before plotly.js reports the figure drawn. It is sent in the next task instead, the
// latest only (Python keeps only the latest: its edit id).
function afterDrawing(proto, name) {
  const send = proto[name];
  if (typeof send !== "function") return;
  const pending = Symbol(name);
  proto[name] = function (editId) {
    if (this[pending]) { this[pending].editId = editId; return; }
    const job = (this[pending] = { editId });
    setTimeout(() => {
      this[pending] = null;
      if (this.el && this.el._fullLayout) send.call(this, job.editId);
    }, 0);
  };
}

// Updates that reach a figure before it could draw the first (a slider moved three steps with the keyboard
// sends three, each a full plotly.js redraw of 20-40 ms) are drawn together, as one Plotly.update. The
// figure's model still applies every message; only the drawing of the intermediate states is skipped.
function coalesce(proto) {
  const update = proto.do_update;
  if (typeof update !== "function") return;
  proto.do_update = function () {
    const msg = this.model.get("_py2js_update");
    if (msg === null || msg === undefined) return;
    const queue = this.__immunolibUpdates || (this.__immunolibUpdates = []);
    queue.push(msg);
    if (queue.length === 1) setTimeout(() => drawUpdates(this, update), 0);
  };
  // Any other change (restyle, relayout, new traces...) first draws the updates waiting before it.
  for (const name of Object.getOwnPropertyNames(proto)) {
    const original = proto[name];
    if (!name.startsWith("do_") || name === "do_update" || typeof original !== "function") continue;
    proto[name] = function (...args) {
      drawUpdates(this, update);
      if (name === "do_restyle") {
        const msg = this.model.get("_py2js_restyle");
        if (msg && msg.restyle_data) quietMarker(msg.restyle_data);
      }
      return original.apply(this, args);
    };
  }
}

function drawUpdates(view, update) {
  const queue = view.__immunolibUpdates;
  if (!queue || !queue.length) return;
  view.__immunolibUpdates = [];
  const model = view.model;
  for (const msg of mergeUpdates(queue, (t) => model._normalize_trace_indexes(t))) {
    const quiet = Object.assign({}, msg, { style_data: quietMarker(Object.assign({}, msg.style_data || {})) });
    model.get = (name) => (name === "_py2js_update" ? quiet : Object.getPrototypeOf(model).get.call(model, name));
    try { update.call(view); } finally { delete model.get; }
  }
}

// plotly's view marks the style it passes to Plotly.update/restyle with `_doNotReportToPy = true`, so that the
// event plotly.js emits is not sent back to Python. plotly.js takes that key for a trace attribute it does not
// know, and an unknown attribute makes it recalculate and redraw the whole figure, for every trace (an empty
// trace list means all of them): every update from Python was a full redraw, even a colour change. The
// marker set on this object becomes `[undefined]`: still a key of the event (so nothing is echoed to Python),
// but a value plotly.js skips for every trace.
function quietMarker(style) {
  Object.defineProperty(style, "_doNotReportToPy", {
    configurable: true, enumerable: false,
    set() {
      Object.defineProperty(this, "_doNotReportToPy", {
        value: [undefined], enumerable: true, writable: true, configurable: true,
      });
    },
  });
  return style;
}

function related(a, b) {
  // Two property paths of which one is inside the other ("marker" and "marker.size", "annotations" and
  // "annotations[2].text"): plotly would apply them in an order that one message does not fix.
  if (a === b) return false;
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  return l.startsWith(s) && (l[s.length] === "." || l[s.length] === "[");
}

function mergeUpdates(queue, traceIndexes) {
  const groups = [];
  let group = null;
  for (const msg of queue) {
    const indexes = traceIndexes(msg.style_traces);
    const style = msg.style_data || {}, layout = msg.layout_data || {};
    const clash = !group || Object.keys(layout).some((k) => Object.keys(group.layout).some((g) => related(k, g)))
      || Object.keys(style).some((k) => indexes.some((t) => group.traces.has(t)
        && Object.keys(group.traces.get(t)).some((g) => related(k, g))));
    if (clash) groups.push(group = { traces: new Map(), layout: {}, last: msg });
    group.last = msg;
    for (const [prop, values] of Object.entries(style)) {
      if (prop === "_doNotReportToPy") continue;
      indexes.forEach((t, k) => {
        const value = Array.isArray(values) ? values[k % values.length] : values;
        if (value === undefined) return;
        if (!group.traces.has(t)) group.traces.set(t, {});
        group.traces.get(t)[prop] = value;
      });
    }
    Object.assign(group.layout, layout);
  }
  if (queue.length === 1) return queue;
  return groups.map(({ traces, layout, last }) => {
    const order = [...traces.keys()].sort((a, b) => a - b), style = {};
    order.forEach((t, k) => {
      for (const [prop, value] of Object.entries(traces.get(t))) {
        if (!style[prop]) style[prop] = new Array(order.length).fill(undefined);
        style[prop][k] = value;
      }
    });
    return { style_data: style, layout_data: layout, style_traces: order,
             trace_edit_id: last.trace_edit_id, layout_edit_id: last.layout_edit_id };
  });
}

function fit(el) {
  const view = el.__immunolibView, layout = el._fullLayout;
  if (!view || !layout || !el.isConnected || el.clientWidth < 50) return;
  if (Math.abs(layout.width - el.clientWidth) < 1) return;
  view.autosizeFigure();  // no-op when the figure has a fixed layout.width
}

function fitTitle(el) {
  // A long title in a narrow notebook: shrink its font (down to 11 px) until it fits the figure. Only the
  // drawing changes; the next plotly redraw starts again from the figure's own size.
  const title = el.querySelector(".g-gtitle .gtitle"), svg = el.querySelector(".main-svg");
  if (!title || !svg) return;
  title.style.fontSize = "";
  const room = svg.getBoundingClientRect().right - 4;
  let size = parseFloat(getComputedStyle(title).fontSize) || 18;
  while (title.getBoundingClientRect().right > room && size > 11) {
    size -= 1;
    title.style.fontSize = size + "px";
  }
}

export default () => {
  let inner = null, initCtx = null;
  function start(mod, ctx) {
    remember(mod);
    inner = mod.default();
    return inner.initialize(ctx);
  }
  return {
    async initialize(ctx) {
      initCtx = ctx;
      const mod = await fromServer();
      if (mod) return start(mod, ctx);
      // else: render() fetches the bundle from the kernel
    },
    async render(ctx) {
      if (!inner) await start(await fromKernelOnce(ctx.model), initCtx || ctx);
      const el = ctx.el;
      el.classList.add("immunolib-figure");
      el.style.width = "100%";
      el.style.minWidth = "0";
      const cleanup = inner.render(ctx);
      // The title is fitted once per frame, before it is painted, not inside each plotly event (it measures
      // the page: two forced layouts of the whole notebook per update).
      let titleFrame = 0;
      if (typeof el.on === "function") {
        const refit = () => {
          cancelAnimationFrame(titleFrame);
          titleFrame = requestAnimationFrame(() => fitTitle(el));
        };
        for (const event of ["plotly_afterplot", "plotly_relayout", "plotly_update"]) el.on(event, refit);
      }
      let frame = 0;
      const observer = new ResizeObserver(() => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => fit(el));
      });
      observer.observe(el);
      return () => {
        observer.disconnect();
        cancelAnimationFrame(frame);
        cancelAnimationFrame(titleFrame);
        if (typeof cleanup === "function") cleanup();
      };
    },
  };
};
"""


def front_end(route: str = BUNDLE_ROUTE) -> str:
    """The small ES module every :class:`LiveFigure` sends instead of plotly's 5 MB bundle.

    Example
    -------
    >>> len(front_end()) < 8_000
    True
    """
    # Comments and indentation are for readers of this file; every figure sends the module, so they stay here.
    head, *body = _JS.lstrip("\n").split("\n")
    js = "\n".join([head] + [line.lstrip() for line in body if not line.lstrip().startswith("//")])
    return (
        js.replace("__ROUTE__", json.dumps(route))
        .replace("__REPLY__", json.dumps(_REPLY))
        .replace("__REQUEST__", json.dumps(_REQUEST))
        .replace("__WARNING__", json.dumps(FALLBACK_WARNING))
    )


#: The module of :class:`LiveFigure`.
FRONT_END = front_end()


def _send_bundle(widget, content, buffers) -> None:
    """Reply to a front end that could not load the bundle from the server (step 2 above)."""
    if isinstance(content, dict) and content.get("type") == _REQUEST:
        log.info("sending plotly's widget bundle over the comm (no immunolib server extension in this front end)")
        widget.send({"type": _REPLY}, buffers=[bundle_bytes()])


def _no_echo():
    # Messages the browser sends to Python (trace and layout deltas after every redraw, clicks): ipywidgets 8
    # echoes every such update back to the browser ("echo_update"), and a trace delta holds the full arrays
    # of each restyled trace, so the echo can be larger than the change itself. Python consumes these
    # messages and no view needs them back.
    return Dict(allow_none=True).tag(sync=True, echo_update=False, **custom_serializers)


class LiveFigure(go.FigureWidget):
    """A ``go.FigureWidget`` whose front end is loaded once per page (see the module docstring)."""

    _esm = FRONT_END
    _js2py_traceDeltas = _no_echo()
    _js2py_layoutDelta = _no_echo()
    _js2py_restyle = _no_echo()
    _js2py_relayout = _no_echo()
    _js2py_update = _no_echo()
    _js2py_pointsCallback = _no_echo()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.on_msg(_send_bundle)
