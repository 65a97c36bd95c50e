"""The course's facts, loaded from ``data/`` and checked before anyone sees them.

This module is the only one that opens files in ``data/`` (DESIGN.md, "Layout"). On first use it reads
every YAML file, validates each against its JSON Schema in ``data/schema/``, checks every cross-reference
(organ ids, cell ids, reference ids, model ids, duplicate ids) and returns frozen, typed records.
The result is cached, so later calls cost nothing.

Bad data raises :class:`ContentError`, whose message names the file, the entry, the field and what was
expected, so that an instructor who edits a file can fix it::

    data/cells.yaml: entry 'b_cell': field 'branch' is 'adaptve'; expected one of innate, adaptive, both

Example
-------
>>> from immunolib import content
>>> content.cell("cd8_t_cell").branch
'adaptive'
>>> content.organ("thymus").type
'primary_lymphoid'
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import jsonschema
import yaml

__all__ = [
    "ContentError", "Content", "load", "data_dir",
    "Cell", "Signal", "Misconception", "Organ", "Position", "Branch", "Feature", "Term", "Reference",
    "Parameter", "ParameterSet", "ModelSpec", "ModelTerm", "Therapy", "Quiz", "Question", "Option",
    "cells", "cell", "organs", "organ", "branches", "branch", "features", "glossary", "term",
    "references", "reference", "models", "model", "therapies", "therapy", "quizzes", "quiz",
    "cite", "collection", "record", "Record",
]


class ContentError(ValueError):
    """A data file is broken. The message names the file, the entry, the field and what was expected."""


# --------------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Signal:
    """One arrow of the signalling network: this cell or molecule acts on ``to`` through ``via``.

    ``label`` is an optional short name for the arrow in diagrams (at most 40 characters).
    """
    to: str
    via: str
    label: str | None = None


@dataclass(frozen=True)
class Misconception:
    """A common wrong idea (``myth``) and the correct one (``fact``)."""
    myth: str
    fact: str


@dataclass(frozen=True)
class Cell:
    """A cell type or molecule of the immune system (``data/cells.yaml``)."""
    id: str
    name: str
    short_name: str
    branch: str                 #: innate, adaptive or both
    kind: str                   #: cell or molecule
    lineage: str                #: myeloid, lymphoid or none
    summary: str
    function: str
    recognition: str
    made_in: tuple[str, ...]
    matures_in: tuple[str, ...]
    markers: tuple[str, ...]
    signals_to: tuple[Signal, ...]
    cancer_role: str
    misconception: Misconception
    sources: tuple[str, ...]
    made_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Position:
    """Where an organ is drawn on the body diagram: x from the viewer's left, y from feet (0) to head (1)."""
    x: float
    y: float


@dataclass(frozen=True)
class Organ:
    """An organ or tissue of the immune system (``data/organs.yaml``)."""
    id: str
    name: str
    type: str                   #: primary_lymphoid, secondary_lymphoid or barrier
    summary: str
    what_happens: str
    cells_develop: tuple[str, ...]
    cells_meet: tuple[str, ...]
    position: Position
    sources: tuple[str, ...]
    open_question: str | None = None

    @property
    def type_label(self) -> str:
        """The organ type in words, e.g. ``'primary lymphoid organ'``."""
        return {
            "primary_lymphoid": "primary lymphoid organ",
            "secondary_lymphoid": "secondary lymphoid organ",
            "barrier": "barrier tissue",
        }[self.type]


@dataclass(frozen=True)
class Branch:
    """Innate or adaptive immunity (``data/branches.yaml``)."""
    id: str
    name: str
    also_called: tuple[str, ...]
    summary: str
    speed: str
    specificity: str
    memory: str
    receptors: str
    barriers: tuple[str, ...]
    members: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Feature:
    """A statement to sort into innate, adaptive or both, with the reason."""
    id: str
    statement: str
    branch: str
    explanation: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Term:
    """A glossary entry."""
    id: str
    term: str
    definition: str
    sources: tuple[str, ...]
    see_also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    """A source: a textbook, a paper or a stable web page."""
    id: str
    kind: str
    authors: str
    year: int
    title: str
    published_in: str
    doi: str | None = None
    url: str | None = None
    accessed: str | None = None

    @property
    def link(self) -> str:
        """A resolvable link: the DOI as a URL, or the URL."""
        return f"https://doi.org/{self.doi}" if self.doi else str(self.url)

    def citation(self) -> str:
        """The full citation as plain text."""
        tail = f"doi:{self.doi}" if self.doi else str(self.url)
        accessed = f" (accessed {self.accessed})" if self.accessed else ""
        return f"{self.authors} ({self.year}). {self.title}. {self.published_in}. {tail}{accessed}"


@dataclass(frozen=True)
class Parameter:
    """One model parameter with its value, units, meaning, allowed range and source."""
    name: str
    symbol: str
    value: float
    units: str
    meaning: str
    min: float
    max: float
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ParameterSet:
    """A named set of parameter values (for example the paper's mouse or human fit)."""
    id: str
    label: str
    sources: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    description: str | None = None

    def __getitem__(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(f"parameter set {self.id!r} has no parameter {name!r}")


@dataclass(frozen=True)
class ModelSpec:
    """A model's documentation and parameters (``data/models/<id>.yaml``)."""
    id: str
    title: str
    summary: str
    sources: tuple[str, ...]
    parameter_sets: tuple[ParameterSet, ...]

    def parameter_set(self, set_id: str = "default") -> ParameterSet:
        """The parameter set called ``set_id``; ``ValueError`` names the sets that exist."""
        for s in self.parameter_sets:
            if s.id == set_id:
                return s
        raise ValueError(
            f"model {self.id!r} has no parameter set {set_id!r}; "
            f"expected one of {', '.join(s.id for s in self.parameter_sets)}"
        )

    def values(self, set_id: str = "default") -> dict[str, float]:
        """Parameter values by name."""
        return {p.name: p.value for p in self.parameter_set(set_id).parameters}

    def ranges(self, set_id: str = "default") -> dict[str, tuple[float, float]]:
        """Allowed ``(min, max)`` of each parameter by name."""
        return {p.name: (p.min, p.max) for p in self.parameter_set(set_id).parameters}


@dataclass(frozen=True)
class ModelTerm:
    """How one model represents a therapy."""
    model: str
    term: str
    how: str


@dataclass(frozen=True)
class Therapy:
    """An immunotherapy and its mapping onto the models (``data/therapies.yaml``)."""
    id: str
    name: str
    klass: str   #: adoptive_cell_transfer, cytokine, checkpoint_blockade, vaccine, antibody or combination
    mechanism: str
    model_terms: tuple[ModelTerm, ...]
    caveat: str
    approved_examples: tuple[str, ...]
    combines: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Option:
    """One answer option of a quiz question, with the feedback shown when it is chosen.

    ``id`` is stable (``a``, ``b``, … in file order unless the file names it): answers are graded by id,
    because the quiz shows the options shuffled."""
    text: str
    correct: bool
    feedback: str
    id: str = ""


@dataclass(frozen=True)
class Question:
    """A quiz question: ``single`` (one right answer) or ``multiple`` (tick all that apply)."""
    id: str
    prompt: str
    kind: str
    options: tuple[Option, ...]
    explanation: str
    sources: tuple[str, ...]
    reads_figure: bool = False          #: the question asks the student to read a figure of the lesson
    from_lesson: str | None = None      #: number of the earlier lesson the question revisits, e.g. "01"

    @property
    def correct(self) -> tuple[int, ...]:
        """Indices of the correct options."""
        return tuple(i for i, o in enumerate(self.options) if o.correct)


@dataclass(frozen=True)
class Quiz:
    """A set of questions for one notebook (``data/quizzes/<id>.yaml``)."""
    id: str
    title: str
    notebook: str
    questions: tuple[Question, ...]


# --------------------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------------------

def data_dir() -> Path:
    """The folder the course data is read from.

    ``$IMMUNOLIB_DATA`` if set, else the ``data/`` folder beside the ``immunolib`` package (the repository
    layout; ``pip install -e .`` keeps it there).
    """
    env = os.environ.get("IMMUNOLIB_DATA")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "data"


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key given twice in one mapping (PyYAML keeps the last silently)."""

    def construct_mapping(self, node, deep=False):  # noqa: D102
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                mark = key_node.start_mark
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice in one entry", mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_ALLOWED_WORDS = {
    "array": "a list", "object": "a mapping of fields", "string": "text", "number": "a number",
    "integer": "a whole number", "boolean": "true or false", "null": "nothing",
}


def _describe_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    return type(value).__name__


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Loader:
    """Reads one data folder; collects nothing silently: the first problem raises ContentError."""

    def __init__(self, root: Path):
        self.root = root
        self.schema_dir = root / "schema"

    def rel(self, path: Path) -> str:
        try:
            return f"{self.root.name}/{path.relative_to(self.root).as_posix()}"
        except ValueError:
            return str(path)

    def read_yaml(self, path: Path) -> Any:
        where = self.rel(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ContentError(f"{where}: file not found (the course data folder is {self.root})") from None
        except UnicodeDecodeError as exc:
            raise ContentError(f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        try:
            return yaml.load(text, Loader=_UniqueKeyLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            place = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            problem = exc.problem or exc.context or "malformed YAML"
            raise ContentError(f"{where}: {place}YAML syntax error: {problem}") from None
        except yaml.YAMLError as exc:
            raise ContentError(f"{where}: YAML syntax error: {exc}") from None

    @functools.lru_cache(maxsize=None)
    def schema(self, name: str) -> dict:
        path = self.schema_dir / name
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ContentError(f"{self.rel(path)}: schema file not found") from None
        except json.JSONDecodeError as exc:
            raise ContentError(f"{self.rel(path)}: line {exc.lineno}: invalid JSON: {exc.msg}") from None

    def validate(self, path: Path, doc: Any, schema_name: str) -> None:
        validator = jsonschema.Draft202012Validator(self.schema(schema_name))
        errors = sorted(validator.iter_errors(doc), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
        if errors:
            raise ContentError(self.explain(path, doc, errors[0]))

    def explain(self, path: Path, doc: Any, error: jsonschema.ValidationError) -> str:
        """Turn a jsonschema error into: file: entry 'id': field 'name' is X; expected Y."""
        where = self.rel(path)
        parts = list(error.absolute_path)
        entry = ""
        # data files are {collection: [entries]}; model/quiz files are one mapping, quiz questions nest.
        if len(parts) >= 2 and isinstance(parts[1], int):
            item = doc.get(parts[0], [])[parts[1]] if isinstance(doc, dict) else None
            ident = item.get("id") if isinstance(item, dict) else None
            entry = f"entry {ident!r}" if isinstance(ident, str) else f"entry #{parts[1] + 1} of {parts[0]!r}"
            parts = parts[2:]
        elif isinstance(doc, dict) and isinstance(doc.get("id"), str):
            entry = f"entry {doc['id']!r}"
        field_name = ".".join(f"[{p + 1}]" if isinstance(p, int) else str(p) for p in parts).replace(".[", "[")
        v, vv, inst = error.validator, error.validator_value, error.instance

        if v == "required":
            missing = [k for k in vv if not (isinstance(inst, dict) and k in inst)]
            name = f"{field_name}.{missing[0]}" if field_name else missing[0]
            what = f"field {name!r} is missing; it is required"
        elif v == "additionalProperties":
            extra = sorted(set(inst) - set(error.schema.get("properties", {})))
            allowed = ", ".join(error.schema.get("properties", {}))
            name = f"{field_name}.{extra[0]}" if field_name else extra[0]
            what = f"field {name!r} is not a known field; expected one of {allowed}"
        elif v == "anyOf" and all("required" in s for s in vv):
            names = " or ".join(repr(s["required"][0]) for s in vv)
            what = f"needs {names}"
        else:
            label = f"field {field_name!r}" if field_name else "the file"
            if v == "enum":
                expected = f"expected one of {', '.join(map(str, vv))}"
            elif v == "type":
                expected = f"expected {_ALLOWED_WORDS.get(vv, vv)}"
            elif v == "pattern":
                if vv.startswith("^[a-z][a-z0-9_]*$"):
                    expected = "expected a lower_snake_case id such as 'b_cell'"
                elif vv.startswith("^[0-9]{2}_"):
                    expected = "expected the notebook's name without .ipynb, such as '00_start_here'"
                elif vv.startswith("^10"):
                    expected = "expected a DOI such as '10.1038/nrc3239'"
                elif vv.startswith("^https"):
                    expected = "expected a link starting with https://"
                else:
                    expected = f"expected text matching {vv}"
            elif v == "minItems":
                expected = f"expected at least {vv} item{'s' if vv != 1 else ''}"
            elif v == "maxItems":
                expected = f"expected at most {vv} items"
            elif v == "minLength":
                expected = "expected non-empty text"
            elif v in ("minimum", "maximum"):
                lo = error.schema.get("minimum", "-inf")
                hi = error.schema.get("maximum", "inf")
                expected = f"expected a number from {lo} to {hi}"
            else:
                expected = f"expected: {error.message}"
            shown = _short(inst)
            if v == "type":
                shown = f"{shown} ({_describe_type(inst)})"
            what = f"{label} is {shown}; {expected}"
        return f"{where}: {entry + ': ' if entry else ''}{what}"


def _tuple(x: Iterable | None) -> tuple:
    return tuple(x or ())


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
        self._ld = _Loader(self.root)
        self._references = self._load_references()

    def check(self) -> "Content":
        """Load and check every file now (otherwise each group is loaded on first use); returns self."""
        self._bio, self._modelling, self._quizzes  # noqa: B018 - touching them loads them
        for name in self.collection_names():
            self.collection(name)
        return self

    # -- loading -------------------------------------------------------------------------------------
    def _collection(self, ld: _Loader, name: str, key: str) -> tuple[Path, list[dict]]:
        path = self.root / f"{name}.yaml"
        doc = ld.read_yaml(path)
        ld.validate(path, doc, f"{name}.json")
        return path, doc[key]

    def _load_references(self) -> dict:
        ref_path, refs = self._collection(self._ld, "references", "references")
        return self._index(ref_path, [Reference(**r) for r in refs])

    @functools.cached_property
    def _bio(self) -> dict:
        """Cells, organs, branches, features and glossary: loaded together, they refer to each other."""
        ld = self._ld
        cell_path, cells = self._collection(ld, "cells", "cells")
        cells_t = self._index(cell_path, [
            Cell(**{**c,
                    "made_in": _tuple(c["made_in"]), "matures_in": _tuple(c["matures_in"]),
                    "markers": _tuple(c["markers"]), "made_by": _tuple(c.get("made_by")),
                    "signals_to": tuple(Signal(**s) for s in c["signals_to"]),
                    "misconception": Misconception(**c["misconception"]),
                    "sources": _tuple(c["sources"])})
            for c in cells])

        organ_path, organs = self._collection(ld, "organs", "organs")
        organs_t = self._index(organ_path, [
            Organ(**{**o, "cells_develop": _tuple(o["cells_develop"]), "cells_meet": _tuple(o["cells_meet"]),
                     "position": Position(**o["position"]), "sources": _tuple(o["sources"])})
            for o in organs])

        br_path = self.root / "branches.yaml"
        br_doc = ld.read_yaml(br_path)
        ld.validate(br_path, br_doc, "branches.json")
        branches_t = self._index(br_path, [
            Branch(**{**b, "also_called": _tuple(b["also_called"]), "barriers": _tuple(b["barriers"]),
                      "members": _tuple(b["members"]), "sources": _tuple(b["sources"])})
            for b in br_doc["branches"]])
        features_t = self._index(br_path, [Feature(**{**f, "sources": _tuple(f["sources"])})
                                               for f in br_doc["features"]])

        gl_path, terms = self._collection(ld, "glossary", "terms")
        terms_t = self._index(gl_path, [
            Term(**{**t, "see_also": _tuple(t.get("see_also")), "sources": _tuple(t["sources"])}) for t in terms])

        cells_ids, organ_ids, ref_ids = set(cells_t), set(organs_t), set(self._references)
        for c in cells_t.values():
            self._refs(cell_path, c.id, "made_in", c.made_in, organ_ids, "organ", "organs.yaml")
            self._refs(cell_path, c.id, "matures_in", c.matures_in, organ_ids, "organ", "organs.yaml")
            self._refs(cell_path, c.id, "signals_to", [s.to for s in c.signals_to], cells_ids, "cell", "cells.yaml")
            self._refs(cell_path, c.id, "made_by", c.made_by, cells_ids, "cell", "cells.yaml")
            self._refs(cell_path, c.id, "sources", c.sources, ref_ids, "reference", "references.yaml")
        for o in organs_t.values():
            self._refs(organ_path, o.id, "cells_develop", o.cells_develop, cells_ids, "cell", "cells.yaml")
            self._refs(organ_path, o.id, "cells_meet", o.cells_meet, cells_ids, "cell", "cells.yaml")
            self._refs(organ_path, o.id, "sources", o.sources, ref_ids, "reference", "references.yaml")
        for b in branches_t.values():
            self._refs(br_path, b.id, "members", b.members, cells_ids, "cell", "cells.yaml")
            self._refs(br_path, b.id, "sources", b.sources, ref_ids, "reference", "references.yaml")
        for f in features_t.values():
            self._refs(br_path, f.id, "sources", f.sources, ref_ids, "reference", "references.yaml")
        for t in terms_t.values():
            self._refs(gl_path, t.id, "see_also", t.see_also, set(terms_t), "term", "glossary.yaml")
            self._refs(gl_path, t.id, "sources", t.sources, ref_ids, "reference", "references.yaml")
        return {"cells": cells_t, "organs": organs_t, "branches": branches_t,
                "features": features_t, "terms": terms_t}

    @functools.cached_property
    def _modelling(self) -> dict:
        """Model parameters and therapies (therapies name models)."""
        ld = self._ld
        ref_ids = set(self._references)
        models_t: dict[str, ModelSpec] = {}
        model_paths = {}
        for path in sorted((self.root / "models").glob("*.yaml")):
            doc = ld.read_yaml(path)
            ld.validate(path, doc, "model.json")
            if doc["id"] != path.stem:
                raise ContentError(f"{ld.rel(path)}: entry {doc['id']!r}: field 'id' is {doc['id']!r}; "
                                   f"expected {path.stem!r}, the file's name")
            sets = []
            for s in doc["parameter_sets"]:
                params = []
                for p in s["parameters"]:
                    param = Parameter(**{**p, "value": float(p["value"]), "min": float(p["min"]),
                                         "max": float(p["max"]), "sources": _tuple(p["sources"])})
                    if not param.min <= param.value <= param.max:
                        raise ContentError(
                            f"{ld.rel(path)}: entry {doc['id']!r}: parameter set {s['id']!r}: parameter "
                            f"{param.name!r}: value {param.value:g} is outside its own range "
                            f"[{param.min:g}, {param.max:g}]; fix the value or the min/max")
                    params.append(param)
                names = [p.name for p in params]
                dup = next((n for n in names if names.count(n) > 1), None)
                if dup:
                    raise ContentError(f"{ld.rel(path)}: entry {doc['id']!r}: parameter set {s['id']!r}: "
                                       f"parameter {dup!r} appears twice; expected unique names")
                sets.append(ParameterSet(id=s["id"], label=s["label"], description=s.get("description"),
                                         sources=_tuple(s["sources"]), parameters=tuple(params)))
            set_ids = [s.id for s in sets]
            if "default" not in set_ids:
                raise ContentError(f"{ld.rel(path)}: entry {doc['id']!r}: field 'parameter_sets' has no set "
                                   f"with id 'default'; expected one (it has {', '.join(set_ids)})")
            if len(set(set_ids)) != len(set_ids):
                raise ContentError(f"{ld.rel(path)}: entry {doc['id']!r}: a parameter set id appears twice")
            models_t[doc["id"]] = ModelSpec(id=doc["id"], title=doc["title"], summary=doc["summary"],
                                                sources=_tuple(doc["sources"]), parameter_sets=tuple(sets))
            model_paths[doc["id"]] = (path, doc)

        th_path = self.root / "therapies.yaml"
        therapies_t: dict[str, Therapy] = {}
        if th_path.exists():
            _, therapies = self._collection(ld, "therapies", "therapies")
            therapies_t = self._index(th_path, [
                Therapy(id=t["id"], name=t["name"], klass=t["class"], mechanism=t["mechanism"],
                        model_terms=tuple(ModelTerm(**m) for m in t["model_terms"]), caveat=t["caveat"],
                        approved_examples=_tuple(t["approved_examples"]), combines=_tuple(t["combines"]),
                        sources=_tuple(t["sources"]))
                for t in therapies])

        for mid, (path, doc) in model_paths.items():
            spec = models_t[mid]
            self._refs(path, mid, "sources", spec.sources, ref_ids, "reference", "references.yaml")
            for s in spec.parameter_sets:
                self._refs(path, mid, f"parameter set {s.id!r} sources", s.sources, ref_ids, "reference",
                           "references.yaml")
                for p in s.parameters:
                    self._refs(path, mid, f"parameter {p.name!r} sources", p.sources, ref_ids, "reference",
                               "references.yaml")
        for t in therapies_t.values():
            self._refs(th_path, t.id, "model_terms", [m.model for m in t.model_terms], set(models_t),
                       "model", "models/")
            self._refs(th_path, t.id, "combines", t.combines, set(therapies_t), "therapy", "therapies.yaml")
            self._refs(th_path, t.id, "sources", t.sources, ref_ids, "reference", "references.yaml")
        return {"models": models_t, "therapies": therapies_t}

    @functools.cached_property
    def _quizzes(self) -> dict:
        """Every quiz in data/quizzes/."""
        ld = self._ld
        ref_ids = set(self._references)
        quizzes: dict[str, Quiz] = {}
        quiz_paths = {}
        for path in sorted((self.root / "quizzes").glob("*.yaml")):
            doc = ld.read_yaml(path)
            ld.validate(path, doc, "quiz.json")
            if doc["id"] != path.stem:
                raise ContentError(f"{ld.rel(path)}: entry {doc['id']!r}: field 'id' is {doc['id']!r}; "
                                   f"expected {path.stem!r}, the file's name")
            questions = []
            for q in doc["questions"]:
                options = tuple(Option(text=o["text"], correct=o["correct"], feedback=o["feedback"],
                                       id=o.get("id") or "abcdefghijklmnopqrstuvwxyz"[k])
                                for k, o in enumerate(q["options"]))
                if len({o.id for o in options}) != len(options):
                    raise ContentError(f"{ld.rel(path)}: entry {q['id']!r}: field 'options' has two options "
                                       f"with the same id; expected each option id once")
                question = Question(id=q["id"], prompt=q["prompt"], kind=q["kind"], options=options,
                                    explanation=q["explanation"], sources=_tuple(q["sources"]),
                                    reads_figure=bool(q.get("reads_figure", False)),
                                    from_lesson=q.get("from_lesson"))
                n = len(question.correct)
                if n == 0 or (question.kind == "single" and n != 1):
                    want = "exactly one option" if question.kind == "single" else "at least one option"
                    raise ContentError(f"{ld.rel(path)}: entry {q['id']!r}: field 'options' has {n} marked "
                                       f"correct: true; expected {want} (kind: {question.kind})")
                questions.append(question)
            self._index(path, questions)
            quizzes[doc["id"]] = Quiz(id=doc["id"], title=doc["title"], notebook=doc["notebook"],
                                            questions=tuple(questions))
            quiz_paths[doc["id"]] = path

        for qid, path in quiz_paths.items():
            for q in quizzes[qid].questions:
                self._refs(path, q.id, "sources", q.sources, ref_ids, "reference", "references.yaml")
        return quizzes

    def _index(self, path: Path, records: list) -> dict:
        out: dict = {}
        for r in records:
            if r.id in out:
                raise ContentError(f"{self._ld.rel(path)}: entry {r.id!r}: field 'id' is {r.id!r}, which is "
                                   f"used by an earlier entry too; expected a unique id")
            out[r.id] = r
        return out

    def _refs(self, path: Path, entry: str, field_name: str, ids: Iterable[str], known: set, what: str,
              where: str) -> None:
        for i in ids:
            if i not in known:
                raise ContentError(
                    f"{self._ld.rel(path)}: entry {entry!r}: field {field_name!r} names {i!r}, which is not "
                    f"{'an' if what[0] in 'aeiou' else 'a'} {what} in {self.root.name}/{where}; expected one of {', '.join(sorted(known)) or '(none)'}")


    # -- further collections: any data/<name>.yaml with a schema data/schema/<name>.json -------------
    _CORE = frozenset({"cells", "organs", "branches", "glossary", "references", "model", "therapies", "quiz"})

    def collection_names(self) -> tuple[str, ...]:
        """Names of the further collections: every ``data/schema/<name>.json`` that is not a core file."""
        return tuple(sorted(p.stem for p in self._ld.schema_dir.glob("*.json") if p.stem not in self._CORE))

    def collection(self, name: str) -> tuple["Record", ...]:
        """The entries of a further collection ``data/<name>.yaml`` as frozen :class:`Record` objects.

        A lesson can add a kind of fact (a lineage tree, a story to step through, a list of medicines) with
        only a YAML file and a JSON Schema, without changing this module. The schema's top level is
        ``{<name>: [entries]}``; each entry has an ``id`` and ``sources``. A property marked
        ``"x-refers-to": "cells"`` (or ``organs``, ``glossary``, ``models``, ``therapies``, or another
        collection's name) holds ids (a string or a list of strings) that must exist there: they are checked
        like the core files' references, and errors name the file, entry and field the same way.
        """
        if name in self._CORE:
            raise KeyError(f"{name!r} is a core file: use its own function (content.{name}())")
        cache = self.__dict__.setdefault("_collections", {})
        if name not in cache:
            path = self.root / f"{name}.yaml"
            schema_name = f"{name}.json"
            if not (self._ld.schema_dir / schema_name).exists():
                raise KeyError(f"no collection {name!r}; known: {', '.join(self.collection_names()) or '(none)'}")
            doc = self._ld.read_yaml(path)
            self._ld.validate(path, doc, schema_name)
            schema = self._ld.schema(schema_name)
            item_schema = schema["properties"][name]["items"]
            records = [_to_record(e, item_schema) for e in doc[name]]
            table = self._index(path, records)
            cache[name] = table
            for entry, raw in zip(records, doc[name]):
                self._check_generic_refs(path, entry.id, raw, item_schema, "")
        return tuple(cache[name].values())

    def record(self, name: str, record_id: str) -> "Record":
        """One entry of a further collection by id."""
        self.collection(name)
        return self._get(self.__dict__["_collections"][name], record_id, f"{name} entry")

    def _ids_of(self, target: str) -> set:
        known = {
            "cells": lambda: self._bio["cells"], "organs": lambda: self._bio["organs"],
            "glossary": lambda: self._bio["terms"], "references": lambda: self._references,
            "models": lambda: self._modelling["models"], "therapies": lambda: self._modelling["therapies"],
        }
        if target in known:
            return set(known[target]())
        self.collection(target)
        return set(self.__dict__["_collections"][target])

    def _check_generic_refs(self, path: Path, entry: str, value: Any, schema: dict, where: str) -> None:
        target = schema.get("x-refers-to")
        if target is not None and value is not None:
            ids = [value] if isinstance(value, str) else list(value)
            self._refs(path, entry, where or "id", ids, self._ids_of(target), _SINGULAR.get(target, target),
                       f"{target}.yaml" if target != "models" else "models/")
            return
        if schema.get("type") == "object" and isinstance(value, dict):
            for key, sub in schema.get("properties", {}).items():
                if key in value:
                    name = "sources" if key == "sources" else (f"{where}.{key}" if where else key)
                    sub = {**sub, "x-refers-to": "references"} if key == "sources" else sub
                    self._check_generic_refs(path, entry, value[key], sub, name)
        elif schema.get("type") == "array" and isinstance(value, list) and "items" in schema:
            items = schema["items"]
            if "x-refers-to" in schema:
                self._check_generic_refs(path, entry, value, {"x-refers-to": schema["x-refers-to"]}, where)
                return
            for i, v in enumerate(value):
                inner = items
                sub_where = where if items.get("type") != "object" else f"{where}[{i + 1}]"
                self._check_generic_refs(path, entry, v, inner, sub_where)

    # -- lookups ---------------------------------------------------------------------------------------
    @staticmethod
    def _get(table: Mapping, key: str, what: str):
        try:
            return table[key]
        except KeyError:
            raise KeyError(f"no {what} with id {key!r}; known ids: {', '.join(table)}") from None

    def cells(self, *, branch: str | None = None, kind: str | None = None) -> tuple[Cell, ...]:
        """All cells and molecules, in file order; optionally only one ``branch`` or ``kind``."""
        return tuple(c for c in self._bio["cells"].values()
                     if (branch is None or c.branch == branch) and (kind is None or c.kind == kind))

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
        return tuple(self._bio["terms"].values())

    def term(self, term_id: str) -> Term:
        """One glossary term by id."""
        return self._get(self._bio["terms"], term_id, "glossary term")

    def references(self) -> tuple[Reference, ...]:
        """All references, in file order."""
        return tuple(self._references.values())

    def reference(self, ref_id: str) -> Reference:
        """One reference by id."""
        return self._get(self._references, ref_id, "reference")

    def models(self) -> tuple[ModelSpec, ...]:
        """Every model's parameters, sorted by id."""
        return tuple(self._modelling["models"].values())

    def model(self, model_id: str) -> ModelSpec:
        """One model's parameters by id (the file name in ``data/models/``)."""
        return self._get(self._modelling["models"], model_id, "model")

    def therapies(self) -> tuple[Therapy, ...]:
        """All therapies, in file order."""
        return tuple(self._modelling["therapies"].values())

    def therapy(self, therapy_id: str) -> Therapy:
        """One therapy by id."""
        return self._get(self._modelling["therapies"], therapy_id, "therapy")

    def quizzes(self) -> tuple[Quiz, ...]:
        """All quizzes, sorted by id."""
        return tuple(self._quizzes.values())

    def quiz(self, quiz_id: str) -> Quiz:
        """One quiz by id (the file name in ``data/quizzes/``)."""
        return self._get(self._quizzes, quiz_id, "quiz")

    def cite(self, *ids_or_records) -> tuple[Reference, ...]:
        """The references behind some ids or records (anything with ``.sources``), de-duplicated, in order."""
        seen: dict[str, Reference] = {}
        for x in ids_or_records:
            ids = (x,) if isinstance(x, str) else getattr(x, "sources", ())
            for i in ids:
                seen.setdefault(i, self.reference(i))
        return tuple(seen.values())


_SINGULAR = {"cells": "cell", "organs": "organ", "glossary": "term", "references": "reference",
             "models": "model", "therapies": "therapy"}


class Record:
    """A frozen entry of a further collection: its fields are attributes; lists are tuples.

    Example
    -------
    >>> r = Record({"id": "x", "sources": ("murphy2022",)})
    >>> r.id
    'x'
    """

    __slots__ = ("_fields",)

    def __init__(self, fields: Mapping[str, Any]):
        object.__setattr__(self, "_fields", dict(fields))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(f"record {self._fields.get('id', '?')!r} has no field {name!r}; "
                                 f"it has {', '.join(self._fields)}") from None

    def __setattr__(self, name, value):
        raise AttributeError("records are read-only; edit the YAML file instead")

    def get(self, name: str, default: Any = None) -> Any:
        """A field's value, or ``default`` when the entry does not give it."""
        return self._fields.get(name, default)

    def fields(self) -> tuple[str, ...]:
        """The names of the fields this entry gives."""
        return tuple(self._fields)

    def __eq__(self, other):
        return isinstance(other, Record) and other._fields == self._fields

    def __hash__(self):
        return hash(self._fields.get("id"))

    def __repr__(self):
        return f"Record(id={self._fields.get('id')!r})"


def _to_record(value: Any, schema: dict) -> Any:
    if isinstance(value, dict):
        props = schema.get("properties", {})
        return Record({k: _to_record(v, props.get(k, {})) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_to_record(v, schema.get("items", {})) for v in value)
    return value


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
quiz = _delegate("quiz")
cite = _delegate("cite")
collection = _delegate("collection")
record = _delegate("record")
