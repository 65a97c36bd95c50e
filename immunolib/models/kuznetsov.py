r"""Effector cells against an immunogenic tumour: Kuznetsov, Makalkin, Taylor & Perelson (1994).

The model
---------
Two populations at the tumour site, counted in cells, time in days: cytotoxic effector cells
:math:`E` and tumour cells :math:`T`.

.. math::

    \frac{dE}{dt} &= s + \frac{p\,E\,T}{g + T} - m\,E\,T - d\,E \\
    \frac{dT}{dt} &= a\,T\,(1 - b\,T) - n\,E\,T

In words: effector cells arrive at a constant rate :math:`s`; the tumour stimulates more of them, up to
a maximum rate :math:`p` (half-maximal at :math:`g` tumour cells); encounters with tumour cells
inactivate effectors (:math:`m`); effectors die (:math:`d`). The tumour grows logistically (rate
:math:`a`, carrying capacity :math:`1/b`) and is killed in encounters with effectors (:math:`n`). The
paper reduces a model with an effector--tumour complex to this one; its parameters were fitted to the
growth of BCL\ :sub:`1` lymphoma in the spleens of chimeric mice.

Scaling with :math:`E_0 = T_0 = 10^6` cells, :math:`x = E/E_0`, :math:`y = T/T_0`,
:math:`\tau = n T_0 t` gives the paper's nondimensional form

.. math::

    \frac{dx}{d\tau} = \sigma + \frac{\rho\,x\,y}{\eta + y} - \mu\,x\,y - \delta\,x, \qquad
    \frac{dy}{d\tau} = \alpha\,y\,(1 - \beta\,y) - x\,y

with :math:`\sigma = s/(n E_0 T_0)`, :math:`\rho = p/(n T_0)`, :math:`\eta = g/T_0`,
:math:`\mu = m/n`, :math:`\delta = d/(n T_0)`, :math:`\alpha = a/(n T_0)`, :math:`\beta = b T_0`
(:func:`nondimensional`).

Steady states (:func:`equilibria`): the tumour-free state :math:`(x, y) = (\sigma/\delta, 0)`, and the
states with a tumour, where :math:`x = \alpha(1 - \beta y)` and :math:`y` solves the cubic

.. math::

    \sigma(\eta + y) + \alpha(1 - \beta y)\,[\rho y - (\mu y + \delta)(\eta + y)] = 0 .

With the fitted parameters the cubic has three positive roots: a small **dormant** tumour (a stable
focus, about :math:`8 \times 10^6` cells), a **saddle** (the threshold between the two basins) and a
large **escape** state near the carrying capacity (a stable node); the tumour-free state is a saddle,
so a few tumour cells always grow at first. The dormant and escape states are the "equilibrium" and
"escape" of cancer immunoediting.

Extinction
----------
:math:`T` is integrated as :math:`\ln T`, so it is never negative. When it falls below
``extinction_threshold`` (1 cell by default) the tumour is counted as eliminated and set to 0 for the
rest of the run (see :func:`immunolib.models.core.solve`).

Reference
---------
Kuznetsov VA, Makalkin IA, Taylor MA, Perelson AS (1994). Nonlinear dynamics of immunogenic tumors:
parameter estimation and global bifurcation analysis. Bull Math Biol 56(2):295-321.
doi:10.1007/BF02460644
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from immunolib.models import therapy as _therapy
from immunolib.models.core import Trajectory, check_parameter, resolve_parameters
from immunolib.models.stability import Equilibrium, classify_stability

__all__ = ["MODEL_ID", "STATE", "UNITS", "simulate", "nondimensional", "equilibria", "jacobian", "rhs", "SCALE"]

MODEL_ID = "kuznetsov1994"
STATE = ("E", "T")
UNITS = {"E": "cells", "T": "cells"}
#: The paper's scales :math:`E_0 = T_0 = 10^6` cells.
SCALE = 1e6


def rhs(x, p):
    """Right-hand side for :func:`~immunolib.models.core.solve`: ``dE/dt`` and the per-capita ``(dT/dt)/T``."""
    E, T = x[0], x[1]
    return (
        p["s"] + p["p"] * E * T / (p["g"] + T) - p["m"] * E * T - p["d"] * E,
        p["a"] * (1.0 - p["b"] * T) - p["n"] * E,
    )


def _field(E: float, T: float, p: Mapping[str, float]) -> np.ndarray:
    return np.array(
        [
            p["s"] + p["p"] * E * T / (p["g"] + T) - p["m"] * E * T - p["d"] * E,
            p["a"] * T * (1.0 - p["b"] * T) - p["n"] * E * T,
        ]
    )


def jacobian(E: float, T: float, p: Mapping[str, float]) -> np.ndarray:
    """The Jacobian of :math:`(dE/dt, dT/dt)` with respect to :math:`(E, T)`, per day."""
    g = p["g"]
    return np.array(
        [
            [p["p"] * T / (g + T) - p["m"] * T - p["d"], p["p"] * E * g / (g + T) ** 2 - p["m"] * E],
            [-p["n"] * T, p["a"] - 2.0 * p["a"] * p["b"] * T - p["n"] * E],
        ]
    )


def nondimensional(
    params: Mapping[str, float] | None = None, *, parameter_set: str = "default", E0: float = SCALE, T0: float = SCALE
) -> dict[str, float]:
    """The paper's nondimensional parameters derived from the dimensional ones.

    Parameters
    ----------
    params : Mapping[str, float], optional
        Overrides of the dimensional parameters (cells, days).
    parameter_set : str
    E0, T0 : float
        Scales in cells (the paper uses :math:`10^6` for both).

    Returns
    -------
    dict
        ``sigma, rho, eta, mu, delta, alpha, beta`` (dimensionless).

    Example
    -------
    >>> round(nondimensional()["sigma"], 4)
    0.1181
    """
    p = resolve_parameters(MODEL_ID, params, parameter_set)
    E0 = check_parameter("E0", E0, 0.0, 1e12, low_inclusive=False)
    T0 = check_parameter("T0", T0, 0.0, 1e12, low_inclusive=False)
    n = p["n"]
    if n <= 0:
        raise ValueError("parameter 'n' must be > 0 to scale time by n*T0")
    return {
        "sigma": p["s"] / (n * E0 * T0),
        "rho": p["p"] / (n * T0),
        "eta": p["g"] / T0,
        "mu": p["m"] / n,
        "delta": p["d"] / (n * T0),
        "alpha": p["a"] / (n * T0),
        "beta": p["b"] * T0,
    }


def equilibria(params: Mapping[str, float] | None = None, *, parameter_set: str = "default") -> tuple[Equilibrium, ...]:
    """Every steady state with :math:`E, T \\ge 0`, with its stability (see the module docstring).

    Parameters
    ----------
    params : Mapping[str, float], optional
        Overrides of the dimensional parameters.
    parameter_set : str

    Returns
    -------
    tuple of Equilibrium
        ``tumour_free`` first, then the tumour states by size. With three tumour states they are named
        ``dormant``, ``saddle``, ``escape``; a single one is ``dormant`` if it is below half the carrying
        capacity and ``escape`` otherwise; with two, ``dormant`` and ``saddle`` or ``saddle`` and
        ``escape`` by the same rule.

    Example
    -------
    >>> eq = equilibria()
    >>> eq[1].name, round(eq[1].state["T"] / 1e6, 2), eq[1].stability
    ('dormant', 8.19, 'stable focus')
    """
    p = resolve_parameters(MODEL_ID, params, parameter_set)
    out = []
    if p["d"] > 0:
        E_free = p["s"] / p["d"]
        ev = np.linalg.eigvals(jacobian(E_free, 0.0, p))
        out.append(Equilibrium("tumour_free", {"E": E_free, "T": 0.0}, tuple(ev), classify_stability(ev), UNITS))
    # tumour states in dimensional form: E = (a/n)(1 - bT) and the cubic in T
    s, pp, g, m, d, n, a, b = (p[k] for k in ("s", "p", "g", "m", "d", "n", "a", "b"))
    if n > 0 and b > 0:
        # dE/dt = 0 times (g + T), with E = (a/n)(1 - bT) from dT/dt = 0, is a cubic in T:
        # s(g + T) + E [pT - (mT + d)(g + T)] = 0
        A2, A1, A0 = -m, pp - m * g - d, -d * g  # pT - (mT+d)(g+T) = A2 T^2 + A1 T + A0
        k = a / n
        c3 = -k * b * A2
        c2 = k * (A2 - b * A1)
        c1 = k * (A1 - b * A0) + s
        c0 = k * A0 + s * g
        coeffs = np.array([c3, c2, c1, c0], dtype=float)
        scale = float(np.max(np.abs(coeffs))) if np.all(np.isfinite(coeffs)) else 0.0
        # scaled to the largest coefficient (a tiny a/n would otherwise underflow); leading zeros dropped
        coeffs = coeffs / scale if scale > 0 else np.zeros(0)
        while len(coeffs) and abs(coeffs[0]) < 1e-200:  # a leading coefficient lost in underflow
            coeffs = coeffs[1:]
        roots = np.roots(coeffs) if len(coeffs) > 1 else np.array([])
        Ts = sorted(
            float(r.real)
            for r in roots
            if np.isfinite(r) and abs(r.imag) <= 1e-9 * max(1.0, abs(r)) and 0.0 < r.real < 1.0 / b
        )
        names = _names(Ts, 1.0 / b)
        for name, T in zip(names, Ts):
            E = k * (1.0 - b * T)
            J = jacobian(E, T, p)
            if not np.all(np.isfinite(J)):
                continue
            ev = np.linalg.eigvals(J)
            out.append(Equilibrium(name, {"E": E, "T": T}, tuple(ev), classify_stability(ev), UNITS))
    return tuple(out)


def _names(Ts, capacity):
    if len(Ts) == 3:
        return ["dormant", "saddle", "escape"]
    if len(Ts) == 1:
        return ["dormant" if Ts[0] < capacity / 2 else "escape"]
    if len(Ts) == 2:
        return ["dormant", "saddle"] if Ts[0] < capacity / 2 and Ts[1] < capacity / 2 else ["saddle", "escape"]
    return [f"tumour_{i + 1}" for i in range(len(Ts))]


def simulate(
    params: Mapping[str, float] | None = None,
    *,
    therapy=None,
    days: float = 365.0,
    initial: Mapping[str, float] | None = None,
    parameter_set: str = "default",
    points_per_day: float = 4.0,
    extinction_threshold: float = 1.0,
) -> Trajectory:
    """Simulate effector cells and tumour cells (Kuznetsov et al. 1994).

    Parameters
    ----------
    params : Mapping[str, float], optional
        Overrides of the parameters in ``data/models/kuznetsov1994.yaml`` (``s, d, p, g, m, n, a, b``),
        each validated against its range.
    therapy : None, str, Treatment or list, optional
        A therapy id (``"adoptive_t_cells"``, ``"car_t"``, ``"anti_pd1"``, ``"anti_pdl1"``,
        ``"anti_ctla4"``, ``"cancer_vaccine"``, ``"anti_pd1_plus_anti_ctla4"``) on its default schedule,
        or :class:`~immunolib.models.therapy.Treatment` objects with schedules of your choice.
    days : float
        Length of the simulation in days, in ``(0, 3650]``.
    initial : Mapping[str, float], optional
        Initial cells, ``{"E": ..., "T": ...}``; default: the tumour-free effector level
        :math:`E = s/d` and :math:`T = 10^6` cells (the paper's scale).
    parameter_set : str
        ``"default"`` (the paper's fit to BCL1 lymphoma).
    points_per_day : float
        Output samples per day, in ``[1, 48]``.
    extinction_threshold : float
        Tumour size (cells) below which the tumour counts as eliminated and is set to 0; ``0`` disables
        it. In ``[0, 1000]``.

    Returns
    -------
    Trajectory
        Populations ``E`` and ``T`` in cells, time in days. ``meta`` holds ``tumour="T"``,
        ``carrying_capacity=1/b``, the extinction threshold and, if it happened, ``extinct`` (the day).

    Raises
    ------
    ValueError
        A parameter, initial value, option or dose outside its allowed range; an unknown therapy.
    SolverError
        If the solver fails (it never runs more than a bounded number of steps).

    Example
    -------
    >>> tr = simulate(days=100)
    >>> tr.names, tr.time_unit
    (('E', 'T'), 'days')
    """
    p = resolve_parameters(MODEL_ID, params, parameter_set)
    return _therapy.simulate_tumour_model(
        MODEL_ID,
        rhs,
        STATE,
        UNITS,
        p,
        therapy=therapy,
        days=days,
        initial=initial,
        default_initial={"E": p["s"] / p["d"] if p["d"] > 0 else 0.0, "T": 1e6},
        tumour="T",
        points_per_day=points_per_day,
        extinction_threshold=extinction_threshold,
    )
