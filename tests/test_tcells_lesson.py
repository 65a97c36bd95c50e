"""Lesson 05: presentation pathways, cytokine explorer, help-and-restraint simulator, their data, quiz and prose."""

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from immunolib import content
from immunolib.figures import tcells as tf
from immunolib.models import balance, kirschner
from immunolib.models.outcomes import classify_outcome
from immunolib.widgets import CytokineExplorer, HelpRestraintSimulator, Predict, PresentationPathway

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "05_t_cells_and_antigen_presentation.ipynb"
QUIZ = "05_t_cells_and_antigen_presentation"


def _words(text: str) -> int:
    return len(re.findall(r"\S+", text))


def _markdown(nb) -> str:
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


# ---------------------------------------------------------------------------------------------- data


def test_pathways_cover_both_classes_and_cross_presentation():
    paths = {p.id: p for p in content.collection("antigen_presentation")}
    assert set(paths) == {"virus_in_cell", "engulfed_bacterium", "tumour_neoantigen"}
    assert paths["virus_in_cell"].mhc_class == "I" and paths["virus_in_cell"].seen_by == ("cd8_t_cell",)
    assert paths["engulfed_bacterium"].mhc_class == "II" and paths["engulfed_bacterium"].seen_by == ("cd4_t_cell",)
    assert "cd8_t_cell" in paths["tumour_neoantigen"].seen_by
    titles = " ".join(s.title + s.text for s in paths["virus_in_cell"].steps)
    assert "proteasome" in titles and "TAP" in titles
    assert "Cross-presentation" in [s.title for s in paths["tumour_neoantigen"].steps]
    for p in paths.values():
        for s in p.steps:
            assert _words(s.text) <= 60, (p.id, s.title)


def test_cytokines_cover_the_course_and_cards_stay_short():
    cyts = {c.id: c for c in content.collection("cytokines")}
    assert {"il2", "ifn_gamma", "tnf", "il6", "il10", "tgf_beta", "il12", "type_i_ifn"} <= set(cyts)
    for c in cyts.values():
        assert _words(c.what_it_does) <= 60, c.id
        assert _words(c.what_it_does) + _words(c.medicine) <= 80, c.id  # a click shows at most 80 words
        assert c.sources and set(c.made_by) <= set(tf.GROUPS) and set(c.heard_by) <= set(tf.GROUPS)
    # the trade-off the lesson teaches is in the data: Tregs hear IL-2 but do not make it
    assert "treg" in cyts["il2"].heard_by and "treg" not in cyts["il2"].made_by
    assert cyts["il6"].medicine_kind == "blocked by medicines" and "tocilizumab" in cyts["il6"].medicine


def _data_copy(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(content.data_dir(), root)
    return root


def test_a_cytokine_with_an_unknown_group_is_a_clear_error(tmp_path):
    root = _data_copy(tmp_path)
    path = root / "cytokines.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["cytokines"][0]["made_by"] = ["t_cells"]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"cytokines\.yaml.*il2.*made_by"):
        content.Content(root).collection("cytokines")


def test_a_pathway_seen_by_an_unknown_cell_is_a_clear_error(tmp_path):
    root = _data_copy(tmp_path)
    path = root / "antigen_presentation.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["antigen_presentation"][0]["seen_by"] = ["cd9_t_cell"]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"antigen_presentation\.yaml: entry 'virus_in_cell'.*cd9_t_cell"):
        content.Content(root).collection("antigen_presentation")


def test_lesson_05_glossary_and_references_blocks_exist_and_resolve():
    gl = (ROOT / "data" / "glossary.yaml").read_text(encoding="utf-8")
    refs = (ROOT / "data" / "references.yaml").read_text(encoding="utf-8")
    assert "# --- lesson 05 ---" in gl and "# --- lesson 05 ---" in refs
    block = re.split(r"# --- lesson \d\d ---", gl.split("# --- lesson 05 ---", 1)[1])[0]
    new_terms = yaml.safe_load("terms:\n" + block)["terms"]
    assert len(new_terms) >= 8
    for t in new_terms:
        term = content.term(t["id"])
        assert _words(term.definition) <= 40 and term.sources
    block = re.split(r"# --- lesson \d\d ---", refs.split("# --- lesson 05 ---", 1)[1])[0]
    new_refs = yaml.safe_load("references:\n" + block)["references"]
    for r in new_refs:
        assert r.get("doi") or r.get("url"), r["id"]


# ---------------------------------------------------------------------------------------------- the model levers


def test_levers_map_onto_the_papers_parameters():
    base = content.model("kirschner1998").values()
    assert balance.parameters_for() == {"p2": base["p2"], "mu2": base["mu2"], "c": base["c"]}
    p = balance.parameters_for(help=10, restraint=0.25, antigenicity=2)
    assert p == pytest.approx({"p2": 10 * base["p2"], "mu2": 0.25 * base["mu2"], "c": 2 * base["c"]})
    for name, levels in balance.LEVELS.items():
        assert 1.0 in levels, f"{name}: 1× (the paper's value) must be offered"


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"help": 3}, "help"),
        ({"restraint": 0}, "restraint"),
        ({"antigenicity": 0.5}, "antigenicity"),
        ({"help": True}, "help"),
        ({"restraint": "1"}, "restraint"),
    ],
)
def test_bad_lever_values_name_the_lever_and_its_values(kwargs, word):
    with pytest.raises(ValueError, match=rf"^{word} must be one of .*× the paper's value"):
        balance.run(**kwargs)


def test_cached_runs_match_a_fresh_solve():
    r = balance.run(help=10, restraint=0.25)
    fresh = kirschner.simulate(balance.parameters_for(10, 0.25, 1), days=balance.DAYS, points_per_day=2.0)
    assert np.allclose(r.trajectory["T"], fresh["T"]) and classify_outcome(fresh) == r.outcome
    assert balance.run(help=10, restraint=0.25) is r  # cached: a callback does not solve again


def test_direction_of_each_lever():
    """What the lesson asks students to predict: less restraint and more antigenicity shrink the tumour's
    largest size; more restraint enlarges it; help through IL-2 alone changes it little."""
    paper = balance.run()
    assert paper.outcome == "equilibrium"
    assert balance.run(restraint=0.25).largest_tumour < 0.5 * paper.largest_tumour
    assert balance.run(restraint=3).largest_tumour > 3 * paper.largest_tumour
    assert balance.run(antigenicity=2).largest_tumour < 0.5 * paper.largest_tumour
    assert abs(balance.run(help=20).largest_tumour / paper.largest_tumour - 1) < 0.05
    largest = [balance.run(restraint=r).largest_tumour for r in balance.LEVELS["restraint"]]
    assert largest == sorted(largest)


def test_numbers_quoted_in_the_notebook_prose_come_from_the_model():
    """Exercise 3's solution quotes these numbers: they must be what the model computes."""
    f = tf.fmt_cells
    assert f(balance.run().largest_tumour) == "150,000"
    assert f(balance.run(help=20).largest_tumour) == "150,000"
    assert f(balance.run(restraint=0.25).largest_tumour) == "56,000"
    assert f(balance.run(restraint=0.25).final_tumour) == "15"
    assert balance.run(restraint=0.25).outcome == "equilibrium"  # the answer to the simulator's Predict
    assert f(balance.run(restraint=3).largest_tumour) == "690,000"
    assert f(balance.run(help=10, restraint=2).largest_tumour) == "310,000"
    assert HelpRestraintSimulator.task_answer() == 10.0
    assert balance.run(help=10, restraint=0.25).extinction_day == 142.0
    assert balance.run(help=20, restraint=0.25).extinction_day == 124.5
    t5 = np.asarray(balance.run(help=5, restraint=0.25).trajectory["T"])
    assert balance.run(help=5, restraint=0.25).outcome == "equilibrium" and 1.0 < t5.min() < 2.0
    text = _markdown(json.loads(NOTEBOOK.read_text(encoding="utf-8")))
    for quoted in (
        "about 150,000 cells",
        "about 56,000 cells",
        "about 15 cells",
        "about 690,000 cells",
        "**10×**",
        "day 142",
        "day 124.5",
        "about 310,000 cells",
    ):
        assert quoted in text, quoted


def test_model_caption_and_lever_sentences():
    cap = tf.balance_caption()
    assert "Kirschner" in cap and "not any patient's future" in cap and "one cell" in cap
    html = tf.lever_sentences({"help": 2.0, "restraint": 1.0, "antigenicity": 1.0})
    assert html.count("<li>") == 3 and "p₂" in html and "μ₂" in html and "Caveat" in html and "×2" in html
    for word in ("patient", "cure", "survival"):
        for outcome_text in tf.OUTCOME_WORDS.values():
            assert word not in outcome_text


# ---------------------------------------------------------------------------------------------- figures


def test_presentation_diagram_hides_future_steps():
    p = content.record("antigen_presentation", "virus_in_cell")
    fig = tf.presentation_diagram(p, 2)
    stations = fig.data[1]
    assert "Cut by the proteasome" in stations.text[1].replace("<br>", " ")
    assert all(t.endswith("?") for t in stations.text[2:])
    assert list(fig.data[0].x) == [1, 2]
    assert "4 later steps are still hidden" in tf.describe_presentation(p, 2)
    assert "CD8" in tf.describe_presentation(p, len(p.steps))
    with pytest.raises(ValueError, match="step must be a whole number from 1 to 6"):
        tf.presentation_diagram(p, 7)


def test_cytokine_grid_marks_makers_and_hearers_by_symbol():
    fig = tf.cytokine_grid("il2")
    il2 = [t for t in fig.data if t.meta == "il2"]
    assert [t.name for t in il2] == ["makes it", "hears it"]
    assert il2[0].marker.symbol != il2[1].marker.symbol  # not colour alone
    assert il2[0].marker.size > [t for t in fig.data if t.meta == "tnf"][0].marker.size
    assert "Regulatory T" in tf.describe_cytokine("il2")
    with pytest.raises(ValueError, match="cytokine must be one of"):
        tf.cytokine_grid("il99")


def test_balance_figure_marks_below_one_cell_and_keeps_the_ghost():
    gone = balance.run(help=10, restraint=0.25)
    fig = tf.balance_figure(gone)
    t = {tr.meta: tr for tr in fig.data}
    assert list(t["gone"].x) == [142.0] and "below one cell: gone" in t["gone"].text[0]
    assert t["ghost_T"].opacity < 1 and t["ghost_T"].line.color != t["T"].line.color
    assert t["T"].line.dash != t["E"].line.dash
    assert "elimination" in fig.layout.title.text
    assert "falls below one cell on day 142" in tf.describe_balance(gone)
    tf.show_balance(fig, balance.run())
    assert list(t["gone"].x) == [] and "equilibrium" in fig.layout.title.text
    assert fig.to_json() == tf.balance_figure(balance.run()).to_json()  # deterministic


# ---------------------------------------------------------------------------------------------- apps


def test_pathway_app_steps_to_the_end_and_a_new_pathway_starts_at_step_1():
    app = PresentationPathway()
    app.next_button.click()
    app.pathway_buttons.value = "tumour_neoantigen"
    assert app.step == 1 and app.prev_button.disabled
    for _ in range(10):
        app.next_button.click()
    assert app.step == 6 and app.next_button.disabled and "End of the pathway" in app.card.value
    assert app.seen_by == "both"


def test_pathway_app_with_a_prediction_reveals_nothing_until_the_last_step():
    app = PresentationPathway("tumour_neoantigen")
    p = Predict(
        app,
        "Which T cells?",
        {"cd4": "CD4 only", "cd8": "CD8 only", "both": "both"},
        outcome=PresentationPathway.shown_t_cells,
    )
    assert app.next_button.disabled and app.pathway_buttons.disabled
    p.choice.value = "cd4"
    p.lock()
    assert not app.pathway_buttons.disabled
    assert p.matches is None and p.pending and "both" not in p.result.value and "not shown it yet" in p.result.value
    for _ in range(app.n_steps - 2):
        app.next_button.click()
    assert p.matches is None  # one step before the end: still nothing revealed
    app.next_button.click()
    assert p.matches is False and "both" in p.result_text()
    app.prev_button.click()
    assert p.matches is False  # once reached, the answer stays shown
    app.pathway_buttons.value = "engulfed_bacterium"  # the question is about the tumour pathway:
    for _ in range(app.n_steps):  # another pathway's end does not change the answer
        app.next_button.click()
    assert app.seen_by == "cd4" and p.shown == "both" and p.matches is False
    fresh = PresentationPathway("engulfed_bacterium")
    q = Predict(
        fresh,
        "Which T cells?",
        {"cd4": "CD4 only", "cd8": "CD8 only", "both": "both"},
        outcome=PresentationPathway.shown_t_cells,
    )
    q.choice.value = "cd4"
    q.lock()
    fresh.pathway_buttons.value = "virus_in_cell"
    for _ in range(fresh.n_steps):
        fresh.next_button.click()
    assert q.matches is None  # the virus's end is not the bacterium's
    fresh.pathway_buttons.value = "engulfed_bacterium"
    for _ in range(fresh.n_steps):
        fresh.next_button.click()
    assert q.matches is True


def test_pathway_app_is_a_stepper_that_hides_future_steps():
    for pid in ("virus_in_cell", "engulfed_bacterium", "tumour_neoantigen"):
        app = PresentationPathway(pid)
        assert app.role == "stepper" and app.n_steps == len(app.pathway.steps)
        titles = [app.step_title(k) for k in range(1, app.n_steps + 1)]
        assert titles == [s.title for s in app.pathway.steps]
        shown = (app.figure.layout.title.text + app.alt.value).lower()
        for k in range(2, app.n_steps + 1):
            assert titles[k - 1].lower() not in shown, (pid, titles[k - 1])
        app.go_to(3)
        assert app.step == 3 and "step 3 of" in app.position.value
        with pytest.raises(ValueError, match="step must be a whole number"):
            app.go_to(app.n_steps + 1)


def test_cytokine_app_menu_and_click():
    app = CytokineExplorer()
    app.chooser.value = "il10"
    assert "IL-10" in app.card.value
    tnf_trace = next(t for t in app.figure.data if t.meta == "tnf")
    app._on_click(tnf_trace, type("P", (), {"point_inds": [0]})(), None)
    assert app.selected == "tnf" and "infliximab" in app.card.value


def test_simulator_every_lever_changes_its_sentences_and_the_ghost_stays():
    app = HelpRestraintSimulator()
    assert repr(app) == "HelpRestraintSimulator(help=1, restraint=1, antigenicity=1)"
    for slider, value in ((app.help, 5.0), (app.restraint, 0.5), (app.antigenicity, 2.0)):
        levers = app.levers_view.value
        slider.value = value
        assert app.levers_view.value != levers
    # the ghost never moves
    ghost = next(t for t in app.figure.data if t.meta == "ghost_T")
    assert list(ghost.y) == [None if v <= 0 else float(v) for v in balance.run().trajectory["T"]]


def test_simulator_is_a_model_app_with_three_controls_and_a_recorded_answer():
    from immunolib.widgets import RecordAnswer

    app = HelpRestraintSimulator()
    assert app.role == "model" and not hasattr(app, "check_button")
    task = RecordAnswer(
        app,
        "Smallest help?",
        answer=HelpRestraintSimulator.task_answer,
        unit="× the paper's value",
        tolerance=0,
        settings=HelpRestraintSimulator.task_settings,
        solution="10×.",
    )
    task.value.value = "10"
    assert task.check().startswith("First set the app") and task.solution.layout.display == "none"
    app.restraint.value = 0.25
    assert HelpRestraintSimulator.task_settings(app) is None
    task.value.value = "5"
    assert task.check().startswith("✘") and "10" in task.feedback.value
    task.value.value = "10"
    assert task.check().startswith("✔") and task.solution.layout.display is None
    # the answer is computed on the model: the smallest help level that eliminates at restraint 0.25×
    assert balance.run(help=10, restraint=0.25).outcome == "elimination"
    assert balance.run(help=5, restraint=0.25).outcome != "elimination"
    app.antigenicity.value = 2.0
    assert "antigenicity" in HelpRestraintSimulator.task_settings(app)


def test_simulator_with_a_prediction():
    app = HelpRestraintSimulator()
    p = Predict(
        app,
        "What happens?",
        {o: o for o in ("elimination", "equilibrium", "escape")},
        outcome=HelpRestraintSimulator.shown_outcome,
    )
    assert app.help.disabled and app.restraint.disabled and app.antigenicity.disabled
    p.choice.value = "elimination"
    p.lock()
    assert p.matches is False
    app.restraint.value = 0.25
    app.help.value = 10.0
    assert p.matches is True and "elimination" in p.result.value


def test_compartment_diagram_of_the_model():
    fig = tf.kirschner_compartments()
    boxes = [a.text for a in fig.layout.annotations if a.name == "box"]
    assert boxes[:3] == ["<b>T</b> tumour cells", "<b>E</b> effector T cells", "<b>I</b> IL-2"]
    alt = tf.describe_kirschner_compartments()
    for lever in ("antigenicity", "help", "restraint"):
        assert lever in alt
    assert fig.to_json() == tf.kirschner_compartments().to_json()


# ---------------------------------------------------------------------------------------------- quiz and notebook


def test_quiz_is_fair_and_reads_the_lessons_figures():
    quiz = content.quiz(QUIZ)
    qs = quiz.questions
    assert len(qs) >= 6
    firsts, longest = 0, 0
    for q in qs:
        assert all(o.feedback for o in q.options) and q.explanation
        correct = [i for i, o in enumerate(q.options) if o.correct]
        lengths = [len(o.text) for o in q.options]
        firsts += correct == [0]
        longest += q.kind == "single" and lengths.index(max(lengths)) in correct
    assert firsts <= len(qs) // 3 and longest <= len(qs) // 3, (firsts, longest)
    ids = {q.id for q in qs}
    assert {"q05_pathway_figure", "q05_grid_figure", "q05_simulator_figure", "q05_tfh_help"} <= ids
    # the simulator question is true of the model
    assert abs(balance.run(help=20).largest_tumour / balance.run().largest_tumour - 1) < 0.05
    assert balance.run(help=20).outcome == "equilibrium"


def test_notebook_uses_predict_before_each_stepper_and_model_app():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    for app in ("PresentationPathway", "HelpRestraintSimulator"):
        cell = next(c for c in code if f"{app}(" in c)
        assert "Predict(" in cell, app
    assert any("CytokineExplorer(" in c for c in code)
    assert all("from immunolib.widgets import" in c for c in code if "Explorer(" in c or "Simulator(" in c)


def test_notebook_prose_budgets_and_collapsed_solutions():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    words, before_first_app = 0, None
    for c in nb["cells"]:
        src = "".join(c["source"])
        if c["cell_type"] == "markdown":
            words += _words(re.sub(r"<details>.*?</details>", "", src, flags=re.S))
        elif "PresentationPathway(" in src:
            before_first_app = words
            break
    assert before_first_app is not None and before_first_app <= 400, before_first_app
    text = _markdown(nb)
    assert text.count("<details>") >= 3 and text.count("<details>") == text.count("</details>")
    assert "<details open" not in text
