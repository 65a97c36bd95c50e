"""The course's facts, loaded from ``data/`` and checked before anyone sees them.

This module is the only one that opens files in ``data/`` (DESIGN.md, "Layout"). It reads YAML through
:mod:`immunolib._yaml` (plain YAML only: no anchors, aliases or tags; size and node count capped; ``5.0e9`` is
a number), validates each file against its JSON Schema in ``data/schema/``, checks every cross-reference
(organ ids, cell ids, reference ids, model ids, a quiz's notebook, duplicate ids) and returns frozen, typed
records. Files are read when first needed and cached: the biology files together (they refer to each other),
each model file and each quiz file on its own, so a broken quiz or model file only affects the lesson that
uses it. :meth:`Content.check` reads everything.

Bad data raises :class:`ContentError`, whose message names the file, the entry, the field, what is there and
what was expected, then the line and how to fix it, so that an instructor who edits a file can fix it::

    data/cells.yaml: entry 'b_cell': field 'branch' is 'adaptve'; expected one of innate, adaptive, both
      line 330:  branch: adaptve
      to fix: write one of innate, adaptive, both (spelled exactly so).

Inside a notebook, a ContentError is shown as a short box, not a traceback
(:func:`immunolib.lesson.install_data_problem_display`).

Example
-------
>>> from immunolib import content
>>> content.cell("cd8_t_cell").branch
'adaptive'
>>> content.organ("thymus").type
'primary_lymphoid'
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import jsonschema

from immunolib import _yaml

__all__ = [
    "ContentError", "Content", "load", "data_dir",
    "Cell", "Signal", "Misconception", "Organ", "Position", "Branch", "Feature", "Term", "Reference",
    "Parameter", "ParameterSet", "ModelSpec", "ModelTerm", "Therapy", "Quiz", "Question", "Option",
    "cells", "cell", "organs", "organ", "branches", "branch", "features", "glossary", "term",
    "references", "reference", "models", "model", "therapies", "therapy", "quizzes", "quiz",
    "cite", "collection", "record", "Record", "model_ids", "quiz_ids",
]


class ContentError(ValueError):
    """A data file is broken. The message names the file, the entry, the field, what is there, what was
    expected, the line and how to fix it.

    Attributes
    ----------
    file : str or None
        The file, relative to the data folder's parent (``data/cells.yaml``).
    line : int or None
        The line (1-based) where the problem is, when known.
    fix : str
        How to fix it, in words (also the message's last line).
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None, fix: str = ""):
        super().__init__(message)
        self.file, self.line, self.fix = file, line, fix


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
    #: where cells of this type come from before birth, when that differs from ``made_in`` (plain words)
    origin_before_birth: str = ""


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


_ALLOWED_WORDS = {
    "array": "a list", "object": "a mapping of fields", "string": "text", "number": "a number",
    "integer": "a whole number", "boolean": "true or false", "null": "nothing",
}

_TYPE_FIX = {
    "array": "write a list: one '- item' per line under the field, or [a, b] on one line.",
    "object": "write the fields indented under this one, one 'name: value' per line.",
    "string": "write text; put it in quotes if it looks like a number, true/false or a date.",
    "number": "write a plain number such as 0.5, 1200 or 5.0e9, without quotes or units.",
    "integer": "write a whole number such as 3, without quotes.",
    "boolean": "write true or false.",
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


def _singular(key: Any) -> str:
    """``'parameter_sets'`` -> ``'parameter set'``: how a nested named entry is called in a message."""
    word = str(key).replace("_", " ")
    return word[:-1] if word.endswith("s") else word


class _Loader:
    """Reads one data folder; collects nothing silently: the first problem raises ContentError.

    Every file read is kept as a :class:`immunolib._yaml.Document`, so that an error found later (by the
    schema or a cross-reference) can name the line.
    """

    def __init__(self, root: Path):
        self.root = root
        self.schema_dir = root / "schema"
        self.docs: dict[Path, _yaml.Document] = {}

    def rel(self, path: Path) -> str:
        try:
            return f"{self.root.name}/{path.relative_to(self.root).as_posix()}"
        except ValueError:
            return str(path)

    # -- errors ------------------------------------------------------------------------------------
    def error(self, path: Path, headline: str, *, line: int | None = None, at=None, entry: str | None = None,
              field_name: str | None = None, fix: str = "") -> ContentError:
        """A ContentError for ``path``: the headline, then the line (given, or found from the path ``at``
        into the file, or from ``entry`` and ``field_name``) with its text, then how to fix it."""
        doc = self.docs.get(path)
        if line is None and doc is not None:
            if at is not None:
                line = doc.line_of(at)
            elif entry is not None:
                line = doc.line_of(self.locate(path, entry, field_name))
        message = f"{self.rel(path)}: {headline}"
        if line:
            text = doc.line_text(line) if doc is not None else ""
            message += f"\n  line {line}:" + (f"  {text.strip()}" if text else "")
        if fix:
            message += f"\n  to fix: {fix}"
        return ContentError(message, file=self.rel(path), line=line, fix=fix)

    def locate(self, path: Path, entry: str, field_name: str | None = None, *, nth: int = 0) -> tuple:
        """The path (keys and indices) of the ``nth`` entry with id (or name) ``entry`` in a file, and of its
        field if it has one called ``field_name``; ``()`` if not found."""
        doc = self.docs.get(path)
        if doc is None:
            return ()
        found: list[tuple] = []

        def walk(value, here):
            if isinstance(value, dict):
                if value.get("id") == entry or (value.get("name") == entry and "id" not in value):
                    found.append(here)
                for k, v in value.items():
                    walk(v, here + (k,))
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    walk(v, here + (i,))

        walk(doc.data, ())
        if len(found) <= nth:
            return ()
        where = found[nth]
        if field_name:
            key = re.split(r"[.\[ ]", field_name, maxsplit=1)[0]
            item = doc.data
            for k in where:
                item = item[k]
            if isinstance(item, dict) and key in item:
                where = where + (key,)
        return where

    # -- reading -----------------------------------------------------------------------------------
    def read_yaml(self, path: Path) -> Any:
        try:
            _yaml.check_size(path.stat().st_size)  # before reading: a huge file is never loaded
            doc = _yaml.load_bytes(path.read_bytes())
        except FileNotFoundError:
            raise ContentError(
                f"{self.rel(path)}: file not found (the course data folder is {self.root})\n"
                f"  to fix: restore it (for example: git checkout -- {self.rel(path)})",
                file=self.rel(path)) from None
        except _yaml.YAMLProblem as exc:
            where = f"line {exc.line}, column {exc.column}: " if exc.line and exc.column else (
                f"line {exc.line}: " if exc.line else "")
            text = ""
            if exc.line:
                try:
                    rows = path.read_text(encoding="utf-8", errors="replace").splitlines()
                    text = rows[exc.line - 1].strip() if exc.line <= len(rows) else ""
                except OSError:  # pragma: no cover
                    pass
            message = f"{self.rel(path)}: {where}{exc.problem}"
            if text:
                message += f"\n  line {exc.line}:  {text[:100]}"
            if exc.fix:
                message += f"\n  to fix: {exc.fix}"
            raise ContentError(message, file=self.rel(path), line=exc.line, fix=exc.fix) from None
        self.docs[path] = doc
        return doc.data

    @functools.lru_cache(maxsize=None)
    def schema(self, name: str) -> dict:
        path = self.schema_dir / name
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ContentError(f"{self.rel(path)}: schema file not found") from None
        except json.JSONDecodeError as exc:
            raise ContentError(f"{self.rel(path)}: line {exc.lineno}: invalid JSON: {exc.msg}",
                               file=self.rel(path), line=exc.lineno) from None

    def validate(self, path: Path, doc: Any, schema_name: str) -> None:
        schema = self.schema(schema_name)
        if doc is None:
            top = schema.get("required") or []
            start = f"'{top[0]}:' followed by its entries" if len(top) == 1 else (
                "the fields " + ", ".join(f"'{k}:'" for k in top) if top else "its data")
            raise self.error(path, f"the file is empty (it holds nothing, or only comments); expected {start}",
                             fix=f"restore it (for example: git checkout -- {self.rel(path)}) or write {start}.")
        validator = jsonschema.Draft202012Validator(schema)
        errors = sorted(validator.iter_errors(doc), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
        if errors:
            raise self.explain(path, doc, errors[0])

    def explain(self, path: Path, doc: Any, error: jsonschema.ValidationError) -> ContentError:
        """Turn a jsonschema error into: file: entry 'id': field 'name' is X; expected Y, with line and fix."""
        full = list(error.absolute_path)
        # the entry is the deepest object along the path with an id (model parameters: a name); data files are
        # {collection: [entries]}, model and quiz files are one mapping with an id, and entries nest.
        labels, rest, node, here = [], [], doc, []
        if isinstance(doc, dict) and isinstance(doc.get("id"), str) and full and not isinstance(full[0], int):
            labels.append(f"entry {doc['id']!r}")
        for i, part in enumerate(full):
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                node = None
            here.append(part)
            rest.append(part)
            if isinstance(part, int) and isinstance(node, dict):
                ident = node.get("id") if isinstance(node.get("id"), str) else node.get("name")
                container = full[i - 1] if i else "entries"
                top_level = i == 1 and not labels
                if isinstance(ident, str):
                    labels.append(f"entry {ident!r}" if top_level else f"{_singular(container)} {ident!r}")
                else:
                    labels.append(f"entry #{part + 1} of {container!r}" if top_level
                                  else f"{_singular(container)} #{part + 1}")
                rest = []
        entry = ": ".join(labels)
        field_name = ".".join(f"[{p + 1}]" if isinstance(p, int) else str(p) for p in rest).replace(".[", "[")
        v, vv, inst = error.validator, error.validator_value, error.instance
        fix = ""
        at = full

        if v == "required":
            missing = [k for k in vv if not (isinstance(inst, dict) and k in inst)]
            name = f"{field_name}.{missing[0]}" if field_name else missing[0]
            what = f"field {name!r} is missing; it is required"
            fix = f"add a line '{missing[0]}: ...' to this entry (another entry of the file shows the format)."
        elif v == "additionalProperties":
            extra = sorted(set(inst) - set(error.schema.get("properties", {})))
            allowed = ", ".join(error.schema.get("properties", {}))
            name = f"{field_name}.{extra[0]}" if field_name else extra[0]
            what = f"field {name!r} is not a known field; expected one of {allowed}"
            fix = f"check the spelling of {extra[0]!r}, or delete that line."
            at = full + [extra[0]]
        elif v == "anyOf" and all("required" in s for s in vv):
            names = " or ".join(repr(s["required"][0]) for s in vv)
            what = f"needs {names}"
            fix = f"add one of them, for example a line '{vv[0]['required'][0]}: ...'."
        else:
            label = f"field {field_name!r}" if field_name else "the file"
            shown = _short(inst)
            if v == "enum":
                expected = f"expected one of {', '.join(map(str, vv))}"
                fix = f"write one of {', '.join(map(str, vv))} (spelled exactly so)."
            elif v == "type":
                expected = f"expected {_ALLOWED_WORDS.get(vv, vv)}"
                shown = f"{shown} ({_describe_type(inst)})"
                fix = _TYPE_FIX.get(vv, "")
                if vv == "number" and isinstance(inst, str):
                    fix = ("write a plain number such as 0.5, 1200 or 5.0e9: no quotes, units, spaces or "
                           "commas.")
            elif v == "pattern":
                if vv.startswith("^[a-z][a-z0-9_]*$"):
                    expected = "expected a lower_snake_case id such as 'b_cell'"
                    fix = "use only lower-case letters, digits and _ (start with a letter)."
                elif vv.startswith("^[0-9]{2}_") and vv.endswith(".ipynb$"):
                    expected = "expected a notebook's file name such as '00_start_here.ipynb'"
                    fix = "copy the lesson's file name from notebooks/, with .ipynb at the end."
                elif vv.startswith("^[0-9]{2}_"):
                    expected = "expected the notebook's name without .ipynb, such as '00_start_here'"
                    fix = "copy the notebook's file name from notebooks/ and drop the .ipynb."
                elif vv.startswith("^10"):
                    expected = "expected a DOI such as '10.1038/nrc3239'"
                    fix = "write the DOI alone, starting with 10. (not the https://doi.org/ link)."
                elif vv.startswith("^https"):
                    expected = "expected a link starting with https://"
                    fix = "write the full link, starting with https://."
                else:
                    expected = f"expected text matching {vv}"
            elif v == "minItems":
                expected = f"expected at least {vv} item{'s' if vv != 1 else ''}"
                fix = f"add items until there are at least {vv}."
            elif v == "maxItems":
                expected = f"expected at most {vv} items"
                fix = f"remove items until there are at most {vv}."
            elif v == "minLength":
                expected = "expected non-empty text" if vv == 1 else f"expected at least {vv} characters"
                fix = "write the text (an empty value, '' or nothing after the ':' is not allowed)."
            elif v == "maxLength":
                shown = f"{len(inst)} characters long" if isinstance(inst, str) else shown
                expected = f"expected at most {vv} characters"
                fix = (f"shorten it by {len(inst) - vv} characters or more." if isinstance(inst, str)
                       else f"shorten it to {vv} characters.")
            elif v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                lo = error.schema.get("minimum", error.schema.get("exclusiveMinimum", "-inf"))
                hi = error.schema.get("maximum", error.schema.get("exclusiveMaximum", "inf"))
                expected = f"expected a number from {lo} to {hi}"
                fix = f"change it to a number from {lo} to {hi}."
            else:
                expected = f"expected: {error.message}"
            what = f"{label} is {shown}; {expected}"
        headline = f"{entry + ': ' if entry else ''}{what}"
        return self.error(path, headline, at=at, fix=fix)


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
        self._bio, self._glossary, self._modelling, self._quizzes  # noqa: B018 - touching them loads them
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
        """Cells, organs, branches and features: loaded together, they refer to each other."""
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
        return {"cells": cells_t, "organs": organs_t, "branches": branches_t, "features": features_t}

    @functools.cached_property
    def _glossary(self) -> dict:
        """The glossary: on its own (its terms refer only to each other and to references), so that a broken
        glossary leaves the cells, organs and apps working."""
        gl_path, terms = self._collection(self._ld, "glossary", "terms")
        terms_t = self._index(gl_path, [
            Term(**{**t, "see_also": _tuple(t.get("see_also")), "sources": _tuple(t["sources"])}) for t in terms])
        ref_ids = set(self._references)
        for t in terms_t.values():
            self._refs(gl_path, t.id, "see_also", t.see_also, set(terms_t), "term", "glossary.yaml")
            self._refs(gl_path, t.id, "sources", t.sources, ref_ids, "reference", "references.yaml")
        return terms_t

    # -- model parameters and therapies: each model file is read on its own, when it is first needed, so a
    #    broken file for one model does not stop the lessons that use another ---------------------------
    def model_ids(self) -> tuple[str, ...]:
        """Ids of the models: the file names in ``data/models/`` (the files are not read)."""
        return tuple(sorted(p.stem for p in (self.root / "models").glob("*.yaml")))

    def _model_file(self, model_id: str) -> ModelSpec:
        cache = self.__dict__.setdefault("_model_cache", {})
        if model_id in cache:
            return cache[model_id]
        ld = self._ld
        ref_ids = set(self._references)
        path = self.root / "models" / f"{model_id}.yaml"
        doc = ld.read_yaml(path)
        ld.validate(path, doc, "model.json")
        if doc["id"] != path.stem:
            raise ld.error(path, f"entry {doc['id']!r}: field 'id' is {doc['id']!r}; expected {path.stem!r}, the "
                                 f"file's name", at=("id",),
                           fix=f"write id: {path.stem}, or rename the file to {doc['id']}.yaml.")
        sets = []
        for si, s in enumerate(doc["parameter_sets"]):
            params = []
            for pi, p in enumerate(s["parameters"]):
                param = Parameter(**{**p, "value": float(p["value"]), "min": float(p["min"]),
                                     "max": float(p["max"]), "sources": _tuple(p["sources"])})
                here = ("parameter_sets", si, "parameters", pi)
                if not param.min <= param.max:
                    raise ld.error(path, f"entry {doc['id']!r}: parameter set {s['id']!r}: parameter "
                                         f"{param.name!r}: min {param.min:g} is larger than max {param.max:g}",
                                   at=here + ("min",), fix="swap min and max, or correct one of them.")
                if not param.min <= param.value <= param.max:
                    raise ld.error(path, f"entry {doc['id']!r}: parameter set {s['id']!r}: parameter "
                                         f"{param.name!r}: value {param.value:g} is outside its own range "
                                         f"[{param.min:g}, {param.max:g}]", at=here + ("value",),
                                   fix="fix the value or the min/max (the range is what students may set).")
                params.append(param)
            names = [p.name for p in params]
            dup = next((n for n in names if names.count(n) > 1), None)
            if dup:
                second = [i for i, n in enumerate(names) if n == dup][1]
                raise ld.error(path, f"entry {doc['id']!r}: parameter set {s['id']!r}: parameter {dup!r} appears "
                                     f"twice; expected unique names",
                               at=("parameter_sets", si, "parameters", second),
                               fix="delete one of the two, or rename it.")
            sets.append(ParameterSet(id=s["id"], label=s["label"], description=s.get("description"),
                                     sources=_tuple(s["sources"]), parameters=tuple(params)))
        set_ids = [s.id for s in sets]
        if "default" not in set_ids:
            raise ld.error(path, f"entry {doc['id']!r}: field 'parameter_sets' has no set with id 'default'; "
                                 f"expected one (it has {', '.join(set_ids)})", at=("parameter_sets",),
                           fix="name one of the sets 'default' (the one the lessons start from).")
        if len(set(set_ids)) != len(set_ids):
            dup = next(i for i in set_ids if set_ids.count(i) > 1)
            raise ld.error(path, f"entry {doc['id']!r}: the parameter set id {dup!r} appears twice",
                           at=("parameter_sets", [i for i, x in enumerate(set_ids) if x == dup][1]),
                           fix="give each parameter set its own id.")
        spec = ModelSpec(id=doc["id"], title=doc["title"], summary=doc["summary"],
                         sources=_tuple(doc["sources"]), parameter_sets=tuple(sets))
        self._refs(path, spec.id, "sources", spec.sources, ref_ids, "reference", "references.yaml")
        for s in spec.parameter_sets:
            self._refs(path, s.id, "sources", s.sources, ref_ids, "reference", "references.yaml",
                       label=f"entry {spec.id!r}: parameter set {s.id!r}")
            for p in s.parameters:
                self._refs(path, p.name, "sources", p.sources, ref_ids, "reference", "references.yaml",
                           label=f"entry {spec.id!r}: parameter set {s.id!r}: parameter {p.name!r}")
        cache[model_id] = spec
        return spec

    @functools.cached_property
    def _therapies(self) -> dict:
        """The therapies (they name models: checked against the model files' names)."""
        ld = self._ld
        th_path = self.root / "therapies.yaml"
        if not th_path.exists():
            return {}
        _, therapies = self._collection(ld, "therapies", "therapies")
        therapies_t = self._index(th_path, [
            Therapy(id=t["id"], name=t["name"], klass=t["class"], mechanism=t["mechanism"],
                    model_terms=tuple(ModelTerm(**m) for m in t["model_terms"]), caveat=t["caveat"],
                    approved_examples=_tuple(t["approved_examples"]), combines=_tuple(t["combines"]),
                    sources=_tuple(t["sources"]))
            for t in therapies])
        ref_ids = set(self._references)
        for t in therapies_t.values():
            self._refs(th_path, t.id, "model_terms", [m.model for m in t.model_terms], set(self.model_ids()),
                       "model", "models/")
            self._refs(th_path, t.id, "combines", t.combines, set(therapies_t), "therapy", "therapies.yaml")
            self._refs(th_path, t.id, "sources", t.sources, ref_ids, "reference", "references.yaml")
        return therapies_t

    @property
    def _modelling(self) -> dict:
        """Every model's parameters and the therapies."""
        return {"models": {m: self._model_file(m) for m in self.model_ids()}, "therapies": self._therapies}

    # -- quizzes: one file per lesson, each read when its lesson asks for it ------------------------------
    def quiz_ids(self) -> tuple[str, ...]:
        """Ids of the quizzes: the file names in ``data/quizzes/`` (the files are not read)."""
        return tuple(sorted(p.stem for p in (self.root / "quizzes").glob("*.yaml")))

    def notebooks_dir(self) -> Path | None:
        """The lessons' folder: ``notebooks/`` beside the data folder, else beside the package; None if neither."""
        for candidate in (self.root.parent / "notebooks", Path(__file__).resolve().parent.parent / "notebooks"):
            if candidate.is_dir():
                return candidate
        return None

    def _quiz_file(self, quiz_id: str) -> Quiz:
        cache = self.__dict__.setdefault("_quiz_cache", {})
        if quiz_id in cache:
            return cache[quiz_id]
        ld = self._ld
        path = self.root / "quizzes" / f"{quiz_id}.yaml"
        doc = ld.read_yaml(path)
        ld.validate(path, doc, "quiz.json")
        if doc["id"] != path.stem:
            raise ld.error(path, f"entry {doc['id']!r}: field 'id' is {doc['id']!r}; expected {path.stem!r}, the "
                                 f"file's name", at=("id",),
                           fix=f"write id: {path.stem}, or rename the file to {doc['id']}.yaml.")
        nb_dir = self.notebooks_dir()
        if nb_dir is not None and not (nb_dir / doc["notebook"]).is_file():
            known = sorted(p.name for p in nb_dir.glob("*.ipynb"))
            close = difflib.get_close_matches(doc["notebook"], known, n=1)
            raise ld.error(
                path, f"entry {doc['id']!r}: field 'notebook' is {doc['notebook']!r}, but there is no notebook "
                      f"notebooks/{doc['notebook']}; expected one of {', '.join(known) or '(none)'}",
                at=("notebook",),
                fix=(f"did you mean {close[0]!r}? " if close else "")
                + "write the file name of the lesson's notebook (the quiz is shown only in that lesson).")
        questions = []
        for qi, q in enumerate(doc["questions"]):
            options = tuple(Option(text=o["text"], correct=o["correct"], feedback=o["feedback"],
                                   id=o.get("id") or "abcdefghijklmnopqrstuvwxyz"[k])
                            for k, o in enumerate(q["options"]))
            if len({o.id for o in options}) != len(options):
                raise ld.error(path, f"entry {q['id']!r}: field 'options' has two options with the same id; "
                                     f"expected each option id once", at=("questions", qi, "options"),
                               fix="give every option its own id (or leave the ids out: a, b, c … are used).")
            question = Question(id=q["id"], prompt=q["prompt"], kind=q["kind"], options=options,
                                explanation=q["explanation"], sources=_tuple(q["sources"]),
                                reads_figure=bool(q.get("reads_figure", False)),
                                from_lesson=q.get("from_lesson"))
            n = len(question.correct)
            if n == 0 or (question.kind == "single" and n != 1):
                want = "exactly one option" if question.kind == "single" else "at least one option"
                raise ld.error(path, f"entry {q['id']!r}: field 'options' has {n} marked correct: true; expected "
                                     f"{want} (kind: {question.kind})", at=("questions", qi, "options"),
                               fix=f"mark {want} 'correct: true' and the others 'correct: false'"
                                   + (", or change kind: to multiple." if question.kind == "single" and n > 1
                                      else "."))
            questions.append(question)
        self._index(path, questions)
        ref_ids = set(self._references)
        for q in questions:
            self._refs(path, q.id, "sources", q.sources, ref_ids, "reference", "references.yaml")
        quiz = Quiz(id=doc["id"], title=doc["title"], notebook=doc["notebook"], questions=tuple(questions))
        cache[quiz_id] = quiz
        return quiz

    @property
    def _quizzes(self) -> dict:
        """Every quiz in data/quizzes/."""
        return {q: self._quiz_file(q) for q in self.quiz_ids()}

    def _index(self, path: Path, records: list) -> dict:
        out: dict = {}
        for r in records:
            if r.id in out:
                doc = self._ld.docs.get(path)
                at = self._ld.locate(path, r.id, nth=1) if doc is not None else None
                raise self._ld.error(path, f"entry {r.id!r}: field 'id' is {r.id!r}, which is used by an earlier "
                                           f"entry too; expected a unique id",
                                     at=(at + ("id",)) if at else None,
                                     fix="give this entry another id (or delete it if it is a copy).")
            out[r.id] = r
        return out

    def _refs(self, path: Path, entry: str, field_name: str, ids: Iterable[str], known: set, what: str,
              where: str, *, label: str | None = None) -> None:
        for i in ids:
            if i not in known:
                close = difflib.get_close_matches(str(i), sorted(known), n=1)
                listed = sorted(known)
                shown = ", ".join(listed[:30]) + (f", ... ({len(listed)} in all)" if len(listed) > 30 else "")
                article = "an" if what[0] in "aeiou" else "a"
                raise self._ld.error(
                    path,
                    f"{label or f'entry {entry!r}'}: field {field_name!r} names {i!r}, which is not {article} {what} "
                    f"in {self.root.name}/{where}; expected one of {shown or '(none)'}",
                    entry=entry, field_name=field_name,
                    fix=(f"did you mean {close[0]!r}? " if close else "")
                    + f"correct the spelling, or add {article} {what} with id {i!r} to {self.root.name}/{where}.")


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
            "glossary": lambda: self._glossary, "references": lambda: self._references,
            "models": self.model_ids, "therapies": lambda: self._therapies,
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


def _install_notebook_display() -> None:
    """Inside a notebook, show a ContentError as a friendly box rather than a traceback (see
    :func:`immunolib.lesson.install_data_problem_display`). Outside IPython nothing happens."""
    if "IPython" not in sys.modules:
        return
    try:
        from IPython import get_ipython
        if get_ipython() is not None:
            from immunolib.lesson import install_data_problem_display
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
record = _delegate("record")

_install_notebook_display()
