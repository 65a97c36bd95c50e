"""Accessibility checked by tools: colours that survive colour-vision deficiencies, text that meets WCAG AA.

* Palette: every pair of distinct theme colours stays apart under simulated deuteranopia, protanopia and
  tritanopia (full severity, Machado et al. 2009 via ``colorspacious``), measured as a CAM02-UCS colour
  difference. Colour is never the only carrier of meaning here (markers and dashes too), but two colours a
  reader is told apart must not collapse into one.
* Contrast: every piece of text an app shows — inline-styled HTML in its cards, tables and text alternative,
  and every annotation and axis label of its figure — has a WCAG 2.1 contrast ratio of at least 4.5:1 against
  what it is drawn on (3:1 for large text, 24 px or bold 18.7 px and up).

The apps are found from ``immunolib.widgets.__all__`` and built with their defaults, so a new lesson's apps
are checked without touching this file.
"""

from __future__ import annotations

import inspect
import itertools
import re
from html.parser import HTMLParser

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import pytest
from colorspacious import cspace_convert, deltaE

import immunolib.widgets as apps
from immunolib import theme

#: Smallest CAM02-UCS difference that still reads as two colours side by side in a legend. Okabe–Ito's
#: closest pair under full-severity tritanopia (orange vs reddish purple) is about 11.
MIN_DELTA_E = 10.0
DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")  # severity 100 = -anopia


# ---- colour helpers -----------------------------------------------------------------------------------
def _rgb(color: str) -> tuple[np.ndarray, float]:
    """(sRGB in 0..1, alpha) of '#abc', '#aabbcc', 'rgb(...)', 'rgba(...)' or a few names."""
    color = color.strip().lower()
    names = {"white": "#ffffff", "black": "#000000", "transparent": "rgba(0,0,0,0)"}
    color = names.get(color, color)
    if color.startswith("#"):
        h = color[1:]
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        return np.array([int(h[i : i + 2], 16) for i in (0, 2, 4)]) / 255, 1.0
    m = re.fullmatch(r"rgba?\(([^)]*)\)", color)
    if not m:
        raise ValueError(f"unrecognised colour {color!r}")
    parts = [float(p) for p in m.group(1).split(",")]
    alpha = parts[3] if len(parts) == 4 else 1.0
    return np.array(parts[:3]) / 255, alpha


def _over(fg: str, bg_rgb: np.ndarray) -> np.ndarray:
    rgb, alpha = _rgb(fg)
    return alpha * rgb + (1 - alpha) * bg_rgb


def _luminance(rgb: np.ndarray) -> float:
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def contrast(fg: np.ndarray, bg: np.ndarray) -> float:
    """WCAG 2.1 contrast ratio of two opaque sRGB colours (0..1).

    >>> round(contrast(np.array([0, 0, 0]), np.array([1, 1, 1])), 1)
    21.0
    """
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_wcag_examples():
    white = np.ones(3)
    assert contrast(_rgb("#777777")[0], white) == pytest.approx(4.48, abs=0.01)  # the classic near-miss grey
    assert contrast(_rgb("#767676")[0], white) >= 4.5


# ---- palette ------------------------------------------------------------------------------------------
def _theme_colours() -> dict[str, np.ndarray]:
    colours = {name: _rgb(hex_)[0] for name, hex_ in theme.OKABE_ITO.items()}
    for group in (theme.BRANCH_COLORS, theme.ORGAN_TYPE_COLORS):
        for hex_ in group.values():
            colours.setdefault(hex_.lower(), _rgb(hex_)[0])
    return colours


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_palette_stays_distinguishable(deficiency):
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    colours = {}
    for name, rgb in _theme_colours().items():
        if not any(np.allclose(rgb, seen) for seen in colours.values()):
            colours[name] = rgb
    simulated = {k: np.clip(cspace_convert(v, space, "sRGB1"), 0, 1) for k, v in colours.items()}
    too_close = [
        (a, b, round(float(deltaE(simulated[a], simulated[b], input_space="sRGB1")), 1))
        for a, b in itertools.combinations(simulated, 2)
        if deltaE(simulated[a], simulated[b], input_space="sRGB1") < MIN_DELTA_E
    ]
    assert not too_close, f"under {deficiency} these colours are nearly the same (ΔE < {MIN_DELTA_E}): {too_close}"


def test_simulation_can_fail():
    """Red and green, the classic pair, collapse under deuteranopia: the check above would catch them."""
    space = {"name": "sRGB1+CVD", "cvd_type": "deuteranomaly", "severity": 100}
    red, green = (cspace_convert(_rgb(c)[0], space, "sRGB1") for c in ("#d62728", "#2ca02c"))
    assert deltaE(np.clip(red, 0, 1), np.clip(green, 0, 1), input_space="sRGB1") < MIN_DELTA_E


# ---- text contrast in HTML ----------------------------------------------------------------------------
_STYLE_PROP = re.compile(r"(?:^|;)\s*([\w-]+)\s*:\s*([^;]+)")
_VOID = {"br", "hr", "img", "input", "meta", "link", "col", "area", "wbr", "source"}


class _ContrastScan(HTMLParser):
    """Walk inline-styled HTML; record text whose colour is too faint on the background it sits on."""

    def __init__(self, where: str):
        super().__init__(convert_charrefs=True)
        self.where = where
        self.stack = [(np.zeros(3) + 0.133, np.ones(3), 16.0, False)]  # JupyterLab's text on white
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        fg, bg, size, bold = self.stack[-1]
        style = dict(attrs).get("style") or ""
        props = {k.lower(): v.strip() for k, v in _STYLE_PROP.findall(style)}
        background = props.get("background-color") or props.get("background")
        if background and re.match(r"^(#|rgb)", background):
            bg = _over(background.split()[0], bg)
        if "color" in props:
            fg = _over(props["color"], bg)
        if tag in ("strong", "b", "th") or re.match(r"h[1-6]$", tag) or props.get("font-weight") in ("bold", "700"):
            bold = True
        m = re.match(r"([\d.]+)(em|px)", props.get("font-size", ""))
        if m:
            size = float(m.group(1)) * (size if m.group(2) == "em" else 1.0)
        if tag not in _VOID:
            self.stack.append((fg, bg, size, bold))

    def handle_endtag(self, tag):
        if tag not in _VOID and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        if not data.strip():
            return
        fg, bg, size, bold = self.stack[-1]
        large = size >= 24 or (bold and size >= 18.66)
        need = 3.0 if large else 4.5
        ratio = contrast(fg, bg)
        if ratio < need:
            self.problems.append(f"{self.where}: {data.strip()[:40]!r} has contrast {ratio:.2f} (needs {need})")


def _html_problems(html: str, where: str) -> list[str]:
    scan = _ContrastScan(where)
    scan.feed(html)
    return scan.problems


def test_html_scan_can_fail():
    assert _html_problems('<p style="color:#BBBBBB">faint</p>', "probe")
    assert not _html_problems('<p style="color:#555">fine</p>', "probe")
    assert _html_problems('<div style="background:#0072B2"><p style="color:#000">dark on blue</p></div>', "probe")


# ---- text contrast in figures -------------------------------------------------------------------------
def _figure_problems(fig: go.Figure, where: str) -> list[str]:
    full = fig.to_dict()["layout"]
    tmpl = pio_template_layout()
    paper = _rgb(full.get("paper_bgcolor") or tmpl.get("paper_bgcolor", "white"))[0]
    default_font = (full.get("font") or {}).get("color") or tmpl.get("font", {}).get("color", "#444444")
    problems = []
    for k, ann in enumerate(full.get("annotations", [])):
        font = ann.get("font") or {}
        color = font.get("color") or default_font
        bg = _over(ann["bgcolor"], paper) if ann.get("bgcolor") else paper
        size = font.get("size") or 12
        text = re.sub(r"<[^>]+>", "", str(ann.get("text", "")))
        if not text.strip() or ann.get("visible") is False:
            continue
        need = 3.0 if size >= 24 or ("<b>" in str(ann.get("text", "")) and size >= 18.66) else 4.5
        ratio = contrast(_over(color, bg), bg)
        if ratio < need:
            problems.append(f"{where}: annotation {k} {text[:40]!r} has contrast {ratio:.2f} (needs {need})")
    ratio = contrast(_over(default_font, paper), paper)
    if ratio < 4.5:
        problems.append(f"{where}: the figure's text colour has contrast {ratio:.2f} (needs 4.5)")
    return problems


def pio_template_layout() -> dict:
    return theme.template().to_plotly_json().get("layout", {})


def test_figure_scan_can_fail():
    fig = go.Figure(layout=dict(annotations=[dict(text="pale", font=dict(color="#F0E442"), x=0, y=0)]))
    assert _figure_problems(fig, "probe")


# ---- every app ----------------------------------------------------------------------------------------
def _app_classes():
    out = []
    for name in apps.__all__:
        obj = getattr(apps, name)
        if (
            inspect.isclass(obj)
            and issubclass(obj, apps.App)
            and obj not in (apps.App, apps.SelectionApp)
            and not inspect.isabstract(obj)
        ):
            out.append(obj)
    return out


def _build(cls):
    if cls.__name__ == "Quiz":
        return cls("01_innate_vs_adaptive")
    return cls()


def _walk(widget):
    stack = [widget]
    while stack:
        w = stack.pop()
        yield w
        stack.extend(getattr(w, "children", ()) or ())


@pytest.mark.parametrize("cls", _app_classes(), ids=lambda c: c.__name__)
def test_app_text_meets_wcag_aa(cls):
    try:
        app = _build(cls)
    except TypeError as exc:  # an app that needs arguments must say which: build it with its doc example
        pytest.fail(f"{cls.__name__}() cannot be built from its defaults: {exc}")
    problems = []
    for w in _walk(app):
        if isinstance(w, (widgets.HTML, widgets.HTMLMath)):
            problems += _html_problems(w.value, f"{cls.__name__} HTML")
        if isinstance(w, go.FigureWidget):
            problems += _figure_problems(go.Figure(w), f"{cls.__name__} figure")
    assert not problems, "\n".join(problems)
