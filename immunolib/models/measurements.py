"""What the lessons measure on a simulation: model results in, typed numbers out (issue 9, item 5).

The figures write these numbers on their panels, tables and text alternatives, the apps check predictions
against them and ``tests/test_claims.py`` recomputes every number a notebook quotes from them; they are
measured here, once, so that a figure only draws and formats.

* :func:`response_numbers` — lag, peaks and size of each response of an infection
  (:func:`immunolib.models.infection.simulate`), one :class:`ResponseNumbers` per exposure;
* :func:`clonal_summary` — clones selected, peak, fold expansion, memory and second response of a clonal
  selection run (:func:`immunolib.models.clonal.clonal_expansion`), a :class:`ClonalSummary`;
* :func:`change_from_untreated` — how a therapy regimen changed a tumour run compared with the untreated run
  (lesson 07's therapy lab): ``"eliminated"``, ``"smaller"``, ``"same"`` or ``"larger"``.

Numerics only (numpy): no plotting, no widgets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

from immunolib.models import infection
from immunolib.models.core import Trajectory
from immunolib.models.outcomes import classify_outcome

__all__ = ["ResponseNumbers", "response_numbers", "ClonalSummary", "clonal_summary", "change_from_untreated"]

_ORDINAL = ("First", "Second", "Third", "Fourth")


# --------------------------------------------------------------------------------------------------
# An infection: primary and secondary responses
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseNumbers:
    """Lag, peaks and size of the response to one exposure, measured on a trajectory.

    Days are counted from the exposure (``exposure`` is the day of the exposure itself), except where a
    name says ``day``. ``fold`` is the highest antibody titre of this response divided by that of the
    response to the first exposure (1 for the first).
    """

    number: int  #: 1 for the first exposure, 2 for the second...
    exposure: float  #: day of the exposure
    primed: bool  #: memory was present before this exposure (a later exposure, or vaccinated)
    innate_onset: float  #: days until innate cells have risen by a tenth of their rise
    innate_peak: float  #: days until innate cells peak
    lag: float  #: days until new antibody is detectable (NaN if it never is)
    effector_peak: float  #: days until adaptive effector cells peak
    antibody_peak: float  #: days until the antibody titre peaks
    IgM_peak: float  #: days until the IgM titre peaks
    IgG_peak: float  #: days until the IgG titre peaks
    peak_titre: float  #: the highest antibody titre (relative units)
    igg_fraction: float  #: share of IgG in the antibody at the titre peak, 0 to 1
    fold: float  #: peak titre relative to the first response
    cleared: float | None  #: days until the pathogen was cleared, or None if it was not

    @property
    def label(self) -> str:
        """``'First exposure'``, ``'Second exposure'``..."""
        if self.number <= len(_ORDINAL):
            return f"{_ORDINAL[self.number - 1]} exposure"
        return f"Exposure {self.number}"


def response_numbers(trajectory: Trajectory) -> list[ResponseNumbers]:
    """Measure lag, peaks and size of each response of an infection trajectory.

    Parameters
    ----------
    trajectory : Trajectory
        A result of :func:`immunolib.models.infection.simulate`.

    Returns
    -------
    list of ResponseNumbers
        One per exposure, in time order. The lag and peaks are those of
        :func:`immunolib.models.infection.response_kinetics` (see its docstring for their definitions).

    Raises
    ------
    ValueError
        If ``trajectory`` is not a run of the infection model (from ``response_kinetics``).

    Example
    -------
    >>> first, second = response_numbers(infection.simulate(second_exposure=30))
    >>> 4 <= first.lag <= 7 and not first.primed, second.primed and second.fold > 10
    (True, True)
    """
    kinetics = infection.response_kinetics(trajectory)
    exposures = list(trajectory.meta["exposures"])
    cleared = sorted(float(c) for c in trajectory.meta.get("cleared", ()))
    vaccinated = bool(trajectory.meta.get("vaccinated", False))
    t = trajectory.t
    igg, total = trajectory["IgG"], trajectory["antibody"]
    first_peak = kinetics[0]["peak_antibody"] if kinetics else float("nan")
    out = []
    for k, kin in enumerate(kinetics):
        start = exposures[k]
        end = exposures[k + 1] if k + 1 < len(exposures) else math.inf
        done = next((c - start for c in cleared if start <= c < end), None)
        i_peak = int(np.argmin(np.abs(t - (start + kin["antibody_peak"]))))
        frac = float(igg[i_peak] / total[i_peak]) if total[i_peak] > 0 else 0.0
        fold = kin["peak_antibody"] / first_peak if first_peak > 0 else float("nan")
        out.append(
            ResponseNumbers(
                number=k + 1,
                exposure=float(start),
                primed=vaccinated or k > 0,
                innate_onset=kin["innate_onset"],
                innate_peak=kin["innate_peak"],
                lag=kin["lag"],
                effector_peak=kin["effector_peak"],
                antibody_peak=kin["antibody_peak"],
                IgM_peak=kin["IgM_peak"],
                IgG_peak=kin["IgG_peak"],
                peak_titre=kin["peak_antibody"],
                igg_fraction=frac,
                fold=fold,
                cleared=done,
            )
        )
    return out


# --------------------------------------------------------------------------------------------------
# Clonal selection and expansion
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClonalSummary:
    """The numbers of one clonal-selection run (cells are counts of the model's cells; days from day 0).

    Read as attributes (``s.n_selected``) or, as before issue 9, by key (``s["n_selected"]``); the four
    numbers of the second response are ``None`` without a second exposure, and then ``"peak2" in s`` is
    false.
    """

    n_clones: int  #: clones of the starting repertoire
    n_selected: int  #: repertoire clones whose affinity is at or above the threshold
    n_mutants: int  #: mutant clones made by affinity maturation
    naive_selected: float  #: naive cells of the selected clones at the start
    peak: float  #: highest number of effector cells in the first response
    peak_day: float  #: the day of that peak
    fold: float  #: peak / naive_selected (0 if nothing is selected)
    memory_end: float  #: memory cells at the end of the run
    days: float  #: length of the run
    best_affinity_start: float  #: best affinity in the starting repertoire
    best_affinity_end: float  #: best affinity of any clone, mutants included
    antigen: tuple[float, float]  #: the antigen's shape
    theta: float  #: the affinity threshold
    exposures: tuple[float, ...]  #: the days of the exposures
    peak2: float | None = None  #: highest number of effector cells after the second exposure
    peak2_day: float | None = None  #: the day of that peak
    delay1: float | None = None  #: days from the first exposure to the first peak
    delay2: float | None = None  #: days from the second exposure to the second peak

    def __getitem__(self, key: str):
        if key not in self:
            raise KeyError(f"{key!r} is not a number of this run; known: {', '.join(self.keys())}")
        return getattr(self, key)

    def __contains__(self, key) -> bool:
        return key in _CLONAL_FIELDS and getattr(self, key) is not None

    def keys(self) -> list[str]:
        """The names of the numbers this run has (without the second response's if there was none)."""
        return [k for k in _CLONAL_FIELDS if getattr(self, k) is not None]


_CLONAL_FIELDS = tuple(f.name for f in fields(ClonalSummary))


def clonal_summary(result, antigen) -> ClonalSummary:
    """Measure a clonal-selection run: clones, selected clones, peaks, fold expansion, memory, second response.

    Parameters
    ----------
    result : ClonalResult
        From :func:`immunolib.models.clonal.clonal_expansion`.
    antigen : pair of float
        The antigen's shape used for that run.

    Returns
    -------
    ClonalSummary
        See its fields; ``peak2``, ``peak2_day``, ``delay1`` and ``delay2`` only with a second exposure.

    Example
    -------
    >>> from immunolib.models.clonal import clonal_expansion
    >>> s = clonal_summary(clonal_expansion((0.5, 0.5), seed=0, days=20), (0.5, 0.5))
    >>> s.n_clones == s["n_clones"], s.n_selected > 0, "peak2" in s
    (True, True, False)
    """
    rep = result.parent < 0
    sel = result.selected()
    sel_rep = sel[rep[sel]]
    eff = result.effector.sum(axis=1)
    t = result.t
    first_end = result.exposures[1] if len(result.exposures) > 1 else t[-1] + 1
    m1 = t < first_end
    k1 = int(np.argmax(eff[m1]))
    naive_sel = float(result.naive[0, sel_rep].sum())
    second = {}
    if len(result.exposures) > 1:
        m2 = ~m1
        k2 = int(np.argmax(eff[m2]))
        second = dict(
            peak2=float(eff[m2][k2]),
            peak2_day=float(t[m2][k2]),
            delay1=float(t[m1][k1] - result.exposures[0]),
            delay2=float(t[m2][k2] - result.exposures[1]),
        )
    return ClonalSummary(
        n_clones=int(rep.sum()),
        n_selected=int(len(sel_rep)),
        n_mutants=int((~rep).sum()),
        naive_selected=naive_sel,
        peak=float(eff[m1][k1]),
        peak_day=float(t[m1][k1]),
        fold=float(eff[m1][k1] / naive_sel) if naive_sel > 0 else 0.0,
        memory_end=float(result.memory[-1].sum()),
        days=float(t[-1]),
        best_affinity_start=float(result.affinity[rep].max()),
        best_affinity_end=float(result.affinity.max()),
        antigen=(float(antigen[0]), float(antigen[1])),
        theta=float(result.parameters["theta"]),
        exposures=tuple(float(d) for d in result.exposures),
        **second,
    )


# --------------------------------------------------------------------------------------------------
# A therapy regimen against the untreated tumour
# --------------------------------------------------------------------------------------------------


def change_from_untreated(treated: Trajectory, untreated: Trajectory) -> str:
    """How a regimen changed the tumour, compared with the untreated run, over the last fifth of the year.

    ``"eliminated"`` if the outcome is elimination; otherwise the geometric means of the tumour over the last
    fifth of the run are compared: ``"smaller"`` below 2/3 of the untreated value, ``"larger"`` above 3/2,
    ``"same"`` in between (a factor of 1.5 is about the smallest change one sees on the log axis). The figures
    say each answer in words (``immunolib.figures.therapy_lab.CHANGE_WORDS``).
    """
    if classify_outcome(treated) == "elimination":
        return "eliminated"

    def late_mean(tr):
        y = np.maximum(np.asarray(tr[tr.meta["tumour"]], dtype=float), 1.0)
        return float(np.exp(np.mean(np.log(y[tr.t >= tr.t[-1] * 0.8]))))

    ratio = late_mean(treated) / late_mean(untreated)
    return "smaller" if ratio < 2 / 3 else ("larger" if ratio > 1.5 else "same")
