"""ipywidgets apps: controls plus one figure, updated in place. Callbacks are glue only (DESIGN.md)."""

from immunolib.widgets.base import App, safe
from immunolib.widgets.overview import InnateAdaptiveExplorer
from immunolib.widgets.quiz import Quiz

__all__ = ["App", "safe", "InnateAdaptiveExplorer", "Quiz"]
