"""Outcomes of the tumour models: equilibria with their stability, and elimination / equilibrium / escape.

Cancer immunoediting (Schreiber, Old & Smyth 2011) names three outcomes of the contest between a
tumour and the immune system: **elimination** (the tumour is destroyed), **equilibrium** (the immune
system holds a tumour in check: dormancy, or cycles of shrinking and relapse) and **escape** (the tumour
grows to the size its environment allows). :func:`classify_outcome` reads those off a simulated
trajectory; :func:`equilibria` finds the steady states of a model and classifies each one from the
eigenvalues of its Jacobian.

The stability words (``stable node``, ``saddle``...) and :class:`Equilibrium` live in
:mod:`immunolib.models.stability`, below the tumour models that use them; they are re-exported here. Which
module implements a model id is decided by :mod:`immunolib.models.registry`.

Example
-------
>>> from immunolib.models import kuznetsov
>>> [e.name for e in equilibria("kuznetsov1994")]
['tumour_free', 'dormant', 'saddle', 'escape']
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from immunolib.models import registry
from immunolib.models.core import ArgumentTypeError, Trajectory, _shown, check_parameter, check_text
from immunolib.models.stability import Equilibrium, classify_stability, numerical_jacobian

__all__ = ["Equilibrium", "classify_stability", "equilibria", "classify_outcome", "OUTCOMES", "numerical_jacobian"]

#: The three outcomes of cancer immunoediting, as returned by :func:`classify_outcome`.
OUTCOMES = ("elimination", "equilibrium", "escape")


def equilibria(
    model: str, params: Mapping[str, float] | None = None, *, parameter_set: str = "default", **kwargs
) -> tuple[Equilibrium, ...]:
    """Steady states of a tumour model, each with its stability.

    Parameters
    ----------
    model : str
        ``"kuznetsov1994"``, ``"kirschner1998"`` or ``"depillis2005"``.
    params : Mapping[str, float], optional
        Parameter overrides (validated against the YAML ranges).
    parameter_set : str
        Parameter set to start from.
    **kwargs
        Passed to the model's own ``equilibria`` function.

    Returns
    -------
    tuple of Equilibrium
        Sorted by tumour size, the tumour-free state first.

    Raises
    ------
    ValueError
        An unknown model name or an invalid parameter.
    """
    return registry.module(model, among=registry.TUMOUR_MODELS).equilibria(
        params, parameter_set=parameter_set, **kwargs
    )


def classify_outcome(
    trajectory: Trajectory, *, population: str | None = None, escape_fraction: float = 0.5, window: float = 0.2
) -> str:
    """Elimination, equilibrium or escape, read off a tumour trajectory.

    The rule, in words:

    * **elimination** -- the tumour went extinct (fell below the model's extinction threshold, 1 cell by
      default, and was set to 0) and is 0 at the end;
    * **escape** -- over the last ``window`` of the simulation the tumour never falls below
      ``escape_fraction`` of its carrying capacity (the largest size its environment allows, ``1/b``);
    * **equilibrium** -- anything else: the tumour persists but is held below that size, at a steady
      dormant size or in cycles of shrinking and relapse.

    Parameters
    ----------
    trajectory : Trajectory
        A result of a tumour model (its ``meta`` holds the tumour population's name and the carrying
        capacity).
    population : str, optional
        Which population is the tumour; default ``trajectory.meta["tumour"]``.
    escape_fraction : float
        Fraction of the carrying capacity that counts as escape, in ``(0, 1]``.
    window : float
        Fraction of the simulated time, at its end, that is examined, in ``(0, 1]``.

    Returns
    -------
    str
        ``"elimination"``, ``"equilibrium"`` or ``"escape"``.

    Raises
    ------
    ValueError
        If the trajectory has no tumour population or no carrying capacity, or an argument is out of range.

    Example
    -------
    >>> from immunolib.models import kuznetsov
    >>> classify_outcome(kuznetsov.simulate(initial={"T": 1e6}))
    'equilibrium'
    """
    if not isinstance(trajectory, Trajectory):
        raise ArgumentTypeError(
            f"argument 'trajectory' must be a Trajectory (the result of a tumour model's "
            f"simulate); got {_shown(trajectory)}"
        )
    check_parameter("escape_fraction", escape_fraction, 0.0, 1.0, low_inclusive=False)
    check_parameter("window", window, 0.0, 1.0, low_inclusive=False)
    if population is not None:
        check_text("population", population, trajectory.names)
    name = population or trajectory.meta.get("tumour")
    if not name:
        raise ValueError(f"trajectory of {trajectory.model!r} names no tumour population; pass population=")
    capacity = trajectory.meta.get("carrying_capacity")
    if capacity is None or not math.isfinite(capacity) or capacity <= 0:
        raise ValueError(f"trajectory of {trajectory.model!r} has no carrying capacity in its meta")
    tum = np.asarray(trajectory[name], dtype=float)
    t = np.asarray(trajectory.t, dtype=float)
    if tum[-1] == 0.0:
        return "elimination"
    start = t[-1] - window * (t[-1] - t[0])
    late = tum[t >= start]
    if late.min() >= escape_fraction * capacity:
        return "escape"
    return "equilibrium"
