"""How a data problem is said to the instructor who must fix it: the error, the entry and field it names, and the
advice for each kind of JSON Schema error.

Every message reads ``<file>: entry 'b_cell': field 'branch' is 'adaptve'; expected one of innate, adaptive,
both`` followed by the line and ``to fix: ...``. :func:`describe` names the entry and field of any place in a
file (a schema error and a broken reference name things the same way); :func:`explain` turns one
``jsonschema`` error into the headline and the advice.

Example
-------
>>> doc = {"cells": [{"id": "b_cell", "signals_to": [{"to": "t"}, {"to": "x"}]}]}
>>> describe(doc, ("cells", 0, "signals_to", 1, "to"))
("entry 'b_cell'", 'signals_to[2].to')
>>> describe({"id": "toy", "parameter_sets": [{"id": "default", "parameters": [{"name": "k"}]}]},
...          ("parameter_sets", 0, "parameters", 0, "value"))
("entry 'toy': parameter set 'default': parameter 'k'", 'value')
"""

from __future__ import annotations

from typing import Any

import jsonschema

__all__ = ["ContentError", "describe", "explain"]


class ContentError(ValueError):
    """A data file is broken. The message names the file, the entry, the field, what is there, what was
    expected, the line and how to fix it.

    Attributes
    ----------
    file : str or None
        The file, relative to the data folder's parent (``data/cells.yaml``).
    line : int or None
        The line (1-based) where the problem is, when known.
    fix : str
        How to fix it, in words (also the message's last line).
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None, fix: str = ""):
        super().__init__(message)
        self.file, self.line, self.fix = file, line, fix


_ALLOWED_WORDS = {
    "array": "a list",
    "object": "a mapping of fields",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "nothing",
}

_TYPE_FIX = {
    "array": "write a list: one '- item' per line under the field, or [a, b] on one line.",
    "object": "write the fields indented under this one, one 'name: value' per line.",
    "string": "write text; put it in quotes if it looks like a number, true/false or a date.",
    "number": "write a plain number such as 0.5, 1200 or 5.0e9, without quotes or units.",
    "integer": "write a whole number such as 3, without quotes.",
    "boolean": "write true or false.",
}


def _describe_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    return type(value).__name__


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _singular(key: Any) -> str:
    """``'parameter_sets'`` -> ``'parameter set'``: how a nested named entry is called in a message."""
    word = str(key).replace("_", " ")
    return word[:-1] if word.endswith("s") else word


def describe(doc: Any, path) -> tuple[str, str]:
    """The entry and the field that ``path`` (keys and list indices) points at in a file's data.

    The entry is every object along the path with an id (model parameters: a name): ``entry 'b_cell'``,
    ``entry 'toy': parameter set 'default'``. Data files are ``{collection: [entries]}``; model and quiz files
    are one mapping with an id, whose named parts nest. What follows the last named object is the field, with
    unnamed list items counted from 1: ``steps[2].where``. An unnamed top-level entry is ``entry #3 of 'cells'``.
    """
    full = list(path)
    labels, rest, node = [], [], doc
    if isinstance(doc, dict) and isinstance(doc.get("id"), str) and full and not isinstance(full[0], int):
        labels.append(f"entry {doc['id']!r}")
    for i, part in enumerate(full):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
        rest.append(part)
        if isinstance(part, int) and isinstance(node, dict):
            ident = node.get("id") if isinstance(node.get("id"), str) else node.get("name")
            container = full[i - 1] if i else "entries"
            top_level = i == 1 and not labels
            if isinstance(ident, str):
                labels.append(f"entry {ident!r}" if top_level else f"{_singular(container)} {ident!r}")
                rest = []
            elif top_level:
                labels.append(f"entry #{part + 1} of {container!r}")
                rest = []
    field_name = ".".join(f"[{p + 1}]" if isinstance(p, int) else str(p) for p in rest).replace(".[", "[")
    return ": ".join(labels), field_name


def _pattern_advice(pattern: str) -> tuple[str, str]:
    if pattern.startswith("^[a-z][a-z0-9_]*$"):
        return (
            "expected a lower_snake_case id such as 'b_cell'",
            "use only lower-case letters, digits and _ (start with a letter).",
        )
    if pattern.startswith("^[0-9]{2}_") and pattern.endswith(".ipynb$"):
        return (
            "expected a notebook's file name such as '00_start_here.ipynb'",
            "copy the lesson's file name from notebooks/, with .ipynb at the end.",
        )
    if pattern.startswith("^[0-9]{2}_"):
        return (
            "expected the notebook's name without .ipynb, such as '00_start_here'",
            "copy the notebook's file name from notebooks/ and drop the .ipynb.",
        )
    if pattern.startswith("^10"):
        return (
            "expected a DOI such as '10.1038/nrc3239'",
            "write the DOI alone, starting with 10. (not the https://doi.org/ link).",
        )
    if pattern.startswith("^https"):
        return "expected a link starting with https://", "write the full link, starting with https://."
    return f"expected text matching {pattern}", ""


def explain(doc: Any, error: jsonschema.ValidationError) -> tuple[str, tuple, str]:
    """One schema error in words: ``(headline, at, fix)``, where ``at`` is the path to quote the line of.

    The headline is ``entry 'id': field 'name' is X; expected Y`` (see :func:`describe`); the fix says what to
    write instead.
    """
    full = list(error.absolute_path)
    entry, field_name = describe(doc, full)
    v, vv, inst = error.validator, error.validator_value, error.instance
    fix = ""
    at = full

    if v == "required":
        missing = [k for k in vv if not (isinstance(inst, dict) and k in inst)]
        name = f"{field_name}.{missing[0]}" if field_name else missing[0]
        what = f"field {name!r} is missing; it is required"
        fix = f"add a line '{missing[0]}: ...' to this entry (another entry of the file shows the format)."
    elif v == "additionalProperties":
        extra = sorted(set(inst) - set(error.schema.get("properties", {})))
        allowed = ", ".join(error.schema.get("properties", {}))
        name = f"{field_name}.{extra[0]}" if field_name else extra[0]
        what = f"field {name!r} is not a known field; expected one of {allowed}"
        fix = f"check the spelling of {extra[0]!r}, or delete that line."
        at = full + [extra[0]]
    elif v == "anyOf" and all("required" in s for s in vv):
        names = " or ".join(repr(s["required"][0]) for s in vv)
        what = f"needs {names}"
        fix = f"add one of them, for example a line '{vv[0]['required'][0]}: ...'."
    else:
        label = f"field {field_name!r}" if field_name else "the file"
        shown = _short(inst)
        if v == "enum":
            expected = f"expected one of {', '.join(map(str, vv))}"
            fix = f"write one of {', '.join(map(str, vv))} (spelled exactly so)."
        elif v == "type":
            expected = f"expected {_ALLOWED_WORDS.get(vv, vv)}"
            shown = f"{shown} ({_describe_type(inst)})"
            fix = _TYPE_FIX.get(vv, "")
            if vv == "number" and isinstance(inst, str):
                fix = "write a plain number such as 0.5, 1200 or 5.0e9: no quotes, units, spaces or commas."
        elif v == "pattern":
            expected, fix = _pattern_advice(vv)
        elif v == "minItems":
            expected = f"expected at least {vv} item{'s' if vv != 1 else ''}"
            fix = f"add items until there are at least {vv}."
        elif v == "maxItems":
            expected = f"expected at most {vv} items"
            fix = f"remove items until there are at most {vv}."
        elif v == "minLength":
            expected = "expected non-empty text" if vv == 1 else f"expected at least {vv} characters"
            fix = "write the text (an empty value, '' or nothing after the ':' is not allowed)."
        elif v == "maxLength":
            shown = f"{len(inst)} characters long" if isinstance(inst, str) else shown
            expected = f"expected at most {vv} characters"
            fix = (
                f"shorten it by {len(inst) - vv} characters or more."
                if isinstance(inst, str)
                else f"shorten it to {vv} characters."
            )
        elif v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            lo = error.schema.get("minimum", error.schema.get("exclusiveMinimum", "-inf"))
            hi = error.schema.get("maximum", error.schema.get("exclusiveMaximum", "inf"))
            expected = f"expected a number from {lo} to {hi}"
            fix = f"change it to a number from {lo} to {hi}."
        else:
            expected = f"expected: {error.message}"
        what = f"{label} is {shown}; {expected}"
    headline = f"{entry + ': ' if entry else ''}{what}"
    return headline, tuple(at), fix
