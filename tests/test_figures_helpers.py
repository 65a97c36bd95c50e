"""The figures' shared helpers (issue 9): words.py, html.py, models/measurements.py, one module per diagram, and an
unknown id that is an error naming the choices."""

from pathlib import Path

import pytest

from immunolib import content
from immunolib.figures import (
    body,
    cards,
    cells,
    clonal,
    html,
    infection,
    lineage,
    overview,
    response_story,
    signals,
    tcells,
    therapy_lab,
    words,
)
from immunolib.models import infection as infection_model
from immunolib.models import measurements
from immunolib.models.clonal import clonal_expansion

PKG = Path(__file__).resolve().parents[1] / "immunolib"


# ---------------------------------------------------------------------------------------------- words


@pytest.mark.parametrize(
    "items, text", [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")]
)
def test_join_words(items, text):
    assert words.join_words(items) == text


@pytest.mark.parametrize("x, text", [(1.0, "1 day"), (4.63, "4.6 days"), (30, "30 days"), (0.96, "1 day")])
def test_days(x, text):
    assert words.days(x) == text


@pytest.mark.parametrize(
    "n, text",
    [
        (350.0, "350"),
        (3.5e5, "350 thousand"),
        (4.8e6, "4.8 million"),
        (1.2e10, "12 billion"),
        (12.3, "12"),
        (0.5, "0.5"),
    ],
)
def test_cells_short_never_writes_e_notation(n, text):
    assert words.cells_short(n) == text


def test_wrap_lines_clips_with_an_ellipsis_and_wrap_keeps_short_text():
    assert words.wrap_lines("one two three four five six", 9, max_lines=2) == ["one two", "three…"]
    assert words.wrap("short", 20) == "short" and words.wrap("", 5) == ""


def test_unknown_id_is_a_value_error_and_a_key_error_with_a_plain_message():
    with pytest.raises(ValueError) as err:
        words.check_id("cytokine", "il99", ["il2", "ifng"])
    assert isinstance(err.value, KeyError)
    assert str(err.value) == "cytokine must be one of il2, ifng; got 'il99'"
    words.check_id("cytokine", "il2", ["il2", "ifng"])  # a known id passes


# ---------------------------------------------------------------------------------------------- html


def test_card_frame_escapes_and_takes_a_second_class():
    out = html.card("<T>", "<p>x</p>", color="#000", sources=["a&b"], kind="step", more="<p>y</p>")
    assert out.startswith('<div class="immunolib-card immunolib-step"') and "&lt;T&gt;" in out
    assert "Sources: a&amp;b" in out and "<details" in out
    assert 'class="immunolib-card"' in html.card("T", "", color="#000")


def test_table_of_rows_escapes_labels_not_values():
    out = html.table([html.row("<b>", "<em>v</em>")])
    assert "&lt;b&gt;" in out and "<em>v</em>" in out and out.count("<tr>") == 1


def test_cards_module_keeps_the_frame_names():
    for name in ("card", "lead", "CARD_WORDS", "reference_list", "text_alternative"):
        assert getattr(cards, name) is getattr(html, name)


# ---------------------------------------------------------------------------------------------- layout


def test_cells_module_re_exports_the_three_diagrams():
    homes = (lineage, signals, response_story)
    for name in cells.__all__:
        assert any(getattr(m, name, None) is getattr(cells, name) for m in homes), name


FIGURES = sorted(p.relative_to(PKG).as_posix() for p in (PKG / "figures").rglob("*.py"))


@pytest.mark.parametrize("path", FIGURES)
def test_no_private_alias_of_the_palette(path):  # theme.py, the palette's home, may name it as it likes
    text = (PKG / path).read_text()
    assert "_O = " not in text and "_O[" not in text and "_C = theme" not in text


# ---------------------------------------------------------------------------------------------- measurements


def test_measurements_are_re_exported_by_the_figures():
    assert infection.response_numbers is measurements.response_numbers
    assert infection.ResponseNumbers is measurements.ResponseNumbers
    assert clonal.clonal_summary is measurements.clonal_summary
    assert therapy_lab.change_from_untreated is measurements.change_from_untreated


def test_clonal_summary_is_typed_and_still_reads_by_key():
    one = measurements.clonal_summary(clonal_expansion((0.5, 0.5), seed=0, days=20), (0.5, 0.5))
    assert isinstance(one, measurements.ClonalSummary)
    assert one["n_selected"] == one.n_selected > 0 and "peak2" not in one and "n_selected" in one
    with pytest.raises(KeyError, match="peak2"):
        one["peak2"]
    two = measurements.clonal_summary(clonal_expansion((0.5, 0.5), seed=0, days=60, second_exposure=30), (0.5, 0.5))
    assert "peak2" in two and two["delay2"] == two.delay2 < two.delay1
    assert set(two.keys()) - set(one.keys()) == {"peak2", "peak2_day", "delay1", "delay2"}


def test_response_numbers_label_each_exposure():
    first, second = measurements.response_numbers(infection_model.simulate(second_exposure=30))
    assert (first.label, second.label) == ("First exposure", "Second exposure")
    assert second.fold > 10 and first.fold == 1.0


# ---------------------------------------------------------------------------------------------- unknown ids


def _lineage_producers():
    lineage.describe_lineage(producers=("nope",), molecule="antibody")


def _organ():
    body.select_organ(body.organ_map(), "nope")


def _component():
    overview.select_component(overview.branches_at_a_glance(), "nope")


def _step():
    therapy_lab.select_step(therapy_lab.cycle_diagram(), "nope")


UNKNOWN = {
    "lineage_tree": lambda: lineage.lineage_tree(selected="nope"),
    "describe_lineage producers": _lineage_producers,
    "signal_network": lambda: signals.signal_network(selected="nope"),
    "describe_signals": lambda: signals.describe_signals(selected="nope"),
    "signal_list_html": lambda: signals.signal_list_html(selected="nope"),
    "select_organ": _organ,
    "select_component": _component,
    "describe_branches": lambda: overview.describe_branches(content.cells(), "nope"),
    "select_step": _step,
    "describe_cycle": lambda: therapy_lab.describe_cycle("nope"),
    "cytokine_grid": lambda: tcells.cytokine_grid("nope"),
}


@pytest.mark.parametrize("call", UNKNOWN.values(), ids=UNKNOWN.keys())
def test_an_unknown_id_is_an_error_naming_it_and_the_choices(call):
    with pytest.raises(ValueError, match="'nope'") as err:
        call()
    assert "one of " in str(err.value) or "known: " in str(err.value)
