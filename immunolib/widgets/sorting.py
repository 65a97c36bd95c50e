"""The sorting exercise of lesson 01: which features belong to innate immunity, adaptive immunity, or both?"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as widgets

from immunolib import content
from immunolib.figures import sorting
from immunolib.widgets.base import App, figure_widget, safe, silenced

__all__ = ["BranchSorter"]


class BranchSorter(App):
    """Sort statements about the immune system into innate, both or adaptive; then check them.

    Each statement (from ``data/branches.yaml``, ``features:``) has three labelled buttons. The board under
    them moves the statement into the column chosen at once; **Check my sorting** marks each sorted
    statement right or wrong (symbol, words and colour) and explains why. **Start again** clears everything.

    Parameters
    ----------
    statements : sequence of str, optional
        Ids of the statements to use, in this order (default: all of them, in file order). A teacher can
        pass a shorter list for a quicker exercise.

    Example
    -------
    >>> from immunolib.widgets.sorting import BranchSorter
    >>> app = BranchSorter(statements=["responds_within_hours", "uses_cytokines"])
    >>> app.choices[0].value = "innate"          # what clicking "Innate" beside statement 1 does
    >>> app.check()
    {'right': 1, 'wrong': 0, 'unchecked': 0, 'unsorted': 1}
    >>> app
    BranchSorter(statements=2, sorted=1, right=1)
    """

    app_name = "BranchSorter"
    role = "questions"

    def __init__(self, statements: Sequence[str] | None = None):
        every = content.features()
        by_id = {f.id: f for f in every}
        if statements is None:
            self.features = tuple(every)
        else:
            if isinstance(statements, str):
                raise ValueError("statements must be a list of statement ids, not one string")
            unknown = [s for s in statements if s not in by_id]
            if unknown or not statements:
                raise ValueError(
                    f"statements must be a non-empty list of ids from: {', '.join(by_id)}; "
                    f"unknown: {', '.join(map(repr, unknown)) or 'none given'}"
                )
            if len(set(statements)) != len(statements):
                raise ValueError("statements must not name the same statement twice")
            self.features = tuple(by_id[s] for s in statements)
        self._checked: dict[str, str] = {}

        self.choices: list[widgets.ToggleButtons] = []
        rows = []
        for k, f in enumerate(self.features):
            text = widgets.HTML(
                f"<p style='margin:0;line-height:1.35'><strong>{k + 1}.</strong> {escape(f.statement)}</p>",
                layout=widgets.Layout(width="52%", min_width="260px"),
            )
            choice = widgets.ToggleButtons(
                options=[(sorting.CHOICE_LABELS[c], c) for c in sorting.CHOICES],
                value=None,
                description=f"Statement {k + 1}:",
                style={"description_width": "initial", "button_width": "88px"},
                tooltips=["innate immunity", "both branches", "adaptive immunity"],
            )
            choice.observe(self._on_choice, names="value")
            self.choices.append(choice)
            rows.append(
                widgets.HBox(
                    [text, choice],
                    layout=widgets.Layout(
                        align_items="center", flex_flow="row wrap", border_bottom="1px solid #e3e3e3", padding="3px 0"
                    ),
                )
            )
        self.choices[0].add_class("immunolib-control")
        self.check_button = widgets.Button(
            description="Check my sorting",
            icon="check",
            layout=widgets.Layout(width="190px"),
            tooltip="Mark each sorted statement right or wrong, with the reason",
        )
        self.reset_button = widgets.Button(
            description="Start again",
            icon="undo",
            layout=widgets.Layout(width="150px"),
            tooltip="Move every statement back to 'not sorted yet'",
        )
        self.check_button.on_click(self._on_check)
        self.reset_button.on_click(self._on_reset)
        self.figure = figure_widget(sorting.sorting_board(self.features))
        self.feedback = widgets.HTML("")
        self.feedback.add_class("immunolib-sort-feedback-view")
        hint = widgets.HTML(
            "<p style='margin:2px 0'>For each statement, choose the branch it describes: "
            "<strong>Innate</strong>, <strong>Adaptive</strong>, or <strong>Both</strong>. "
            "The board below follows your choices; press <strong>Check my sorting</strong> "
            "when you are ready.</p>"
        )
        super().__init__(
            children=(
                hint,
                widgets.VBox(rows),
                widgets.HBox([self.check_button, self.reset_button]),
                self.figure,
                self.feedback,
            )
        )
        self._redraw()

    # ----------------------------------------------------------------------------------------------
    @property
    def chosen(self) -> dict[str, str | None]:
        """Statement id -> the column chosen (None if not sorted yet)."""
        return {f.id: c.value for f, c in zip(self.features, self.choices)}

    def check(self) -> dict[str, int]:
        """Grade the current sorting (what the Check button does); returns the counts."""
        chosen = self.chosen
        self._checked = {k: v for k, v in chosen.items() if v is not None}
        self.feedback.value = sorting.sorting_feedback(self.features, chosen)
        self._redraw()
        return sorting.score(sorting.placements(self.features, chosen, self._checked))

    def reset(self) -> None:
        """Move every statement back to 'not sorted yet' and clear the feedback."""
        with silenced(self._on_choice, *self.choices):
            for c in self.choices:
                c.value = None
        self._checked = {}
        self.feedback.value = ""
        self._redraw()

    # ----------------------------------------------------------------------------------------------
    @safe
    def _on_choice(self, _change=None) -> None:
        self._redraw()

    @safe
    def _on_check(self, _button=None) -> None:
        self.check()

    @safe
    def _on_reset(self, _button=None) -> None:
        self.reset()

    def _redraw(self) -> None:
        chosen = self.chosen
        with self.figure.batch_update():
            sorting.update_sorting_board(self.figure, self.features, chosen, self._checked)
        self.set_alt(sorting.describe_board(self.features, chosen, self._checked))

    def _state(self) -> str:
        counts = sorting.score(sorting.placements(self.features, self.chosen, self._checked))
        n_sorted = len(self.features) - counts["unsorted"]
        text = f"statements={len(self.features)}, sorted={n_sorted}"
        if self._checked:
            text += f", right={counts['right']}"
        return text
