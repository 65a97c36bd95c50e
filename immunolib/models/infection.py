r"""Innate and adaptive response to an infection; primary and secondary (memory) responses.

A small mechanistic model, built for teaching: its rate constants are **illustrative**, tuned so that the
default run reproduces the textbook kinetics (Murphy, Weaver & Berg, *Janeway's Immunobiology*; Abbas et al.,
*Cellular and Molecular Immunology*), not measured. It shows why the innate response comes first, why the
first adaptive response takes a week, why IgM comes before IgG, and why a second exposure to the same
pathogen gives a faster, larger response.

The model
---------
Time in days. Pathogen :math:`P` (organisms), innate effector cells at the site :math:`I` (neutrophils,
NK cells, macrophages), presented antigen :math:`A` (antigen carried by dendritic cells to the lymph node,
relative units), antigen-specific adaptive effector cells that make IgM (:math:`E_M`, derived from naive
cells) or have switched to IgG (:math:`E_G`), memory cells :math:`M`, and antibody titres
:math:`\mathrm{IgM}`, :math:`\mathrm{IgG}` (relative units).

.. math::

    S &= \frac{A}{A + K_A} \quad\text{(antigen stimulation of lymphocytes, 0 to 1)} \\
    \frac{dP}{dt} &= P\,[\,r(1 - P/K) - \frac{q_R}{P + h_R} - k_I I - k_E (E_M + E_G)
        - k_A(\mathrm{IgM} + \mathrm{IgG})\,] \\
    \frac{dI}{dt} &= a_I \frac{P}{P + h_I} + d_I (I_0 - I) \\
    \frac{dA}{dt} &= u_A \frac{P}{P + h_A} - d_A A \\
    \frac{dE_M}{dt} &= \alpha_N N_0 S + (\rho - \kappa) S E_M - \delta_E E_M \\
    \frac{dE_G}{dt} &= \alpha_M M S + \rho S E_G + \kappa S E_M - \delta_E E_G \\
    \frac{dM}{dt} &= \mu_M (1 - S)(E_M + E_G) - d_M M \\
    \frac{d\,\mathrm{IgM}}{dt} &= \pi_M E_M - d_{IgM}\,\mathrm{IgM}, \qquad
    \frac{d\,\mathrm{IgG}}{dt} = \pi_G E_G - d_{IgG}\,\mathrm{IgG}

In words: the pathogen replicates and is killed by innate cells, adaptive effector cells and antibody.
Resident phagocytes and complement clear up to :math:`q_R` organisms a day from the start (a saturating,
Michaelis–Menten term): a small inoculum is cleared by innate defences alone, before any adaptive response,
and a few survivors of a large infection cannot linger for ever at a low level.
Innate cells are recruited within hours by any pathogen (no specificity, no memory). Adaptive cells need
antigen presented to them: a handful of naive precursors :math:`N_0` are activated, proliferate while
antigen lasts and make IgM; a small share of them switch to IgG (:math:`\kappa` is small, so in a first
response IgM is the main antibody for the first week or more and peaks before IgG). Effector cells become
long-lived memory cells mainly as the response contracts, once antigen stimulation :math:`S` has fallen
(the factor :math:`1 - S`): memory made during a response therefore adds little to that same response and
is ready for the next exposure. At each
exposure the inoculum also deposits antigen at once (``A`` jumps by
:math:`A_\text{dose}\,\text{dose}/(\text{dose} + h_A)`). Memory cells are many more than naive precursors,
are activated faster and are already switched to IgG, whose producers secrete more (:math:`\pi_G > \pi_M`)
-- so the second response starts sooner, peaks sooner and makes far more antibody, almost all of it IgG.
(Real memory B cells include IgM-carrying cells too; the model leaves them out.)

Shapes the default parameters give, checked by ``tests/test_models_infection.py``: in a first response
IgM exceeds IgG from the first detectable antibody until at least day 7 and peaks before IgG; at the peak of
a second response IgG is more than 10 times IgM; a dose of 100 organisms is cleared by innate defences
alone; the primary lag is 4-7 days, the secondary lag 1-3 days, and the second response makes 100-1000 times
more antibody than the first.

Pathogen below one organism is eliminated (set to 0, see :func:`immunolib.models.core.solve`).

Measures (:func:`response_kinetics`)
-----------------------------------
*lag*: days from an exposure until antibody made in that response is detectable -- for the first
exposure, the total titre reaches 1 % of its primary peak; for a later one, the titre doubles from its
value at the exposure. *effector peak* (``effector_peak``): days from the exposure to the maximum of
adaptive effector cells (and of antibody production); it corresponds to the peak of antibody-secreting
cells measured in blood. *antibody peak* (``antibody_peak``): days to the maximum titre, a few days later,
because antibody accumulates for as long as it is made faster than it is cleared.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from immunolib.models.core import (
    ArgumentTypeError,
    Jump,
    Trajectory,
    _shown,
    check_parameter,
    resolve_parameters,
    solve,
    time_grid,
)

__all__ = ["MODEL_ID", "STATE", "UNITS", "simulate", "response_kinetics", "rhs"]

MODEL_ID = "infection_response"
STATE = ("pathogen", "innate", "antigen", "effector_igm", "effector_igg", "memory", "IgM", "IgG")
UNITS = {
    "pathogen": "organisms",
    "innate": "cells",
    "antigen": "relative units",
    "effector_igm": "cells",
    "effector_igg": "cells",
    "memory": "cells",
    "IgM": "relative titre",
    "IgG": "relative titre",
    "effector": "cells",
    "antibody": "relative titre",
}


def rhs(x, p):
    """Right-hand side for :func:`~immunolib.models.core.solve` (per-capita rate for the pathogen)."""
    P, I, A, EM, EG, M, IgM, IgG = x
    s = A / (A + p["K_A"])
    E = EM + EG
    return (
        p["r"] * (1.0 - P / p["K"]) - p["q_R"] / (P + p["h_R"]) - p["k_I"] * I - p["k_E"] * E - p["k_A"] * (IgM + IgG),
        p["a_I"] * P / (P + p["h_I"]) + p["d_I"] * (p["I0"] - I),
        p["u_A"] * P / (P + p["h_A"]) - p["d_A"] * A,
        p["alpha_N"] * p["N0"] * s + (p["rho"] - p["kappa"]) * s * EM - p["delta_E"] * EM,
        p["alpha_M"] * M * s + p["rho"] * s * EG + p["kappa"] * s * EM - p["delta_E"] * EG,
        p["mu_M"] * (1.0 - s) * E - p["d_M"] * M,
        p["pi_M"] * EM - p["d_IgM"] * IgM,
        p["pi_G"] * EG - p["d_IgG"] * IgG,
    )


def simulate(
    params: Mapping[str, float] | None = None,
    *,
    dose: float = 1e4,
    second_exposure: float | None = 60.0,
    second_dose: float | None = None,
    vaccinated: bool = False,
    days: float | None = None,
    parameter_set: str = "default",
    points_per_day: float = 8.0,
) -> Trajectory:
    """Simulate an infection and, optionally, a second exposure to the same pathogen.

    Parameters
    ----------
    params : Mapping[str, float], optional
        Overrides of ``data/models/infection_response.yaml`` (validated against their ranges).
    dose : float
        Organisms in the first exposure (day 0), in ``[1, 1e9]``.
    second_exposure : float or None
        Day of a second exposure to the same pathogen, in ``(0, 3650]``; ``None`` for none.
    second_dose : float, optional
        Organisms in the second exposure; default: the same as ``dose``.
    vaccinated : bool
        If true, the host starts with the memory cells and IgG left by an earlier vaccination
        (``vaccine_memory`` and ``vaccine_igg`` parameters), so the first exposure already gives a
        secondary-type response.
    days : float, optional
        Length of the simulation; default 30 days, or 30 days after the second exposure.
    parameter_set : str
    points_per_day : float
        Output samples per day, in ``[2, 48]``.

    Returns
    -------
    Trajectory
        Populations ``pathogen, innate, antigen, effector_igm, effector_igg, memory, IgM, IgG`` and the
        sums ``effector`` (adaptive effector cells) and ``antibody`` (IgM + IgG). ``meta["exposures"]``
        holds the exposure days.

    Raises
    ------
    ValueError
        A parameter, dose or day out of range, or a second exposure after the end of the simulation.

    Example
    -------
    >>> tr = simulate(second_exposure=None)
    >>> float(tr.t[-1]), tr.units["IgM"]
    (30.0, 'relative titre')
    """
    p = resolve_parameters(MODEL_ID, params, parameter_set)
    dose = check_parameter("dose", dose, 1.0, 1e9)
    if not isinstance(vaccinated, bool):
        raise ValueError(f"parameter 'vaccinated' must be True or False; got {vaccinated!r}")
    if second_exposure is not None:
        second_exposure = check_parameter("second_exposure", second_exposure, 0.0, 3650.0, low_inclusive=False)
        second_dose = dose if second_dose is None else check_parameter("second_dose", second_dose, 1.0, 1e9)
    elif second_dose is not None:
        raise ValueError("parameter 'second_dose' needs a 'second_exposure' day")
    if days is None:
        days = 30.0 + (second_exposure or 0.0)
    points_per_day = check_parameter("points_per_day", points_per_day, 2.0, 48.0)
    t = time_grid(days, points_per_day)
    if second_exposure is not None and second_exposure >= t[-1]:
        raise ValueError(
            f"parameter 'second_exposure' must be before the end of the simulation "
            f"(day {t[-1]:g}); got {second_exposure:g}"
        )

    x0 = [
        0.0,
        p["I0"],
        0.0,
        0.0,
        0.0,
        p["vaccine_memory"] if vaccinated else 0.0,
        0.0,
        p["vaccine_igg"] if vaccinated else 0.0,
    ]
    exposures = [(0.0, dose)] + ([(second_exposure, second_dose)] if second_exposure is not None else [])
    jumps = []
    for k, (day, n) in enumerate(exposures):
        jumps.append(Jump(day, 0, n, f"exposure {k + 1}: {n:g} organisms"))
        jumps.append(Jump(day, 2, p["A_dose"] * n / (n + p["h_A"])))
    x, events, info = solve(MODEL_ID, rhs, x0, t, p, log_vars=(0,), extinction={0: 1.0}, jumps=jumps, names=STATE)
    pops = {k: x[:, i] for i, k in enumerate(STATE)}
    pops["effector"] = pops["effector_igm"] + pops["effector_igg"]
    pops["antibody"] = pops["IgM"] + pops["IgG"]
    meta = {
        "exposures": tuple(d for d, _ in exposures),
        "doses": tuple(n for _, n in exposures),
        "vaccinated": vaccinated,
        "extinction_threshold": 1.0,
        "source": MODEL_ID,
        "cleared": tuple(tm for tm, what in events if "extinct" in what),
        "rhs_evaluations": info["rhs_evaluations"],
    }
    return Trajectory(MODEL_ID, t, pops, {k: UNITS[k] for k in pops}, "days", p, events, meta)


def response_kinetics(trajectory: Trajectory) -> list[dict]:
    """Lag, peak and size of the response to each exposure of an :func:`simulate` result.

    Returns
    -------
    list of dict
        One per exposure, with ``exposure`` (day), ``innate_onset`` (days until innate cells have risen
        by a tenth of their rise), ``innate_peak``, ``lag`` (days until new antibody is detectable, see the
        module docstring), ``effector_peak`` (days from the exposure to the maximum of adaptive effector
        cells), ``production_peak`` (to the maximum antibody production), ``IgM_peak``, ``IgG_peak``,
        ``antibody_peak`` (to the maximum titres) and ``peak_antibody`` (the maximum titre), each measured
        up to the next exposure or the end.
    """
    if not isinstance(trajectory, Trajectory):
        raise ArgumentTypeError(
            f"argument 'trajectory' must be a Trajectory from {MODEL_ID}.simulate; got {_shown(trajectory)}"
        )
    if trajectory.model != MODEL_ID:
        raise ValueError(f"response_kinetics needs an {MODEL_ID} trajectory; got {trajectory.model!r}")
    t = trajectory.t
    p = trajectory.parameters
    days = list(trajectory.meta["exposures"]) + [t[-1] + 1.0]
    ab, inn = trajectory["antibody"], trajectory["innate"]
    prod = p["pi_M"] * trajectory["effector_igm"] + p["pi_G"] * trajectory["effector_igg"]
    out = []
    first_peak = None
    for k in range(len(days) - 1):
        m = (t >= days[k]) & (t < days[k + 1])
        tt = t[m] - days[k]

        def peak(y, tt=tt, m=m):
            return float(tt[int(np.argmax(y[m]))])

        a = ab[m]
        if k == 0:
            first_peak = float(a.max())
            above = a > 0.01 * first_peak if first_peak > 0 else np.zeros_like(a, bool)
        else:
            above = a > 2.0 * a[0] if a[0] > 0 else a > 0.01 * (first_peak or 1.0)
        lag = float(tt[int(np.argmax(above))]) if above.any() else float("nan")
        rise = inn[m] - inn[m][0]
        onset = float(tt[int(np.argmax(rise > 0.1 * rise.max()))]) if rise.max() > 0 else float("nan")
        out.append(
            {
                "exposure": float(days[k]),
                "innate_onset": onset,
                "innate_peak": peak(inn),
                "lag": lag,
                "effector_peak": peak(trajectory["effector"]),
                "production_peak": peak(prod),
                "IgM_peak": peak(trajectory["IgM"]),
                "IgG_peak": peak(trajectory["IgG"]),
                "antibody_peak": peak(ab),
                "peak_antibody": float(a.max()),
            }
        )
    return out
