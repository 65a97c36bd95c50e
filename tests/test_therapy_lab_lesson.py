"""Lesson 07: the cancer–immunity cycle, therapy placement, the therapy lab, the clinic panels, data and quiz."""

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from immunolib import content
from immunolib.figures import clinic
from immunolib.figures import therapy_lab as fig_mod
from immunolib.models import regimens
from immunolib.models import therapy as therapy_model
from immunolib.models.outcomes import classify_outcome
from immunolib.models.regimens import Regimen, minimum_eliminating_dose, simulate_regimen
from immunolib.widgets import CancerImmunityCycle, RecordAnswer, TherapyLab, TherapyPlacement
from immunolib.widgets.quiz import grade

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "07_immunotherapy_lab.ipynb"
K = "kuznetsov1994"


def _traces(fig):
    return {t.meta: t for t in fig.data}


def _nb_text(kind):
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind)


def _data_copy(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(content.data_dir(), root)
    return root


# ---------------------------------------------------------------------------------------------- data


def test_cycle_has_seven_ordered_steps_with_short_texts():
    steps = fig_mod.cycle_steps()
    assert [s.number for s in steps] == list(range(1, 8))
    assert [s.id for s in steps] == [
        "antigen_release",
        "antigen_presentation",
        "priming",
        "trafficking",
        "infiltration",
        "recognition",
        "killing",
    ]
    for s in steps:
        assert len(s.what_happens.split()) <= 60 and len(s.how_tumours_break_it.split()) <= 60, s.id
        assert "chen2013" in s.sources
    assert [s.id for s in steps if s.get("fails_in_cold_tumour")] == ["infiltration"]


def test_therapies_sit_on_the_steps_the_brief_names():
    where = {t: {s.id for s in fig_mod.cycle_steps() if t in s.therapies} for t in TherapyPlacement.ORDER}
    assert where["cancer_vaccine"] == {"antigen_release", "antigen_presentation", "priming"}
    assert where["anti_ctla4"] == {"priming"}
    assert where["anti_pd1"] == where["anti_pdl1"] == {"killing"}
    for cells in ("adoptive_t_cells", "car_t"):  # transferred cells bypass steps 1-3
        assert where[cells] and not where[cells] & {"antigen_release", "antigen_presentation", "priming"}


def test_a_step_naming_an_unknown_therapy_is_a_clear_error(tmp_path):
    root = _data_copy(tmp_path)
    path = root / "cancer_immunity_cycle.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["cancer_immunity_cycle"][2]["therapies"] = ["anti_ctla5"]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"cancer_immunity_cycle\.yaml: entry 'priming'.*anti_ctla5"):
        content.Content(root).collection("cancer_immunity_cycle")


def test_required_medicines_each_with_one_year_indication_and_source():
    meds = {m["id"]: m for m in fig_mod.medicines()}
    for needed in (
        "ipilimumab",
        "nivolumab",
        "pembrolizumab",
        "atezolizumab",
        "relatlimab",
        "tisagenlecleucel",
        "axicabtagene_ciloleucel",
        "lifileucel",
        "tebentafusp",
        "sipuleucel_t",
        "aldesleukin",
        "talimogene_laherparepvec",
        "bcg",
    ):
        m = meds[needed]
        assert 1980 <= m["year"] <= 2025 and m["indication"] and m["sources"] and m["target"], needed
    kinds = [m["kind"] for m in meds.values()]
    assert kinds.count("CAR T cells") >= 2
    for k in (
        "tumour-infiltrating lymphocytes",
        "bispecific T-cell engager",
        "cell-based vaccine",
        "cytokine",
        "oncolytic virus",
        "bacterial immunotherapy",
    ):
        assert k in kinds
    # reused, not duplicated: the antibody entries take name and year from data/antibody_drugs.yaml
    pembro = content.record("immunotherapy_medicines", "pembrolizumab")
    assert pembro.antibody_drug == "pembrolizumab" and pembro.get("first_approval_year") is None
    assert meds["pembrolizumab"]["year"] == content.record("antibody_drugs", "pembrolizumab").fda_first_approval
    assert meds["ipilimumab"]["year"] == 2011 and meds["tisagenlecleucel"]["year"] == 2017


def test_a_medicine_with_two_years_is_a_clear_error(tmp_path, monkeypatch):
    root = _data_copy(tmp_path)
    path = root / "immunotherapy_medicines.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["immunotherapy_medicines"][0]["first_approval_year"] = 2011  # ipilimumab: also in antibody_drugs
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setattr(clinic, "content", content.Content(root))  # the clinic panels' module reads the data
    with pytest.raises(ValueError, match=r"immunotherapy_medicines\.yaml, entry 'ipilimumab'.*exactly once"):
        fig_mod.medicines()


def test_side_effects_and_evidence_cover_the_clinic():
    fx = {e.id: e for e in content.collection("immune_side_effects")}
    organs = {e.organ for e in fx.values() if e.kind == "immune-related adverse event"}
    assert {"skin", "gut", "liver", "lungs", "hormone glands"} <= organs
    assert "tocilizumab" in fx["crs"].treatment.lower() and "corticosteroid" in fx["icans"].treatment.lower()
    assert all("steroid" in e.treatment.lower() or "hormone" in e.treatment.lower() for e in fx.values())
    ev = {e.id: e for e in content.collection("immunotherapy_evidence")}
    assert {"pdl1_biomarker", "msi_biomarker", "tmb_biomarker"} <= set(ev)
    assert "2017" in ev["msi_biomarker"].text and "boyiadzis2018" in ev["msi_biomarker"].sources
    assert "58%" in ev["melanoma_checkpoints"].text and "larkin2015" in ev["melanoma_checkpoints"].sources


def test_glossary_and_references_blocks_are_appended_at_the_end():
    for name, first in (("glossary.yaml", "immunotherapy"), ("references.yaml", "postow2018")):
        text = (ROOT / "data" / name).read_text(encoding="utf-8")
        block = text.split("# --- lesson 07 ---", 1)[1]
        assert f"id: {first}" in block.split("\n  - id:", 2)[1] or f"id: {first}" in block[:200]
    refs = {r.id: r for r in content.references()}
    for rid in ("postow2018", "lee2019", "le2017", "boyiadzis2018", "maude2018", "fda2024lifileucel"):
        assert refs[rid].link.startswith("https://"), rid


# ---------------------------------------------------------------------------------------------- regimens


def test_reference_doses_and_the_blockade_cap():
    assert regimens.reference_dose("adoptive_t_cells", K) == 1e7
    assert regimens.reference_dose("car_t", K) == 1e7
    assert regimens.reference_dose("anti_pd1", K) == 0.5 and regimens.max_multiple("anti_pd1", K) == 2.0
    (tr,) = regimens.treatment(K, Regimen("anti_pd1", 2.0, 0, "every_21"))
    assert tr.schedule.dose == 1.0 and tr.schedule.n_doses == 18 and tr.schedule.interval == 21
    a, b = regimens.treatment(K, Regimen("anti_pd1_plus_anti_ctla4", 1.0, 14, "four_every_21"))
    assert (a.therapy, b.therapy) == ("anti_pd1", "anti_ctla4") and a.schedule.dose_times() == (14, 35, 56, 77)
    assert "il2" not in regimens.lab_therapies(K) and "il2" in regimens.lab_therapies("kirschner1998")


def test_car_t_has_the_transfers_default_dose_not_the_drug_default():
    # Without its own entry a CAR-T run fell back to the drug default: 1 cell every 21 days.
    for model in regimens.LAB_MODELS:
        car = therapy_model.default_schedule("car_t", model, 365)
        act = therapy_model.default_schedule("adoptive_t_cells", model, 365)
        assert car == act, model
        assert regimens.reference_dose("car_t", model) == regimens.reference_dose("adoptive_t_cells", model)
    assert therapy_model.default_schedule("car_t", K, 365).dose == 1e7
    from immunolib.models import kuznetsov

    car, act = kuznetsov.simulate(therapy="car_t"), kuznetsov.simulate(therapy="adoptive_t_cells")
    assert classify_outcome(car) == "elimination" and list(car["T"]) == list(act["T"])


@pytest.mark.parametrize("model", regimens.LAB_MODELS)
def test_every_dose_the_lab_offers_is_inside_the_models_documented_range(model):
    for t in regimens.lab_therapies(model):
        top = regimens.max_multiple(t, model)
        for tr in regimens.treatment(model, Regimen(t, top, 0, "every_14")):
            kind = regimens._kind(tr.therapy, model)
            lo, hi = therapy_model.DOSE_RANGES[kind]
            assert lo <= tr.schedule.dose <= hi, (model, t, tr.schedule.dose)
        simulate_regimen(model, Regimen(t, top, 0, "every_14"))  # runs, no range error
        lab = TherapyLab(model=model, therapy=t)
        assert lab.dose.max == top and lab.status.value == ""
    assert regimens.max_multiple("anti_ctla4", model) == regimens.max_multiple("cancer_vaccine", model) == 3.0


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: Regimen("anti_pd1", dose=-1), "dose"),
        (lambda: Regimen("anti_pd1", start=400), "start"),
        (lambda: Regimen("anti_pd1", schedule="daily"), "schedule"),
        (lambda: Regimen(3), "therapy"),
        (lambda: simulate_regimen("lotka", None), "model"),
        (lambda: simulate_regimen(K, Regimen("il2")), "il2"),
        (lambda: simulate_regimen(K, Regimen("anti_pd1", dose=3.0)), r"dose of anti_pd1 \(× reference\)"),
        (lambda: simulate_regimen(K, "anti_pd1"), "regimen"),
        (lambda: minimum_eliminating_dose(K, "adoptive_t_cells", step=0), "step"),
    ],
)
def test_bad_regimen_arguments_name_what_is_wrong(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def test_recorded_task_answer_is_recomputed_from_the_model():
    best = minimum_eliminating_dose(K, "adoptive_t_cells")
    assert best == 0.9
    assert regimens.outcome(K, Regimen("adoptive_t_cells", 0.90)) == "elimination"
    assert regimens.outcome(K, Regimen("adoptive_t_cells", 0.89)) == "equilibrium"


def test_numbers_quoted_in_the_notebook_come_from_the_model():
    text = " ".join(_nb_text("markdown").split())
    one = simulate_regimen(K, Regimen("adoptive_t_cells", 1.0))
    late = simulate_regimen(K, Regimen("adoptive_t_cells", 1.0, start=60))
    assert int(one.meta["extinct"]) + 1 == 26  # the figure says "by day" = ceil
    assert "by day 26" in text and "by day 81" in text and int(late.meta["extinct"]) + 1 == 81
    assert "0.90×" in text and "0.89×" in text
    assert minimum_eliminating_dose(K, "adoptive_t_cells", schedule="four_every_21") == 0.29 and "0.29×" in text
    assert "1.16×" in text and round(4 * 0.29, 2) == 1.16
    u = simulate_regimen(K)
    assert classify_outcome(u) == "equilibrium"
    pd1 = simulate_regimen(K, Regimen("anti_pd1", 1.0, 0, "every_21"))
    ctla4 = simulate_regimen(K, Regimen("anti_ctla4", 1.0, 0, "every_21"))
    combo = simulate_regimen(K, Regimen("anti_pd1_plus_anti_ctla4", 1.0, 0, "every_21"))
    assert fig_mod.change_from_untreated(pd1, u) == "same"  # "barely moves the tumour"
    assert fig_mod.change_from_untreated(ctla4, u) == "smaller"  # "holds the tumour clearly lower"
    assert classify_outcome(ctla4) == classify_outcome(pd1) == "equilibrium"  # "neither eliminates"
    ratio = max(combo["T"][-300:]) / max(ctla4["T"][-300:])
    assert 0.9 < ratio < 1.1  # "hardly different from anti-CTLA-4 alone"
    for one_dose in (Regimen("anti_pd1", 2.0), Regimen("anti_ctla4", 1.0)):  # "ends the year close to the ghost"
        assert fig_mod.change_from_untreated(simulate_regimen(K, one_dose), u) == "same"
    assert "ends the year close to the ghost" in text


def test_runs_are_cached_and_deterministic():
    r = Regimen("car_t", 0.5, 7, "four_every_21")
    assert simulate_regimen(K, r) is simulate_regimen(K, Regimen("car_t", 0.5000001, 7.0, "four_every_21"))


# ---------------------------------------------------------------------------------------------- figures


def test_cycle_diagram_has_seven_clickable_steps_and_a_non_colour_highlight():
    fig = fig_mod.cycle_diagram("killing")
    steps = {t.meta: t for t in fig.data if isinstance(t.meta, str)}
    assert len(steps) == 7
    assert steps["killing"].marker.line.width == 5 and steps["killing"].marker.size == 40
    assert steps["priming"].marker.line.width == 2
    assert "✱" in steps["infiltration"].text[0]
    assert fig.to_json() == fig_mod.cycle_diagram("killing").to_json()
    with pytest.raises(ValueError, match="selected must be one of"):
        fig_mod.cycle_diagram("step8")
    assert "Step 7, killing of cancer cells, is highlighted" in fig_mod.describe_cycle("killing")


def test_step_card_names_therapies_and_the_cold_tumour():
    card = fig_mod.step_card("infiltration", K)
    assert "cold tumour" in card and "Adoptive T-cell transfer" in card and "chen2013" in card
    assert "selects <em>Anti-PD-1 antibody</em>" in fig_mod.step_card("killing", K)
    for s in fig_mod.cycle_steps():  # a card is at most 80 words a click
        assert len(re.sub("<[^>]+>", " ", fig_mod.step_card(s.id, K)).split()) <= 80, s.id


def test_lab_timecourse_has_ghost_tumour_effectors_doses_and_the_one_cell_line():
    u = simulate_regimen(K)
    tr = simulate_regimen(K, Regimen("adoptive_t_cells", 1.0, 0, "four_every_21"))
    fig = fig_mod.lab_timecourse(tr, u)
    t = _traces(fig)
    assert {"ghost", "tumour", "effector", "doses", "pinned"} <= set(t)
    assert t["ghost"].opacity < 1 and t["ghost"].line.color == "#BBBBBB" and t["effector"].line.dash == "dash"
    assert list(t["doses"].x) == [0, 21, 42, 63] and t["pinned"].visible is False
    assert fig.layout.yaxis.type == "log"
    assert any("1 cell: below this line the tumour is gone" in (a.text or "") for a in fig.layout.annotations)
    assert fig.to_json() == fig_mod.lab_timecourse(tr, u).to_json()


def test_update_in_place_matches_a_fresh_figure():
    u = simulate_regimen(K)
    a = simulate_regimen(K, Regimen("anti_ctla4", 1.0, 0, "every_21"))
    b = simulate_regimen(K, Regimen("adoptive_t_cells", 0.5))
    fig = fig_mod.lab_timecourse(a, u)
    fig_mod.update_lab_timecourse(fig, b, a)
    fresh = fig_mod.lab_timecourse(b, u, a)
    assert fig.to_json() == fresh.to_json()
    assert _traces(fresh)["pinned"].line.dash == "dot"


def test_lab_figure_rejects_runs_of_two_models():
    with pytest.raises(ValueError, match="one model"):
        fig_mod.lab_timecourse(simulate_regimen(K), simulate_regimen("kirschner1998"))


def test_outcome_sentences_use_model_words_never_clinical_ones():
    runs = [simulate_regimen(K), simulate_regimen(K, Regimen("adoptive_t_cells")), simulate_regimen("depillis2005")]
    sentences = [fig_mod.outcome_sentence(r) for r in runs]
    assert sentences[0].startswith("Equilibrium") and "day 26" in sentences[1] and sentences[2].startswith("Escape")
    for s in sentences + [fig_mod.describe_lab(runs[1], runs[0], "x")]:
        for word in ("patient", "cure", "survival", "response rate"):
            assert word not in s.lower()
    caption = fig_mod.model_caption(K)
    assert "mouse" in caption and "Kuznetsov" in caption and "not any patient" in caption


def test_clinic_panels_look_different_and_escape_data():
    for html in (fig_mod.medicines_table(), fig_mod.evidence_panel(), fig_mod.side_effects_panel()):
        assert "immunolib-clinic" in html and "NOT MODEL OUTPUT" in html and "double" in html
    assert "&lt;b&gt;" in fig_mod.clinic_panel("<b>", "")
    with pytest.raises(ValueError, match="kind must be"):
        fig_mod.evidence_panel("rumour")
    table = fig_mod.medicines_table()
    assert table.index("aldesleukin") < table.index("lifileucel")  # oldest approval first


# ---------------------------------------------------------------------------------------------- apps


def test_lab_levers_set_the_regimen_and_redraw_in_place():
    lab = TherapyLab(show=("schedule",))
    fig, traces = lab.figure, list(lab.figure.data)
    assert lab.outcome == "equilibrium" and lab.regimen is None
    steps = [(lab.therapy, "adoptive_t_cells"), (lab.dose, 0.5), (lab.start, 30), (lab.schedule, "four_every_21")]
    for control, value in steps:
        control.value = value
        assert "immunolib-control" in control._dom_classes
    assert lab.figure is fig and list(lab.figure.data) == traces
    assert repr(lab) == (
        "TherapyLab(model='kuznetsov1994', therapy='adoptive_t_cells', dose=0.50, start=30, schedule='four_every_21')"
    )
    assert "Toxicity (immune-related adverse events, cytokine release syndrome) is not in this model" in "".join(
        w.value for w in lab.children if hasattr(w, "value") and isinstance(w.value, str)
    )


def test_choosing_a_blocker_caps_the_dose_and_explains_1x():
    lab = TherapyLab(therapy="adoptive_t_cells", dose=5.0)
    lab.therapy.value = "anti_pd1"
    assert lab.dose.max == 2.0 and lab.dose.value == 2.0 and "half of the checkpoint signal" in lab.unit.value
    assert lab.status.value == ""


def test_pinned_regimen_a_is_drawn_and_cleared():
    lab = TherapyLab(therapy="anti_ctla4", schedule="every_21", show=("compare",))
    lab.pin.click()
    lab.therapy.value = "anti_pd1_plus_anti_ctla4"
    t = _traces(lab.figure)
    assert t["pinned"].visible is True and "Regimen A" in lab.alt.value and lab.pin.description == "Clear regimen A"
    lab.pin.click()
    assert _traces(lab.figure)["pinned"].visible is False and "Regimen A" not in lab.alt.value
    assert lab.pin.description == "Keep as regimen A"


def test_lab_opens_with_three_controls_and_shows_more_when_a_task_asks():
    def shown(lab):
        return [
            n
            for n, w in (
                ("therapy", lab.therapy),
                ("dose", lab.dose),
                ("start", lab.start),
                ("schedule", lab.schedule),
                ("compare", lab.pin),
            )
            if w.layout.display != "none"
        ]

    lab = TherapyLab()
    assert shown(lab) == ["therapy", "dose", "start"] and TherapyLab.role == "model"
    assert "immunolib-control" not in lab.schedule._dom_classes
    assert shown(TherapyLab(show=("schedule",))) == ["therapy", "dose", "start", "schedule"]
    later = TherapyLab(controls=("therapy", "schedule", "compare"))
    assert shown(later) == ["therapy", "schedule", "compare"] and repr(later) == repr(TherapyLab())
    later.schedule.value = "every_21"  # a hidden lever keeps its value: the dose stays 1x
    later.therapy.value = "anti_ctla4"
    assert later.regimen == Regimen("anti_ctla4", 1.0, 0, "every_21")
    assert (CancerImmunityCycle.role, TherapyPlacement.role) == ("explorer", "questions")


def test_cycle_preselects_the_therapy_in_a_linked_lab():
    lab = TherapyLab()
    cycle = CancerImmunityCycle(selected="priming")
    assert lab.therapy.value == "none"  # linking does not move the lab off its baseline
    cycle.link(lab)
    cycle.chooser.value = "killing"
    assert lab.therapy.value == "anti_pd1"
    cycle.chooser.value = "trafficking"
    assert lab.therapy.value == "adoptive_t_cells"
    cycle.chooser.value = "priming"
    assert lab.therapy.value == "anti_ctla4"
    from immunolib.widgets import Predict

    Predict(lab, "What will happen?", fig_mod.CHANGE_WORDS, outcome=lambda app: app.change)
    cycle.chooser.value = "killing"  # a locked lab waits for the prediction
    assert lab.therapy.value == "anti_ctla4"


def test_cycle_app_menu_and_click_change_figure_card_and_alt():
    app = CancerImmunityCycle()
    card = app.card.value
    app.chooser.value = "recognition"
    assert app.card.value != card
    trace = next(t for t in app.figure.data if t.meta == "killing")
    app._on_click(trace, type("P", (), {"point_inds": [0]})(), None)
    assert app.selected == "killing" and "Step 7" in app.card.value
    assert "immunolib-control" in app.chooser._dom_classes


@pytest.mark.parametrize(
    "kwargs, words",
    [  # values wrong for this lab (any argument's wrong kind of value:
        ({"therapy": "il2"}, "therapy must be one of"),  # tests/test_app_contract.py)
        ({"dose": 11}, "dose must be in"),
        ({"therapy": "anti_pd1", "dose": 2.5}, r"dose must be in \[0, 2\]"),
        ({"show": ("dose",)}, "show must be one of"),
    ],
)
def test_lab_bad_arguments(kwargs, words):
    with pytest.raises(ValueError, match=words):
        TherapyLab(**kwargs)


def _notebook_record_answer(lab):
    """The RecordAnswer cell of the notebook, run against ``lab`` (so the test checks what students get)."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    src = next(
        "".join(c["source"])
        for c in nb["cells"]
        if c["cell_type"] == "code" and "RecordAnswer(lab" in "".join(c["source"])
    )
    ns = {"lab": lab}
    exec(compile(src.replace("RecordAnswer(lab", "task = RecordAnswer(lab", 1), "07[record]", "exec"), ns)
    return ns["task"]


def test_recorded_task_is_checked_against_the_model_before_the_solution_opens():
    lab = TherapyLab()
    task = _notebook_record_answer(lab)
    assert isinstance(task, RecordAnswer) and task.solution.layout.display == "none"
    task.value.value = "0.9"
    assert "First set the app" in task.check() and task.solution.layout.display == "none"  # untreated lab
    lab.therapy.value = "adoptive_t_cells"
    task.value.value = "0.5"
    assert task.check().startswith("✘") and "0.9" in task.feedback.value
    task.value.value = "0.90"
    assert task.check().startswith("✔") and task.solution.layout.display is None
    lab.start.value = 60
    assert "day 0" in task.check()


def test_therapy_placement_checks_and_explains_every_therapy():
    app = TherapyPlacement()
    assert "immunolib-quiz" in app._dom_classes and "immunolib-feedback" in app.feedback._dom_classes
    app.answer.value = "killing"
    assert app.check() is False and "Not quite" in app.feedback.value
    for i, t in enumerate(TherapyPlacement.ORDER):
        if i:
            app.next()
        assert app.therapy == t and (i == 0 or app.feedback.value == "")
        app.answer.value = app.correct_steps(t)[0]
        assert app.check() is True and "Right." in app.feedback.value
    assert f"{len(TherapyPlacement.ORDER)} of {len(TherapyPlacement.ORDER)}" in app.feedback.value
    with pytest.raises(ValueError, match="therapy_id must be one of"):
        app.correct_steps("aspirin")


def test_prediction_choices_match_what_the_lab_reports():
    lab = TherapyLab()
    assert lab.change == "same" and set(fig_mod.CHANGE_WORDS) == {"eliminated", "smaller", "same", "larger"}
    lab.therapy.value = "adoptive_t_cells"
    assert lab.change == "eliminated"


# ---------------------------------------------------------------------------------------------- quiz, notebook, note


def test_quiz_is_fair_and_reads_figures_and_an_earlier_lesson():
    quiz = content.quiz("07_immunotherapy_lab")
    assert len(quiz.questions) >= 6 and quiz.notebook == "07_immunotherapy_lab.ipynb"
    first, longest = 0, 0
    for q in quiz.questions:
        assert q.explanation and q.sources
        for o in q.options:
            assert len(o.feedback) > 15
            assert o.feedback.startswith("Right" if o.correct else "Wrong"), (q.id, o.text)
        assert grade(q, list(q.correct)).correct
        first += q.options[0].correct
        longest += max(q.options, key=lambda o: len(o.text)).correct
    assert first < len(quiz.questions) / 2 and longest < len(quiz.questions) / 2
    assert sum("figure" in q.prompt for q in quiz.questions) >= 2
    assert any("lesson 04" in q.prompt.lower() for q in quiz.questions)


def test_notebook_uses_the_apps_predicts_first_and_keeps_model_and_clinic_apart():
    code, text = _nb_text("code"), _nb_text("markdown")
    for call in (
        "CancerImmunityCycle(",
        "TherapyPlacement()",
        "TherapyLab()",
        "cycle.link(lab)",
        "Predict(lab",
        "RecordAnswer(lab",
        'TherapyLab(controls=("therapy", "schedule", "compare"))',
        "Predict(schedules",
        'Quiz("07_immunotherapy_lab")',
        "medicines_table()",
        "side_effects_panel()",
        "evidence_panel(",
        'ModelDiagram("lab")',
        'parameter_table("kuznetsov1994", folded=True)',
    ):
        assert call in code, call
    assert code.index("Predict(lab") < code.index("medicines_table()")
    assert text.count("<summary>Show a solution") >= 3 and "data/" not in code
    assert "not a clinical prediction" in text


def test_instructor_note_has_plan_key_and_misconceptions():
    note = (ROOT / "docs" / "instructor" / "07_immunotherapy_lab.md").read_text(encoding="utf-8")
    for words in ("Learning objectives", "50-minute plan", "Answer key", "misconceptions"):
        assert words.lower() in note.lower(), words
    for q in content.quiz("07_immunotherapy_lab").questions:
        assert q.id in note, q.id
    assert "0.90" in note and "TherapyLab" in note


def test_readme_lists_the_lesson_with_a_binder_link():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if "07_immunotherapy_lab.ipynb" in line)
    assert "mybinder.org/v2/gh/immunolib/immunolib/main?urlpath=lab/tree/notebooks/07_immunotherapy_lab.ipynb" in row
