"""Lesson 06: escape-mechanism data, phase-plane numerics, the immunoediting figures and apps, the prose numbers."""

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from immunolib import content
from immunolib.content import ContentError
from immunolib.figures import immunoediting as fig_ie
from immunolib.models import depillis, kuznetsov, phase_plane
from immunolib.models.outcomes import classify_outcome
from immunolib.widgets import EscapeMechanisms, ImmunoeditingOutcomes, MissingSelf, PhasePlaneExplorer, Predict
from immunolib.widgets.immunoediting import GUESSES, MISSING_SELF_SETTINGS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "06_cancer_and_the_immune_system.ipynb"
MECHANISMS = ["none", "mhc_class_i_loss", "pd_l1", "tregs_myeloid", "tgf_beta_il10", "cold_tumour", "exhaustion"]


def by_meta(fig):
    return {t.meta: t for t in fig.data}


def prose():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


@pytest.fixture(scope="module")
def portrait():
    return phase_plane.portrait()


@pytest.fixture(scope="module")
def eqs():
    return {e.name: e for e in kuznetsov.equilibria()}


# ------------------------------------------------------------------------------------------------
# Data: data/escape_mechanisms.yaml
# ------------------------------------------------------------------------------------------------


def test_the_selector_offers_the_baseline_and_six_mechanisms():
    ids = [r.id for r in content.collection("escape_mechanisms")]
    assert ids == MECHANISMS


@pytest.mark.parametrize("mechanism", MECHANISMS[1:])
def test_every_mechanism_changes_one_kuznetsov_term_by_a_stated_factor(mechanism):
    r = content.record("escape_mechanisms", mechanism)
    terms = [t for t in r.model_terms if t.model == "kuznetsov1994"]
    assert len(terms) == 1 and terms[0].factor != 1.0
    assert "assumption" in r.caveat.lower() and r.sources
    over = phase_plane.mechanism_parameters(mechanism)
    base = kuznetsov.resolve_parameters("kuznetsov1994")
    assert over == {terms[0].parameter: pytest.approx(base[terms[0].parameter] * terms[0].factor)}


def test_mhc_class_i_loss_maps_as_the_brief_states():
    over = phase_plane.mechanism_parameters("mhc_class_i_loss")
    assert over["n"] / kuznetsov.resolve_parameters("kuznetsov1994")["n"] == pytest.approx(0.3)
    dp = phase_plane.mechanism_parameters("mhc_class_i_loss", "depillis2005")
    base = depillis.resolve_parameters("depillis2005")
    assert dp["d"] / base["d"] == pytest.approx(0.3) and dp["c"] / base["c"] == pytest.approx(2.0)
    assert phase_plane.mechanism_parameters("none") == {}


def test_broken_mechanism_data_names_file_entry_and_field(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "escape_mechanisms.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["escape_mechanisms"][1]["model_terms"][0]["model"] = "nobody1999"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        content.Content(data).collection("escape_mechanisms")
    msg = str(err.value)
    assert "escape_mechanisms.yaml" in msg and "mhc_class_i_loss" in msg and "model" in msg and "nobody1999" in msg


def test_bad_mechanism_arguments_name_themselves():
    with pytest.raises(ValueError, match="mechanism must be one of .*got 'mhc'"):
        phase_plane.mechanism_parameters("mhc")
    with pytest.raises(ValueError, match="model must be one of"):
        phase_plane.mechanism_parameters("pd_l1", "kirschner1998")


def test_new_references_and_glossary_terms_resolve():
    for ref in (
        "dunn2002",
        "koebel2007",
        "karre1986",
        "garrido2016",
        "gabrilovich2009",
        "batlle2019",
        "wherry2015",
        "klempner2020",
    ):
        r = content.reference(ref)
        assert r.link.startswith("https://")
    for term in (
        "tumour_mutational_burden",
        "missing_self",
        "nullcline",
        "steady_state",
        "phase_plane",
        "tumour_dormancy",
        "cold_tumour",
        "myeloid_derived_suppressor_cell",
    ):
        assert len(content.term(term).definition.split()) <= 60


# ------------------------------------------------------------------------------------------------
# Model helpers: immunolib.models.phase_plane
# ------------------------------------------------------------------------------------------------


def test_nullclines_cross_at_every_steady_state_with_a_tumour(eqs):
    for name in ("dormant", "saddle", "escape"):
        e = eqs[name]
        nc = phase_plane.nullclines(tumour=[e.state["T"]])
        assert nc.tumour_stops[0] == pytest.approx(e.state["E"], rel=1e-6)
        assert nc.effector_stops[0] == pytest.approx(e.state["E"], rel=1e-6)


def test_effector_nullcline_has_a_gap_where_effector_cells_always_grow():
    nc = phase_plane.nullclines()
    gap = np.isnan(nc.effector_stops)
    assert gap.any() and not gap.all()
    p = kuznetsov.resolve_parameters("kuznetsov1994")
    T = nc.tumour[gap][0]
    dE = p["s"] + p["p"] * 1e7 * T / (p["g"] + T) - p["m"] * 1e7 * T - p["d"] * 1e7
    assert dE > 0  # even ten million effector cells still grow there


def test_flow_points_the_way_the_equations_say():
    dlogT, dE = phase_plane.flow_field(tumour=[1e8, 10.0], effector=[0.0, 4e6])
    assert dlogT[0, 0] > 0  # big tumour, no effector cells: grows
    assert dlogT[1, 1] < 0  # tiny tumour, many effector cells: shrinks
    assert dE[0, 0] > 0  # no effector cells: they arrive


def test_vectorised_runs_match_the_model_solver(portrait):
    for T, E in ((1e6, 250_000.0), (1e8, 0.0), (10.0, 4e6), (3162.0, 1.5e6)):
        tr = kuznetsov.simulate(initial={"T": T, "E": E}, days=phase_plane.DAYS, points_per_day=1)
        t, Tg, Eg = portrait.trajectory(tumour=T, effector=E)
        assert np.allclose(t, tr.t)
        alive = (tr["T"] >= 1) & (Tg >= 1)
        assert np.allclose(np.log10(Tg[alive]), np.log10(tr["T"][alive]), atol=1e-3)
        assert np.allclose(Eg, tr["E"], rtol=1e-3, atol=10)
        assert portrait.fate(tumour=T, effector=E) == classify_outcome(tr)


def test_the_portrait_shows_all_three_outcomes(portrait):
    flat = [f for row in portrait.fate_grid for f in row]
    assert set(flat) == {"elimination", "equilibrium", "escape"}
    assert portrait.fate(tumour=1.0, effector=5e6) == "elimination"
    assert portrait.fate(tumour=portrait.tumour[-1], effector=0.0) == "escape"
    assert portrait.extinct_day(tumour=10.0, effector=4e6) is not None
    assert portrait.nearest(log10_tumour=6.1, effector=260_000) == (1e6, 250_000.0)


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: phase_plane.nullclines(tumour=[-1.0]), "tumour"),
        (lambda: phase_plane.flow_field(tumour=[1.0], effector=[float("nan")]), "effector"),
        (lambda: phase_plane.simulate_starts([{"T": 1.0}]), r"starts\[0\]"),
        (lambda: phase_plane.simulate_starts([{"T": -5.0, "E": 0.0}]), r"starts\[0\]\['T'\]"),
        (lambda: phase_plane.simulate_starts([{"T": 1.0, "E": 0.0}], days=0), "days"),
        (lambda: phase_plane.simulate_starts([{"T": 1.0, "E": 0.0}], dt=2.0), "dt"),
        (lambda: phase_plane.portrait({"n": -1.0}), "'n'"),
        (lambda: phase_plane.portrait().fate(tumour=7.0, effector=0.0), "tumour must be one of"),
        (lambda: phase_plane.portrait().fate(tumour=1.0, effector=7.0), "effector must be one of"),
    ],
)
def test_bad_model_arguments_give_value_errors_naming_them(call, words):
    with pytest.raises(ValueError, match=words):
        call()


# ------------------------------------------------------------------------------------------------
# Figures
# ------------------------------------------------------------------------------------------------


def test_phase_plane_figure_has_labelled_axes_caption_and_named_regions(portrait):
    fig = fig_ie.phase_plane_figure(portrait)
    metas = [t.meta for t in fig.data]
    assert metas[:4] == ["regions", "flow", "tumour_nullcline", "effector_nullcline"]
    assert "cells" in fig.layout.xaxis.title.text and "× 10⁶ cells" in fig.layout.yaxis.title.text
    notes = " ".join(a.text for a in fig.layout.annotations)
    for word in ("ELIMINATION", "EQUILIBRIUM", "ESCAPE", "1 cell", "Kuznetsov", "not any patient's future"):
        assert word in notes
    assert "stops changing" in by_meta(fig)["tumour_nullcline"].name


def test_steady_states_are_filled_when_stable_and_hollow_when_not(portrait, eqs):
    tr = by_meta(fig_ie.phase_plane_figure(portrait))
    assert tr["stable"].marker.symbol == "circle" and tr["unstable"].marker.symbol == "circle-open"
    assert sorted(tr["stable"].text) == ["dormant", "escape"] and list(tr["unstable"].text) == ["threshold"]
    assert tr["stable"].x[0] == pytest.approx(math.log10(eqs["dormant"].state["T"]), abs=1e-3)


def test_phase_plane_is_deterministic_and_updates_in_place(portrait):
    app = PhasePlaneExplorer()
    app.guess("escape")
    fresh = fig_ie.phase_plane_figure(portrait, app.runs, app.start)
    again = fig_ie.phase_plane_figure(portrait, app.runs, app.start)
    assert fresh.to_json() == again.to_json()
    fig = fig_ie.phase_plane_figure(portrait)
    fig_ie.update_phase_plane(fig, portrait, app.runs, app.start)
    assert fig.to_json() == fresh.to_json()
    with pytest.raises(ValueError, match="at most 3 runs"):
        fig_ie.update_phase_plane(fig, portrait, app.runs * 4, app.start)


def test_escape_figure_keeps_the_old_nullclines_as_a_ghost():
    app = EscapeMechanisms()
    tr = by_meta(app.figure)
    ghost = np.array(tr["ghost_tumour_nullcline"].y, dtype=float)
    assert np.array_equal(np.array(tr["tumour_nullcline"].y, dtype=float), ghost, equal_nan=True)
    app.chooser.value = "mhc_class_i_loss"
    tr = by_meta(app.figure)
    assert np.array_equal(np.array(tr["ghost_tumour_nullcline"].y, dtype=float), ghost, equal_nan=True)  # stays
    assert not np.array_equal(np.array(tr["tumour_nullcline"].y, dtype=float), ghost, equal_nan=True)  # moved
    assert "kill rate n × 0.3 the paper's value (an assumption)" in app.figure.layout.title.text.replace("<br>", " ")


def test_every_model_figure_carries_the_caption():
    apps = (ImmunoeditingOutcomes(), EscapeMechanisms(), MissingSelf())
    for app in apps:
        notes = " ".join(a.text for a in app.figure.layout.annotations).replace("<br>", " ")  # lines wrap
        assert "not any patient's future" in notes and "Model:" in notes
    assert "de Pillis" in " ".join(a.text for a in apps[2].figure.layout.annotations)


def test_cells_in_words():
    assert fig_ie.cells(8.186e6) == "8.2 million" and fig_ie.cells(315534) == "320 thousand"
    assert fig_ie.cells(0) == "0" and fig_ie.cells(4.47e8) == "450 million"


def test_parameter_table_lists_every_parameter_with_units():
    html = fig_ie.parameter_table("kuznetsov1994")
    spec = content.model("kuznetsov1994").parameter_set("default")
    for p in spec.parameters:
        assert p.meaning.split()[0] in html
    assert html.count("<tr>") == len(spec.parameters) + 1


# ------------------------------------------------------------------------------------------------
# Apps: every control moves the figure and the text alternative; bad arguments are ValueErrors
# ------------------------------------------------------------------------------------------------


def changes(app, act):
    before_fig, before_alt = app.figure.to_json(), app.alt.value
    act()
    assert app.status.value == "", app.status.value
    return app.figure.to_json() != before_fig, app.alt.value != before_alt


def test_outcomes_app_pre_trains_the_three_outcomes():
    app = ImmunoeditingOutcomes()
    assert app.outcomes == {"A": "elimination", "B": "equilibrium", "C": "escape"}
    for value in ("A", "C", "B"):
        app.chooser.value = value
    assert "Start B" in app.figure.layout.title.text and "equilibrium" in app.figure.layout.title.text


def test_phase_plane_app_every_control(portrait):
    app = PhasePlaneExplorer()
    assert changes(app, lambda: setattr(app.tumour, "value", 1e8)) == (True, True)
    assert changes(app, lambda: setattr(app.effector, "value", 1e6)) == (True, True)
    assert app.clear_button.layout.display == "none"  # no run yet: nothing to clear
    assert changes(app, lambda: setattr(app.guesses, "value", "escape")) == (True, True)
    assert app.runs[-1].guess == "escape" and app.runs[-1].fate == portrait.fate(tumour=1e8, effector=1e6)
    assert "you guessed" in app.verdict.value and app.guesses.value is None
    assert app.clear_button.layout.display is None  # a run is on screen: it can be cleared
    assert changes(app, lambda: setattr(app.guesses, "value", "escape")) == (True, True)  # the same guess again
    assert len(app.runs) == 2
    assert changes(app, lambda: app.clear_button.click()) == (True, True)
    assert app.runs == [] and app.clear_button.layout.display == "none"


def test_phase_plane_keeps_at_most_three_runs_and_a_click_picks_the_start():
    app = PhasePlaneExplorer()
    for guess in ("elimination", "equilibrium", "escape", "equilibrium"):
        app.guess(guess)
    assert len(app.runs) == 3 and app.runs[0].guess == "equilibrium"

    class Points:
        xs, ys, point_inds = [2.04], [3.9], [0]

    app._on_click(None, Points(), None)
    assert app.start == (100.0, 4e6)


def test_escape_app_card_names_the_caveat():
    assert "Caveat" in EscapeMechanisms().card.value


def test_missing_self_app_keeps_the_previous_setting_as_a_ghost():
    app = MissingSelf()
    for key in ("lost", "lost_no_nk_response", "present"):
        app.chooser.value = key
    assert len(by_meta(app.figure)["ghost_tumour"].x) > 0 and "Grey: the previous setting" in app.alt.value


def test_a_bad_guess_names_itself():  # the constructors' arguments: tests/test_app_contract.py
    with pytest.raises(ValueError, match="guess must be one of"):
        PhasePlaneExplorer().guess("cure")


def test_predict_locks_every_control_of_the_phase_plane_until_locked_in():
    app = PhasePlaneExplorer()
    p = Predict(app, "Where does it end?", {k: v for k, v in GUESSES.items()}, outcome=lambda a: a.fate)
    assert app.tumour.disabled and app.clear_button.disabled and app.guesses.disabled
    p.choice.value = "escape"
    p.lock()
    assert not app.tumour.disabled and not app.guesses.disabled
    assert p.shown == "equilibrium" and "the model shows" in p.result_text()


# ------------------------------------------------------------------------------------------------
# Numbers the notebook's prose quotes from the models
# ------------------------------------------------------------------------------------------------


def test_prose_numbers_of_the_phase_plane(eqs, portrait):
    text = prose()
    assert fig_ie.cells(eqs["dormant"].state["T"]) == "8.2 million" and "8.2 million tumour cells" in text
    assert fig_ie.cells(eqs["dormant"].state["E"]) == "1.6 million" and "1.6 million effector cells" in text
    assert fig_ie.cells(eqs["escape"].state["T"]) == "450 million" and "about 450 million" in text
    assert fig_ie.cells(eqs["saddle"].state["T"]) == "270 million" and "about 270 million" in text
    assert fig_ie.cells(eqs["tumour_free"].state["E"]) == "320 thousand" and "320 thousand effector" in text
    assert eqs["tumour_free"].stability == "saddle"  # "it is unstable"

    # Exercise 1: smallest offered effector level that eliminates 10 cells, and 1 cell
    def smallest(T):
        return min(E for E in portrait.effector if portrait.fate(tumour=T, effector=E) == "elimination")

    assert smallest(10.0) == 4e6 and smallest(1.0) == 1.75e6
    assert "4 million effector cells are needed; for a single cell, 1.75 million" in text
    # the Predict of the phase plane starts at 1 million tumour cells and 250 thousand effector cells
    app = PhasePlaneExplorer()
    assert app.start == (1e6, 250_000.0) and "250 thousand effector cells" in "".join(
        "".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"]
    )


def test_prose_numbers_of_the_escape_exercise():
    app = EscapeMechanisms()
    escaped = sorted(k for k, v in app.outcomes.items() if v == "escape")
    assert escaped == ["tgf_beta_il10", "tregs_myeloid"]
    for key in escaped:  # the dormant state and the threshold are gone
        names = [e.name for e in kuznetsov.equilibria(app.params[key])]
        assert "dormant" not in names and "saddle" not in names
    T = app.runs["mhc_class_i_loss"]["T"]
    assert fig_ie.cells(T.min()) == "1.5 million" and fig_ie.cells(T.max()) == "110 million"
    assert "from about 1.5 to 110 million cells after MHC class I loss" in prose()
    assert app.outcomes["mhc_class_i_loss"] == "equilibrium"  # quiz q06_model_limits


def test_prose_numbers_of_the_missing_self_exercise():
    app = MissingSelf()
    k = app.kills
    assert fig_ie.cells(k["lost"]["cd8_total"][-1]) == "28 million"
    assert fig_ie.cells(k["present"]["cd8_total"][-1]) == "96 million"
    assert fig_ie.cells(k["lost"]["nk_total"][-1]) == "6.2 million"
    assert fig_ie.cells(k["present"]["nk_total"][-1]) == "3.1 million"
    assert round(app.reach_day("lost")) == 30 and round(app.reach_day("present")) == 30
    assert round(app.reach_day("lost_no_nk_response")) == 23
    assert 0.25 < app.cd8_change("lost") < 0.4 and 1.8 < app.nk_change("lost") < 2.2
    text = prose()
    assert "about 28 million instead of 96 million" in text and "about 6.2 million instead of 3.1 million" in text
    assert "day 30" in text and "day 23" in text


def test_prose_numbers_of_the_outcomes():
    app = ImmunoeditingOutcomes()
    assert app.runs["A"].meta["extinct"] < 15
    assert set(MISSING_SELF_SETTINGS) == {"present", "lost", "lost_no_nk_response"}
    alt = app.alt.value
    assert "falls below one cell on day 14" in alt and "between about 1 million and 88 million" in alt


def test_model_output_is_never_phrased_as_a_clinical_prediction():
    apps = (ImmunoeditingOutcomes(), PhasePlaneExplorer(), EscapeMechanisms(), MissingSelf())
    for app in apps:
        words = (app.alt.value + " " + str(app.figure.layout.title.text)).lower()
        for banned in ("patient", "cure", "survival", "response rate"):
            assert banned not in words.replace("not any patient's future", "")


def test_quiz_is_fair_and_reads_the_lesson():
    qz = content.quiz("06_cancer_and_the_immune_system")
    assert len(qz.questions) >= 6
    singles = [q for q in qz.questions if q.kind == "single"]
    first = [q.correct[0] == 0 for q in singles]
    longest = [max(range(len(q.options)), key=lambda i: len(q.options[i].text)) == q.correct[0] for q in singles]
    assert not all(first) and sum(first) <= len(singles) // 2
    assert sum(longest) <= len(singles) // 2, "the key is too often the longest option"
    assert all(o.feedback for q in qz.questions for o in q.options)
    reads_figure = [q for q in qz.questions if "phase plane" in q.prompt or "figure" in q.prompt or "app" in q.prompt]
    assert len(reads_figure) >= 2
    assert any("lesson" in q.prompt.lower() for q in qz.questions)  # one item from earlier lessons
