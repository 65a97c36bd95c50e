"""Shared pieces of every model: the :class:`Trajectory` result and input validation.

Every model in :mod:`immunolib.models` is pure numerics (numpy and scipy only). A model function
takes parameters and returns a :class:`Trajectory`: sample times, named populations and their units.
Nothing here imports plotly or ipywidgets (see DESIGN.md, "Layout").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

__all__ = ["Trajectory", "check_parameter", "check_parameters", "SolverError"]


class SolverError(RuntimeError):
    """Raised when the ODE solver fails or exceeds its step budget.

    The message names the model and the solver's own reason, so a widget can show it in words.
    """


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
    >>> tr["x"][-1]
    2.0
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
            raise KeyError(
                f"{self.model} has no population {name!r}; it has {', '.join(self.populations)}"
            ) from None

    @property
    def names(self) -> tuple[str, ...]:
        """Names of the populations, in model order."""
        return tuple(self.populations)

    def final(self) -> dict[str, float]:
        """The last value of every population."""
        return {k: float(v[-1]) for k, v in self.populations.items()}


def check_parameter(name: str, value, low: float = 0.0, high: float = math.inf,
                    *, low_inclusive: bool = True, high_inclusive: bool = True) -> float:
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
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"parameter {name!r} must be a number in {allowed}; got {value!r}") from None
    if isinstance(value, bool) or not math.isfinite(x):
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
        if name not in ranges:
            raise ValueError(
                f"unknown parameter {name!r}; expected one of {', '.join(sorted(ranges))}"
            )
        lo, hi = ranges[name]
        out[name] = check_parameter(name, value, lo, hi)
    return out
