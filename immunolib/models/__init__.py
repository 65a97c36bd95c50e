"""Pure numerics of the course's simulations (numpy and scipy only; no plotting, no widgets).

Every simulation returns a :class:`~immunolib.models.core.Trajectory`: times, named populations and
their units. Parameters come from ``data/models/<id>.yaml`` through :mod:`immunolib.content`, each with
units, meaning, allowed range and source; keyword overrides are validated against those ranges.

Modules
-------
infection
    Innate and adaptive response to an infection; primary and secondary (memory) responses.
clonal
    Clonal selection and expansion of a seeded lymphocyte repertoire, with optional affinity maturation.
kuznetsov, kirschner, depillis
    Three published tumour--immune models (Kuznetsov et al. 1994; Kirschner & Panetta 1998;
    de Pillis, Radunskaya & Wiseman 2005).
therapy
    Treatment schedules and how each therapy enters each model.
stability
    :class:`~immunolib.models.stability.Equilibrium` and the stability words (below the tumour models).
registry
    The one table from model id to module (above the models): ``registry.module("kuznetsov1994")``.
outcomes
    Steady states of a model by id; elimination / equilibrium / escape (above the models).
core
    The :class:`Trajectory` result, input validation and parameter resolution.
solver
    The one bounded, positivity-preserving ODE solver behind every model, in named steps.
breaks
    The plan of a solver run: doses (:class:`~immunolib.models.breaks.Jump`), drug windows
    (:class:`~immunolib.models.breaks.Segment`) and the break times where the solver restarts.

Layers, each importing only those before it: ``breaks -> solver -> core -> therapy, stability -> the five models ->
registry -> outcomes -> regimens, phase_plane, balance``. ``tests/test_import_graph.py`` checks there is no
import circle.
"""

from immunolib.models.core import SolverError, Trajectory

__all__ = ["SolverError", "Trajectory", "MODULES"]


def __getattr__(name: str):
    """``MODULES`` (model id -> module) is :data:`immunolib.models.registry.MODULES`, imported on first use.

    Importing it lazily keeps ``import immunolib.models`` light and keeps the package's ``__init__`` out of
    the import graph of the models it lists.
    """
    if name == "MODULES":
        from immunolib.models.registry import MODULES

        return MODULES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
