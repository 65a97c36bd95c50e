"""The one cross-reference checker: every id a data file names must exist where its schema says.

A schema marks a property that holds ids with ``"x-refers-to": "<target>"`` (on the property, or on the items of
a list); a field called ``sources`` always refers to ``references``. Targets are ``cells``, ``organs``,
``glossary``, ``references``, ``models`` (the files of ``data/models/``), ``therapies`` or the name of any other
collection. :func:`check_references` walks a file's data beside its schema and raises a ContentError naming the
file, the entry, the field, the unknown id, the ids that exist and the closest one. :func:`index` makes the
``{id: record}`` table of a file and refuses an id used twice.

Example
-------
>>> from immunolib.content.files import DataFiles
>>> from immunolib.content import data_dir
>>> files = DataFiles(data_dir())
>>> path = files.root / "notes.yaml"
>>> schema = {"type": "object", "properties": {"notes": {"type": "array", "items": {"type": "object",
...           "properties": {"id": {"type": "string"}, "cell": {"type": "string", "x-refers-to": "cells"}}}}}}
>>> check_references(files, path, {"notes": [{"id": "n1", "cell": "b_cel"}]}, schema,
...                  lambda target: {"b_cell", "t_cell"})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
immunolib.content.wording.ContentError: data/notes.yaml: entry 'n1': field 'cell' names 'b_cel', which is not ...
  to fix: did you mean 'b_cell'? correct the spelling, or add a cell with id 'b_cel' to data/cells.yaml.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from immunolib.content.files import DataFiles
from immunolib.content.wording import describe

__all__ = ["check_references", "index", "SINGULAR"]

#: How one id of each target is called in a message.
SINGULAR = {
    "cells": "cell",
    "organs": "organ",
    "glossary": "term",
    "references": "reference",
    "models": "model",
    "therapies": "therapy",
}


def _where(target: str) -> str:
    return "models/" if target == "models" else f"{target}.yaml"


def _resolve(schema: dict, root: dict) -> dict:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        node: Any = root
        for part in ref[2:].split("/"):
            node = node[part]
        return {**node, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def check_references(
    files: DataFiles, path: Path, data: Any, schema: dict, ids_of: Callable[[str], Iterable[str]]
) -> None:
    """Check every id in ``data`` (a file's data, already valid against ``schema``) that the schema marks.

    Parameters
    ----------
    files : DataFiles
        The reader of the folder (it quotes the line).
    path : Path
        The file, for the message.
    data, schema
        The file's data and its JSON Schema.
    ids_of : callable
        ``ids_of(target)`` gives the ids that exist in a target (``"cells"``, ``"models"``, ...).
    """
    known: dict[str, list] = {}

    def ids(target: str) -> list:
        if target not in known:
            known[target] = sorted(ids_of(target))
        return known[target]

    def exists(target: str, value: str) -> bool:
        return value in ids(target)

    def refuse(target: str, value: str, at: tuple) -> None:
        listed = ids(target)
        entry, field_name = _entry_and_field(data, at)
        what = SINGULAR.get(target, target)
        article = "an" if what[0] in "aeiou" else "a"
        close = difflib.get_close_matches(str(value), listed, n=1)
        shown = ", ".join(listed[:30]) + (f", ... ({len(listed)} in all)" if len(listed) > 30 else "")
        folder = files.root.name
        raise files.error(
            path,
            f"{entry + ': ' if entry else ''}field {field_name!r} names {value!r}, which is not {article} {what} "
            f"in {folder}/{_where(target)}; expected one of {shown or '(none)'}",
            at=at,
            fix=(f"did you mean {close[0]!r}? " if close else "")
            + f"correct the spelling, or add {article} {what} with id {value!r} to {folder}/{_where(target)}.",
        )

    def walk(value: Any, sch: dict, here: tuple, target: str | None) -> None:
        sch = _resolve(sch, schema)
        target = sch.get("x-refers-to", target)
        if target is not None and value is not None:
            if isinstance(value, str):
                if not exists(target, value):
                    refuse(target, value, here)
                return
            if isinstance(value, list):
                for i, v in enumerate(value):
                    if isinstance(v, str) and not exists(target, v):
                        refuse(target, v, here + (i,))
                return
        if isinstance(value, dict):
            for key, sub in sch.get("properties", {}).items():
                if key in value:
                    walk(value[key], sub, here + (key,), "references" if key == "sources" else None)
        elif isinstance(value, list) and isinstance(sch.get("items"), dict):
            for i, v in enumerate(value):
                walk(v, sch["items"], here + (i,), None)

    walk(data, schema, (), None)


def _entry_and_field(data: Any, at: tuple) -> tuple[str, str]:
    """The entry and field of a reference at ``at``: the field is the list holding it, not the item."""
    while at and isinstance(at[-1], int):
        at = at[:-1]
    return describe(data, at)


def index(files: DataFiles, path: Path, records: list, at: tuple) -> dict:
    """``{id: record}`` in file order; an id used twice is an error that quotes the second one's line.

    ``at`` is where the records' list is in the file (``("cells",)``)."""
    out: dict = {}
    for i, r in enumerate(records):
        if r.id in out:
            raise files.error(
                path,
                f"entry {r.id!r}: field 'id' is {r.id!r}, which is used by an earlier entry too; expected a unique id",
                at=at + (i, "id"),
                fix="give this entry another id (or delete it if it is a copy).",
            )
        out[r.id] = r
    return out
