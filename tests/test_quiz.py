"""Quizzes: honest grading, feedback that explains, data an instructor can extend."""

import pytest

from immunolib import content
from immunolib.widgets.quiz import Quiz, grade


def single():
    return next(q for qz in content.quizzes() for q in qz.questions if q.kind == "single")


def multiple():
    return next(q for qz in content.quizzes() for q in qz.questions if q.kind == "multiple")


def test_every_quiz_has_questions_with_feedback():
    assert content.quizzes()
    for qz in content.quizzes():
        for q in qz.questions:
            assert q.explanation and all(o.feedback for o in q.options)


def test_wrong_answer_says_it_is_wrong():
    q = single()
    wrong = next(i for i, o in enumerate(q.options) if not o.correct)
    g = grade(q, [wrong])
    assert not g.correct and g.headline == "Not quite."
    assert q.options[wrong].feedback in g.details[0]
    assert g.explanation == q.explanation


def test_right_answer_is_right():
    q = single()
    g = grade(q, list(q.correct))
    assert g.correct and g.headline == "Correct."


def test_multiple_choice_partial_and_missed():
    q = multiple()
    g = grade(q, [q.correct[0]])
    assert not g.correct and g.headline == "Partly right." and "missed" in g.details[-1]
    assert grade(q, list(q.correct)).correct


def test_no_answer_asks_for_one():
    assert grade(single(), []).headline == "Choose an answer first."


def test_out_of_range_choice_is_a_clear_error():
    with pytest.raises(ValueError, match="out of range"):
        grade(single(), [99])


def test_quiz_widget_checks_an_answer_like_a_student():
    quiz = Quiz("00_start_here")
    view = quiz.views[0]
    assert view.feedback.value == ""
    wrong = next(o.text for o in view.question.options if not o.correct)
    view.choice.value = wrong
    view.button.click()
    assert "Not quite" in view.feedback.value and "Why:" in view.feedback.value
    assert "immunolib-quiz" in quiz._dom_classes
