"""Predict, then run (issue 11): the Predict and RecordAnswer components, used like a student would."""

import pytest

from immunolib.widgets import (
    ClonalSelectionExplorer,
    InfectionSimulator,
    Predict,
    RecordAnswer,
    ResponseStepper,
    TCellJourney,
)


def make():
    app = InfectionSimulator()
    return app, Predict(
        app,
        "Does a second exposure on day 30 make more IgG than the first?",
        {"more": "More IgG", "same": "About the same"},
        outcome=lambda a: "more" if a.second.value else "same",
    )


def test_controls_are_locked_until_a_prediction_is_locked_in():
    app, p = make()
    assert app.dose.disabled and app.second.disabled and app.vaccinated.disabled
    assert p.button.disabled and p.result.value == "" and p.matches is None
    with pytest.raises(ValueError, match="choose a prediction"):
        p.lock()
    p.choice.value = "more"
    assert not p.button.disabled
    p.button.click()
    assert p.locked and p.choice.disabled and p.button.description == "Locked in"
    assert not (app.dose.disabled or app.second.disabled or app.vaccinated.disabled)


def test_result_line_compares_prediction_and_model_after_every_change():
    app, p = make()
    p.choice.value = "more"
    p.lock()
    assert p.shown == "same" and p.matches is False
    assert "You predicted “More IgG” — the model shows “About the same”" in p.result.value
    assert p.reason.layout.display is None  # the "explain the difference" box opens
    app.second.value = 30  # a student's change: the line updates
    assert p.shown == "more" and p.matches is True and "matches" in p.result.value
    assert p.reason.layout.display == "none"


def test_disabled_state_of_a_control_is_restored_not_forced_on():
    app = ResponseStepper("virus_in_skin")
    assert app.prev_button.disabled  # nothing before step 1
    p = Predict(
        app, "Which cell acts first?", {"innate": "An innate cell", "t": "A T cell"}, outcome=lambda a: "innate"
    )
    assert app.next_button.disabled and app.slider.disabled
    p.choice.value = "t"
    p.lock()
    assert app.prev_button.disabled and not app.next_button.disabled


@pytest.mark.parametrize(
    "bad, match",
    [
        (dict(app="not an app"), "immunolib App"),
        (dict(question="  "), "question"),
        (dict(choices={"only": "One"}), "at least two"),
        (dict(outcome="yes"), "outcome must be a function"),
    ],
)
def test_bad_arguments_are_clear_errors(bad, match):
    args = dict(app=TCellJourney(), question="Where next?", choices={"a": "A", "b": "B"}, outcome=lambda a: "a")
    args.update(bad)
    with pytest.raises((TypeError, ValueError), match=match):
        Predict(**args)


def test_an_outcome_that_fails_is_not_a_traceback():
    app = TCellJourney()
    p = Predict(app, "Where next?", {"a": "A", "b": "B"}, outcome=lambda a: 1 / 0)
    p.choice.value = "a"
    p.lock()
    assert p.shown is None and "did not offer" in p.result.value and "Traceback" not in p.result.value


def test_record_answer_checks_against_the_model_before_the_solution_opens():
    app = ClonalSelectionExplorer()
    truth = lambda a: a.summary["n_selected"]  # noqa: E731
    task = RecordAnswer(
        app,
        "How many clones are selected at the default settings?",
        truth,
        "clones",
        0,
        "Count the filled dots inside the circle.",
    )
    assert task.solution.layout.display == "none"
    assert task.check() == "Type a number first." and task.solution.layout.display == "none"
    task.value.value = "many"
    assert "not a number" in task.check() and task.solution.layout.display == "none"
    task.value.value = str(truth(app) + 5)
    msg = task.check()
    assert msg.startswith("✘") and f"{truth(app):.3g} clones" in msg and task.solution.layout.display is None
    task.value.value = str(truth(app))
    assert task.check().startswith("✔")


def test_record_answer_asks_for_the_task_settings_first():
    app = InfectionSimulator()
    task = RecordAnswer(
        app,
        "Set a second exposure on day 30.",
        lambda a: 1.0,
        "days",
        0.5,
        "…",
        settings=lambda a: None if a.second.value == 30 else "choose day 30",
    )
    task.value.value = "1"
    assert "choose day 30" in task.check() and task.solution.layout.display == "none"
    app.second.value = 30
    assert task.check().startswith("✔")


@pytest.mark.parametrize(
    "bad, match",
    [(dict(unit=""), "unit"), (dict(tolerance=-1), "tolerance"), (dict(answer=3), "answer must be a function")],
)
def test_record_answer_bad_arguments(bad, match):
    args = dict(app=InfectionSimulator(), question="q?", answer=lambda a: 1.0, unit="days", tolerance=1, solution="s")
    args.update(bad)
    with pytest.raises((TypeError, ValueError), match=match):
        RecordAnswer(**args)


def test_a_stepper_prediction_waits_for_the_step_that_answers_it():
    app = ResponseStepper("virus_in_skin")
    p = Predict(
        app,
        "Where do killer T cells first meet the virus's antigen?",
        {"skin": "In the skin", "node": "In a lymph node"},
        outcome=lambda a: "node" if a.step >= 3 else None,
    )
    p.choice.value = "skin"
    p.lock()
    assert p.pending and p.matches is None and "keep going" in p.result.value
    assert p.reason.layout.display == "none"
    app.next_button.click()
    assert p.pending
    app.next_button.click()  # step 3: the lymph node
    assert not p.pending and p.matches is False and "the model shows “In a lymph node”" in p.result.value
    assert p.reason.layout.display is None
