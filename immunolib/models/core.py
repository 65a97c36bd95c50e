"""Shared pieces of every model: the :class:`Trajectory` result and input validation.

Every model in :mod:`immunolib.models` is pure numerics (numpy and scipy only). A model function
takes parameters and returns a :class:`Trajectory`: sample times, named populations and their units.
Nothing here imports plotly or ipywidgets (see DESIGN.md, "Layout").
"""

from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

__all__ = ["Trajectory", "check_parameter", "check_parameters", "check_mapping", "check_text", "SolverError",
           "ArgumentTypeError"]


class SolverError(RuntimeError):
    """Raised when the ODE solver fails, exceeds its budget, or a population grows past any meaningful size.

    The message names the model and says in words what happened (never the solver's raw status line), so a
    widget can show it as it is.
    """


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong type (text where a number belongs, a list where a name belongs...).

    It is both a ``TypeError`` and a ``ValueError``, so code that catches either sees it. The message names
    the argument and what it must be.
    """


def _shown(value) -> str:
    """``value`` for a message: its repr (shortened) and, for anything but a number, its type."""
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return text if isinstance(value, (int, float)) else f"{text} ({type(value).__name__})"


def check_mapping(name: str, value, what: str = "parameter name to value"):
    """``value`` if it is a mapping (or None); otherwise an :class:`ArgumentTypeError` naming ``name``."""
    if value is not None and not isinstance(value, Mapping):
        raise ArgumentTypeError(f"argument {name!r} must be a mapping of {what} (a dict such as "
                                f"{{'s': 2e4}}) or None; got {_shown(value)}")
    return value


def check_text(name: str, value, allowed=None) -> str:
    """``value`` if it is a string (and one of ``allowed``, if given); otherwise an error naming ``name``."""
    if not isinstance(value, str):
        hint = f" (one of {', '.join(map(str, allowed))})" if allowed else ""
        raise ArgumentTypeError(f"argument {name!r} must be text{hint}; got {_shown(value)}")
    if allowed is not None and value not in allowed:
        raise ValueError(f"argument {name!r} must be one of {', '.join(map(str, allowed))}; got {value!r}")
    return value


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
    >>> tr.final()
    {'x': 2.0}
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
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"parameter {name!r} must be a number in {allowed}; got {_shown(value)}")
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"parameter {name!r} must be a number in {allowed}; got {value!r}") from None
    if not math.isfinite(x):
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
        if not isinstance(name, str):
            raise ArgumentTypeError(f"parameter names must be text; got {_shown(name)}")
        if name not in ranges:
            raise ValueError(
                f"unknown parameter {name!r}; expected one of {', '.join(sorted(ranges))}"
            )
        lo, hi = ranges[name]
        out[name] = check_parameter(name, value, lo, hi)
    return out


# --------------------------------------------------------------------------------------------------
# Added for the simulations: parameter resolution and one bounded, positivity-preserving solver.
# --------------------------------------------------------------------------------------------------

__all__ += ["resolve_parameters", "resolve_ranges", "check_initial", "time_grid", "solve", "Jump", "Segment",
            "DEFAULT_MAX_STEPS", "DEFAULT_MAX_EVALUATIONS", "DEFAULT_CEILING"]

#: Largest number of internal solver steps allowed between two output times. A widget never waits on a
#: hung solver: past this budget :func:`solve` raises :class:`SolverError`.
DEFAULT_MAX_STEPS = 5000
#: Largest number of right-hand-side evaluations in one :func:`solve` call (about a second of computing);
#: the course's runs need a few thousand.
DEFAULT_MAX_EVALUATIONS = 150_000
#: No population of the course's models means anything above this (a human body has about 4e13 cells):
#: a variable that passes it stops the run with a :class:`SolverError` in words, instead of a result with
#: 1e87 cells or an overflow.
DEFAULT_CEILING = 1e15

# LSODA's status lines, in words.
_LSODA_WORDS = (
    ("Excess work done", "the solver needed more than {max_steps} steps between two output times"),
    ("Excess accuracy requested", "the populations changed too fast for the solver to follow accurately"),
    ("Illegal input", "the solver was given impossible values"),
    ("Repeated error test failures", "the populations changed too abruptly for the solver to follow"),
    ("Repeated convergence failures", "the equations became too stiff for the solver to follow"),
    ("Error weight became zero", "a population reached a value the solver cannot handle"),
    ("Work space insufficient", "the solver ran out of working memory"),
)


def _lsoda_words(message: str, max_steps: int) -> str:
    for key, words in _LSODA_WORDS:
        if key.lower() in (message or "").lower():
            return words.format(max_steps=max_steps)
    return "the solver could not continue"


def resolve_parameters(model_id: str, params: Mapping[str, float] | None = None,
                       parameter_set: str = "default") -> dict[str, float]:
    """The parameters of ``model_id`` from its YAML file, with ``params`` overriding some of them.

    Parameters
    ----------
    model_id : str
        A model id, the name of a file in ``data/models/`` (for example ``"kuznetsov1994"``).
    params : Mapping[str, float], optional
        Overrides. Each name must be a parameter of the model and each value a finite number inside the
        range given for it in the YAML file.
    parameter_set : str
        Which parameter set to start from (``"default"``; de Pillis 2005 also has ``"mouse"`` and
        ``"human"``).

    Returns
    -------
    dict
        Every parameter of the model by name, as floats.

    Raises
    ------
    ValueError
        An unknown parameter set or parameter name, or a value outside its range; the message names the
        parameter and the allowed range.

    Example
    -------
    >>> resolve_parameters("kuznetsov1994", {"s": 2e4})["s"]
    20000.0
    """
    from immunolib import content  # content.py is the only reader of the data folder

    check_mapping("params", params)
    check_text("parameter_set", parameter_set)
    spec = content.model(model_id)
    values = spec.values(parameter_set)
    if params:
        values.update(check_parameters(params, spec.ranges(parameter_set)))
    return values


def resolve_ranges(model_id: str, parameter_set: str = "default") -> dict[str, tuple[float, float]]:
    """The allowed ``(min, max)`` of every parameter of ``model_id``, from its YAML file."""
    from immunolib import content  # content.py is the only reader of the data folder

    check_text("parameter_set", parameter_set)
    return content.model(model_id).ranges(parameter_set)


def check_initial(initial: Mapping[str, float] | None, defaults: Mapping[str, float],
                  high: float = 1e13) -> dict[str, float]:
    """Initial populations: ``defaults`` with ``initial`` overriding some of them.

    Every value must be a finite number in ``[0, high]``; an unknown population name is an error that
    lists the known ones.
    """
    out = dict(defaults)
    check_mapping("initial", initial, "population name to value")
    if initial:
        for name, value in initial.items():
            if name not in defaults:
                raise ValueError(f"unknown initial population {name!r}; expected one of {', '.join(defaults)}")
            out[name] = check_parameter(f"initial[{name!r}]", value, 0.0, high)
    return out


def time_grid(days: float, points_per_day: float, *, name: str = "days", max_days: float = 3650.0) -> np.ndarray:
    """Evenly spaced output times ``0 .. days`` (both included), about ``points_per_day`` per day.

    ``days`` is validated: a finite number in ``(0, max_days]``.
    """
    days = check_parameter(name, days, 0.0, max_days, low_inclusive=False)
    n = max(2, int(math.ceil(days * points_per_day)) + 1)
    return np.linspace(0.0, days, n)


@dataclass(frozen=True)
class Jump:
    """An instantaneous addition to one state variable (a bolus dose, a second exposure).

    Parameters
    ----------
    time : float
        When, in the model's time unit.
    index : int
        Which state variable.
    amount : float
        How much is added, in the variable's unit (never negative).
    label : str
        Words for the event list of the :class:`Trajectory`; empty means the caller records the event.
    """

    time: float
    index: int
    amount: float
    label: str = ""


@dataclass(frozen=True)
class Segment:
    """A time window ``[start, end)`` in which some parameters take other values (a drug is acting)."""

    start: float
    end: float
    values: Mapping[str, float]


def solve(model: str, rhs, x0, t, params: Mapping[str, float], *,
          log_vars=(), extinction: Mapping[int, float] | None = None, jumps=(), segments=(),
          rtol: float = 1e-7, atol: float = 1e-7, max_steps: int = DEFAULT_MAX_STEPS,
          names=None, max_evaluations: int = DEFAULT_MAX_EVALUATIONS,
          ceiling: float = DEFAULT_CEILING) -> tuple[np.ndarray, tuple, dict]:
    """Integrate ``dx/dt = rhs(x, p)`` on the output grid ``t``; every population stays ``>= 0``.

    This is the one solver behind the ODE models. It uses LSODA (``scipy.integrate.odeint``), which
    switches between stiff and non-stiff methods by itself, with a bounded number of internal steps
    between output times, and it handles three things the models need:

    * **Positivity.** Variables listed in ``log_vars`` (tumour cells, pathogen) are integrated as
      ``y = ln x``, so ``x = exp(y)`` can never be negative however small it gets. The other variables
      have non-negative production and losses proportional to themselves, so their exact solution stays
      non-negative; solver round-off below zero (at most ``100 * atol`` or a millionth of the variable's
      largest value) is set to 0, and anything more negative raises :class:`SolverError` rather than
      being hidden.
    * **Extinction.** ``extinction`` maps a log variable to a threshold (for example 1 cell). When the
      variable is below it at an output time, the crossing time is found by linear interpolation of
      ``ln x`` between the two output times, the variable is set to exactly 0 from then on (it is extinct:
      every term of its equation is proportional to it, so 0 stays 0) and the integration restarts there.
      Dips below the threshold that start and end between two output times are not seen, so models use
      output grids of several points per day.
    * **Doses and drugs.** ``jumps`` add amounts to variables at given times (bolus doses, a second
      exposure); a jump to an extinct variable re-seeds it. ``segments`` replace parameter values inside
      time windows (a drug acting). The integration restarts at every such time, so no discontinuity is
      ever stepped over. An output time that coincides with a jump shows the value just before it.

    Parameters
    ----------
    model : str
        Model id, used in error messages.
    rhs : callable
        ``rhs(x, p) -> sequence`` with, for each variable, ``dx/dt`` -- except for the variables in
        ``log_vars``, for which it returns the per-capita rate ``(dx/dt) / x``. That is exactly what
        ``d(ln x)/dt`` needs, and it stays exact when ``x`` is tiny. ``x`` is a list of floats, ``p`` a
        dict.
    x0 : sequence of float
        Initial state, every value ``>= 0``.
    t : array_like
        Output times, increasing, starting at 0.
    params : Mapping[str, float]
        Parameter values passed to ``rhs`` (overridden inside ``segments``).
    log_vars : sequence of int
        Indices integrated in log space.
    extinction : Mapping[int, float], optional
        Extinction threshold of some log variables (same unit as the variable); ``0`` disables it.
    jumps : sequence of Jump
    segments : sequence of Segment
    rtol, atol : float
        Solver tolerances (``atol`` applies to linear variables and to ``ln x`` alike).
    max_steps : int
        Step budget between two consecutive output or restart times.
    names : sequence of str, optional
        Variable names for messages and events.
    max_evaluations : int
        Budget of right-hand-side evaluations for the whole run (bounds the time a call can take).
    ceiling : float
        Largest meaningful value of any variable; a variable above it stops the run with a SolverError
        naming it and the day (the model has no limit on its growth with these parameters).

    Returns
    -------
    x : numpy.ndarray
        Shape ``(len(t), len(x0))``, never negative.
    events : tuple
        ``(time, description)`` pairs: doses applied and extinctions, in time order.
    info : dict
        ``{"extinct": {name: time}, "rhs_evaluations": int}``.

    Raises
    ------
    SolverError
        If LSODA fails, exceeds ``max_steps`` or ``max_evaluations``, a variable passes ``ceiling``, or a
        value is non-finite or clearly negative. The message says so in words.
    """
    from scipy.integrate import odeint  # scipy is a dependency of the models layer only

    t = np.asarray(t, dtype=float)
    n = len(x0)
    names = list(names) if names is not None else [f"x{i}" for i in range(n)]
    if t.ndim != 1 or len(t) < 2 or t[0] != 0.0 or np.any(np.diff(t) <= 0):
        raise ValueError("t must be an increasing grid of output times starting at 0")
    is_log = [i in set(log_vars) for i in range(n)]
    thresholds = {int(i): float(v) for i, v in (extinction or {}).items() if v and v > 0}
    x = [float(v) for v in x0]
    for i, v in enumerate(x):
        if not (math.isfinite(v) and v >= 0):
            raise ValueError(f"initial value of {names[i]!r} must be a finite number >= 0; got {v!r}")
    alive = [not (is_log[i] and x[i] <= 0.0) for i in range(n)]
    extinct_at: dict[str, float] = {}
    events: list = []
    nfe = 0
    trouble: list[str] = []   # why the right-hand side gave up, in words (read after odeint returns)
    evaluations = [0]
    t_end = float(t[-1])

    jumps_at: dict[float, list] = {}
    for j in jumps:
        if 0.0 <= j.time < t_end:
            jumps_at.setdefault(float(j.time), []).append(j)
    cuts = {t_end, *jumps_at}
    for s in segments:
        cuts.update(v for v in (float(s.start), float(s.end)) if 0.0 < v < t_end)
    cuts.discard(0.0)
    # merge break times closer than a nanoday (float round-off between schedules): LSODA rejects such
    # zero-length intervals
    eps = 1e-9 * max(1.0, t_end)
    breaks = []
    for c in sorted(cuts):
        if c <= eps:
            continue
        if breaks and c - breaks[-1] <= eps:
            breaks[-1] = max(breaks[-1], c) if c == t_end else breaks[-1]
            continue
        breaks.append(c)
    if breaks[-1] != t_end:
        breaks[-1] = t_end if t_end - breaks[-1] <= eps else breaks[-1]
        if breaks[-1] != t_end:
            breaks.append(t_end)
    jumps_at = {_snap(tj, breaks, eps): js for tj, js in jumps_at.items()}

    def params_at(time: float) -> dict:
        p = dict(params)
        for s in segments:
            if s.start <= time < s.end:
                p.update(s.values)
        return p

    def apply_jumps(time: float) -> None:
        for j in jumps_at.get(time, ()):
            if not j.amount > 0:
                continue
            i = j.index
            if is_log[i] and not alive[i]:
                alive[i] = True
            x[i] += float(j.amount)
            if j.label:
                events.append((time, j.label))

    def kill_below_threshold(time: float) -> None:
        for i, thr in thresholds.items():
            if alive[i] and x[i] < thr:
                x[i] = 0.0
                alive[i] = False
                extinct_at[names[i]] = time
                events.append((time, f"{names[i]} fell below {thr:g} and is counted as extinct"))

    out = np.empty((len(t), n))
    apply_jumps(0.0)
    kill_below_threshold(0.0)
    out[0] = x
    k = 1          # next output row to fill
    t_now = 0.0
    for t_b in breaks:
        p = params_at(t_now)
        while t_now < t_b:
            for i in range(n):  # a log variable that underflowed to 0 is extinct (ln 0 does not exist)
                if is_log[i] and alive[i] and not x[i] > 0.0:
                    x[i] = 0.0
                    alive[i] = False
                    extinct_at[names[i]] = t_now
                    events.append((t_now, f"{names[i]} fell to 0 and is counted as extinct"))
            _check_ceiling(model, names, x, t_now, ceiling)
            live_log = [i for i in range(n) if is_log[i] and alive[i]]
            lin = [i for i in range(n) if not is_log[i]]
            idx = live_log + lin
            nl = len(live_log)
            y0 = [math.log(x[i]) for i in live_log] + [x[i] for i in lin]
            k_stop = int(np.searchsorted(t, t_b, side="right"))
            if not idx:  # everything is extinct: nothing changes until the next jump
                out[k:k_stop] = x
                k = k_stop
                t_now = t_b
                break
            if t_b - t_now <= eps:  # a sliver left by an extinction time next to a break
                t_now = t_b
                break
            while k < k_stop and t[k] - t_now <= eps:  # output times within round-off of now
                out[k] = x
                k += 1
            full = [0.0] * n

            nan_out = [math.nan] * len(idx)

            def f(y, _t, idx=idx, nl=nl, p=p, full=full, nan_out=nan_out):
                evaluations[0] += 1
                if evaluations[0] > max_evaluations:
                    if not trouble:
                        trouble.append(f"the solver needed more than {max_evaluations:,} evaluations of the "
                                       f"equations, far more than any run of the course")
                    return nan_out
                for jj, i in enumerate(idx):
                    full[i] = math.exp(min(y[jj], 709.0)) if jj < nl else y[jj]
                try:
                    d = rhs(full, p)
                except (OverflowError, ZeroDivisionError, ValueError) as exc:
                    if not trouble:
                        trouble.append(f"the equations could not be evaluated ({exc})")
                    return nan_out
                return [d[i] for i in idx]

            inner = t[k:k_stop]
            inner = inner[inner > t_now]
            tail = [t_b] if (len(inner) == 0 or inner[-1] < t_b) else []
            times = np.concatenate(([t_now], inner, tail))
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # failures become SolverError below, with words
                sol, info = odeint(f, y0, times, rtol=rtol, atol=atol, mxstep=int(max_steps),
                                   full_output=True, printmessg=False)
            nfe += int(info["nfe"][-1]) if len(info["nfe"]) else 0
            finite = np.isfinite(sol).all(axis=1)
            ok = info.get("message") == "Integration successful." and bool(finite.all())
            if not finite.all():
                # keep the rows before the first non-finite one: an extinction there explains the failure
                first_bad = int(np.argmin(finite))
                sol, times = sol[:first_bad], times[:first_bad]
                inner = inner[:max(0, first_bad - 1)]
            _check_ceiling_rows(model, names, sol, times, idx, nl, ceiling)
            if not ok and not _crosses(sol, live_log, thresholds):
                message = info.get("message", "")
                if trouble:
                    reason = trouble[0]
                elif message and message != "Integration successful.":
                    # the solver's own reason first: the rows after its failure are undefined (they may or
                    # may not hold NaN), so "infinite or undefined" would depend on leftover memory
                    reason = _lsoda_words(message, max_steps)
                else:
                    reason = "a population became infinite or undefined"
                raise SolverError(
                    f"{model}: the simulation stopped between day {t_now:g} and day {t_b:g}: {reason}. The "
                    f"parameters are probably too extreme; try values closer to the defaults")
            # first output time at which a log variable is below its extinction threshold
            crossing = None
            for jj, i in enumerate(live_log):
                thr = thresholds.get(i)
                if thr is None:
                    continue
                below = np.nonzero(sol[1:, jj] < math.log(thr))[0]
                if len(below):
                    r = int(below[0]) + 1
                    ya, yb = sol[r - 1, jj], sol[r, jj]
                    frac = (math.log(thr) - ya) / (yb - ya) if yb != ya else 1.0
                    tc = times[r - 1] + min(1.0, max(0.0, frac)) * (times[r] - times[r - 1])
                    if crossing is None or tc < crossing[0]:
                        crossing = (tc, i, r)
            last_row = len(times) - 1 if crossing is None else crossing[2] - 1
            for row in range(1, last_row + 1):
                if row <= len(inner):
                    out[k] = _unpack(sol[row], idx, nl, n)
                    k += 1
            if crossing is None:
                x[:] = _unpack(sol[-1], idx, nl, n)
                t_now = t_b
            else:
                tc, i_ext, r = crossing
                w = (tc - times[r - 1]) / (times[r] - times[r - 1])
                x[:] = _unpack(sol[r - 1] + w * (sol[r] - sol[r - 1]), idx, nl, n)
                x[i_ext] = 0.0
                alive[i_ext] = False
                extinct_at[names[i_ext]] = float(tc)
                events.append((float(tc), f"{names[i_ext]} fell below {thresholds[i_ext]:g} "
                                          f"and is counted as extinct"))
                t_now = float(tc)
        if t_b < t_end:
            apply_jumps(t_b)
            kill_below_threshold(t_b)
    if k != len(t):  # pragma: no cover - a bookkeeping error, never a user error
        raise SolverError(f"{model}: internal error, filled {k} of {len(t)} output times")

    for i in range(n):
        if is_log[i]:
            continue
        col = out[:, i]
        lowest = float(col.min())
        if lowest < 0:
            tol = max(100 * atol, 1e-6 * float(np.abs(col).max()))
            if lowest < -tol:
                raise SolverError(f"{model}: {names[i]} went negative ({lowest:g}); the solver lost accuracy, "
                                  f"try other parameter values")
            np.maximum(col, 0.0, out=col)
    events.sort(key=lambda e: e[0])
    return out, tuple(events), {"extinct": extinct_at, "rhs_evaluations": nfe}


def _check_ceiling(model, names, x, time, ceiling) -> None:
    for i, v in enumerate(x):
        if v > ceiling:
            raise SolverError(
                f"{model}: {names[i]} passed {ceiling:.0e} on day {time:.4g}, more than any body holds: with "
                f"these parameters nothing limits its growth. Try values closer to the defaults")


def _check_ceiling_rows(model, names, sol, times, idx, nl, ceiling) -> None:
    """SolverError if a variable of the rows of ``sol`` passes ``ceiling`` (first time it does)."""
    if len(sol) == 0:
        return
    log_ceiling = math.log(ceiling)
    for jj, i in enumerate(idx):
        col = sol[:, jj]
        over = np.nonzero(col > (log_ceiling if jj < nl else ceiling))[0]
        if len(over):
            _check_ceiling(model, names, [ceiling * 2 if j == i else 0.0 for j in range(len(names))],
                           float(times[int(over[0])]), ceiling)


def _snap(time: float, breaks, eps: float) -> float:
    """``time`` moved onto the break time it was merged into (if any)."""
    for b in breaks:
        if abs(b - time) <= eps:
            return b
    return time


def _crosses(sol, live_log, thresholds) -> bool:
    """True if some log variable falls below its extinction threshold in the rows of ``sol``."""
    for jj, i in enumerate(live_log):
        thr = thresholds.get(i)
        if thr is not None and len(sol) > 1 and np.any(sol[1:, jj] < math.log(thr)):
            return True
    return False


def _unpack(y, idx, nl, n) -> list:
    v = [0.0] * n
    for jj, i in enumerate(idx):
        v[i] = math.exp(y[jj]) if jj < nl else float(y[jj])
    return v
