"""What both antibody diagrams share: the colours of the chains, an ellipse outline, a text helper."""

from __future__ import annotations

import math

from immunolib import theme

_O = theme.OKABE_ITO
HEAVY, LIGHT = _O["blue"], _O["orange"]
SITE, JCHAIN, SECRETORY = _O["bluish_green"], _O["reddish_purple"], _O["sky_blue"]


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


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ('Fc region' stays, 'Hinge' -> 'hinge')."""
    word = text.split(" ")[0]
    return (
        text
        if len(word) > 1 and (word[1].isupper() or not word.isalpha()) or word[:2] == "Fc"
        else text[0].lower() + text[1:]
    )
