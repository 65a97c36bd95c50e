"""'Check your understanding': quiz questions from ``data/quizzes/<id>.yaml`` with honest feedback.

A wrong answer is called wrong, and every answer is followed by the explanation of why. Instructors add
questions by editing the YAML file; no code changes are needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Sequence

import ipywidgets as widgets

from immunolib import content

__all__ = ["Grade", "grade", "QuestionView", "Quiz"]


@dataclass(frozen=True)
class Grade:
    """The result of checking one answer."""
    correct: bool
    headline: str      #: "Correct." / "Not quite." / "Choose an answer first."
    details: tuple[str, ...]  #: feedback of each chosen option, then what was missed
    explanation: str


def grade(question: content.Question, chosen: Sequence[int]) -> Grade:
    """Grade a set of chosen option indices against a question.

    Parameters
    ----------
    question : content.Question
        The question record.
    chosen : sequence of int
        Indices of the options the student chose (one for a ``single`` question).

    Returns
    -------
    Grade
        ``correct`` is true only when exactly the correct options were chosen. The details give the feedback
        of every chosen option and, for a multiple-choice question, how many correct options were missed.

    Example
    -------
    >>> q = content.Question("q", "2+2?", "single", (content.Option("4", True, "Yes."),
    ...     content.Option("5", False, "No: 2+2 is 4.")), "Arithmetic.", ("murphy2022",))
    >>> grade(q, [1]).headline
    'Not quite.'
    """
    chosen = sorted(set(chosen))
    for i in chosen:
        if not 0 <= i < len(question.options):
            raise ValueError(f"chosen option {i} is out of range [0, {len(question.options) - 1}]")
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


class QuestionView(widgets.VBox):
    """One question: its options, a Check button and the feedback area."""

    def __init__(self, question: content.Question, number: int):
        self.question = question
        labels = [o.text for o in question.options]
        prompt = widgets.HTML(f"<p style='margin:6px 0'><strong>{number}.</strong> {escape(question.prompt)}"
                              f"{' <em>(choose all that apply)</em>' if question.kind == 'multiple' else ''}</p>")
        if question.kind == "single":
            self.choice = widgets.RadioButtons(options=labels, value=None, layout=widgets.Layout(width="auto"),
                                               description="Answer:", style={"description_width": "initial"})
            self.boxes = None
            chooser = self.choice
        else:
            self.choice = None
            self.boxes = [widgets.Checkbox(value=False, description=t, indent=False,
                                           layout=widgets.Layout(width="auto")) for t in labels]
            chooser = widgets.VBox(self.boxes)
        self.button = widgets.Button(description="Check answer", icon="check", button_style="",
                                     tooltip=f"Check your answer to question {number}")
        self.feedback = widgets.HTML("")
        self.feedback.add_class("immunolib-feedback")
        self.button.on_click(self._check)
        super().__init__(children=(prompt, chooser, self.button, self.feedback),
                         layout=widgets.Layout(border_bottom="1px solid #ddd", padding="4px 0 8px 0"))

    def chosen(self) -> list[int]:
        """Indices of the options currently chosen."""
        if self.choice is not None:
            return [] if self.choice.index is None else [self.choice.index]
        return [i for i, b in enumerate(self.boxes) if b.value]

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
        self.feedback.value = (f"<div role='status' aria-live='polite' style='border-left:4px solid {colour};"
                               f"padding:4px 10px;margin:4px 0'><p style='margin:2px 0;color:{colour}'>"
                               f"<strong>{mark} {escape(g.headline)}</strong></p>"
                               f"{items}"
                               f"{why}</div>")
        return g


class Quiz(widgets.VBox):
    """All questions of one quiz, each with its own Check button.

    Parameters
    ----------
    quiz_id : str
        The quiz's id, the file name in ``data/quizzes/`` without ``.yaml``.

    Example
    -------
    >>> from immunolib.widgets import Quiz
    >>> quiz = Quiz("00_start_here")
    >>> len(quiz.views) == len(quiz.quiz.questions)
    True
    """

    def __init__(self, quiz_id: str):
        try:
            self.quiz = content.quiz(quiz_id)
        except content.ContentError as exc:  # a broken quiz file: a friendly box; the lesson goes on
            from immunolib.lesson import data_problem_html
            self.quiz, self.views, self.problem = None, [], exc
            super().__init__(children=(widgets.HTML(data_problem_html(exc)),))
            self.add_class("immunolib-quiz")
            return
        self.problem = None
        self.views = [QuestionView(q, i + 1) for i, q in enumerate(self.quiz.questions)]
        title = widgets.HTML(f"<h3 style='margin:4px 0'>{escape(self.quiz.title)}</h3>")
        super().__init__(children=(title, *self.views))
        self.add_class("immunolib-app")
        self.add_class("immunolib-quiz")

    def __repr__(self) -> str:
        if self.quiz is None:
            return f"Quiz unavailable: the course data has a problem: {str(self.problem).splitlines()[0]}"
        return f"Quiz({self.quiz.id!r}, questions={len(self.views)})"
