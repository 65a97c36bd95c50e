"""Treatment schedules and how each therapy enters each model.

A therapy is given to a model as a :class:`Treatment`: the id of a therapy in ``data/therapies.yaml`` and a
:class:`Schedule` (start day, dose, interval, number of doses, or a continuous infusion). :func:`plan`
turns treatments into what the solver understands: instantaneous additions to a population (a bolus of
cells) and time windows in which some parameters change (a drug acting).

How each real therapy is represented in each model is written down twice, on purpose: in words, with a
source and a caveat, in ``data/therapies.yaml`` (for students), and as the table :data:`MAPPINGS` below
(for the solver). A test checks that the two agree.

Every mapping is a teaching simplification. The kinds of effect are:

``bolus``
    Each dose adds ``dose`` to a population at the dose time (adoptive transfer of cells, an injection
    of IL-2). Unit: the population's unit.
``infusion``
    While the infusion runs, ``dose`` is added to a source-rate parameter (Kirschner & Panetta's ``s1`` and
    ``s2`` are exactly this). Unit: the population's unit per day.
``reduce``
    While a dose acts, a rate parameter is multiplied by ``1 - dose``: ``dose`` is the fraction of the
    checkpoint signal blocked, in ``[0, 1]`` (anti-PD-1 / anti-PD-L1 lower the inactivation of effector
    cells by the tumour).
``increase``
    While a dose acts, a rate parameter is multiplied by ``1 + dose``: ``dose`` is the relative increase,
    in ``[0, 3]`` (anti-CTLA-4 raises priming; a vaccine raises antigenicity or recruitment). Up to a fourfold
    rate keeps every model bounded; a larger one can make de Pillis's CD8+ T cells grow without limit.

Two treatments acting on the same parameter at the same time combine multiplicatively (``reduce`` and
``increase``) or additively (``infusion``).

Example
-------
>>> s = Schedule(start=7, dose=1e7, interval=7, n_doses=3)
>>> s.dose_times()
(7.0, 14.0, 21.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from immunolib.models.core import (
    ArgumentTypeError,
    Jump,
    Segment,
    Trajectory,
    _shown,
    check_initial,
    check_parameter,
    check_text,
    solve,
    time_grid,
)

__all__ = [
    "Schedule",
    "Treatment",
    "Effect",
    "Plan",
    "MAPPINGS",
    "DOSE_RANGES",
    "plan",
    "treatments",
    "simulate_tumour_model",
    "default_schedule",
    "supported_therapies",
]


@dataclass(frozen=True)
class Schedule:
    """When and how much of a therapy is given.

    Parameters
    ----------
    start : float
        Day of the first dose (or of the start of the infusion), ``>= 0``.
    dose : float
        Amount per dose; its unit and allowed range depend on the kind of effect (see the module
        docstring and :data:`DOSE_RANGES`): cells, cells/day, a fraction of blockade or a relative increase.
    interval : float
        Days between doses; must be ``> 0`` when ``n_doses > 1``.
    n_doses : int
        Number of doses, ``>= 1``.
    infusion : bool
        If true, the therapy is a continuous infusion at rate ``dose`` per day for ``duration`` days
        (``n_doses`` must then be 1).
    duration : float, optional
        How long each dose acts (drugs) or how long the infusion runs, in days. ``None`` means: until the
        next dose (``interval``) for repeated doses, 21 days for a single drug dose (the usual dosing
        interval of checkpoint antibodies), and until the end of the simulation for an infusion.

    Raises
    ------
    ValueError
        A negative or non-finite number, a fractional or zero number of doses, repeated doses with no
        interval, or an infusion given as several doses.
    """

    start: float = 0.0
    dose: float = 1.0
    interval: float = 0.0
    n_doses: int = 1
    infusion: bool = False
    duration: float | None = None

    def __post_init__(self):
        # numbers are stored as floats (a numpy number or an int becomes a float; text is refused by name)
        object.__setattr__(self, "start", check_parameter("start", self.start, 0.0, 3650.0))
        object.__setattr__(self, "dose", check_parameter("dose", self.dose, 0.0, 1e12))
        object.__setattr__(self, "interval", check_parameter("interval", self.interval, 0.0, 3650.0))
        if isinstance(self.n_doses, bool) or not isinstance(self.n_doses, int):
            raise ArgumentTypeError(
                f"parameter 'n_doses' must be a whole number in [1, 1000]; got {_shown(self.n_doses)}"
            )
        if not 1 <= self.n_doses <= 1000:
            raise ValueError(f"parameter 'n_doses' must be a whole number in [1, 1000]; got {self.n_doses!r}")
        if not isinstance(self.infusion, bool):
            raise ArgumentTypeError(f"parameter 'infusion' must be True or False; got {_shown(self.infusion)}")
        if self.n_doses > 1 and not self.interval > 0:
            raise ValueError(
                f"parameter 'interval' must be in (0, 3650] when n_doses > 1; "
                f"got {self.interval:g} with n_doses={self.n_doses}"
            )
        if self.infusion and self.n_doses != 1:
            raise ValueError(f"parameter 'n_doses' must be 1 for a continuous infusion; got {self.n_doses}")
        if self.duration is not None:
            object.__setattr__(
                self, "duration", check_parameter("duration", self.duration, 0.0, 3650.0, low_inclusive=False)
            )

    def dose_times(self) -> tuple[float, ...]:
        """The day of every dose."""
        return tuple(float(self.start + k * self.interval) for k in range(self.n_doses))

    def windows(self, days: float) -> tuple[tuple[float, float], ...]:
        """``(start, end)`` of each period in which the therapy acts, clipped to ``[0, days]``."""
        if self.infusion:
            end = self.start + self.duration if self.duration is not None else days
            return ((float(self.start), float(min(end, days))),) if self.start < days else ()
        if self.duration is not None:
            length = self.duration
        elif self.n_doses > 1:
            length = self.interval
        else:
            length = 21.0
        out = []
        for t0 in self.dose_times():
            if t0 < days:
                out.append((t0, float(min(t0 + length, days))))
        return tuple(out)


@dataclass(frozen=True)
class Treatment:
    """A therapy (an id from ``data/therapies.yaml``) given on a schedule."""

    therapy: str
    schedule: Schedule

    def __post_init__(self):
        check_text("therapy", self.therapy)
        if not isinstance(self.schedule, Schedule):
            raise ArgumentTypeError(f"Treatment.schedule must be a Schedule; got {_shown(self.schedule)}")


@dataclass(frozen=True)
class Effect:
    """How one therapy enters one model: ``kind`` (bolus, infusion, reduce, increase) and ``target``.

    ``target`` is a population name for a ``bolus`` and a parameter name otherwise. For ``infusion`` the
    ``bolus_target`` is the population that a non-infusion schedule adds to.
    """

    kind: str
    target: str
    bolus_target: str | None = None


#: therapy id -> model id -> Effect. Mirrors ``model_terms`` in data/therapies.yaml (a test checks it).
MAPPINGS: dict[str, dict[str, Effect]] = {
    "adoptive_t_cells": {
        "kuznetsov1994": Effect("infusion", "s", bolus_target="E"),
        "kirschner1998": Effect("infusion", "s1", bolus_target="E"),
        "depillis2005": Effect("infusion", "L_influx", bolus_target="L"),
    },
    "car_t": {
        "kuznetsov1994": Effect("infusion", "s", bolus_target="E"),
        "kirschner1998": Effect("infusion", "s1", bolus_target="E"),
        "depillis2005": Effect("infusion", "L_influx", bolus_target="L"),
    },
    "il2": {"kirschner1998": Effect("infusion", "s2", bolus_target="IL")},
    "anti_pd1": {
        "kuznetsov1994": Effect("reduce", "m"),
        "kirschner1998": Effect("reduce", "mu2"),
        "depillis2005": Effect("reduce", "q"),
    },
    "anti_pdl1": {
        "kuznetsov1994": Effect("reduce", "m"),
        "kirschner1998": Effect("reduce", "mu2"),
        "depillis2005": Effect("reduce", "q"),
    },
    "anti_ctla4": {
        "kuznetsov1994": Effect("increase", "p"),
        "kirschner1998": Effect("increase", "c"),
        "depillis2005": Effect("increase", "r"),
    },
    "cancer_vaccine": {
        "kuznetsov1994": Effect("increase", "s"),
        "kirschner1998": Effect("increase", "c"),
        "depillis2005": Effect("increase", "j"),
    },
}

#: Combinations: therapy id -> the ids it combines (mirrors ``combines`` in data/therapies.yaml).
COMBINATIONS: dict[str, tuple[str, ...]] = {
    "act_plus_il2": ("adoptive_t_cells", "il2"),
    "anti_pd1_plus_anti_ctla4": ("anti_pd1", "anti_ctla4"),
}

#: Allowed dose range by kind of effect (bolus: cells or IL-2 units; infusion: per day).
DOSE_RANGES: dict[str, tuple[float, float]] = {
    "bolus": (0.0, 1e11),
    "infusion": (0.0, 1e10),
    "reduce": (0.0, 1.0),
    "increase": (0.0, 3.0),  # larger: de Pillis's CD8+ T cells can grow without limit (a test checks)
}

# Teaching defaults used when a therapy is named without a schedule. They are illustrative settings that
# show the effect within a year, not clinical doses.
_DEFAULTS: dict[str, dict[str, Schedule]] = {
    "adoptive_t_cells": {
        "kuznetsov1994": Schedule(start=0.0, dose=1e7, n_doses=1),
        "kirschner1998": Schedule(start=0.0, dose=600.0, infusion=True),
        "depillis2005": Schedule(start=7.0, dose=1e9, n_doses=1),
    },
    "il2": {"kirschner1998": Schedule(start=0.0, dose=1e5, infusion=True)},
}
# CAR T cells: the same reference dose as adoptive transfer, on purpose. The three models cannot tell a CAR T
# cell from any other killer cell (data/therapies.yaml, car_t caveat; the same model terms as
# adoptive_t_cells), so one transfer of CAR T cells is one transfer of effector cells. Without this entry a
# CAR-T run fell back to the drug default (a dose of 1 cell every 21 days).
_DEFAULTS["car_t"] = dict(_DEFAULTS["adoptive_t_cells"])
_DEFAULT_CHECKPOINT = dict(start=0.0, dose=0.5, interval=21.0)
_DEFAULT_INCREASE = dict(start=0.0, dose=1.0, interval=21.0)


def _therapy_ids() -> set[str]:
    from immunolib import content  # content.py is the only reader of the data folder

    return {t.id for t in content.therapies()}


def supported_therapies(model_id: str) -> tuple[str, ...]:
    """Ids of the therapies that ``model_id`` can represent (combinations included), sorted."""
    check_text("model_id", model_id)
    single = {tid for tid, m in MAPPINGS.items() if model_id in m}
    combos = {cid for cid, parts in COMBINATIONS.items() if all(p in single for p in parts)}
    return tuple(sorted(single | combos))


def default_schedule(therapy_id: str, model_id: str, days: float) -> Schedule:
    """The teaching-default schedule of a single (not combination) therapy in a model.

    Cells: one bolus (or, in Kirschner & Panetta, the paper's continuous infusion ``s1``); drugs: a dose
    every 21 days for the whole simulation, blocking half of the checkpoint signal or doubling the
    targeted rate.
    """
    check_text("therapy_id", therapy_id)
    check_text("model_id", model_id)
    days = check_parameter("days", days, 0.0, 3650.0, low_inclusive=False)
    effect = _effect(therapy_id, model_id)
    if therapy_id in _DEFAULTS and model_id in _DEFAULTS[therapy_id]:
        return _DEFAULTS[therapy_id][model_id]
    base = _DEFAULT_CHECKPOINT if effect.kind == "reduce" else _DEFAULT_INCREASE
    n = max(1, int(math.ceil(days / base["interval"])))
    return Schedule(n_doses=n, **base)


def _effect(therapy_id: str, model_id: str) -> Effect:
    if therapy_id not in MAPPINGS:
        raise ValueError(
            f"unknown therapy {therapy_id!r}; expected one of {', '.join(sorted(set(MAPPINGS) | set(COMBINATIONS)))}"
        )
    try:
        return MAPPINGS[therapy_id][model_id]
    except KeyError:
        raise ValueError(
            f"therapy {therapy_id!r} has no representation in model {model_id!r}; "
            f"therapies it supports: {', '.join(supported_therapies(model_id)) or 'none'}"
        ) from None


def treatments(therapy, model_id: str, days: float) -> tuple[Treatment, ...]:
    """Normalise the ``therapy=`` argument of a model into a tuple of :class:`Treatment`.

    Parameters
    ----------
    therapy : None, str, Treatment or sequence of them
        ``None`` (no treatment), a therapy id (given on its default schedule; a combination id expands
        into its parts), a :class:`Treatment`, or a list of those (a combination with schedules of your
        choice).
    model_id : str
    days : float
        Length of the simulation (for default schedules).

    Raises
    ------
    ValueError
        An unknown therapy name, one the model cannot represent, or a dose outside its allowed range.
    """
    if therapy is None:
        return ()
    if isinstance(therapy, (str, Treatment)):
        items = [therapy]
    elif isinstance(therapy, (list, tuple)):
        items = list(therapy)
    else:
        raise ArgumentTypeError(
            f"argument 'therapy' must be a therapy id (text), a Treatment, a list of them, or "
            f"None; got {_shown(therapy)}"
        )
    out: list[Treatment] = []
    known = _therapy_ids()
    for item in items:
        if isinstance(item, str):
            if item not in known and item not in MAPPINGS and item not in COMBINATIONS:
                raise ValueError(f"unknown therapy {item!r}; expected one of {', '.join(sorted(known))}")
            parts = COMBINATIONS.get(item, (item,))
            for part in parts:
                out.append(Treatment(part, default_schedule(part, model_id, days)))
        elif isinstance(item, Treatment):
            if item.therapy in COMBINATIONS:
                for part in COMBINATIONS[item.therapy]:
                    out.append(Treatment(part, item.schedule))
            else:
                out.append(item)
        else:
            raise ArgumentTypeError(
                f"argument 'therapy' must be a therapy id (text), a Treatment or a list of them; "
                f"got an item {_shown(item)}"
            )
    for tr in out:
        effect = _effect(tr.therapy, model_id)
        kind = (
            "infusion"
            if (effect.kind == "infusion" and tr.schedule.infusion)
            else ("bolus" if effect.kind == "infusion" else effect.kind)
        )
        if tr.schedule.infusion and effect.kind != "infusion":
            raise ValueError(
                f"therapy {tr.therapy!r} cannot be given as an infusion in {model_id!r}; "
                f"give it as doses (infusion=False)"
            )
        lo, hi = DOSE_RANGES[kind]
        check_parameter(f"dose of {tr.therapy}", tr.schedule.dose, lo, hi)
    return tuple(out)


@dataclass(frozen=True)
class Plan:
    """What the solver needs: jumps (boluses) and parameter segments, plus the events in words."""

    jumps: tuple[Jump, ...]
    segments: tuple[Segment, ...]
    treatments: tuple[Treatment, ...]


def plan(therapy, model_id: str, params: Mapping[str, float], state_names: Sequence[str], days: float) -> Plan:
    """Turn the ``therapy=`` argument of a model into jumps and parameter segments for the solver.

    Parameters
    ----------
    therapy : None, str, Treatment or sequence
        See :func:`treatments`.
    model_id : str
    params : Mapping[str, float]
        The model's baseline parameters (a drug scales these).
    state_names : sequence of str
        The model's state variables, in solver order.
    days : float
        Length of the simulation.

    Returns
    -------
    Plan
    """
    trs = treatments(therapy, model_id, days)
    jumps: list[Jump] = []
    # per-window modifications: list of (start, end, kind, target, dose)
    mods: list[tuple[float, float, str, str, float]] = []
    for tr in trs:
        eff = _effect(tr.therapy, model_id)
        sch = tr.schedule
        if eff.kind == "infusion" and not sch.infusion:
            idx = list(state_names).index(eff.bolus_target)
            for t0 in sch.dose_times():
                if t0 < days:
                    jumps.append(Jump(t0, idx, sch.dose))
        else:
            for a, b in sch.windows(days):
                if b > a:
                    mods.append((a, b, eff.kind, eff.target, sch.dose))
    segments: list[Segment] = []
    if mods:
        cuts = sorted({x for m in mods for x in m[:2]})
        for a, b in zip(cuts[:-1], cuts[1:]):
            active = [m for m in mods if m[0] <= a and b <= m[1]]
            if not active:
                continue
            values: dict[str, float] = {}
            for _, _, kind, target, dose in active:
                base = values.get(target, params.get(target, 0.0))
                if kind == "infusion":
                    values[target] = base + dose
                elif kind == "reduce":
                    values[target] = base * (1.0 - dose)
                else:
                    values[target] = base * (1.0 + dose)
            segments.append(Segment(a, b, values))
    return Plan(tuple(jumps), tuple(segments), trs)


def describe(plan_: Plan, days: float) -> tuple[tuple[float, str], ...]:
    """Events in words for a :class:`~immunolib.models.core.Trajectory`: every dose and infusion start."""
    out = []
    for tr in plan_.treatments:
        sch = tr.schedule
        if sch.infusion:
            if sch.start < days:
                out.append((float(sch.start), f"{tr.therapy}: infusion of {sch.dose:g} per day starts"))
        else:
            for t0 in sch.dose_times():
                if t0 < days:
                    out.append((t0, f"{tr.therapy}: dose {sch.dose:g}"))
    return tuple(sorted(out))


def simulate_tumour_model(
    model_id: str,
    rhs,
    state: Sequence[str],
    units: Mapping[str, str],
    p: Mapping[str, float],
    *,
    therapy,
    days: float,
    initial,
    default_initial,
    tumour: str,
    points_per_day: float,
    extinction_threshold: float,
    plan_params: Mapping[str, float] | None = None,
    meta: Mapping[str, object] | None = None,
):
    """Run one of the tumour–immune models with a treatment: the part every tumour model shares.

    Checks the output grid and the extinction threshold, applies the initial state (defaults, then the
    caller's overrides), turns ``therapy`` into dose jumps and parameter segments, solves with the tumour as a
    log variable, and returns a :class:`~immunolib.models.core.Trajectory` whose ``meta`` names the tumour
    population, its carrying capacity (``1/b``), the therapy and the extinction time, if any.

    Parameters
    ----------
    model_id : str
        The model's id (``data/models/<id>.yaml``).
    rhs : callable
        ``rhs(x, p)``: per-capita rate for log variables, plain rate for the others (see ``core.solve``).
    state, units : sequence of str, mapping
        State variable names in order, and their units.
    p : mapping
        Resolved parameters.
    therapy, days, initial : see the models' ``simulate``.
    default_initial : mapping
        The model's default initial state.
    tumour : str
        Name of the tumour variable (solved in log space, eliminated below the threshold).
    points_per_day : float
        Output samples per day, in ``[1, 48]``.
    extinction_threshold : float
        Cells, in ``[0, 1000]``.
    plan_params : mapping, optional
        Parameters the therapy plan sees, if different from ``p``.
    meta : mapping, optional
        Extra entries for ``Trajectory.meta``.
    """
    points_per_day = check_parameter("points_per_day", points_per_day, 1.0, 48.0)
    thr = check_parameter("extinction_threshold", extinction_threshold, 0.0, 1000.0)
    t = time_grid(days, points_per_day)
    x0 = check_initial(initial, default_initial)
    itumour = list(state).index(tumour)
    pl = plan(therapy, model_id, plan_params if plan_params is not None else p, state, float(t[-1]))
    x, events, info = solve(
        model_id,
        rhs,
        [x0[k] for k in state],
        t,
        p,
        log_vars=(itumour,),
        extinction={itumour: thr},
        jumps=pl.jumps,
        segments=pl.segments,
        names=state,
    )
    all_events = tuple(sorted(describe(pl, float(t[-1])) + events, key=lambda e: e[0]))
    info_meta = {
        "tumour": tumour,
        "carrying_capacity": 1.0 / p["b"],
        "extinction_threshold": thr,
        "therapy": tuple(tr.therapy for tr in pl.treatments),
        "source": model_id,
        **(meta or {}),
        "rhs_evaluations": info["rhs_evaluations"],
    }
    if tumour in info["extinct"]:
        info_meta["extinct"] = info["extinct"][tumour]
    return Trajectory(
        model_id, t, {k: x[:, i] for i, k in enumerate(state)}, dict(units), "days", p, all_events, info_meta
    )
