"""Build the whole course as a static site that works from a folder with no network (``make html``).

Usage: python scripts/build_site.py [--out site] [notebooks/*.ipynb]

Each notebook is executed afresh (nbclient) in a kernel where every app is shown as its kernel-free copy
(``immunolib.widgets.offline``: precomputed scenarios switched by plotly's own menu, with the text
alternative following), then exported to HTML with nbconvert. plotly.js is copied ONCE into the site and
loaded from there by every page; every reference to a CDN (MathJax, require.js, widget renderers) is
removed, so nothing is fetched from the network. The result is a folder to open locally or to copy to any
static web host (GitHub Pages, Netlify, a university web server, a USB stick).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
from html import escape
from pathlib import Path

import nbformat
import plotly
import plotly.io as pio
from nbclient import NotebookClient
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parents[1]
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PLOTLY_JSON = "application/vnd.plotly.v1+json"
SETUP = (
    "from immunolib.widgets.offline import enable as _immunolib_offline\n_immunolib_offline()\ndel _immunolib_offline"
)
#: nbconvert's lab theme draws prompts and some code colours below WCAG AA contrast on the page's own
#: background; these darker values keep the same hues. Links are underlined (not told apart by colour alone).
ACCESSIBLE_CSS = """<style>
:root { --jp-cell-inprompt-font-color: #1f5f99; --jp-cell-outprompt-font-color: #a0401f;
  --jp-mirror-editor-number-color: #006400; --jp-mirror-editor-operator-color: #7a1fc2;
  --jp-mirror-editor-keyword-color: #006400; --jp-mirror-editor-builtin-color: #006400;
  --jp-mirror-editor-string-color: #a1111b; --jp-mirror-editor-comment-color: #2f6a6a;
  --jp-mirror-editor-def-color: #0030c0; --jp-mirror-editor-meta-color: #7a1fc2;
  --jp-mirror-editor-variable-2-color: #05528a; --jp-mirror-editor-attribute-color: #0030c0; }
a { text-decoration: underline; }
.jp-InputPrompt, .jp-OutputPrompt { color: #555555 !important; opacity: 1 !important; }
</style>"""
#: Any external resource a page could ask the network for.
EXTERNAL = re.compile(
    r"""<(script|link)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?//[^>]*>(\s*</script>)?""", re.IGNORECASE
)


def execute(path: Path) -> nbformat.NotebookNode:
    """Run the notebook with apps shown as kernel-free copies; return it with fresh outputs."""
    nb = nbformat.read(path, as_version=4)
    setup = nbformat.v4.new_code_cell(SETUP)
    nb.cells.insert(0, setup)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        allow_errors=False,
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    nb.cells.pop(0)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data")
            if not data:
                continue
            if WIDGET_VIEW in data and "text/html" in data:
                del data[WIDGET_VIEW]
            elif WIDGET_VIEW in data:  # a widget without a kernel-free copy: say so instead of an empty box
                del data[WIDGET_VIEW]
                data["text/html"] = (
                    "<p class='immunolib-needs-kernel'><em>This interactive needs a running "
                    "Python kernel: open the notebook in JupyterLab or on Binder.</em></p>"
                )
            if PLOTLY_JSON in data:
                fig = data.pop(PLOTLY_JSON)
                data["text/html"] = pio.to_html(
                    fig, include_plotlyjs=False, full_html=False, config={"responsive": True, "displaylogo": False}
                )
    return nb


def export(nb: nbformat.NotebookNode, title: str) -> str:
    """HTML of one lesson page: nbconvert's lab template, no CDN, plotly.js from the site's own file."""
    exporter = HTMLExporter(template_name="lab")
    for trait in (
        "mathjax_url",
        "require_js_url",
        "jquery_url",
        "widget_renderer_url",
        "jupyter_widgets_base_url",
        "mermaid_js_url",
        "mermaid_layout_elk_js_url",
    ):
        if exporter.has_trait(trait):
            setattr(exporter, trait, "")
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    body = EXTERNAL.sub("", body)
    body = re.sub(r"<script[^>]*\bsrc\s*=\s*[\"']\s*[\"'][^>]*>\s*</script>", "", body)  # emptied src
    nav = (
        "<nav aria-label='Course' style='padding:8px 16px;border-bottom:1px solid #ddd;font-family:sans-serif'>"
        "<a href='index.html'>← All lessons</a></nav>"
    )
    body = body.replace("<head>", '<head>\n<script src="plotly.min.js" charset="utf-8"></script>', 1)
    body = body.replace("</head>", ACCESSIBLE_CSS + "\n</head>", 1)
    body = re.sub(r"(<body[^>]*>)", r"\1" + nav, body, count=1)
    return body


def index_page(lessons: list[tuple[str, str]]) -> str:
    items = "".join(f"<li><a href='{escape(href)}'>{escape(title)}</a></li>" for href, title in lessons)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>The immune system and cancer immunotherapy — offline course</title></head>"
        "<body style='font-family:sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5'>"
        "<main><h1>The immune system and cancer immunotherapy</h1>"
        "<p>An offline copy of the course. Every figure stays interactive (zoom, hover), and every simulation "
        "comes with precomputed scenarios that you choose from the menu above its figure. To change a model's "
        "settings freely, open the notebooks in JupyterLab or on Binder.</p>"
        f"<ol>{items}</ol></main></body></html>"
    )


def title_of(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if m:
                return m.group(1).strip()
    return fallback


def build(notebooks: list[Path], out: Path) -> dict:
    """Build the site into ``out`` (replaced); return a summary with page sizes."""
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy(PLOTLY_JS, out / "plotly.min.js")
    lessons, sizes = [], {}
    for path in notebooks:
        start = time.perf_counter()
        nb = execute(path)
        title = title_of(nb, path.stem)
        page = path.with_suffix(".html").name
        (out / page).write_text(export(nb, title), encoding="utf-8")
        lessons.append((page, title))
        sizes[page] = (out / page).stat().st_size
        print(f"  {page}: {sizes[page] / 1e6:.2f} MB in {time.perf_counter() - start:.1f} s", flush=True)
    (out / "index.html").write_text(index_page(lessons), encoding="utf-8")
    total = sum(p.stat().st_size for p in out.iterdir())
    summary = {"pages": sizes, "plotly_js": (out / "plotly.min.js").stat().st_size, "total": total}
    (out / "site.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "site"), help="folder to write (replaced)")
    parser.add_argument("notebooks", nargs="*", help="default: notebooks/*.ipynb")
    args = parser.parse_args(argv)
    notebooks = [Path(n) for n in args.notebooks] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    print(f"==> building the offline site from {len(notebooks)} notebook(s) into {args.out}")
    summary = build(notebooks, Path(args.out))
    print(
        f"done: {len(summary['pages'])} pages, {summary['total'] / 1e6:.1f} MB in all "
        f"(plotly.js {summary['plotly_js'] / 1e6:.1f} MB, once)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
