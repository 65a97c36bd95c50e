"""The records that come one per file: a model's parameters (``data/models/<id>.yaml``) and a lesson's quiz
(``data/quizzes/<id>.yaml``), with the checks a schema cannot make.

A model needs a ``default`` parameter set, unique set ids and parameter names, and every value inside its own
``[min, max]``; a quiz question needs the right number of correct options and unique option ids, each question
its own id, and the quiz must name a notebook that exists. Each file is read on its own
(:meth:`DataFiles.read_named`), so a broken file only affects the lesson that uses it.

Example
-------
>>> from immunolib.content import data_dir
>>> files = DataFiles(data_dir())
>>> spec = model_spec(files, files.read_named("models", "kuznetsov1994", "model"))
>>> spec.parameter_set().id
'default'
"""

from __future__ import annotations

import difflib
from pathlib import Path

from immunolib.content.files import DataFiles
from immunolib.content.records import ModelSpec, Option, Parameter, ParameterSet, Question, Quiz, build
from immunolib.content.refs import index

__all__ = ["model_spec", "quiz"]


def model_spec(files: DataFiles, doc: dict) -> ModelSpec:
    """The :class:`ModelSpec` of one model file's data (read and validated), after its own checks."""
    path = files.root / "models" / f"{doc['id']}.yaml"
    sets = []
    for si, s in enumerate(doc["parameter_sets"]):
        params = []
        for pi, p in enumerate(s["parameters"]):
            param = build(Parameter, p)
            here = ("parameter_sets", si, "parameters", pi)
            if not param.min <= param.max:
                raise files.error(
                    path,
                    f"entry {doc['id']!r}: parameter set {s['id']!r}: parameter "
                    f"{param.name!r}: min {param.min:g} is larger than max {param.max:g}",
                    at=here + ("min",),
                    fix="swap min and max, or correct one of them.",
                )
            if not param.min <= param.value <= param.max:
                raise files.error(
                    path,
                    f"entry {doc['id']!r}: parameter set {s['id']!r}: parameter "
                    f"{param.name!r}: value {param.value:g} is outside its own range "
                    f"[{param.min:g}, {param.max:g}]",
                    at=here + ("value",),
                    fix="fix the value or the min/max (the range is what students may set).",
                )
            params.append(param)
        names = [p.name for p in params]
        dup = next((n for n in names if names.count(n) > 1), None)
        if dup:
            second = [i for i, n in enumerate(names) if n == dup][1]
            raise files.error(
                path,
                f"entry {doc['id']!r}: parameter set {s['id']!r}: parameter {dup!r} appears "
                f"twice; expected unique names",
                at=("parameter_sets", si, "parameters", second),
                fix="delete one of the two, or rename it.",
            )
        sets.append(build(ParameterSet, {**s, "parameters": params}))
    set_ids = [s.id for s in sets]
    if "default" not in set_ids:
        raise files.error(
            path,
            f"entry {doc['id']!r}: field 'parameter_sets' has no set with id 'default'; "
            f"expected one (it has {', '.join(set_ids)})",
            at=("parameter_sets",),
            fix="name one of the sets 'default' (the one the lessons start from).",
        )
    if len(set(set_ids)) != len(set_ids):
        dup = next(i for i in set_ids if set_ids.count(i) > 1)
        raise files.error(
            path,
            f"entry {doc['id']!r}: the parameter set id {dup!r} appears twice",
            at=("parameter_sets", [i for i, x in enumerate(set_ids) if x == dup][1]),
            fix="give each parameter set its own id.",
        )
    return build(ModelSpec, {**doc, "parameter_sets": sets})


def _check_notebook(files: DataFiles, path: Path, doc: dict, notebooks: Path | None) -> None:
    if notebooks is None or (notebooks / doc["notebook"]).is_file():
        return
    known = sorted(p.name for p in notebooks.glob("*.ipynb"))
    close = difflib.get_close_matches(doc["notebook"], known, n=1)
    raise files.error(
        path,
        f"entry {doc['id']!r}: field 'notebook' is {doc['notebook']!r}, but there is no notebook "
        f"notebooks/{doc['notebook']}; expected one of {', '.join(known) or '(none)'}",
        at=("notebook",),
        fix=(f"did you mean {close[0]!r}? " if close else "")
        + "write the file name of the lesson's notebook (the quiz is shown only in that lesson).",
    )


def _question(files: DataFiles, path: Path, q: dict, qi: int) -> Question:
    options = tuple(
        build(Option, {**o, "id": o.get("id") or "abcdefghijklmnopqrstuvwxyz"[k]}) for k, o in enumerate(q["options"])
    )
    if len({o.id for o in options}) != len(options):
        raise files.error(
            path,
            f"entry {q['id']!r}: field 'options' has two options with the same id; expected each option id once",
            at=("questions", qi, "options"),
            fix="give every option its own id (or leave the ids out: a, b, c … are used).",
        )
    question = build(Question, {**q, "options": options, "reads_figure": bool(q.get("reads_figure", False))})
    n = len(question.correct)
    if n == 0 or (question.kind == "single" and n != 1):
        want = "exactly one option" if question.kind == "single" else "at least one option"
        raise files.error(
            path,
            f"entry {q['id']!r}: field 'options' has {n} marked correct: true; expected {want} (kind: {question.kind})",
            at=("questions", qi, "options"),
            fix=f"mark {want} 'correct: true' and the others 'correct: false'"
            + (", or change kind: to multiple." if question.kind == "single" and n > 1 else "."),
        )
    return question


def quiz(files: DataFiles, doc: dict, notebooks: Path | None) -> Quiz:
    """The :class:`Quiz` of one quiz file's data (read and validated), after its own checks.

    ``notebooks`` is the lessons' folder (its notebook must exist there), or None to skip that check."""
    path = files.root / "quizzes" / f"{doc['id']}.yaml"
    _check_notebook(files, path, doc, notebooks)
    questions = [_question(files, path, q, qi) for qi, q in enumerate(doc["questions"])]
    index(files, path, questions, ("questions",))  # question ids are unique within the quiz
    return build(Quiz, {**doc, "questions": questions})
