"""The steps of the one ODE solver (immunolib.models.solver), each on a problem with a known answer."""

from __future__ import annotations

import math

import numpy as np
import pytest

from immunolib.models import core, solver
from immunolib.models.solver import Jump, Segment, SolverError, break_times, first_extinction, solve


def test_the_solver_names_stay_importable_from_core():
    for name in (
        "solve",
        "Jump",
        "Segment",
        "SolverError",
        "DEFAULT_MAX_STEPS",
        "DEFAULT_MAX_EVALUATIONS",
        "DEFAULT_CEILING",
    ):
        assert getattr(core, name) is getattr(solver, name), name


def test_exponential_decay_matches_the_exact_solution_and_goes_extinct_at_ln_100():
    t = np.linspace(0, 10, 201)
    x, events, info = solve(
        "decay", lambda x, p: (-p["k"],), [100.0], t, {"k": 1.0}, log_vars=(0,), extinction={0: 1.0}, names=["x"]
    )
    alive = t < math.log(100.0)
    assert np.allclose(x[alive, 0], 100.0 * np.exp(-t[alive]), rtol=1e-5)
    assert np.all(x[~alive, 0] == 0.0)
    assert info["extinct"]["x"] == pytest.approx(math.log(100.0), abs=1e-6)
    assert events == ((info["extinct"]["x"], "x fell below 1 and is counted as extinct"),)


def test_a_linear_variable_follows_a_segment_and_a_jump():
    """dx/dt = r with r = 1, r = 3 inside [2, 4), and +10 at day 5: x(6) = 6 + 2*2 + 10."""
    t = np.linspace(0, 6, 13)
    x, events, _ = solve(
        "ramp",
        lambda x, p: (p["r"],),
        [0.0],
        t,
        {"r": 1.0},
        segments=[Segment(2.0, 4.0, {"r": 3.0})],
        jumps=[Jump(5.0, 0, 10.0, "dose")],
    )
    assert x[-1, 0] == pytest.approx(20.0, rel=1e-6)
    assert x[list(t).index(5.0), 0] == pytest.approx(9.0, rel=1e-6)  # the value just before the jump
    assert events == ((5.0, "dose"),)


def test_a_jump_re_seeds_an_extinct_log_variable():
    t = np.linspace(0, 20, 201)
    x, events, info = solve(
        "reseed",
        lambda x, p: (-1.0,),
        [10.0],
        t,
        {},
        log_vars=(0,),
        extinction={0: 1.0},
        jumps=[Jump(10.0, 0, 50.0)],
        names=["x"],
    )
    assert info["extinct"]["x"] == pytest.approx(math.log(50.0) + 10.0, abs=1e-6)  # the second extinction
    assert x[list(t).index(12.0), 0] == pytest.approx(50.0 * math.exp(-2.0), rel=1e-5)


def test_two_jumps_within_round_off_are_both_applied():
    """Schedules can put two doses a float round-off apart; they merge into one break and BOTH count."""
    t = np.linspace(0, 4, 5)
    jumps = [Jump(2.0, 0, 1.0), Jump(2.0 + 1e-12, 0, 1.0), Jump(1e-12, 0, 5.0)]
    x, _, _ = solve("doses", lambda x, p: (0.0,), [0.0], t, {}, jumps=jumps)
    assert x[:, 0].tolist() == pytest.approx([5.0, 5.0, 5.0, 7.0, 7.0])  # a jump at 0 shows at 0


def test_break_times_merge_round_off_and_end_at_the_last_day():
    breaks, at = break_times(
        10.0,
        [Jump(3.0, 0, 1.0), Jump(3.0 + 1e-13, 1, 1.0), Jump(12.0, 0, 1.0)],
        [Segment(0.0, 5.0, {}), Segment(5.0 - 1e-12, 20.0, {})],
    )
    assert breaks == [3.0, 5.0 - 1e-12, 10.0]
    assert [j.index for j in at[3.0]] == [0, 1] and 12.0 not in at


def test_first_extinction_takes_the_earliest_variable_by_interpolating_ln_x():
    times = np.array([0.0, 1.0, 2.0])
    sol = np.log([[8.0, 4.0], [2.0, 1.5], [0.5, 0.25]])
    tc, i, row = first_extinction(sol, times, [3, 5], {3: 1.0, 5: 1.0})
    assert (i, row) == (5, 2)
    assert tc == pytest.approx(1.0 + math.log(1.5) / (math.log(1.5) - math.log(0.25)))
    assert first_extinction(sol, times, [3, 5], {}) is None


def test_a_failure_is_a_solver_error_in_words():
    with pytest.raises(SolverError, match=r"blowup: .*passed 1e\+15 on day"):
        solve("blowup", lambda x, p: (1.0,), [1.0], np.linspace(0, 100, 11), {}, log_vars=(0,))
    with pytest.raises(SolverError, match="could not be evaluated"):
        solve("bad", lambda x, p: (math.log(-1.0),), [1.0], np.linspace(0, 1, 3), {})
    with pytest.raises(ValueError, match="increasing grid"):
        solve("grid", lambda x, p: (0.0,), [1.0], [0.0, 2.0, 1.0], {})
