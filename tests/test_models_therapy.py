"""Therapy schedules, their validation, and agreement between therapy.py and data/therapies.yaml."""

import numpy as np
import pytest

from immunolib import content
from immunolib.models import depillis, kirschner, kuznetsov
from immunolib.models.core import Jump, Segment, SolverError, check_parameter, solve
from immunolib.models.outcomes import classify_outcome
from immunolib.models.therapy import COMBINATIONS, MAPPINGS, Schedule, Treatment, plan, supported_therapies


def test_code_mappings_agree_with_data_file():
    for th in content.therapies():
        if th.klass == "combination":
            assert COMBINATIONS[th.id] == th.combines
            continue
        assert {m.model for m in th.model_terms} == set(MAPPINGS[th.id]), th.id
        for m in th.model_terms:
            effect = MAPPINGS[th.id][m.model]
            assert effect.target in m.term or (effect.bolus_target or "") in m.term, (th.id, m.model)
    assert set(MAPPINGS) | set(COMBINATIONS) == {t.id for t in content.therapies()}


def test_every_therapy_has_a_caveat_that_says_simplification():
    for th in content.therapies():
        assert "simplification" in th.caveat, th.id
        assert th.sources


def test_schedule_dose_times_and_windows():
    s = Schedule(start=10, dose=0.5, interval=21, n_doses=3)
    assert s.dose_times() == (10.0, 31.0, 52.0)
    assert s.windows(40) == ((10.0, 31.0), (31.0, 40.0))
    inf = Schedule(start=5, dose=100, infusion=True, duration=10)
    assert inf.windows(365) == ((5.0, 15.0),)


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"start": -1}, "start"),
        ({"dose": float("nan")}, "dose"),
        ({"n_doses": 0}, "n_doses"),
        ({"n_doses": 2.5}, "n_doses"),
        ({"n_doses": 3, "interval": 0}, "interval"),
        ({"infusion": True, "n_doses": 2, "interval": 1}, "n_doses"),
        ({"duration": 0}, "duration"),
    ],
)
def test_schedule_rejects_nonsense(kwargs, word):
    with pytest.raises(ValueError, match=word):
        Schedule(**kwargs)


def test_unknown_or_unsupported_therapy_is_a_value_error_listing_options():
    with pytest.raises(ValueError, match="unknown therapy 'chemo'"):
        kuznetsov.simulate(therapy="chemo")
    with pytest.raises(ValueError, match="no representation in model 'kuznetsov1994'.*anti_pd1"):
        kuznetsov.simulate(therapy="il2")
    with pytest.raises(ValueError, match="dose of anti_pd1"):
        kuznetsov.simulate(therapy=Treatment("anti_pd1", Schedule(dose=2.0)))
    with pytest.raises(ValueError, match="infusion"):
        kuznetsov.simulate(therapy=Treatment("anti_pd1", Schedule(dose=0.5, infusion=True)))


def test_checkpoint_blockade_scales_the_documented_parameter_only_while_acting():
    p = {"m": 2.0, "p": 1.0}
    pl = plan(
        Treatment("anti_pd1", Schedule(start=10, dose=0.25, interval=20, n_doses=2)),
        "kuznetsov1994",
        p,
        ("E", "T"),
        100,
    )
    assert pl.segments == (Segment(10.0, 30.0, {"m": 1.5}), Segment(30.0, 50.0, {"m": 1.5}))
    both = plan(
        [
            Treatment("anti_pd1", Schedule(dose=0.5, duration=10)),
            Treatment("anti_ctla4", Schedule(start=5, dose=1.0, duration=10)),
        ],
        "kuznetsov1994",
        p,
        ("E", "T"),
        100,
    )
    assert both.segments == (
        Segment(0.0, 5.0, {"m": 1.0}),
        Segment(5.0, 10.0, {"m": 1.0, "p": 2.0}),
        Segment(10.0, 15.0, {"p": 2.0}),
    )


def test_cell_transfer_bolus_adds_cells_at_dose_times():
    tr = kuznetsov.simulate(
        therapy=Treatment("adoptive_t_cells", Schedule(start=20, dose=5e6)), days=40, points_per_day=4
    )
    k = np.searchsorted(tr.t, 20.0)
    # an output time that coincides with a dose shows the value just before it; the next one includes it
    assert tr["E"][k + 1] - tr["E"][k] > 4.5e6
    assert (20.0, "adoptive_t_cells: dose 5e+06") in tr.events


def test_therapies_change_outcomes_in_the_expected_direction():
    base = kuznetsov.simulate(initial={"T": 1e7}, days=365)
    treated = kuznetsov.simulate(initial={"T": 1e7}, days=365, therapy="adoptive_t_cells")
    assert treated["T"].min() < base["T"].min()
    pd1 = depillis.simulate(
        initial={"T": 1e6, "L": 1e6}, therapy=Treatment("anti_pd1", Schedule(dose=0.9, interval=21, n_doses=18))
    )
    assert classify_outcome(depillis.simulate(initial={"T": 1e6, "L": 1e6})) == "escape"
    assert pd1["T"][-1] <= depillis.simulate(initial={"T": 1e6, "L": 1e6})["T"][-1]
    assert classify_outcome(kirschner.simulate(therapy="act_plus_il2")) == "elimination"


def test_supported_therapies_lists_combinations():
    assert "act_plus_il2" in supported_therapies("kirschner1998")
    assert "act_plus_il2" not in supported_therapies("kuznetsov1994")
    assert "il2" not in supported_therapies("depillis2005")


# ---------------------------------------------------------------- the solver itself


def test_solver_exponential_decay_and_extinction_time():
    # dx/dt = -x (log variable): x = 1000 e^{-t} crosses 1 at t = ln 1000
    t = np.linspace(0, 10, 201)
    x, events, info = solve(
        "decay", lambda x, p: (-1.0,), [1000.0], t, {}, log_vars=(0,), extinction={0: 1.0}, names=["x"]
    )
    assert info["extinct"]["x"] == pytest.approx(np.log(1000.0), abs=1e-3)
    before = t < np.log(1000.0)
    assert np.allclose(x[before, 0], 1000 * np.exp(-t[before]), rtol=1e-5)
    assert np.all(x[~before, 0] == 0.0)


def test_solver_jump_reseeds_extinct_variable_and_budget_error():
    t = np.linspace(0, 10, 11)
    x, events, _ = solve(
        "j",
        lambda x, p: (-1.0,),
        [2.0],
        t,
        {},
        log_vars=(0,),
        extinction={0: 1.0},
        jumps=[Jump(5.0, 0, 100.0, "dose")],
        names=["x"],
    )
    assert x[4, 0] == 0.0 and x[5, 0] == 0.0  # the output at the jump time is the value before it
    assert x[6, 0] == pytest.approx(100.0 * np.exp(-1.0), rel=1e-5)
    assert (5.0, "dose") in events
    with pytest.raises(
        SolverError,
        match="the simulation stopped between day 0 and day 100: the solver needed "
        "more than 5 steps between two output times",
    ) as err:
        solve("stiff", lambda x, p: (1e6 * (1 - x[0]) * x[0] ** 3,), [2.0], np.linspace(0, 100, 3), {}, max_steps=5)
    assert "Integration successful" not in str(err.value)


def test_check_parameter_names_range():
    with pytest.raises(ValueError, match=r"'rate' must be in \[0, 1\]; got 2"):
        check_parameter("rate", 2, 0, 1)
