"""One look for every figure: the Okabe–Ito palette, a fixed colour and marker per cell type, a plotly template.

Okabe and Ito chose these eight colours to stay distinguishable under the common forms of colour-vision
deficiency (Okabe M, Ito K, 2008, "Color Universal Design", https://jfly.uni-koeln.de/color/). Eight
colours are fewer than our cell types, so every cell type also has its own marker symbol: colour is never
the only carrier of meaning (DESIGN.md, accessibility).

Example
-------
>>> from immunolib import theme
>>> theme.cell_style("cd8_t_cell").color
'#D55E00'
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

__all__ = [
    "OKABE_ITO",
    "CellStyle",
    "cell_style",
    "BRANCH_COLORS",
    "BRANCH_DASH",
    "ORGAN_TYPE_COLORS",
    "ORGAN_TYPE_SYMBOLS",
    "series_style",
    "TEMPLATE_NAME",
    "template",
    "FONT_FAMILY",
    "HIGHLIGHT",
    "MUTED",
    "LINE_GREY",
    "FADED",
]

#: The eight Okabe–Ito colours, by name.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
#: A neutral grey for things that are not the focus (not part of the palette's meaning).
MUTED = "#BBBBBB"
#: Outline used to mark the selected item (with a thicker line, never colour alone).
HIGHLIGHT = "#000000"
#: Lines of a diagram that are not highlighted (the highlighted ones are thicker and :data:`HIGHLIGHT`).
LINE_GREY = "#999999"
#: Opacity of what a highlight leaves out of focus.
FADED = 0.3

FONT_FAMILY = "Atkinson Hyperlegible, Verdana, Arial, sans-serif"


@dataclass(frozen=True)
class CellStyle:
    """How one cell type or molecule is drawn everywhere: colour, marker symbol and a text abbreviation."""

    color: str
    symbol: str
    abbreviation: str


_O = OKABE_ITO
_CELL_STYLES = {
    "hsc": CellStyle(_O["black"], "star", "HSC"),
    "b_cell": CellStyle(_O["blue"], "circle", "B"),
    "plasma_cell": CellStyle(_O["blue"], "diamond", "PC"),
    "antibody": CellStyle(_O["blue"], "triangle-up", "Ab"),
    "cd4_t_cell": CellStyle(_O["orange"], "square", "CD4"),
    "cd8_t_cell": CellStyle(_O["vermillion"], "circle", "CD8"),
    "treg": CellStyle(_O["reddish_purple"], "square", "Treg"),
    "nk_cell": CellStyle(_O["bluish_green"], "circle", "NK"),
    "dendritic_cell": CellStyle(_O["sky_blue"], "star", "DC"),
    "macrophage": CellStyle(_O["yellow"], "hexagon", "Mφ"),
    "monocyte": CellStyle(_O["yellow"], "circle", "Mo"),
    "neutrophil": CellStyle(_O["black"], "hexagon", "Neu"),
    "cytokine": CellStyle(_O["reddish_purple"], "x", "Cyt"),
}
_FALLBACK_SYMBOLS = ("pentagon", "cross", "triangle-down", "hourglass", "bowtie", "star-square")


def cell_style(cell_id: str) -> CellStyle:
    """The fixed style of a cell type or molecule.

    Parameters
    ----------
    cell_id : str
        An id from ``data/cells.yaml`` (for example ``"b_cell"``).

    Returns
    -------
    CellStyle
        Colour (Okabe–Ito), plotly marker symbol and a short abbreviation. An id added to the data later
        without a style here gets a stable grey style with a symbol derived from its name, so a new cell never
        breaks a diagram.
    """
    style = _CELL_STYLES.get(cell_id)
    if style is not None:
        return style
    symbol = _FALLBACK_SYMBOLS[sum(map(ord, cell_id)) % len(_FALLBACK_SYMBOLS)]
    return CellStyle("#777777", symbol, cell_id[:4])


#: Innate and adaptive immunity (and components that bridge both).
BRANCH_COLORS = {"innate": _O["orange"], "adaptive": _O["blue"], "both": _O["bluish_green"]}
#: Line dash per branch, so that curves differ without colour.
BRANCH_DASH = {"innate": "dot", "adaptive": "solid", "both": "dashdot"}
#: Organ types on the body map.
ORGAN_TYPE_COLORS = {
    "primary_lymphoid": _O["vermillion"],
    "secondary_lymphoid": _O["blue"],
    "barrier": _O["bluish_green"],
}
#: Marker symbol per organ type, so organ types differ without colour.
ORGAN_TYPE_SYMBOLS = {"primary_lymphoid": "diamond", "secondary_lymphoid": "circle", "barrier": "square"}

# Model outputs: colour and dash per population, so every time course looks the same across lessons.
_SERIES = {
    "pathogen": (_O["black"], "solid"),
    "innate": (_O["orange"], "dot"),
    "adaptive": (_O["blue"], "solid"),
    "antibody": (_O["blue"], "dash"),
    "igm": (_O["sky_blue"], "dashdot"),
    "igg": (_O["blue"], "dash"),
    "memory": (_O["reddish_purple"], "longdash"),
    "tumour": (_O["black"], "solid"),
    "tumor": (_O["black"], "solid"),
    "effector": (_O["vermillion"], "dash"),
    "nk": (_O["bluish_green"], "dot"),
    "cd8": (_O["vermillion"], "dash"),
    "il2": (_O["orange"], "dashdot"),
}


def series_style(name: str) -> dict:
    """Plotly line style (``color`` and ``dash``) for a model population such as ``"pathogen"``."""
    color, dash = _SERIES.get(name.lower(), ("#777777", "solid"))
    return {"color": color, "dash": dash}


TEMPLATE_NAME = "immunolib"


def template() -> go.layout.Template:
    """The plotly template every figure uses (registered as ``"immunolib"``)."""
    return go.layout.Template(
        layout=go.Layout(
            font=dict(family=FONT_FAMILY, size=15, color="#222222"),
            title=dict(font=dict(size=18), x=0.02, xanchor="left"),
            colorway=[
                _O[k]
                for k in (
                    "blue",
                    "vermillion",
                    "bluish_green",
                    "orange",
                    "reddish_purple",
                    "sky_blue",
                    "black",
                    "yellow",
                )
            ],
            paper_bgcolor="white",
            plot_bgcolor="white",
            xaxis=dict(showgrid=True, gridcolor="#E5E5E5", zeroline=False, linecolor="#444444", ticks="outside"),
            yaxis=dict(showgrid=True, gridcolor="#E5E5E5", zeroline=False, linecolor="#444444", ticks="outside"),
            legend=dict(bgcolor="rgba(255,255,255,0.85)", bordercolor="#CCCCCC", borderwidth=1),
            hoverlabel=dict(font=dict(family=FONT_FAMILY, size=14)),
            margin=dict(l=60, r=20, t=60, b=50),
        )
    )


pio.templates[TEMPLATE_NAME] = template()
