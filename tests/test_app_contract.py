"""The contract every app keeps, checked once for every app in ``immunolib.widgets.__all__`` (issue 9, item 7).

The apps are discovered, not listed: every exported subclass of :class:`immunolib.widgets.base.App` is tested,
so a new app is covered the day it is exported. For each app:

* it is created from its defaults, with an empty status line and, when it has a figure, a text alternative;
* every control a student sees (menus, sliders, toggle buttons, check boxes, text boxes, buttons, play) is
  moved across its range, and each move that changes what is shown changes the figure and its text
  alternative. Controls that legitimately change neither are listed in ``UNCHANGED`` with the reason, and the
  test fails when an entry there is no longer true;
* every constructor argument given a bad value raises a ``ValueError`` that names the argument;
* when a callback fails, the app's status line says so in words, never with a traceback;
* the ``text/plain`` that a notebook stores for the app carries its state and its text alternative, so that
  strict nbval fails when what a student would see changes (and nothing in that text varies between runs).

The per-app copies of these checks that the lesson tests used to hold were removed; the lesson tests keep
what is particular to a lesson (its science, its data and its prose).
"""

from __future__ import annotations

import html
import inspect
import json
import logging
import math
import re
import subprocess
import sys
from pathlib import Path

import ipywidgets as widgets
import nbformat
import plotly.graph_objects as go
import pytest

import immunolib.widgets as W
from immunolib.widgets.base import App
from immunolib.widgets.controls import _label_of, _values

ROOT = Path(__file__).resolve().parents[1]
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"

#: Names in ``__all__`` that are App subclasses but not apps a notebook shows (reason).
BASES = {
    "App": "the base class of every app: no controls and no figure of its own",
    "SelectionApp": "the base class of the menu-and-click apps: a subclass supplies the menu and the figure",
    "StepperApp": "the base class of the step-through apps: a subclass supplies the steps and the figure",
}

APPS = sorted(
    n for n in W.__all__ if inspect.isclass(getattr(W, n)) and issubclass(getattr(W, n), App) and n not in BASES
)

#: Constructor arguments that show every control (the defaults open an app with at most three).
SHOW_ALL = {
    "TCellJourney": {"play": True},
    "ClonalSelectionExplorer": {"show": ("seed", "threshold", "maturation")},
    "TherapyLab": {"show": ("schedule", "compare")},
}

#: Controls whose moves legitimately leave the figure ("figure") or the figure and its text alternative
#: ("both") as they were: (app, control label) -> (what stays, reason).
UNCHANGED = {
    ("TCellJourney", "Play the journey"): (
        "both",
        "linked to the step slider in the browser (jslink): the page moves the slider, whose moves are checked here",
    ),
    # a set of questions: choosing an answer shows nothing until the student checks it
    ("MisconceptionCheck", "Your view"): ("both", "the student's answer: it is judged when Check is pressed"),
    ("TherapyPlacement", "Acts at"): ("both", "the student's answer: it is judged when Check is pressed"),
    ("ReviewQuiz", "Answer"): ("both", "the student's answer: it is judged when Check answer is pressed"),
    ("ReviewQuiz", "How sure are you?"): ("both", "asked with the answer, judged when Check answer is pressed"),
    ("ReviewQuiz", "Check answer"): (
        "both",
        "the verdict goes to the feedback and the score table under the figure; the figure shows the "
        "question's own figure (the score chart only for a question without one)",
    ),
    ("GlossarySearch", "Search"): (
        "both",
        "typing narrows the Term menu; the diagram follows the term chosen in that menu",
    ),
}

#: Apps where no control changes the text alternative: the callback internal that is made to fail instead
#: of ``set_alt`` (app -> attribute name).
FAILING_INTERNAL = {"TherapyPlacement": "_ask"}

#: Constructor arguments that accept any value of the wrong kind shown here (app, argument) -> reason.
NOT_VALIDATED = {
    ("TCellJourney", "play"): "any truthy value starts the journey's Play button; not checked to be a bool"
}

#: Bad values to try for an argument, where the generic ones (by the default's type) do not fit.
BAD_VALUES = {
    ("GlossarySearch", "query"): [3]  # any text is a valid search, so only a non-text is wrong
}


def _class(name: str) -> type:
    return getattr(W, name)


# ------------------------------------------------------------------------------------------- the widgets
def _walk_visible(widget):
    """The widget and every descendant that is not hidden (a hidden box hides all it holds)."""
    stack = [widget]
    while stack:
        w = stack.pop(0)
        if not isinstance(w, go.FigureWidget) and w.layout.display == "none":
            continue
        yield w
        if isinstance(w, widgets.Box):
            stack[:0] = list(w.children)


def controls(app) -> list:
    """Every widget of the app that a student can see and operate (the rule ``Predict`` locks by)."""
    return [
        w
        for w in _walk_visible(app)
        if w is not app
        and isinstance(w, widgets.DOMWidget)
        and w.has_trait("disabled")
        and not isinstance(w, go.FigureWidget)
    ]


def label(w) -> str:
    return (w.description or w.tooltip or type(w).__name__) if isinstance(w, widgets.Button) else _label_of(w)


def figures_json(app) -> str:
    return "".join(w.to_json() for w in _walk_visible(app) if isinstance(w, go.FigureWidget))


def shown(app) -> str:
    """What the app shows: its figures, or for an app without a figure (a set of questions) its text."""
    return figures_json(app) or "".join(
        w.value for w in _walk_visible(app) if isinstance(w, widgets.HTML) and w is not app.status and w is not app.alt
    )


def moves(w) -> list:
    """The moves that take a control across its range (the last one is where it is left)."""
    if isinstance(w, widgets.Button):
        return ["click"] * 3
    if isinstance(w, widgets.Play):
        return list(range(w.min, w.max + 1, max(w.step, 1)))
    if isinstance(w, widgets.Text):
        return ["cell", ""]
    if isinstance(w, (widgets.Checkbox, widgets.ToggleButton)):
        return [not w.value]
    if not isinstance(w, (widgets.widget_selection._Selection, widgets.widget_float._Float, widgets.widget_int._Int)):
        raise AssertionError(f"the contract does not know how to move a {type(w).__name__}")
    values = _values(w, per_slider=5)  # no options offered at this moment (a question's answers): none
    # across the range, then left in the middle (not at an end, where "Next" or "Previous" does nothing)
    return [v for v in values if v != w.value] + ([values[len(values) // 2]] if len(values) > 2 else [])


def move(w, value) -> None:
    if value == "click":
        w.click()
    else:
        w.value = value


def exercise(app, on_move=None) -> dict:
    """Move every control across its range, twice (in order, then in reverse order so that "Previous"
    follows "Next"); return ``{label: (figure changed, alt changed)}`` over all moves."""
    seen: dict[str, list[bool]] = {}
    cs = controls(app)
    assert cs, f"{type(app).__name__} has no control a student can operate"
    for round_ in (cs, cs[::-1]):
        for w in round_:
            for value in moves(w):
                before = shown(app), app.alt.value
                move(w, value)
                if on_move is not None:
                    on_move(w, value)
                r = seen.setdefault(label(w), [False, False])
                r[0] |= shown(app) != before[0]
                r[1] |= app.alt.value != before[1]
    return {k: tuple(v) for k, v in seen.items()}


@pytest.fixture(scope="module")
def exercised() -> dict:
    """Each app built to show all its controls, and what moving each control changed (built once)."""
    cache: dict = {}

    def get(name: str):
        if name not in cache:
            app = _class(name)(**SHOW_ALL.get(name, {}))
            cache[name] = (app, exercise(app))
        return cache[name]

    return get


# ------------------------------------------------------------------------------------------ discovery
def test_every_exported_app_is_covered():
    """A test that can fail: the discovery finds the apps the notebooks use, and the tables name only them."""
    assert {"InfectionSimulator", "TherapyLab", "ReviewQuiz", "TCellJourney"} <= set(APPS) and len(APPS) >= 25
    for name in set(BASES):
        assert issubclass(_class(name), App) and name in W.__all__, f"BASES lists {name}, which is not an App"
    tables = [
        set(SHOW_ALL),
        {a for a, _ in UNCHANGED},
        set(FAILING_INTERNAL),
        {a for a, _ in NOT_VALIDATED},
        {a for a, _ in BAD_VALUES},
    ]
    for table in tables:
        assert table <= set(APPS), f"table entries name no exported app: {sorted(table - set(APPS))}"


@pytest.mark.parametrize("name", sorted(SHOW_ALL))
def test_show_all_entries_show_more_controls(name):
    """An entry of SHOW_ALL is stale once the defaults show every control already."""
    default, shown = _class(name)(), _class(name)(**SHOW_ALL[name])
    assert len(controls(shown)) > len(controls(default)), f"SHOW_ALL[{name!r}] shows nothing the defaults hide"


# --------------------------------------------------------------------------------------- the contract
@pytest.mark.parametrize("name", APPS)
def test_created_from_defaults(name):
    app = _class(name)()
    assert app.status.value == ""
    assert repr(app).startswith(f"{app.app_name}(") and app.app_name == name
    assert "immunolib-app" in app._dom_classes and app.role in ("explorer", "model", "stepper", "questions")
    if figures_json(app):
        assert "Figure description:" in app.alt.value, f"{name} shows a figure without a text alternative"
    for w in controls(app):
        assert label(w) != type(w).__name__, f"{name}: a {type(w).__name__} has no label"
    # the controls an app marks for the browser tests (base.py's ``immunolib-control``) are among those moved here
    marked = [w for w in _walk_visible(app) if "immunolib-control" in getattr(w, "_dom_classes", ())]
    assert all(any(m is w for w in controls(app)) for m in marked), f"{name}: a marked control is not operable"


@pytest.mark.parametrize("name", APPS)
def test_every_control_changes_the_figure_and_its_text_alternative(name, exercised):
    app, seen = exercised(name)
    expected = {k: v[0] for (a, k), v in UNCHANGED.items() if a == name}
    if not figures_json(app):  # a set of questions without a figure: its text, no text alternative
        assert app.role == "questions", f"{name} has no figure but is a {app.role!r} app"
        seen = {c: (changed, changed) for c, (changed, _) in seen.items()}
    for control, (fig_changed, alt_changed) in seen.items():
        what = expected.get(control)
        if what is None:
            assert fig_changed, f"{name}: moving {control!r} did not change the figure"
            assert alt_changed, f"{name}: moving {control!r} changed the figure but not its text alternative"
        elif what == "figure":
            assert not fig_changed, f"UNCHANGED[{name!r}, {control!r}] is stale: the figure now changes"
            assert alt_changed, f"{name}: moving {control!r} did not change the text alternative"
        else:
            assert not (fig_changed or alt_changed), f"UNCHANGED[{name!r}, {control!r}] is stale: it changes"
    assert set(expected) <= set(seen), f"UNCHANGED names controls {name} does not have: {set(expected) - set(seen)}"
    assert app.status.value == "", f"{name}: a move left a problem in the status line: {app.status.value}"


def _bad_values(name: str, param: inspect.Parameter) -> list:
    if (name, param.name) in BAD_VALUES:
        return BAD_VALUES[name, param.name]
    d = param.default
    if isinstance(d, bool):
        return ["yes", 2]
    if isinstance(d, int):
        return [-(10**6), 2.5, True, "1"]
    if isinstance(d, float):
        return [math.nan, -1e300, True, "1"]
    if isinstance(d, str):
        return [f"no-such-{d}", 3]
    if isinstance(d, tuple):
        return [("no-such-thing",), "a string"]
    return ["no-such-thing"]  # None, or anything else: a word that names nothing


def _arguments():
    for name in APPS:
        for param in list(inspect.signature(_class(name).__init__).parameters.values())[1:]:
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                continue
            assert param.default is not param.empty, f"{name}({param.name}) has no default: apps open from defaults"
            yield pytest.param(name, param, id=f"{name}-{param.name}")


@pytest.mark.parametrize("name, param", list(_arguments()))
def test_a_bad_argument_is_a_value_error_naming_it(name, param):
    accepted = []
    for bad in _bad_values(name, param):
        try:
            _class(name)(**{param.name: bad})
        except ValueError as exc:
            assert re.search(rf"\b{re.escape(param.name)}\b", str(exc)), (
                f"{name}({param.name}={bad!r}): the error does not name the argument: {exc}"
            )
        else:
            accepted.append(bad)
    if (name, param.name) in NOT_VALIDATED:
        assert accepted, f"NOT_VALIDATED[{name!r}, {param.name!r}] is stale: every bad value is refused now"
    else:
        assert not accepted, f"{name}({param.name}=...) accepts the bad value(s) {accepted!r}"


def test_not_validated_entries_name_real_arguments():
    for name, arg in NOT_VALIDATED:
        assert arg in inspect.signature(_class(name).__init__).parameters


@pytest.mark.parametrize("name", APPS)
def test_a_failing_callback_shows_a_message_not_a_traceback(name, exercised, monkeypatch, caplog):
    """Every control that changes the text alternative is made to fail (its ``set_alt``, or the internal
    named in FAILING_INTERNAL, raises): the status line says so in words and nothing escapes to the page."""
    _, seen = exercised(name)
    changing = {c for c, (_, alt) in seen.items() if alt}
    assert bool(changing) != (name in FAILING_INTERNAL), (
        f"FAILING_INTERNAL[{name!r}] is {'stale' if changing else 'missing'}: the app's controls "
        f"{'do' if changing else 'do not'} change its text alternative"
    )
    app = _class(name)(**SHOW_ALL.get(name, {}))
    message = "simulated failure: parameter 'k' must be < 1e-3"  # quotes and "<" must reach the page escaped

    def fail(*args, **kwargs):
        raise RuntimeError(message)

    monkeypatch.setattr(app, FAILING_INTERNAL.get(name, "set_alt"), fail)
    reported = set()

    def check(w, value):
        status = app.status.value
        assert message not in status, "the message is shown unescaped"
        if html.escape(message) in status:
            reported.add(label(w))
            assert "That did not work" in status and "Traceback" not in status and 'role="alert"' in status
        app.show_problem(None)

    with caplog.at_level(logging.ERROR, logger="immunolib.widgets"):
        exercise(app, on_move=check)  # an exception escaping a callback would fail the test here
    if changing:
        assert changing <= reported, f"{name}: no message when these controls failed: {changing - reported}"
    else:
        assert reported, f"{name}: no control reported the failure of {FAILING_INTERNAL[name]}"
    assert message in caplog.text, "the failure is logged for the instructor's terminal"
    # once the problem is gone, the next move clears the status line
    monkeypatch.undo()
    w = next(w for w in controls(app) if label(w) in (changing or reported))
    app.show_problem("left over from before")
    move(w, moves(w)[0])
    assert app.status.value == "", f"{name}: the status line still shows a problem after a good move"


# ------------------------------------------------------------------------------ what nbval compares
def _plain(app_or_widget) -> str:
    bundle = app_or_widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    return bundle["text/plain"]


def _alt_words(app) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", app.alt.value))
    return " ".join(text.split()).removeprefix("Figure description:").strip()


@pytest.mark.parametrize("name", APPS)
def test_stored_text_carries_state_controls_and_text_alternative(name):
    app = _class(name)(**SHOW_ALL.get(name, {}))
    text = _plain(app)
    lines = text.splitlines()
    assert lines[0] == repr(app) and all(len(line) <= 112 for line in lines), text
    flat = " ".join(line.strip() for line in lines)
    for w in controls(app):
        if isinstance(w, widgets.ValueWidget) and not isinstance(w, widgets.Play):
            assert f"{label(w)}:" in flat, f"{name}: the stored text lacks the control {label(w)!r}"
    assert f"Figure description: {_alt_words(app) or 'none'}" in flat
    assert re.search(r"0x[0-9a-f]{6,}|[0-9a-f]{32}", text) is None, "no memory address or model id"
    # what a student would see changes -> the stored text changes
    last = {"alt": app.alt.value, "text": text}

    def check(w, value):
        now = {"alt": app.alt.value, "text": _plain(app)}
        if now["alt"] != last["alt"]:
            assert now["text"] != last["text"], f"{name}: moving {label(w)!r} left the stored text unchanged"
        last.update(now)

    exercise(app, on_move=check)
    # the same app built twice stores the same text
    assert _plain(_class(name)(**SHOW_ALL.get(name, {}))) == text


def test_predict_stores_the_text_of_the_app_it_holds():
    app = W.InfectionSimulator()
    box = W.Predict(app, "Which peak comes first?", {"innate": "innate", "adaptive": "adaptive"}, lambda a: "innate")
    lines = _plain(box).splitlines()
    assert lines[0] == repr(box) and lines[1:] == _plain(app).splitlines()[1:]


def _sanitized(text: str) -> str:
    from nbval.plugin import get_sanitize_patterns

    for regex, replace in get_sanitize_patterns(SANITIZE.read_text()):
        text = re.sub(regex, replace, text)
    return text


def test_a_model_change_changes_what_nbval_compares(monkeypatch):
    """A model change that moves the figure's numbers reaches the stored text, and the sanitizer keeps it."""
    from immunolib.models import infection as model
    from immunolib.widgets import infection as app_module

    before = _plain(W.InfectionSimulator())
    original = model.simulate
    app_module._solved.cache_clear()
    monkeypatch.setattr(model, "simulate", lambda **kw: original(**{**kw, "dose": kw["dose"] * 3}))
    try:
        after = _plain(W.InfectionSimulator())
    finally:
        app_module._solved.cache_clear()
    assert after.splitlines()[:2] == before.splitlines()[:2]  # same state ...
    assert _sanitized(after) != _sanitized(before)  # ... other numbers, and nbval sees them


def test_stored_notebooks_keep_each_apps_text():
    """scripts/execute_notebooks.py stores the full text/plain of every app a lesson shows."""
    found = 0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "application/vnd.jupyter.widget-view+json" not in data:
                    continue
                text = data.get("text/plain", "")
                first = text.split("(", 1)[0]
                if first in APPS or first == "Predict":
                    found += 1
                    assert "\nControls: " in text and "\nFigure description: " in text, f"{path.name}: {text[:200]}"
    assert found >= 25, f"only {found} apps with a stored text in the notebooks"


@pytest.fixture(scope="module")
def tiny_notebook(tmp_path_factory) -> Path:
    """A one-app notebook executed by scripts/execute_notebooks.py, as the lessons are."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import execute_notebooks
    finally:
        sys.path.pop(0)
    path = tmp_path_factory.mktemp("nb") / "tiny.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from immunolib.widgets import InfectionSimulator\nInfectionSimulator(second_exposure=30)"
        )
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    execute_notebooks.execute(path)
    return path


def _nbval(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            str(path),
            "--nbval-sanitize-with",
            str(SANITIZE),
            "-p",
            "no:cacheprovider",
            "-q",
        ],
        capture_output=True,
        text=True,
        cwd=path.parent,
        timeout=600,
    )


def test_strict_nbval_fails_when_the_apps_numbers_change(tiny_notebook):
    stored = nbformat.read(tiny_notebook, as_version=4)
    text = stored.cells[0].outputs[0]["data"]["text/plain"]
    assert text == _plain(W.InfectionSimulator(second_exposure=30)), "executed and in-process texts differ"
    ok = _nbval(tiny_notebook)
    assert ok.returncode == 0, ok.stdout[-2000:]
    # the stored text as it would be had the model given other numbers: nbval must fail on it
    changed = re.sub(r"\d+\.\d", lambda m: f"{float(m.group()) + 0.1:.1f}", text, count=1)
    assert changed != text
    stored.cells[0].outputs[0]["data"]["text/plain"] = changed
    nbformat.write(stored, tiny_notebook)
    bad = _nbval(tiny_notebook)
    assert bad.returncode != 0 and "text/plain" in bad.stdout, bad.stdout[-2000:]
    json.loads(tiny_notebook.read_text())  # the notebook stays valid JSON


def test_the_prose_word_count_ignores_an_apps_stored_text():
    """tests/test_learning_design.py counts the words of stored outputs as prose: an app's long text/plain
    (what nbval compares; JupyterLab shows the live widget instead) must not count."""
    from tests.test_learning_design import _output_text, words

    text = _plain(W.InfectionSimulator())
    cell = {
        "cell_type": "code",
        "source": ["InfectionSimulator()"],
        "outputs": [
            {
                "output_type": "execute_result",
                "data": {"text/plain": text, "application/vnd.jupyter.widget-view+json": {}},
            }
        ],
    }
    assert words(text) > 50 and words(_output_text(cell)) == 0
