"""The documented ranges are honest: one parameter at either end of its range, the others at their defaults,
gives a result inside what a body can hold (issue 10, item 3).

Several parameters at their extremes together can still make a model grow without limit; then the run stops
with a SolverError that says so (tests/test_models_ranges.py). The infection model's ranges are kept as they
are while its values are being re-tuned (u_A max, A_dose max, d_A min, K_A min, rho max, delta_E min and
mu_M max each make the response pass 1e12 cells on their own today): every end must give a result or a
SolverError in words.
"""

import warnings

import pytest

from immunolib import content
from immunolib.models import clonal, depillis, infection, kirschner, kuznetsov
from immunolib.models.core import SolverError

TUMOUR = {"kuznetsov1994": kuznetsov, "kirschner1998": kirschner, "depillis2005": depillis}
LIMIT = 1e15


def ends(model_id, set_id="default"):
    spec = content.model(model_id)
    return [
        (name, which, v) for name, (lo, hi) in spec.ranges(set_id).items() for which, v in (("min", lo), ("max", hi))
    ]


@pytest.mark.parametrize(
    "model_id, set_id",
    [("kuznetsov1994", "default"), ("kirschner1998", "default"), ("depillis2005", "mouse"), ("depillis2005", "human")],
)
def test_every_tumour_parameter_end_gives_a_bounded_result(model_id, set_id):
    bad = []
    for name, which, v in ends(model_id, set_id):
        try:
            tr = TUMOUR[model_id].simulate({name: v}, days=365, parameter_set=set_id)
            top = max(float(x.max()) for x in tr.populations.values())
            if top > 1e13:
                bad.append(f"{name}={v:g} ({which}): {top:.2g}")
        except SolverError as exc:
            bad.append(f"{name}={v:g} ({which}): {exc}")
    assert not bad, bad


def test_every_clonal_parameter_end_gives_a_bounded_result():
    bad = []
    for name, _which, v in ends("clonal_selection"):
        try:
            r = clonal.clonal_expansion(params={name: v}, days=60, second_exposure=30)
            if r.effector.max() > 1e13:
                bad.append(f"{name}={v:g}: {r.effector.max():.2g}")
        except SolverError as exc:
            bad.append(f"{name}={v:g}: {exc}")
    assert not bad, bad


def test_infection_parameter_ends_give_a_result_or_say_why():
    """Every end of every infection range: a finite result, or a SolverError naming what grew too large."""
    for name, _which, v in ends("infection_response"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                tr = infection.simulate({name: v})
            except SolverError as exc:
                msg = str(exc)
                assert msg.startswith("infection_response: ") and "Integration successful" not in msg, msg
                continue
        assert all(float(x.max()) <= LIMIT and float(x.min()) >= 0 for x in tr.populations.values()), (name, v)
