r"""Clonal selection and expansion of a seeded lymphocyte repertoire, with optional affinity maturation.

A teaching model of Burnet's clonal selection theory in a **shape space** (Perelson & Oster 1979): each
lymphocyte clone carries one receptor, drawn as a point in the unit square (its "shape"); an antigen is
another point. The closer the two, the better the fit:

.. math::  a_i = \exp\!\left(-\frac{\lVert x_i - x_\text{Ag} \rVert^2}{2 w^2}\right) \in (0, 1],

and only clones that fit well are stimulated (a steep threshold):

.. math::  S_i(t) = \frac{a_i^{h}}{a_i^{h} + \theta^{h}} \cdot \frac{A(t)}{A(t) + K_A}.

Each clone :math:`i` has naive cells :math:`N_i`, effector cells :math:`E_i` (for B cells: plasma cells)
and memory cells :math:`M_i`; the antigen :math:`A` is cleared by effector cells in proportion to their
affinity:

.. math::

    \frac{dN_i}{dt} &= -\alpha S_i N_i \\
    \frac{dE_i}{dt} &= \alpha S_i N_i + \alpha_M S_i M_i + (\rho S_i - \delta) E_i \\
    \frac{dM_i}{dt} &= \mu E_i - d_M M_i \\
    \frac{dA}{dt} &= -\Bigl(k_A \sum_i a_i E_i + d_A\Bigr) A

A second exposure adds antigen again and starts from the memory cells the first one left.

**Affinity maturation** (optional): once a day while antigen lasts, each of the most expanded clones
gives rise to a mutant clone whose shape is moved by a small random step (somatic hypermutation); the
mutant starts with a small fraction of its parent's effector cells and is selected like any other clone,
so better-fitting mutants take over.

Everything random (the repertoire, the mutations) comes from one seeded generator: the same seed gives
identical arrays. The integration uses a fixed step with exponential updates, so every count stays
non-negative.

The rate constants are illustrative, tuned to the textbook picture (a primary response that peaks in
about a week; a faster, larger secondary response), not measured.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from immunolib.models.core import (
    ArgumentTypeError,
    SolverError,
    Trajectory,
    _shown,
    check_parameter,
    resolve_parameters,
)

__all__ = ["MODEL_ID", "Repertoire", "ClonalResult", "repertoire", "affinity", "clonal_expansion"]

MODEL_ID = "clonal_selection"
_DT = 0.05  # days; the fixed step of the exponential integrator


@dataclass(frozen=True)
class Repertoire:
    """A seeded set of lymphocyte clones: receptor shapes (``n x 2``, in the unit square) and naive counts."""

    shapes: np.ndarray
    naive: np.ndarray
    seed: int


def repertoire(n_clones: int = 400, *, seed: int = 0, naive_per_clone: float = 10.0) -> Repertoire:
    """Draw ``n_clones`` receptor shapes uniformly in the unit square with a seeded generator.

    Parameters
    ----------
    n_clones : int
        Number of clones, in ``[1, 5000]``.
    seed : int
        Seed of :func:`numpy.random.default_rng`; same seed, same repertoire.
    naive_per_clone : float
        Naive cells of each clone, in ``[1, 1e6]``.

    Example
    -------
    >>> r = repertoire(5, seed=1)
    >>> r.shapes.shape
    (5, 2)
    """
    n_clones = _whole("n_clones", n_clones, 1, 5000)
    seed = _whole("seed", seed, 0, 2**32 - 1)
    naive_per_clone = check_parameter("naive_per_clone", naive_per_clone, 1.0, 1e6)
    rng = np.random.default_rng(seed)
    shapes = rng.random((n_clones, 2))
    return Repertoire(shapes, np.full(n_clones, naive_per_clone), seed)


def affinity(shapes: np.ndarray, antigen, width: float) -> np.ndarray:
    """Fit of each receptor shape to the antigen, :math:`\\exp(-d^2 / 2w^2)`, between 0 and 1."""
    d2 = np.sum((np.asarray(shapes, float) - np.asarray(antigen, float)) ** 2, axis=1)
    return np.exp(-d2 / (2.0 * width * width))


@dataclass(frozen=True)
class ClonalResult:
    """The result of :func:`clonal_expansion`, arranged for plotting.

    Attributes
    ----------
    t : numpy.ndarray
        Output times in days, shape ``(n_t,)``.
    shapes : numpy.ndarray
        Receptor shape of each clone, ``(n_clones, 2)`` (mutant clones appended after the repertoire).
    affinity : numpy.ndarray
        Affinity of each clone for the antigen, ``(n_clones,)``, in ``(0, 1]``.
    naive, effector, memory : numpy.ndarray
        Cells of each clone over time, ``(n_t, n_clones)``; never negative.
    antigen : numpy.ndarray
        Antigen over time (relative units), ``(n_t,)``.
    parent : numpy.ndarray
        For each clone the index of the clone it mutated from, or ``-1`` for clones of the repertoire.
    born : numpy.ndarray
        Day each clone appeared (0 for the repertoire).
    exposures : tuple of float
        Exposure days.
    parameters : dict
        Parameter values used.
    """

    t: np.ndarray
    shapes: np.ndarray
    affinity: np.ndarray
    naive: np.ndarray
    effector: np.ndarray
    memory: np.ndarray
    antigen: np.ndarray
    parent: np.ndarray
    born: np.ndarray
    exposures: tuple
    parameters: Mapping[str, float]

    def top_clones(self, k: int = 10, *, by: str = "effector") -> np.ndarray:
        """Indices of the ``k`` clones with the largest peak of ``by`` (effector, memory or naive)."""
        k = _whole("k", k, 1, len(self.affinity))
        data = {"effector": self.effector, "memory": self.memory, "naive": self.naive}
        if not isinstance(by, str) or by not in data:
            raise ValueError(f"parameter 'by' must be one of effector, memory, naive; got {by!r}")
        peak = data[by].max(axis=0)
        return np.argsort(-peak, kind="stable")[:k]

    def selected(self, threshold: float | None = None) -> np.ndarray:
        """Indices of the clones whose affinity is above the selection threshold ``theta``."""
        thr = self.parameters["theta"] if threshold is None else check_parameter("threshold", threshold, 0.0, 1.0)
        return np.nonzero(self.affinity >= thr)[0]

    def totals(self) -> Trajectory:
        """Total naive, effector and memory cells and antigen as a :class:`Trajectory`."""
        pops = {
            "naive": self.naive.sum(axis=1),
            "effector": self.effector.sum(axis=1),
            "memory": self.memory.sum(axis=1),
            "antigen": self.antigen,
        }
        units = {"naive": "cells", "effector": "cells", "memory": "cells", "antigen": "relative units"}
        events = tuple((d, f"exposure {i + 1}") for i, d in enumerate(self.exposures))
        return Trajectory(
            MODEL_ID, self.t, pops, units, "days", dict(self.parameters), events, {"n_clones": len(self.affinity)}
        )


def _whole(name, value, lo, hi) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ArgumentTypeError(f"parameter {name!r} must be a whole number in [{lo}, {hi}]; got {_shown(value)}")
    if not lo <= value <= hi:
        raise ValueError(f"parameter {name!r} must be a whole number in [{lo}, {hi}]; got {value!r}")
    return int(value)


#: Most values stored per population (clones x output times); about 32 MB each. Past it,
#: :func:`clonal_expansion` asks for fewer output points rather than filling the memory.
MAX_STORED_VALUES = 4_000_000
#: Cells of one clone that no body could hold: a clone passing it stops the run with a SolverError in words.
CEILING = 1e15


def _check_antigen(antigen) -> np.ndarray:
    if isinstance(antigen, Mapping):
        raise ArgumentTypeError(
            "argument 'antigen' (the first argument of clonal_expansion) must be the antigen's shape, a point "
            f"(x, y) in the unit square; got a mapping {_shown(antigen)}. Parameters go in params=, for example "
            "clonal_expansion((0.5, 0.5), params={'rho': 2})"
        )
    if isinstance(antigen, (str, bytes)) or not isinstance(antigen, (tuple, list, np.ndarray)):
        raise ArgumentTypeError(f"argument 'antigen' must be a point (x, y) in [0, 1] x [0, 1]; got {_shown(antigen)}")
    if len(antigen) != 2 or any(
        isinstance(v, (bool, str)) or not isinstance(v, (int, float, np.number)) for v in antigen
    ):
        raise ArgumentTypeError(
            f"argument 'antigen' must be a point (x, y) of two numbers in [0, 1] x [0, 1]; got {_shown(antigen)}"
        )
    ag = np.asarray(antigen, dtype=float)
    if not np.all(np.isfinite(ag)) or np.any(ag < 0) or np.any(ag > 1):
        raise ValueError(f"parameter 'antigen' must be a point (x, y) in [0, 1] x [0, 1]; got {antigen!r}")
    return ag


def clonal_expansion(
    antigen=(0.5, 0.5),
    params: Mapping[str, float] | None = None,
    *,
    n_clones: int = 400,
    seed: int = 0,
    days: float = 30.0,
    second_exposure: float | None = None,
    maturation: bool = False,
    points_per_day: float = 4.0,
    parameter_set: str = "default",
) -> ClonalResult:
    """Select and expand the clones of a seeded repertoire that fit an antigen.

    Parameters
    ----------
    antigen : pair of float
        The antigen's shape, a point in the unit square.
    params : Mapping[str, float], optional
        Overrides of ``data/models/clonal_selection.yaml`` (validated against their ranges).
    n_clones : int
        Clones in the repertoire, in ``[1, 5000]``.
    seed : int
        Seed for the repertoire and the mutations.
    days : float
        Length of the simulation, in ``(0, 365]``.
    second_exposure : float, optional
        Day of a second exposure to the same antigen, inside the simulation.
    maturation : bool
        Whether to simulate affinity maturation (mutant clones).
    points_per_day : float
        Output samples per day, in ``[1, 20]``; at most :data:`MAX_STORED_VALUES` values are stored per
        population (clones, mutants included, times output times), so long runs of large repertoires need
        fewer points per day (the error says how many).
    parameter_set : str

    Returns
    -------
    ClonalResult

    Raises
    ------
    ValueError
        An argument out of its range or of the wrong type (named), or a run too large to store.
    SolverError
        A clone grows past :data:`CEILING` cells (with these parameters nothing stops it: antigen that is never
        cleared, for example ``k_A = d_A = 0``).

    Example
    -------
    >>> res = clonal_expansion(days=20)
    >>> int(res.top_clones(1)[0]) in set(res.selected().tolist())
    True
    """
    ag = _check_antigen(antigen)
    p = resolve_parameters(MODEL_ID, params, parameter_set)
    days = check_parameter("days", days, 0.0, 365.0, low_inclusive=False)
    points_per_day = check_parameter("points_per_day", points_per_day, 1.0, 20.0)
    if not isinstance(maturation, bool):
        raise ArgumentTypeError(f"parameter 'maturation' must be True or False; got {_shown(maturation)}")
    exposures = [0.0]
    if second_exposure is not None:
        exposures.append(
            check_parameter("second_exposure", second_exposure, 0.0, days, low_inclusive=False, high_inclusive=False)
        )
    n_clones = _whole("n_clones", n_clones, 1, 5000)
    max_mut = int(p["max_mutants"]) if maturation else 0
    n_total = n_clones + max_mut
    t_out = np.linspace(0.0, days, max(2, int(np.ceil(days * points_per_day)) + 1))
    if len(t_out) * n_total > MAX_STORED_VALUES:
        fits = int((MAX_STORED_VALUES // n_total - 1) / days * 10) / 10
        raise ValueError(
            f"this run would store {len(t_out) * n_total:,} values per population ({n_total:,} clones x "
            f"{len(t_out):,} output times), more than the {MAX_STORED_VALUES:,} allowed; "
            + (f"lower points_per_day to at most {fits:g}" if fits >= 1 else "use fewer days or clones")
        )
    rep = repertoire(n_clones, seed=seed, naive_per_clone=p["naive_per_clone"])
    rng = np.random.default_rng([rep.seed, 1])  # a separate stream for mutations, fixed by the seed

    shapes = np.zeros((n_total, 2))
    shapes[:n_clones] = rep.shapes
    aff = np.zeros(n_total)
    aff[:n_clones] = affinity(rep.shapes, ag, p["width"])
    parent = np.full(n_total, -1)
    born = np.zeros(n_total)
    N = np.zeros(n_total)
    N[:n_clones] = rep.naive
    E = np.zeros(n_total)
    M = np.zeros(n_total)
    A = 0.0
    n_live = n_clones

    n_steps = int(round(days / _DT))
    out_step = np.rint(t_out / _DT).astype(int)
    rec_N = np.zeros((len(t_out), n_total))
    rec_E = np.zeros_like(rec_N)
    rec_M = np.zeros_like(rec_N)
    rec_A = np.zeros(len(t_out))
    exp_steps = {int(round(d / _DT)): d for d in exposures}
    steps_per_day = int(round(1.0 / _DT))
    h, theta = p["hill"], p["theta"]
    sel = aff**h / (aff**h + theta**h)
    decay_M = float(np.exp(-p["d_M"] * _DT))
    alpha_dt, rho_dt, delta_dt = p["alpha"] * _DT, p["rho"] * _DT, p["delta"] * _DT
    alpha_M_dt, mu_dt = p["alpha_M"] * _DT, p["mu"] * _DT
    K_A, k_A, d_A = p["K_A"], p["k_A"], p["d_A"]
    # Work arrays, reused every step (issue 8: the app re-runs this model on every slider move). The
    # arithmetic is that of the exponential integrator,
    #     act_n = N * -expm1(-alpha dt * s);   inflow = act_n + (alpha_M dt) * s * M
    #     E_new = E * exp(rho dt * s - delta dt) + inflow;   N -= act_n;   M = M * decay_M + (mu dt) * E_new
    # written with output arrays (positional: faster than ``out=``) so that no step allocates, the three products
    # of s in one call, and act_n kept as its negative y = N * expm1(...) (negation is exact, so N + y and
    # (...) - y are bit-for-bit N - act_n and act_n + (...)): the results are identical to the plain expressions.
    coef = np.array([[-alpha_dt], [alpha_M_dt], [rho_dt]])
    buf_s, buf_y, buf_in, buf_tmp = (np.empty(n_total) for _ in range(4))
    buf3 = np.empty((3, n_total))
    multiply, add, subtract, expm1, exp, dot = np.multiply, np.add, np.subtract, np.expm1, np.exp, np.dot

    def views(n):
        b3 = buf3[:, :n]
        return (
            N[:n],
            E[:n],
            M[:n],
            sel[:n],
            aff[:n],
            buf_s[:n],
            buf_y[:n],
            buf_in[:n],
            buf_tmp[:n],
            b3,
            b3[0],
            b3[1],
            b3[2],
        )

    Nl, El, Ml, sl, al, s, y, inflow, tmp, b3, e_act, e_in, e_grow = views(n_live)
    k_out = 0
    for step in range(n_steps + 1):
        if step in exp_steps:
            A += p["antigen_dose"]
        while k_out < len(t_out) and out_step[k_out] == step:
            rec_N[k_out, :n_live], rec_E[k_out, :n_live], rec_M[k_out, :n_live] = Nl, El, Ml
            rec_A[k_out] = A
            k_out += 1
        if step == n_steps:
            break
        # only the clones born so far (mutants are appended)
        stim = A / (A + K_A)
        multiply(sl, stim, s)  # s = sel * stim
        multiply(coef, s, b3)  # -alpha dt * s, alpha_M dt * s, rho dt * s
        expm1(e_act, e_act)
        multiply(Nl, e_act, y)  # y = -act_n
        multiply(e_in, Ml, e_in)
        subtract(e_in, y, inflow)  # inflow = act_n + (alpha_M dt) * s * M
        subtract(e_grow, delta_dt, e_grow)
        exp(e_grow, e_grow)
        multiply(El, e_grow, e_grow)
        add(e_grow, inflow, El)  # E = E_new
        add(Nl, y, Nl)  # N = N - act_n
        multiply(Ml, decay_M, Ml)  # M = M * decay_M + (mu dt) * E_new
        multiply(El, mu_dt, tmp)
        add(Ml, tmp, Ml)
        A = A * float(exp(-(k_A * float(dot(al, El)) + d_A) * _DT))
        if (step + 1) % steps_per_day == 0:
            biggest = float(El.max()) if n_live else 0.0
            if not biggest <= CEILING:
                raise SolverError(
                    f"{MODEL_ID}: a clone passed {CEILING:.0e} effector cells on day {(step + 1) * _DT:g}, more than "
                    f"any body holds: with these parameters nothing stops the response (the antigen is never "
                    f"cleared fast enough). Raise k_A or d_A, or lower rho"
                )
            if maturation and p["K_A"] * 0.1 < A and n_live < n_total:
                top = np.argsort(-E[:n_live], kind="stable")[: int(p["mutants_per_day"])]
                for i in top:
                    if n_live >= n_total or E[i] <= 0:
                        break
                    new = np.clip(shapes[i] + rng.normal(0.0, p["mutation_step"], 2), 0.0, 1.0)
                    shapes[n_live] = new
                    aff[n_live] = affinity(new[None, :], ag, p["width"])[0]
                    sel[n_live] = aff[n_live] ** h / (aff[n_live] ** h + theta**h)
                    moved = p["mutant_fraction"] * E[i]
                    E[i] -= moved
                    E[n_live] = moved
                    parent[n_live] = i
                    born[n_live] = (step + 1) * _DT
                    n_live += 1
                Nl, El, Ml, sl, al, s, y, inflow, tmp, b3, e_act, e_in, e_grow = views(n_live)
    keep = slice(0, n_live)
    return ClonalResult(
        t_out,
        shapes[keep].copy(),
        aff[keep].copy(),
        rec_N[:, keep],
        rec_E[:, keep],
        rec_M[:, keep],
        rec_A,
        parent[keep].copy(),
        born[keep].copy(),
        tuple(exposures),
        p,
    )
