"""The antibody lesson's diagrams: a labelled antibody (IgG and the other classes) and how antibodies act on cancer.

Two figures, both drawn with plotly shapes made of scatter traces, so that an app can restyle them in place:

* :func:`antibody_diagram` draws one antibody class (IgG as one Y; IgM as a pentamer; IgA as a secretory dimer;
  IgE and IgD as single units) domain by domain and highlights one part (heavy chains, light chains, binding
  sites, Fc region, hinge...). Heavy chains are blue and solid, light chains orange and hatched, variable domains
  have a dotted outline, and every domain carries its name (VH, CH1, VL...), so colour is never the only cue.
* :func:`mechanism_diagram` draws one way a therapeutic antibody acts on a cancer (blocking a receptor, ADCC,
  ADCP, complement, drug conjugate, checkpoint blockade, T-cell engager) for one medicine, with numbered steps
  that match the steps in ``data/antibody_mechanisms.yaml``.

What each part, class, mechanism and medicine *is* comes from the course data (``antibody_parts``, ``isotypes``,
``antibody_mechanisms``, ``antibody_drugs``); only drawing coordinates live here, each diagram's in its own
module (``geometry.py`` for the classes, ``scenes.py`` for the mechanisms).
"""

from immunolib.figures.antibody.common import HEAVY, JCHAIN, LIGHT, SECRETORY, SITE, ellipse
from immunolib.figures.antibody.mechanisms import (
    MECHANISM_TRACES,
    describe_mechanism,
    drug_table,
    drugs_for,
    mechanism_card,
    mechanism_diagram,
    show_mechanism,
)
from immunolib.figures.antibody.structure import (
    DOMAIN_TRACES,
    PART_DOMAINS,
    antibody_diagram,
    describe_antibody,
    isotype_table,
    part_card,
    show_antibody,
)

__all__ = [
    "PART_DOMAINS",
    "DOMAIN_TRACES",
    "antibody_diagram",
    "show_antibody",
    "describe_antibody",
    "isotype_table",
    "MECHANISM_TRACES",
    "mechanism_diagram",
    "show_mechanism",
    "describe_mechanism",
    "drug_table",
    "drugs_for",
    "mechanism_card",
    "part_card",
    "HEAVY",
    "LIGHT",
    "SITE",
    "JCHAIN",
    "SECRETORY",
    "ellipse",
]
