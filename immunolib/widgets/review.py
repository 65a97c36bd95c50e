"""Lesson 08, the course review: a self-check over every lesson, a concept map to build, the common
misconceptions corrected one by one, and a searchable glossary.

* :class:`ReviewQuiz` — the questions of ``data/quizzes/08_review.yaml``, in a seeded order that interleaves the
  lessons (:func:`review_order`); a confidence rating before any feedback; feedback on every option, graded by
  :func:`immunolib.widgets.quiz.grade`; the figure a question reads, or else the score by lesson; a score table
  whose rows link back to the lesson's section.
* :class:`ConceptMapBuilder` — one topic view of ``data/concept_map.yaml`` at a time: choose a link, then its
  label from the menu (checked at once); clicking a node shows its card.
* :class:`MisconceptionCheck` — a wrong idea as a classmate says it; agree or not, then the correction.
* :class:`GlossarySearch` — type to filter the glossary; a term's card and its related terms, clickable.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from html import escape
from typing import Sequence

import ipywidgets as widgets

from immunolib import content
from immunolib.content import ContentError
from immunolib.figures import concept_map as cmap
from immunolib.figures import review as rfig
from immunolib.figures.cards import card
from immunolib.widgets.base import App, check_choice, check_whole_number, figure_widget, safe, silenced
from immunolib.widgets.quiz import Grade, grade

__all__ = ["ReviewItem", "review_items", "review_order", "topic_scores", "search_glossary", "section_link",
           "CONFIDENCE", "ReviewQuiz", "ConceptMapBuilder", "MisconceptionCheck", "GlossarySearch"]

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
    topic: object                 #: the review_topics record
    question: content.Question
    reads: str                    #: text, figure or output
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
                    f"{', '.join(by_id)}")
            if (it.reads == "figure") != (it.get("figure") is not None):
                raise ContentError(
                    f"data/review_topics.yaml: entry {topic.id!r}: question {it.question!r}: field 'figure' "
                    f"must be given exactly when reads is 'figure'")
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
        if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], bool)
                and value[1] in CONFIDENCE):
            raise ValueError(f"results[{qid!r}] must be (correct: bool, confidence: one of "
                             f"{', '.join(CONFIDENCE)}); got {value!r}")
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
    role = "questions"   # a set of questions (learning-design rules): one answer, one rating, one check each

    def __init__(self, seed: int = 0, start: int = 1):
        self.seed = check_whole_number("seed", seed, 0, 2**31 - 1)
        self.order = review_order(seed=self.seed)
        self.total = len(self.order)
        check_whole_number("start", start, 1, self.total)
        self.topics = content.collection("review_topics")
        for figure_id in {it.figure for it in self.order if it.figure}:   # run the models now, not on a click
            rfig.figure_runs(figure_id)
        self.results: dict[str, tuple[bool, str]] = {}
        self._feedback_of: dict[str, str] = {}

        self.chooser = widgets.Dropdown(
            options=[(f"{k + 1} of {self.total} · {it.topic.title}", k) for k, it in enumerate(self.order)],
            value=start - 1, description="Question:", style=_LABEL, layout=widgets.Layout(width="auto"))
        self.prompt = widgets.HTML()
        self.single = widgets.RadioButtons(options=[], value=None, description="Answer:", style=_LABEL,
                                           layout=widgets.Layout(width="auto"))
        self.boxes = [widgets.Checkbox(value=False, description="", indent=False,
                                       layout=widgets.Layout(width="auto")) for _ in range(_MAX_OPTIONS)]
        self.answer_box = widgets.VBox()
        self.confidence = widgets.ToggleButtons(options=[c.capitalize() for c in CONFIDENCE], value=None,
                                                description="How sure are you?", style=_LABEL,
                                                tooltips=["I am guessing", "I think so", "I am sure"])
        self.check_button = widgets.Button(description="Check answer", icon="check",
                                           tooltip="Check your answer (rate how sure you are first)")
        self.next_button = widgets.Button(description="Next question", icon="arrow-right",
                                          tooltip="Go to the next question")
        self.feedback = widgets.HTML()
        self.feedback.add_class("immunolib-feedback")
        self.figure = figure_widget(rfig.review_canvas(height=360))
        self.score_table = widgets.HTML()
        # the figure sits between the question and its answers: a student reads it before answering
        super().__init__(children=(self.chooser, self.prompt, self.figure, self.answer_box, self.confidence,
                                   widgets.HBox([self.check_button, self.next_button]), self.feedback,
                                   self.score_table))
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
        return [shown[i] for i, b in enumerate(self.boxes[:len(shown)]) if b.value]

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
        self.answer_box.children = (self.single,) if q.kind == "single" else tuple(self.boxes[:len(shown)])
        reads = {"figure": " <em>(read the figure below)</em>", "output": " <em>(read the model output or table "
                 "described here)</em>", "text": ""}[it.reads]
        multi = " <em>(choose all that apply)</em>" if q.kind == "multiple" else ""
        self.prompt.value = (f"<p style='margin:6px 0'><strong>{k + 1}.</strong> {escape(q.prompt)}{multi}"
                             f"{reads}</p>")
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
            rows.append(f"<tr><td style='text-align:left'>{escape(s.title)}</td><td>{s.asked}</td>"
                        f"<td>{score}</td><td>{flag}</td><td style='text-align:left'><a href='{escape(link)}' "
                        f"target='_blank' style='{_LINK}'>{where}</a></td></tr>")
        done = sum(s.answered for s in scores)
        right = sum(s.correct for s in scores)
        return ("<table class='immunolib-table' style='border-collapse:collapse'><caption style='text-align:left'>"
                f"Score by lesson: {right} right of {done} answered ({self.total} questions)</caption><thead><tr>"
                "<th scope='col' style='text-align:left'>lesson</th><th scope='col'>questions</th>"
                "<th scope='col'>right</th><th scope='col'>certain but wrong</th>"
                "<th scope='col' style='text-align:left'>go back to</th></tr></thead><tbody>"
                + "".join(rows) + "</tbody></table>")

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
            self.feedback.value = ("<div role='status' style='border-left:4px solid #555;padding:4px 10px'>"
                                   "<p style='margin:2px 0'>First say how sure you are (<em>Guessing</em>, "
                                   "<em>Fairly sure</em> or <em>Certain</em>), then check.</p></div>")
            return None
        g = grade(q, self.chosen())
        if not self.chosen():
            self.feedback.value = ("<div role='status' style='border-left:4px solid #555;padding:4px 10px'>"
                                   f"<p style='margin:2px 0'>{escape(g.headline)}</p></div>")
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
            for i, o in ((i, q.options[i]) for i in self.option_order()))
        missed = [d for d in g.details if d.startswith("You missed")]
        return (f"<div role='status' aria-live='polite' style='border-left:4px solid {colour};padding:4px 10px;"
                f"margin:4px 0'><p style='margin:2px 0;color:{colour}'><strong>{mark} {escape(g.headline)}"
                f"</strong> {escape(' '.join(missed))}</p><p style='margin:2px 0'>{escape(calib)}</p>"
                f"<p style='margin:4px 0'><strong>Why:</strong> {escape(g.explanation)}</p>"
                f"<p style='margin:4px 0 0 0'><strong>Every option explained:</strong></p>"
                f"<ul style='margin:2px 0'>{every}</ul>"
                f"<p style='margin:2px 0'>Go back to: <a href='{escape(link)}' target='_blank' style='{_LINK}'>"
                f"{escape(it.topic.title)}</a></p></div>")

    def _state(self) -> str:
        return f"seed={self.seed}, question={self.index + 1} of {self.total}, answered={len(self.results)}"


# --------------------------------------------------------------------------------------------------------------
# The concept map
# --------------------------------------------------------------------------------------------------------------

class ConceptMapBuilder(App):
    """Build the concept map of one topic: choose a link, then its label; the label is checked at once.

    Three controls: the topic, the link and the label. Choosing a link shows the card of the node it starts
    from; clicking any node on the map shows that node's card and its links.

    Parameters
    ----------
    view : str
        Id of a view of ``data/concept_map.yaml`` (``branches_and_cells``, ``organs``, ``antibodies``,
        ``t_cells``, ``cancer``, ``therapies``).

    Example
    -------
    >>> app = ConceptMapBuilder("t_cells")
    >>> app.label.value = app.view.links[0].label      # choosing a label checks it
    >>> app.result.value.count("Right")
    1
    """

    app_name = "ConceptMapBuilder"

    def __init__(self, view: str = "branches_and_cells"):
        self.views = {v.id: v for v in content.collection("concept_map")}
        check_choice("view", view, self.views)
        self.states = {k: cmap.MapState() for k in self.views}
        self.topic = _control(widgets.Dropdown(options=[(v.title, k) for k, v in self.views.items()], value=view,
                                               description="Topic:", style=_LABEL))
        self.link = _control(widgets.Dropdown(options=[], description="Link:", style=_LABEL,
                                              layout=widgets.Layout(width="auto", max_width="100%")))
        self.label = _control(widgets.Dropdown(options=[], value=None, description="Label (checked at once):",
                                               style=_LABEL))
        self.result = widgets.HTML()
        self.figure = figure_widget(cmap.map_canvas(height=420))
        self.card = widgets.HTML()
        self.card.add_class("immunolib-card-view")
        super().__init__(children=(self.topic, self.link, self.label, self.result, self.figure, self.card))
        self.topic.observe(self._on_topic, names="value")
        self.link.observe(self._on_link, names="value")
        self.label.observe(self._on_label, names="value")
        for trace in self.figure.data:
            trace.on_click(self._on_click)
        self._show_view(view)

    @property
    def view(self):
        """The view record shown."""
        return self.views[self.topic.value]

    @property
    def state(self) -> cmap.MapState:
        """What the student has done in the view shown."""
        return self.states[self.topic.value]

    def _link_options(self):
        v, s = self.view, self.state
        right = s.correct(v)
        return [(f"{i + 1}. " + cmap.link_sentence(v, i, s.checked[i] if i in right else None)
                 + (" ✔" if i in right else ""), i) for i in range(len(v.links))]

    def _set_label_quietly(self, value) -> None:
        with silenced(self._on_label, self.label):
            self.label.value = value

    def _show_view(self, view_id: str) -> None:
        v, s = self.views[view_id], self.states[view_id]
        with silenced(self._on_link, self.link), silenced(self._on_label, self.label):
            self.link.options = self._link_options()
            self.link.value = s.selected_link if s.selected_link is not None else 0
            s.selected_link = self.link.value
            self.label.options = cmap.label_menu(v)
            self.label.value = s.checked.get(self.link.value)
            if s.selected_node is None:
                s.selected_node = v.links[self.link.value].source
        self.result.value = ""
        self._draw()

    def _draw(self) -> None:
        v, s = self.view, self.state
        with self.figure.batch_update():
            cmap.draw_map(self.figure, v, s)
        self.set_alt(cmap.describe_map(v, s))
        self.card.value = cmap.node_card(v, s.selected_node, s)

    def _refresh_links(self) -> None:
        with silenced(self._on_link, self.link):
            value = self.link.value
            self.link.options = self._link_options()
            self.link.value = value

    def choose_node(self, node_id: str) -> None:
        """Show the card of one node of the view (what a click on the node does)."""
        check_choice("node", node_id, [n.id for n in self.view.nodes])
        self.state.selected_node = node_id
        self._draw()

    @safe
    def _on_topic(self, change) -> None:
        self._show_view(self.topic.value)

    @safe
    def _on_link(self, change) -> None:
        if self.link.value is None:
            return
        s = self.state
        s.selected_link = self.link.value
        s.selected_node = self.view.links[self.link.value].source
        self._set_label_quietly(s.checked.get(self.link.value))
        self.result.value = ""
        self._draw()

    @safe
    def _on_label(self, change) -> None:
        if self.label.value is None:
            return
        self.check()

    @safe
    def _on_click(self, trace, points, state) -> None:
        meta = trace.meta
        if points.point_inds and isinstance(meta, str) and meta.startswith("node:"):
            self.choose_node(meta[len("node:"):])

    def check(self) -> str:
        """Check the chosen label of the chosen link; returns (and shows) the verdict in words."""
        v, s, i = self.view, self.state, self.link.value
        chosen = self.label.value
        if chosen is None:
            self.show_problem("choose a label for this link first (the Label menu)")
            return "Choose a label first."
        s.proposed[i] = chosen
        s.checked[i] = chosen
        link = v.links[i]
        if chosen == link.label:
            verdict = f"Right: “{cmap.link_sentence(v, i, chosen)}”. {link.explanation}"
            colour = "#006e4f"
        else:
            verdict = (f"Not this one: “{cmap.link_sentence(v, i, chosen)}” does not hold. Read the link aloud with "
                       f"another label, or click the two nodes to read their cards.")
            colour = "#a33b00"
        right = len(s.correct(v))
        tail = " The whole map is labelled: well done." if right == len(v.links) else ""
        self.result.value = (f"<p role='status' style='margin:4px 0;border-left:4px solid {colour};"
                             f"padding:2px 8px'>{escape(verdict)}{tail}</p>")
        self._refresh_links()
        self._draw()
        return verdict

    def _state(self) -> str:
        s = self.state
        return f"view={self.topic.value!r}, labelled={len(s.correct(self.view))} of {len(self.view.links)}"


# --------------------------------------------------------------------------------------------------------------
# Misconceptions
# --------------------------------------------------------------------------------------------------------------

_VIEWS = ("I agree", "Partly", "I disagree")


class MisconceptionCheck(App):
    """The common misconceptions of the course, one at a time: agree or not, then the correction.

    Parameters
    ----------
    start : int
        The statement to open at, from 1.

    Example
    -------
    >>> app = MisconceptionCheck()
    >>> app.view.value = "I agree"
    >>> "In fact" in app.check()
    True
    """

    app_name = "MisconceptionCheck"
    role = "questions"

    def __init__(self, start: int = 1):
        self.items = content.collection("misconceptions")
        check_whole_number("start", start, 1, len(self.items))
        self.seen: dict[str, str] = {}
        self.chooser = widgets.Dropdown(
            options=[(f"{k + 1} of {len(self.items)}: {m.myth[:48]}{'…' if len(m.myth) > 48 else ''}", k)
                     for k, m in enumerate(self.items)],
            value=start - 1, description="Statement:", style=_LABEL, layout=widgets.Layout(width="auto"))
        self.statement = widgets.HTML()
        self.view = widgets.RadioButtons(options=list(_VIEWS), value=None, description="Your view:",
                                         style=_LABEL)
        self.check_button = widgets.Button(description="Check", icon="check",
                                           tooltip="See what the course says")
        self.feedback = widgets.HTML()
        self.feedback.add_class("immunolib-feedback")
        super().__init__(children=(self.chooser, self.statement, self.view, self.check_button, self.feedback))
        self.add_class("immunolib-quiz")
        self.chooser.observe(self._on_choose, names="value")
        self.check_button.on_click(self._on_check)
        self._show()

    @property
    def current(self):
        """The misconception shown."""
        return self.items[self.chooser.value]

    def _show(self) -> None:
        m = self.current
        self.statement.value = (f"<p style='margin:6px 0;font-size:1.05em'>A classmate says: "
                                f"<strong>“{escape(m.myth)}”</strong></p>")
        self.view.value = None
        self.feedback.value = ""
        self._alt()

    def _alt(self) -> None:
        self.set_alt(f"Statement {self.chooser.value + 1} of {len(self.items)}; you have checked "
                     f"{len(self.seen)} of {len(self.items)}.")

    @safe
    def _on_choose(self, change) -> None:
        self._show()

    @safe
    def _on_check(self, _button=None) -> None:
        self.check()

    def check(self) -> str:
        """Show the correction of the statement shown; returns it as plain text."""
        m = self.current
        if self.view.value is None:
            self.feedback.value = "<p role='status'>Choose first whether you agree, then check.</p>"
            return "Choose first whether you agree."
        opening = {"I agree": "Many people think so, but it does not hold.",
                   "Partly": "There is a grain of truth in it, but as it stands it misleads.",
                   "I disagree": "Right to doubt it."}[self.view.value]
        self.seen[m.id] = self.view.value
        link = section_link(m.notebook)
        term = ""
        if m.get("term"):
            t = content.term(m.term)
            term = f"<p style='margin:4px 0'><strong>Look up:</strong> {escape(t.term)} (in the glossary below)</p>"
        body = (f"<p style='margin:2px 0'>{escape(opening)}</p><p style='margin:4px 0'><strong>In fact:</strong> "
                f"{escape(m.fact)}</p>{term}<p style='margin:2px 0'>Met in: <a href='{escape(link)}' "
                f"target='_blank' style='{_LINK}'>{escape(m.notebook)}</a></p>")
        frame = card("The correction", body, color="#0072B2", sources=content.cite(m))
        self.feedback.value = f"<div role='status' aria-live='polite'>{frame}</div>"
        self._alt()
        return f"{opening} In fact: {m.fact}"

    def _state(self) -> str:
        return f"statement={self.chooser.value + 1} of {len(self.items)}"


# --------------------------------------------------------------------------------------------------------------
# The glossary
# --------------------------------------------------------------------------------------------------------------

def search_glossary(query: str) -> list[content.Term]:
    """Glossary terms matching ``query`` (case-insensitive), best first: the name starts with it, then the name
    contains it, then the definition does. An empty query gives every term, sorted by name.

    Example
    -------
    >>> [t.id for t in search_glossary("pd-l")][:1]
    ['pd_l1']
    """
    if not isinstance(query, str):
        raise ValueError(f"query must be text; got {query!r}")
    def norm(text: str) -> str:  # "T-cell", "t cell" and "T  cell" all match
        return " ".join(text.lower().replace("-", " ").split())

    q = norm(query)
    terms = sorted(content.glossary(), key=lambda t: t.term.lower())
    if not q:
        return terms
    first = [t for t in terms if norm(t.term).startswith(q)]
    second = [t for t in terms if q in norm(t.term) and t not in first]
    third = [t for t in terms if q in norm(t.definition) and t not in first and t not in second]
    return first + second + third


class GlossarySearch(App):
    """Search the course glossary; a term's card (at most 40 words, the rest behind 'More') and its related terms.

    Parameters
    ----------
    term : str
        Id of the term to show first.
    query : str
        Text to search for first (empty: every term).

    Example
    -------
    >>> app = GlossarySearch(term="pd_1")
    >>> app.search.value = "exhaust"
    >>> app.term.value
    't_cell_exhaustion'
    """

    app_name = "GlossarySearch"

    def __init__(self, term: str = "antigen", query: str = ""):
        if not isinstance(query, str):
            raise ValueError(f"query must be text; got {query!r}")
        check_choice("term", term, [t.id for t in content.glossary()])
        self.search = widgets.Text(value=query, placeholder="type a word, e.g. T cell", description="Search:",
                                   continuous_update=True, style=_LABEL)
        self.count = widgets.HTML()
        self.term = _control(widgets.Dropdown(options=[], description="Term:", style=_LABEL,
                                              layout=widgets.Layout(width="auto")))
        self.card = widgets.HTML()
        self.card.add_class("immunolib-card-view")
        self.figure = figure_widget(cmap.term_canvas())
        # controls, then the figure, then the card directly below it (one screen on a laptop)
        super().__init__(children=(widgets.HBox([self.search, self.count]), self.term, self.figure, self.card))
        self._filter(query, prefer=term)
        self.search.observe(self._on_search, names="value")
        self.term.observe(self._on_term, names="value")
        self.figure.data[1].on_click(self._on_click)
        self._draw()

    def _filter(self, query: str, prefer: str | None = None) -> None:
        found = search_glossary(query)
        if not found:
            self.count.value = (f"<span role='status'>No term matches “{escape(query)}”; showing every "
                                f"term.</span>")
            found = search_glossary("")
        else:
            self.count.value = f"<span role='status'>{len(found)} term{'' if len(found) == 1 else 's'}</span>"
        keep = prefer if prefer in {t.id for t in found} else found[0].id
        with silenced(self._on_term, self.term):
            self.term.options = [(t.term, t.id) for t in found]
            self.term.value = keep

    def _draw(self) -> None:
        with self.figure.batch_update():
            cmap.draw_term(self.figure, self.term.value)
        self.set_alt(cmap.describe_term(self.term.value))
        self.card.value = cmap.term_card(self.term.value)

    @safe
    def _on_search(self, change) -> None:
        before = self.term.value
        self._filter(self.search.value, prefer=before)
        if self.term.value != before:
            self._draw()

    @safe
    def _on_term(self, change) -> None:
        if self.term.value is not None:
            self._draw()

    @safe
    def _on_click(self, trace, points, state) -> None:
        if not points.point_inds or points.point_inds[0] == 0:   # point 0 is the chosen term itself
            return
        target = trace.customdata[points.point_inds[0]]
        if target not in {v for _, v in self.term.options}:
            with silenced(self._on_search, self.search):
                self.search.value = ""
            self._filter("", prefer=target)
        self.term.value = target
        self._draw()

    def _state(self) -> str:
        return f"term={self.term.value!r}, query={self.search.value!r}"
