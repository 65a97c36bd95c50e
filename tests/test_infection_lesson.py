"""Lesson 01: the infection time course and simulator, the sorting board and sorter, the quiz, the notebook."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from immunolib import content
from immunolib.figures import infection as fig_inf
from immunolib.figures import sorting as fig_sort
from immunolib.models import infection as model
from immunolib.widgets.infection import DOSES, SECOND_EXPOSURE_DAYS, InfectionSimulator
from immunolib.widgets.sorting import BranchSorter

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def day30():
    return model.simulate(second_exposure=30)


@pytest.fixture(scope="module")
def day60():
    return model.simulate(second_exposure=60)


def by_meta(fig):
    return {t.meta: t for t in fig.data}


# ------------------------------------------------------------------------------------------------
# The time-course figure
# ------------------------------------------------------------------------------------------------


def test_timecourse_has_the_curves_and_peak_markers_on_log_axes(day30):
    fig = fig_inf.infection_timecourse(day30)
    assert [t.meta for t in fig.data] == [
        "pathogen",
        "innate",
        "effector",
        "memory",
        "IgM",
        "IgG",
        "innate_peaks",
        "effector_peaks",
        "antibody_peaks",
    ]
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis2.type == "log"
    # curves differ by dash as well as colour
    dashes = [t.line.dash for t in fig.data[:6]]
    assert len(set(dashes)) >= 4
    # antibody curves are in the lower panel
    assert by_meta(fig)["IgG"].yaxis == "y2" and by_meta(fig)["effector"].yaxis == "y"
    # one marker per exposure
    assert len(by_meta(fig)["antibody_peaks"].x) == 2


def test_timecourse_is_deterministic(day30):
    assert fig_inf.infection_timecourse(day30).to_json() == fig_inf.infection_timecourse(day30).to_json()


def test_zeros_become_gaps_on_the_log_axis(day30):
    fig = fig_inf.infection_timecourse(day30)
    pathogen = by_meta(fig)["pathogen"].y
    assert pathogen[0] == pytest.approx(1e4) and None in pathogen  # cleared: drawn as a gap, not 0


def test_annotations_are_measured_not_typed_in(day30):
    """The lag and peaks written on the figure follow the model: change a rate, the labels move."""
    kin = model.response_kinetics(day30)
    fig = fig_inf.infection_timecourse(day30)
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert f"{kin[0]['lag']:.1f}".rstrip("0").rstrip(".") + " d" in texts
    markers = by_meta(fig)
    assert markers["effector_peaks"].x[0] == pytest.approx(kin[0]["effector_peak"])
    assert markers["antibody_peaks"].x[1] == pytest.approx(30 + kin[1]["antibody_peak"])
    fold = kin[1]["peak_antibody"] / kin[0]["peak_antibody"]
    assert f"×{fig_inf.format_fold(fold)}" in markers["antibody_peaks"].text[1]

    slower = model.simulate(second_exposure=30, params={"d_A": 0.4})  # antigen lasts longer
    kin2 = model.response_kinetics(slower)
    assert kin2[0]["effector_peak"] != kin[0]["effector_peak"]
    fig2 = fig_inf.infection_timecourse(slower)
    assert by_meta(fig2)["effector_peaks"].x[0] == pytest.approx(kin2[0]["effector_peak"])
    assert fig2.layout.annotations != fig.layout.annotations


def test_lag_bands_span_each_lag(day30):
    kin = model.response_kinetics(day30)
    fig = fig_inf.infection_timecourse(day30)
    bands = [s for s in fig.layout.shapes if s.type == "rect"]
    assert [(b.x0, b.x1) for b in bands] == [pytest.approx((0, kin[0]["lag"])), pytest.approx((30, 30 + kin[1]["lag"]))]
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert [ln.x0 for ln in lines] == [0, 30]


def test_update_in_place_matches_a_fresh_figure(day30, day60):
    fig = fig_inf.infection_timecourse(day30)
    traces = list(fig.data)
    fig_inf.update_infection_timecourse(fig, day60)
    assert list(fig.data) == traces  # same trace objects, updated
    assert fig.to_json() == fig_inf.infection_timecourse(day60).to_json()


def test_one_exposure_and_vaccinated_figures():
    single = fig_inf.infection_timecourse(model.simulate(second_exposure=None))
    assert len(by_meta(single)["antibody_peaks"].x) == 1
    assert "second" not in single.layout.title.text
    vacc = fig_inf.infection_timecourse(model.simulate(second_exposure=None, vaccinated=True))
    assert "vaccinated" in vacc.layout.title.text
    assert any("vaccinated before" in a.text for a in vacc.layout.annotations)


def test_text_alternative_states_the_numbers(day30, day60):
    kin = model.response_kinetics(day30)
    text = fig_inf.describe_infection(day30)
    assert "First exposure (day 0)" in text and "Second exposure (day 30)" in text
    assert f"lag of {kin[0]['lag']:.1f} days" in text
    assert f"{fig_inf.format_fold(kin[1]['peak_antibody'] / kin[0]['peak_antibody'])} times" in text
    assert "IgM peaks first" in text and "mostly IgG" in text
    assert fig_inf.describe_infection(day60) != text
    single = fig_inf.describe_infection(model.simulate(second_exposure=None))
    assert "Second exposure" not in single


def test_kinetics_table_has_one_row_per_exposure(day30):
    html = fig_inf.kinetics_table(day30)
    assert html.count("<tr>") == 3 and "First exposure (day 0)" in html and "Second exposure (day 30)" in html


@pytest.mark.parametrize(
    "x, text", [(86.4, "86"), (139.0, "140"), (3.24, "3.2"), (1.0, "1.0"), (1234.0, "1,200"), (float("nan"), "?")]
)
def test_format_fold(x, text):
    assert fig_inf.format_fold(x) == text


def test_response_numbers_need_an_infection_trajectory():
    from immunolib.models.core import Trajectory

    other = Trajectory("kuznetsov1994", np.array([0.0, 1.0]), {"x": np.array([1.0, 2.0])}, {"x": "cells"})
    with pytest.raises(ValueError, match="infection_response"):
        fig_inf.response_numbers(other)


# ------------------------------------------------------------------------------------------------
# What the notebook's text and exercise solutions say about the simulation
# ------------------------------------------------------------------------------------------------


def test_exercise_1_day_60_gives_a_larger_second_response_than_day_30(day30, day60):
    n30, n60 = fig_inf.response_numbers(day30)[1], fig_inf.response_numbers(day60)[1]
    assert n60.fold > n30.fold  # larger
    assert n60.lag <= n30.lag  # starts no later
    assert abs(n60.antibody_peak - n30.antibody_peak) < 1.5  # peaks at about the same time
    # the reason given: more leftover IgG on day 30, so the inoculum is cleared sooner
    igg = lambda tr, d: tr["IgG"][int(np.argmin(abs(tr.t - d)))]  # noqa: E731
    assert igg(day30, 30) > 2 * igg(day60, 60)
    assert n30.cleared < n60.cleared


def test_exercise_2_vaccinated_first_infection_looks_secondary():
    naive = fig_inf.response_numbers(model.simulate(second_exposure=None))[0]
    vacc = fig_inf.response_numbers(model.simulate(second_exposure=None, vaccinated=True))[0]
    assert 4 <= naive.lag <= 6 and 1 <= vacc.lag <= 3  # "about 2 days instead of about 5"
    assert naive.effector_peak > 6.5 and vacc.effector_peak < 5.5
    assert vacc.peak_titre > 100 * naive.peak_titre and vacc.igg_fraction > 0.9
    assert vacc.cleared < 2 and 5 <= naive.cleared <= 7


def test_exercise_3_default_infection_cleared_before_adaptive_peak():
    first = fig_inf.response_numbers(model.simulate(second_exposure=None))[0]
    assert 5 <= first.cleared < first.effector_peak <= 8


@pytest.mark.parametrize("dose", [d for d, _ in DOSES])
@pytest.mark.parametrize("day", [d for d in SECOND_EXPOSURE_DAYS if d is not None])
def test_every_setting_offered_shows_a_faster_larger_second_response(dose, day):
    first, second = fig_inf.response_numbers(model.simulate(dose=dose, second_exposure=day))
    assert 4 <= first.lag <= 7.5 and 7 <= first.effector_peak <= 10.5
    assert 1 <= second.lag < first.lag and second.effector_peak < first.effector_peak
    assert second.fold > 10 and second.igg_fraction > 0.9
    assert first.cleared is not None and second.cleared is not None


# ------------------------------------------------------------------------------------------------
# The simulator app
# ------------------------------------------------------------------------------------------------


def test_simulator_drives_figure_alt_and_table():
    app = InfectionSimulator(second_exposure=30)
    assert repr(app) == "InfectionSimulator(dose=10000, second_exposure=30, vaccinated=False)"
    assert "immunolib-control" in app.second._dom_classes
    fig, traces = app.figure, list(app.figure.data)
    before = (json.dumps(list(by_meta(fig)["IgG"].x)[-1]), app.alt.value, app.table.value)
    app.second.value = 60  # what choosing "day 60" in the menu does
    assert app.figure is fig and list(app.figure.data) == traces
    assert by_meta(fig)["IgG"].x[-1] == 90.0 and json.dumps(by_meta(fig)["IgG"].x[-1]) != before[0]
    assert app.alt.value != before[1] and "Second exposure (day 60)" in app.alt.value
    assert app.table.value != before[2] and "day 60" in app.table.value
    assert repr(app) == "InfectionSimulator(dose=10000, second_exposure=60, vaccinated=False)"


def test_simulator_no_second_exposure_vaccinated_and_dose():
    app = InfectionSimulator(second_exposure=None)
    assert len(by_meta(app.figure)["antibody_peaks"].x) == 1
    alt = app.alt.value
    app.vaccinated.value = True
    assert "vaccinated" in app.alt.value and app.alt.value != alt
    assert app.trajectory.meta["vaccinated"] is True
    top = by_meta(app.figure)["pathogen"].y[0]
    app.dose.value = 1e6
    assert by_meta(app.figure)["pathogen"].y[0] == pytest.approx(1e6) and top == pytest.approx(1e4)
    assert repr(app) == "InfectionSimulator(dose=1e+06, second_exposure=None, vaccinated=True)"


@pytest.mark.parametrize(
    "kwargs, words",
    [  # settings the lesson does not offer (tests/test_app_contract.py
        ({"dose": 5e3}, "dose must be one of"),  # checks that every argument's wrong values name it)
        ({"second_exposure": 7}, "second_exposure must be None or one of"),
    ],
)
def test_simulator_offers_only_the_settings_the_lesson_checks(kwargs, words):
    with pytest.raises(ValueError, match=words):
        InfectionSimulator(**kwargs)


# ------------------------------------------------------------------------------------------------
# The sorting board
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def feats():
    return content.features()


def test_every_statement_sorts_into_a_column_that_exists(feats):
    assert len(feats) >= 10
    assert {f.branch for f in feats} == set(fig_sort.CHOICES)


def test_placements_and_score(feats):
    a, b, c, d = feats[:4]
    chosen = {a.id: a.branch, b.id: "both" if b.branch != "both" else "innate", c.id: c.branch}
    checked = {a.id: a.branch, b.id: chosen[b.id]}
    places = fig_sort.placements(feats[:4], chosen, checked)
    assert [p.status for p in places] == ["right", "wrong", "unchecked", "unsorted"]
    assert fig_sort.score(places) == {"right": 1, "wrong": 1, "unchecked": 1, "unsorted": 1}
    with pytest.raises(ValueError, match="must be one of innate, both, adaptive"):
        fig_sort.placements(feats[:1], {a.id: "innnate"})


def test_board_places_statements_in_their_columns(feats):
    a, b = feats[:2]
    fig = fig_sort.sorting_board(feats[:3], {a.id: "innate", b.id: "adaptive"})
    t = by_meta(fig)
    assert t[a.id].x[0] < t[b.id].x[0]
    assert t[a.id].y[0] < 0 and t[b.id].y[0] < 0 and t[feats[2].id].y[0] > 0  # tray on top
    assert fig.to_json() == fig_sort.sorting_board(feats[:3], {a.id: "innate", b.id: "adaptive"}).to_json()


def test_right_and_wrong_differ_by_symbol_and_words_not_colour_alone(feats):
    a, b = feats[:2]
    wrong_b = "both" if b.branch != "both" else "innate"
    chosen = {a.id: a.branch, b.id: wrong_b}
    t = by_meta(fig_sort.sorting_board(feats[:2], chosen, checked=chosen))
    assert t[a.id].marker.symbol != t[b.id].marker.symbol
    assert "right" in t[a.id].text[0] and "✔" in t[a.id].text[0]
    assert "wrong" in t[b.id].text[0] and "✘" in t[b.id].text[0]


def test_board_update_matches_a_fresh_board(feats):
    chosen = {f.id: f.branch for f in feats[:5]}
    fig = fig_sort.sorting_board(feats)
    fig_sort.update_sorting_board(fig, feats, chosen, chosen)
    assert fig.to_json() == fig_sort.sorting_board(feats, chosen, chosen).to_json()


def test_board_grows_with_the_longest_column(feats):
    small = fig_sort.sorting_board(feats).layout.height
    big = fig_sort.sorting_board(feats, {f.id: "innate" for f in feats}).layout.height
    assert big > small


def test_board_description(feats):
    a, b = feats[:2]
    text = fig_sort.describe_board(feats[:2], {a.id: a.branch})
    assert f"{fig_sort.CHOICE_LABELS[a.branch]}: 1" in text and "Not sorted yet: 2" in text
    checked = fig_sort.describe_board(feats[:2], {a.id: a.branch}, {a.id: a.branch})
    assert "1 right" in checked and checked != text


def test_feedback_is_honest_and_escaped():
    evil = content.Feature(
        "evil", "Uses <script>alert(1)</script> & more", "innate", "Because <b>x</b>.", ("murphy2022",)
    )
    good = content.Feature("good", "Has memory.", "adaptive", "Memory cells.", ("murphy2022",))
    html = fig_sort.sorting_feedback([evil, good], {"evil": "adaptive", "good": "adaptive"})
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "✘ Wrong:" in html and "it belongs to Innate" in html and "✔ Right:" in html
    assert "1 of 2 sorted statements right" in html
    assert "Sort at least one" in fig_sort.sorting_feedback([good], {})
    assert "All 1 right" in fig_sort.sorting_feedback([good], {"good": "adaptive"})


# ------------------------------------------------------------------------------------------------
# The sorter app
# ------------------------------------------------------------------------------------------------


def test_sorter_moves_statements_as_the_student_sorts(feats):
    app = BranchSorter()
    assert repr(app) == f"BranchSorter(statements={len(feats)}, sorted=0)"
    assert "immunolib-control" in app.choices[0]._dom_classes
    assert all(c.description.startswith("Statement ") for c in app.choices)
    fig, traces = app.figure, list(app.figure.data)
    first = feats[0].id
    y_before, alt_before = by_meta(fig)[first].y[0], app.alt.value
    app.choices[0].value = "adaptive"  # what clicking "Adaptive" beside statement 1 does
    assert app.figure is fig and list(app.figure.data) == traces
    assert by_meta(fig)[first].y[0] != y_before and app.alt.value != alt_before
    assert "Adaptive: 1." in app.alt.value


def test_sorter_check_marks_and_explains(feats):
    app = BranchSorter(statements=[f.id for f in feats[:3]])
    app.choices[0].value = feats[0].branch
    wrong = "both" if feats[1].branch != "both" else "innate"
    app.choices[1].value = wrong
    app.check_button.click()
    t = by_meta(app.figure)
    assert "right" in t[feats[0].id].text[0] and "wrong" in t[feats[1].id].text[0]
    assert feats[0].explanation[:40] in app.feedback.value.replace("&#x27;", "'").replace("&quot;", '"')
    assert "not sorted yet" in app.feedback.value
    assert repr(app) == "BranchSorter(statements=3, sorted=2, right=1)"
    # moving a statement after the check un-grades it until the next check
    app.choices[1].value = feats[1].branch
    assert "wrong" not in by_meta(app.figure)[feats[1].id].text[0]
    assert app.check() == {"right": 2, "wrong": 0, "unchecked": 0, "unsorted": 1}


def test_sorter_reset(feats):
    app = BranchSorter(statements=[f.id for f in feats[:2]])
    app.choices[0].value = "innate"
    app.check()
    app.reset_button.click()
    assert all(c.value is None for c in app.choices) and app.feedback.value == ""
    assert repr(app) == "BranchSorter(statements=2, sorted=0)"
    assert all(t.y[0] > 0 for t in app.figure.data)


@pytest.mark.parametrize(
    "statements, words",
    [
        (["nope"], "unknown: 'nope'"),
        ([], "non-empty"),
        ("uses_cytokines", "not one string"),
        (["uses_cytokines", "uses_cytokines"], "twice"),
    ],
)
def test_sorter_rejects_bad_statements(statements, words):
    with pytest.raises(ValueError, match=words):
        BranchSorter(statements=statements)


# ------------------------------------------------------------------------------------------------
# Quiz, notebook, instructor note
# ------------------------------------------------------------------------------------------------


def test_quiz_has_six_to_eight_questions_with_honest_feedback():
    quiz = content.quiz("01_innate_vs_adaptive")
    assert 6 <= len(quiz.questions) <= 8 and quiz.notebook == "01_innate_vs_adaptive.ipynb"
    for q in quiz.questions:
        if q.kind == "single":
            assert len(q.correct) == 1, q.id
        for o in q.options:
            if not o.correct:
                assert o.feedback.startswith(("Wrong", "No")), (q.id, o.text)


def test_notebook_uses_the_apps_and_cites_the_model():
    nb = json.loads((ROOT / "notebooks" / "01_innate_vs_adaptive.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "InfectionSimulator(" in code and "BranchSorter(" in code and 'Quiz("01_innate_vs_adaptive")' in code
    assert 'content.model("infection_response")' in code
    assert "teaching model" in text and "not measured" in text.replace("\n", " ")
    assert text.count("<summary>Show a solution</summary>") >= 1
    assert "data/" not in code


def test_instructor_note_exists_with_the_answer_key():
    note = (ROOT / "docs" / "instructor" / "01_innate_vs_adaptive.md").read_text(encoding="utf-8")
    for words in ("Learning objectives", "50-minute plan", "Discussion prompts", "Answer key", "misconceptions"):
        assert words.lower() in note.lower(), words
    for q in content.quiz("01_innate_vs_adaptive").questions:
        assert q.id in note, q.id
    assert math.isfinite(len(note)) and len(note) > 2000


def test_instructor_sorting_key_matches_the_data():
    note = (ROOT / "docs" / "instructor" / "01_innate_vs_adaptive.md").read_text(encoding="utf-8")
    key = note.split("### Sorting exercise", 1)[1].split("###", 1)[0]
    sections = {
        "innate": key.split("Innate:", 1)[1].split("Adaptive:", 1)[0],
        "adaptive": key.split("Adaptive:", 1)[1].split("Both:", 1)[0],
        "both": key.split("Both:", 1)[1],
    }
    for k, f in enumerate(content.features()):
        assert f" {k + 1} (" in " " + sections[f.branch].replace("\n", " "), (k + 1, f.id)
