"""Learning by doing, as rules (issue 11): measured on EVERY notebook in notebooks/, its quiz, its instructor
note and the apps it creates.

Run ``python tests/test_learning_design.py`` (or pytest with ``-s``) to print the table of measurements per
notebook. Each rule is one test per notebook and fails, naming the notebook and the numbers, when broken.

What is counted (the definitions every lesson is held to)
----------------------------------------------------------
* **An app cell** is a code cell whose code creates one of the apps exported by ``immunolib.widgets``
  (including ``Quiz`` and an app wrapped in ``Predict``; a ``RecordAnswer`` task box is not an app). Code cells
  that only show a table or the glossary are not apps.
* **Prose words** are the words of the markdown cells up to the ``## References`` heading, after removing
  everything folded in ``<details>`` (solutions, equations, "More"), HTML tags, markdown markup, code spans
  and URLs; plus the words of the HTML/text output of non-app code cells (tables and glossaries are read
  too) except the setup check (``environment_report``) and anything folded in ``<details>``. A word is a
  run of characters containing a letter or digit.
* **Before the first app**: prose words from the top of the notebook to the first app cell (≤ 400).
  **Between apps**: the largest count of prose words between two consecutive app cells (≤ 600).
* **A bold term** is a ``**…**`` span of one to four words in the markdown (up to References) that does not
  end in ``:``, ``.``, ``?`` or ``!`` (those are labels such as "**Time needed:**"), contains no menu
  arrow ``▸``, key ``+``, code or file name, and does not start with a digit (course-map rows, task
  numbers). A term is **new** in a lesson if no earlier lesson (lower number) has it in bold
  (case-insensitive). ≤ 25 new bold terms per lesson.
* **Reading grade**: Flesch–Kincaid grade (``textstat``) of the prose (the same text as the word count, minus
  markdown tables and headings; a line that ends without punctuation ends a sentence) ≤ 10, and of the
  visible part of the cards ≤ 11. Syllables are counted with textstat's hyphenation dictionary (pyphen)
  so that the grade is the same on every machine, offline.
* **Cards**: every HTML widget of class ``immunolib-card-view`` in an app, for every item of its menus and
  every step of a stepper. Words per click = words of the card outside ``<details>`` ("More") and without
  the "Sources:" line (≤ 80).
* **Predict**: every app whose ``role`` is ``"model"`` (runs a simulation) or ``"stepper"`` is created
  inside ``Predict(...)`` in its cell.
* **Baseline and controls**: every app opens with ≤ 3 visible controls (a control is a widget a student can
  operate: button, slider, menu, checkbox, text box, play button; hidden ones, ``display: none``, do not
  count). Question sets (``role`` ``"questions"``: the quiz, the sorter — one control per question) are
  exempt. A model app opens at its baseline: its state equals the state of the app built with no
  arguments (the class's defaults are the baseline: one exposure, no therapy, normal immunity), and every
  numeric control (slider or number box) shows its unit in parentheses in its label.
* **Steppers** at step 1 mention no title or place that only a later step has (in the figure or in any
  text of the app) and draw fewer points than at their last step.
* **Quiz fairness**: the quiz widget shuffles the options (seeded per student and question; stable) and
  grades by option id; in each question the correct option is at most 1.3 × the mean length (characters)
  of the wrong ones; ≥ 2 questions marked ``reads_figure: true``; ≥ 1 question ``from_lesson:`` an
  earlier lesson (every lesson after the first); options wrap (the quiz's style sets ``white-space:
  normal`` on option labels).
* **DSAIRM four parts** for each model app: within the app's ``##`` section, headings ``Overview``,
  ``The model`` (with a ``<details>`` holding equations and a parameter table with units and sources),
  ``What to do`` (a numbered list of tasks and a ``RecordAnswer`` that the app checks) and ``Further
  information`` (the one-line ``immunolib.models`` call).
* **Plans**: the "50-minute plan" table of ``docs/instructor/<lesson>.md`` has a row marked ``hands-on``
  that starts at minute ≤ 10.
* **Forward references**: every sentence of a notebook or instructor note that names lesson 05–08 also
  names that lesson's planned topic (see ``PLANNED``).
"""

from __future__ import annotations

import ast
import functools
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]

# The course plan: lessons 05-08 and the words a sentence naming each must contain (one of them).
PLANNED = {
    "05": ("T cells and antigen presentation", ("t cell", "antigen presentation", "presenting", "mhc")),
    "06": ("Cancer and the immune system", ("cancer", "tumour", "tumor")),
    "07": ("The immunotherapy lab", ("immunotherapy", "therap", "checkpoint", "car-t")),
    "08": ("Review", ("review",)),
}

LIMITS = dict(
    before_first=400,
    between=600,
    card_words=80,
    new_bold=25,
    grade_prose=10.0,
    grade_cards=11.0,
    controls=3,
    key_ratio=1.3,
    figure_items=2,
    earlier_items=1,
    plan_minute=10,
)


# ----------------------------------------------------------------------------------------------- text
def _strip_details(text: str) -> str:
    return re.sub(r"<details\b.*?</details>", " ", text, flags=re.S | re.I)


def _plain(md: str) -> str:
    """Markdown/HTML to plain words (details already removed by the caller when wanted)."""
    md = re.sub(r"<!--.*?-->", " ", md, flags=re.S)
    md = re.sub(r"```.*?```", " ", md, flags=re.S)
    md = re.sub(r"<(style|script)\b.*?</\1>", " ", md, flags=re.S | re.I)
    md = re.sub(r"<[^>]+>", " ", md)
    md = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)
    md = re.sub(r"https?://\S+", " ", md)
    md = re.sub(r"`[^`]*`", " ", md)
    md = re.sub(r"^\s*\|?\s*:?-{3,}.*$", " ", md, flags=re.M)  # table separator rows
    md = md.replace("&nbsp;", " ").replace("&amp;", "&")
    return re.sub(r"[*_#|>]", " ", md)


def words(text: str) -> int:
    return sum(1 for w in text.split() if re.search(r"[A-Za-z0-9]", w))


def _sentences(md: str) -> str:
    """Prose for the reading grade: no headings, no tables, a line without end punctuation ends a sentence."""
    lines = []
    for line in _strip_details(md).splitlines():
        s = line.strip()
        if not s or s.startswith("#") or s.startswith("|"):
            continue
        lines.append(s)
    text = " ".join(lines)
    text = re.sub(r"\s+(?=[-*] |\d+\. )", "\n", text)  # list items
    out = []
    for part in _plain(text).split("\n"):
        part = " ".join(part.split())
        if part and part[-1] not in ".?!:;":
            part += "."
        out.append(part)
    return " ".join(out)


@functools.cache
def _textstat():
    import textstat
    from textstat.backend.counts import _count_syllables

    # Offline and machine-independent: syllables from pyphen's hyphenation dictionary only (textstat falls
    # back to it for any word the CMU dictionary lacks; with no CMU dictionary that is every word).
    _count_syllables.get_cmudict = lambda lang: None
    _count_syllables.count_syllables.cache_clear() if hasattr(_count_syllables.count_syllables, "cache_clear") else None
    return textstat


def fk_grade(text: str) -> float:
    if words(text) < 30:
        return 0.0
    return float(_textstat().flesch_kincaid_grade(text))


# ------------------------------------------------------------------------------------------ notebooks
@functools.cache
def _app_names() -> frozenset[str]:
    import immunolib.widgets as w

    # RecordAnswer is a task box about an app shown above it, not an app of its own.
    return frozenset(
        n
        for n in w.__all__
        if n not in ("App", "SelectionApp", "safe", "check_choice", "figure_widget", "RecordAnswer")
    )


def _calls(source: str) -> list[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [
        n.func.id if isinstance(n.func, ast.Name) else n.func.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, (ast.Name, ast.Attribute))
    ]


def _is_app_cell(cell) -> bool:
    return cell["cell_type"] == "code" and any(c in _app_names() for c in _calls("".join(cell["source"])))


def _output_text(cell) -> str:
    src = "".join(cell["source"])
    if "environment_report" in src or "references(" in src:
        return ""
    out = []
    for o in cell.get("outputs", []):
        data = o.get("data", {})
        if "text/html" in data:
            out.append(_plain(_strip_details("".join(data["text/html"]))))
        elif "text/markdown" in data:
            out.append(_plain(_strip_details("".join(data["text/markdown"]))))
    return " ".join(out)


def _teaching_cells(nb) -> list[dict]:
    """Cells up to the References heading."""
    cells = []
    for c in nb["cells"]:
        if c["cell_type"] == "markdown" and re.search(r"^##\s+References", "".join(c["source"]), re.M):
            break
        cells.append(c)
    return cells


@functools.cache
def notebook(stem: str) -> dict:
    return json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))


def lesson_number(stem: str) -> int:
    return int(stem[:2])


def text_segments(stem: str) -> list[int]:
    """Prose words before the first app, then between consecutive apps (the last segment, after the last
    app, is not included)."""
    counts, current = [], 0
    for c in _teaching_cells(notebook(stem)):
        if _is_app_cell(c):
            counts.append(current)
            current = 0
        elif c["cell_type"] == "markdown":
            current += words(_plain(_strip_details("".join(c["source"]))))
        else:
            current += words(_output_text(c))
    return counts


def prose_for_grade(stem: str) -> str:
    return " ".join(
        _sentences("".join(c["source"])) for c in _teaching_cells(notebook(stem)) if c["cell_type"] == "markdown"
    )


_BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")


def is_term(text: str) -> bool:
    """Whether a bold span counts as a term (see the module docstring)."""
    t = " ".join(text.split())
    return not (
        not t
        or t[-1] in ":.?!"
        or "▸" in t
        or "+" in t
        or "`" in t
        or ".ipynb" in t
        or t[0].isdigit()
        or len(t.split()) > 4
    )


def bold_terms(stem: str) -> set[str]:
    terms = set()
    for c in _teaching_cells(notebook(stem)):
        if c["cell_type"] != "markdown":
            continue
        for m in _BOLD.finditer("".join(c["source"])):
            if is_term(m.group(1)):
                terms.add(" ".join(m.group(1).split()).lower())
    return terms


def new_bold_terms(stem: str) -> set[str]:
    earlier = set()
    for other in IDS:
        if lesson_number(other) < lesson_number(stem):
            earlier |= bold_terms(other)
    return bold_terms(stem) - earlier


# ------------------------------------------------------------------------------------------------ apps
@functools.cache
def apps(stem: str) -> tuple:
    """(cell index, object shown, the app inside) for every app cell, made by running the notebook's code
    cells in order (the stored outputs are not trusted for this)."""
    import plotly.io as pio
    from IPython.display import display as _display  # noqa: F401 - the cells may import it

    ns: dict = {}
    found = []
    renderers = pio.renderers.default
    pio.renderers.default = "json"
    try:
        for i, c in enumerate(notebook(stem)["cells"]):
            if c["cell_type"] != "code":
                continue
            src = "".join(c["source"])
            tree = ast.parse(src)
            last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            body = tree.body[:-1] if last is not None else tree.body
            exec(compile(ast.Module(body=body, type_ignores=[]), f"{stem}[{i}]", "exec"), ns)
            shown = eval(compile(ast.Expression(last.value), f"{stem}[{i}]", "eval"), ns) if last else None
            if _is_app_cell(c):
                inner = getattr(shown, "app", shown)
                found.append((i, shown, inner))
    finally:
        pio.renderers.default = renderers
    return tuple(found)


def _role(app) -> str:
    return getattr(app, "role", "explorer")


def _walk(widget, hidden=False):
    """(widget, is hidden) for every widget inside ``widget``."""
    import ipywidgets as widgets

    layout = getattr(widget, "layout", None)
    if isinstance(layout, widgets.Layout):
        hidden = hidden or layout.display == "none" or layout.visibility == "hidden"
    yield widget, hidden
    if isinstance(widget, widgets.Box):
        for child in widget.children:
            yield from _walk(child, hidden)


def controls(app) -> list:
    """Controls a student can see and operate."""
    import ipywidgets as widgets

    return [
        w
        for w, hidden in _walk(app)
        if not hidden
        and isinstance(w, widgets.DOMWidget)
        and w.has_trait("disabled")
        and not isinstance(w, widgets.Box)
    ]


def numeric_without_unit(app) -> list[str]:
    import ipywidgets as widgets

    numeric = (
        widgets.IntSlider,
        widgets.FloatSlider,
        widgets.FloatLogSlider,
        widgets.IntText,
        widgets.FloatText,
        widgets.BoundedIntText,
        widgets.BoundedFloatText,
        widgets.IntRangeSlider,
        widgets.FloatRangeSlider,
    )
    bad = []
    for w in controls(app):
        is_num = isinstance(w, numeric) or (
            isinstance(w, widgets.SelectionSlider)
            and all(
                isinstance(v, (int, float))
                for v in w.options and [o[1] if isinstance(o, tuple) else o for o in w.options]
            )
        )
        if is_num and not re.search(r"\([^)]+\)", w.description or ""):
            bad.append(w.description or type(w).__name__)
    return bad


def _card_views(app):
    import ipywidgets as widgets

    return [w for w, hidden in _walk(app) if isinstance(w, widgets.HTML) and "immunolib-card-view" in w._dom_classes]


def _visible_card_text(html: str) -> str:
    html = _strip_details(html)
    html = re.sub(r"<p[^>]*class=\"immunolib-sources\"[^>]*>.*?</p>", " ", html, flags=re.S)
    html = re.sub(r"<p[^>]*>\s*Sources:.*?</p>", " ", html, flags=re.S)
    # A heading, paragraph, list item or table cell ends a sentence (for the reading grade).
    html = re.sub(r"</(p|h\d|li|tr|td|th|div|caption)>|<br\s*/?>", ".\n", html, flags=re.I)
    return re.sub(r"(?<=[.:;!?])\.\n", "\n", _plain(html))


@functools.cache
def card_texts(stem: str) -> tuple[str, ...]:
    """The visible text of every card every app of the notebook can show (each menu item, each step)."""
    import ipywidgets as widgets

    seen: dict[str, None] = {}
    for _, _, app in apps(stem):
        views = _card_views(app)
        if not views:
            continue

        def grab(views=views):
            for v in views:
                if v.value:
                    seen.setdefault(_visible_card_text(v.value), None)

        grab()
        for w, _ in list(_walk(app)):
            if isinstance(w, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons)) and w.options:
                start = w.value
                for opt in w.options:
                    w.value = opt[1] if isinstance(opt, tuple) else opt
                    grab()
                w.value = start
        if _role(app) == "stepper":
            first = app.step
            for k in range(1, app.n_steps + 1):
                app.go_to(k)
                grab()
            app.go_to(first)
    return tuple(seen)


# ---------------------------------------------------------------------------------------------- quizzes
@functools.cache
def quiz_of(stem: str):
    from immunolib import content

    try:
        return content.quiz(stem)
    except KeyError:
        return None


def _key_ratio(q) -> float:
    right = [len(o.text) for o in q.options if o.correct]
    wrong = [len(o.text) for o in q.options if not o.correct]
    if not wrong:
        return 0.0
    return max(right) / (sum(wrong) / len(wrong))


# ------------------------------------------------------------------------------------------------ docs
def instructor_note(stem: str) -> str | None:
    path = ROOT / "docs" / "instructor" / f"{stem}.md"
    return path.read_text(encoding="utf-8") if path.exists() else None


def first_hands_on_minute(stem: str) -> int | None:
    text = instructor_note(stem) or ""
    m = re.search(r"^##\s+50-minute plan.*?$(.*?)(?=^##\s|\Z)", text, flags=re.M | re.S)
    if not m:
        return None
    for row in m.group(1).splitlines():
        if row.startswith("|") and "hands-on" in row.lower():
            start = re.match(r"\|\s*(\d+)", row)
            if start:
                return int(start.group(1))
    return None


_LESSON_REF = re.compile(
    r"\b(?:lessons?|notebooks?)\s+((?:0[0-9])(?:\s*(?:,|and|or|–|-|to)\s*0[0-9])*)"
    r"|\b(0[5-8])_[a-z_]+|\*\*(0[5-8])\b",
    re.I,
)


def bad_forward_references(text: str) -> list[str]:
    """Sentences (or table rows) that name a planned lesson 05-08 without naming its planned topic."""
    bad = []
    pieces = re.split(r"(?<=[.!?])\s+|\n(?=\|)|\n\s*\n|\n(?=\s*[-*] )", text)
    for piece in pieces:
        for m in _LESSON_REF.finditer(piece):
            nums = re.findall(r"0[0-9]", m.group(0))
            for n in nums:
                if n in PLANNED:
                    low = piece.lower().replace("_", " ")
                    if not any(k in low for k in PLANNED[n][1]):
                        bad.append(f"{n}: {' '.join(piece.split())[:140]}")
                    elif m.group(2) or m.group(3):  # a file name or course-map row: the exact title
                        title = PLANNED[n][0].lower()
                        if title not in low:
                            bad.append(f"{n} (title should be {PLANNED[n][0]!r}): {' '.join(piece.split())[:140]}")
    return bad


def forward_reference_problems(stem: str) -> list[str]:
    md = "\n\n".join("".join(c["source"]) for c in notebook(stem)["cells"] if c["cell_type"] == "markdown")
    out = bad_forward_references(md)
    note = instructor_note(stem)
    if note:
        out += [f"instructor note: {b}" for b in bad_forward_references(note)]
    return out


# ---------------------------------------------------------------------------------------- measurements
def _section_of(stem: str, index: int) -> str:
    """Markdown of the ``##`` section containing cell ``index`` (from its ## heading to the next one)."""
    cells = notebook(stem)["cells"]
    start = index
    while start > 0 and not (
        cells[start]["cell_type"] == "markdown" and re.search(r"^##\s", "".join(cells[start]["source"]), re.M)
    ):
        start -= 1
    parts, i = [], start
    while i < len(cells):
        src = "".join(cells[i]["source"])
        if i > index and cells[i]["cell_type"] == "markdown" and re.search(r"^##\s", src, re.M):
            break
        parts.append(src)
        i += 1
    return "\n\n".join(parts)


def dsairm_problems(stem: str) -> list[str]:
    out = []
    for i, _, app in apps(stem):
        if _role(app) != "model":
            continue
        sec = _section_of(stem, i)
        name = type(app).__name__
        heads = [h.strip().lower() for h in re.findall(r"^#{3,4}\s+(.*)$", sec, re.M)]
        for part in ("overview", "the model", "what to do", "further information"):
            if not any(h.startswith(part) for h in heads):
                out.append(f"{name}: no '### {part.capitalize()}' part")
        if not re.search(r"<details\b.*?(\$|\\frac|d[A-Z]/dt).*?</details>", sec, re.S):
            out.append(f"{name}: no equations folded in <details>")
        if not re.search(r"parameter_table\(|\|[^\n]*unit[^\n]*source", sec, re.I):
            out.append(f"{name}: no parameter table with units and sources")
        if not re.search(r"^\s*1\.\s", sec, re.M):
            out.append(f"{name}: no numbered tasks")
        if "RecordAnswer(" not in sec:
            out.append(f"{name}: no recorded answer checked by the app (RecordAnswer)")
        if "immunolib.models" not in sec:
            out.append(f"{name}: Further information lacks the immunolib.models call")
    return out


def stepper_problems(stem: str) -> list[str]:
    out = []
    for _, _, app in apps(stem):
        if _role(app) != "stepper":
            continue
        out += stepper_reveals_future(app)
    return out


def _app_text(app) -> str:
    """Everything the app shows in words, except its card (a stepper's card shows the current step only)."""
    import ipywidgets as widgets
    import plotly.graph_objects as go

    parts = []
    for w, hidden in _walk(app):
        if hidden or "immunolib-card-view" in getattr(w, "_dom_classes", ()):
            continue
        if isinstance(w, go.FigureWidget):
            lay = w.layout
            parts.append(str(lay.title.text or ""))
            for axis in (lay.xaxis, lay.yaxis):
                parts += [str(t) for t in (axis.ticktext or ())]
            parts += [str(a.text) for a in lay.annotations if a.visible is not False]
            for t in w.data:
                if t.visible in (False, "legendonly"):
                    continue
                parts += [
                    str(t.name or ""),
                    str(getattr(t, "hovertemplate", "") or ""),
                    str(getattr(t, "text", "") or ""),
                ]
        elif isinstance(w, widgets.HTML):
            parts.append(w.value)
        elif isinstance(w, widgets.DOMWidget) and w.has_trait("description"):
            parts.append(str(getattr(w, "description", "")))
    return "\n".join(parts)


def _points(app) -> int:
    import plotly.graph_objects as go

    n = 0
    for w, _hidden in _walk(app):
        if isinstance(w, go.FigureWidget):
            for t in w.data:
                if t.visible in (False, "legendonly"):
                    continue
                xs = getattr(t, "x", None)
                if xs is not None:
                    n += sum(1 for x in xs if x is not None)
            n += sum(1 for a in w.layout.annotations if a.visible is not False and a.text)
    return n


def stepper_reveals_future(app) -> list[str]:
    name = type(app).__name__
    start = app.step
    app.go_to(app.n_steps)
    last_points = _points(app)
    app.go_to(1)
    text = _app_text(app).lower()
    first_points = _points(app)
    out = []
    here = {p.lower() for p in app.step_places(1)}
    for k in range(2, app.n_steps + 1):
        title = app.step_title(k).lower()
        if title and title in text and title != app.step_title(1).lower():
            out.append(f"{name}: step 1 shows the title of step {k} ({title!r})")
        for place in app.step_places(k):
            if place.lower() not in here and place.lower() in text:
                out.append(f"{name}: step 1 names {place!r}, reached only at step {k}")
    if first_points >= last_points:
        out.append(f"{name}: step 1 draws {first_points} points, the last step {last_points}: nothing is revealed")
    app.go_to(start)
    return sorted(set(out))


@functools.cache
def measure(stem: str) -> dict:
    """Every measurement of one notebook."""
    segs = text_segments(stem)
    cards = card_texts(stem)
    card_words = [words(t) for t in cards]
    the_apps = apps(stem)
    ctl = {f"{type(a).__name__} (cell {i})": len(controls(a)) for i, _, a in the_apps if _role(a) != "questions"}
    predicted = {
        f"{type(a).__name__} (cell {i})": type(shown).__name__ == "Predict"
        for i, shown, a in the_apps
        if _role(a) in ("model", "stepper")
    }
    baseline = []
    units = []
    for _, _, a in the_apps:
        if _role(a) == "model" and repr(a) != repr(type(a)()):
            baseline.append(f"{a!r} (baseline: {type(a)()!r})")
        units += numeric_without_unit(a) if _role(a) != "questions" else []
    q = quiz_of(stem)
    m = dict(
        before_first=segs[0] if segs else None,
        between=max(segs[1:], default=0),
        new_bold=len(new_bold_terms(stem)),
        grade_prose=round(fk_grade(prose_for_grade(stem)), 1),
        card_words_max=max(card_words, default=0),
        card_words_median=sorted(card_words)[len(card_words) // 2] if card_words else 0,
        cards_over=sum(1 for w in card_words if w > LIMITS["card_words"]),
        grade_cards=round(fk_grade(" ".join(_sentences(t) for t in cards)), 1) if cards else 0.0,
        controls=ctl,
        predicted=predicted,
        not_baseline=baseline,
        no_unit=units,
        stepper=stepper_problems(stem),
        dsairm=dsairm_problems(stem),
        plan_minute=first_hands_on_minute(stem),
        forward=forward_reference_problems(stem),
        quiz=None
        if q is None
        else dict(
            questions=len(q.questions),
            key_long=[x.id for x in q.questions if _key_ratio(x) > LIMITS["key_ratio"]],
            reads_figure=sum(1 for x in q.questions if getattr(x, "reads_figure", False)),
            earlier=sum(
                1
                for x in q.questions
                if getattr(x, "from_lesson", None) and int(x.from_lesson[:2]) < lesson_number(stem)
            ),
        ),
    )
    return m


def table() -> str:
    rows = ["| check | " + " | ".join(IDS) + " |", "| --- |" + " --- |" * len(IDS)]
    ms = {s: measure(s) for s in IDS}

    def row(label, f):
        rows.append(f"| {label} | " + " | ".join(str(f(ms[s])) for s in IDS) + " |")

    row("prose words before the first app (≤ 400)", lambda m: m["before_first"])
    row("most prose words between two apps (≤ 600)", lambda m: m["between"])
    row("new bold terms (≤ 25)", lambda m: m["new_bold"])
    row("reading grade of prose (≤ 10)", lambda m: m["grade_prose"])
    row("card words per click: median / max (≤ 80)", lambda m: f"{m['card_words_median']} / {m['card_words_max']}")
    row("reading grade of cards (≤ 11)", lambda m: m["grade_cards"])
    row("model apps and steppers with a Predict", lambda m: f"{sum(m['predicted'].values())} of {len(m['predicted'])}")
    row("apps with > 3 visible controls", lambda m: sum(1 for v in m["controls"].values() if v > 3))
    row("model apps not at baseline", lambda m: len(m["not_baseline"]))
    row("numeric controls without a unit", lambda m: len(m["no_unit"]))
    row("stepper problems (future steps shown)", lambda m: len(m["stepper"]))
    row("DSAIRM parts missing", lambda m: len(m["dsairm"]))
    row("quiz: keys > 1.3 × distractors", lambda m: "—" if not m["quiz"] else len(m["quiz"]["key_long"]))
    row("quiz: items reading a figure (≥ 2)", lambda m: "—" if not m["quiz"] else m["quiz"]["reads_figure"])
    row("quiz: items from an earlier lesson (≥ 1)", lambda m: "—" if not m["quiz"] else m["quiz"]["earlier"])
    row("plan: first hands-on minute (≤ 10)", lambda m: m["plan_minute"])
    row("forward references off the plan", lambda m: len(m["forward"]))
    return "\n".join(rows)


# ------------------------------------------------------------------------------------------------ tests
def test_there_are_notebooks_and_the_table_prints():
    assert NOTEBOOKS, "no notebooks found"
    print("\n" + table())


@pytest.mark.parametrize("stem", IDS)
def test_first_app_comes_early(stem):
    m = measure(stem)
    assert m["before_first"] is not None, f"{stem}: the notebook shows no app"
    assert m["before_first"] <= LIMITS["before_first"], (
        f"{stem}: {m['before_first']} words of prose before the first app; at most {LIMITS['before_first']}"
    )


@pytest.mark.parametrize("stem", IDS)
def test_text_between_apps(stem):
    segs = text_segments(stem)
    over = [(k, n) for k, n in enumerate(segs[1:], 2) if n > LIMITS["between"]]
    assert not over, f"{stem}: prose words before app number (k, words): {over}; at most {LIMITS['between']}"


@pytest.mark.parametrize("stem", IDS)
def test_new_bold_terms(stem):
    terms = new_bold_terms(stem)
    assert len(terms) <= LIMITS["new_bold"], (
        f"{stem}: {len(terms)} new bold terms (at most {LIMITS['new_bold']}; the glossary carries the rest): "
        f"{sorted(terms)}"
    )


@pytest.mark.parametrize("stem", IDS)
def test_prose_reading_grade(stem):
    g = measure(stem)["grade_prose"]
    assert g <= LIMITS["grade_prose"], f"{stem}: prose at Flesch–Kincaid grade {g}; at most {LIMITS['grade_prose']}"


@pytest.mark.parametrize("stem", IDS)
def test_cards_are_short_and_readable(stem):
    cards = card_texts(stem)
    long = [(words(t), t[:60].strip()) for t in cards if words(t) > LIMITS["card_words"]]
    assert not long, f"{stem}: {len(long)} cards show more than {LIMITS['card_words']} words per click: {long[:5]}"
    g = measure(stem)["grade_cards"]
    assert g <= LIMITS["grade_cards"], f"{stem}: cards at Flesch–Kincaid grade {g}; at most {LIMITS['grade_cards']}"


@pytest.mark.parametrize("stem", IDS)
def test_predict_before_every_model_app_and_stepper(stem):
    missing = [k for k, v in measure(stem)["predicted"].items() if not v]
    assert not missing, f"{stem}: these model apps or steppers are not wrapped in Predict(...): {missing}"


@pytest.mark.parametrize("stem", IDS)
def test_apps_open_simple_at_baseline_with_units(stem):
    m = measure(stem)
    many = {k: v for k, v in m["controls"].items() if v > LIMITS["controls"]}
    assert not many, f"{stem}: apps with more than {LIMITS['controls']} visible controls: {many}"
    assert not m["not_baseline"], f"{stem}: model apps that do not open at their baseline: {m['not_baseline']}"
    assert not m["no_unit"], f"{stem}: numeric controls without a unit in parentheses: {m['no_unit']}"


@pytest.mark.parametrize("stem", IDS)
def test_steppers_hide_future_steps(stem):
    problems = measure(stem)["stepper"]
    assert not problems, f"{stem}: " + "; ".join(problems)


@pytest.mark.parametrize("stem", IDS)
def test_model_apps_have_the_four_dsairm_parts(stem):
    problems = measure(stem)["dsairm"]
    assert not problems, f"{stem}: " + "; ".join(problems)


@pytest.mark.parametrize("stem", IDS)
def test_quiz_is_fair(stem):
    q = measure(stem)["quiz"]
    assert q is not None, f"{stem}: no quiz in data/quizzes/{stem}.yaml"
    assert not q["key_long"], (
        f"{stem}: the correct option is longer than {LIMITS['key_ratio']} × the mean wrong option in {q['key_long']}"
    )
    assert q["reads_figure"] >= LIMITS["figure_items"], (
        f"{stem}: {q['reads_figure']} questions marked reads_figure: true; at least {LIMITS['figure_items']}"
    )
    if lesson_number(stem) > min(lesson_number(s) for s in IDS):
        assert q["earlier"] >= LIMITS["earlier_items"], (
            f"{stem}: {q['earlier']} questions from an earlier lesson (from_lesson:); at least 1"
        )


@pytest.mark.parametrize("stem", IDS)
def test_quiz_widget_shuffles_and_wraps(stem):
    from immunolib.widgets import Quiz

    a, b = Quiz(stem, student="student-a"), Quiz(stem, student="student-b")
    again = Quiz(stem, student="student-a")
    assert [v.order for v in a.views] == [v.order for v in again.views], f"{stem}: order not stable per student"
    yaml_orders = [tuple(o.id for o in v.question.options) for v in a.views]
    assert any(v.order != y for v, y in zip(a.views, yaml_orders)) or any(
        v.order != y for v, y in zip(b.views, yaml_orders)
    ), f"{stem}: options are never shuffled"
    firsts = {v.order[0] in {o.id for o in v.question.options if o.correct} for v in a.views}
    assert len(a.views) < 3 or firsts != {True}, f"{stem}: the key is shown first in every question"
    assert "white-space:normal" in a.style_html.replace(" ", ""), f"{stem}: quiz options do not wrap"


@pytest.mark.parametrize("stem", IDS)
def test_plan_puts_an_app_in_hands_within_ten_minutes(stem):
    minute = measure(stem)["plan_minute"]
    assert minute is not None, f"{stem}: docs/instructor/{stem}.md has no '50-minute plan' row marked hands-on"
    assert minute <= LIMITS["plan_minute"], f"{stem}: students first touch an app at minute {minute}; at most 10"


@pytest.mark.parametrize("stem", IDS)
def test_forward_references_follow_the_course_plan(stem):
    bad = measure(stem)["forward"]
    assert not bad, f"{stem}: references to lessons 05-08 that do not match the plan: " + " || ".join(bad)


# ---------------------------------------------------------------- the measuring tools can fail themselves
def test_word_count_ignores_folded_text_and_markup():
    md = "**Bold** word `code` [link](http://x.y)\n<details><summary>S</summary>hidden words here</details>"
    assert words(_plain(_strip_details(md))) == 3


def test_bold_labels_are_not_terms():
    assert bad_forward_references("Lessons 05 and 06 come back to this.")
    assert not bad_forward_references("Lesson 06 shows how a tumour hides; lesson 05 how T cells see antigen.")
    assert bad_forward_references("| **05 Cancer and the immune system** | how tumours hide |")


def test_reading_grade_separates_easy_from_hard():
    easy = "The cat sat on the mat. It was a sunny day. The dog ran to the park. " * 4
    hard = (
        "Immunological characterisation of heterogeneous lymphocytic populations necessitates "
        "multiparametric cytometric methodologies. "
    ) * 4
    assert fk_grade(easy) < 5 < 14 < fk_grade(hard)


if __name__ == "__main__":
    print(table())
    sys.exit(0)


def test_stepper_check_catches_a_stepper_that_shows_the_future(monkeypatch):
    from immunolib import content
    from immunolib.figures import response_story as fc
    from immunolib.widgets import ResponseStepper

    assert stepper_reveals_future(ResponseStepper("virus_in_skin")) == []

    def everything(response, step):
        return [f"{i + 1} {content.organ(s.where).name}" for i, s in enumerate(response.steps)]

    monkeypatch.setattr(fc, "_step_ticks", everything)  # the axis names every place from step 1
    problems = stepper_reveals_future(ResponseStepper("virus_in_skin"))
    assert problems and all("reached only at step" in p for p in problems)


def test_quiz_lint_catches_a_long_key():
    from immunolib import content

    q = content.Question(
        "q",
        "?",
        "single",
        (
            content.Option("a much, much longer correct option", True, "y", "a"),
            content.Option("short", False, "n", "b"),
            content.Option("brief", False, "n", "c"),
        ),
        "e",
        ("murphy2022",),
    )
    assert _key_ratio(q) > LIMITS["key_ratio"]
