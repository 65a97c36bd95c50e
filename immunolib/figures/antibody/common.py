"""What both antibody diagrams share: the colours of the chains, the mixed-case abbreviations, an ellipse outline."""

from __future__ import annotations

import math

from immunolib import theme

HEAVY, LIGHT = theme.OKABE_ITO["blue"], theme.OKABE_ITO["orange"]
SITE, JCHAIN, SECRETORY = (
    theme.OKABE_ITO["bluish_green"],
    theme.OKABE_ITO["reddish_purple"],
    theme.OKABE_ITO["sky_blue"],
)
#: Abbreviations written in mixed case that stay as written inside a sentence
#: (:func:`immunolib.figures.words.lower_first`'s ``keep``): 'Fc region', 'Fab arms', 'IgG'.
ABBREVIATIONS = ("Fc", "Fab", "Ig")


def ellipse(cx: float, cy: float, a: float, b: float, angle: float | None = None, n: int = 28):
    """Closed outline of an ellipse centred on (``cx``, ``cy``), ``n + 1`` points rounded to 4 decimals.

    Without ``angle``: semi-axis ``a`` along x and ``b`` along y (a cell, a nucleus). With ``angle`` (radians):
    semi-axis ``b`` along that direction and ``a`` across it (a domain lying along an antibody's chain).

    Example
    -------
    >>> xs, ys = ellipse(0.0, 0.0, 2.0, 1.0, n=4)
    >>> xs, ys
    ([2.0, 0.0, -2.0, -0.0, 2.0], [0.0, 1.0, 0.0, -1.0, -0.0])
    """
    xs, ys = [], []
    if angle is None:
        for k in range(n + 1):
            t = 2 * math.pi * k / n
            xs.append(round(cx + a * math.cos(t), 4))
            ys.append(round(cy + b * math.sin(t), 4))
        return xs, ys
    ca, sa = math.cos(angle), math.sin(angle)
    for k in range(n + 1):
        t = 2 * math.pi * k / n
        u, v = a * math.cos(t), b * math.sin(t)
        xs.append(round(cx + u * sa + v * ca, 4))
        ys.append(round(cy - u * ca + v * sa, 4))
    return xs, ys
