"""Regimens for the therapy lab of lesson 07: a dose relative to a reference, a start day and a schedule.

The lab offers a student four levers: the therapy, its dose as a multiple of a reference dose ("× reference",
with 1× marked), the day of the first dose and the schedule. This module turns those levers into the
:class:`~immunolib.models.therapy.Treatment` that the tumour models understand, runs the model (with a cache,
so that moving a control back and forth redraws at once) and finds the smallest dose that eliminates the
tumour.

Reference doses are those of :func:`immunolib.models.therapy.default_schedule`, the course's teaching
defaults: for cells, the number of cells in one dose of the default schedule (Kuznetsov: 10^7 effector
cells); for a checkpoint antibody, blocking half of the signal while a dose acts; for a drug that raises a
rate, doubling it. They are model settings, not clinical doses: no model in the course knows milligrams
per kilogram.

Example
-------
>>> r = Regimen("adoptive_t_cells", dose=0.5, start=0, schedule="single")
>>> tr = simulate_regimen("kuznetsov1994", r)
>>> tr.meta["therapy"]
('adoptive_t_cells',)
>>> outcome("kuznetsov1994", Regimen("adoptive_t_cells", dose=1.0))
'elimination'
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from immunolib.models import registry
from immunolib.models import therapy as _therapy
from immunolib.models.core import Trajectory, check_parameter
from immunolib.models.outcomes import classify_outcome

__all__ = [
    "Regimen",
    "SCHEDULES",
    "START_DAYS",
    "LAB_MODELS",
    "DAYS",
    "reference_dose",
    "dose_unit",
    "max_multiple",
    "treatment",
    "simulate_regimen",
    "outcome",
    "minimum_eliminating_dose",
    "lab_therapies",
]

#: Length of every lab run, in days.
DAYS = 365.0
#: Days of the first dose the lab offers.
START_DAYS = (0, 7, 14, 30, 60)
#: The models the lab can run.
LAB_MODELS = registry.TUMOUR_MODELS

#: Schedule id -> (label, number of doses or None for "until the end of the run", days between doses).
SCHEDULES: dict[str, tuple[str, int | None, float]] = {
    "single": ("one dose", 1, 0.0),
    "four_every_21": ("4 doses, 21 days apart", 4, 21.0),
    "every_21": ("a dose every 21 days until day 365", None, 21.0),
    "every_14": ("a dose every 14 days until day 365", None, 14.0),
}

_KIND_MAX = {"bolus": 10.0, "reduce": 2.0, "increase": 10.0, "infusion": 10.0}


@dataclass(frozen=True)
class Regimen:
    """One setting of the lab's levers.

    Parameters
    ----------
    therapy : str
        A therapy id of ``data/therapies.yaml`` (a combination id gives every part the same regimen).
    dose : float
        Multiple of the therapy's reference dose in the model (``1.0`` is the reference), ``>= 0``.
    start : float
        Day of the first dose, in ``[0, 365)``.
    schedule : str
        A key of :data:`SCHEDULES`.
    """

    therapy: str
    dose: float = 1.0
    start: float = 0.0
    schedule: str = "single"

    def __post_init__(self):
        if not isinstance(self.therapy, str):
            raise ValueError(f"therapy must be a therapy id; got {self.therapy!r}")
        check_parameter("dose", self.dose, 0.0, 10.0)
        check_parameter("start", self.start, 0.0, DAYS, high_inclusive=False)
        if self.schedule not in SCHEDULES:
            raise ValueError(f"schedule must be one of {', '.join(SCHEDULES)}; got {self.schedule!r}")


def _check_model(model_id: str) -> None:
    if model_id not in LAB_MODELS:
        raise ValueError(f"model must be one of {', '.join(LAB_MODELS)}; got {model_id!r}")


def _parts(therapy_id: str) -> tuple[str, ...]:
    return _therapy.COMBINATIONS.get(therapy_id, (therapy_id,))


def lab_therapies(model_id: str) -> tuple[str, ...]:
    """The therapies (combinations last) that ``model_id`` can represent in the lab."""
    _check_model(model_id)
    ids = _therapy.supported_therapies(model_id)
    return tuple(sorted(ids, key=lambda t: (t in _therapy.COMBINATIONS, t)))


def _kind(therapy_id: str, model_id: str) -> str:
    eff = _therapy._effect(therapy_id, model_id)
    return "bolus" if eff.kind == "infusion" else eff.kind


def reference_dose(therapy_id: str, model_id: str) -> float:
    """The reference ("1×") dose of a single therapy in a model, in the unit of :func:`dose_unit`.

    Cells: the cells in one dose of the teaching default (``1e7`` in Kuznetsov); a checkpoint antibody:
    ``0.5`` (half of the signal blocked); a drug that raises a rate: ``1.0`` (the rate doubled).

    Example
    -------
    >>> reference_dose("adoptive_t_cells", "kuznetsov1994"), reference_dose("anti_pd1", "kuznetsov1994")
    (10000000.0, 0.5)
    """
    _check_model(model_id)
    kind = _kind(therapy_id, model_id)
    if kind == "reduce":
        return 0.5
    if kind == "increase":
        return 1.0
    default = _therapy._DEFAULTS.get(therapy_id, {}).get(model_id)
    if default is None:
        raise ValueError(f"therapy {therapy_id!r} has no reference dose in model {model_id!r}")
    if default.infusion:
        # a continuous source rate (per day) given as one dose of 21 days' worth
        return float(default.dose) * 21.0
    return float(default.dose)


def dose_unit(therapy_id: str, model_id: str) -> str:
    """What the reference dose of a single therapy means, in words (for the label beside the slider)."""
    kind = _kind(therapy_id, model_id)
    ref = reference_dose(therapy_id, model_id)
    if kind == "reduce":
        return "1× = half of the checkpoint signal blocked while a dose acts (2× = all of it)"
    if kind == "increase":
        return "1× = the targeted rate doubled while a dose acts"
    target = _therapy._effect(therapy_id, model_id).bolus_target
    what = "IL-2 units" if target == "IL" else "cells"
    return f"1× = {ref:.3g} {what} added per dose"


def max_multiple(therapy_id: str, model_id: str) -> float:
    """The largest multiple of the reference the lab offers: at most 10×, and never beyond the model's
    documented dose range (:data:`immunolib.models.therapy.DOSE_RANGES`): 2× for a blockade (100 % blocked),
    3× for a drug that raises a rate (the rate at most quadrupled).

    Example
    -------
    >>> max_multiple("anti_pd1", "kuznetsov1994"), max_multiple("anti_ctla4", "kuznetsov1994")
    (2.0, 3.0)
    """
    tops = []
    for p in _parts(therapy_id):
        kind = _kind(p, model_id)
        tops.append(min(_KIND_MAX[kind], _therapy.DOSE_RANGES[kind][1] / reference_dose(p, model_id)))
    return float(min(tops))


def treatment(model_id: str, regimen: Regimen) -> tuple[_therapy.Treatment, ...]:
    """The :class:`~immunolib.models.therapy.Treatment` objects that a regimen gives in a model."""
    _check_model(model_id)
    parts = _parts(regimen.therapy)
    for p in parts:
        _therapy._effect(p, model_id)  # raises a ValueError naming the therapy and the model
    top = max_multiple(regimen.therapy, model_id)
    check_parameter(f"dose of {regimen.therapy} (× reference)", regimen.dose, 0.0, top)
    _, n, interval = SCHEDULES[regimen.schedule]
    if n is None:
        n = max(1, int(math.floor((DAYS - 1e-9 - regimen.start) / interval)) + 1)
    out = []
    for p in parts:
        dose = regimen.dose * reference_dose(p, model_id)
        if _kind(p, model_id) == "reduce":
            dose = min(dose, 1.0)
        out.append(
            _therapy.Treatment(
                p, _therapy.Schedule(start=float(regimen.start), dose=float(dose), interval=float(interval), n_doses=n)
            )
        )
    return tuple(out)


def _module(model_id: str):
    return registry.module(model_id, among=LAB_MODELS)


@functools.lru_cache(maxsize=2048)
def _run(model_id: str, regimen: Regimen | None) -> Trajectory:
    therapy = None if regimen is None or regimen.dose == 0 else list(treatment(model_id, regimen))
    return _module(model_id).simulate(therapy=therapy, days=DAYS)


def simulate_regimen(model_id: str, regimen: Regimen | None = None) -> Trajectory:
    """Run a lab model for 365 days with a regimen (``None``: untreated). Results are cached.

    Parameters
    ----------
    model_id : str
        One of :data:`LAB_MODELS`.
    regimen : Regimen or None

    Returns
    -------
    Trajectory

    Raises
    ------
    ValueError
        An unknown model, a therapy the model cannot represent, or a dose above what the model allows.
    """
    _check_model(model_id)
    if regimen is not None:
        if not isinstance(regimen, Regimen):
            raise ValueError(f"regimen must be a Regimen or None; got {regimen!r}")
        regimen = Regimen(regimen.therapy, round(float(regimen.dose), 4), float(regimen.start), regimen.schedule)
        treatment(model_id, regimen)  # validate before the cache sees it
    return _run(model_id, regimen)


def outcome(model_id: str, regimen: Regimen | None = None) -> str:
    """Elimination, equilibrium or escape (:func:`~immunolib.models.outcomes.classify_outcome`) of a regimen."""
    return classify_outcome(simulate_regimen(model_id, regimen))


def minimum_eliminating_dose(
    model_id: str,
    therapy: str,
    *,
    start: float = 0.0,
    schedule: str = "single",
    step: float = 0.01,
    high: float | None = None,
) -> float | None:
    """The smallest dose, on a grid of ``step`` × reference, at which the tumour is eliminated.

    Scans upward from ``step``; returns ``None`` if even ``high`` (default: the largest allowed multiple)
    does not eliminate the tumour. The answer is checked from both sides: the returned dose eliminates
    and the one a step below does not.

    Example
    -------
    >>> minimum_eliminating_dose("kuznetsov1994", "adoptive_t_cells")
    0.9
    """
    _check_model(model_id)
    step = check_parameter("step", step, 0.0, 1.0, low_inclusive=False)
    top = max_multiple(therapy, model_id) if high is None else check_parameter("high", high, 0.0, 10.0)
    n = int(round(top / step))
    grid = [round(k * step, 6) for k in range(1, n + 1)]

    def eliminates(d):
        return outcome(model_id, Regimen(therapy, d, start, schedule)) == "elimination"

    if not eliminates(grid[-1]):
        return None
    lo, hi = -1, len(grid) - 1  # eliminates(grid[hi]) is True; grid[lo] (lo = -1: dose 0) is not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if eliminates(grid[mid]):
            hi = mid
        else:
            lo = mid
    # the bisection assumes one threshold; walk down in case elimination is not monotone near it
    while hi > 0 and eliminates(grid[hi - 1]):
        hi -= 1
    return grid[hi]
