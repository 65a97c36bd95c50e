"""Arguments of the wrong type get a TypeError/ValueError that names the argument (issue 10, item 4).

Before, ``therapy=5``, ``Schedule(start="5")``, ``clonal_expansion({'rho': 10})`` or
``outcomes.equilibria(['kuznetsov1994'])`` failed deep inside with a TypeError about ints or lists, or
(``Schedule(start="5")``) were stored as text and crashed later.
"""

import math

import pytest

from immunolib.models import clonal, core, depillis, infection, kirschner, kuznetsov, outcomes, therapy
from immunolib.models.core import ArgumentTypeError

S = therapy.Schedule
BAD_CALLS = [
    ("therapy", lambda: kuznetsov.simulate(therapy=5)),
    ("therapy", lambda: kuznetsov.simulate(therapy=[5])),
    ("therapy", lambda: kirschner.simulate(therapy={"il2": 1})),
    ("days", lambda: kuznetsov.simulate(days="100")),
    ("points_per_day", lambda: depillis.simulate(points_per_day="4")),
    ("params", lambda: kuznetsov.simulate(params=[("s", 1.0)])),
    ("'s'", lambda: kuznetsov.simulate({"s": "2e4"})),
    ("'s'", lambda: kuznetsov.simulate({"s": None})),
    ("initial", lambda: kuznetsov.simulate(initial=[1, 2])),
    ("initial['T']", lambda: kuznetsov.simulate(initial={"T": "5"})),
    ("parameter_set", lambda: kuznetsov.simulate(parameter_set=1)),
    ("extinction_threshold", lambda: kirschner.simulate(extinction_threshold=None)),
    ("start", lambda: S(start="5")),
    ("interval", lambda: S(interval="1e3", n_doses=2)),
    ("dose", lambda: S(dose=[1.0])),
    ("n_doses", lambda: S(n_doses=2.0)),
    ("infusion", lambda: S(infusion="yes")),
    ("duration", lambda: S(duration="3")),
    ("therapy", lambda: therapy.Treatment(5, S())),
    ("schedule", lambda: therapy.Treatment("anti_pd1", {"start": 0})),
    ("antigen", lambda: clonal.clonal_expansion({"rho": 10})),
    ("antigen", lambda: clonal.clonal_expansion("ab")),
    ("antigen", lambda: clonal.clonal_expansion((0.5, "0.5"))),
    ("n_clones", lambda: clonal.clonal_expansion(n_clones=10.0)),
    ("seed", lambda: clonal.clonal_expansion(seed="1")),
    ("maturation", lambda: clonal.clonal_expansion(maturation=1)),
    ("second_exposure", lambda: clonal.clonal_expansion(second_exposure="5")),
    ("n_clones", lambda: clonal.repertoire("5")),
    ("model", lambda: outcomes.equilibria(["kuznetsov1994"])),
    ("trajectory", lambda: outcomes.classify_outcome("tr")),
    ("population", lambda: outcomes.classify_outcome(kuznetsov.simulate(days=10), population=3)),
    ("low", lambda: kirschner.hopf_antigenicity(low=math.nan)),
    ("low", lambda: kirschner.hopf_antigenicity(low="0")),
    ("high", lambda: kirschner.hopf_antigenicity(high=None)),
    ("params", lambda: kirschner.equilibria(params=5)),
    ("params", lambda: kirschner.s1_threshold(params="s2")),
    ("trajectory", lambda: depillis.kill_rates("x")),
    ("params", lambda: depillis.compare_immunity(5)),
    ("dose", lambda: infection.simulate(dose="1e4")),
    ("vaccinated", lambda: infection.simulate(vaccinated="yes")),
    ("second_exposure", lambda: infection.simulate(second_exposure="60")),
    ("trajectory", lambda: infection.response_kinetics(None)),
    ("E0", lambda: kuznetsov.nondimensional(E0="1e6")),
    ("'x'", lambda: core.check_parameter("x", "1")),
    ("days", lambda: core.time_grid("10", 1)),
    ("k", lambda: clonal.clonal_expansion(days=5).top_clones(k="1")),
    ("by", lambda: clonal.clonal_expansion(days=5).top_clones(by=5)),
    ("threshold", lambda: clonal.clonal_expansion(days=5).selected(threshold="0.5")),
    ("model_id", lambda: therapy.supported_therapies(["kuznetsov1994"])),
    ("therapy_id", lambda: therapy.default_schedule(5, "kuznetsov1994", 365)),
    ("days", lambda: therapy.default_schedule("anti_pd1", "kuznetsov1994", "365")),
]


@pytest.mark.parametrize("name, call", BAD_CALLS, ids=[f"{i}-{n}" for i, (n, _) in enumerate(BAD_CALLS)])
def test_a_wrong_argument_is_named(name, call):
    with pytest.raises((TypeError, ValueError)) as err:
        call()
    msg = str(err.value)
    assert name in msg, msg
    assert type(err.value).__module__.startswith("immunolib") or type(err.value) in (ValueError,), (
        f"{type(err.value).__name__} from deep inside: {msg}"
    )


def test_argument_type_errors_are_both_type_and_value_errors():
    assert issubclass(ArgumentTypeError, TypeError) and issubclass(ArgumentTypeError, ValueError)


def test_a_schedule_stores_numbers_as_floats():
    import numpy as np

    s = S(start=np.int64(5), dose=np.float32(0.5), interval=7, n_doses=2)
    assert (type(s.start), type(s.dose), type(s.interval)) == (float, float, float)
    assert s.dose_times() == (5.0, 12.0)
