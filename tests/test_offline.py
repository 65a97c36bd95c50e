"""Kernel-free copies (immunolib.widgets.offline) for every app, and the quiz copy: what `make html` shows."""

from __future__ import annotations

import inspect

import pytest

import immunolib.widgets as apps
from immunolib.widgets.offline import kernel_free_figure, kernel_free_html, quiz_html, scenarios


def _app_classes():
    return [
        getattr(apps, n)
        for n in apps.__all__
        if inspect.isclass(getattr(apps, n))
        and issubclass(getattr(apps, n), apps.App)
        and getattr(apps, n) not in (apps.App, apps.SelectionApp)
    ]


@pytest.mark.parametrize("cls", _app_classes(), ids=lambda c: c.__name__)
def test_every_app_has_a_kernel_free_copy(cls):
    html = kernel_free_html(cls(), max_states=3)
    assert 'class="immunolib-offline"' in html and "Plotly.newPlot" in html
    assert "Figure description:" in html


def test_scenarios_switch_the_figure_by_frames():
    scenes = scenarios(apps.InfectionSimulator(), max_states=4)
    assert len(scenes) == 4 and len({s.label for s in scenes}) == 4
    fig = kernel_free_figure(scenes)
    assert len(fig.frames) == 4 and list(fig.layout.updatemenus[0].buttons[1].args[0]) == ["s1"]
    assert len({s.alt for s in scenes}) > 1, "each scenario keeps its own text description"


def test_offline_quiz_shows_every_option_with_its_feedback():
    quiz = apps.Quiz("01_innate_vs_adaptive")
    html = quiz_html(quiz)
    for q in quiz.quiz.questions:
        for o in q.options:
            assert o.feedback.replace("'", "&#x27;")[:30] in html or o.feedback[:30] in html
    assert html.count("<details>") >= sum(len(q.options) for q in quiz.quiz.questions)


def test_bad_arguments():
    with pytest.raises(ValueError, match="max_states"):
        scenarios(apps.BodyMap(), max_states=0)
    with pytest.raises(ValueError, match="scenario"):
        kernel_free_figure([])
