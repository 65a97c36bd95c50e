r"""The Kuznetsov (1994) tumour--effector model as a phase plane: nullclines, flow, and where each start ends.

Lesson 06 draws the two populations of :mod:`immunolib.models.kuznetsov` -- tumour cells :math:`T` and
effector cells :math:`E` -- as one point moving in a plane. This module computes everything that picture
needs, with numpy only (no plotting):

* :func:`nullclines` -- the curves where one population stops changing. ``dT/dt = 0`` on the line
  :math:`E = (a/n)(1 - bT)` (and on :math:`T = 0`); ``dE/dt = 0`` on
  :math:`E = s / (d + mT - pT/(g + T))` where that denominator is positive. Where it is not, the tumour
  stimulates effector cells faster than they die or are inactivated, and :math:`E` grows whatever its level:
  that stretch of :math:`T` has no effector nullcline (NaN).
* :func:`flow_field` -- the direction of motion at grid points, in the plot's coordinates
  (:math:`\log_{10} T` per day and effector cells per day).
* :func:`simulate_starts` -- many starts integrated at once (a fixed-step fourth-order Runge--Kutta in
  :math:`\ln T`, vectorised over the starts), with the same extinction rule as
  :func:`immunolib.models.core.solve`: a tumour below one cell is gone and stays at 0. Tests check it
  against :func:`immunolib.models.kuznetsov.simulate`.
* :func:`portrait` -- the grid of starts that lesson 06's phase-plane app offers, each run once and cached,
  with its fate (elimination / equilibrium / escape, the rule of
  :func:`immunolib.models.outcomes.classify_outcome`).
* :func:`mechanism_parameters` -- the parameters of a model with one tumour escape mechanism of
  ``data/escape_mechanisms.yaml`` applied (a stated factor on one model term: a teaching assumption).

Example
-------
>>> nc = nullclines(tumour=[1e6, 1e8])
>>> [round(float(e) / 1e6, 2) for e in nc.tumour_stops]
[1.63, 1.31]
>>> p = portrait()
>>> p.fate(tumour=1e8, effector=0.0)
'escape'
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from immunolib.models import kuznetsov, registry
from immunolib.models.core import check_parameter, resolve_parameters
from immunolib.models.outcomes import OUTCOMES

__all__ = [
    "Nullclines",
    "nullclines",
    "flow_field",
    "StartsRun",
    "simulate_starts",
    "fates",
    "Portrait",
    "portrait",
    "TUMOUR_STARTS",
    "EFFECTOR_STARTS",
    "DAYS",
    "OUTCOME_STARTS",
    "mechanism_parameters",
    "mechanism",
    "MECHANISM_COLLECTION",
]

#: Days every phase-plane run lasts (long enough for the dormant spiral to show its cycles).
DAYS = 600.0
#: Starting tumour sizes the phase-plane app offers: 1 cell to about 3 x 10^8 cells, half a decade apart.
TUMOUR_STARTS = tuple(float(f"{10 ** (k / 2):.4g}") for k in range(0, 18))
#: Starting effector levels the app offers: 0 to 5 x 10^6 cells in steps of 0.25 x 10^6.
EFFECTOR_STARTS = tuple(float(k * 250_000) for k in range(0, 21))
#: Three starts whose runs show the three outcomes with the paper's parameters (lesson 06, pre-training).
#: ``None`` for the effector level means the tumour-free level s/d (about 0.32 x 10^6 cells).
OUTCOME_STARTS = {
    "elimination": {"T": 10.0, "E": 4.0e6},
    "equilibrium": {"T": 1.0e6, "E": None},
    "escape": {"T": 1.0e8, "E": None},
}
#: The data collection that maps escape mechanisms to model terms.
MECHANISM_COLLECTION = "escape_mechanisms"


def _params(params: Mapping[str, float] | None, parameter_set: str = "default") -> dict[str, float]:
    return resolve_parameters(kuznetsov.MODEL_ID, params, parameter_set)


def _positive_array(name: str, values, low: float = 0.0) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(values, dtype=float))
    if arr.ndim != 1 or len(arr) == 0 or not np.all(np.isfinite(arr)) or np.any(arr < low):
        raise ValueError(f"{name} must be a non-empty list of finite numbers >= {low:g}; got {values!r}")
    return arr


@dataclass(frozen=True)
class Nullclines:
    """Both nullclines of the Kuznetsov model over a range of tumour sizes (cells).

    ``tumour_stops[i]`` is the effector level at which the tumour of size ``tumour[i]`` stops changing;
    ``effector_stops[i]`` the effector level at which effector cells stop changing (NaN: nowhere, because
    there effector cells grow at any level).
    """

    tumour: np.ndarray
    tumour_stops: np.ndarray
    effector_stops: np.ndarray


def nullclines(params: Mapping[str, float] | None = None, *, tumour=None, parameter_set: str = "default") -> Nullclines:
    """The nullclines of the Kuznetsov model: where the tumour, and where the effector cells, stop changing.

    Parameters
    ----------
    params : Mapping[str, float], optional
        Overrides of the paper's parameters (validated against their ranges).
    tumour : sequence of float, optional
        Tumour sizes (cells, > 0); default 400 sizes from 1 cell to the carrying capacity 1/b, evenly
        spaced on a log scale.
    parameter_set : str

    Returns
    -------
    Nullclines
        Effector levels in cells. ``tumour_stops`` is negative beyond the carrying capacity (no tumour
        nullcline there with :math:`E \\ge 0`); it is reported as is, so a figure can cut it.

    Example
    -------
    >>> nc = nullclines(tumour=[1.0])
    >>> round(nc.effector_stops[0])      # with one tumour cell, effector cells settle near s/d
    315534
    """
    p = _params(params, parameter_set)
    if tumour is None:
        tumour = np.logspace(0.0, math.log10(1.0 / p["b"]), 400)
    T = _positive_array("tumour", tumour)
    if np.any(T <= 0):
        raise ValueError("tumour sizes must be > 0 cells (the axis is logarithmic)")
    tumour_stops = (p["a"] / p["n"]) * (1.0 - p["b"] * T) if p["n"] > 0 else np.full_like(T, np.inf)
    denom = p["d"] + p["m"] * T - p["p"] * T / (p["g"] + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        effector_stops = np.where(denom > 0, p["s"] / np.where(denom > 0, denom, 1.0), np.nan)
    return Nullclines(T, tumour_stops, effector_stops)


def flow_field(
    params: Mapping[str, float] | None = None, *, tumour, effector, parameter_set: str = "default"
) -> tuple[np.ndarray, np.ndarray]:
    """How fast the state moves at each grid point, in the coordinates of a plot with a log tumour axis.

    Parameters
    ----------
    params : Mapping[str, float], optional
    tumour : sequence of float
        Tumour sizes (cells, > 0): the grid's columns.
    effector : sequence of float
        Effector levels (cells, >= 0): the grid's rows.
    parameter_set : str

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``d(log10 T)/dt`` (decades per day) and ``dE/dt`` (cells per day), each of shape
        ``(len(effector), len(tumour))``.

    Example
    -------
    >>> dlogT, dE = flow_field(tumour=[1e8], effector=[0.0])
    >>> bool(dlogT[0, 0] > 0)           # a large tumour with no effector cells grows
    True
    """
    p = _params(params, parameter_set)
    T = _positive_array("tumour", tumour)
    if np.any(T <= 0):
        raise ValueError("tumour sizes must be > 0 cells (the axis is logarithmic)")
    E = _positive_array("effector", effector)
    TT, EE = np.meshgrid(T, E)
    dE = p["s"] + p["p"] * EE * TT / (p["g"] + TT) - p["m"] * EE * TT - p["d"] * EE
    dlogT = (p["a"] * (1.0 - p["b"] * TT) - p["n"] * EE) / math.log(10.0)
    return dlogT, dE


@dataclass(frozen=True)
class StartsRun:
    """Many runs of the Kuznetsov model from different starts, sampled once a day.

    ``tumour`` and ``effector`` have shape ``(len(starts), len(t))`` (cells); a tumour that fell below one
    cell is 0 from then on, and ``extinct[i]`` is the day that happened (NaN if it did not).
    """

    t: np.ndarray
    tumour: np.ndarray
    effector: np.ndarray
    extinct: np.ndarray
    carrying_capacity: float


def simulate_starts(
    starts: Sequence[Mapping[str, float]],
    params: Mapping[str, float] | None = None,
    *,
    days: float = DAYS,
    dt: float = 0.05,
    parameter_set: str = "default",
) -> StartsRun:
    """Run the Kuznetsov model from many starts at once (fixed-step RK4 in ln T, vectorised).

    Parameters
    ----------
    starts : sequence of mapping
        Each ``{"T": tumour cells, "E": effector cells}``, both finite and >= 0.
    params : Mapping[str, float], optional
    days : float
        Length of every run, in ``(0, 3650]`` days; samples are taken once a day.
    dt : float
        Integration step in days, in ``[0.005, 0.25]``.
    parameter_set : str

    Returns
    -------
    StartsRun

    Example
    -------
    >>> run = simulate_starts([{"T": 1e8, "E": 0.0}], days=300)
    >>> bool(run.tumour[0, -1] > 4e8)
    True
    """
    p = _params(params, parameter_set)
    days = check_parameter("days", days, 0.0, 3650.0, low_inclusive=False)
    dt = check_parameter("dt", dt, 0.005, 0.25)
    if isinstance(starts, Mapping) or not len(starts):
        raise ValueError("starts must be a non-empty list of {'T': cells, 'E': cells} mappings")
    T0, E0 = [], []
    for i, s in enumerate(starts):
        if not isinstance(s, Mapping) or set(s) - {"T", "E"} or "T" not in s or "E" not in s:
            raise ValueError(f"starts[{i}] must be a mapping with keys 'T' and 'E'; got {s!r}")
        T0.append(check_parameter(f"starts[{i}]['T']", s["T"], 0.0, 1e13))
        E0.append(check_parameter(f"starts[{i}]['E']", s["E"], 0.0, 1e13))
    s_, d_, pp, g_, m_, n_, a_, b_ = (p[k] for k in ("s", "d", "p", "g", "m", "n", "a", "b"))
    E = np.array(E0)
    T0 = np.array(T0)
    alive = T0 >= 1.0
    lT = np.where(alive, np.log(np.maximum(T0, 1.0)), 0.0)
    extinct = np.where(alive, np.nan, 0.0)

    def f(E, lT, alive):
        T = np.where(alive, np.exp(lT), 0.0)
        dE = s_ + pp * E * T / (g_ + T) - m_ * E * T - d_ * E
        dl = a_ * (1.0 - b_ * T) - n_ * E
        return dE, dl

    n_days = int(math.floor(days)) + (0 if float(days).is_integer() else 1)
    t = np.minimum(np.arange(n_days + 1, dtype=float), days)
    sub = max(1, int(round(1.0 / dt)))
    out_T = np.empty((len(E), len(t)))
    out_E = np.empty((len(E), len(t)))
    out_T[:, 0] = np.where(alive, np.exp(lT), 0.0)
    out_E[:, 0] = E
    now = 0.0
    for k in range(1, len(t)):
        step = (t[k] - t[k - 1]) / sub
        for _ in range(sub):
            k1 = f(E, lT, alive)
            k2 = f(E + 0.5 * step * k1[0], lT + 0.5 * step * k1[1], alive)
            k3 = f(E + 0.5 * step * k2[0], lT + 0.5 * step * k2[1], alive)
            k4 = f(E + step * k3[0], lT + step * k3[1], alive)
            newE = E + step / 6.0 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
            newlT = lT + step / 6.0 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
            died = alive & (newlT < 0.0)
            if np.any(died):  # crossing time by linear interpolation of ln T, as core.solve does
                frac = np.clip(lT[died] / np.where(lT[died] - newlT[died] > 0, lT[died] - newlT[died], 1.0), 0, 1)
                extinct[died] = now + frac * step
            alive = alive & ~died
            E, lT = np.maximum(newE, 0.0), np.where(alive, newlT, 0.0)
            now += step
        out_T[:, k] = np.where(alive, np.exp(lT), 0.0)
        out_E[:, k] = E
    return StartsRun(t, out_T, out_E, extinct, 1.0 / b_)


def fates(run: StartsRun, *, escape_fraction: float = 0.5, window: float = 0.2) -> tuple[str, ...]:
    """Elimination, equilibrium or escape for every run, by the rule of
    :func:`immunolib.models.outcomes.classify_outcome` (gone at the end; or never below
    ``escape_fraction`` of the carrying capacity over the last ``window`` of the time; or else held)."""
    check_parameter("escape_fraction", escape_fraction, 0.0, 1.0, low_inclusive=False)
    check_parameter("window", window, 0.0, 1.0, low_inclusive=False)
    late = run.t >= run.t[-1] - window * (run.t[-1] - run.t[0])
    out = []
    for row in run.tumour:
        if row[-1] == 0.0:
            out.append(OUTCOMES[0])
        elif row[late].min() >= escape_fraction * run.carrying_capacity:
            out.append(OUTCOMES[2])
        else:
            out.append(OUTCOMES[1])
    return tuple(out)


@dataclass(frozen=True)
class Portrait:
    """Every start the phase-plane app offers, run once: ``fate_grid[i][j]`` and ``run`` row
    ``i * len(tumour) + j`` belong to ``effector[i]`` and ``tumour[j]``."""

    tumour: tuple
    effector: tuple
    run: StartsRun
    fate_grid: tuple
    params: Mapping[str, float]

    def index(self, *, tumour: float, effector: float) -> int:
        """Row of ``run`` for a start on the grid (``ValueError`` naming the offered values otherwise)."""
        if tumour not in self.tumour:
            raise ValueError(
                f"tumour must be one of the offered starts {', '.join(f'{v:g}' for v in self.tumour)}; got {tumour!r}"
            )
        if effector not in self.effector:
            raise ValueError(
                f"effector must be one of the offered starts "
                f"{', '.join(f'{v:g}' for v in self.effector)}; got {effector!r}"
            )
        return self.effector.index(effector) * len(self.tumour) + self.tumour.index(tumour)

    def fate(self, *, tumour: float, effector: float) -> str:
        """Where the run from this start ends: ``"elimination"``, ``"equilibrium"`` or ``"escape"``."""
        i = self.index(tumour=tumour, effector=effector)
        return self.fate_grid[i // len(self.tumour)][i % len(self.tumour)]

    def trajectory(self, *, tumour: float, effector: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(t, tumour cells, effector cells)`` of the run from this start."""
        i = self.index(tumour=tumour, effector=effector)
        return self.run.t, self.run.tumour[i], self.run.effector[i]

    def extinct_day(self, *, tumour: float, effector: float) -> float | None:
        """The day the tumour fell below one cell, or ``None``."""
        day = self.run.extinct[self.index(tumour=tumour, effector=effector)]
        return None if math.isnan(day) else float(day)

    def nearest(self, *, log10_tumour: float, effector: float) -> tuple[float, float]:
        """The offered start nearest to a point of the plane (tumour axis in decades, effector in cells)."""
        lt = min(self.tumour, key=lambda v: abs(math.log10(v) - log10_tumour))
        ee = min(self.effector, key=lambda v: abs(v - effector))
        return lt, ee


@functools.lru_cache(maxsize=16)
def _portrait(items: tuple, days: float) -> Portrait:
    params = dict(items)
    starts = [{"T": T, "E": E} for E in EFFECTOR_STARTS for T in TUMOUR_STARTS]
    run = simulate_starts(starts, params, days=days)
    flat = fates(run)
    nT = len(TUMOUR_STARTS)
    grid = tuple(tuple(flat[i * nT : (i + 1) * nT]) for i in range(len(EFFECTOR_STARTS)))
    return Portrait(TUMOUR_STARTS, EFFECTOR_STARTS, run, grid, params)


def portrait(params: Mapping[str, float] | None = None, *, days: float = DAYS) -> Portrait:
    """Every start of :data:`TUMOUR_STARTS` x :data:`EFFECTOR_STARTS`, run for ``days`` days (cached).

    The first call takes about a second; later calls with the same parameters return the cached result.
    """
    p = _params(params)
    days = check_parameter("days", days, 0.0, 3650.0, low_inclusive=False)
    return _portrait(tuple(sorted(p.items())), days)


# --------------------------------------------------------------------------------------------------
# Escape mechanisms (data/escape_mechanisms.yaml): one stated factor on one model term each.
# --------------------------------------------------------------------------------------------------


def mechanism(mechanism_id: str):
    """The record of one escape mechanism (``ValueError`` naming the known ids for an unknown one)."""
    from immunolib import content

    known = [r.id for r in content.collection(MECHANISM_COLLECTION)]
    if mechanism_id not in known:
        raise ValueError(f"mechanism must be one of {', '.join(known)}; got {mechanism_id!r}")
    return content.record(MECHANISM_COLLECTION, mechanism_id)


def mechanism_parameters(
    mechanism_id: str, model: str = kuznetsov.MODEL_ID, *, parameter_set: str = "default"
) -> dict[str, float]:
    """The parameter overrides that stand for one escape mechanism in one model.

    Each model term of the mechanism multiplies the paper's value of one parameter by a stated factor
    (a teaching assumption, stated with its caveat in the data file).

    Parameters
    ----------
    mechanism_id : str
        An id of ``data/escape_mechanisms.yaml`` (``"none"`` gives no override).
    model : str
        ``"kuznetsov1994"`` or ``"depillis2005"``.
    parameter_set : str

    Returns
    -------
    dict
        Parameter name -> new value (validated against the parameter's range).

    Example
    -------
    >>> over = mechanism_parameters("mhc_class_i_loss")
    >>> round(over["n"] / 1.101e-7, 2)
    0.3
    """
    if model not in (kuznetsov.MODEL_ID, "depillis2005"):
        raise ValueError(f"model must be one of kuznetsov1994, depillis2005; got {model!r}")
    record = mechanism(mechanism_id)
    base = resolve_parameters(model, None, parameter_set)
    over = {}
    for term in record.model_terms:
        if term.model != model:
            continue
        if term.parameter not in base:
            raise ValueError(
                f"escape mechanism {mechanism_id!r}: {registry.MODULES[model].__name__} has no parameter "
                f"{term.parameter!r}"
            )
        over[term.parameter] = base[term.parameter] * float(term.factor)
    resolve_parameters(model, over, parameter_set)  # range check, with the parameter named
    return over
