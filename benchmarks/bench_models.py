"""Benchmark: one slider-sized simulation of each model (prints; asserts nothing).

A widget update must fit a 16 ms animation frame, so the target is a median of at most 10 ms for a year of
tumour dynamics and a month of infection. For each ODE model the same right-hand side is also solved with
scipy's default ``solve_ivp`` settings (RK45, rtol 1e-3, atol 1e-6, linear variables, same output grid)
in the same run, and the ratio is printed (below 1 means immunolib is faster).

The slowest calls a caller can make within the documented ranges (clonal with 5000 clones and 2000
mutants for a year; each ODE model for 10 years at 48 points a day) are run once each in a fresh
process, which prints their CPU time and its peak resident memory: targets 2 s per call and 500 MB in
all (issue 10). The peak is the child's own (``VmHWM``): Linux's ``ru_maxrss`` carries a parent's peak
over fork and exec, which is why a test that read it inside pytest once saw 504 MB in CI for a run that
peaks at about 200 MB. The test suite checks only what the largest call allocates (tracemalloc).

Run:  python benchmarks/bench_models.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

from immunolib.models import clonal, depillis, infection, kirschner, kuznetsov
from immunolib.models.core import resolve_parameters

REPEATS = 30


def median_ms(fn, repeats=REPEATS) -> float:
    fn()  # warm-up (loads data, imports)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def scipy_default(mod, model_id, x0, days, log_index, ppd):
    """solve_ivp with default settings on the same equations in linear variables."""
    p = resolve_parameters(model_id)
    t_eval = np.linspace(0, days, int(days * ppd) + 1)

    def f(_t, y):
        x = [max(v, 0.0) for v in y]
        d = list(mod.rhs(x, p))
        for i in log_index:
            d[i] *= x[i]
        return d

    return lambda: solve_ivp(f, (0, days), x0, t_eval=t_eval)


SLOWEST = """
import resource, time


def peak_mb():
    # VmHWM is this process's own peak (a new address space at exec); ru_maxrss on Linux carries the parent's
    # peak over fork + exec, so a child of a large process (pytest, make bench) would report its parent's size.
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


from immunolib import content
from immunolib.models import clonal, depillis, infection, kirschner, kuznetsov
content.load().check()  # reading the data is not part of a model call
print(f"{'(data loaded)':45s} {'':>8s} {peak_mb():8.0f}")
calls = {
    "clonal, 5000 clones + 2000 mutants, a year": lambda: clonal.clonal_expansion(
        n_clones=5000, maturation=True, params={"max_mutants": 2000, "mutants_per_day": 50}, days=365,
        points_per_day=1.5),
    "kuznetsov, 10 years at 48 points a day": lambda: kuznetsov.simulate(days=3650, points_per_day=48),
    "kirschner, 10 years at 48 points a day": lambda: kirschner.simulate(days=3650, points_per_day=48),
    "depillis, 10 years at 48 points a day": lambda: depillis.simulate(days=3650, points_per_day=48),
    "infection, 10 years at 48 points a day": lambda: infection.simulate(days=3650, points_per_day=48),
}
for name, call in calls.items():
    t = time.process_time()
    call()
    rss = peak_mb()
    print(f"{name:45s} {time.process_time() - t:8.2f} {rss:8.0f}")
"""


def slowest() -> None:
    """The slowest in-range calls, in a fresh process: CPU seconds and peak resident MB so far."""
    print(f"{'slowest in-range call':45s} {'CPU s':>8s} {'RSS MB':>8s}")
    out = subprocess.run([sys.executable, "-c", SLOWEST], capture_output=True, text=True, timeout=600)
    print(out.stdout.rstrip() if out.returncode == 0 else f"failed: {out.stderr[-1500:]}")
    print("targets: <= 2 s of CPU time per call, <= 500 MB resident for the process")


def main() -> None:
    slowest()
    print()
    rows = []
    kz = resolve_parameters("kuznetsov1994")
    cases = [
        (
            "kuznetsov1994, 365 days",
            lambda: kuznetsov.simulate(days=365),
            scipy_default(kuznetsov, "kuznetsov1994", [kz["s"] / kz["d"], 1e6], 365, (1,), 4),
        ),
        (
            "kirschner1998, 365 days",
            lambda: kirschner.simulate(days=365),
            scipy_default(kirschner, "kirschner1998", [1e4, 1e4, 0.0], 365, (1,), 4),
        ),
        ("kirschner1998 + ACT, 365 days", lambda: kirschner.simulate(days=365, therapy="adoptive_t_cells"), None),
        (
            "depillis2005, 365 days",
            lambda: depillis.simulate(days=365),
            scipy_default(depillis, "depillis2005", [1e6, 1.3e4 / 4.12e-2, 0.0], 365, (0,), 4),
        ),
        ("depillis2005 + anti-PD-1, 365 days", lambda: depillis.simulate(days=365, therapy="anti_pd1"), None),
        (
            "infection_response, 30 days",
            lambda: infection.simulate(second_exposure=None, days=30),
            scipy_default(
                infection, "infection_response", [1e4, 1e3, 1.1 * 1e4 / (1e4 + 1e4), 0, 0, 0, 0, 0], 30, (0,), 8
            ),
        ),
        ("infection_response, 2 exposures, 90 days", lambda: infection.simulate(second_exposure=60), None),
        ("clonal_selection, 400 clones, 30 days", lambda: clonal.clonal_expansion(days=30), None),
    ]
    print(f"{'simulation':45s} {'median ms':>10s} {'scipy default ms':>17s} {'ratio':>7s}")
    for name, ours, ref in cases:
        m = median_ms(ours)
        if ref is not None:
            try:
                r = median_ms(ref, repeats=10)
                rows.append((name, m, r))
                print(f"{name:45s} {m:10.2f} {r:17.2f} {m / r:7.2f}")
            except Exception as exc:  # noqa: BLE001 - printed, never fatal
                print(f"{name:45s} {m:10.2f} {'failed: ' + type(exc).__name__:>17s}")
        else:
            print(f"{name:45s} {m:10.2f} {'':>17s} {'':>7s}")
        rows.append((name, m, None))
    slow = [n for n, m, _ in rows if m > 10.0]
    print("target <= 10 ms median:", "met by every simulation" if not slow else f"missed by {', '.join(set(slow))}")


if __name__ == "__main__":
    main()
