"""The course's records: frozen, typed dataclasses, one class per kind of entry, and the one builder that makes
them from a file's plain data.

Every record is a :class:`Record`: fields are attributes (lists become tuples, nested mappings become nested
records), ``get(name, default)`` reads an optional field, ``fields()`` names the fields an entry gives. This
module holds the records of the core files (cells, organs, branches, glossary, references, models,
therapies, quizzes); :mod:`immunolib.content.lesson_records` holds those of the further collections.

Example
-------
>>> build(Signal, {"to": "b_cell", "via": "IL-4"})
Signal(to='b_cell', via='IL-4', label=None)
>>> r = Record({"id": "x", "steps": ({"where": "thymus"},)})
>>> r.id, r.get("title", "untitled")
('x', 'untitled')
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Record",
    "build",
    "untyped",
    "Signal",
    "Misconception",
    "Cell",
    "Position",
    "Organ",
    "Branch",
    "Feature",
    "Term",
    "Reference",
    "Parameter",
    "ParameterSet",
    "ModelSpec",
    "ModelTerm",
    "Therapy",
    "Option",
    "Question",
    "Quiz",
]


class Record:
    """A frozen entry of the course data: its fields are attributes; lists are tuples.

    The typed records (:class:`Cell`, :class:`Journey`, ...) are frozen dataclasses that subclass it.
    ``Record(mapping)`` itself holds an entry of a collection that has no typed class yet (a new
    ``data/<name>.yaml`` with only a schema), and the free-form mappings inside typed records.
    """

    __slots__ = ("_fields",)

    def __init__(self, fields: Mapping[str, Any]):
        object.__setattr__(self, "_fields", dict(fields))

    def _values(self) -> dict:
        if dataclasses.is_dataclass(self):
            return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return object.__getattribute__(self, "_fields")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        values = self._values()
        try:
            return values[name]
        except KeyError:
            raise AttributeError(
                f"record {values.get('id', '?')!r} has no field {name!r}; it has {', '.join(self.fields())}"
            ) from None

    def __setattr__(self, name, value):
        raise AttributeError("records are read-only; edit the YAML file instead")

    def get(self, name: str, default: Any = None) -> Any:
        """A field's value, or ``default`` when the entry does not give it."""
        value = self._values().get(name)
        return default if value is None else value

    def fields(self) -> tuple[str, ...]:
        """The names of the fields this entry gives (an optional field left out is not named)."""
        return tuple(k for k, v in self._values().items() if v is not None and v != ())

    def __eq__(self, other):
        return type(other) is type(self) and other._values() == self._values()

    def __reduce__(self):  # copy, deepcopy and pickle rebuild a record through its constructor
        if dataclasses.is_dataclass(self):
            return type(self), tuple(getattr(self, f.name) for f in dataclasses.fields(self))
        return Record, (object.__getattribute__(self, "_fields"),)

    def __hash__(self):
        return hash(self._values().get("id"))

    def __repr__(self):
        return f"{type(self).__name__}(id={self._values().get('id')!r})"


# --------------------------------------------------------------------------------------------------
# The one builder: plain data (validated against its schema) -> records
# --------------------------------------------------------------------------------------------------


@functools.cache
def _hints(cls: type) -> dict:
    return typing.get_type_hints(cls)


def _record_class(hint: Any) -> type | None:
    """The typed record class a hint names (``Step``, ``Step | None``), if any."""
    if isinstance(hint, type) and issubclass(hint, Record) and dataclasses.is_dataclass(hint):
        return hint
    for arg in typing.get_args(hint):
        if arg is not Ellipsis and typing.get_origin(arg) is not tuple and (found := _record_class(arg)):
            return found
    return None


def _item_hint(hint: Any) -> Any:
    """The hint of a tuple's items: ``tuple[Step, ...]`` (or ``tuple[Step, ...] | None``) -> ``Step``."""
    if typing.get_origin(hint) is tuple:
        return typing.get_args(hint)[0]
    for arg in typing.get_args(hint):
        if typing.get_origin(arg) is tuple:
            return typing.get_args(arg)[0]
    return None


def _convert(value: Any, hint: Any = None) -> Any:
    if isinstance(value, dict):
        cls = _record_class(hint)
        return build(cls, value) if cls else Record({k: _convert(v) for k, v in value.items()})
    if isinstance(value, list):
        inner = _item_hint(hint)
        return tuple(_convert(v, inner) for v in value)
    return value


def untyped(data: Mapping[str, Any]) -> Record:
    """A plain :class:`Record` for one entry of a collection without a typed class."""
    return _convert(dict(data))


def build(cls: type, data: Mapping[str, Any]) -> Record:
    """The record of class ``cls`` for one entry's plain data (already checked against its schema).

    Lists become tuples and mappings become the nested record their field's type names (or a plain
    :class:`Record`). A field the class renames (``class`` -> ``klass``) is listed in its ``_RENAMED``.
    """
    renamed = getattr(cls, "_RENAMED", {})
    hints = _hints(cls)
    kwargs = {}
    for key, value in data.items():
        name = renamed.get(key, key)
        kwargs[name] = _convert(value, hints.get(name))
    return cls(**kwargs)


# --------------------------------------------------------------------------------------------------
# Records of the core files
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signal(Record):
    """One arrow of the signalling network: this cell or molecule acts on ``to`` through ``via``.

    ``label`` is an optional short name for the arrow in diagrams (at most 40 characters).
    """

    to: str
    via: str
    label: str | None = None


@dataclass(frozen=True)
class Misconception(Record):
    """A common wrong idea (``myth``) and the correct one (``fact``)."""

    myth: str
    fact: str


@dataclass(frozen=True)
class Cell(Record):
    """A cell type or molecule of the immune system (``data/cells.yaml``)."""

    id: str
    name: str
    short_name: str
    branch: str  #: innate, adaptive or both
    kind: str  #: cell or molecule
    lineage: str  #: myeloid, lymphoid or none
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
class Position(Record):
    """Where an organ is drawn on the body diagram: x from the viewer's left, y from feet (0) to head (1)."""

    x: float
    y: float


@dataclass(frozen=True)
class Organ(Record):
    """An organ or tissue of the immune system (``data/organs.yaml``)."""

    id: str
    name: str
    type: str  #: primary_lymphoid, secondary_lymphoid or barrier
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
class Branch(Record):
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
class Feature(Record):
    """A statement to sort into innate, adaptive or both, with the reason."""

    id: str
    statement: str
    branch: str
    explanation: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Term(Record):
    """A glossary entry."""

    id: str
    term: str
    definition: str
    sources: tuple[str, ...]
    see_also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference(Record):
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
class Parameter(Record):
    """One model parameter with its value, units, meaning, allowed range and source."""

    name: str
    symbol: str
    value: float
    units: str
    meaning: str
    min: float
    max: float
    sources: tuple[str, ...]

    def __post_init__(self):
        for name in ("value", "min", "max"):  # a YAML file may write 0 or 5: the models get floats
            object.__setattr__(self, name, float(getattr(self, name)))


@dataclass(frozen=True)
class ParameterSet(Record):
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
class ModelSpec(Record):
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
class ModelTerm(Record):
    """How one model represents a therapy."""

    model: str
    term: str
    how: str


@dataclass(frozen=True)
class Therapy(Record):
    """An immunotherapy and its mapping onto the models (``data/therapies.yaml``)."""

    _RENAMED = {"class": "klass"}  # 'class' is a Python keyword
    id: str
    name: str
    klass: str  #: adoptive_cell_transfer, cytokine, checkpoint_blockade, vaccine, antibody or combination
    mechanism: str
    model_terms: tuple[ModelTerm, ...]
    caveat: str
    approved_examples: tuple[str, ...]
    combines: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Option(Record):
    """One answer option of a quiz question, with the feedback shown when it is chosen.

    ``id`` is stable (``a``, ``b``, … in file order unless the file names it): answers are graded by id,
    because the quiz shows the options shuffled."""

    text: str
    correct: bool
    feedback: str
    id: str = ""


@dataclass(frozen=True)
class Question(Record):
    """A quiz question: ``single`` (one right answer) or ``multiple`` (tick all that apply)."""

    id: str
    prompt: str
    kind: str
    options: tuple[Option, ...]
    explanation: str
    sources: tuple[str, ...]
    reads_figure: bool = False  #: the question asks the student to read a figure of the lesson
    from_lesson: str | None = None  #: number of the earlier lesson the question revisits, e.g. "01"

    @property
    def correct(self) -> tuple[int, ...]:
        """Indices of the correct options."""
        return tuple(i for i, o in enumerate(self.options) if o.correct)


@dataclass(frozen=True)
class Quiz(Record):
    """A set of questions for one notebook (``data/quizzes/<id>.yaml``)."""

    id: str
    title: str
    notebook: str
    questions: tuple[Question, ...]
