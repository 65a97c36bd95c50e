r"""Help and restraint on the Kirschner & Panetta (1998) model: three relative levers, cached runs.

Lesson 05 asks what happens to a tumour when T-cell **help** rises, **regulatory T-cell restraint** falls,
or the tumour is more **antigenic** (easier to see). The Kirschner–Panetta model
(:mod:`immunolib.models.kirschner`) has no helper cells and no regulatory T cells, so each lever is an
*assumed* mapping onto one model term, moved as "× the paper's value" (1× is the paper's model):

===============  ==============================  ============================================
lever            model term                      assumption (stated to students)
===============  ==============================  ============================================
``help``         :math:`p_2` (IL-2 made per      help from CD4⁺ T cells shows up as more IL-2
                 effector that meets the         made at the tumour
                 tumour)
``restraint``    :math:`\mu_2` (loss rate of     Treg restraint (IL-2 consumption, CTLA-4,
                 effector cells)                 IL-10, TGF-β) shows up as faster loss of
                                                 effector cells; 1× is the paper's loss rate
``antigenicity`` :math:`c` (recruitment of       a more visible tumour recruits effector
                 effectors per tumour cell)      cells faster
===============  ==============================  ============================================

The levers take the values in :data:`LEVELS` only, so every run can be computed once and cached
(:func:`run`): a widget callback then costs a dictionary look-up, not an ODE solve.

Example
-------
>>> r = run(help=1, restraint=1, antigenicity=1)
>>> r.outcome
'equilibrium'
>>> run(help=10, restraint=0.25).outcome
'elimination'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from immunolib import content
from immunolib.models import kirschner
from immunolib.models.core import Trajectory
from immunolib.models.outcomes import classify_outcome

__all__ = [
    "LEVERS",
    "LEVELS",
    "DAYS",
    "Lever",
    "Run",
    "run",
    "parameters_for",
    "check_levels",
    "extinction_day",
    "precompute",
]

#: Days simulated for every run (one year).
DAYS = 365.0


@dataclass(frozen=True)
class Lever:
    """One lever of the help-and-restraint simulator and the model term it moves."""

    name: str  # the keyword argument
    label: str  # what a student reads next to the slider
    parameter: str  # the Kirschner–Panetta parameter it multiplies
    symbol: str  # that parameter's symbol
    direction: str  # "up" if the lever multiplies the parameter, "down" if it is the parameter's own factor


#: The three levers, in the order they are shown.
LEVERS = (
    Lever("help", "CD4⁺ help (IL-2 made)", "p2", "p₂", "up"),
    Lever("restraint", "Treg restraint", "mu2", "μ₂", "up"),
    Lever("antigenicity", "Antigenicity", "c", "c", "up"),
)

#: The values (× the paper's value) each lever may take; 1 is the paper's model.
LEVELS = {
    "help": (0.5, 1.0, 2.0, 5.0, 10.0, 20.0),
    "restraint": (0.25, 0.5, 1.0, 2.0, 3.0),
    "antigenicity": (1.0, 1.5, 2.0),
}


def check_levels(help=1.0, restraint=1.0, antigenicity=1.0) -> tuple[float, float, float]:
    """Return the three lever values as floats, or raise ``ValueError`` naming the lever and its values.

    Example
    -------
    >>> check_levels(help=3)
    Traceback (most recent call last):
    ...
    ValueError: help must be one of 0.5, 1, 2, 5, 10, 20 (× the paper's value); got 3
    """
    out = []
    for name, value in (("help", help), ("restraint", restraint), ("antigenicity", antigenicity)):
        allowed = LEVELS[name]
        ok = (
            not isinstance(value, bool)
            and isinstance(value, (int, float, np.floating, np.integer))
            and any(abs(float(value) - a) < 1e-9 for a in allowed)
        )
        if not ok:
            raise ValueError(
                f"{name} must be one of {', '.join(f'{a:g}' for a in allowed)} (× the paper's value); got {value!r}"
            )
        out.append(float(value))
    return tuple(out)


def parameters_for(help=1.0, restraint=1.0, antigenicity=1.0) -> dict[str, float]:
    """The Kirschner–Panetta parameter overrides for some lever values.

    Example
    -------
    >>> parameters_for(help=2, restraint=0.5)
    {'p2': 10.0, 'mu2': 0.015, 'c': 0.025}
    """
    h, r, a = check_levels(help, restraint, antigenicity)
    base = content.model(kirschner.MODEL_ID).values()
    return {"p2": round(base["p2"] * h, 12), "mu2": round(base["mu2"] * r, 12), "c": round(base["c"] * a, 12)}


def extinction_day(trajectory: Trajectory) -> float | None:
    """The first sampled day on which the tumour is 0 (it fell below one cell), or ``None``."""
    T = np.asarray(trajectory["T"])
    zero = np.nonzero(T == 0.0)[0]
    return None if len(zero) == 0 else float(trajectory.t[zero[0]])


@dataclass(frozen=True)
class Run:
    """One cached run of the simulator: lever values, the trajectory and what it shows."""

    help: float
    restraint: float
    antigenicity: float
    trajectory: Trajectory
    outcome: str
    extinction_day: float | None
    largest_tumour: float
    final_tumour: float

    @property
    def levels(self) -> dict[str, float]:
        """The lever values, by lever name."""
        return {"help": self.help, "restraint": self.restraint, "antigenicity": self.antigenicity}


@functools.cache
def _run(h: float, r: float, a: float) -> Run:
    tr = kirschner.simulate(parameters_for(h, r, a), days=DAYS, points_per_day=2.0)
    T = np.asarray(tr["T"])
    return Run(h, r, a, tr, classify_outcome(tr), extinction_day(tr), float(T.max()), float(T[-1]))


def run(help=1.0, restraint=1.0, antigenicity=1.0) -> Run:
    """The model run for some lever values (each × the paper's value), computed once and cached.

    Parameters
    ----------
    help : float
        Multiplies :math:`p_2`, one of :data:`LEVELS` ``["help"]``.
    restraint : float
        Multiplies :math:`\\mu_2`, one of :data:`LEVELS` ``["restraint"]``.
    antigenicity : float
        Multiplies :math:`c`, one of :data:`LEVELS` ``["antigenicity"]``.

    Returns
    -------
    Run
        With the trajectory (one year, two samples a day), the outcome (elimination / equilibrium /
        escape), the day the tumour fell below one cell (or ``None``), its largest and final size.

    Raises
    ------
    ValueError
        A lever value that is not offered, naming the lever and its values.
    """
    return _run(*check_levels(help, restraint, antigenicity))


def precompute() -> int:
    """Compute every lever combination (90 runs, about a second) so that no later call solves an ODE.

    Returns the number of runs cached.
    """
    n = 0
    for h in LEVELS["help"]:
        for r in LEVELS["restraint"]:
            for a in LEVELS["antigenicity"]:
                _run(h, r, a)
                n += 1
    return n
