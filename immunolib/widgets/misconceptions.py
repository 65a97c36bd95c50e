"""Lesson 08: the course's common misconceptions, one at a time (:class:`MisconceptionCheck`).

A wrong idea as a classmate says it; the student agrees or not, then reads the correction and the lesson to go
back to.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from immunolib import content
from immunolib.figures.cards import card
from immunolib.widgets.base import App, check_whole_number, safe
from immunolib.widgets.review import _LABEL, _LINK, section_link

__all__ = ["MisconceptionCheck"]

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
            options=[
                (f"{k + 1} of {len(self.items)}: {m.myth[:48]}{'…' if len(m.myth) > 48 else ''}", k)
                for k, m in enumerate(self.items)
            ],
            value=start - 1,
            description="Statement:",
            style=_LABEL,
            layout=widgets.Layout(width="auto"),
        )
        self.statement = widgets.HTML()
        self.view = widgets.RadioButtons(options=list(_VIEWS), value=None, description="Your view:", style=_LABEL)
        self.check_button = widgets.Button(description="Check", icon="check", tooltip="See what the course says")
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
        self.statement.value = (
            f"<p style='margin:6px 0;font-size:1.05em'>A classmate says: <strong>“{escape(m.myth)}”</strong></p>"
        )
        self.view.value = None
        self.feedback.value = ""
        self._alt()

    def _alt(self) -> None:
        self.set_alt(
            f"Statement {self.chooser.value + 1} of {len(self.items)}; you have checked "
            f"{len(self.seen)} of {len(self.items)}."
        )

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
        opening = {
            "I agree": "Many people think so, but it does not hold.",
            "Partly": "There is a grain of truth in it, but as it stands it misleads.",
            "I disagree": "Right to doubt it.",
        }[self.view.value]
        self.seen[m.id] = self.view.value
        link = section_link(m.notebook)
        term = ""
        if m.get("term"):
            t = content.term(m.term)
            term = f"<p style='margin:4px 0'><strong>Look up:</strong> {escape(t.term)} (in the glossary below)</p>"
        body = (
            f"<p style='margin:2px 0'>{escape(opening)}</p><p style='margin:4px 0'><strong>In fact:</strong> "
            f"{escape(m.fact)}</p>{term}<p style='margin:2px 0'>Met in: <a href='{escape(link)}' "
            f"target='_blank' style='{_LINK}'>{escape(m.notebook)}</a></p>"
        )
        frame = card("The correction", body, color="#0072B2", sources=content.cite(m))
        self.feedback.value = f"<div role='status' aria-live='polite'>{frame}</div>"
        self._alt()
        return f"{opening} In fact: {m.fact}"

    def _state(self) -> str:
        return f"statement={self.chooser.value + 1} of {len(self.items)}"
