"""Steady states and their stability: the words every tumour model uses for its equilibria.

This module sits *below* the tumour models (:mod:`~immunolib.models.kuznetsov`,
:mod:`~immunolib.models.kirschner`, :mod:`~immunolib.models.depillis`): each of them builds its
:class:`Equilibrium` records with :func:`classify_stability`. :mod:`immunolib.models.outcomes`, which
sits *above* them, re-exports these names, so ``from immunolib.models.outcomes import Equilibrium`` keeps
working.

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
>>> classify_stability([-1.0 + 2.0j, -1.0 - 2.0j])
'stable focus'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Equilibrium", "classify_stability", "numerical_jacobian"]


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
    units : Mapping[str, str]
        Unit of each population of ``state``.

    Example
    -------
    >>> Equilibrium("tumour_free", {"T": 0.0}, (-1.0,), "stable node").stable
    True
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
    """Jacobian of ``f`` (a function of a 1-D array returning a 1-D array) at ``x`` by central differences.

    Example
    -------
    >>> numerical_jacobian(lambda v: np.array([v[0] ** 2, v[0] * v[1]]), [2.0, 3.0]).round(6).tolist()
    [[4.0, 0.0], [3.0, 2.0]]
    """
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
