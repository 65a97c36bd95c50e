"""Lesson 02 'The cells of the immune system': its data, figures and apps."""

import pytest

from immunolib import content
from immunolib.content import Content, Record
from immunolib.figures import cells as fc
from immunolib.widgets.cells import CellExplorer, LineageExplorer, ResponseStepper, SignalNetwork

SEED = ["b_cell", "cd4_t_cell", "cd8_t_cell", "dendritic_cell", "macrophage", "treg", "antibody", "cytokine"]


def node(id, parent, **kw):
    return Record(
        {
            "id": id,
            "name": id.title(),
            "short_name": id,
            "parent": parent,
            "lineage": "myeloid",
            "where": ("bone_marrow",),
            "summary": "s",
            "sources": ("murphy2022",),
            **kw,
        }
    )


# --- the data -------------------------------------------------------------------------------------


def test_lineage_and_responses_load_and_cross_check():
    c = Content().check()
    assert {"lineage", "responses"} <= set(c.collection_names())
    assert c.record("lineage", "hsc").parent is None


def test_lineage_tree_is_textbook():
    nodes = fc.lineage_nodes()
    path = lambda n: fc.lineage_path(nodes, n)  # noqa: E731
    assert path("macrophage") == ("hsc", "cmp", "monocyte", "macrophage")
    assert path("neutrophil") == ("hsc", "cmp", "neutrophil")
    assert path("plasma_cell") == ("hsc", "clp", "b_cell", "plasma_cell")
    for t in ("cd4_t_cell", "cd8_t_cell", "treg"):
        assert path(t) == ("hsc", "clp", "t_precursor", t)
    assert path("nk_cell") == ("hsc", "clp", "nk_cell")
    dc = content.record("lineage", "dendritic_cell")
    assert dc.parent == "cmp" and "clp" in dc.also_from  # honest: either progenitor
    assert content.record("lineage", "t_precursor").where == ("thymus",)
    assert content.record("lineage", "hsc").where == ("bone_marrow",)
    # every cell of the course (not the molecules) is a node of the tree
    in_tree = {n.get("cell") for n in nodes}
    assert {c.id for c in content.cells(kind="cell")} <= in_tree


def test_every_seed_component_and_nk_neutrophil_is_in_the_explorer():
    app = CellExplorer()
    values = [v for _, v in app.chooser.options]
    assert set(SEED + ["nk_cell", "neutrophil", "plasma_cell", "monocyte", "hsc"]) <= set(values)


def test_response_story_follows_the_textbook_order():
    r = content.record("responses", "virus_in_skin")
    first_step = {}
    for i, s in enumerate(r.steps):
        for c in s.cells:
            first_step.setdefault(c, i)
    order = ["dendritic_cell", "cd4_t_cell", "b_cell", "antibody"]
    assert [first_step[c] for c in order] == sorted(first_step[c] for c in order)
    wheres = [s.where for s in r.steps]
    assert wheres[0] == "skin" and "lymph_node" in wheres
    assert "memory" in r.steps[-1].title.lower()
    melanoma = content.record("responses", "melanoma_in_skin")
    assert any("cross-presentation" in s.text for s in melanoma.steps)


def test_seed_errors_are_not_repeated():
    texts = [s.text for r in content.collection("responses") for s in r.steps]
    texts += [n.summary for n in fc.lineage_nodes()]
    assert not any("thousands" in t for t in texts)


# --- the family tree -------------------------------------------------------------------------------


def test_lineage_layout_places_root_on_top_and_parents_above_children():
    nodes = fc.lineage_nodes()
    pos = fc.lineage_layout(nodes)
    assert pos["hsc"][1] == 0 and all(y <= 0 for _, y in pos.values())
    for n in nodes:
        if n.parent:
            assert pos[n.parent][1] > pos[n.id][1]
    assert pos["cmp"][0] < pos["clp"][0]  # myeloid on the left, lymphoid on the right


@pytest.mark.parametrize(
    "nodes, message",
    [
        ([node("a", None), node("b", None)], "exactly one node with parent: null"),
        ([node("a", None), node("b", "zzz")], "names parent 'zzz'"),
        ([node("a", None), node("b", "c"), node("c", "b")], "loop"),
    ],
)
def test_broken_trees_are_clear_errors(nodes, message):
    with pytest.raises(ValueError, match=message):
        fc.lineage_layout(nodes)


def test_lineage_tree_is_deterministic_and_highlights_the_path():
    a = fc.lineage_tree(selected="cd8_t_cell")
    assert a.to_json() == fc.lineage_tree(selected="cd8_t_cell").to_json()
    by_meta = {t.meta: t for t in a.data if t.meta}
    assert by_meta["node:cd8_t_cell"].marker.size > by_meta["node:cd4_t_cell"].marker.size
    assert by_meta["node:cd8_t_cell"].marker.line.width > by_meta["node:b_cell"].marker.line.width
    assert by_meta["edge:tree:t_precursor>cd8_t_cell"].line.width > by_meta["edge:tree:cmp>neutrophil"].line.width
    assert by_meta["node:neutrophil"].opacity < 1
    assert by_meta["edge:also:clp>dendritic_cell"].line.dash == "dash"
    assert "CD8+" in a.layout.title.text


def test_producers_of_a_molecule_are_highlighted():
    nodes = fc.lineage_nodes()
    focus, producers = fc.lineage_focus(nodes, content.cell("antibody"))
    assert focus is None and set(producers) == {"plasma_cell", "b_cell"}
    fig = fc.lineage_tree(nodes, None, producers, molecule="antibody")
    sizes = {t.meta: t.marker.size for t in fig.data if (t.meta or "").startswith("node:")}
    assert sizes["node:plasma_cell"] == sizes["node:b_cell"] == max(sizes.values())
    assert "antibody" in fig.layout.title.text
    assert "plasma cell" in fc.describe_lineage(nodes, None, producers, "antibody").lower()


def test_unknown_node_is_a_clear_error():
    with pytest.raises(KeyError, match="no node 'dc' in the family tree"):
        fc.lineage_tree(selected="dc")


def test_lineage_description_mentions_both_branches_and_the_dashed_origins():
    text = fc.describe_lineage(selected="treg")
    assert "myeloid" in text.lower() and "lymphoid" in text.lower()
    assert "dashed" in text.lower() and "thymus" in text


def test_node_card_escapes_data_text():
    n = node("x", None, summary="<script>alert(1)</script>")
    html = fc.lineage_node_html(n, [n])
    assert "<script>" not in html and "&lt;script&gt;" in html


# --- the signalling network ------------------------------------------------------------------------


def test_edges_come_from_signals_to_and_made_by():
    edges = fc.signal_edges()
    keys = {(e.key, e.kind) for e in edges}
    for c in content.cells():
        for s in c.signals_to:
            assert (f"{c.id}>{s.to}", "signal") in keys
        for m in c.made_by:
            assert (f"{m}>{c.id}", "makes") in keys


def test_short_signal_labels():
    assert fc.short_signal("IFN-γ, which activates macrophages.") == "IFN-γ"
    assert fc.short_signal("a " * 40).endswith("…")
    assert len(fc.short_signal("word " * 40, 20)) <= 21


def test_network_highlights_outgoing_solid_and_incoming_dashed_with_labels():
    fig = fc.signal_network(selected="cd4_t_cell")
    lines = {t.meta: t for t in fig.data if (t.meta or "").startswith("edge:")}
    out = lines["edge:cd4_t_cell>cd8_t_cell"]
    inc = lines["edge:dendritic_cell>cd4_t_cell"]
    other = lines["edge:monocyte>neutrophil"]
    assert out.line.dash == "solid" and inc.line.dash == "dash"
    assert out.line.width > other.line.width and inc.line.width > other.line.width
    labels = [a.text for a in fig.layout.annotations if (a.name or "").startswith("label:") and a.visible]
    n_edges = sum(1 for e in fc.signal_edges() if "cd4_t_cell" in (e.source, e.target))
    assert len(labels) == n_edges
    assert any("IL-2" in t for t in labels)
    assert sorted(int(t.split()[0]) for t in labels) == list(range(1, n_edges + 1))


def test_network_is_deterministic_and_none_resets():
    a = fc.signal_network(selected="treg").to_json()
    assert a == fc.signal_network(selected="treg").to_json()
    fig = fc.highlight_signals(fc.signal_network(selected="treg"), None, None)
    assert not any(a.visible for a in fig.layout.annotations if (a.name or "").startswith("label:"))
    assert {t.opacity for t in fig.data if (t.meta or "").startswith("node:")} == {1.0}


def test_network_leaves_out_cells_without_arrows_and_rejects_them():
    fig = fc.signal_network()
    nodes = {t.meta for t in fig.data if (t.meta or "").startswith("node:")}
    assert "node:hsc" not in nodes and "node:cytokine" in nodes
    with pytest.raises(KeyError, match="has no arrows"):
        fc.highlight_signals(fig, None, "hsc")


def test_network_description_and_list_name_the_signals():
    text = fc.describe_signals(selected="treg")
    assert "Regulatory T cell" in text and "CTLA-4" in text and "sends to" in text
    html = fc.signal_list_html(selected="treg")
    assert "CTLA-4" in html and "dashed arrow" in html and "<ol" in html


# --- the response stepper --------------------------------------------------------------------------


def test_response_chart_moves_the_highlight_in_place():
    r = content.record("responses", "virus_in_skin")
    fig = fc.response_chart(r, 1)
    assert fig.to_json() == fc.response_chart(r, 1).to_json()
    fc.show_step(fig, r, 3)
    assert fig.layout.shapes[0].x0 == pytest.approx(2.55)
    dc = next(t for t in fig.data if t.meta == "cell:dendritic_cell")
    big = [x for x, s in zip(dc.x, dc.marker.size) if s == max(dc.marker.size)]
    assert big == [3]
    assert fig.layout.title.text.startswith("Step 3 of 9")


@pytest.mark.parametrize("bad", [0, 10, 2.5, True, "3"])
def test_step_out_of_range_is_a_clear_error(bad):
    r = content.record("responses", "virus_in_skin")
    with pytest.raises(ValueError, match="step must be a whole number from 1 to 9"):
        fc.response_chart(r, bad)


def test_step_text_alternative_and_card():
    r = content.record("responses", "virus_in_skin")
    assert "lymph node" in fc.describe_step(r, 3) and "dendritic cell" in fc.describe_step(r, 3)
    assert "Step 3 of 9" in fc.step_html(r, 3)


# --- the apps --------------------------------------------------------------------------------------


def test_cell_explorer_card_and_title_follow_the_choice():
    app = CellExplorer(selected="b_cell")
    fig, traces = app.figure, list(app.figure.data)
    app.chooser.value = "cd8_t_cell"
    assert "perforin" in app.card.value.lower()
    assert app.figure is fig and list(app.figure.data) == traces  # updated, not rebuilt
    app.chooser.value = "cytokine"
    assert "make cytokines" in app.figure.layout.title.text
    assert "immunolib-control" in app.chooser._dom_classes
    assert repr(app) == "CellExplorer(selected='cytokine')"


def test_lineage_explorer_dropdown_and_click():
    app = LineageExplorer(selected="hsc")
    app.chooser.value = "t_precursor"
    assert "Thymus" in app.info.value
    trace = next(t for t in app.figure.data if t.meta == "node:nk_cell")

    class Points:
        point_inds = [0]

    app._on_click(trace, Points(), None)
    assert app.selected == "nk_cell" and repr(app) == "LineageExplorer(selected='nk_cell')"


def test_signal_network_none_resets():
    app = SignalNetwork()
    assert app.selected == "cd4_t_cell"
    app.chooser.value = SignalNetwork._NONE
    assert app.selected is None and "Choose a cell" in app.details.value
    assert repr(app) == "SignalNetwork(selected=None)"


def test_response_stepper_buttons_and_slider():
    app = ResponseStepper("virus_in_skin")
    assert app.prev_button.disabled and not app.next_button.disabled
    text = app.text.value
    app.next_button.click()
    assert app.step == 2 and app.text.value != text
    app.slider.value = 9
    assert app.next_button.disabled
    app.next_button.click()
    assert app.step == 9
    app.prev_button.click()
    assert app.step == 8 and repr(app) == "ResponseStepper('virus_in_skin', step=8)"
    assert "immunolib-control" in app.next_button._dom_classes


def test_quiz_has_six_to_eight_mixed_questions_with_feedback():
    quiz = content.quiz("02_cells_of_the_immune_system")
    assert 6 <= len(quiz.questions) <= 8
    kinds = {q.kind for q in quiz.questions}
    assert kinds == {"single", "multiple"}
    for q in quiz.questions:
        for o in q.options:
            assert o.feedback
            if not o.correct:
                assert any(w in o.feedback.lower() for w in ("no", "not", "wrong")), o.feedback


def test_network_arrows_use_the_datas_short_labels():
    from immunolib.figures.cells import signal_edges

    edges = [e for e in signal_edges() if e.kind == "signal"]
    dc_cd4 = next(e for e in edges if e.source == "dendritic_cell" and e.target == "cd4_t_cell")
    assert dc_cd4.short(18) == content.cell("dendritic_cell").signals_to[0].label


def test_macrophage_card_names_both_origins():
    """Issue 7: tissue macrophages come partly from precursors that settled before birth (Ginhoux 2016)."""
    from immunolib import content
    from immunolib.figures.cards import cell_card

    cell = content.cell("macrophage")
    assert "yolk sac" in cell.origin_before_birth and "ginhoux2016" in cell.sources
    html = cell_card(cell)
    assert "Bone marrow; before birth: yolk sac and fetal liver" in html
