"""ipywidgets apps: controls plus one figure, updated in place. Callbacks are glue only (DESIGN.md).

Every app can be imported from here or from its lesson's module::

    from immunolib.widgets import InfectionSimulator
    InfectionSimulator(second_exposure=30)
"""

from immunolib.widgets.antibody import AntibodyDiagram, AntibodyMechanisms, ClonalSelectionExplorer
from immunolib.widgets.base import App, SelectionApp, check_choice, figure_widget, safe
from immunolib.widgets.compartments import ModelDiagram
from immunolib.widgets.cells import CellExplorer, LineageExplorer, ResponseStepper, SignalNetwork
from immunolib.widgets.infection import InfectionSimulator
from immunolib.widgets.immunoediting import EscapeMechanisms, ImmunoeditingOutcomes, MissingSelf, PhasePlaneExplorer
from immunolib.widgets.organs import BodyMap, TCellJourney
from immunolib.widgets.overview import InnateAdaptiveExplorer
from immunolib.widgets.predict import Predict, RecordAnswer
from immunolib.widgets.quiz import Quiz
from immunolib.widgets.review import ConceptMapBuilder, GlossarySearch, MisconceptionCheck, ReviewQuiz
from immunolib.widgets.sorting import BranchSorter
from immunolib.widgets.tcells import CytokineExplorer, HelpRestraintSimulator, PresentationPathway
from immunolib.widgets.therapy_lab import CancerImmunityCycle, TherapyLab, TherapyPlacement

__all__ = [
    "App", "SelectionApp", "safe", "check_choice", "figure_widget", "Quiz", "Predict", "ModelDiagram", "RecordAnswer",
    "InnateAdaptiveExplorer",                                             # lesson 00
    "InfectionSimulator", "BranchSorter",                                 # lesson 01
    "CellExplorer", "LineageExplorer", "SignalNetwork", "ResponseStepper",  # lesson 02
    "BodyMap", "TCellJourney",                                            # lesson 03
    "AntibodyDiagram", "ClonalSelectionExplorer", "AntibodyMechanisms",   # lesson 04
    "PresentationPathway", "CytokineExplorer", "HelpRestraintSimulator",  # lesson 05
    "ImmunoeditingOutcomes", "PhasePlaneExplorer", "EscapeMechanisms", "MissingSelf",  # lesson 06
    "CancerImmunityCycle", "TherapyPlacement", "TherapyLab",              # lesson 07
    "ReviewQuiz", "ConceptMapBuilder", "MisconceptionCheck", "GlossarySearch",  # lesson 08
]
