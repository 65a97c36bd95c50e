"""Typed records of the further collections: the facts one lesson adds (a lineage tree, a journey, a list of
medicines), one ``data/<name>.yaml`` with a schema ``data/schema/<name>.json`` each.

Each class's fields are its schema's properties (``tests/test_content_records.py`` keeps them equal): required
properties first, optional ones default to ``None`` (or ``()`` for lists). :data:`TYPED` maps a collection's name
to its class; a collection without one (a new file with only a schema) gives plain :class:`Record` objects.

Example
-------
>>> from immunolib.content.records import build
>>> build(TYPED["therapy_lab_models"], {"id": "m", "model": "kuznetsov1994", "name": "Mouse", "species": "mouse",
...       "tumour": "BCL1", "parameter_source": "fit", "sources": ["kuznetsov1994"]}).sources
('kuznetsov1994',)
"""

from __future__ import annotations

from dataclasses import dataclass

from immunolib.content.records import Position, Record

__all__ = [
    "TYPED",
    "AntibodyDrug",
    "AntibodyMechanism",
    "AntibodyPart",
    "PresentationStep",
    "PresentationPathway",
    "CycleStep",
    "ModelCall",
    "Rounding",
    "Claim",
    "ConceptNode",
    "ConceptLink",
    "ConceptMapView",
    "Cytokine",
    "EscapeTerm",
    "EscapeMechanism",
    "SideEffect",
    "Evidence",
    "Medicine",
    "Isotype",
    "JourneyPlace",
    "JourneyStep",
    "Journey",
    "LineageNode",
    "Myth",
    "ResponseStep",
    "Response",
    "TopicItem",
    "ReviewTopic",
    "LabModel",
]


@dataclass(frozen=True, repr=False)
class AntibodyDrug(Record):
    """An entry of ``data/antibody_drugs.yaml``."""

    id: str
    name: str  #: the international non-proprietary name
    brand: str  #: a brand name
    target: str  #: the molecule the antibody binds
    target_on: str  #: which cells carry the target
    format: str  #: the kind of molecule
    mechanisms: tuple[str, ...]  #: how it works, main mechanism first (ids in data/antibody_mechanisms.yaml)
    cancers: tuple[str, ...]  #: examples of cancers it treats
    note: str  #: one thing worth knowing, for students
    sources: tuple[str, ...]
    fda_first_approval: int | None = None  #: year of first FDA approval; give it only with a source that states it
    therapy: str | None = None  #: the therapy in data/therapies.yaml it belongs to, if any


@dataclass(frozen=True, repr=False)
class AntibodyMechanism(Record):
    """An entry of ``data/antibody_mechanisms.yaml``."""

    id: str
    name: str  #: the mechanism's name
    short_name: str  #: a short label for menus, at most 40 characters
    binds: str  #: one of cancer_cell, immune_cell, both
    who_kills: str  #: who or what actually harms the cancer cell, in a few words
    partner_cells: tuple[str, ...]  #: cells or molecules (ids in data/cells.yaml) the antibody recruits
    summary: str  #: the mechanism in one or two sentences
    steps: tuple[str, ...]  #: what happens, in order; step k is drawn as the number k in the diagram
    limits: str  #: what limits it, for students
    sources: tuple[str, ...]


@dataclass(frozen=True, repr=False)
class AntibodyPart(Record):
    """An entry of ``data/antibody_parts.yaml``."""

    id: str
    name: str  #: the part's name
    short_name: str  #: a short label for menus and the diagram, at most 28 characters
    what_it_is: str  #: what the part is made of, for students
    what_it_does: str  #: what the part does, for students
    sources: tuple[str, ...]
    glossary: tuple[str, ...] = ()  #: related terms (ids in data/glossary.yaml)


@dataclass(frozen=True, repr=False)
class PresentationStep(Record):
    """One step of an antigen-presentation pathway: what happens, and where."""

    title: str  #: short label drawn in the diagram
    where: str  #: where in (or outside) the cell it happens
    text: str  #: what happens, at most about 60 words


@dataclass(frozen=True, repr=False)
class PresentationPathway(Record):
    """An entry of ``data/antigen_presentation.yaml``."""

    id: str
    name: str  #: where the protein comes from, as a menu label (at most 40 characters)
    summary: str  #: the pathway in one sentence
    mhc_class: str  #: one of I, II, I and II
    presented_by: str  #: which cells show the peptide, in a few words
    seen_by: tuple[str, ...]  #: the T cells (ids in data/cells.yaml) that recognise the peptide-MHC at the end
    steps: tuple[PresentationStep, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, repr=False)
class CycleStep(Record):
    """An entry of ``data/cancer_immunity_cycle.yaml``."""

    id: str
    number: int
    name: str
    short: str  #: label on the diagram
    where: str
    what_happens: str  #: what happens at this step, at most 60 words
    how_tumours_break_it: str  #: how tumours break this step, at most 60 words
    therapies: tuple[str, ...]  #: therapies of data/therapies.yaml that act at (or enter the cycle at) this step
    sources: tuple[str, ...]
    other_interventions: tuple[str, ...] = ()  #: treatments that act here but are not in data/therapies.yaml
    fails_in_cold_tumour: bool | None = None


@dataclass(frozen=True, repr=False)
class ModelCall(Record):
    """The model call a claim recomputes: the function, its arguments and what is measured."""

    function: str  #: one of simulate, clonal_expansion
    measure: str
    args: Record | None = None  #: keyword arguments of the function (antigen and params for clonal_expansion)


@dataclass(frozen=True, repr=False)
class Rounding(Record):
    """How a claim's number is rounded before it is quoted."""

    method: str  #: one of decimals, nearest, significant, millions
    digits: int | None = None
    step: float | None = None


@dataclass(frozen=True, repr=False)
class Claim(Record):
    """An entry of ``data/claims.yaml``."""

    id: str
    where: str  #: the file that quotes the number, relative to the repository root
    quote: str  #: the words around the number, exactly as in the file (whitespace may differ)
    model: str  #: the model id (data/models/<id>.yaml)
    call: ModelCall
    value: float  #: the value the model gave when the entry was written (before rounding)
    rounding: Rounding
    shown: str  #: the number as the quote shows it
    sources: tuple[str, ...]  #: sources of the model whose output is quoted
    section: str | None = None
    divide_by: ModelCall | None = None  #: for a ratio: the call whose measure divides the first


@dataclass(frozen=True, repr=False)
class ConceptNode(Record):
    """A box of a concept map; it may stand for a cell, organ, glossary term or therapy."""

    id: str  #: unique within the view
    label: str  #: the name drawn on the map
    kind: str  #: one of cell, molecule, organ, process, therapy, outcome
    x: float
    y: float
    cell: str | None = None  #: id(s) in cells
    organ: str | None = None  #: id(s) in organs
    term: str | None = None  #: id(s) in glossary
    therapy: str | None = None  #: id(s) in therapies
    note: str | None = None  #: the card's text (at most 40 words); needed when the node names no record


@dataclass(frozen=True, repr=False)
class ConceptLink(Record):
    """An arrow of a concept map with its label and why it holds."""

    source: str  #: a node id of this view
    target: str  #: a node id of this view
    label: str  #: the right label: 'source — label → target' reads as a sentence
    explanation: str  #: why, shown after the check (at most 40 words)


@dataclass(frozen=True, repr=False)
class ConceptMapView(Record):
    """An entry of ``data/concept_map.yaml``."""

    id: str
    title: str
    notebook: str  #: the lesson this view reviews, without .ipynb
    nodes: tuple[ConceptNode, ...]
    links: tuple[ConceptLink, ...]
    sources: tuple[str, ...]
    distractors: tuple[str, ...] = ()  #: wrong labels added to the menu


@dataclass(frozen=True, repr=False)
class Cytokine(Record):
    """An entry of ``data/cytokines.yaml``."""

    id: str
    name: str  #: the cytokine's usual name
    made_by: tuple[str, ...]  #: the groups of cells that make it (grid columns)
    heard_by: tuple[str, ...]  #: the groups of cells that respond to it (grid columns)
    what_it_does: str  #: what it does, at most 60 words
    medicine: str  #: the medicine that uses or blocks it, and for what
    medicine_kind: str  #: how medicine uses it
    sources: tuple[str, ...]


@dataclass(frozen=True, repr=False)
class EscapeTerm(Record):
    """How one model represents a tumour escape mechanism: a parameter scaled by a factor."""

    model: str  #: a model id (a file in data/models/)
    parameter: str  #: the parameter that is multiplied
    factor: float  #: the multiplier, relative to the paper's value (1 = unchanged)
    term: str  #: what that parameter is, in words


@dataclass(frozen=True, repr=False)
class EscapeMechanism(Record):
    """An entry of ``data/escape_mechanisms.yaml``."""

    id: str
    name: str  #: the mechanism's name
    short_name: str  #: a menu label, at most 40 characters
    what_happens: str  #: the biology in one or two sentences (at most about 60 words)
    model_terms: tuple[EscapeTerm, ...]  #: how the mechanism enters each model (empty for the baseline)
    caveat: str  #: why the mapping is an assumption, in plain words
    sources: tuple[str, ...]
    therapy_link: str | None = None  #: what a therapy does about it (lesson 07), if anything


@dataclass(frozen=True, repr=False)
class SideEffect(Record):
    """An entry of ``data/immune_side_effects.yaml``."""

    id: str
    name: str
    kind: str
    organ: str
    looks_like: str
    after: str
    treatment: str
    sources: tuple[str, ...]


@dataclass(frozen=True, repr=False)
class Evidence(Record):
    """An entry of ``data/immunotherapy_evidence.yaml``."""

    id: str
    kind: str  #: one of outcome, biomarker
    title: str
    text: str  #: at most about 80 words
    sources: tuple[str, ...]
    medicines: tuple[str, ...] = ()  #: id(s) in immunotherapy_medicines


@dataclass(frozen=True, repr=False)
class Medicine(Record):
    """An entry of ``data/immunotherapy_medicines.yaml``."""

    id: str
    kind: str
    first_indication: str
    regulator: str  #: one of FDA, EMA
    sources: tuple[str, ...]
    antibody_drug: str | None = None
    name: str | None = None
    brand: str | None = None
    target: str | None = None
    therapy: str | None = None
    first_approval_year: int | None = None
    note: str | None = None


@dataclass(frozen=True, repr=False)
class Isotype(Record):
    """An entry of ``data/isotypes.yaml``."""

    id: str
    name: str  #:
    heavy_chain: str  #: the heavy-chain type that defines the class
    form: str  #: the molecule's form in words
    drawn_as: str  #: which form the diagram draws, in words
    units: int  #: one of 1, 2, 5
    binding_sites: int  #: antigen-binding sites of the drawn form
    constant_domains: int  #: constant domains of each heavy chain
    hinge: str  #: one of none, short, long
    j_chain: bool  #: whether the drawn form has a J chain
    secretory_component: bool  #: whether the drawn form carries a secretory component
    where: str  #: where in the body it is found
    what_for: str  #: what it is for
    structure: str  #: what is special about its structure
    sources: tuple[str, ...]


@dataclass(frozen=True, repr=False)
class JourneyPlace(Record):
    """Where a journey step happens: an organ (``organ``) or a free place (``place`` with ``position``)."""

    organ: str | None = None  #: id of an organ in data/organs.yaml; its position is used
    place: str | None = None  #: name of a place that is not an organ of data/organs.yaml
    position: Position | None = None


@dataclass(frozen=True, repr=False)
class JourneyStep(Record):
    """One step of a cell's journey: where it is, which cells are there, what happens."""

    id: str  #: lower_snake_case identifier, unique within the journey
    title: str
    stage: str  #: what the travelling cell is called at this step
    text: str  #: what happens at this step, for students
    where: JourneyPlace  #: an organ (organ: <id>) or a free place (place: <name> with position: {x, y})
    cells: tuple[str, ...]  #: cell types and molecules (ids in data/cells.yaml) that take part in this step
    sources: tuple[str, ...]
    count: int | None = None  #: how many copies of the cell to draw at this step (schematic;


@dataclass(frozen=True, repr=False)
class Journey(Record):
    """An entry of ``data/journeys.yaml``."""

    id: str
    title: str
    summary: str  #: the whole journey in one or two sentences
    cell: str  #: the cell type that travels (its colour and marker are used on the map)
    steps: tuple[JourneyStep, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, repr=False)
class LineageNode(Record):
    """An entry of ``data/lineage.yaml``."""

    id: str
    name: str  #: full name
    short_name: str  #: label drawn on the diagram
    parent: str  #: id of the node this one develops from; null only for the stem cell at the root
    lineage: str  #: one of stem, myeloid, lymphoid
    where: tuple[str, ...]  #: organs (ids in data/organs.yaml) where this step of development happens
    summary: str  #: what happens at this step, in one to three sentences
    sources: tuple[str, ...]
    also_from: tuple[str, ...] = ()  #: other nodes this cell type can also arise from (drawn as dashed arrows)
    cell: str | None = None  #: the entry of data/cells.yaml this node is, if any (progenitors have none)


@dataclass(frozen=True, repr=False)
class Myth(Record):
    """An entry of ``data/misconceptions.yaml``."""

    id: str
    myth: str  #: the wrong idea, as a student might say it
    fact: str  #: the correction, at most 60 words (a test counts them)
    notebook: str  #: the lesson where the course meets it, without .ipynb
    sources: tuple[str, ...]
    term: str | None = None  #: optional: a glossary term to look up


@dataclass(frozen=True, repr=False)
class ResponseStep(Record):
    """One step of an immune response story."""

    title: str
    text: str  #: what happens in this step, for students
    where: str  #: the organ or tissue (id in data/organs.yaml) where the step happens
    cells: tuple[str, ...]  #: cells and molecules (ids in data/cells.yaml) that take part in this step
    sources: tuple[str, ...]
    site: str | None = None  #: optional, more precise place in words


@dataclass(frozen=True, repr=False)
class Response(Record):
    """An entry of ``data/responses.yaml``."""

    id: str
    title: str
    summary: str  #: the whole story in one or two sentences
    steps: tuple[ResponseStep, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, repr=False)
class TopicItem(Record):
    """One quiz question a review topic revisits, and what the student reads to answer it."""

    question: str  #: id of a question in data/quizzes/08_review.yaml
    reads: str  #: one of text, figure, output
    figure: str | None = None  #: with reads: figure, which figure of immunolib.figures.review to draw


@dataclass(frozen=True, repr=False)
class ReviewTopic(Record):
    """An entry of ``data/review_topics.yaml``."""

    id: str
    title: str  #: the topic as the score table shows it
    notebook: str
    items: tuple[TopicItem, ...]
    sources: tuple[str, ...]
    section: str | None = None


@dataclass(frozen=True, repr=False)
class LabModel(Record):
    """An entry of ``data/therapy_lab_models.yaml``."""

    id: str
    model: str
    name: str
    species: str
    tumour: str
    parameter_source: str
    sources: tuple[str, ...]


#: The typed record class of each further collection, by the collection's name.
TYPED = {
    "antibody_drugs": AntibodyDrug,
    "antibody_mechanisms": AntibodyMechanism,
    "antibody_parts": AntibodyPart,
    "antigen_presentation": PresentationPathway,
    "cancer_immunity_cycle": CycleStep,
    "claims": Claim,
    "concept_map": ConceptMapView,
    "cytokines": Cytokine,
    "escape_mechanisms": EscapeMechanism,
    "immune_side_effects": SideEffect,
    "immunotherapy_evidence": Evidence,
    "immunotherapy_medicines": Medicine,
    "isotypes": Isotype,
    "journeys": Journey,
    "lineage": LineageNode,
    "misconceptions": Myth,
    "responses": Response,
    "review_topics": ReviewTopic,
    "therapy_lab_models": LabModel,
}
