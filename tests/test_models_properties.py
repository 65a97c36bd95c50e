"""Property tests over the ranges the widgets offer: finite, non-negative, deterministic, bounded.

Hypothesis draws parameters inside each model's own YAML ranges (a slider-sized neighbourhood of the
defaults: each parameter scaled by a factor in [0.25, 4] and clipped to its range), initial tumours and
therapy schedules. Every run must return finite, non-negative populations, the same arrays twice, or a
clear SolverError -- never a hang (the solver has a step budget) and never a negative cell count.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from immunolib import content
from immunolib.models import clonal, depillis, infection, kirschner, kuznetsov
from immunolib.models.core import SolverError
from immunolib.models.outcomes import OUTCOMES, classify_outcome
from immunolib.models.therapy import Schedule, Treatment

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TUMOUR = {"kuznetsov1994": kuznetsov, "kirschner1998": kirschner, "depillis2005": depillis}


def scaled_params(model_id, set_id="default"):
    spec = content.model(model_id)
    values, ranges = spec.values(set_id), spec.ranges(set_id)
    names = sorted(values)

    @st.composite
    def strat(draw):
        chosen = draw(st.lists(st.sampled_from(names), max_size=4, unique=True))
        out = {}
        for n in chosen:
            f = draw(st.floats(0.25, 4.0))
            lo, hi = ranges[n]
            out[n] = float(min(max(values[n] * f, lo), hi))
        return out

    return strat()


def check_trajectory(tr):
    for name, v in tr.populations.items():
        assert v.shape == tr.t.shape, name
        assert np.all(np.isfinite(v)), name
        assert np.all(v >= 0), name


@pytest.mark.parametrize("model_id", sorted(TUMOUR))
def test_tumour_models_finite_non_negative_deterministic(model_id):
    mod = TUMOUR[model_id]

    @SETTINGS
    @given(params=scaled_params(model_id), T0=st.floats(1.0, 1e8), days=st.floats(10, 365))
    def run(params, T0, days):
        try:
            a = mod.simulate(params, days=days, initial={"T": T0})
        except SolverError:
            return  # a clear error is allowed; a hang or a wrong number is not
        check_trajectory(a)
        b = mod.simulate(params, days=days, initial={"T": T0})
        for k in a.populations:
            assert np.array_equal(a[k], b[k])
        assert classify_outcome(a) in OUTCOMES

    run()


@pytest.mark.parametrize("model_id", sorted(TUMOUR))
def test_tumour_models_with_random_therapy_schedules(model_id):
    from immunolib.models.therapy import DOSE_RANGES, MAPPINGS, supported_therapies

    mod = TUMOUR[model_id]
    single = [t for t in supported_therapies(model_id) if t in MAPPINGS]

    @SETTINGS
    @given(
        tid=st.sampled_from(single),
        start=st.floats(0, 200),
        n=st.integers(1, 6),
        interval=st.floats(1, 60),
        frac=st.floats(0, 1),
    )
    def run(tid, start, n, interval, frac):
        kind = MAPPINGS[tid][model_id].kind
        kind = "bolus" if kind == "infusion" else kind
        lo, hi = DOSE_RANGES[kind]
        dose = lo + frac * (min(hi, 1e9) - lo)
        tr = Treatment(tid, Schedule(start=start, dose=dose, interval=interval, n_doses=n))
        out = mod.simulate(therapy=tr, days=365)  # default parameters: no solver failure is acceptable
        check_trajectory(out)

    run()


@SETTINGS
@given(
    params=scaled_params("infection_response"),
    dose=st.floats(1, 1e8),
    second=st.one_of(st.none(), st.floats(5, 90)),
    vaccinated=st.booleans(),
)
def test_infection_finite_non_negative_deterministic(params, dose, second, vaccinated):
    try:
        a = infection.simulate(params, dose=dose, second_exposure=second, vaccinated=vaccinated)
    except SolverError:
        return
    check_trajectory(a)
    b = infection.simulate(params, dose=dose, second_exposure=second, vaccinated=vaccinated)
    assert all(np.array_equal(a[k], b[k]) for k in a.populations)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**31), x=st.floats(0, 1), y=st.floats(0, 1), maturation=st.booleans())
def test_clonal_deterministic_and_non_negative(seed, x, y, maturation):
    a = clonal.clonal_expansion((x, y), n_clones=100, seed=seed, days=20, maturation=maturation)
    b = clonal.clonal_expansion((x, y), n_clones=100, seed=seed, days=20, maturation=maturation)
    assert np.array_equal(a.effector, b.effector) and np.array_equal(a.memory, b.memory)
    for arr in (a.naive, a.effector, a.memory, a.antigen):
        assert np.all(np.isfinite(arr)) and np.all(arr >= 0)
