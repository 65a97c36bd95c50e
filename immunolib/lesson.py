"""Small helpers that notebooks call between the prose: environment check, glossary, tables, parameter tables,
folded blocks and reference lists.

This is the ONE module a notebook imports prose helpers from (apps come from :mod:`immunolib.widgets`; the rule is
checked by ``tests/test_notebook_imports.py``). Every helper returns something that displays itself: an IPython
``HTML`` object, or an :class:`~immunolib.figures.html.HtmlBlock` (a ``str`` of HTML with ``_repr_html_``) for
the tables that :mod:`immunolib.figures` builds, so a notebook cell stays one readable line, never wraps anything
in ``HTML(...)``, never defines a helper of its own and never reads ``data/`` by path (DESIGN.md).
"""

from __future__ import annotations

import importlib.metadata as md
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from IPython.display import HTML

from immunolib import content
from immunolib.content.notebook import data_problem, data_problem_html, install_data_problem_display
from immunolib.figures import cards
from immunolib.figures.html import HtmlBlock, data_table

__all__ = [
    "Requirement",
    "REQUIREMENTS",
    "MIN_PYTHON",
    "check_environment",
    "environment_report",
    "references",
    "branch_comparison",
    "glossary",
    "parameter_table",
    "folded",
    "data_problem",
    "data_problem_html",
    "install_data_problem_display",
    "HtmlBlock",
    # tables and panels of the lessons (built in immunolib.figures, shown here)
    "organ_table",  # noqa: F822 - re-exported lazily by __getattr__ (_REEXPORTED)
    "isotype_table",
    "drug_table",
    "balance_table",  # noqa: F822 - re-exported lazily by __getattr__ (_REEXPORTED)
    "kirschner_parameter_table",  # noqa: F822 - re-exported lazily by __getattr__ (_REEXPORTED)
    "escape_parameter_table",  # noqa: F822 - re-exported lazily by __getattr__ (_REEXPORTED)
    "regimen_table",  # noqa: F822 - re-exported lazily by __getattr__ (_REEXPORTED)
    "medicines_table",
    "evidence_panel",
    "side_effects_panel",
]


@dataclass(frozen=True)
class Requirement:
    """A package the course needs, with its lowest working version."""

    package: str
    minimum: str
    why: str


#: The oldest Python the course runs on (the same as ``requires-python`` in pyproject.toml, the README and the
#: Makefile; a test keeps them in step).
MIN_PYTHON = (3, 11)

#: What the notebooks need (the same lower bounds as pyproject.toml; a test keeps them in step).
REQUIREMENTS = (
    Requirement("jupyterlab", "4.2", "the notebook interface"),
    Requirement("ipywidgets", "8.1", "sliders, menus and buttons"),
    Requirement("plotly", "6.1", "interactive figures"),
    Requirement("anywidget", "0.9", "lets plotly figures update live"),
    Requirement("numpy", "1.24", "numbers"),
    Requirement("scipy", "1.10", "the simulations"),
    Requirement("pyyaml", "6.0", "reading the course data"),
    Requirement("jsonschema", "4.18", "checking the course data"),
)


def _version_tuple(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v)[:3])


def check_environment(requirements: Iterable[Requirement] = REQUIREMENTS) -> list[str]:
    """Return the problems with this Python environment, in words (an empty list when all is well).

    Example
    -------
    >>> check_environment([Requirement("surely-not-installed-pkg", "1.0", "nothing")])
    ['surely-not-installed-pkg is missing (needed for nothing): install surely-not-installed-pkg>=1.0']
    """
    problems = []
    if sys.version_info < MIN_PYTHON:
        need = ".".join(map(str, MIN_PYTHON))
        problems.append(f"Python {sys.version.split()[0]} is too old: the course needs Python {need} or newer")
    for r in requirements:
        try:
            have = md.version(r.package)
        except md.PackageNotFoundError:
            problems.append(f"{r.package} is missing (needed for {r.why}): install {r.package}>={r.minimum}")
            continue
        if _version_tuple(have) < _version_tuple(r.minimum):
            problems.append(f"{r.package} {have} is too old (needed for {r.why}): install {r.package}>={r.minimum}")
    try:
        content.load().check()
    except content.ContentError as exc:
        problems.append(f"the course data has a problem: {exc}")
    return problems


def environment_report() -> HTML:
    """An HTML verdict on the environment: a green tick, or the list of what is missing and how to fix it.

    The text does not show version numbers, so a stored notebook looks the same on every machine.
    """
    problems = check_environment()
    if not problems:
        return HTML(
            f"<p role='status' style='color:#006e4f'><strong>✔ Ready.</strong> Python, the "
            f"{len(REQUIREMENTS)} packages the course needs and the course data are all in place.</p>"
        )
    items = "".join(f"<li style='white-space:pre-wrap'>{escape(p)}</li>" for p in problems)
    return HTML(
        f"<div role='alert' style='color:#a33b00'><p><strong>✘ Something is missing.</strong> "
        f"Fix these, then restart the kernel (Kernel ▸ Restart):</p><ul>{items}</ul></div>"
    )


def references(*things) -> HTML:
    """The full citations behind some records or reference ids, as an HTML list (for a References section).

    Parameters
    ----------
    *things : str, records, or iterables of records
        Reference ids, or anything with ``.sources`` (cells, organs, branches...), or lists of those.
    """
    flat: list = []
    for t in things:
        if isinstance(t, str) or hasattr(t, "sources"):
            flat.append(t)
        else:
            flat.extend(t)
    try:
        return HTML(cards.reference_list(content.cite(*flat)))
    except content.ContentError as exc:  # a broken data file: a friendly box, the lesson goes on
        return data_problem(exc)


def _fold(html: str, summary: str) -> str:
    """Fold some HTML behind a summary line (a ``<details>`` element): read on demand, not before the app."""
    return (
        f"<details class='immunolib-folded'><summary style='cursor:pointer'><strong>{escape(summary)}"
        f"</strong></summary>{html}</details>"
    )


def branch_comparison(folded: bool = False) -> HTML:
    """A table comparing innate and adaptive immunity (speed, specificity, memory, receptors, barriers).

    With ``folded=True`` the table opens on a click (the text budget of a lesson counts what is unfolded)."""
    try:
        return _branch_comparison(folded)
    except content.ContentError as exc:
        return data_problem(exc)


def _branch_comparison(folded: bool) -> HTML:
    innate, adaptive = content.branch("innate"), content.branch("adaptive")
    rows = [
        ("Also called", ", ".join(innate.also_called), ", ".join(adaptive.also_called)),
        ("Speed", innate.speed, adaptive.speed),
        ("Specificity", innate.specificity, adaptive.specificity),
        ("Memory", innate.memory, adaptive.memory),
        ("Receptors", innate.receptors, adaptive.receptors),
        ("Barriers", "; ".join(innate.barriers) or "—", "; ".join(adaptive.barriers) or "—"),
        (
            "Members",
            ", ".join(content.cell(i).name for i in innate.members),
            ", ".join(content.cell(i).name for i in adaptive.members),
        ),
    ]
    body = [
        f"<tr><th scope='row' style='text-align:left;vertical-align:top'>{escape(a)}</th>"
        f"<td style='text-align:left;vertical-align:top'>{escape(b)}</td>"
        f"<td style='text-align:left;vertical-align:top'>{escape(c)}</td></tr>"
        for a, b, c in rows
    ]
    head = "".join(
        f"<th scope='col' style='text-align:left'>{escape(h)}</th>" for h in ("Feature", innate.name, adaptive.name)
    )
    html = data_table(head, body, caption="Innate and adaptive immunity compared")
    return HTML(_fold(html, "The two branches compared, row by row: click to open") if folded else html)


def glossary(*term_ids: str, folded: bool = False) -> HTML:
    """Definitions of some glossary terms (all of them when none are named), as an HTML definition list.

    With ``folded=True`` the list opens on a click ("Words you will need")."""
    try:
        terms = [content.term(t) for t in term_ids] if term_ids else list(content.glossary())
    except content.ContentError as exc:
        return data_problem(exc)
    items = "".join(
        f"<dt><strong>{escape(t.term)}</strong></dt><dd style='margin:0 0 6px 16px'>{escape(t.definition)}</dd>"
        for t in terms
    )
    html = f"<dl class='immunolib-glossary'>{items}</dl>"
    return HTML(_fold(html, f"Words you will need ({len(terms)}): click to open") if folded else html)


def parameter_table(model_id: str, set_id: str = "default", folded: bool = False) -> HTML:
    """The parameter table of a model (DSAIRM's "The model"): symbol, meaning, value, unit and sources, read
    from ``data/models/<model_id>.yaml``, so the table always shows what the simulation uses.

    Example
    -------
    >>> html = parameter_table("infection_response").data
    >>> "<th scope='col'>unit</th>" in html and "<th scope='col'>sources</th>" in html
    True
    """
    spec = content.model(model_id)
    ps = spec.parameter_set(set_id)
    rows = [
        f"<tr><td><code>{escape(p.symbol)}</code></td><td style='text-align:left'>{escape(p.meaning)}</td>"
        f"<td>{p.value:.3g}</td><td>{escape(p.units)}</td><td>{escape(', '.join(p.sources))}</td></tr>"
        for p in ps.parameters
    ]
    head = (
        "<th scope='col'>symbol</th><th scope='col' style='text-align:left'>what it is</th>"
        "<th scope='col'>value</th><th scope='col'>unit</th><th scope='col'>sources</th>"
    )
    caption = f"Parameters of {escape(spec.title)} ({escape(ps.label)})"
    html = data_table(head, rows, caption=caption, kind="parameters")
    return HTML(
        _fold(html, f"The {len(ps.parameters)} parameters, with units and sources: click to open") if folded else html
    )


def folded(html: str, summary: str) -> HTML:
    """Show some HTML (a table from this module, e.g. :func:`organ_table`) folded behind a one-line summary.

    Example
    -------
    >>> "<details" in folded("<table></table>", "The table").data
    True
    """
    return HTML(_fold(html, summary))


# -- the lessons' tables and panels: built (and tested) in immunolib.figures, shown from here ---------------------

#: Tables that :mod:`immunolib.figures` returns as an :class:`HtmlBlock` already: re-exported as they are, imported
#: when first asked for (so that importing this module reads no lesson's data): name -> module.
_REEXPORTED = {
    "organ_table": "immunolib.figures.body",  # lesson 03: the organs grouped by type
    "balance_table": "immunolib.figures.tcells",  # lesson 05: help/restraint runs side by side
    "kirschner_parameter_table": "immunolib.figures.tcells",  # lesson 05: the Kirschner–Panetta parameters
    "escape_parameter_table": "immunolib.figures.immunoediting",  # lesson 06: what each escape mechanism changes
    "regimen_table": "immunolib.figures.therapy_lab",  # lesson 07: outcomes of some regimens, computed now
}


def __getattr__(name: str):
    if name in _REEXPORTED:
        import importlib

        value = getattr(importlib.import_module(_REEXPORTED[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_REEXPORTED))


# The tables below are built as plain strings in immunolib.figures; shown here as an HtmlBlock.


def isotype_table(isotypes=None) -> HtmlBlock:
    """Lesson 04: the antibody classes (:func:`immunolib.figures.antibody.isotype_table`)."""
    from immunolib.figures import antibody

    return HtmlBlock(antibody.isotype_table(isotypes))


def drug_table(drugs=None) -> HtmlBlock:
    """Lesson 04: antibody medicines (:func:`immunolib.figures.antibody.drug_table`)."""
    from immunolib.figures import antibody

    return HtmlBlock(antibody.drug_table(drugs))


def medicines_table() -> HtmlBlock:
    """Lesson 07: the approved immunotherapies (:func:`immunolib.figures.therapy_lab.medicines_table`)."""
    from immunolib.figures import therapy_lab

    return HtmlBlock(therapy_lab.medicines_table())


def evidence_panel(kind: str | None = None) -> HtmlBlock:
    """Lesson 07: who responds (``"outcome"``) or biomarkers (``"biomarker"``)
    (:func:`immunolib.figures.therapy_lab.evidence_panel`)."""
    from immunolib.figures import therapy_lab

    return HtmlBlock(therapy_lab.evidence_panel(kind))


def side_effects_panel() -> HtmlBlock:
    """Lesson 07: side effects by organ and their treatment.

    See :func:`immunolib.figures.therapy_lab.side_effects_panel`.
    """
    from immunolib.figures import therapy_lab

    return HtmlBlock(therapy_lab.side_effects_panel())
