"""Every number quoted from a simulation still comes out of the simulation (``data/claims.yaml``).

A notebook, an exercise solution or an instructor note that quotes a number from a model ("a lag of about 4.1
days") lists it in ``data/claims.yaml``: where it is quoted, the words around it, the model call, the value and
the rounding. This test recomputes every entry. When a model change moves a quoted number, the failure names the
file, the section and the sentence to update, and the number the model now gives.

The helpers :func:`measure` and :func:`shown` are also what a contributor uses to fill in a new entry.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from immunolib import content
from immunolib.figures import clonal as clonal_figures
from immunolib.figures import infection as infection_figures
from immunolib.models import clonal, infection

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------------------------------------
# Running a claim's model call
# ------------------------------------------------------------------------------------------------


def plain(x):
    """A claim (a :class:`immunolib.content.Record`) or part of one as plain dicts and lists."""
    if isinstance(x, content.Record):
        return {k: plain(getattr(x, k)) for k in x.fields()}
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    return x


def _freeze(x):
    if isinstance(x, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in x.items()))
    if isinstance(x, list):
        return ("__list__",) + tuple(_freeze(v) for v in x)
    return x


def _thaw(x):
    if isinstance(x, tuple) and x[:1] == ("__list__",):
        return [_thaw(v) for v in x[1:]]
    if isinstance(x, tuple):
        return {k: _thaw(v) for k, v in x}
    return x


@cache
def _run(model: str, function: str, frozen_args):
    args = _thaw(frozen_args)
    if model == "infection_response" and function == "simulate":
        return infection.simulate(**args)
    if model == "clonal_selection" and function == "clonal_expansion":
        args = dict(args)
        antigen = tuple(args.pop("antigen", (0.5, 0.5)))
        return clonal.clonal_expansion(antigen, args.pop("params", None), **args), antigen
    raise ValueError(f"unknown model call {model}.{function}")


def measure(model: str, call) -> float:
    """The number a claim's ``call`` measures (see the ``measure`` field of data/schema/claims.json)."""
    call = plain(call)
    what = call["measure"]
    result = _run(model, call["function"], _freeze(call.get("args") or {}))
    if model == "infection_response":
        tr = result
        m = re.fullmatch(r"response\[(\d+)\]\.(\w+)", what)
        if m:
            value = getattr(infection_figures.response_numbers(tr)[int(m.group(1)) - 1], m.group(2))
            return float("nan") if value is None else float(value)
        m = re.fullmatch(r"(IgM|IgG)_at_day:([\d.]+)", what)
        if m:
            return float(tr[m.group(1)][int(np.argmin(np.abs(tr.t - float(m.group(2)))))])
        if what == "IgM_above_IgG_until":
            first = infection_figures.response_numbers(tr)[0]
            after = tr.t >= first.lag
            return float(tr.t[after][int(np.argmax(tr["IgG"][after] > tr["IgM"][after]))])
        m = re.fullmatch(r"IgG_over_IgM_at_peak:(\d+)", what)
        if m:
            k = int(m.group(1)) - 1
            days = list(tr.meta["exposures"]) + [math.inf]
            window = (tr.t >= days[k]) & (tr.t < days[k + 1])
            i = int(np.argmax(tr["antibody"][window]))
            return float(tr["IgG"][window][i] / tr["IgM"][window][i])
    if model == "clonal_selection":
        res, antigen = result
        if what.startswith("summary."):
            return float(clonal_figures.clonal_summary(res, antigen)[what.split(".", 1)[1]])
        m = re.fullmatch(r"memory_at_day:([\d.]+)", what)
        if m:
            return float(res.memory[int(np.argmin(np.abs(res.t - float(m.group(1)))))].sum())
    raise ValueError(f"unknown measure {what!r} for model {model!r}")


def claim_value(claim) -> float:
    """Recompute a claim: its model call's measure, divided by ``divide_by``'s if it has one."""
    claim = plain(claim)
    value = measure(claim["model"], claim["call"])
    if claim.get("divide_by"):
        value = value / measure(claim["model"], claim["divide_by"])
    return value


def shown(x: float, rounding) -> str:
    """A value as the text quotes it, rounded by the claim's ``rounding`` rule."""
    rounding = plain(rounding)
    method = rounding["method"]
    if method == "decimals":
        return f"{x:,.{rounding['digits']}f}"
    if method == "nearest":
        step = rounding["step"]
        return f"{round(x / step) * step:,.0f}"
    if method == "significant":
        if rounding["digits"] != 2:
            raise ValueError("only 2 significant figures are supported (immunolib.figures.clonal.sig2)")
        return clonal_figures.sig2(x)
    if method == "millions":
        return f"{x / 1e6:.{rounding['digits']}f} million"
    raise ValueError(f"unknown rounding method {method!r}")


# ------------------------------------------------------------------------------------------------
# Where the claims are quoted
# ------------------------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@cache
def _prose(where: str) -> str:
    path = ROOT / where
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    """The text from the heading that contains ``heading`` up to the next heading of the same or a higher level."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"(#+)\s", line)
        if m and heading in line:
            level = len(m.group(1))
            end = next(
                (
                    j
                    for j in range(i + 1, len(lines))
                    if re.match(r"#+\s", lines[j]) and len(re.match(r"(#+)", lines[j]).group(1)) <= level
                ),
                len(lines),
            )
            return "\n".join(lines[i:end])
    raise AssertionError(f"no heading containing {heading!r}")


CLAIMS = content.collection("claims")


def test_claims_are_loaded_and_cover_the_lessons_that_quote_simulations():
    files = {c.where for c in CLAIMS}
    assert {
        "notebooks/01_innate_vs_adaptive.ipynb",
        "docs/instructor/01_innate_vs_adaptive.md",
        "notebooks/04_antibodies_and_b_cells.ipynb",
        "docs/instructor/04_antibodies_and_b_cells.md",
    } <= files
    assert len({c.id for c in CLAIMS}) == len(CLAIMS)


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_quoted_number_still_comes_out_of_the_model(claim):
    where = f"{claim.where}" + (f', section "{claim.section}"' if getattr(claim, "section", None) else "")
    value = claim_value(claim)
    now = shown(value, claim.rounding)
    assert now == claim.shown, (
        f"{claim.id}: the model now gives {value:.6g}, shown as {now!r}, but {where} quotes {claim.shown!r} in: "
        f"“{_squash(claim.quote)}”. Update that sentence (and this entry's value and shown in data/claims.yaml)."
    )
    assert shown(claim.value, claim.rounding) == claim.shown, (
        f"{claim.id}: data/claims.yaml records value {claim.value}, which does not round to {claim.shown!r}"
    )


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_the_file_still_quotes_the_number_where_the_claim_says(claim):
    assert claim.shown in _squash(claim.quote), f"{claim.id}: {claim.shown!r} is not in its quote"
    text = _prose(claim.where)
    if getattr(claim, "section", None):
        text = _section(text, claim.section)
    assert _squash(claim.quote) in _squash(text), (
        f"{claim.id}: {claim.where} no longer contains “{_squash(claim.quote)}”"
        + (f' in the section "{claim.section}"' if getattr(claim, "section", None) else "")
        + ". If the sentence was reworded, update the quote in data/claims.yaml; if the number changed, "
        "recompute it."
    )


def test_a_moved_number_fails_and_names_the_sentence(monkeypatch):
    """The check can fail: with weaker innate killing the pathogen is cleared later, and the failure names
    the exercise whose sentence quotes the old day."""
    claim = next(c for c in CLAIMS if c.id == "nb01_ex2_cleared_naive")
    slower = infection.simulate(second_exposure=None, params={"k_I": 0.5e-6})
    moved = infection_figures.response_numbers(slower)[0].cleared
    assert shown(moved, claim.rounding) != claim.shown
    with pytest.raises(AssertionError, match="Exercise 2: the vaccinated person"):
        monkeypatch.setattr(_run_module(), "claim_value", lambda c: moved)
        test_quoted_number_still_comes_out_of_the_model(claim)


def _run_module():
    import sys

    return sys.modules[__name__]


@pytest.mark.parametrize(
    "x, rounding, text",
    [
        (4.125, {"method": "decimals", "digits": 1}, "4.1"),
        (73.7, {"method": "nearest", "step": 10}, "70"),
        (88488.3, {"method": "nearest", "step": 100}, "88,500"),
        (15231.0, {"method": "significant", "digits": 2}, "15,000"),
        (1523104.9, {"method": "millions", "digits": 2}, "1.52 million"),
    ],
)
def test_rounding_rules(x, rounding, text):
    assert shown(x, rounding) == text


def test_a_broken_claims_file_names_the_entry_and_field(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    text = (data / "claims.yaml").read_text(encoding="utf-8")
    (data / "claims.yaml").write_text(text.replace("method: decimals", "method: roughly", 1), encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"claims.yaml: entry '[a-z0-9_]+': field 'rounding.method'"):
        content.Content(data).collection("claims")
