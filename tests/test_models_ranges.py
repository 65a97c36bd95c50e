"""The models are total over their documented ranges (issue 10, item 3).

Hypothesis draws every parameter anywhere in its whole YAML range -- the ends, the default, log-uniform across
wide ranges -- together with initial states, therapies, schedules and run lengths inside their documented
ranges. Every public function of every model must then return finite, non-negative numbers, or raise a
ValueError / SolverError that says in words what happened (never a raw solver status, an OverflowError, a
"math domain error" or NaN). Examples per test are kept small so that `make test` stays fast; the derandomized
seed database makes CI repeatable, and the tests run with fresh examples whenever hypothesis' seed changes.
"""

import math
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from immunolib import content
from immunolib.models import clonal, core, depillis, infection, kirschner, kuznetsov, outcomes, therapy
from immunolib.models.core import SolverError, Trajectory

# IMMUNOLIB_EXAMPLES=500 runs a longer search (locally or in a nightly job); CI uses the small default
_SCALE = max(1, int(os.environ.get("IMMUNOLIB_EXAMPLES", "30"))) / 30
_RANDOM = "IMMUNOLIB_EXAMPLES" in os.environ  # a longer search also draws new examples every time
FAST = settings(
    max_examples=int(30 * _SCALE),
    deadline=None,
    derandomize=not _RANDOM,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(
    max_examples=int(8 * _SCALE), deadline=None, derandomize=not _RANDOM, suppress_health_check=[HealthCheck.too_slow]
)
TUMOUR = {"kuznetsov1994": kuznetsov, "kirschner1998": kirschner, "depillis2005": depillis}
SETS = [
    (m, s.id)
    for m in ("kuznetsov1994", "kirschner1998", "depillis2005", "infection_response", "clonal_selection")
    for s in content.model(m).parameter_sets
]
WORDS_NOT_ALLOWED = (
    "Integration successful",
    "math domain error",
    "math range error",
    "division by zero",
    "could not convert",
    "unsupported operand",
    "not iterable",
    "unhashable",
)


def in_range(lo: float, hi: float, default: float):
    """A value anywhere in [lo, hi]: the ends, the default, uniform, and log-uniform over wide ranges."""
    choices = [st.just(lo), st.just(hi), st.just(default), st.floats(lo, hi)]
    if lo > 0 and hi / lo > 100:
        choices.append(st.floats(math.log(lo), math.log(hi)).map(math.exp))
    elif lo == 0 and hi > 0:
        choices.append(st.floats(-30.0, 0.0).map(lambda e: hi * math.exp(e)))
    return st.one_of(*choices).map(lambda v: float(min(max(v, lo), hi)))


@st.composite
def any_params(draw, model_id: str, set_id: str = "default", exclude=()):
    """Some parameters of a model (up to all of them), each anywhere in its whole range."""
    spec = content.model(model_id)
    values, ranges = spec.values(set_id), spec.ranges(set_id)
    names = [n for n in sorted(values) if n not in exclude]
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    return {n: draw(in_range(*ranges[n], values[n])) for n in chosen}


def words(exc: BaseException) -> str:
    msg = str(exc)
    assert msg and not any(w in msg for w in WORDS_NOT_ALLOWED), msg
    return msg


def check_trajectory(tr: Trajectory):
    assert isinstance(tr, Trajectory)
    assert np.all(np.isfinite(tr.t)) and np.all(np.diff(tr.t) > 0)
    for name, v in tr.populations.items():
        assert v.shape == tr.t.shape, name
        assert np.all(np.isfinite(v)), (name, v[~np.isfinite(v)][:3])
        assert np.all(v >= 0), (name, v.min())
        assert np.all(v <= core.DEFAULT_CEILING), (name, v.max())


def check_equilibria(eqs):
    for e in eqs:
        assert all(math.isfinite(v) and v >= 0 for v in e.state.values()), e
        assert all(np.isfinite(complex(x)) for x in e.eigenvalues), e
        assert e.stability in (
            "stable node",
            "stable focus",
            "unstable node",
            "unstable focus",
            "saddle",
            "saddle focus",
            "non-hyperbolic",
        ), e


def test_the_parameter_sets_cover_every_model():
    assert {m for m, _ in SETS} == set(content.model_ids()) - {"toy_model"}


# -- the tumour models ------------------------------------------------------------------------------------


@pytest.mark.parametrize("model_id, set_id", [(m, s) for m, s in SETS if m in TUMOUR])
def test_tumour_model_simulate_is_total_over_its_ranges(model_id, set_id):
    mod = TUMOUR[model_id]
    supported = list(therapy.supported_therapies(model_id))

    @FAST
    @given(
        params=any_params(model_id, set_id),
        days=st.floats(1.0, 3650.0),
        ppd=st.sampled_from([1.0, 2.0]),
        var=st.sampled_from(mod.STATE),
        value=st.floats(0.0, 1e13),
        thr=st.sampled_from([0.0, 1.0, 1000.0]),
        treat=st.one_of(st.none(), st.sampled_from(supported)),
    )
    def run(params, days, ppd, var, value, thr, treat):
        try:
            tr = mod.simulate(
                params,
                days=days,
                points_per_day=ppd,
                initial={var: value},
                parameter_set=set_id,
                extinction_threshold=thr,
                therapy=treat,
            )
        except SolverError as exc:
            assert model_id in words(exc)
            return
        check_trajectory(tr)
        assert outcomes.classify_outcome(tr) in outcomes.OUTCOMES

    run()


@pytest.mark.parametrize("model_id, set_id", [(m, s) for m, s in SETS if m in TUMOUR])
def test_tumour_model_equilibria_are_total_over_its_ranges(model_id, set_id):
    mod = TUMOUR[model_id]

    @settings(FAST, max_examples=int(20 * _SCALE))
    @given(params=any_params(model_id, set_id))
    def run(params):
        try:
            eqs = mod.equilibria(params, parameter_set=set_id)
        except ValueError as exc:
            words(exc)
            return
        check_equilibria(eqs)
        assert eqs == outcomes.equilibria(model_id, params, parameter_set=set_id)

    run()


@FAST
@given(params=any_params("kuznetsov1994"), E0=st.floats(1.0, 1e12), T0=st.floats(1.0, 1e12))
def test_kuznetsov_nondimensional_is_total(params, E0, T0):
    try:
        nd = kuznetsov.nondimensional(params, E0=E0, T0=T0)
    except ValueError as exc:
        assert "'n'" in words(exc)
        return
    assert all(math.isfinite(v) and v >= 0 for v in nd.values()), nd


@FAST
@given(params=any_params("kirschner1998"))
def test_kirschner_s1_threshold_is_total(params):
    try:
        s1 = kirschner.s1_threshold(params)
    except ValueError as exc:
        assert "kirschner1998" in words(exc)
        return
    assert math.isfinite(s1) and s1 >= 0


@settings(FEW, max_examples=max(1, int(4 * _SCALE)))
@given(params=any_params("kirschner1998", exclude=("c",)), low=st.floats(0.0, 0.02), high=st.floats(0.03, 0.05))
def test_kirschner_hopf_antigenicity_is_total(params, low, high):
    try:
        c = kirschner.hopf_antigenicity(params, low=low, high=high)
    except ValueError as exc:
        words(exc)
        return
    assert low <= c <= high


@FAST
@given(L=st.floats(0, 1e13), T=st.floats(0, 1e13), params=any_params("depillis2005"))
def test_depillis_lysis_rate_is_total(L, T, params):
    p = core.resolve_parameters("depillis2005", params)
    D = depillis.lysis_rate(L, T, p)
    assert 0.0 <= D <= p["d"]
    r = depillis.rhs([T, 1e5, L], p)
    assert all(math.isfinite(x) for x in r)


@settings(FEW)
@given(params=any_params("depillis2005", exclude=("c", "d")), days=st.floats(1, 200))
def test_depillis_compare_immunity_and_kill_rates_are_total(params, days):
    try:
        runs = depillis.compare_immunity(params, days=days, points_per_day=1)
    except SolverError as exc:
        words(exc)
        return
    assert set(runs) == {"both", "innate_only", "adaptive_only", "none"}
    for tr in runs.values():
        check_trajectory(tr)
        for k, v in depillis.kill_rates(tr).items():
            assert np.all(np.isfinite(v)) and np.all(v >= 0), k


# -- infection --------------------------------------------------------------------------------------------


@FAST
@given(
    params=any_params("infection_response"),
    dose=st.floats(1, 1e9),
    second=st.one_of(st.none(), st.floats(1, 200)),
    vaccinated=st.booleans(),
    ppd=st.sampled_from([2.0, 4.0]),
)
def test_infection_simulate_and_kinetics_are_total(params, dose, second, vaccinated, ppd):
    try:
        tr = infection.simulate(params, dose=dose, second_exposure=second, vaccinated=vaccinated, points_per_day=ppd)
    except SolverError as exc:
        assert "infection_response" in words(exc)
        return
    check_trajectory(tr)
    for row in infection.response_kinetics(tr):
        # nan means "not measurable in this run" (no antibody detectable, no innate rise), as documented
        assert all(math.isnan(v) or (math.isfinite(v) and v >= 0) for v in row.values()), row


# -- clonal selection -------------------------------------------------------------------------------------


@settings(FAST, max_examples=int(20 * _SCALE))
@given(
    params=any_params("clonal_selection"),
    x=st.floats(0, 1),
    y=st.floats(0, 1),
    n=st.integers(1, 300),
    seed=st.integers(0, 2**32 - 1),
    days=st.floats(0.1, 365),
    maturation=st.booleans(),
    second=st.floats(0.01, 0.99),
)
def test_clonal_expansion_is_total_over_its_ranges(params, x, y, n, seed, days, maturation, second):
    try:
        res = clonal.clonal_expansion(
            (x, y),
            params,
            n_clones=n,
            seed=seed,
            days=days,
            maturation=maturation,
            second_exposure=second * days,
            points_per_day=1,
        )
    except SolverError as exc:
        assert "clonal_selection" in words(exc)
        return
    for name in ("naive", "effector", "memory", "antigen", "affinity"):
        arr = getattr(res, name)
        assert np.all(np.isfinite(arr)) and np.all(arr >= 0), name
    assert np.all(res.affinity <= 1.0)
    k = int(res.top_clones(1)[0])
    assert 0 <= k < len(res.affinity)
    assert set(res.selected().tolist()) <= set(range(len(res.affinity)))
    check_trajectory(res.totals())


@settings(FAST, max_examples=int(15 * _SCALE))
@given(
    n=st.integers(1, 5000),
    seed=st.integers(0, 2**32 - 1),
    naive=st.floats(1, 1e6),
    width=st.floats(0.01, 1.0),
    x=st.floats(0, 1),
    y=st.floats(0, 1),
)
def test_repertoire_and_affinity_are_total(n, seed, naive, width, x, y):
    rep = clonal.repertoire(n, seed=seed, naive_per_clone=naive)
    assert rep.shapes.shape == (n, 2) and np.all((rep.shapes >= 0) & (rep.shapes <= 1))
    a = clonal.affinity(rep.shapes, (x, y), width)
    assert np.all(np.isfinite(a)) and np.all((a >= 0) & (a <= 1))


# -- therapy schedules ------------------------------------------------------------------------------------


@FAST
@given(
    model_id=st.sampled_from(sorted(TUMOUR)),
    data=st.data(),
    start=st.floats(0, 3650),
    interval=st.floats(0.01, 3650),
    n=st.integers(1, 1000),
    days=st.floats(1, 3650),
    duration=st.one_of(st.none(), st.floats(0.01, 3650)),
)
def test_therapy_plans_are_total(model_id, data, start, interval, n, days, duration):
    tid = data.draw(st.sampled_from([t for t in therapy.supported_therapies(model_id) if t in therapy.MAPPINGS]))
    kind = therapy.MAPPINGS[tid][model_id].kind
    kind = "bolus" if kind == "infusion" else kind
    lo, hi = therapy.DOSE_RANGES[kind]
    dose = data.draw(in_range(lo, hi, lo))
    sch = therapy.Schedule(start=start, dose=dose, interval=interval, n_doses=n, duration=duration)
    spec = content.model(model_id)
    state = TUMOUR[model_id].STATE
    plan = therapy.plan(therapy.Treatment(tid, sch), model_id, spec.values(), state, days)
    for j in plan.jumps:
        assert 0 <= j.time < days and math.isfinite(j.amount) and j.amount >= 0
    for s in plan.segments:
        assert 0 <= s.start < s.end <= days
        assert all(math.isfinite(v) and v >= 0 for v in s.values.values())


# -- the largest call in range: memory --------------------------------------------------------------------
# Time and resident memory of the slowest in-range calls are machine-dependent, so benchmarks/bench_models.py
# prints them (targets: 2 s of CPU time, 500 MB). What is deterministic is what the call itself allocates,
# which tracemalloc counts (numpy reports its buffers to it): that is the test.


def test_the_largest_clonal_run_in_range_allocates_under_250_mb():
    import tracemalloc

    content.load().check()  # reading the data is not part of a model call
    tracemalloc.start()
    try:
        clonal.clonal_expansion(
            n_clones=5000,
            maturation=True,
            params={"max_mutants": 2000, "mutants_per_day": 50},
            days=365,
            points_per_day=1.5,
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 250 * 2**20, f"clonal, 5000 clones + 2000 mutants, a year: peak {peak / 2**20:.0f} MB allocated"


def test_a_clonal_run_too_large_to_store_says_which_points_per_day_fits():
    with pytest.raises(ValueError, match=r"more than the 4,000,000 allowed; lower points_per_day to at most 1\.5"):
        clonal.clonal_expansion(
            n_clones=5000, maturation=True, params={"max_mutants": 2000}, days=365, points_per_day=20
        )
    assert clonal.clonal_expansion(n_clones=5000, days=365, points_per_day=2).effector.shape == (731, 5000)


def test_an_evaluation_budget_stops_a_run_in_words():
    t = np.linspace(0, 100, 3)
    with pytest.raises(SolverError, match=r"more than 50 evaluations of the equations") as err:
        core.solve("budget", lambda x, p: (math.sin(x[0]) * 1e3,), [1.0], t, {}, max_evaluations=50)
    words(err.value)


def test_unbounded_growth_stops_at_the_ceiling_in_words(monkeypatch):
    with pytest.raises(
        SolverError,
        match=r"kirschner1998: E passed 1e\+15 on day [\d.]+, more than any body "
        r"holds: with these parameters nothing limits its growth",
    ):
        kirschner.simulate({"p1": 1.0, "s2": 1e8})
    # clonal selection is bounded over its whole ranges now (k_A >= 1e-9); its ceiling is a safety net
    monkeypatch.setattr(clonal, "CEILING", 1e4)
    with pytest.raises(SolverError, match="clonal_selection: a clone passed 1e\\+04 effector cells on day"):
        clonal.clonal_expansion(days=30)
