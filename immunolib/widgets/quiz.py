"""'Check your understanding': quiz questions from ``data/quizzes/<id>.yaml`` with honest feedback.

A wrong answer is called wrong, and every answer is followed by the explanation of why. Instructors add
questions by editing the YAML file; no code changes are needed.

Fair by design (Haladyna et al. 2002): each student sees the options in a shuffled order, seeded by who they
are, the quiz and the question (so the order is stable for them and differs between students); answers are
graded by option id, never by position; long options wrap.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import ipywidgets as widgets

from immunolib import content

__all__ = ["Grade", "grade", "shuffled_order", "default_student", "QuestionView", "Quiz"]


@dataclass(frozen=True)
class Grade:
    """The result of checking one answer."""

    correct: bool
    headline: str  #: "Correct." / "Not quite." / "Choose an answer first."
    details: tuple[str, ...]  #: feedback of each chosen option, then what was missed
    explanation: str


def _option_index(question: content.Question, choice) -> int:
    """The position in the file of a chosen option, given its id (or, for older callers, its position)."""
    if isinstance(choice, str):
        for i, o in enumerate(question.options):
            if o.id == choice:
                return i
        raise ValueError(
            f"chosen option {choice!r} is not an option of question {question.id!r}; "
            f"its options are {', '.join(o.id for o in question.options)}"
        )
    if isinstance(choice, bool) or not isinstance(choice, int):
        raise ValueError(f"a chosen option is an option id (text); got {choice!r}")
    if not 0 <= choice < len(question.options):
        raise ValueError(f"chosen option {choice} is out of range [0, {len(question.options) - 1}]")
    return choice


def grade(question: content.Question, chosen: Sequence[str | int]) -> Grade:
    """Grade the chosen options of a question, by option id.

    Parameters
    ----------
    question : content.Question
        The question record.
    chosen : sequence of str
        Ids of the options the student chose (one for a ``single`` question). The quiz shows the options
        shuffled, so answers are never graded by the position on screen. (A whole number is read as the
        option's position in the file, for older callers.)

    Returns
    -------
    Grade
        ``correct`` is true only when exactly the correct options were chosen. The details give the feedback
        of every chosen option and, for a multiple-choice question, how many correct options were missed.

    Example
    -------
    >>> q = content.Question("q", "2+2?", "single", (content.Option("4", True, "Yes.", "four"),
    ...     content.Option("5", False, "No: 2+2 is 4.", "five")), "Arithmetic.", ("murphy2022",))
    >>> grade(q, ["five"]).headline, grade(q, ["four"]).headline
    ('Not quite.', 'Correct.')
    """
    chosen = sorted({_option_index(question, c) for c in chosen})
    if not chosen:
        return Grade(False, "Choose an answer first.", (), "")
    right = set(question.correct)
    correct = set(chosen) == right
    details = [f"“{question.options[i].text}”: {question.options[i].feedback}" for i in chosen]
    missed = right - set(chosen)
    if question.kind == "multiple" and missed:
        details.append(f"You missed {len(missed)} correct answer{'s' if len(missed) > 1 else ''}.")
    headline = "Correct." if correct else ("Partly right." if set(chosen) & right else "Not quite.")
    return Grade(correct, headline, tuple(details), question.explanation)


def default_student() -> str:
    """Who is taking the quiz: the JupyterHub user, else the login name (only used to seed the shuffle)."""
    name = os.environ.get("JUPYTERHUB_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name (some containers): one shared order
        return "student"


def shuffled_order(question: content.Question, student: str, quiz_id: str = "") -> tuple[str, ...]:
    """The option ids of a question in the order one student sees them: shuffled, seeded by the student,
    the quiz and the question, so the same student always sees the same order.

    Example
    -------
    >>> q = content.quiz("00_start_here").questions[0]
    >>> shuffled_order(q, "ada") == shuffled_order(q, "ada")
    True
    >>> sorted(shuffled_order(q, "ada")) == sorted(o.id for o in q.options)
    True
    """
    seed = int.from_bytes(hashlib.sha256(f"{student}|{quiz_id}|{question.id}".encode()).digest()[:8], "big")
    ids = [o.id for o in question.options]
    random.Random(seed).shuffle(ids)
    return tuple(ids)


#: Long options wrap onto several lines instead of running under the next option (ipywidgets labels
#: default to one line).
QUIZ_STYLE = (
    "<style>"
    ".immunolib-quiz .widget-radio-box label, .immunolib-quiz .widget-checkbox label,"
    ".immunolib-quiz .widget-checkbox .widget-label-basic {white-space:normal !important;"
    "height:auto !important;min-height:var(--jp-widgets-inline-height, 28px);overflow:visible !important;"
    "text-overflow:clip !important;line-height:1.35;align-items:flex-start}"
    ".immunolib-quiz .widget-radio-box label {margin-bottom:4px}"
    ".immunolib-quiz .widget-checkbox, .immunolib-quiz .widget-radio-box {height:auto !important}"
    ".immunolib-quiz .widget-checkbox input, .immunolib-quiz .widget-radio-box input {flex:none}"
    "</style>"
)


class QuestionView(widgets.VBox):
    """One question: its options (shuffled for this student), a Check button and the feedback area.

    ``order`` is the option ids in the order shown; answers are graded by id.
    """

    def __init__(self, question: content.Question, number: int, order: Sequence[str] | None = None):
        self.question = question
        by_id = {o.id: o for o in question.options}
        self.order = tuple(order) if order is not None else tuple(by_id)
        if sorted(self.order) != sorted(by_id):
            raise ValueError(f"order must list each option id of {question.id!r} once; got {self.order!r}")
        prompt = widgets.HTML(
            f"<p style='margin:6px 0'><strong>{number}.</strong> {escape(question.prompt)}"
            f"{' <em>(choose all that apply)</em>' if question.kind == 'multiple' else ''}</p>"
        )
        if question.kind == "single":
            self.choice = widgets.RadioButtons(
                options=[(by_id[i].text, i) for i in self.order],
                value=None,
                layout=widgets.Layout(width="auto"),
                description="Answer:",
                style={"description_width": "initial"},
            )
            self.boxes = None
            chooser = self.choice
        else:
            self.choice = None
            self.boxes = {
                i: widgets.Checkbox(
                    value=False,
                    description=by_id[i].text,
                    indent=False,
                    layout=widgets.Layout(width="auto", height="auto"),
                )
                for i in self.order
            }
            chooser = widgets.VBox(list(self.boxes.values()))
        chooser.add_class("immunolib-quiz-options")
        self.button = widgets.Button(
            description="Check answer", icon="check", button_style="", tooltip=f"Check your answer to question {number}"
        )
        self.feedback = widgets.HTML("")
        self.feedback.add_class("immunolib-feedback")
        self.button.on_click(self._check)
        super().__init__(
            children=(prompt, chooser, self.button, self.feedback),
            layout=widgets.Layout(border_bottom="1px solid #ddd", padding="4px 0 8px 0"),
        )

    def chosen(self) -> list[str]:
        """Ids of the options currently chosen."""
        if self.choice is not None:
            return [] if self.choice.value is None else [self.choice.value]
        return [i for i, b in self.boxes.items() if b.value]

    def choose(self, *option_ids: str) -> None:
        """Choose options by id (what clicking them does)."""
        if self.choice is not None:
            self.choice.value = option_ids[0] if option_ids else None
        else:
            for i, b in self.boxes.items():
                b.value = i in option_ids

    def _check(self, _button=None) -> Grade:
        try:
            g = grade(self.question, self.chosen())
        except Exception as exc:  # noqa: BLE001 - never a traceback for a student
            self.feedback.value = f"<p role='alert'>Could not check this answer: {escape(str(exc))}</p>"
            return Grade(False, "error", (), "")
        colour = "#006e4f" if g.correct else "#a33b00"
        mark = "✔" if g.correct else "✘"
        body = "".join(f"<li>{escape(d)}</li>" for d in g.details)
        items = f"<ul style='margin:2px 0'>{body}</ul>" if body else ""
        why = f"<p style='margin:4px 0'><strong>Why:</strong> {escape(g.explanation)}</p>" if g.explanation else ""
        self.feedback.value = (
            f"<div role='status' aria-live='polite' style='border-left:4px solid {colour};"
            f"padding:4px 10px;margin:4px 0'><p style='margin:2px 0;color:{colour}'>"
            f"<strong>{mark} {escape(g.headline)}</strong></p>"
            f"{items}"
            f"{why}</div>"
        )
        return g


class Quiz(widgets.VBox):
    """All questions of one quiz, each with its own Check button; options shuffled per student.

    Parameters
    ----------
    quiz_id : str
        The quiz's id, the file name in ``data/quizzes/`` without ``.yaml``.
    student : str, optional
        Seeds the order of the options (default: the JupyterHub user or login name). The same student sees
        the same order every time; different students see different orders.

    Example
    -------
    >>> from immunolib.widgets import Quiz
    >>> quiz = Quiz("00_start_here", student="ada")
    >>> len(quiz.views) == len(quiz.quiz.questions)
    True
    >>> [v.order for v in quiz.views] == [v.order for v in Quiz("00_start_here", student="ada").views]
    True
    """

    #: A set of questions (tests/test_learning_design.py: one control per question, not an app to simplify).
    role = "questions"

    def __init__(self, quiz_id: str, student: str | None = None):
        self.student = student if student is not None else default_student()
        self.style_html = QUIZ_STYLE
        try:
            self.quiz = content.quiz(quiz_id)
        except content.ContentError as exc:  # a broken quiz file: a friendly box; the lesson goes on
            from immunolib.lesson import data_problem_html

            self.quiz, self.views, self.problem = None, [], exc
            super().__init__(children=(widgets.HTML(data_problem_html(exc)),))
            self.add_class("immunolib-quiz")
            return
        self.problem = None
        self.views = [
            QuestionView(q, i + 1, shuffled_order(q, self.student, quiz_id)) for i, q in enumerate(self.quiz.questions)
        ]
        title = widgets.HTML(f"{QUIZ_STYLE}<h3 style='margin:4px 0'>{escape(self.quiz.title)}</h3>")
        super().__init__(children=(title, *self.views))
        self.add_class("immunolib-app")
        self.add_class("immunolib-quiz")

    def __repr__(self) -> str:
        if self.quiz is None:
            return f"Quiz unavailable: the course data has a problem: {str(self.problem).splitlines()[0]}"
        return f"Quiz({self.quiz.id!r}, questions={len(self.views)})"
