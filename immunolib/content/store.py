"""All the course data of one folder: :class:`Content` reads each group of files when first needed, builds the
records, checks cross-references, and answers lookups by id.

Files are read in groups, each group cached: the references (at once: everything cites them); cells, organs
and branches together (they refer to each other); the glossary; the therapies; each model file, each quiz file
and each further collection on its own, so that a broken file only affects the lessons that use it.
:meth:`Content.check` reads everything.

Example
-------
>>> c = Content()
>>> c.cell("b_cell").kind
'cell'
>>> c.record("journeys", "killer_t_cell").steps[0].where.organ
'bone_marrow'
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from immunolib.content.files import DataFiles
from immunolib.content.lesson_records import TYPED
from immunolib.content.named_files import model_spec, quiz
from immunolib.content.records import (
    Branch,
    Cell,
    Feature,
    ModelSpec,
    Organ,
    Quiz,
    Record,
    Reference,
    Term,
    Therapy,
    build,
    untyped,
)
from immunolib.content.refs import check_references, index

__all__ = ["Content", "data_dir", "CORE"]

#: The core files, with their own loaders and lookups (``cells()``, ``model(...)``); every other
#: ``data/schema/<name>.json`` is a further collection, read with :meth:`Content.collection`.
CORE = frozenset({"cells", "organs", "branches", "glossary", "references", "model", "therapies", "quiz"})


def data_dir() -> Path:
    """The folder the course data is read from.

    ``$IMMUNOLIB_DATA`` if set, else the ``data/`` folder beside the ``immunolib`` package (the repository
    layout; ``pip install -e .`` keeps it there).
    """
    env = os.environ.get("IMMUNOLIB_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "data"


class Content:
    """All the course data in one folder, validated and cross-checked.

    Parameters
    ----------
    root : path-like, optional
        The data folder (with ``schema/`` inside). Defaults to :func:`data_dir`.

    Raises
    ------
    ContentError
        When any file is missing, malformed, breaks its schema or refers to something that does not exist.

    Example
    -------
    >>> c = Content()
    >>> c.cell("b_cell").kind
    'cell'
    """

    def __init__(self, root: str | os.PathLike | None = None):
        self.root = Path(root) if root is not None else data_dir()
        self._files = DataFiles(self.root)
        self._models: dict[str, ModelSpec] = {}
        self._quizzes: dict[str, Quiz] = {}
        self._collections: dict[str, dict] = {}
        self._loading: dict[str, dict] = {}
        self._references = self._table("references", "references", Reference)

    def check(self) -> Content:
        """Load and check every file now (otherwise each group is loaded on first use); returns self."""
        self._bio, self._glossary, self.models(), self._therapies, self.quizzes()
        for name in self.collection_names():
            self.collection(name)
        return self

    # -- loading -------------------------------------------------------------------------------------
    def _table(self, name: str, key: str, cls: type | None) -> dict:
        """The records of the list ``key`` in ``data/<name>.yaml`` (read and validated), by id, in file order;
        its references are checked after the table is made, because the list may name its own entries
        (``see_also``, ``combines``, a lineage's ``parent``). ``cls`` None: plain :class:`Record` objects."""
        files = self._files
        doc = files.read_collection(name)
        path = self.root / f"{name}.yaml"
        make = (lambda e: build(cls, e)) if cls is not None else untyped
        table = index(files, path, [make(e) for e in doc[key]], (key,))
        with self._being_checked({name: table}):
            self._check_refs(path, doc, name)
        return table

    @contextlib.contextmanager
    def _being_checked(self, tables: Mapping[str, dict]):
        """While a group's references are checked, its own tables answer for its ids (a list may name its own
        entries; cells name organs and organs name cells), and so does any other file that names it back."""
        self._loading.update(tables)
        try:
            yield
        finally:
            for name in tables:
                self._loading.pop(name, None)

    def _check_refs(self, path: Path, doc: Any, schema_name: str) -> None:
        """Check every id a file names (see :func:`immunolib.content.refs.check_references`)."""
        check_references(self._files, path, doc, self._files.schema(schema_name), self._ids_of)

    @functools.cached_property
    def _bio(self) -> dict:
        """Cells, organs, branches and features: loaded together, they refer to each other."""
        tables: dict = {}
        order = [
            ("cells", {"cells": Cell}),
            ("organs", {"organs": Organ}),
            ("branches", {"branches": Branch, "features": Feature}),
        ]
        docs = {}
        files = self._files
        for name, lists in order:  # build all, then check: cells name organs, organs name cells
            doc = docs[name] = files.read_collection(name)
            path = self.root / f"{name}.yaml"
            for key, cls in lists.items():
                tables[key] = index(files, path, [build(cls, e) for e in doc[key]], (key,))
        with self._being_checked({"cells": tables["cells"], "organs": tables["organs"]}):
            for name, _ in order:
                self._check_refs(self.root / f"{name}.yaml", docs[name], name)
        return tables

    @functools.cached_property
    def _glossary(self) -> dict:
        """The glossary: on its own (its terms refer only to each other and to references), so that a broken
        glossary leaves the cells, organs and apps working."""
        return self._table("glossary", "terms", Term)

    @functools.cached_property
    def _therapies(self) -> dict:
        """The therapies (they name models: checked against the model files' names); none if there is no file."""
        if not (self.root / "therapies.yaml").exists():
            return {}
        return self._table("therapies", "therapies", Therapy)

    def _ids_of(self, target: str) -> Iterable[str]:
        """The ids that exist in a target of ``x-refers-to``."""
        known = {
            "cells": lambda: self._bio["cells"],
            "organs": lambda: self._bio["organs"],
            "glossary": lambda: self._glossary,
            "references": lambda: self._references,
            "models": self.model_ids,
            "therapies": lambda: self._therapies,
        }
        if target in self._loading:
            return self._loading[target]
        if target in known:
            return known[target]()
        self.collection(target)
        return self._collections[target]

    # -- one file per model and per quiz -----------------------------------------------------------
    def model_ids(self) -> tuple[str, ...]:
        """Ids of the models: the file names in ``data/models/`` (the files are not read)."""
        return self._files.ids_in("models")

    def _model_file(self, model_id: str) -> ModelSpec:
        if model_id not in self._models:
            doc = self._files.read_named("models", model_id, "model")
            spec = model_spec(self._files, doc)
            self._check_refs(self.root / "models" / f"{model_id}.yaml", doc, "model")
            self._models[model_id] = spec
        return self._models[model_id]

    def quiz_ids(self) -> tuple[str, ...]:
        """Ids of the quizzes: the file names in ``data/quizzes/`` (the files are not read)."""
        return self._files.ids_in("quizzes")

    def notebooks_dir(self) -> Path | None:
        """The lessons' folder: ``notebooks/`` beside the data folder, else beside the package; None if neither."""
        for candidate in (self.root.parent / "notebooks", Path(__file__).resolve().parents[2] / "notebooks"):
            if candidate.is_dir():
                return candidate
        return None

    def _quiz_file(self, quiz_id: str) -> Quiz:
        if quiz_id not in self._quizzes:
            doc = self._files.read_named("quizzes", quiz_id, "quiz")
            q = quiz(self._files, doc, self.notebooks_dir())
            self._check_refs(self.root / "quizzes" / f"{quiz_id}.yaml", doc, "quiz")
            self._quizzes[quiz_id] = q
        return self._quizzes[quiz_id]

    # -- further collections: any data/<name>.yaml with a schema data/schema/<name>.json -------------
    def collection_names(self) -> tuple[str, ...]:
        """Names of the further collections: every ``data/schema/<name>.json`` that is not a core file."""
        return tuple(sorted(p.stem for p in self._files.schema_dir.glob("*.json") if p.stem not in CORE))

    def collection(self, name: str) -> tuple[Record, ...]:
        """The entries of a further collection ``data/<name>.yaml`` as frozen, typed records.

        A lesson can add a kind of fact (a lineage tree, a story to step through, a list of medicines) with a
        YAML file and a JSON Schema; its record class goes in :mod:`immunolib.content.lesson_records` (until it
        does, entries are plain :class:`Record` objects). The schema's top level is ``{<name>: [entries]}``;
        each entry has an ``id`` and ``sources``. A property marked ``"x-refers-to": "cells"`` (or ``organs``,
        ``glossary``, ``models``, ``therapies``, or another collection's name) holds ids (a string or a list of
        strings) that must exist there; errors name the file, entry and field.
        """
        if name in CORE:
            raise KeyError(f"{name!r} is a core file: use its own function (content.{name}())")
        if name not in self._collections:
            if not (self._files.schema_dir / f"{name}.json").exists():
                raise KeyError(f"no collection {name!r}; known: {', '.join(self.collection_names()) or '(none)'}")
            self._collections[name] = self._table(name, name, TYPED.get(name))
        return tuple(self._collections[name].values())

    def record(self, name: str, record_id: str) -> Record:
        """One entry of a further collection by id."""
        self.collection(name)
        return self._get(self._collections[name], record_id, f"{name} entry")

    # -- lookups ---------------------------------------------------------------------------------------
    @staticmethod
    def _get(table: Mapping, key: str, what: str):
        try:
            return table[key]
        except KeyError:
            raise KeyError(f"no {what} with id {key!r}; known ids: {', '.join(table)}") from None

    def cells(self, *, branch: str | None = None, kind: str | None = None) -> tuple[Cell, ...]:
        """All cells and molecules, in file order; optionally only one ``branch`` or ``kind``."""
        return tuple(
            c
            for c in self._bio["cells"].values()
            if (branch is None or c.branch == branch) and (kind is None or c.kind == kind)
        )

    def cell(self, cell_id: str) -> Cell:
        """One cell or molecule by id (``KeyError`` lists the known ids)."""
        return self._get(self._bio["cells"], cell_id, "cell")

    def organs(self) -> tuple[Organ, ...]:
        """All organs and tissues, in file order."""
        return tuple(self._bio["organs"].values())

    def organ(self, organ_id: str) -> Organ:
        """One organ by id."""
        return self._get(self._bio["organs"], organ_id, "organ")

    def branches(self) -> tuple[Branch, ...]:
        """Innate and adaptive immunity."""
        return tuple(self._bio["branches"].values())

    def branch(self, branch_id: str) -> Branch:
        """``'innate'`` or ``'adaptive'``."""
        return self._get(self._bio["branches"], branch_id, "branch")

    def features(self) -> tuple[Feature, ...]:
        """Statements for the innate/adaptive sorting exercise."""
        return tuple(self._bio["features"].values())

    def glossary(self) -> tuple[Term, ...]:
        """All glossary terms, in file order."""
        return tuple(self._glossary.values())

    def term(self, term_id: str) -> Term:
        """One glossary term by id."""
        return self._get(self._glossary, term_id, "glossary term")

    def references(self) -> tuple[Reference, ...]:
        """All references, in file order."""
        return tuple(self._references.values())

    def reference(self, ref_id: str) -> Reference:
        """One reference by id."""
        return self._get(self._references, ref_id, "reference")

    def models(self) -> tuple[ModelSpec, ...]:
        """Every model's parameters, sorted by id."""
        return tuple(self._model_file(m) for m in self.model_ids())

    def model(self, model_id: str) -> ModelSpec:
        """One model's parameters by id (the file name in ``data/models/``)."""
        if model_id not in self.model_ids():
            self._get({m: None for m in self.model_ids()}, model_id, "model")
        return self._model_file(model_id)

    def therapies(self) -> tuple[Therapy, ...]:
        """All therapies, in file order."""
        return tuple(self._therapies.values())

    def therapy(self, therapy_id: str) -> Therapy:
        """One therapy by id."""
        return self._get(self._therapies, therapy_id, "therapy")

    def quizzes(self) -> tuple[Quiz, ...]:
        """All quizzes, sorted by id."""
        return tuple(self._quiz_file(q) for q in self.quiz_ids())

    def quiz(self, quiz_id: str) -> Quiz:
        """One quiz by id (the file name in ``data/quizzes/``)."""
        if quiz_id not in self.quiz_ids():
            self._get({q: None for q in self.quiz_ids()}, quiz_id, "quiz")
        return self._quiz_file(quiz_id)

    def cite(self, *ids_or_records) -> tuple[Reference, ...]:
        """The references behind some ids or records (anything with ``.sources``), de-duplicated, in order."""
        seen: dict[str, Reference] = {}
        for x in ids_or_records:
            ids = (x,) if isinstance(x, str) else getattr(x, "sources", ())
            for i in ids:
                seen.setdefault(i, self.reference(i))
        return tuple(seen.values())
