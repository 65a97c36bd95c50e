"""When a run of the solver must restart, and which parameters are in force in between: the plan of a run.

A dose is a :class:`Jump` (an instantaneous addition to one variable); a drug acting for a while is a
:class:`Segment` (other parameter values in ``[start, end)``). :func:`break_times` turns them into the times
where :func:`immunolib.models.solver.solve` stops and restarts LSODA, merged within round-off, and
:func:`params_at` gives the parameters in force at a time. Nothing here integrates, and nothing here imports the
rest of :mod:`immunolib`; the solver re-exports these names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["Jump", "Segment", "break_times", "params_at", "round_off"]


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


def break_times(t_end: float, jumps=(), segments=()) -> tuple[list[float], dict[float, list]]:
    """Where the integration restarts: every jump, every start and end of a segment, and ``t_end``.

    Times closer than a nanoday (float round-off between schedules) are merged into one, because LSODA
    rejects zero-length intervals; a jump merged into a break time happens at that time.

    Returns
    -------
    breaks : list of float
        Increasing, ending at ``t_end``; 0 is not one of them (the run starts there).
    jumps_at : dict
        Break time (or 0) -> the jumps applied then, in the order given.

    Example
    -------
    >>> break_times(10.0, [Jump(2.0, 0, 1.0), Jump(2.0 + 1e-12, 0, 1.0)], [Segment(1.0, 4.0, {})])[0]
    [1.0, 2.0, 4.0, 10.0]
    """
    jumps_at: dict[float, list] = {}
    for j in jumps:
        if 0.0 <= j.time < t_end:
            jumps_at.setdefault(float(j.time), []).append(j)
    cuts = {t_end, *jumps_at}
    for s in segments:
        cuts.update(v for v in (float(s.start), float(s.end)) if 0.0 < v < t_end)
    cuts.discard(0.0)
    eps = round_off(t_end)
    breaks: list[float] = []
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
    snapped: dict[float, list] = {}
    for tj, js in jumps_at.items():
        snapped.setdefault(0.0 if tj <= eps else _snap(tj, breaks, eps), []).extend(js)
    return breaks, snapped


def params_at(params: Mapping[str, float], segments, time: float) -> dict:
    """The parameters in force at ``time``: ``params`` with every segment active then applied in order."""
    p = dict(params)
    for s in segments:
        if s.start <= time < s.end:
            p.update(s.values)
    return p


def round_off(t_end: float) -> float:
    """Two times closer than this are the same time (a nanoday, scaled to long runs)."""
    return 1e-9 * max(1.0, t_end)


def _snap(time: float, breaks, eps: float) -> float:
    """``time`` moved onto the break time it was merged into (if any)."""
    for b in breaks:
        if abs(b - time) <= eps:
            return b
    return time
