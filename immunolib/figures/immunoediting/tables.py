"""The parameter tables of lesson 06's "The model" sections: a model's parameters, the escape mechanisms' terms."""

from __future__ import annotations

from html import escape

from immunolib import content
from immunolib.figures import html
from immunolib.models import phase_plane

__all__ = ["parameter_table", "escape_parameter_table"]


def parameter_table(model_id: str, parameter_set: str = "default") -> str:
    """The parameters of a model as an HTML table: symbol, meaning, value, unit and sources (all escaped).

    Example
    -------
    >>> table = parameter_table("kuznetsov1994")
    >>> table.count("<tr>") - 1      # one row per parameter, after the header
    8
    """
    spec = content.model(model_id)
    pset = spec.parameter_set(parameter_set)
    rows = []
    for p in pset.parameters:
        rows.append(
            "<tr>"
            + "".join(
                f"<td style='text-align:{align};padding:2px 8px;vertical-align:top'>{escape(str(v))}</td>"
                for v, align in (
                    (p.symbol, "left"),
                    (p.meaning, "left"),
                    (f"{p.value:.4g}", "right"),
                    (p.units, "left"),
                    (", ".join(p.sources), "left"),
                )
            )
            + "</tr>"
        )
    head = "".join(
        f"<th scope='col' style='text-align:left;padding:2px 8px'>{h}</th>"
        for h in ("symbol", "meaning", "value", "unit", "source")
    )
    return html.data_table(head, rows, caption=f"{escape(spec.title)} — {escape(pset.label)}")


def escape_parameter_table(model_id: str = "kuznetsov1994") -> str:
    """The escape mechanisms as an HTML table: the parameter each one multiplies in a model, the factor (an
    assumption, unitless: × the paper's value), the parameter's unit and the sources, read from
    ``data/escape_mechanisms.yaml`` and ``data/models/<model_id>.yaml``.

    Example
    -------
    >>> table = escape_parameter_table()
    >>> table.count("<tr>") - 1      # one row per mechanism term of the Kuznetsov model, after the header
    6
    >>> "× 0.3" in table and "1/(cell·day)" in table
    True
    """
    units = {p.name: p.units for p in content.model(model_id).parameter_set("default").parameters}
    rows = []
    for r in content.collection(phase_plane.MECHANISM_COLLECTION):
        for t in r.model_terms:
            if t.model != model_id:
                continue
            rows.append(
                "<tr>"
                + "".join(
                    f"<td style='text-align:left;padding:2px 8px;vertical-align:top'>{escape(str(v))}</td>"
                    for v in (
                        r.short_name,
                        t.parameter,
                        t.term,
                        f"× {t.factor:g} (assumed)",
                        units[t.parameter],
                        ", ".join(r.sources),
                    )
                )
                + "</tr>"
            )
    head = "".join(
        f"<th scope='col' style='text-align:left;padding:2px 8px'>{h}</th>"
        for h in ("mechanism", "parameter", "what it sets", "factor", "unit", "source")
    )
    caption = f"What each escape mechanism changes in {escape(content.model(model_id).title)}"
    return html.data_table(head, rows, caption=caption)
