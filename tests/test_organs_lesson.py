"""Lesson 03: the body map of immune organs, the journey of a T cell, their data and their quiz."""

import json
import re
import shutil

import pytest
import yaml

from immunolib import content, theme
from immunolib.figures import body, cards
from immunolib.widgets.organs import BodyMap, TCellJourney
from immunolib.widgets.quiz import grade


def _organ_traces(fig):
    return {t.meta: t for t in fig.data if t.meta}


class Points:
    point_inds = [0]


# ---------------------------------------------------------------------------------------------- silhouette


def test_body_outline_is_one_closed_symmetric_path_inside_the_frame():
    path = body.body_outline_path()
    assert path.startswith("M ") and path.endswith(" Z") and path == body.body_outline_path()
    nums = [float(v) for v in re.findall(r"-?\d+\.\d+", path)]
    xs, ys = nums[0::2], nums[1::2]
    assert min(xs) > 0.2 and max(xs) < 0.8 and min(ys) > -0.02 and max(ys) < 0.9
    ends = [tuple(map(float, m.split(","))) for m in re.findall(r"(\d\.\d+,\d\.\d+)(?= C| Z)", path)]
    mirrored = {(round(1 - x, 3), round(y, 3)) for x, y in ends}
    assert mirrored == {(round(x, 3), round(y, 3)) for x, y in ends}
    shapes = body.body_outline_shape()
    assert [s["type"] for s in shapes] == ["path", "circle"] and all(s["layer"] == "below" for s in shapes)


# ---------------------------------------------------------------------------------------------- organ map


def test_organ_map_marks_every_organ_at_its_data_position_with_type_colour_and_symbol():
    organs = content.organs()
    fig = body.organ_map()
    traces = _organ_traces(fig)
    assert sorted(traces) == sorted(o.id for o in organs)
    for o in organs:
        t = traces[o.id]
        assert (t.x[0], t.y[0]) == (o.position.x, o.position.y)
        assert t.marker.color == theme.ORGAN_TYPE_COLORS[o.type]
        assert t.marker.symbol == body.ORGAN_TYPE_SYMBOLS[o.type]
    # colour is not the only carrier: one distinct symbol per type, and a legend in words
    assert len(set(body.ORGAN_TYPE_SYMBOLS.values())) == 3
    legend = [t.name for t in fig.data if t.showlegend]
    assert any("made here" in n for n in legend) and any("meet antigen" in n for n in legend)
    # every organ is labelled in words
    assert sorted(a.name for a in fig.layout.annotations) == sorted(o.id for o in organs)


def test_organ_map_is_deterministic_and_keeps_body_proportions():
    a, b = body.organ_map(selected="spleen").to_json(), body.organ_map(selected="spleen").to_json()
    assert a == b
    fig = body.organ_map()
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1


def test_labels_never_overlap_even_when_organs_crowd():
    crowded = [
        content.Organ(
            id=f"o{i}",
            name=f"Organ {i}",
            type="barrier",
            summary="s",
            what_happens="w",
            cells_develop=(),
            cells_meet=(),
            position=content.Position(0.4, 0.5 + i * 0.01),
            sources=("murphy2022",),
        )
        for i in range(6)
    ]
    fig = body.organ_map(crowded)
    ys = sorted(a.ay for a in fig.layout.annotations)
    assert all(b - a >= 0.06 for a, b in zip(ys, ys[1:]))
    assert all(a.ax < 0.5 and a.xanchor == "right" for a in fig.layout.annotations)


def test_selection_is_shown_by_size_outline_label_and_fading_not_colour():
    fig = body.organ_map(selected="thymus")
    traces = _organ_traces(fig)
    sel, other = traces["thymus"], traces["spleen"]
    assert sel.marker.size > other.marker.size and sel.marker.line.width > other.marker.line.width
    assert sel.opacity == 1 and other.opacity < 1
    assert sel.marker.color == body.organ_map().data[list(t.meta for t in fig.data).index("thymus")].marker.color
    label = next(a for a in fig.layout.annotations if a.name == "thymus")
    assert label.text.startswith("<b>") and label.font.size > 14
    reset = body.select_organ(fig, None)
    assert {t.opacity for t in reset.data if t.meta} == {1.0}
    assert not any(a.text.startswith("<b>") for a in reset.layout.annotations)


def test_organ_map_text_alternative_names_types_and_selection():
    organs = content.organs()
    text = body.describe_organ_map(organs, "bone_marrow")
    assert "primary lymphoid organs (diamonds)" in text and "barrier tissues (squares)" in text
    assert "Highlighted: " + content.organ("bone_marrow").name in text
    assert "Highlighted" not in body.describe_organ_map(organs)


def test_organ_table_lists_every_organ_grouped_by_type_and_escapes_text():
    html = body.organ_table()
    for o in content.organs():
        assert o.type_label in html
    evil = [
        content.Organ(
            id="x",
            name="<script>",
            type="barrier",
            summary="a & b",
            what_happens="w",
            cells_develop=(),
            cells_meet=(),
            position=content.Position(0.5, 0.5),
            sources=("murphy2022",),
        )
    ]
    out = body.organ_table(evil)
    assert "<script>" not in out and "&lt;script&gt;" in out and "a &amp; b" in out


# ---------------------------------------------------------------------------------------------- journey data


def test_journey_loads_and_every_step_has_a_place_on_the_body():
    j = body.journey("killer_t_cell")
    assert j.cell == "cd8_t_cell" and len(j.steps) >= 5
    places = body.journey_places(j)
    assert len(places) == len(j.steps)
    assert [p.key for p in places][:2] == ["bone_marrow", "thymus"]
    assert "lymph_node" in [p.key for p in places]
    assert all(0 <= p.x <= 1 and 0 <= p.y <= 1 for p in places)
    ids = [s.id for s in j.steps]
    assert len(set(ids)) == len(ids)
    for s in j.steps:
        assert s.sources and s.text and s.stage


def _data_copy(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(content.data_dir(), root)
    return root


def _edit_journey(root, edit):
    path = root / "journeys.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(doc["journeys"][0])
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_step_naming_an_unknown_organ_is_a_clear_error(tmp_path):
    root = _data_copy(tmp_path)
    _edit_journey(root, lambda j: j["steps"][1].update(where={"organ": "thymuss"}))
    with pytest.raises(content.ContentError, match=r"journeys\.yaml: entry 'killer_t_cell': .*'thymuss'.*organ"):
        content.Content(root).collection("journeys")


def test_a_free_place_without_a_position_is_a_clear_error(tmp_path):
    root = _data_copy(tmp_path)
    _edit_journey(root, lambda j: j["steps"][2].update(where={"place": "Blood"}))
    with pytest.raises(content.ContentError, match=r"journeys\.yaml: entry 'killer_t_cell'"):
        content.Content(root).collection("journeys")


def test_a_step_naming_an_unknown_cell_is_a_clear_error(tmp_path):
    root = _data_copy(tmp_path)
    _edit_journey(root, lambda j: j["steps"][0].update(cells=["t_cel"]))
    with pytest.raises(content.ContentError, match=r"'t_cel', which is not a cell"):
        content.Content(root).collection("journeys")


# ---------------------------------------------------------------------------------------------- journey figure


def test_journey_map_moves_the_cell_and_grows_the_trail():
    j = body.journey("killer_t_cell")
    places = body.journey_places(j)
    fig = body.journey_map(j, step=1)
    by = _organ_traces(fig)
    assert (by["cell"].x[0], by["cell"].y[0]) == (places[0].x, places[0].y)
    assert len(by["trail"].x) == 1
    body.show_journey_step(fig, j, 3)
    assert (by["cell"].x[0], by["cell"].y[0]) == (places[2].x, places[2].y)
    assert list(by["trail"].x) == [p.x for p in places[:3]]
    ring = next(s for s in fig.layout.shapes if s.name == "here")
    assert ring.x0 < places[2].x < ring.x1 and ring.y0 < places[2].y < ring.y1
    assert "Step 3 of" in fig.layout.title.text


def test_journey_map_draws_the_clone_during_expansion():
    j = body.journey("killer_t_cell")
    k = next(i for i, s in enumerate(j.steps, start=1) if s.id == "clonal_expansion")
    fig = body.journey_map(j, step=k)
    cell = _organ_traces(fig)["cell"]
    assert len(cell.x) == j.steps[k - 1].count > 1
    assert len({(x, y) for x, y in zip(cell.x, cell.y)}) == len(cell.x)  # no two drawn on top of each other


def test_journey_map_is_deterministic_and_styles_the_cell_from_the_theme():
    j = body.journey("killer_t_cell")
    assert body.journey_map(j, 4).to_json() == body.journey_map(j, 4).to_json()
    cell = _organ_traces(body.journey_map(j, 1))["cell"]
    assert cell.marker.color == theme.cell_style("cd8_t_cell").color
    assert cell.marker.symbol == theme.cell_style("cd8_t_cell").symbol


def test_every_step_changes_the_drawn_figure_and_its_description():
    j = body.journey("killer_t_cell")
    figs = [body.journey_map(j, s).to_json() for s in range(1, len(j.steps) + 1)]
    alts = [body.describe_journey_step(j, s) for s in range(1, len(j.steps) + 1)]
    assert len(set(figs)) == len(figs) and len(set(alts)) == len(alts)
    assert "last step" in alts[-1] and "more steps to come" in alts[0] and "Thymus" not in alts[0]


@pytest.mark.parametrize("step", [0, 99, 1.5, True, "2"])
def test_bad_step_is_a_clear_error(step):
    j = body.journey("killer_t_cell")
    with pytest.raises(ValueError, match="step must be a whole number from 1 to"):
        body.journey_map(j, step)


def test_step_card_shows_the_step_and_escapes_text():
    j = body.journey("killer_t_cell")
    html = body.journey_step_card(j, 2)
    assert "Step 2 of" in html and "Thymus" in html and "AIRE" in html and "Sources:" in html
    assert "<script" not in html


# ---------------------------------------------------------------------------------------------- BodyMap app


def test_body_map_dropdown_drives_figure_card_and_alt_text():
    app = BodyMap(selected="thymus")
    before = json.dumps([t.marker.size for t in app.figure.data if t.meta])
    alt_before, card_before = app.alt.value, app.card.value
    app.chooser.value = "appendix"  # what the dropdown does when a student picks
    after = json.dumps([t.marker.size for t in app.figure.data if t.meta])
    assert before != after
    big = [
        t.meta
        for t in app.figure.data
        if t.meta and t.marker.size == max(x.marker.size for x in app.figure.data if x.meta)
    ]
    assert big == ["appendix"]
    assert app.alt.value != alt_before and "Appendix" in app.alt.value
    assert app.card.value != card_before and "Still debated" in app.card.value  # the open question shows
    assert "immunolib-control" in app.chooser._dom_classes
    assert repr(app) == "BodyMap(selected='appendix')"


def test_body_map_click_selects_and_nothing_is_rebuilt():
    app = BodyMap(selected="thymus")
    fig, traces = app.figure, list(app.figure.data)
    app._on_click(_organ_traces(app.figure)["spleen"], Points(), None)
    assert app.selected == "spleen" and app.figure is fig and list(app.figure.data) == traces


def test_a_failing_click_on_the_body_map_is_reported_in_words(monkeypatch):
    app = BodyMap()  # the menu's failures: tests/test_app_contract.py

    def boom(*a, **k):
        raise RuntimeError("the organ card could not be drawn")

    monkeypatch.setattr(cards, "organ_card", boom)
    app._on_click(_organ_traces(app.figure)["spleen"], Points(), None)
    assert app.selected == "spleen" and "could not be drawn" in app.status.value


# ---------------------------------------------------------------------------------------------- TCellJourney app


def test_journey_buttons_and_slider_step_the_figure():
    app = TCellJourney()
    n = len(app.journey.steps)
    assert app.step == 1 and app.previous.disabled and not app.next.disabled
    cell = _organ_traces(app.figure)["cell"]
    x0, alt0, card0 = cell.x, app.alt.value, app.card.value
    app.next.click()
    assert app.step == 2 and cell.x != x0 and app.alt.value != alt0 and app.card.value != card0
    assert not app.previous.disabled
    app.slider.value = n
    assert app.next.disabled and "last step" in app.alt.value
    app.next.click()  # nothing beyond the end
    assert app.step == n
    app.previous.click()
    assert app.step == n - 1 and repr(app) == f"TCellJourney(journey='killer_t_cell', step={n - 1})"


def test_journey_controls_are_marked_labelled_and_play_is_linked():
    app = TCellJourney(step=3)
    assert "immunolib-control" in app.slider._dom_classes and "immunolib-control" in app.next._dom_classes
    assert app.slider.description and app.previous.description and app.play.description
    assert app._link.source == (app.play, "value") and app._link.target == (app.slider, "value")
    assert (app.play.min, app.play.max) == (app.slider.min, app.slider.max)


def test_journey_rebuilds_nothing_on_change():
    app = TCellJourney()
    fig, traces = app.figure, list(app.figure.data)
    app.slider.value = 5
    assert app.figure is fig and list(app.figure.data) == traces


# ---------------------------------------------------------------------------------------------- quiz


def test_quiz_has_six_to_eight_mixed_questions_with_feedback_on_every_option():
    quiz = content.quiz("03_organs_and_tissues")
    assert 6 <= len(quiz.questions) <= 8
    assert {q.kind for q in quiz.questions} == {"single", "multiple"}
    for q in quiz.questions:
        assert q.explanation and q.sources
        for o in q.options:
            assert len(o.feedback) > 15
            if not o.correct and q.kind == "single":
                assert grade(q, [q.options.index(o)]).headline != "Correct."


def test_quiz_right_answers_grade_correct():
    for q in content.quiz("03_organs_and_tissues").questions:
        assert grade(q, list(q.correct)).correct


def test_appendix_marker_sits_in_the_right_iliac_fossa_not_the_groin():
    """Lower right abdomen (the body's right is the viewer's left), above the hip joints and crotch."""
    appendix, marrow = content.organ("appendix").position, content.organ("bone_marrow").position
    assert appendix.x < 0.5  # the body's right side
    assert appendix.y >= marrow.y + 0.02  # above the level of the pelvis marker
    assert appendix.y < content.organ("spleen").position.y
