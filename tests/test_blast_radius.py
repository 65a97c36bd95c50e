"""A data problem never shows students a traceback, and a broken file for one lesson leaves the others working.

* Quizzes and models are read one file at a time, when a lesson asks for them: a broken quiz file for one
  lesson does not stop another lesson's quiz or reference list; a broken model file does not stop another
  model.
* The display helpers (references, glossary, branch comparison, the Quiz widget) show a short, friendly box
  with the file, line and fix instead of raising.
* Any other ContentError raised in a notebook cell is shown as the same box (an IPython handler installed when
  immunolib.content is imported in a kernel), never as a traceback -- checked in a real kernel below, with the
  data-reading cells of every lesson and a broken quiz file for one of them.
"""

import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from immunolib import content, lesson
from immunolib.content import Content, ContentError

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(content.data_dir())
BROKEN_LESSON = "02_cells_of_the_immune_system"


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that the module-level content functions read (IMMUNOLIB_DATA)."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    monkeypatch.setenv("IMMUNOLIB_DATA", str(dst))
    content._load_cached.cache_clear()
    yield dst
    content._load_cached.cache_clear()


def break_quiz(root: Path, quiz_id: str = BROKEN_LESSON) -> Path:
    path = root / "quizzes" / f"{quiz_id}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nquestions:", "\n  questions:", 1), encoding="utf-8")
    return path


def test_a_broken_quiz_file_breaks_only_its_own_lesson(data_copy):
    break_quiz(data_copy)
    c = Content(data_copy)
    with pytest.raises(ContentError, match=rf"quizzes/{BROKEN_LESSON}\.yaml: line \d+"):
        c.quiz(BROKEN_LESSON)
    others = [q for q in c.quiz_ids() if q != BROKEN_LESSON]
    assert others
    for qid in others:
        assert c.quiz(qid).questions, qid
    with pytest.raises(ContentError):  # loading everything still finds it (CI, check_environment)
        c.check()


def test_a_broken_model_file_breaks_only_its_own_model(data_copy):
    path = data_copy / "models" / "kirschner1998.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 0.025", "value: lots", 1), encoding="utf-8")
    c = Content(data_copy)
    with pytest.raises(ContentError, match="kirschner1998.yaml"):
        c.model("kirschner1998")
    assert c.model("infection_response").parameter_set().parameters
    assert c.model("kuznetsov1994").values()["a"] > 0
    assert {t.id for t in c.therapies()} >= {"anti_pd1"}  # therapies name models by file, not by reading them
    from immunolib.models import infection

    assert infection.simulate(second_exposure=None).t[-1] == 30.0


def test_the_quiz_widget_shows_a_friendly_box_for_its_broken_file(data_copy):
    from immunolib.widgets import Quiz

    break_quiz(data_copy)
    broken = Quiz(BROKEN_LESSON)
    assert broken.quiz is None and broken.views == [] and isinstance(broken.problem, ContentError)
    html = broken.children[0].value
    assert "immunolib-data-problem" in html and f"quizzes/{BROKEN_LESSON}.yaml" in html and "to fix:" in html
    assert "Traceback" not in html
    assert repr(broken).startswith(f"Quiz unavailable: the course data has a problem: data/quizzes/{BROKEN_LESSON}")
    fine = Quiz("00_start_here")
    assert fine.quiz is not None and len(fine.views) == len(fine.quiz.questions) > 0


def test_display_helpers_show_a_friendly_box_instead_of_raising(data_copy):
    gl = data_copy / "glossary.yaml"
    gl.write_text('terms:\n  - id: x\n    term: "never closed\n', encoding="utf-8")
    for out in (lesson.glossary(), lesson.glossary("antigen")):
        html = out.data
        assert "immunolib-data-problem" in html and "Traceback" not in html, html[:300]
    assert "glossary.yaml: line 3" in lesson.glossary().data
    # the glossary is read on its own: the cells, organs and branches (and their apps) still work
    assert "immunolib-data-problem" not in lesson.branch_comparison().data
    assert content.cell("b_cell").branch == "adaptive"
    cells = data_copy / "cells.yaml"
    cells.write_text(cells.read_text(encoding="utf-8").replace("cells:", "cells: [", 1), encoding="utf-8")
    content._load_cached.cache_clear()
    html = lesson.branch_comparison().data
    assert "immunolib-data-problem" in html and re.search(r"cells\.yaml: line \d+", html), html[:400]
    # a reference list needs only references.yaml: a broken glossary does not touch it
    assert "immunolib-data-problem" not in lesson.references("murphy2022").data
    refs = data_copy / "references.yaml"
    refs.write_text(refs.read_text(encoding="utf-8").replace("references:", "references: [", 1), encoding="utf-8")
    content._load_cached.cache_clear()
    html = lesson.references("murphy2022").data
    assert "immunolib-data-problem" in html and re.search(r"references\.yaml: line \d+", html), html[:400]


def test_the_friendly_box_escapes_the_message():
    html = lesson.data_problem_html(ContentError("data/x.yaml: <script>alert(1)</script>\n  to fix: <b>x</b>"))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;x&lt;/b&gt;" in html


def data_cells(notebook: Path) -> list[str]:
    """The code cells of a lesson that read course data by name: its quiz, its reference list and the glossary
    cells that define the words the reference list cites."""
    nb = nbformat.read(notebook, as_version=4)
    return [
        c.source
        for c in nb.cells
        if c.cell_type == "code" and ("Quiz(" in c.source or "references(" in c.source or "WORDS =" in c.source)
    ]


def test_in_a_kernel_a_data_problem_is_a_friendly_box_in_its_lesson_and_nothing_in_the_others(data_copy):
    """Runs the quiz and references cells of every lesson in one real kernel, with one lesson's quiz broken."""
    from nbclient import NotebookClient

    break_quiz(data_copy)
    lessons = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(lessons) >= 5
    cells, owner = [], []
    for nb_path in lessons:
        for src in data_cells(nb_path):
            cells.append(nbformat.v4.new_code_cell(src))
            owner.append(nb_path.stem)
    assert set(owner) == {p.stem for p in lessons}, "every lesson has a quiz and a reference list"
    # a ContentError raised by the lesson's own code (not by a helper) must be friendly too
    cells.append(nbformat.v4.new_code_cell(f"from immunolib import content\ncontent.quiz({BROKEN_LESSON!r})"))
    owner.append(BROKEN_LESSON)
    nb = nbformat.v4.new_notebook(cells=cells)
    env_before = os.environ.get("IMMUNOLIB_DATA")
    assert env_before == str(data_copy)
    NotebookClient(
        nb,
        timeout=240,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    ).execute()
    for cell, who in zip(nb.cells, owner):
        text = json.dumps(cell.outputs)
        assert "Traceback" not in text and 'File \\"' not in text, (who, cell.source, text[:1500])
        if who == BROKEN_LESSON:
            # a friendly box (HTML output, or inside the Quiz widget whose plain-text form says the same)
            assert f"quizzes/{BROKEN_LESSON}.yaml" in text, (who, text[:800])
            assert "immunolib-data-problem" in text or "Quiz unavailable: the course data has a problem" in text
        else:
            assert "immunolib-data-problem" not in text, (who, cell.source, text[:800])
            assert not any(o.get("output_type") == "error" for o in cell.outputs), (who, text[:800])
