"""Stored notebooks follow DESIGN.md: small, no widget state, run in order, no errors, one H1, the skeleton."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
REQUIRED_SECTIONS = ["Overview", "Check your understanding", "Summary", "What's next", "References"]


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no .ipynb: nbval and the browser tests would test nothing"


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def markdown(nb):
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb_path(request):
    return request.param


def test_name_pattern(nb_path):
    assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", nb_path.name)


def test_size_budget(nb_path):
    assert nb_path.stat().st_size <= 1_000_000, f"{nb_path.name} is {nb_path.stat().st_size / 1e6:.2f} MB"


def test_no_widget_state(nb_path):
    assert "widgets" not in load(nb_path).get("metadata", {}), "strip metadata.widgets (make notebooks)"


def test_code_cells_executed_in_order(nb_path):
    code = [c for c in load(nb_path)["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    counts = [c["execution_count"] for c in code]
    assert None not in counts, "some code cells were stored without being run"
    assert counts == list(range(1, len(counts) + 1)), f"run top to bottom in a fresh kernel: {counts}"


def test_no_errors_or_stderr(nb_path):
    for i, c in enumerate(load(nb_path)["cells"]):
        for o in c.get("outputs", []):
            assert o["output_type"] != "error", f"cell {i}: {o.get('ename')}: {o.get('evalue')}"
            assert not (o["output_type"] == "stream" and o["name"] == "stderr"), f"cell {i} wrote to stderr"


def test_exactly_one_h1(nb_path):
    text = markdown(load(nb_path))
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    h1 = re.findall(r"^# \S", text, flags=re.M)
    assert len(h1) == 1, f"{len(h1)} H1 headings"


def test_skeleton_sections_in_order(nb_path):
    heads = [h.strip() for h in re.findall(r"^##\s+(.+)$", markdown(load(nb_path)), flags=re.M)]
    positions = []
    for s in REQUIRED_SECTIONS:
        hits = [i for i, h in enumerate(heads) if h.lower().startswith(s.lower())]
        assert hits, f"missing section '## {s}' (have: {heads})"
        positions.append(hits[0])
    assert positions == sorted(positions), f"sections out of order: {heads}"


def test_overview_has_objectives_time_and_prerequisites(nb_path):
    text = markdown(load(nb_path)).lower()
    for words in ("learning objectives", "time needed", "prerequisites"):
        assert words in text, f"the Overview must state '{words}'"


def test_plotly_renders_as_json_not_inline_javascript(nb_path):
    for c in load(nb_path)["cells"]:
        for o in c.get("outputs", []):
            html = "".join(o.get("data", {}).get("text/html", ""))
            assert "cdn.plot.ly" not in html and len(html) < 200_000, "use the plotly_mimetype renderer"


def test_code_cells_neither_read_data_nor_define_helpers(nb_path):
    """DESIGN.md: a notebook never reads data/ by path nor defines a helper that belongs in immunolib."""
    for i, c in enumerate(load(nb_path)["cells"]):
        if c["cell_type"] != "code":
            continue
        src = "".join(c["source"])
        assert "data/" not in src and "open(" not in src and "yaml" not in src, f"cell {i} reads data directly"
        assert not re.search(r"^\s*(def|class)\s", src, flags=re.M), f"cell {i} defines a helper: move it to immunolib"


def test_every_notebook_shows_an_interactive_app(nb_path):
    views = [
        o
        for c in load(nb_path)["cells"]
        for o in c.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert views, "every lesson has at least one interactive app"
