"""The infection model reproduces the textbook kinetics; the clonal model selects, expands, remembers.

Textbook ranges (Murphy, Weaver & Berg, Janeway's Immunobiology; Abbas et al.): innate response within hours,
peaking in the first days; primary adaptive lag of 4-7 days and peak at 7-10 days, IgM before IgG;
secondary lag of 1-3 days, peak 3-5 days after the second exposure, 100-1000 times more antibody.
"""

import numpy as np
import pytest

from immunolib.models import clonal, infection


@pytest.fixture(scope="module")
def two_exposures():
    tr = infection.simulate(second_exposure=60)
    return tr, infection.response_kinetics(tr)


def test_innate_response_within_hours_peaking_in_first_days(two_exposures):
    _, (first, _) = two_exposures
    assert first["innate_onset"] < 0.5  # within 12 hours
    assert 0.5 <= first["innate_peak"] <= 3.0  # peaks in the first days


def test_primary_adaptive_response(two_exposures):
    _, (first, _) = two_exposures
    assert 4.0 <= first["lag"] <= 7.0
    assert 7.0 <= first["effector_peak"] <= 10.0
    assert 7.0 <= first["IgM_peak"] <= 10.0
    assert first["IgM_peak"] < first["IgG_peak"]  # IgM first, then IgG


def test_primary_response_is_igm_first_until_at_least_day_7(two_exposures):
    """From the first detectable antibody (the lag) to day 7, IgM is above IgG; IgM peaks before IgG."""
    tr, (first, _) = two_exposures
    t = tr.t
    window = (t >= first["lag"]) & (t <= 7.0)
    assert window.sum() >= 10
    assert np.all(tr["IgM"][window] > tr["IgG"][window])
    assert first["IgM_peak"] < first["IgG_peak"]
    # IgG does appear later in the first response (class switching), it is not absent
    assert tr["IgG"][t < 60].max() > 0.3 * tr["IgM"][t < 60].max()


def test_secondary_response_is_igg_dominated_at_its_peak(two_exposures):
    tr, _ = two_exposures
    second = tr.t >= 60
    k = np.argmax(tr["antibody"][second])
    assert tr["IgG"][second][k] >= 10 * tr["IgM"][second][k]


def test_igm_rises_before_igg(two_exposures):
    tr, _ = two_exposures
    t = tr.t
    # IgM is detectable (1 % of its primary peak) before IgG is
    first = t < 60
    t_igm = t[first][np.argmax(tr["IgM"][first] > 0.01 * tr["IgM"][first].max())]
    t_igg = t[first][np.argmax(tr["IgG"][first] > 0.01 * tr["IgG"][first].max())]
    assert t_igm < t_igg
    # the secondary response is IgG: at its peak IgG is more than 10 times IgM
    k = np.argmax(tr["antibody"][~first])
    assert tr["IgG"][~first][k] > 10 * tr["IgM"][~first][k]


def test_secondary_response_is_faster_and_larger(two_exposures):
    _, (first, second) = two_exposures
    assert 1.0 <= second["lag"] <= 3.0
    assert 3.0 <= second["effector_peak"] <= 5.0
    assert 3.0 <= second["production_peak"] <= 5.0
    ratio = second["peak_antibody"] / first["peak_antibody"]
    assert 100 <= ratio <= 1000
    assert second["lag"] < first["lag"] and second["effector_peak"] < first["effector_peak"]


def test_pathogen_cleared_and_never_negative(two_exposures):
    tr, _ = two_exposures
    assert len(tr.meta["cleared"]) == 2
    assert tr["pathogen"][-1] == 0.0
    for name, v in tr.populations.items():
        assert np.all(v >= 0), name


def test_vaccinated_host_responds_like_a_second_exposure():
    naive = infection.response_kinetics(infection.simulate(second_exposure=None))[0]
    vacc = infection.response_kinetics(infection.simulate(second_exposure=None, vaccinated=True))[0]
    assert vacc["lag"] < naive["lag"] and vacc["effector_peak"] < naive["effector_peak"]
    assert vacc["peak_antibody"] > 100 * naive["peak_antibody"]


def test_dose_and_second_exposure_day_are_inputs():
    a = infection.simulate(dose=1e3, second_exposure=40)
    b = infection.simulate(dose=1e6, second_exposure=40)
    assert a.meta["exposures"] == (0.0, 40.0) and a.t[-1] == 70.0
    assert b["pathogen"].max() > a["pathogen"].max()


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"dose": -1}, "dose"),
        ({"dose": float("nan")}, "dose"),
        ({"second_exposure": 0}, "second_exposure"),
        ({"second_exposure": 50, "days": 40}, "second_exposure"),
        ({"second_dose": 10, "second_exposure": None}, "second_dose"),
        ({"vaccinated": "yes"}, "vaccinated"),
        ({"params": {"rho": -1}}, "rho"),
        ({"params": {"zzz": 1}}, "zzz"),
    ],
)
def test_infection_validates_inputs(kwargs, word):
    with pytest.raises(ValueError, match=word):
        infection.simulate(**kwargs)


# ---------------------------------------------------------------- clonal selection


def test_same_seed_same_result_other_seed_other_repertoire():
    a = clonal.clonal_expansion(seed=3, days=20, maturation=True)
    b = clonal.clonal_expansion(seed=3, days=20, maturation=True)
    c = clonal.clonal_expansion(seed=4, days=20)
    assert np.array_equal(a.effector, b.effector) and np.array_equal(a.shapes, b.shapes)
    assert not np.array_equal(a.shapes[:400], c.shapes)


def test_only_fitting_clones_expand():
    res = clonal.clonal_expansion(days=20)
    peak = res.effector.max(axis=0)
    sel = res.selected()
    assert 0 < len(sel) < len(res.affinity)
    # every clone in the top 5 is above the affinity threshold; clones far from the antigen never expand
    assert set(res.top_clones(5).tolist()) <= set(sel.tolist())
    far = res.affinity < 0.05
    assert peak[far].max() < 1e-3 * peak.max()
    # the best-fitting clone expands most
    assert int(res.top_clones(1)[0]) == int(np.argmax(res.affinity))


def test_second_exposure_starts_from_memory():
    res = clonal.clonal_expansion(days=60, second_exposure=30)
    tot = res.totals()
    t, E = tot.t, tot["effector"]
    first, second = t < 30, t >= 30
    assert tot["memory"][np.searchsorted(t, 29.9)] > 0
    t1 = t[first][np.argmax(E[first])]
    t2 = t[second][np.argmax(E[second])] - 30
    assert t2 < t1 and E[second].max() > E[first].max()


def test_affinity_maturation_improves_the_best_fit():
    plain = clonal.clonal_expansion(days=30)
    matured = clonal.clonal_expansion(days=30, maturation=True)
    assert len(matured.affinity) > len(plain.affinity)
    mutants = matured.parent >= 0
    assert matured.affinity[mutants].max() > plain.affinity.max()
    assert np.all(matured.born[mutants] > 0)


def test_clonal_outputs_are_plot_ready_and_non_negative():
    res = clonal.clonal_expansion(days=15)
    n_t, n = len(res.t), len(res.affinity)
    for arr in (res.naive, res.effector, res.memory):
        assert arr.shape == (n_t, n) and np.all(arr >= 0)
    assert res.totals().names == ("naive", "effector", "memory", "antigen")


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"antigen": (2, 0)}, "antigen"),
        ({"n_clones": 0}, "n_clones"),
        ({"seed": -1}, "seed"),
        ({"days": 0}, "days"),
        ({"second_exposure": 99, "days": 30}, "second_exposure"),
        ({"params": {"rho": float("inf")}}, "rho"),
        ({"maturation": 1}, "maturation"),
    ],
)
def test_clonal_validates_inputs(kwargs, word):
    with pytest.raises(ValueError, match=word):
        clonal.clonal_expansion(**kwargs)


@pytest.mark.parametrize("dose", [1e2, 1e3, 1e4, 1e5, 1e6, 1e7])
def test_every_dose_is_cleared_and_none_lingers(dose):
    """No chronic low-level pathogen: resident innate clearance finishes off the last organisms."""
    tr = infection.simulate(dose=dose, second_exposure=None, days=60)
    assert tr["pathogen"][-1] == 0.0
    assert tr["pathogen"][tr.t >= 30].max() == 0.0


def test_small_inoculum_is_cleared_by_innate_defences_alone():
    small = infection.simulate(dose=1e2, second_exposure=None, days=40)
    default = infection.simulate(dose=1e4, second_exposure=None, days=40)
    assert small["pathogen"][small.t >= 5].max() == 0.0
    # it leaves hardly any antibody: well under 1 % of the default infection's
    assert (small["IgM"] + small["IgG"]).max() < 0.01 * (default["IgM"] + default["IgG"]).max()
