"""Cancer and the immune system (lesson 06): three outcomes, a phase plane, escape mechanisms, missing self.

Figures drawn from :mod:`immunolib.models.phase_plane`, :mod:`immunolib.models.kuznetsov` and
:mod:`immunolib.models.depillis`. Conventions shared by every figure here:

* tumour sizes are drawn on a log scale as the exponent of ten (the axis shows 1, 10, 100, 10³ … cells),
  so that a tumour of ten cells and one of a hundred million fit on one axis; a tumour that fell below one
  cell is gone (the curve stops, with a ✕ and the words "gone");
* every model figure carries a caption naming the paper, what its parameters were fitted to, and that it
  shows mechanisms, not any patient's future (:func:`model_caption`);
* meaning is never carried by colour alone: runs differ by dash pattern and number, steady states by
  filled (stable) or hollow (unstable) markers, regions and curves by words on the figure.

Each figure is built once with fixed traces (``trace.meta`` names each) and redrawn in place by its
``update_*`` function, so that an app can update a live ``FigureWidget`` inside ``batch_update()``.

Example
-------
>>> from immunolib.models import phase_plane
>>> fig = phase_plane_figure(phase_plane.portrait())
>>> [t.meta for t in fig.data][:4]
['regions', 'flow', 'tumour_nullcline', 'effector_nullcline']
"""

from immunolib.figures.immunoediting.common import E_SCALE, MAX_RUNS, OUTCOME_WORDS, cells, model_caption
from immunolib.figures.immunoediting.escape import describe_escape, escape_figure, update_escape_figure
from immunolib.figures.immunoediting.missing_self import describe_missing_self, missing_self_figure, update_missing_self
from immunolib.figures.immunoediting.model_diagram import (
    KUZNETSOV_ARROWS,
    KUZNETSOV_BOXES,
    describe_kuznetsov_compartments,
    kuznetsov_compartments,
)
from immunolib.figures.immunoediting.outcomes import describe_outcomes, outcome_figure, update_outcome_figure
from immunolib.figures.immunoediting.plane import PlaneRun, describe_phase_plane, phase_plane_figure, update_phase_plane
from immunolib.figures.immunoediting.tables import escape_parameter_table, parameter_table

__all__ = [
    "escape_parameter_table",
    "kuznetsov_compartments",
    "describe_kuznetsov_compartments",
    "model_caption",
    "cells",
    "OUTCOME_WORDS",
    "PlaneRun",
    "outcome_figure",
    "update_outcome_figure",
    "describe_outcomes",
    "phase_plane_figure",
    "update_phase_plane",
    "describe_phase_plane",
    "escape_figure",
    "update_escape_figure",
    "describe_escape",
    "missing_self_figure",
    "update_missing_self",
    "describe_missing_self",
    "MAX_RUNS",
    "E_SCALE",
    "parameter_table",
    "KUZNETSOV_BOXES",
    "KUZNETSOV_ARROWS",
]
