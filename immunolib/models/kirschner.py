r"""Effector cells, tumour and IL-2, with immunotherapy: Kirschner & Panetta (1998).

The model
---------
Three quantities, time in days: activated effector cells :math:`E` (cells), tumour cells :math:`T`
(cells) and the concentration of interleukin-2 at the tumour site :math:`I_L` (IL-2 units).

.. math::

    \frac{dE}{dt} &= c\,T - \mu_2 E + \frac{p_1 E\,I_L}{g_1 + I_L} + s_1 \\
    \frac{dT}{dt} &= r_2\,T\,(1 - b\,T) - \frac{a\,E\,T}{g_2 + T} \\
    \frac{dI_L}{dt} &= \frac{p_2\,E\,T}{g_3 + T} - \mu_3 I_L + s_2

In words: the tumour recruits effector cells in proportion to its size and its **antigenicity**
:math:`c` (how visible it is to the immune system); effectors die at rate :math:`\mu_2` and proliferate
in response to IL-2 (up to :math:`p_1`, half-maximal at :math:`g_1`). The tumour grows logistically and
is killed by effectors with a saturating rate (at most :math:`a` per effector-tumour pairing,
half-maximal at :math:`g_2` tumour cells). Effectors make IL-2 when they meet the tumour; IL-2 is cleared
fast (:math:`\mu_3`). Two treatments enter as sources: **adoptive cell transfer** :math:`s_1` (effector
cells per day) and **IL-2 infusion** :math:`s_2` (IL-2 units per day).

What the paper shows, and this module reproduces
------------------------------------------------
* **Oscillating relapse at low antigenicity.** Without treatment the tumour-bearing steady state is an
  unstable focus for small :math:`c` (below about 0.032 with the paper's other parameters: a Hopf
  bifurcation), so the tumour shrinks, escapes, and shrinks again in long cycles -- dormancy followed by
  relapse. Above it the cycles damp out to a small tumour.
* **Adoptive transfer can make the tumour-free state stable.** At :math:`T = 0` the Jacobian is block
  triangular and its eigenvalues are :math:`-\mu_3`,
  :math:`-\mu_2 + p_1 I_L^*/(g_1 + I_L^*)` and :math:`r_2 - a E^*/g_2`, with
  :math:`I_L^* = s_2/\mu_3` and :math:`E^* = s_1 / (\mu_2 - p_1 I_L^*/(g_1 + I_L^*))`. So the tumour-free
  state is stable exactly when

  .. math::  s_1 > s_1^* = \frac{r_2\,g_2}{a}\left(\mu_2 - \frac{p_1 I_L^*}{g_1 + I_L^*}\right),

  which is :math:`0.18 \times 10^5 \times 0.03 = 540` cells/day without IL-2 (:func:`s1_threshold`).
  IL-2 alone cannot do this: it only acts through effector cells the tumour has already recruited.

Extinction
----------
The tumour is integrated as :math:`\ln T` (never negative). The low-antigenicity cycles can pass through
very small tumours: below ``extinction_threshold`` (1 cell by default) the tumour is counted as
eliminated and set to 0. The deterministic equations would let a fraction of a cell regrow; a real
tumour of less than one cell is gone. Set ``extinction_threshold=0`` to see the equations' own
behaviour.

Reference
---------
Kirschner D, Panetta JC (1998). Modeling immunotherapy of the tumor-immune interaction.
J Math Biol 37(3):235-252. doi:10.1007/s002850050127
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from scipy.optimize import brentq

from immunolib.models import therapy as _therapy
from immunolib.models.core import Trajectory, check_mapping, check_parameter, resolve_parameters, resolve_ranges
from immunolib.models.stability import Equilibrium, classify_stability

__all__ = [
    "MODEL_ID",
    "STATE",
    "UNITS",
    "simulate",
    "equilibria",
    "jacobian",
    "rhs",
    "s1_threshold",
    "hopf_antigenicity",
]

MODEL_ID = "kirschner1998"
STATE = ("E", "T", "IL")
UNITS = {"E": "cells", "T": "cells", "IL": "IL-2 units"}


def rhs(x, p):
    """Right-hand side for :func:`~immunolib.models.core.solve`: ``dE/dt``, ``(dT/dt)/T``, ``dIL/dt``."""
    E, T, IL = x[0], x[1], x[2]
    return (
        p["c"] * T - p["mu2"] * E + p["p1"] * E * IL / (p["g1"] + IL) + p["s1"],
        p["r2"] * (1.0 - p["b"] * T) - p["a"] * E / (p["g2"] + T),
        p["p2"] * E * T / (p["g3"] + T) - p["mu3"] * IL + p["s2"],
    )


def jacobian(E: float, T: float, IL: float, p: Mapping[str, float]) -> np.ndarray:
    """The Jacobian of :math:`(dE/dt, dT/dt, dI_L/dt)` with respect to :math:`(E, T, I_L)`, per day."""
    g1, g2, g3 = p["g1"], p["g2"], p["g3"]
    return np.array(
        [
            [-p["mu2"] + p["p1"] * IL / (g1 + IL), p["c"], p["p1"] * E * g1 / (g1 + IL) ** 2],
            [-p["a"] * T / (g2 + T), p["r2"] * (1.0 - 2.0 * p["b"] * T) - p["a"] * E * g2 / (g2 + T) ** 2, 0.0],
            [p["p2"] * T / (g3 + T), p["p2"] * E * g3 / (g3 + T) ** 2, -p["mu3"]],
        ]
    )


def s1_threshold(params: Mapping[str, float] | None = None, *, parameter_set: str = "default") -> float:
    """Adoptive-transfer rate :math:`s_1^*` (cells/day) above which the tumour-free state is stable.

    Derived from the Jacobian at :math:`T = 0` (module docstring); depends on the IL-2 infusion
    :math:`s_2` in ``params``.

    Raises
    ------
    ValueError
        When no amount of transfer is enough, in words: effector cells cannot kill (``a = 0``), or IL-2 makes
        effector cells grow without bound (then there is no tumour-free steady state).

    Example
    -------
    >>> s1_threshold()
    540.0
    """
    p = resolve_parameters(MODEL_ID, params, parameter_set)
    IL = p["s2"] / p["mu3"]
    net_loss = p["mu2"] - p["p1"] * IL / (p["g1"] + IL)
    if net_loss <= 0:
        raise ValueError(
            f"{MODEL_ID}: with this IL-2 infusion (s2 = {p['s2']:g}) effector cells multiply faster "
            f"than they die, so there is no tumour-free steady state and no threshold s1"
        )
    if p["a"] <= 0:
        raise ValueError(
            f"{MODEL_ID}: with a = 0 effector cells do not kill tumour cells, so no rate of "
            f"adoptive transfer makes the tumour-free state stable"
        )
    return round(p["r2"] * p["g2"] / p["a"] * net_loss, 12)


def hopf_antigenicity(
    params: Mapping[str, float] | None = None, *, parameter_set: str = "default", low: float = 1e-3, high: float = 0.05
) -> float:
    """Antigenicity :math:`c` at which the untreated tumour state changes from oscillating to damped.

    Bisection on the sign of the largest real part of the eigenvalues at the (single) tumour-bearing
    steady state, for ``c`` in ``[low, high]`` (both inside the range of ``c``, ``low < high``).

    Raises
    ------
    ValueError
        A bad argument (named), or, in words, when the stability does not change between ``low`` and
        ``high`` (there is no such antigenicity in that interval).
    """
    lo_c, hi_c = content_range("c", parameter_set)
    low = check_parameter("low", low, lo_c, hi_c)
    high = check_parameter("high", high, lo_c, hi_c)
    if not low < high:
        raise ValueError(f"argument 'low' must be smaller than 'high'; got low={low:g}, high={high:g}")
    check_mapping("params", params)
    if params and "c" in params:
        raise ValueError("hopf_antigenicity varies the antigenicity c itself: leave 'c' out of params")
    base = dict(params or {})

    def growth(c):
        eqs = [e for e in equilibria({**base, "c": c}, parameter_set=parameter_set) if e.name != "tumour_free"]
        if len(eqs) != 1:
            return math.nan
        return max(np.real(eqs[0].eigenvalues))

    lo, hi = growth(low), growth(high)
    if not (lo > 0 > hi):
        raise ValueError(
            f"{MODEL_ID}: the tumour state does not change from oscillating to damped for c between "
            f"{low:g} and {high:g} with these parameters, so there is no Hopf point there"
        )
    return brentq(lambda c: growth(c), low, high, xtol=1e-7)


def content_range(name: str, parameter_set: str = "default") -> tuple[float, float]:
    """The allowed ``(min, max)`` of one parameter of this model (from its YAML file)."""
    return resolve_ranges(MODEL_ID, parameter_set)[name]


def equilibria(params: Mapping[str, float] | None = None, *, parameter_set: str = "default") -> tuple[Equilibrium, ...]:
    """Steady states with their stability: the tumour-free state and every tumour-bearing one.

    Tumour states are found exactly: for :math:`T > 0` the tumour and IL-2 equations give
    :math:`E(T) = r_2 (1 - bT)(g_2 + T)/a` and :math:`I_L(T)`, leaving one equation in :math:`T`, whose
    roots in :math:`(0, 1/b)` are bracketed on a fine logarithmic grid and polished with Brent's method.

    Returns
    -------
    tuple of Equilibrium
        ``tumour_free`` (if it exists) then tumour states by size, named ``tumour_1``, ``tumour_2``, ...;
        a single tumour state is called ``dormant`` if it is below half the carrying capacity, otherwise
        ``escape``.
    """
    p = resolve_parameters(MODEL_ID, params, parameter_set)
    out = []
    IL0 = p["s2"] / p["mu3"]
    net_loss = p["mu2"] - p["p1"] * IL0 / (p["g1"] + IL0)
    if net_loss > 0:
        E0 = p["s1"] / net_loss
        ev = np.linalg.eigvals(jacobian(E0, 0.0, IL0, p))
        out.append(Equilibrium("tumour_free", {"E": E0, "T": 0.0, "IL": IL0}, tuple(ev), classify_stability(ev), UNITS))

    def state(T):
        E = p["r2"] * (1.0 - p["b"] * T) * (p["g2"] + T) / p["a"]
        IL = (p["p2"] * E * T / (p["g3"] + T) + p["s2"]) / p["mu3"]
        return E, IL

    def resid(T):
        E, IL = state(T)
        return p["c"] * T - p["mu2"] * E + p["p1"] * E * IL / (p["g1"] + IL) + p["s1"]

    if p["a"] > 0 and p["b"] > 0:
        top = (1.0 / p["b"]) * (1.0 - 1e-12)
        grid = np.logspace(-6, math.log10(top), 3000)
        vals = np.array([resid(T) for T in grid])
        Ts = []
        for i in range(len(grid) - 1):
            if vals[i] == 0.0:
                Ts.append(grid[i])
            elif vals[i] * vals[i + 1] < 0:
                Ts.append(brentq(resid, grid[i], grid[i + 1], xtol=1e-12, rtol=1e-13))
        names = (
            [("dormant" if Ts[0] < 0.5 / p["b"] else "escape")]
            if len(Ts) == 1
            else [f"tumour_{i + 1}" for i in range(len(Ts))]
        )
        for name, T in zip(names, Ts):
            E, IL = state(T)
            ev = np.linalg.eigvals(jacobian(E, T, IL, p))
            out.append(Equilibrium(name, {"E": E, "T": T, "IL": IL}, tuple(ev), classify_stability(ev), UNITS))
    return tuple(out)


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
    """Simulate effector cells, tumour and IL-2 (Kirschner & Panetta 1998).

    Parameters
    ----------
    params : Mapping[str, float], optional
        Overrides of the parameters in ``data/models/kirschner1998.yaml`` (antigenicity ``c``, the
        therapies ``s1`` and ``s2``, and the rate constants), each validated against its range.
    therapy : None, str, Treatment or list, optional
        ``"adoptive_t_cells"`` / ``"car_t"`` (default: the paper's continuous transfer, 600 cells/day
        added to ``s1``; a non-infusion schedule adds boluses of cells), ``"il2"`` (default: 10^5 IL-2
        units/day added to ``s2``), ``"anti_pd1"``, ``"anti_pdl1"``, ``"anti_ctla4"``,
        ``"cancer_vaccine"``, ``"act_plus_il2"``, or :class:`~immunolib.models.therapy.Treatment` objects.
    days : float
        Length of the simulation in days, in ``(0, 3650]``.
    initial : Mapping[str, float], optional
        ``{"E": ..., "T": ..., "IL": ...}``; default ``E = 10^4``, ``T = 10^4`` cells, ``IL = 0``.
    parameter_set : str
    points_per_day : float
        Output samples per day, in ``[1, 48]``.
    extinction_threshold : float
        Tumour size (cells) below which the tumour is eliminated and set to 0; ``0`` disables it.

    Returns
    -------
    Trajectory
        ``E`` and ``T`` in cells, ``IL`` in IL-2 units; ``meta`` as for the other tumour models.

    Example
    -------
    >>> simulate(days=30).names
    ('E', 'T', 'IL')
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
        default_initial={"E": 1e4, "T": 1e4, "IL": 0.0},
        tumour="T",
        points_per_day=points_per_day,
        extinction_threshold=extinction_threshold,
    )
