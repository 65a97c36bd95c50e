"""Figures and widgets of the 'innate vs adaptive at a glance' explorer."""

import json

from immunolib import content
from immunolib.figures import cards
from immunolib.figures.overview import branches_at_a_glance, describe_branches, select_component
from immunolib.widgets import InnateAdaptiveExplorer


def test_figure_has_one_trace_per_component_in_its_branch_column():
    fig = branches_at_a_glance()
    ids = [t.meta for t in fig.data]
    assert sorted(ids) == sorted(c.id for c in content.cells() if c.lineage != "none" or c.kind != "cell")
    assert "hsc" not in ids, "the stem cell is an ancestor, not a member of either branch"
    x_of = {t.meta: t.x[0] for t in fig.data}
    assert x_of["neutrophil"] < x_of["dendritic_cell"] < x_of["cd8_t_cell"]


def test_figure_is_deterministic():
    a = branches_at_a_glance(selected="b_cell").to_json()
    b = branches_at_a_glance(selected="b_cell").to_json()
    assert a == b


def test_selection_is_shown_by_size_outline_and_opacity_not_colour_alone():
    fig = branches_at_a_glance(selected="treg")
    sel = next(t for t in fig.data if t.meta == "treg")
    other = next(t for t in fig.data if t.meta == "b_cell")
    assert sel.marker.size > other.marker.size
    assert sel.marker.line.width > other.marker.line.width
    assert sel.opacity == 1 and other.opacity < 1
    assert sel.marker.color == branches_at_a_glance().data[[t.meta for t in fig.data].index("treg")].marker.color


def test_select_none_resets():
    fig = select_component(branches_at_a_glance(selected="treg"), None)
    assert {t.opacity for t in fig.data} == {1.0}


def test_text_alternative_names_the_selection():
    cells = content.cells()
    text = describe_branches(cells, "nk_cell")
    assert "Highlighted: " + content.cell("nk_cell").name in text
    assert "innate" in text and "adaptive" in text


def test_widget_drives_the_figure_and_card():
    app = InnateAdaptiveExplorer(selected="b_cell")
    before = json.dumps([t.marker.size for t in app.figure.data])
    alt_before, card_before = app.alt.value, app.card.value
    app.chooser.value = "nk_cell"  # what the dropdown does when a student picks
    after = json.dumps([t.marker.size for t in app.figure.data])
    assert before != after
    big = [t.meta for t in app.figure.data if t.marker.size == max(x.marker.size for x in app.figure.data)]
    assert big == ["nk_cell"]
    assert app.alt.value != alt_before and content.cell("nk_cell").name in app.alt.value
    assert app.card.value != card_before and content.cell("nk_cell").name in app.card.value
    assert "immunolib-control" in app.chooser._dom_classes
    assert repr(app) == "InnateAdaptiveExplorer(selected='nk_cell')"


def test_widget_rebuilds_nothing_on_change():
    app = InnateAdaptiveExplorer()
    fig, traces = app.figure, list(app.figure.data)
    app.chooser.value = "macrophage"
    assert app.figure is fig and list(app.figure.data) == traces


def test_clicking_a_marker_selects_it():
    app = InnateAdaptiveExplorer(selected="b_cell")
    trace = next(t for t in app.figure.data if t.meta == "treg")

    class Points:
        point_inds = [0]

    app._on_click(trace, Points(), None)
    assert app.selected == "treg"


def test_cell_card_shows_every_field():
    c = content.cell("cd8_t_cell")
    html = cards.cell_card(c)
    for label in (
        "What it does",
        "How it recognises",
        "Made in",
        "Matures in",
        "Markers",
        "Against cancer",
        "Common mistake",
    ):
        assert label in html


def test_problem_in_a_nested_callback_stays_visible(monkeypatch):
    app = InnateAdaptiveExplorer(selected="b_cell")

    def boom(*a, **k):
        raise RuntimeError("inner callback failed")

    monkeypatch.setattr(cards, "cell_card", boom)
    trace = next(t for t in app.figure.data if t.meta == "treg")

    class Points:
        point_inds = [0]

    app._on_click(trace, Points(), None)  # click -> sets the menu -> the menu's callback fails
    assert "inner callback failed" in app.status.value
