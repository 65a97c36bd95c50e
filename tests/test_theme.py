"""The theme: Okabe–Ito colours, and a colour+symbol pair that tells every cell type apart without colour."""

import re

import plotly.io as pio

from immunolib import content, theme


def test_palette_is_okabe_ito():
    assert set(theme.OKABE_ITO.values()) == {
        "#000000",
        "#E69F00",
        "#56B4E9",
        "#009E73",
        "#F0E442",
        "#0072B2",
        "#D55E00",
        "#CC79A7",
    }


def test_every_cell_in_the_data_has_a_fixed_palette_style():
    for c in content.cells():
        style = theme.cell_style(c.id)
        assert style.color in theme.OKABE_ITO.values(), f"{c.id} has no palette colour (add it to theme)"


def test_cell_types_are_distinguishable_without_colour():
    pairs = [(theme.cell_style(c.id).color, theme.cell_style(c.id).symbol) for c in content.cells()]
    assert len(set(pairs)) == len(pairs), "two cell types share colour AND symbol"
    by_colour = {}
    for c in content.cells():
        s = theme.cell_style(c.id)
        by_colour.setdefault(s.color, set()).add(s.symbol)
    for colour, symbols in by_colour.items():
        members = [c.id for c in content.cells() if theme.cell_style(c.id).color == colour]
        assert len(symbols) == len(members), f"{members} share {colour} and need different symbols"


def test_unknown_cell_gets_a_stable_fallback():
    a, b = theme.cell_style("mast_cell"), theme.cell_style("mast_cell")
    assert a == b and re.fullmatch(r"#[0-9A-F]{6}", a.color)


def test_template_is_registered_and_uses_the_palette():
    tpl = pio.templates[theme.TEMPLATE_NAME]
    assert list(tpl.layout.colorway)[0] in theme.OKABE_ITO.values()
    assert tpl.layout.font.family.startswith("Atkinson")


def test_series_styles_differ_in_dash_where_colours_repeat():
    a, b = theme.series_style("adaptive"), theme.series_style("antibody")
    assert a["color"] == b["color"] and a["dash"] != b["dash"]
