"""Reading the files of one data folder: YAML through :mod:`immunolib._yaml`, checked against its JSON Schema,
every error a :class:`~immunolib.content.wording.ContentError` that names the file and quotes the line.

:class:`DataFiles` keeps every file it read as an :class:`immunolib._yaml.Document`, so that a problem found
later (by the schema, a cross-reference or a record's own check) can quote its line.

Example
-------
>>> from immunolib.content import data_dir
>>> files = DataFiles(data_dir())
>>> files.read_collection("branches")["branches"][0]["id"]
'innate'
>>> files.rel(files.root / "cells.yaml")
'data/cells.yaml'
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jsonschema

from immunolib import _yaml
from immunolib.content.wording import ContentError, explain

__all__ = ["DataFiles"]


class DataFiles:
    """The files of one data folder (``root``, with ``schema/`` inside); the first problem raises ContentError."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.schema_dir = self.root / "schema"
        self.docs: dict[Path, _yaml.Document] = {}

    def rel(self, path: Path) -> str:
        """The path as messages show it: ``data/cells.yaml``."""
        try:
            return f"{self.root.name}/{path.relative_to(self.root).as_posix()}"
        except ValueError:
            return str(path)

    def error(self, path: Path, headline: str, *, at=None, fix: str = "") -> ContentError:
        """A ContentError for ``path``: the headline, then the line of the value at ``at`` (keys and indices
        into the file) with its text, then how to fix it."""
        doc = self.docs.get(path)
        line = doc.line_of(at) if doc is not None and at is not None else None
        message = f"{self.rel(path)}: {headline}"
        if line:
            text = doc.line_text(line)
            message += f"\n  line {line}:" + (f"  {text.strip()}" if text else "")
        if fix:
            message += f"\n  to fix: {fix}"
        return ContentError(message, file=self.rel(path), line=line, fix=fix)

    # -- reading -----------------------------------------------------------------------------------
    def read_yaml(self, path: Path) -> Any:
        """The plain data of one YAML file (refused: missing, too large, not plain YAML)."""
        try:
            _yaml.check_size(path.stat().st_size)  # before reading: a huge file is never loaded
            doc = _yaml.load_bytes(path.read_bytes())
        except FileNotFoundError:
            raise ContentError(
                f"{self.rel(path)}: file not found (the course data folder is {self.root})\n"
                f"  to fix: restore it (for example: git checkout -- {self.rel(path)})",
                file=self.rel(path),
            ) from None
        except _yaml.YAMLProblem as exc:
            where = (
                f"line {exc.line}, column {exc.column}: "
                if exc.line and exc.column
                else (f"line {exc.line}: " if exc.line else "")
            )
            text = ""
            if exc.line:
                try:
                    rows = path.read_text(encoding="utf-8", errors="replace").splitlines()
                    text = rows[exc.line - 1].strip() if exc.line <= len(rows) else ""
                except OSError:  # pragma: no cover
                    pass
            message = f"{self.rel(path)}: {where}{exc.problem}"
            if text:
                message += f"\n  line {exc.line}:  {text[:100]}"
            if exc.fix:
                message += f"\n  to fix: {exc.fix}"
            raise ContentError(message, file=self.rel(path), line=exc.line, fix=exc.fix) from None
        self.docs[path] = doc
        return doc.data

    @functools.cache  # noqa: B019 - a DataFiles lives as long as its Content, one per data folder
    def schema(self, name: str) -> dict:
        """The JSON Schema ``schema/<name>.json``."""
        path = self.schema_dir / f"{name}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ContentError(f"{self.rel(path)}: schema file not found") from None
        except json.JSONDecodeError as exc:
            raise ContentError(
                f"{self.rel(path)}: line {exc.lineno}: invalid JSON: {exc.msg}", file=self.rel(path), line=exc.lineno
            ) from None

    def validate(self, path: Path, doc: Any, schema_name: str) -> None:
        """Check a file's data against ``schema/<schema_name>.json``; the first problem, in words, is raised."""
        schema = self.schema(schema_name)
        if doc is None:
            top = schema.get("required") or []
            start = (
                f"'{top[0]}:' followed by its entries"
                if len(top) == 1
                else ("the fields " + ", ".join(f"'{k}:'" for k in top) if top else "its data")
            )
            raise self.error(
                path,
                f"the file is empty (it holds nothing, or only comments); expected {start}",
                fix=f"restore it (for example: git checkout -- {self.rel(path)}) or write {start}.",
            )
        validator = jsonschema.Draft202012Validator(schema)
        errors = sorted(validator.iter_errors(doc), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
        if errors:
            headline, at, fix = explain(doc, errors[0])
            raise self.error(path, headline, at=at, fix=fix)

    def read_collection(self, name: str) -> Any:
        """``data/<name>.yaml``, read and checked against ``schema/<name>.json``."""
        path = self.root / f"{name}.yaml"
        doc = self.read_yaml(path)
        self.validate(path, doc, name)
        return doc

    def read_named(self, folder: str, file_id: str, schema_name: str) -> Any:
        """``data/<folder>/<file_id>.yaml`` (a model's parameters, a lesson's quiz): read, checked against its
        schema, and its ``id`` must be the file's name."""
        path = self.root / folder / f"{file_id}.yaml"
        doc = self.read_yaml(path)
        self.validate(path, doc, schema_name)
        if doc["id"] != path.stem:
            raise self.error(
                path,
                f"entry {doc['id']!r}: field 'id' is {doc['id']!r}; expected {path.stem!r}, the file's name",
                at=("id",),
                fix=f"write id: {path.stem}, or rename the file to {doc['id']}.yaml.",
            )
        return doc

    def ids_in(self, folder: str) -> tuple[str, ...]:
        """The names of the YAML files in ``data/<folder>/`` (the files are not read)."""
        return tuple(sorted(p.stem for p in (self.root / folder).glob("*.yaml")))
