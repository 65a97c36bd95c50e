"""Quizzes: honest grading, feedback that explains, data an instructor can extend."""

import pytest

from immunolib import content
from immunolib.widgets.quiz import Quiz, grade, shuffled_order


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
    quiz = Quiz("00_start_here", student="ada")
    view = quiz.views[0]
    assert view.feedback.value == ""
    wrong = next(o.id for o in view.question.options if not o.correct)
    view.choice.value = wrong
    view.button.click()
    assert "Not quite" in view.feedback.value and "Why:" in view.feedback.value
    assert "immunolib-quiz" in quiz._dom_classes


def test_grading_is_by_option_id_whatever_the_order_shown():
    q = multiple()
    keys = [o.id for o in q.options if o.correct]
    assert grade(q, list(reversed(keys))).correct
    with pytest.raises(ValueError, match="not an option"):
        grade(q, ["zz"])
    for student in ("ada", "ben", "chen"):
        view = next(v for v in Quiz(_quiz_of(q), student=student).views if v.question.id == q.id)
        view.choose(*keys)
        assert view._check().correct, (student, view.order)


def _quiz_of(question):
    return next(qz.id for qz in content.quizzes() if question in qz.questions)


def test_options_are_shuffled_stably_per_student_and_differ_between_students():
    for qz in content.quizzes():
        a1 = [v.order for v in Quiz(qz.id, student="ada").views]
        a2 = [v.order for v in Quiz(qz.id, student="ada").views]
        assert a1 == a2
        others = [[v.order for v in Quiz(qz.id, student=f"s{k}").views] for k in range(5)]
        assert any(o != a1 for o in others), qz.id
    # Over many students, the key of a single-answer question lands in every position.
    q = single()
    positions = {shuffled_order(q, f"student{k}").index(q.options[q.correct[0]].id) for k in range(60)}
    assert positions == set(range(len(q.options)))


def test_option_ids_default_to_letters_and_must_be_unique():
    q = content.quiz("00_start_here").questions[0]
    assert [o.id for o in q.options][:2] == ["a", "b"]


def test_duplicate_option_ids_are_a_clear_content_error(tmp_path):
    import shutil

    root = tmp_path / "data"
    shutil.copytree(content.data_dir(), root)
    path = root / "quizzes" / "00_start_here.yaml"
    text = path.read_text().replace(
        '      - text: "Innate immunity"', '      - id: same\n        text: "Innate immunity"', 1
    )
    text = text.replace('      - text: "Adaptive immunity"', '      - id: same\n        text: "Adaptive immunity"', 1)
    path.write_text(text)
    with pytest.raises(content.ContentError, match="00_start_here.yaml.*same id"):
        content.Content(root).quizzes()


def test_long_options_wrap():
    quiz = Quiz("00_start_here", student="ada")
    assert "white-space:normal" in quiz.style_html and quiz.style_html in quiz.children[0].value
    assert all("immunolib-quiz-options" in v.children[1]._dom_classes for v in quiz.views)
