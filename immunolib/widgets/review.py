"""Lesson 08, the course review: the self-check over every lesson (:class:`ReviewQuiz`) and the helpers the review's
apps share.

* :class:`ReviewQuiz` — the questions of ``data/quizzes/08_review.yaml``, in a seeded order that interleaves the
  lessons (:func:`review_order`); a confidence rating before any feedback; feedback on every option, graded by
  :func:`immunolib.widgets.quiz.grade`; the figure a question reads, or else the score by lesson; a score table
  whose rows link back to the lesson's section (:func:`section_link`).

The lesson's other apps have a module each: :mod:`~immunolib.widgets.concept_map` (:class:`ConceptMapBuilder`),
:mod:`~immunolib.widgets.misconceptions` (:class:`MisconceptionCheck`) and :mod:`~immunolib.widgets.glossary`
(:class:`GlossarySearch`, :func:`search_glossary`). Import them from :mod:`immunolib.widgets`; their old path
(``immunolib.widgets.review``) still works.
"""

from __future__ import annotations

import importlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import ipywidgets as widgets

from immunolib import content
from immunolib.content import ContentError
from immunolib.figures import html
from immunolib.figures import review as rfig
from immunolib.widgets.base import App, check_whole_number, figure_widget, safe
from immunolib.widgets.quiz import Grade, grade

__all__ = ["ReviewItem", "review_items", "review_order", "topic_scores", "section_link", "CONFIDENCE", "ReviewQuiz"]

#: The confidence a student rates before feedback, from least to most sure.
CONFIDENCE = ("guessing", "fairly sure", "certain")
_QUIZ_ID = "08_review"
_MAX_OPTIONS = 6
_LABEL = {"description_width": "initial"}
#: Links inside widget HTML are not styled by JupyterLab: make them look like links.
_LINK = "color:#0072B2;text-decoration:underline"


def _control(w: widgets.Widget) -> widgets.Widget:
    w.add_class("immunolib-control")
    return w


@dataclass(frozen=True)
class ReviewItem:
    """One question of the review with its topic and what it asks the student to read."""

    topic: object  #: the review_topics record
    question: content.Question
    reads: str  #: text, figure or output
    figure: str | None


def review_items(data: content.Content | None = None) -> list[ReviewItem]:
    """Every question of the review with its topic, in the order of ``data/review_topics.yaml``.

    Raises
    ------
    ContentError
        When a topic names a question that the review quiz does not have, or a figure item has no figure.
    """
    data = data or content.load()
    quiz = data.quiz(_QUIZ_ID)
    by_id = {q.id: q for q in quiz.questions}
    out = []
    for topic in data.collection("review_topics"):
        for it in topic.items:
            if it.question not in by_id:
                raise ContentError(
                    f"data/review_topics.yaml: entry {topic.id!r}: field 'items' names question "
                    f"{it.question!r}, which is not in data/quizzes/{_QUIZ_ID}.yaml; expected one of "
                    f"{', '.join(by_id)}"
                )
            if (it.reads == "figure") != (it.get("figure") is not None):
                raise ContentError(
                    f"data/review_topics.yaml: entry {topic.id!r}: question {it.question!r}: field 'figure' "
                    f"must be given exactly when reads is 'figure'"
                )
            out.append(ReviewItem(topic, by_id[it.question], it.reads, it.get("figure")))
    return out


def review_order(items: Sequence[ReviewItem] | None = None, seed: int = 0) -> list[ReviewItem]:
    """The review's questions in a seeded order that interleaves the lessons.

    Within each lesson the questions are shuffled, and each is given a random place in its share of the review
    (question *j* of a lesson with *n* questions falls between *j/n* and *(j+1)/n* of the way through). Step by
    step, the next question is the most overdue one from a lesson other than the last (a lesson that holds half
    of what is left goes first). That spreads every lesson over the whole review and never puts two questions
    of one lesson next to each other while it can be avoided.

    Parameters
    ----------
    items : sequence of ReviewItem, optional
        Defaults to every question listed in ``data/review_topics.yaml``.
    seed : int
        A whole number ``>= 0``; the same seed gives the same order.

    Example
    -------
    >>> order = review_order(seed=0)
    >>> any(a.topic.id == b.topic.id for a, b in zip(order, order[1:]))
    False
    """
    check_whole_number("seed", seed, 0, 2**31 - 1)
    items = list(review_items() if items is None else items)
    rng = random.Random(seed)
    pools: dict[str, list[ReviewItem]] = {}
    for it in items:
        pools.setdefault(it.topic.id, []).append(it)
    for k in pools:
        rng.shuffle(pools[k])
    size = {k: len(v) for k, v in pools.items()}
    # each question gets a place in its lesson's stretch of the review: question j of a lesson with n questions
    # is due at (j + a random fraction) / n of the way through, so every lesson is spread over the whole review
    due = {k: sorted((j + rng.random()) / n for j in range(n)) for k, n in size.items()}
    order: list[ReviewItem] = []
    previous = None
    while any(pools.values()):
        left = sorted(k for k, v in pools.items() if v)
        remaining = sum(len(pools[k]) for k in left)
        candidates = [k for k in left if k != previous] or left
        # a lesson holding half of what is left must come now, or two of its questions would end up adjacent
        forced = [k for k in candidates if 2 * len(pools[k]) >= remaining]
        pick = forced or candidates
        previous = min(pick, key=lambda k: (due[k][size[k] - len(pools[k])], k))
        order.append(pools[previous].pop())
    return order


def topic_scores(results: dict, topics=None) -> list[rfig.TopicScore]:
    """Score per lesson from ``{question id: (correct, confidence)}``.

    Example
    -------
    >>> s = topic_scores({"r00_self": (True, "certain"), "r00_immunotherapy_is": (False, "certain")})
    >>> (s[0].answered, s[0].correct, s[0].sure_but_wrong)
    (2, 1, 1)
    """
    for qid, value in results.items():
        if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], bool) and value[1] in CONFIDENCE):
            raise ValueError(
                f"results[{qid!r}] must be (correct: bool, confidence: one of {', '.join(CONFIDENCE)}); got {value!r}"
            )
    return rfig.scores_from(results, topics if topics is not None else content.collection("review_topics"))


def section_link(notebook: str, section: str | None = None) -> str:
    """A relative link to a lesson (and to a section's heading, as JupyterLab names heading anchors).

    Example
    -------
    >>> section_link("01_innate_vs_adaptive", "A simulated infection")
    '01_innate_vs_adaptive.ipynb#A-simulated-infection'
    """
    anchor = "" if not section else "#" + re.sub(r"\s+", "-", section.strip())
    return f"{notebook}.ipynb{anchor}"


# --------------------------------------------------------------------------------------------------------------
# The self-check
# --------------------------------------------------------------------------------------------------------------


class ReviewQuiz(App):
    """The course-wide self-check: one question at a time, confidence first, feedback on every option.

    Parameters
    ----------
    seed : int
        Order of the questions (and of each question's options); the same seed gives the same order.
    start : int
        The question to open at, from 1.

    Example
    -------
    >>> quiz = ReviewQuiz(seed=0)
    >>> quiz.total >= 24
    True
    """

    app_name = "ReviewQuiz"
    role = "questions"  # a set of questions (learning-design rules): one answer, one rating, one check each

    def __init__(self, seed: int = 0, start: int = 1):
        self.seed = check_whole_number("seed", seed, 0, 2**31 - 1)
        self.order = review_order(seed=self.seed)
        self.total = len(self.order)
        check_whole_number("start", start, 1, self.total)
        self.topics = content.collection("review_topics")
        for figure_id in {it.figure for it in self.order if it.figure}:  # run the models now, not on a click
            rfig.figure_runs(figure_id)
        self.results: dict[str, tuple[bool, str]] = {}
        self._feedback_of: dict[str, str] = {}

        self.chooser = widgets.Dropdown(
            options=[(f"{k + 1} of {self.total} · {it.topic.title}", k) for k, it in enumerate(self.order)],
            value=start - 1,
            description="Question:",
            style=_LABEL,
            layout=widgets.Layout(width="auto"),
        )
        self.prompt = widgets.HTML()
        self.single = widgets.RadioButtons(
            options=[], value=None, description="Answer:", style=_LABEL, layout=widgets.Layout(width="auto")
        )
        self.boxes = [
            widgets.Checkbox(value=False, description="", indent=False, layout=widgets.Layout(width="auto"))
            for _ in range(_MAX_OPTIONS)
        ]
        self.answer_box = widgets.VBox()
        self.confidence = widgets.ToggleButtons(
            options=[c.capitalize() for c in CONFIDENCE],
            value=None,
            description="How sure are you?",
            style=_LABEL,
            tooltips=["I am guessing", "I think so", "I am sure"],
        )
        self.check_button = widgets.Button(
            description="Check answer", icon="check", tooltip="Check your answer (rate how sure you are first)"
        )
        self.next_button = widgets.Button(
            description="Next question", icon="arrow-right", tooltip="Go to the next question"
        )
        self.feedback = widgets.HTML()
        self.feedback.add_class("immunolib-feedback")
        self.figure = figure_widget(rfig.review_canvas(height=360))
        self.score_table = widgets.HTML()
        # the figure sits between the question and its answers: a student reads it before answering
        super().__init__(
            children=(
                self.chooser,
                self.prompt,
                self.figure,
                self.answer_box,
                self.confidence,
                widgets.HBox([self.check_button, self.next_button]),
                self.feedback,
                self.score_table,
            )
        )
        self.add_class("immunolib-quiz")
        self.chooser.observe(self._on_choose, names="value")
        self.check_button.on_click(self._on_check)
        self.next_button.on_click(self._on_next)
        self._show(start - 1)

    # -- state ---------------------------------------------------------------------------------------------
    @property
    def index(self) -> int:
        """0-based position of the question shown."""
        return self.chooser.value

    @property
    def item(self) -> ReviewItem:
        """The question shown, with its topic."""
        return self.order[self.index]

    def option_order(self, k: int | None = None) -> list[int]:
        """Indices of the question's options in the order shown (seeded, stable per question)."""
        q = self.order[self.index if k is None else k].question
        idx = list(range(len(q.options)))
        random.Random(f"{self.seed}:{q.id}").shuffle(idx)
        return idx

    def chosen(self) -> list[int]:
        """Indices (in the question's own order) of the options the student has chosen."""
        shown = self.option_order()
        if self.item.question.kind == "single":
            return [] if self.single.index is None else [shown[self.single.index]]
        return [shown[i] for i, b in enumerate(self.boxes[: len(shown)]) if b.value]

    def scores(self) -> list[rfig.TopicScore]:
        """The score per lesson so far."""
        return topic_scores(self.results, self.topics)

    # -- drawing -------------------------------------------------------------------------------------------
    def _show(self, k: int) -> None:
        it = self.order[k]
        q = it.question
        shown = [q.options[i].text for i in self.option_order(k)]
        if len(shown) > _MAX_OPTIONS:
            raise ValueError(f"question {q.id!r} has {len(shown)} options; the review shows at most {_MAX_OPTIONS}")
        self.single.options = shown if q.kind == "single" else []
        self.single.value = None
        for b, text in zip(self.boxes, shown + [""] * (_MAX_OPTIONS - len(shown))):
            b.value = False
            b.description = text
        self.confidence.value = None
        self.answer_box.children = (self.single,) if q.kind == "single" else tuple(self.boxes[: len(shown)])
        reads = {
            "figure": " <em>(read the figure below)</em>",
            "output": " <em>(read the model output or table described here)</em>",
            "text": "",
        }[it.reads]
        multi = " <em>(choose all that apply)</em>" if q.kind == "multiple" else ""
        self.prompt.value = f"<p style='margin:6px 0'><strong>{k + 1}.</strong> {escape(q.prompt)}{multi}{reads}</p>"
        self.feedback.value = self._feedback_of.get(q.id, "")
        self.next_button.disabled = k + 1 >= self.total
        self._draw()

    def _draw(self) -> None:
        it = self.item
        scores = self.scores()
        with self.figure.batch_update():
            if it.figure:
                rfig.show_item(self.figure, it.figure)
            else:
                rfig.show_scores(self.figure, scores)
        alt = rfig.describe_item(it.figure) if it.figure else rfig.describe_scores(scores)
        self.set_alt(f"Question {self.index + 1} of {self.total}. " + alt)
        self.score_table.value = self.score_html(scores)

    def score_html(self, scores: Sequence[rfig.TopicScore] | None = None) -> str:
        """The score table: one row per lesson, with a link back to the section to revisit."""
        scores = self.scores() if scores is None else scores
        rows = []
        for s, topic in zip(scores, self.topics):
            link = section_link(topic.notebook, topic.get("section"))
            where = escape(topic.get("section") or f"lesson {topic.notebook[:2]}")
            score = f"{s.correct} of {s.answered}" if s.answered else "—"
            flag = f"{s.sure_but_wrong}" if s.sure_but_wrong else ""
            rows.append(
                f"<tr><td style='text-align:left'>{escape(s.title)}</td><td>{s.asked}</td>"
                f"<td>{score}</td><td>{flag}</td><td style='text-align:left'><a href='{escape(link)}' "
                f"target='_blank' style='{_LINK}'>{where}</a></td></tr>"
            )
        done = sum(s.answered for s in scores)
        right = sum(s.correct for s in scores)
        head = (
            "<th scope='col' style='text-align:left'>lesson</th><th scope='col'>questions</th>"
            "<th scope='col'>right</th><th scope='col'>certain but wrong</th>"
            "<th scope='col' style='text-align:left'>go back to</th>"
        )
        caption = f"Score by lesson: {right} right of {done} answered ({self.total} questions)"
        return html.data_table(head, rows, caption=caption, style="border-collapse:collapse")

    # -- callbacks -----------------------------------------------------------------------------------------
    @safe
    def _on_choose(self, change) -> None:
        self._show(self.index)

    @safe
    def _on_next(self, _button=None) -> None:
        if self.index + 1 < self.total:
            self.chooser.value = self.index + 1

    @safe
    def _on_check(self, _button=None) -> Grade | None:
        return self.check()

    def check(self) -> Grade | None:
        """Grade the chosen answer (after a confidence rating), show the feedback and update the score."""
        it = self.item
        q = it.question
        if self.confidence.value is None:
            self.feedback.value = (
                "<div role='status' style='border-left:4px solid #555;padding:4px 10px'>"
                "<p style='margin:2px 0'>First say how sure you are (<em>Guessing</em>, "
                "<em>Fairly sure</em> or <em>Certain</em>), then check.</p></div>"
            )
            return None
        g = grade(q, self.chosen())
        if not self.chosen():
            self.feedback.value = (
                "<div role='status' style='border-left:4px solid #555;padding:4px 10px'>"
                f"<p style='margin:2px 0'>{escape(g.headline)}</p></div>"
            )
            return g
        confidence = self.confidence.value.lower()
        self.results[q.id] = (g.correct, confidence)
        self.feedback.value = self._feedback_of[q.id] = self.feedback_html(g, confidence)
        self._draw()
        return g

    def feedback_html(self, g: Grade, confidence: str) -> str:
        """Feedback: the verdict, a word on the confidence, why, and every option explained."""
        it = self.item
        q = it.question
        colour = "#006e4f" if g.correct else "#a33b00"
        mark = "✔" if g.correct else "✘"
        link = section_link(it.topic.notebook, it.topic.get("section"))
        if g.correct and confidence == "guessing":
            calib = "Right, though you were guessing: read the explanation so that next time you know."
        elif not g.correct and confidence == "certain":
            calib = "You were certain, but this is a common trap: worth going back to the lesson."
        elif g.correct:
            calib = "Right, and you knew it."
        else:
            calib = "Not yet: the explanations below show where it goes wrong."
        chosen = set(self.chosen())
        every = "".join(
            f"<li>{'✔' if o.correct else '✘'} {'<strong>(your choice)</strong> ' if i in chosen else ''}"
            f"“{escape(o.text)}”: {escape(o.feedback)}</li>"
            for i, o in ((i, q.options[i]) for i in self.option_order())
        )
        missed = [d for d in g.details if d.startswith("You missed")]
        return (
            f"<div role='status' aria-live='polite' style='border-left:4px solid {colour};padding:4px 10px;"
            f"margin:4px 0'><p style='margin:2px 0;color:{colour}'><strong>{mark} {escape(g.headline)}"
            f"</strong> {escape(' '.join(missed))}</p><p style='margin:2px 0'>{escape(calib)}</p>"
            f"<p style='margin:4px 0'><strong>Why:</strong> {escape(g.explanation)}</p>"
            f"<p style='margin:4px 0 0 0'><strong>Every option explained:</strong></p>"
            f"<ul style='margin:2px 0'>{every}</ul>"
            f"<p style='margin:2px 0'>Go back to: <a href='{escape(link)}' target='_blank' style='{_LINK}'>"
            f"{escape(it.topic.title)}</a></p></div>"
        )

    def _state(self) -> str:
        return f"seed={self.seed}, question={self.index + 1} of {self.total}, answered={len(self.results)}"


#: The review's apps that moved to a module of their own: name -> module (under ``immunolib.widgets``).
_MOVED = {
    "ConceptMapBuilder": "concept_map",
    "MisconceptionCheck": "misconceptions",
    "GlossarySearch": "glossary",
    "search_glossary": "glossary",
}


def __getattr__(name: str):
    """Keep ``from immunolib.widgets.review import GlossarySearch`` (the path before the split) working."""
    if name in _MOVED:
        return getattr(importlib.import_module(f"immunolib.widgets.{_MOVED[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
