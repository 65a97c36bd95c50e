r"""Tumour, NK cells (innate) and CD8+ T cells (adaptive): de Pillis, Radunskaya & Wiseman (2005).

The model
---------
Three populations, counted in cells, time in days: tumour cells :math:`T`, natural killer cells
:math:`N` (innate immunity) and tumour-specific CD8+ T cells :math:`L` (adaptive immunity).

.. math::

    \frac{dT}{dt} &= a\,T\,(1 - b\,T) - c\,N\,T - D\,T \\
    \frac{dN}{dt} &= \sigma - f\,N + \frac{g\,T^2}{h + T^2}\,N - p\,N\,T \\
    \frac{dL}{dt} &= -m\,L + j\,\frac{D^2 T^2}{k + D^2 T^2}\,L - q\,L\,T + r\,N\,T \\
    D &= d\,\frac{(L/T)^{l}}{s + (L/T)^{l}}

In words: the tumour grows logistically and is killed by NK cells by mass action (:math:`c`) and by
CD8+ T cells at the per-tumour-cell rate :math:`D`, which depends on the **ratio** of CD8+ T cells to
tumour cells, saturating at :math:`d` -- the paper's central finding from chromium-release (cytotoxicity)
assays. NK cells are made at a constant rate :math:`\sigma`, die (:math:`f`), are recruited by the tumour
(:math:`g, h`) and inactivated by it (:math:`p`). CD8+ T cells die (:math:`m`), are recruited in
proportion to the tumour cells they kill (:math:`j, k`), are inactivated by the tumour (:math:`q`), and
are primed when NK cells and tumour cells meet (:math:`r`): innate immunity starts the adaptive
response. The paper's chemotherapy and vaccine experiments are not part of this module; adoptive
transfer of CD8+ T cells enters as a dose added to :math:`L` (or an infusion ``L_influx``).

What innate and adaptive immunity each contribute
-------------------------------------------------
The tumour's loss terms are the NK kill rate :math:`cNT` and the CD8+ kill rate :math:`DT` (cells/day);
:func:`kill_rates` returns both along a trajectory, and :func:`compare_immunity` re-runs the model with
NK killing switched off (:math:`c = 0`), CD8+ killing switched off (:math:`d = 0`) or both, so that a
student can see that NK cells act at once but cannot hold a large tumour, while CD8+ T cells arrive late
but are what decides the outcome.

Parameter sets: ``mouse`` (also ``default``) and ``human``; see ``data/models/depillis2005.yaml``.

Extinction
----------
:math:`T` is integrated as :math:`\ln T` (never negative; the per-cell kill rate :math:`D` is bounded by
:math:`d`, so :math:`\ln T` has a smooth right-hand side). Below ``extinction_threshold`` (1 cell by
default) the tumour is eliminated and set to 0; :math:`N` and :math:`L` are non-negative by construction.

Reference
---------
de Pillis LG, Radunskaya AE, Wiseman CL (2005). A validated mathematical model of cell-mediated immune
response to tumor growth. Cancer Res 65(17):7950-7958. doi:10.1158/0008-5472.CAN-05-0564
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from scipy.optimize import fsolve

from immunolib.models import therapy as _therapy
from immunolib.models.core import ArgumentTypeError, Trajectory, _shown, check_mapping, resolve_parameters
from immunolib.models.stability import Equilibrium, classify_stability, numerical_jacobian

__all__ = [
    "MODEL_ID",
    "STATE",
    "UNITS",
    "simulate",
    "equilibria",
    "rhs",
    "lysis_rate",
    "kill_rates",
    "compare_immunity",
]

MODEL_ID = "depillis2005"
STATE = ("T", "N", "L")
UNITS = {"T": "cells", "N": "cells", "L": "cells"}


def lysis_rate(L: float, T: float, p: Mapping[str, float]) -> float:
    """The fraction of tumour cells killed by CD8+ T cells per day, :math:`D = d (L/T)^l / (s + (L/T)^l)`.

    ``D = 0`` when there are no CD8+ T cells; it tends to ``d`` when there are many per tumour cell
    (and when the tumour is vanishingly small with some T cells present). Computed as
    :math:`d / (1 + s e^{l(\\ln T - \\ln L)})`, which cannot overflow.
    """
    if L <= 0.0:
        return 0.0
    if T <= 0.0:
        return p["d"]
    z = p["l"] * (math.log(T) - math.log(L))
    if z > 700.0:
        return 0.0
    return p["d"] / (1.0 + p["s"] * math.exp(z))


def rhs(x, p):
    """Right-hand side for :func:`~immunolib.models.core.solve`: ``(dT/dt)/T``, ``dN/dt``, ``dL/dt``."""
    T, N, L = x[0], x[1], x[2]
    D = lysis_rate(L, T, p)
    DT2 = (D * T) ** 2 if D * T < 1e150 else 1e300
    TT = T * T if T < 1e150 else 1e300
    nk_recruit = p["g"] / (1.0 + p["h"] / TT) if TT > 0.0 else 0.0
    cd8_recruit = p["j"] / (1.0 + p["k"] / DT2) if DT2 > 0.0 else 0.0
    return (
        p["a"] * (1.0 - p["b"] * T) - p["c"] * N - D,
        p["sigma"] - p["f"] * N + nk_recruit * N - p["p"] * N * T,
        -p["m"] * L + cd8_recruit * L - p["q"] * L * T + p["r"] * N * T + p.get("L_influx", 0.0),
    )


def _field(v, p):
    T, N, L = v
    r = rhs([T, N, L], p)
    return np.array([r[0] * T, r[1], r[2]])


def equilibria(params: Mapping[str, float] | None = None, *, parameter_set: str = "default") -> tuple[Equilibrium, ...]:
    """Steady states with their stability.

    The tumour-free state is :math:`(T, N, L) = (0, \\sigma/f, 0)`. There the CD8+ kill term vanishes with
    :math:`L`, and the eigenvalues are :math:`a - c\\sigma/f` (tumour), :math:`-f` (NK) and :math:`-m`
    (CD8+). Tumour-bearing states are found numerically (Newton-type root finding in log variables from a
    grid of starting points; duplicates merged) and classified with a central-difference Jacobian.

    Returns
    -------
    tuple of Equilibrium
        ``tumour_free`` first, then tumour states by size named ``tumour_1``, ``tumour_2``, ...
    """
    p = resolve_parameters(MODEL_ID, params, parameter_set)
    out = []
    N0 = p["sigma"] / p["f"]
    ev0 = (p["a"] - p["c"] * N0, -p["f"], -p["m"])
    out.append(Equilibrium("tumour_free", {"T": 0.0, "N": N0, "L": 0.0}, ev0, classify_stability(ev0), UNITS))

    def g(u):
        T, N, L = np.exp(u)
        r = rhs([T, N, L], p)
        return [r[0], r[1] / N, r[2] / L]

    found: list[np.ndarray] = []
    with np.errstate(all="ignore"):
        found = _roots(g, p, N0)
    found.sort(key=lambda v: v[0])
    for i, v in enumerate(found):
        J = numerical_jacobian(lambda z: _field(z, p), v)
        if not np.all(np.isfinite(J)):
            continue
        ev = np.linalg.eigvals(J)
        out.append(
            Equilibrium(
                f"tumour_{i + 1}",
                {"T": float(v[0]), "N": float(v[1]), "L": float(v[2])},
                tuple(ev),
                classify_stability(ev),
                UNITS,
            )
        )
    return tuple(out)


def _roots(g, p, N0):
    found: list[np.ndarray] = []
    ln0 = math.log(N0) if N0 > 1.0 else 0.0  # no NK cells without a tumour (sigma = 0): start from 1 cell
    for lt in np.linspace(0, math.log(1.0 / p["b"]), 12):
        for ll in np.linspace(0, math.log(1e10), 6):
            u0 = np.array([lt, ln0, ll])
            u, info, ier, _ = fsolve(g, u0, full_output=True, xtol=1e-12)
            if ier != 1 or np.max(np.abs(info["fvec"])) > 1e-9:
                continue
            v = np.exp(u)
            if not (1.0 <= v[0] < 1.0 / p["b"]) or not np.all(np.isfinite(v)):
                continue
            if any(np.allclose(v, w, rtol=1e-6) for w in found):
                continue
            found.append(v)
    return found


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
    """Simulate tumour, NK cells and CD8+ T cells (de Pillis, Radunskaya & Wiseman 2005).

    Parameters
    ----------
    params : Mapping[str, float], optional
        Overrides of the parameters in ``data/models/depillis2005.yaml``, validated against their ranges.
    therapy : None, str, Treatment or list, optional
        ``"adoptive_t_cells"`` / ``"car_t"`` (default: 10^9 CD8+ T cells on day 7), ``"anti_pd1"``,
        ``"anti_pdl1"``, ``"anti_ctla4"``, ``"cancer_vaccine"``, ``"anti_pd1_plus_anti_ctla4"``, or
        :class:`~immunolib.models.therapy.Treatment` objects.
    days : float
        Length of the simulation in days, in ``(0, 3650]``.
    initial : Mapping[str, float], optional
        ``{"T": ..., "N": ..., "L": ...}``; default ``T = 10^6`` cells, NK cells at their tumour-free
        level :math:`\\sigma/f`, ``L = 0`` (no tumour-specific CD8+ T cells yet).
    parameter_set : str
        ``"default"`` (= ``"mouse"``), ``"mouse"`` or ``"human"``.
    points_per_day : float
        Output samples per day, in ``[1, 48]``.
    extinction_threshold : float
        Tumour size (cells) below which the tumour is eliminated and set to 0; ``0`` disables it.

    Returns
    -------
    Trajectory
        ``T``, ``N``, ``L`` in cells, time in days.

    Example
    -------
    >>> simulate(days=30).names
    ('T', 'N', 'L')
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
        default_initial={"T": 1e6, "N": p["sigma"] / p["f"], "L": 0.0},
        tumour="T",
        points_per_day=points_per_day,
        extinction_threshold=extinction_threshold,
        plan_params={**p, "L_influx": 0.0},
        meta={"parameter_set": parameter_set},
    )


def kill_rates(trajectory: Trajectory) -> dict[str, np.ndarray]:
    """Tumour cells killed per day by NK cells (innate) and by CD8+ T cells (adaptive).

    Parameters
    ----------
    trajectory : Trajectory
        A result of :func:`simulate`.

    Returns
    -------
    dict
        ``"nk"``: :math:`cNT`, ``"cd8"``: :math:`DT` (cells/day), and their running totals
        ``"nk_total"``, ``"cd8_total"`` (cells, trapezoidal rule), all shaped like ``trajectory.t``.
    """
    if not isinstance(trajectory, Trajectory):
        raise ArgumentTypeError(
            f"argument 'trajectory' must be a Trajectory from {MODEL_ID}.simulate; got {_shown(trajectory)}"
        )
    if trajectory.model != MODEL_ID:
        raise ValueError(f"kill_rates needs a {MODEL_ID} trajectory; got {trajectory.model!r}")
    p = trajectory.parameters
    T, N, L = trajectory["T"], trajectory["N"], trajectory["L"]
    nk = p["c"] * N * T
    cd8 = np.array([lysis_rate(l_, t_, p) * t_ for t_, l_ in zip(T, L)])
    t = trajectory.t
    cum = lambda y: np.concatenate(([0.0], np.cumsum(0.5 * (y[1:] + y[:-1]) * np.diff(t))))  # noqa: E731
    return {"nk": nk, "cd8": cd8, "nk_total": cum(nk), "cd8_total": cum(cd8)}


def compare_immunity(params: Mapping[str, float] | None = None, **kwargs) -> dict[str, Trajectory]:
    """The same tumour with both arms of immunity, innate only, adaptive only, and neither.

    ``"innate_only"`` switches off killing by CD8+ T cells (:math:`d = 0`), ``"adaptive_only"`` switches off
    killing by NK cells (:math:`c = 0`; NK cells still prime CD8+ T cells through :math:`r`), ``"none"``
    both. Keyword arguments go to :func:`simulate`.

    Returns
    -------
    dict
        ``{"both", "innate_only", "adaptive_only", "none"}`` -> Trajectory.
    """
    base = dict(check_mapping("params", params) or {})
    arms = {"both": {}, "innate_only": {"d": 0.0}, "adaptive_only": {"c": 0.0}, "none": {"c": 0.0, "d": 0.0}}
    return {name: simulate({**base, **over}, **kwargs) for name, over in arms.items()}
