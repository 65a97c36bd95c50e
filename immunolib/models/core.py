"""Shared pieces of every model: the :class:`Trajectory` result, input validation and parameter resolution.

Every model in :mod:`immunolib.models` is pure numerics (numpy and scipy only). A model function
takes parameters and returns a :class:`Trajectory`: sample times, named populations and their units.
Nothing here imports plotly or ipywidgets (see DESIGN.md, "Layout").
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

# The solver is the lowest layer of the models; its names stay importable from here.
from immunolib.models.solver import (
    DEFAULT_CEILING,
    DEFAULT_MAX_EVALUATIONS,
    DEFAULT_MAX_STEPS,
    Jump,
    Segment,
    SolverError,
    solve,
)

__all__ = [
    "Trajectory",
    "check_parameter",
    "check_parameters",
    "check_mapping",
    "check_text",
    "SolverError",
    "ArgumentTypeError",
]


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong type (text where a number belongs, a list where a name belongs...).

    It is both a ``TypeError`` and a ``ValueError``, so code that catches either sees it. The message names
    the argument and what it must be.
    """


def _shown(value) -> str:
    """``value`` for a message: its repr (shortened) and, for anything but a number, its type."""
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return text if isinstance(value, (int, float)) else f"{text} ({type(value).__name__})"


def check_mapping(name: str, value, what: str = "parameter name to value"):
    """``value`` if it is a mapping (or None); otherwise an :class:`ArgumentTypeError` naming ``name``."""
    if value is not None and not isinstance(value, Mapping):
        raise ArgumentTypeError(
            f"argument {name!r} must be a mapping of {what} (a dict such as {{'s': 2e4}}) or None; got {_shown(value)}"
        )
    return value


def check_text(name: str, value, allowed=None) -> str:
    """``value`` if it is a string (and one of ``allowed``, if given); otherwise an error naming ``name``."""
    if not isinstance(value, str):
        hint = f" (one of {', '.join(map(str, allowed))})" if allowed else ""
        raise ArgumentTypeError(f"argument {name!r} must be text{hint}; got {_shown(value)}")
    if allowed is not None and value not in allowed:
        raise ValueError(f"argument {name!r} must be one of {', '.join(map(str, allowed))}; got {value!r}")
    return value


@dataclass(frozen=True)
class Trajectory:
    """The result of one simulation.

    Parameters
    ----------
    model : str
        Identifier of the model that produced it (for example ``"kuznetsov1994"``).
    t : numpy.ndarray
        Sample times, shape ``(n,)``, in ``time_unit``.
    populations : Mapping[str, numpy.ndarray]
        Named state variables, each of shape ``(n,)``. Never negative.
    units : Mapping[str, str]
        Unit of each population (same keys as ``populations``).
    time_unit : str
        Unit of ``t``; ``"days"`` unless a model says otherwise.
    parameters : Mapping[str, float]
        The parameter values used, after defaults were applied.
    events : tuple
        Doses or other discrete events applied, as ``(time, description)`` pairs.
    meta : Mapping[str, object]
        Anything else a model reports (extinction threshold used, therapy name, ...).

    Example
    -------
    >>> import numpy as np
    >>> tr = Trajectory("demo", np.array([0.0, 1.0]), {"x": np.array([1.0, 2.0])}, {"x": "cells"})
    >>> tr.final()
    {'x': 2.0}
    """

    model: str
    t: np.ndarray
    populations: Mapping[str, np.ndarray]
    units: Mapping[str, str]
    time_unit: str = "days"
    parameters: Mapping[str, float] = field(default_factory=dict)
    events: tuple = ()
    meta: Mapping[str, object] = field(default_factory=dict)

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            return self.populations[name]
        except KeyError:
            raise KeyError(f"{self.model} has no population {name!r}; it has {', '.join(self.populations)}") from None

    @property
    def names(self) -> tuple[str, ...]:
        """Names of the populations, in model order."""
        return tuple(self.populations)

    def final(self) -> dict[str, float]:
        """The last value of every population."""
        return {k: float(v[-1]) for k, v in self.populations.items()}


def check_parameter(
    name: str,
    value,
    low: float = 0.0,
    high: float = math.inf,
    *,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> float:
    """Return ``value`` as a float, or raise ``ValueError`` naming the parameter and its range.

    Parameters
    ----------
    name : str
        The parameter's name as the user knows it (for example ``"dose"``).
    value : float
        The value to check. Must be a real, finite number within the range.
    low, high : float
        The allowed range.
    low_inclusive, high_inclusive : bool
        Whether the ends of the range are allowed.

    Returns
    -------
    float
        The checked value.

    Example
    -------
    >>> check_parameter("dose", 2.0, 0.0, 10.0)
    2.0
    """
    lo_br = "[" if low_inclusive else "("
    hi_br = "]" if high_inclusive else ")"
    allowed = f"{lo_br}{low:g}, {high:g}{hi_br}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"parameter {name!r} must be a number in {allowed}; got {_shown(value)}")
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"parameter {name!r} must be a number in {allowed}; got {value!r}") from None
    if not math.isfinite(x):
        raise ValueError(f"parameter {name!r} must be a finite number in {allowed}; got {value!r}")
    too_low = x < low or (x == low and not low_inclusive)
    too_high = x > high or (x == high and not high_inclusive)
    if too_low or too_high:
        raise ValueError(f"parameter {name!r} must be in {allowed}; got {x:g}")
    return x


def check_parameters(values: Mapping[str, float], ranges: Mapping[str, tuple[float, float]]) -> dict[str, float]:
    """Check many parameters at once; unknown names are an error too.

    Parameters
    ----------
    values : Mapping[str, float]
        Parameter values by name.
    ranges : Mapping[str, tuple[float, float]]
        Allowed closed range of each known parameter.

    Returns
    -------
    dict
        The checked values as floats.
    """
    out = {}
    for name, value in values.items():
        if not isinstance(name, str):
            raise ArgumentTypeError(f"parameter names must be text; got {_shown(name)}")
        if name not in ranges:
            raise ValueError(f"unknown parameter {name!r}; expected one of {', '.join(sorted(ranges))}")
        lo, hi = ranges[name]
        out[name] = check_parameter(name, value, lo, hi)
    return out


# --------------------------------------------------------------------------------------------------
# Parameter resolution and grids. The solver and its records live in solver.py (re-exported here).
# --------------------------------------------------------------------------------------------------

__all__ += [
    "resolve_parameters",
    "resolve_ranges",
    "check_initial",
    "time_grid",
    "solve",
    "Jump",
    "Segment",
    "DEFAULT_MAX_STEPS",
    "DEFAULT_MAX_EVALUATIONS",
    "DEFAULT_CEILING",
]


def resolve_parameters(
    model_id: str, params: Mapping[str, float] | None = None, parameter_set: str = "default"
) -> dict[str, float]:
    """The parameters of ``model_id`` from its YAML file, with ``params`` overriding some of them.

    Parameters
    ----------
    model_id : str
        A model id, the name of a file in ``data/models/`` (for example ``"kuznetsov1994"``).
    params : Mapping[str, float], optional
        Overrides. Each name must be a parameter of the model and each value a finite number inside the
        range given for it in the YAML file.
    parameter_set : str
        Which parameter set to start from (``"default"``; de Pillis 2005 also has ``"mouse"`` and
        ``"human"``).

    Returns
    -------
    dict
        Every parameter of the model by name, as floats.

    Raises
    ------
    ValueError
        An unknown parameter set or parameter name, or a value outside its range; the message names the
        parameter and the allowed range.

    Example
    -------
    >>> resolve_parameters("kuznetsov1994", {"s": 2e4})["s"]
    20000.0
    """
    from immunolib import content  # content.py is the only reader of the data folder

    check_mapping("params", params)
    check_text("parameter_set", parameter_set)
    spec = content.model(model_id)
    values = spec.values(parameter_set)
    if params:
        values.update(check_parameters(params, spec.ranges(parameter_set)))
    return values


def resolve_ranges(model_id: str, parameter_set: str = "default") -> dict[str, tuple[float, float]]:
    """The allowed ``(min, max)`` of every parameter of ``model_id``, from its YAML file."""
    from immunolib import content  # content.py is the only reader of the data folder

    check_text("parameter_set", parameter_set)
    return content.model(model_id).ranges(parameter_set)


def check_initial(
    initial: Mapping[str, float] | None, defaults: Mapping[str, float], high: float = 1e13
) -> dict[str, float]:
    """Initial populations: ``defaults`` with ``initial`` overriding some of them.

    Every value must be a finite number in ``[0, high]``; an unknown population name is an error that
    lists the known ones.
    """
    out = dict(defaults)
    check_mapping("initial", initial, "population name to value")
    if initial:
        for name, value in initial.items():
            if name not in defaults:
                raise ValueError(f"unknown initial population {name!r}; expected one of {', '.join(defaults)}")
            out[name] = check_parameter(f"initial[{name!r}]", value, 0.0, high)
    return out


def time_grid(days: float, points_per_day: float, *, name: str = "days", max_days: float = 3650.0) -> np.ndarray:
    """Evenly spaced output times ``0 .. days`` (both included), about ``points_per_day`` per day.

    ``days`` is validated: a finite number in ``(0, max_days]``.
    """
    days = check_parameter(name, days, 0.0, max_days, low_inclusive=False)
    n = max(2, int(math.ceil(days * points_per_day)) + 1)
    return np.linspace(0.0, days, n)
