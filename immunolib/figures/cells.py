"""Figures of lesson 02, 'The cells of the immune system' — one module per diagram since issue 9.

* the **family tree** of immune cells: :mod:`immunolib.figures.lineage`;
* the **who signals whom** network: :mod:`immunolib.figures.signals`;
* a **response step by step**: :mod:`immunolib.figures.response_story`.

This module only re-exports their public names, so that ``from immunolib.figures import cells`` keeps working.
Import from the diagram's own module in new code.
"""

from immunolib.figures.lineage import (
    describe_lineage,
    highlight_lineage,
    lineage_focus,
    lineage_layout,
    lineage_node_html,
    lineage_nodes,
    lineage_path,
    lineage_tree,
)
from immunolib.figures.response_story import describe_step, response_cells, response_chart, show_step, step_html
from immunolib.figures.signals import (
    SignalEdge,
    describe_signals,
    highlight_signals,
    network_layout,
    short_signal,
    signal_edges,
    signal_list_html,
    signal_network,
)

__all__ = [
    # family tree
    "lineage_nodes",
    "lineage_layout",
    "lineage_path",
    "lineage_focus",
    "lineage_tree",
    "highlight_lineage",
    "describe_lineage",
    "lineage_node_html",
    # signalling network
    "SignalEdge",
    "signal_edges",
    "short_signal",
    "network_layout",
    "signal_network",
    "highlight_signals",
    "describe_signals",
    "signal_list_html",
    # one response, step by step
    "response_cells",
    "response_chart",
    "show_step",
    "describe_step",
    "step_html",
]
