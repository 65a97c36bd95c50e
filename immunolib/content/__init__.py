"""The course's facts, loaded from ``data/`` and checked before anyone sees them.

This package is the only reader of files in ``data/`` (DESIGN.md, "Layout"). It reads YAML through
:mod:`immunolib._yaml` (plain YAML only: no anchors, aliases or tags; size and node count capped; ``5.0e9`` is
a number), validates each file against its JSON Schema in ``data/schema/``, checks every cross-reference that
a schema marks with ``x-refers-to`` (organ ids, cell ids, reference ids, model ids, a quiz's notebook,
duplicate ids) and returns frozen, typed records. Its modules, one job each:

* :mod:`~immunolib.content.store` -- :class:`Content`: which files are read together, lookups by id;
* :mod:`~immunolib.content.files` -- reading one file and checking it against its schema;
* :mod:`~immunolib.content.wording` -- :class:`ContentError` and the words of every schema error;
* :mod:`~immunolib.content.refs` -- the one cross-reference checker, driven by ``x-refers-to``;
* :mod:`~immunolib.content.records` -- the records of the core files and the one builder;
* :mod:`~immunolib.content.lesson_records` -- the records of the further collections (one per lesson fact);
* :mod:`~immunolib.content.named_files` -- the one-per-file records (a model's parameters, a quiz) and their checks.

Bad data raises :class:`ContentError`, whose message names the file, the entry, the field, what is there and
what was expected, then the line and how to fix it, so that an instructor who edits a file can fix it::

    data/cells.yaml: entry 'b_cell': field 'branch' is 'adaptve'; expected one of innate, adaptive, both
      line 330:  branch: adaptve
      to fix: write one of innate, adaptive, both (spelled exactly so).

Inside a notebook, a ContentError is shown as a short box, not a traceback
(:func:`immunolib.content.notebook.install_data_problem_display`).

Example
-------
>>> from immunolib import content
>>> content.cell("cd8_t_cell").branch
'adaptive'
>>> content.organ("thymus").type
'primary_lymphoid'
>>> content.record("lineage", "hsc").lineage
'stem'
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

from immunolib.content.lesson_records import *  # noqa: F403 - the further collections' records
from immunolib.content.lesson_records import __all__ as _lesson_all
from immunolib.content.records import (
    Branch,
    Cell,
    Feature,
    Misconception,
    ModelSpec,
    ModelTerm,
    Option,
    Organ,
    Parameter,
    ParameterSet,
    Position,
    Question,
    Quiz,
    Record,
    Reference,
    Signal,
    Term,
    Therapy,
)
from immunolib.content.store import Content, data_dir
from immunolib.content.wording import ContentError

__all__ = [
    "ContentError",
    "Content",
    "load",
    "data_dir",
    "Cell",
    "Signal",
    "Misconception",
    "Organ",
    "Position",
    "Branch",
    "Feature",
    "Term",
    "Reference",
    "Parameter",
    "ParameterSet",
    "ModelSpec",
    "ModelTerm",
    "Therapy",
    "Quiz",
    "Question",
    "Option",
    "cells",
    "cell",
    "organs",
    "organ",
    "branches",
    "branch",
    "features",
    "glossary",
    "term",
    "references",
    "reference",
    "models",
    "model",
    "therapies",
    "therapy",
    "quizzes",
    "quiz",
    "cite",
    "collection",
    "record",
    "Record",
    "model_ids",
    "quiz_ids",
    "collection_names",
] + [n for n in _lesson_all if n != "TYPED"]


@functools.lru_cache(maxsize=8)
def _load_cached(root: str) -> Content:
    return Content(root)


def load(root: str | os.PathLike | None = None) -> Content:
    """The validated course data, cached after the first load.

    Parameters
    ----------
    root : path-like, optional
        A data folder; defaults to :func:`data_dir`.

    Returns
    -------
    Content
    """
    return _load_cached(str(Path(root).resolve() if root is not None else data_dir().resolve()))


def _delegate(name: str):
    def f(*args, **kwargs):
        return getattr(load(), name)(*args, **kwargs)

    f.__name__ = name
    f.__doc__ = getattr(Content, name).__doc__
    return f


def _install_notebook_display() -> None:
    """Inside a notebook, show a ContentError as a friendly box rather than a traceback (see
    :func:`immunolib.content.notebook.install_data_problem_display`). Outside IPython nothing happens."""
    if "IPython" not in sys.modules:
        return
    try:
        from IPython import get_ipython

        if get_ipython() is not None:
            from immunolib.content.notebook import install_data_problem_display

            install_data_problem_display()
    except Exception:  # noqa: BLE001 - a nicer error display must never stop the course from loading
        pass


cells = _delegate("cells")
cell = _delegate("cell")
organs = _delegate("organs")
organ = _delegate("organ")
branches = _delegate("branches")
branch = _delegate("branch")
features = _delegate("features")
glossary = _delegate("glossary")
term = _delegate("term")
references = _delegate("references")
reference = _delegate("reference")
models = _delegate("models")
model = _delegate("model")
therapies = _delegate("therapies")
therapy = _delegate("therapy")
quizzes = _delegate("quizzes")
model_ids = _delegate("model_ids")
quiz_ids = _delegate("quiz_ids")
quiz = _delegate("quiz")
cite = _delegate("cite")
collection = _delegate("collection")
collection_names = _delegate("collection_names")
record = _delegate("record")

_install_notebook_display()
