"""Outcomes of the tumour models: equilibria with their stability, and elimination / equilibrium / escape.

Cancer immunoediting (Schreiber, Old & Smyth 2011) names three outcomes of the contest between a
tumour and the immune system: **elimination** (the tumour is destroyed), **equilibrium** (the immune
system holds a tumour in check: dormancy, or cycles of shrinking and relapse) and **escape** (the tumour
grows to the size its environment allows). :func:`classify_outcome` reads those off a simulated
trajectory; :func:`equilibria` finds the steady states of a model and classifies each one from the
eigenvalues of its Jacobian.

Stability words
---------------
For the eigenvalues :math:`\\lambda_i` of the Jacobian at a steady state:

* ``stable node`` / ``stable focus``: every :math:`\\operatorname{Re}\\lambda_i < 0` (focus if some are
  complex: the approach spirals, which in a time course looks like damped oscillation);
* ``unstable node`` / ``unstable focus``: every :math:`\\operatorname{Re}\\lambda_i > 0`;
* ``saddle``: some positive and some negative real parts (a threshold: nearby trajectories leave);
  ``saddle focus`` if some eigenvalues are complex (in three dimensions: trajectories spiral out along
  a surface while approaching it along another direction -- growing oscillations);
* ``non-hyperbolic``: a real part is zero, and the linearisation cannot decide.

Example
-------
>>> from immunolib.models import kuznetsov
>>> [e.name for e in equilibria("kuznetsov1994")]
['tumour_free', 'dormant', 'saddle', 'escape']
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from immunolib.models.core import ArgumentTypeError, Trajectory, _shown, check_parameter, check_text

__all__ = ["Equilibrium", "classify_stability", "equilibria", "classify_outcome", "OUTCOMES",
           "numerical_jacobian"]

#: The three outcomes of cancer immunoediting, as returned by :func:`classify_outcome`.
OUTCOMES = ("elimination", "equilibrium", "escape")


@dataclass(frozen=True)
class Equilibrium:
    """A steady state of a model.

    Parameters
    ----------
    name : str
        Its role (for example ``"tumour_free"``, ``"dormant"``, ``"saddle"``, ``"escape"``).
    state : Mapping[str, float]
        Population values, in the model's units.
    eigenvalues : tuple of complex
        Eigenvalues of the Jacobian there, per day.
    stability : str
        One of the words of :func:`classify_stability`.
    """

    name: str
    state: Mapping[str, float]
    eigenvalues: tuple
    stability: str
    units: Mapping[str, str] = field(default_factory=dict)

    @property
    def stable(self) -> bool:
        """True if every eigenvalue has a negative real part."""
        return self.stability.startswith("stable")


def classify_stability(eigenvalues, tol: float = 1e-9) -> str:
    """Name the stability of a steady state from the eigenvalues of its Jacobian.

    Parameters
    ----------
    eigenvalues : sequence of complex
    tol : float
        Real parts within ``tol`` (relative to the largest magnitude) of zero count as zero.

    Returns
    -------
    str
        ``"stable node"``, ``"stable focus"``, ``"unstable node"``, ``"unstable focus"``, ``"saddle"``,
        ``"saddle focus"`` or ``"non-hyperbolic"``.

    Example
    -------
    >>> classify_stability([-1.0, -2.0])
    'stable node'
    >>> classify_stability([-1.0, 0.5])
    'saddle'
    """
    ev = np.asarray(eigenvalues, dtype=complex)
    scale = max(1.0, float(np.max(np.abs(ev)))) if len(ev) else 1.0
    re = ev.real
    complex_pair = bool(np.any(np.abs(ev.imag) > tol * scale))
    if np.any(np.abs(re) <= tol * scale):
        return "non-hyperbolic"
    if np.all(re < 0):
        return "stable focus" if complex_pair else "stable node"
    if np.all(re > 0):
        return "unstable focus" if complex_pair else "unstable node"
    # some real parts positive, some negative: a saddle; with a complex pair, a saddle focus
    # (trajectories spiral in some directions and leave in others).
    return "saddle focus" if complex_pair else "saddle"


def numerical_jacobian(f, x, rel: float = 1e-6) -> np.ndarray:
    """Jacobian of ``f`` (a function of a 1-D array returning a 1-D array) at ``x`` by central differences."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    J = np.zeros((n, n))
    for i in range(n):
        h = rel * max(abs(x[i]), 1.0)
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        J[:, i] = (np.asarray(f(xp)) - np.asarray(f(xm))) / (2 * h)
    return J


def equilibria(model: str, params: Mapping[str, float] | None = None, *, parameter_set: str = "default",
               **kwargs) -> tuple[Equilibrium, ...]:
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
    from immunolib.models import depillis, kirschner, kuznetsov

    table = {"kuznetsov1994": kuznetsov, "kirschner1998": kirschner, "depillis2005": depillis}
    check_text("model", model, None)
    if model not in table:
        raise ValueError(f"unknown model {model!r}; expected one of {', '.join(table)}")
    return table[model].equilibria(params, parameter_set=parameter_set, **kwargs)


def classify_outcome(trajectory: Trajectory, *, population: str | None = None, escape_fraction: float = 0.5,
                     window: float = 0.2) -> str:
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
        raise ArgumentTypeError(f"argument 'trajectory' must be a Trajectory (the result of a tumour model's "
                                f"simulate); got {_shown(trajectory)}")
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
