"""The three published tumour models reproduce their papers' numbers; outcomes and equilibria.

Tolerances are stated next to each check. Expected values are computed independently in the test (by
hand formulas from the papers) or quoted from the papers, never copied from the code's output.
"""

import numpy as np
import pytest

from immunolib.models import depillis, kirschner, kuznetsov
from immunolib.models.outcomes import classify_outcome, classify_stability, equilibria

# ---------------------------------------------------------------- Kuznetsov et al. 1994

# The paper's nondimensional parameters (Kuznetsov et al. 1994, text after eq. 2). Tolerance 0.1 %
# relative, except alpha: the paper prints 1.636 where a/(n T0) = 0.18/0.1101 = 1.6349 (0.07 % apart).
PAPER_NONDIM = {
    "sigma": 0.1181,
    "rho": 1.131,
    "eta": 20.19,
    "mu": 0.00311,
    "delta": 0.3743,
    "alpha": 1.636,
    "beta": 0.002,
}


@pytest.mark.parametrize("name", sorted(PAPER_NONDIM))
def test_kuznetsov_nondimensional_parameters_match_paper(name):
    assert kuznetsov.nondimensional()[name] == pytest.approx(PAPER_NONDIM[name], rel=1e-3)


def test_kuznetsov_equilibria_and_stability():
    eq = {e.name: e for e in kuznetsov.equilibria()}
    assert list(eq) == ["tumour_free", "dormant", "saddle", "escape"]
    # tumour-free: E = s/d; eigenvalues -d and a - n s/d (positive: a few tumour cells always grow)
    assert eq["tumour_free"].state["E"] == pytest.approx(1.3e4 / 0.0412, rel=1e-12)
    assert eq["tumour_free"].stability == "saddle"
    assert sorted(np.real(eq["tumour_free"].eigenvalues)) == pytest.approx(
        sorted([-0.0412, 0.18 - 1.101e-7 * 1.3e4 / 0.0412]), rel=1e-9
    )
    # the paper's dormant state (x, y) = (1.61, 8.19) in units of 1e6 cells (1 % tolerance)
    assert eq["dormant"].state["T"] / 1e6 == pytest.approx(8.19, rel=1e-2)
    assert eq["dormant"].state["E"] / 1e6 == pytest.approx(1.61, rel=1e-2)
    assert eq["dormant"].stability == "stable focus"
    assert eq["saddle"].stability == "saddle"
    assert eq["escape"].stability == "stable node"
    # every tumour state satisfies both steady-state equations (independent check of the cubic)
    p = {"s": 1.3e4, "d": 0.0412, "p": 0.1245, "g": 2.019e7, "m": 3.422e-10, "n": 1.101e-7, "a": 0.18, "b": 2e-9}
    for e in list(eq.values())[1:]:
        E, T = e.state["E"], e.state["T"]
        dE = p["s"] + p["p"] * E * T / (p["g"] + T) - p["m"] * E * T - p["d"] * E
        dT = p["a"] * T * (1 - p["b"] * T) - p["n"] * E * T
        assert abs(dE) < 1e-6 * p["s"] and abs(dT) < 1e-9 * T


def test_kuznetsov_simulation_settles_where_the_equilibria_say():
    eq = {e.name: e for e in kuznetsov.equilibria()}
    small = kuznetsov.simulate(days=3000, initial={"T": 1e6})
    big = kuznetsov.simulate(days=1500, initial={"T": 4e8})
    assert small["T"][-1] == pytest.approx(eq["dormant"].state["T"], rel=0.02)
    assert big["T"][-1] == pytest.approx(eq["escape"].state["T"], rel=0.01)
    assert classify_outcome(small) == "equilibrium"
    assert classify_outcome(big) == "escape"


def test_kuznetsov_extinction_threshold_sets_tumour_to_zero():
    tr = kuznetsov.simulate(initial={"T": 1e6, "E": 3e7}, days=100)
    T = tr["T"]
    assert T[-1] == 0.0 and classify_outcome(tr) == "elimination"
    assert 0 < tr.meta["extinct"] < 100
    # before extinction the tumour was >= 1 cell at every output time; after it, exactly 0
    after = tr.t > tr.meta["extinct"]
    assert np.all(T[after] == 0.0) and np.all(T[~after] >= 1.0 - 1e-9)
    assert any("extinct" in what for _, what in tr.events)


def test_kuznetsov_without_threshold_tumour_stays_positive():
    tr = kuznetsov.simulate(initial={"T": 1e6, "E": 3e7}, days=100, extinction_threshold=0)
    assert np.all(tr["T"] > 0) and tr["T"][-1] < 1.0


# ---------------------------------------------------------------- Kirschner & Panetta 1998


def test_kirschner_s1_threshold_formula():
    # s1* = r2 g2 mu2 / a with the paper's values: 0.18 * 1e5 * 0.03 / 1 = 540 cells/day
    assert kirschner.s1_threshold() == pytest.approx(0.18 * 1e5 * 0.03 / 1.0, rel=1e-12)
    # with IL-2 infusion s2 the net loss is mu2 - p1 IL/(g1 + IL), IL = s2/mu3
    IL = 1e6 / 10.0
    expected = 0.18 * 1e5 * (0.03 - 0.1245 * IL / (2e7 + IL))
    assert kirschner.s1_threshold({"s2": 1e6}) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("factor, stable", [(0.9, False), (1.1, True)])
def test_kirschner_tumour_free_state_changes_stability_at_s1_threshold(factor, stable):
    s1 = factor * kirschner.s1_threshold()
    free = [e for e in kirschner.equilibria({"s1": s1}) if e.name == "tumour_free"][0]
    assert free.stable is stable
    # the simulation agrees: a small tumour placed at the tumour-free state dies out or grows
    tr = kirschner.simulate({"s1": s1}, initial={"E": free.state["E"], "T": 10.0, "IL": 0.0}, days=400)
    if stable:
        assert classify_outcome(tr) == "elimination"
    else:
        assert tr["T"].max() > 1e3


def test_kirschner_low_antigenicity_oscillates_high_antigenicity_damps():
    # eigenvalues: the tumour state is an unstable spiral below the Hopf point and a stable spiral above
    c_h = kirschner.hopf_antigenicity()
    assert 0.025 < c_h < 0.04
    low = [e for e in kirschner.equilibria({"c": 0.025}) if e.name != "tumour_free"][0]
    high = [e for e in kirschner.equilibria({"c": 0.045}) if e.name != "tumour_free"][0]
    assert max(np.real(low.eigenvalues)) > 0 and np.any(np.abs(np.imag(low.eigenvalues)) > 0)
    assert high.stability == "stable focus"
    # simulation: at c = 0.025 the tumour keeps relapsing (recurring peaks of more than 100x the troughs);
    # at c = 0.045 the swings die down
    tr = kirschner.simulate({"c": 0.025}, days=1500)
    T = tr["T"]
    late = T[tr.t > 500]
    peaks = np.nonzero((late[1:-1] > late[:-2]) & (late[1:-1] >= late[2:]) & (late[1:-1] > 1e4))[0]
    assert len(peaks) >= 4
    period = np.diff(tr.t[tr.t > 500][peaks + 1]).mean()
    assert 80 < period < 200
    assert late.max() / late.min() > 100 and late.min() >= 1.0
    assert classify_outcome(tr) == "equilibrium"
    damped = kirschner.simulate({"c": 0.045}, days=1500)["T"][-400:]
    assert damped.max() / damped.min() < 2


def test_kirschner_adoptive_transfer_clears_tumour_il2_alone_does_not():
    assert classify_outcome(kirschner.simulate(therapy="adoptive_t_cells")) == "elimination"
    assert classify_outcome(kirschner.simulate(therapy="il2")) != "elimination"


# ---------------------------------------------------------------- de Pillis et al. 2005


def test_depillis_lysis_rate_formula():
    p = {"d": 2.0, "l": 1.5, "s": 0.5}
    L, T = 3e5, 1e6
    r = (L / T) ** 1.5
    assert depillis.lysis_rate(L, T, p) == pytest.approx(2.0 * r / (0.5 + r), rel=1e-12)
    assert depillis.lysis_rate(0.0, T, p) == 0.0
    assert depillis.lysis_rate(L, 0.0, p) == 2.0


def test_depillis_parameter_sets_differ_and_default_is_mouse():
    from immunolib import content

    spec = content.model("depillis2005")
    assert spec.values("default") == spec.values("mouse")
    assert spec.values("human") != spec.values("mouse")


def test_depillis_tumour_free_state():
    eq = depillis.equilibria()
    free = eq[0]
    assert free.name == "tumour_free"
    assert free.state["N"] == pytest.approx(1.3e4 / 4.12e-2, rel=1e-12)
    assert sorted(free.eigenvalues) == pytest.approx(sorted([0.514 - 3.23e-7 * 1.3e4 / 4.12e-2, -4.12e-2, -2e-2]))


def test_depillis_innate_and_adaptive_each_contribute():
    arms = depillis.compare_immunity(initial={"T": 1e5, "L": 1e5}, days=200)
    outcome = {k: classify_outcome(v) for k, v in arms.items()}
    assert outcome["both"] == "elimination"
    assert outcome["innate_only"] == "escape" and outcome["adaptive_only"] == "escape"
    assert outcome["none"] == "escape"
    kills = depillis.kill_rates(arms["both"])
    assert kills["nk_total"][-1] > 0 and kills["cd8_total"][-1] > kills["nk_total"][-1]
    assert np.all(depillis.kill_rates(arms["innate_only"])["cd8"] == 0)


def test_depillis_tumour_challenge_size_decides():
    small = depillis.simulate(initial={"T": 1e4, "L": 1e5}, days=200)
    large = depillis.simulate(initial={"T": 1e7, "L": 1e5}, days=200)
    assert classify_outcome(small) == "elimination"
    assert classify_outcome(large) == "escape"


@pytest.mark.parametrize("ps", ["mouse", "human"])
def test_depillis_runs_with_both_parameter_sets(ps):
    tr = depillis.simulate(parameter_set=ps, days=100)
    assert tr.meta["parameter_set"] == ps
    assert all(np.all(v >= 0) and np.all(np.isfinite(v)) for v in tr.populations.values())


# ---------------------------------------------------------------- outcomes


def test_classify_stability_words():
    assert classify_stability([-1, -2]) == "stable node"
    assert classify_stability([-1 + 2j, -1 - 2j]) == "stable focus"
    assert classify_stability([1, 2]) == "unstable node"
    assert classify_stability([1 + 1j, 1 - 1j]) == "unstable focus"
    assert classify_stability([1, -1]) == "saddle"
    assert classify_stability([-10, 0.1 + 1j, 0.1 - 1j]) == "saddle focus"
    assert classify_stability([0.0, -1.0]) == "non-hyperbolic"


def test_equilibria_dispatch_and_unknown_model():
    assert [e.name for e in equilibria("kuznetsov1994")][0] == "tumour_free"
    with pytest.raises(ValueError, match="unknown model"):
        equilibria("nope")


def test_classify_outcome_rejects_non_tumour_trajectory():
    from immunolib.models import infection

    with pytest.raises(ValueError, match="tumour"):
        classify_outcome(infection.simulate(second_exposure=None))


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize("mod", [kuznetsov, kirschner, depillis], ids=lambda m: m.MODEL_ID)
@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"params": {"a": -0.1}}, "'a' must be in"),
        ({"params": {"a": float("nan")}}, "'a' must be a finite number"),
        ({"params": {"bogus": 1.0}}, "unknown parameter 'bogus'"),
        ({"days": 0}, "'days'"),
        ({"days": float("inf")}, "'days'"),
        ({"initial": {"T": -5}}, "initial"),
        ({"initial": {"Q": 1}}, "unknown initial population 'Q'"),
        ({"parameter_set": "rat"}, "no parameter set 'rat'"),
        ({"extinction_threshold": -1}, "extinction_threshold"),
        ({"points_per_day": 0}, "points_per_day"),
    ],
)
def test_tumour_models_validate_inputs(mod, kwargs, word):
    if "a" in kwargs.get("params", {}) and mod is kirschner:
        kwargs = {"params": {"r2": kwargs["params"]["a"]}}
        word = word.replace("'a'", "'r2'")
    with pytest.raises(ValueError, match=word):
        mod.simulate(**kwargs)
