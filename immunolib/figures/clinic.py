"""Lesson 07's panels from the clinic, drawn so they do not look like model output (:func:`clinic_panel`): the
approved medicines (:func:`medicines_table`), who responds (:func:`evidence_panel`) and the side effects
(:func:`side_effects_panel`), all from ``data/`` through :mod:`immunolib.content`.
"""

from __future__ import annotations

from html import escape

from immunolib import content
from immunolib.figures.html import data_table

__all__ = [
    "clinic_panel",
    "medicines",
    "medicines_table",
    "evidence_panel",
    "side_effects_panel",
]


def clinic_panel(title: str, body: str, sources=()) -> str:
    """A panel for facts from the clinic: a hospital-chart look (cream, a double border, a 'not a model' tag)."""
    refs = ", ".join(escape(r.id) for r in sources)
    foot = f"<p style='margin:6px 0 0 0;font-size:0.85em;color:#555'>Sources: {refs}</p>" if refs else ""
    return (
        f"<section class='immunolib-clinic' role='region' aria-label='{escape(title)}' "
        f"style='border:3px double #7a5c00;background:#fffaf0;padding:8px 12px;margin:6px 0;"
        f"max-width:900px;line-height:1.45'><p style='margin:0;font-size:0.8em;letter-spacing:0.06em;"
        f"color:#7a5c00'>FROM THE CLINIC · TRIALS AND APPROVALS · NOT MODEL OUTPUT</p>"
        f"<h3 style='margin:2px 0 6px 0'>{escape(title)}</h3>{body}{foot}</section>"
    )


def medicines() -> list[dict]:
    """Every medicine of ``data/immunotherapy_medicines.yaml`` merged with its antibody entry, if any.

    Returns dicts with ``id, name, brand, target, kind, year, indication, regulator, therapy, sources``.

    Raises
    ------
    ValueError
        A medicine with no year of first approval, or with one in both files.
    """
    out = []
    for m in content.collection("immunotherapy_medicines"):
        ab = content.record("antibody_drugs", m.antibody_drug) if getattr(m, "antibody_drug", None) else None
        own_year = getattr(m, "first_approval_year", None)
        ab_year = getattr(ab, "fda_first_approval", None) if ab else None
        if (own_year is None) == (ab_year is None):
            raise ValueError(
                f"data/immunotherapy_medicines.yaml, entry {m.id!r}: give first_approval_year "
                f"exactly once (here, or as fda_first_approval in data/antibody_drugs.yaml)"
            )
        srcs = list(m.sources) + (list(ab.sources) if ab else [])
        out.append(
            dict(
                id=m.id,
                name=ab.name if ab else m.name,
                brand=ab.brand if ab else m.brand,
                target=ab.target if ab else m.target,
                kind=m.kind,
                year=own_year or ab_year,
                indication=m.first_indication,
                regulator=m.regulator,
                therapy=getattr(m, "therapy", None),
                note=getattr(m, "note", None),
                sources=tuple(dict.fromkeys(srcs)),
            )
        )
    return out


def medicines_table() -> str:
    """The approved medicines as a table in a clinic panel, oldest approval first."""
    rows = []
    for m in sorted(medicines(), key=lambda m: (m["year"], m["name"])):
        rows.append(
            f"<tr><td><strong>{escape(m['name'])}</strong><br><small>{escape(m['brand'])}</small></td>"
            f"<td>{escape(m['kind'])}</td><td>{escape(m['target'])}</td>"
            f"<td>{m['year']} ({escape(m['regulator'])})</td><td>{escape(m['indication'])}</td>"
            f"<td><small>{escape(', '.join(m['sources']))}</small></td></tr>"
        )
    head = "".join(
        f"<th scope='col' style='text-align:left'>{h}</th>"
        for h in ("Medicine", "Kind", "Target", "First approved", "First approved for", "Sources")
    )
    return clinic_panel(
        "Approved immunotherapies: first approval and what for", data_table(head, rows, style="font-size:0.92em")
    )


def evidence_panel(kind: str | None = None) -> str:
    """Who responds, how often and how long (``kind="outcome"``) or biomarkers (``"biomarker"``); both if None."""
    if kind not in (None, "outcome", "biomarker"):
        raise ValueError(f"kind must be None, 'outcome' or 'biomarker'; got {kind!r}")
    items = [e for e in content.collection("immunotherapy_evidence") if kind is None or e.kind == kind]
    body = "".join(
        f"<p style='margin:4px 0'><strong>{escape(e.title)}.</strong> {escape(e.text)} "
        f"<small>[{escape(', '.join(e.sources))}]</small></p>"
        for e in items
    )
    title = {
        "outcome": "Who responds, how often, for how long",
        "biomarker": "Biomarkers: who is likely to respond",
        None: "Evidence from trials",
    }[kind]
    return clinic_panel(title, body)


def side_effects_panel() -> str:
    """Side effects of an over-active immune system, by organ, with their treatment (a clinic panel)."""
    rows = []
    for e in content.collection("immune_side_effects"):
        rows.append(
            f"<tr><td><strong>{escape(e.name)}</strong><br><small>{escape(e.kind)}</small></td>"
            f"<td>{escape(e.organ)}</td><td>{escape(e.looks_like)}</td><td>{escape(e.after)}</td>"
            f"<td>{escape(e.treatment)}</td><td><small>{escape(', '.join(e.sources))}</small></td></tr>"
        )
    head = "".join(
        f"<th scope='col' style='text-align:left'>{h}</th>"
        for h in ("Side effect", "Organ", "What it looks like", "After", "How it is treated", "Sources")
    )
    return clinic_panel(
        "When the released immune system attacks the body", data_table(head, rows, style="font-size:0.92em")
    )
