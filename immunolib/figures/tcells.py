"""Figures of lesson 05, in one place to import from: antigen presentation pathways
(:mod:`immunolib.figures.presentation`), the cytokine grid (:mod:`immunolib.figures.cytokines`) and the
help-and-restraint simulator with its model's diagram (:mod:`immunolib.figures.balance`).

Each diagram lives in its own module; this one re-exports their public names so that
``from immunolib.figures import tcells`` keeps working. Records or model results in, ``go.Figure`` (or HTML)
out; no widgets. Each figure has an in-place ``show_*`` updater used by the apps and a ``describe_*`` text
alternative.
"""

from __future__ import annotations

from immunolib.figures.balance import (
    KIRSCHNER_ARROWS,
    KIRSCHNER_BOXES,
    LEVER_NOTES,
    OUTCOME_WORDS,
    balance_caption,
    balance_figure,
    balance_table,
    describe_balance,
    describe_kirschner_compartments,
    fmt_cells,
    kirschner_compartments,
    kirschner_parameter_table,
    lever_sentences,
    outcome_html,
    show_balance,
)
from immunolib.figures.cytokines import (
    GROUPS,
    cytokine_card,
    cytokine_grid,
    describe_cytokine,
    show_cytokine,
)
from immunolib.figures.presentation import (
    describe_presentation,
    presentation_diagram,
    presentation_step_html,
    show_presentation,
)

__all__ = [
    "presentation_diagram",
    "show_presentation",
    "describe_presentation",
    "presentation_step_html",
    "GROUPS",
    "cytokine_grid",
    "show_cytokine",
    "describe_cytokine",
    "cytokine_card",
    "balance_figure",
    "show_balance",
    "describe_balance",
    "balance_caption",
    "lever_sentences",
    "outcome_html",
    "OUTCOME_WORDS",
    "LEVER_NOTES",
    "fmt_cells",
    "kirschner_parameter_table",
    "balance_table",
    "kirschner_compartments",
    "describe_kirschner_compartments",
    "KIRSCHNER_BOXES",
    "KIRSCHNER_ARROWS",
]
