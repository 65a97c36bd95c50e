"""ipywidgets apps: controls plus one figure, updated in place. Callbacks are glue only (DESIGN.md).

Notebooks import every app from here (one way, checked by ``tests/test_notebook_imports.py``)::

    from immunolib.widgets import InfectionSimulator
    InfectionSimulator(second_exposure=30)

Layout: ``base.py`` holds what apps share (:class:`App`, :class:`SelectionApp` for "choose one item",
:class:`StepperApp` for "step through a sequence", ``@safe``, :func:`silenced`, :func:`check_choice`,
:func:`check_whole_number`, :func:`figure_widget`); each other module holds one lesson's app family
(``cells`` for lesson 02, ``organs`` for 03, ...; lesson 08 has ``review``, ``concept_map``, ``misconceptions`` and
``glossary``), and ``predict``/``quiz`` the components every lesson uses.
"""

from immunolib.widgets.antibody import AntibodyDiagram, AntibodyMechanisms, ClonalSelectionExplorer
from immunolib.widgets.base import (
    App,
    SelectionApp,
    StepperApp,
    check_choice,
    check_whole_number,
    figure_widget,
    safe,
    silenced,
)
from immunolib.widgets.cells import CellExplorer, LineageExplorer, ResponseStepper, SignalNetwork
from immunolib.widgets.compartments import ModelDiagram
from immunolib.widgets.concept_map import ConceptMapBuilder
from immunolib.widgets.glossary import GlossarySearch
from immunolib.widgets.immunoediting import EscapeMechanisms, ImmunoeditingOutcomes, MissingSelf, PhasePlaneExplorer
from immunolib.widgets.infection import InfectionSimulator
from immunolib.widgets.misconceptions import MisconceptionCheck
from immunolib.widgets.organs import BodyMap, TCellJourney
from immunolib.widgets.overview import InnateAdaptiveExplorer
from immunolib.widgets.predict import Predict, RecordAnswer
from immunolib.widgets.quiz import Quiz
from immunolib.widgets.review import ReviewQuiz
from immunolib.widgets.sorting import BranchSorter
from immunolib.widgets.tcells import CytokineExplorer, HelpRestraintSimulator, PresentationPathway
from immunolib.widgets.therapy_lab import CancerImmunityCycle, TherapyLab, TherapyPlacement

__all__ = [
    "App",
    "SelectionApp",
    "StepperApp",
    "safe",
    "silenced",
    "check_choice",
    "check_whole_number",
    "figure_widget",
    "Quiz",
    "Predict",
    "ModelDiagram",
    "RecordAnswer",
    "InnateAdaptiveExplorer",  # lesson 00
    "InfectionSimulator",
    "BranchSorter",  # lesson 01
    "CellExplorer",
    "LineageExplorer",
    "SignalNetwork",
    "ResponseStepper",  # lesson 02
    "BodyMap",
    "TCellJourney",  # lesson 03
    "AntibodyDiagram",
    "ClonalSelectionExplorer",
    "AntibodyMechanisms",  # lesson 04
    "PresentationPathway",
    "CytokineExplorer",
    "HelpRestraintSimulator",  # lesson 05
    "ImmunoeditingOutcomes",
    "PhasePlaneExplorer",
    "EscapeMechanisms",
    "MissingSelf",  # lesson 06
    "CancerImmunityCycle",
    "TherapyPlacement",
    "TherapyLab",  # lesson 07
    "ReviewQuiz",
    "ConceptMapBuilder",
    "MisconceptionCheck",
    "GlossarySearch",  # lesson 08
]
