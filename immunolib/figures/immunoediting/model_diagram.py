"""The compartment diagram of the Kuznetsov model: effector and tumour cells and how each acts on the other."""

from __future__ import annotations

import plotly.graph_objects as go

from immunolib import theme

__all__ = ["kuznetsov_compartments", "describe_kuznetsov_compartments", "KUZNETSOV_BOXES", "KUZNETSOV_ARROWS"]


def kuznetsov_compartments() -> go.Figure:
    """The compartment diagram of the Kuznetsov model (DSAIRM's "The model"): effector and tumour cells.

    Example
    -------
    >>> fig = kuznetsov_compartments()
    >>> [a.text for a in fig.layout.annotations if a.name == "box"][1:3]
    ['<b>E</b> effector cells at the tumour', '<b>T</b> tumour cells (grow to fill their space: a, b)']
    """
    from immunolib.figures.compartments import compartment_diagram

    return compartment_diagram(
        KUZNETSOV_BOXES, KUZNETSOV_ARROWS, "What the Kuznetsov model tracks, and how each part acts on the other"
    )


def _kuznetsov_diagram():
    from immunolib.figures.compartments import Arrow, Box

    c = theme.OKABE_ITO
    boxes = (
        Box("in", "", "from the blood", 0.02, 0.80, c["sky_blue"]),
        Box("E", "E", "effector cells at the tumour", 0.42, 0.80, c["blue"]),
        Box("T", "T", "tumour cells (grow to fill their space: a, b)", 0.42, 0.12, c["vermillion"]),
        Box("gone", "", "dead or switched off", 0.95, 0.80, c["black"]),
        Box("killed", "", "killed tumour cells", 0.95, 0.12, c["orange"]),
    )
    arrows = (
        Arrow("in", "E", "arrive (s)"),
        Arrow("E", "gone", "die (d); switched off by T (m)"),
        Arrow("T", "E", "stimulates build-up (p, g)", dash=True),
        Arrow("T", "killed", "killed (n)"),
        Arrow("E", "killed", "kill (n)", dash=True),
    )
    return boxes, arrows


KUZNETSOV_BOXES, KUZNETSOV_ARROWS = _kuznetsov_diagram()


def describe_kuznetsov_compartments() -> str:
    """The text alternative of :func:`kuznetsov_compartments`."""
    from immunolib.figures.compartments import describe_compartments

    return describe_compartments(KUZNETSOV_BOXES, KUZNETSOV_ARROWS)
