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
outcomes
    Steady states with their stability; elimination / equilibrium / escape.
core
    The :class:`Trajectory` result, input validation and the bounded solver.
"""

from immunolib.models.core import SolverError, Trajectory

__all__ = ["SolverError", "Trajectory", "MODULES"]

#: Model id -> module name, for code that picks a model by id.
MODULES = {
    "infection_response": "immunolib.models.infection",
    "clonal_selection": "immunolib.models.clonal",
    "kuznetsov1994": "immunolib.models.kuznetsov",
    "kirschner1998": "immunolib.models.kirschner",
    "depillis2005": "immunolib.models.depillis",
}
