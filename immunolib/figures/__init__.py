"""Plotly figure builders: records or model results in, ``go.Figure`` out. No widgets here (DESIGN.md).

Importing this package registers the course's plotly template and makes ``plotly_mimetype`` the default
renderer, so a figure stored in a notebook is plain JSON (no 4 MB copy of plotly.js, no internet needed).
"""

import plotly.io as pio

from immunolib import theme  # noqa: F401  (registers the "immunolib" template)

pio.renderers.default = "plotly_mimetype"
