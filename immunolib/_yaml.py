"""Reading one course-data YAML file safely, with errors an instructor can act on.

:mod:`immunolib.content` is the only reader of ``data/``; this module is the part of it that turns bytes into
plain Python data. It is strict on purpose, because the files are edited by hand and arrive in pull requests:

* **Plain YAML only.** Text, numbers, true/false, lists and mappings. Tags such as ``!!python/object`` are
  refused (a safe loader), and so are **anchors and aliases** (``&name`` / ``*name``): course data never
  needs them, and a few kilobytes of nested aliases ("billion laughs") expand to gigabytes.
* **Bounded.** A file larger than :data:`MAX_BYTES`, with more than :data:`MAX_NODES` values or nested deeper
  than :data:`MAX_DEPTH` is refused before it is built.
* **One key once.** A field given twice in one entry is an error (PyYAML would silently keep the last).
* **Numbers as people write them.** ``5.0e9``, ``1e-3`` and ``2E6`` are numbers (YAML 1.1, which PyYAML
  follows, would read them as text unless written ``5.0e+9``).
* **Line numbers.** :func:`read` returns, with the data, the line of every entry and field, so that an error
  found later (by the schema, or a cross-reference) can say where it is.

Errors are :class:`YAMLProblem` with a line, the problem in plain words and how to fix it;
:mod:`immunolib.content` adds the file name and raises its ``ContentError``.

Example
-------
>>> doc = parse("cells:\\n  - id: b_cell\\n    size: 5.0e9\\n")
>>> doc.data["cells"][0]["size"], doc.line_of(("cells", 0, "size"))
(5000000000.0, 3)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = ["MAX_BYTES", "MAX_NODES", "MAX_DEPTH", "YAMLProblem", "Document", "check_size", "load_bytes", "parse"]

#: Largest data file accepted, in bytes (the largest course file is about 40 kB).
MAX_BYTES = 1_000_000
#: Most values (scalars, lists, mappings) in one file (the largest course file has about 1,000).
MAX_NODES = 50_000
#: Deepest nesting of lists and mappings in one file (course files nest about 6 deep).
MAX_DEPTH = 40


class YAMLProblem(ValueError):
    """A data file could not be read: ``problem`` in plain words, at ``line`` (1-based, or None), and ``fix``."""

    def __init__(self, problem: str, *, line: int | None = None, column: int | None = None, fix: str = ""):
        self.problem, self.line, self.column, self.fix = problem, line, column, fix
        where = f"line {line}" + (f", column {column}" if column else "") + ": " if line else ""
        super().__init__(f"{where}{problem}" + (f" To fix: {fix}" if fix else ""))


@dataclass(frozen=True)
class Document:
    """A parsed file: its ``data``, its ``text`` (for quoting a line) and the line of each value by path."""

    data: Any
    text: str
    lines: dict = field(default_factory=dict)

    def line_of(self, path) -> int | None:
        """Line (1-based) of the value at ``path`` (keys and list indices), or of its nearest parent."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def line_text(self, line: int | None) -> str:
        """The text of one line (1-based), shortened; empty if there is no such line."""
        rows = self.text.splitlines()
        if not line or not 1 <= line <= len(rows):
            return ""
        return _shorten(rows[line - 1].rstrip())


def _shorten(text: str, n: int = 100) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."


# YAML 1.2 floats that YAML 1.1 reads as text: an exponent without a sign or without a decimal point.
_FLOAT_12 = re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$")


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases, bounds size and depth, and refuses repeated keys."""

    def __init__(self, stream):
        super().__init__(stream)
        self._nodes = 0
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise YAMLProblem(
                f"'*{event.anchor}' is a YAML alias (a copy of another part of the file); course data does not "
                f"use aliases, because a few of them can expand to more data than the computer's memory",
                line=event.start_mark.line + 1,
                fix=f"write the value out in full instead of '*{event.anchor}'.",
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YAMLProblem(
                f"'&{anchor}' is a YAML anchor (a name for copying this part elsewhere with '*{anchor}'); "
                f"course data does not use anchors or aliases",
                line=event.start_mark.line + 1,
                fix=f"delete '&{anchor}' and write every copy out in full.",
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise YAMLProblem(
                f"the file holds more than {MAX_NODES:,} values; course files are far smaller",
                line=event.start_mark.line + 1,
                fix="split the data, or check that the file is the one you meant to save.",
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise YAMLProblem(
                f"lists and mappings are nested more than {MAX_DEPTH} levels deep here",
                line=event.start_mark.line + 1,
                fix="check the indentation and brackets; course data nests only a few levels.",
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise YAMLProblem(
                    f"the field {key!r} appears twice in one entry",
                    line=key_node.start_mark.line + 1,
                    column=key_node.start_mark.column + 1,
                    fix=f"keep one {key!r} line in this entry and delete the other.",
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_undefined(self, node):
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise YAMLProblem(
            f"the tag {tag!r} is not allowed: course data is plain YAML (text, numbers, true/false, lists and "
            f"mappings), and tags that make Python objects are refused for safety",
            line=node.start_mark.line + 1,
            fix=f"delete {tag!r} and write the value as plain text or a number.",
        )


_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT_12, list("-+0123456789."))
_StrictLoader.add_constructor(None, _StrictLoader.construct_undefined)


def _line_index(node, path=(), out=None) -> dict:
    """Line of every value, by path; for a mapping's value, the line of its key."""
    out = {} if out is None else out
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else None
            out[path + (key,)] = k.start_mark.line + 1
            _line_index(v, path + (key,), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _line_index(v, path + (i,), out)
    return out


def parse(text: str) -> Document:
    """Parse YAML text under the rules of this module; :class:`YAMLProblem` says what is wrong and where."""
    loader = None
    try:
        loader = _StrictLoader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except YAMLProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, text) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise YAMLProblem(
            f"the file contains an invisible control character (U+{exc.character:04X}) that YAML does not allow",
            line=line,
            fix="delete it (it is often invisible: retype the line).",
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error has a mark or a position
        raise YAMLProblem(
            f"YAML could not read the file ({exc})", fix="check the indentation, quotes and colons."
        ) from None
    except RecursionError:
        raise YAMLProblem(
            f"lists and mappings are nested too deeply (more than {MAX_DEPTH} levels)",
            fix="check the indentation and brackets.",
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    return Document(data, text, _line_index(node) if node is not None else {})


def check_size(size: int) -> None:
    """Refuse a file of ``size`` bytes if it is larger than :data:`MAX_BYTES` (before it is read)."""
    if size > MAX_BYTES:
        raise YAMLProblem(
            f"the file is {size:,} bytes; course data files may be at most {MAX_BYTES:,} bytes",
            fix="split it, or check that this is the file you meant to save.",
        )


def load_bytes(raw: bytes) -> Document:
    """Decode (UTF-8 only) and parse the bytes of one data file; :class:`YAMLProblem` says what is wrong.

    The caller (:mod:`immunolib.content`, the only reader of ``data/``) opens the file.
    """
    check_size(len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YAMLProblem(
            f"the file is not UTF-8 text: byte 0x{raw[exc.start]:02X} here is not a UTF-8 character (the file "
            f"was probably saved as Latin-1 or Windows-1252)",
            line=line,
            column=column,
            fix="save the file with the UTF-8 encoding (in most editors: Save As > Encoding > UTF-8), then "
            "check the accented letters on this line.",
        ) from None
    return parse(text)


# -- YAML syntax errors in plain words ----------------------------------------------------------------


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YAMLProblem:
    problem, context = exc.problem or "", exc.context or ""
    pm, cm = exc.problem_mark, exc.context_mark

    def at(mark):
        return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)

    if "could not determine a constructor" in problem:  # pragma: no cover - construct_undefined catches it
        line, col = at(pm)
        return YAMLProblem("a YAML tag is not allowed here", line=line, fix="delete the tag.")
    if "quoted scalar" in context:
        line, col = at(cm)
        quote = text.splitlines()[line - 1][col - 1] if line and col else '"'
        return YAMLProblem(
            f"the text that starts with {quote} on this line is never closed, so YAML reads the rest of the "
            f"file as part of it",
            line=line,
            column=col,
            fix=(
                f"add the closing {quote} at the end of the text; a {quote} inside the text must be written "
                + ("'' (two single quotes)." if quote == "'" else '\\" (backslash, quote).')
            ),
        )
    if "flow sequence" in context or "flow mapping" in context:
        line, col = at(cm)
        opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
        return YAMLProblem(
            f"a list or mapping opened with '{opener}' on this line is never closed with '{closer}'",
            line=line,
            column=col,
            fix=f"add the '{closer}', or put the whole value in quotes if the '{opener}' is meant as text.",
        )
    if "mapping values are not allowed" in problem:
        line, col = at(pm)
        return YAMLProblem(
            "a ':' followed by a space appears inside a value, and YAML reads it as the start of a new field",
            line=line,
            column=col,
            fix='put the whole value in quotes, for example  summary: "Note: ..."',
        )
    if "\\t" in problem or "'\\t'" in problem or "\t" in problem:
        line, col = at(pm)
        return YAMLProblem(
            "this line is indented with a tab character; YAML indents with spaces only",
            line=line,
            column=col,
            fix="replace the tab with spaces.",
        )
    if "could not find expected ':'" in problem:
        line, col = at(cm)
        return YAMLProblem(
            "this line is neither 'field: value' nor indented under the text of the line above",
            line=line,
            column=col,
            fix="add the missing ':' after the field's name, or indent the line like the text it continues.",
        )
    if (
        "expected <block end>" in problem
        or "did not find expected key" in problem
        or "did not find expected '-'" in problem
        or "expected <document start>" in problem
    ):
        line, col = at(pm)
        return YAMLProblem(
            "this line is indented differently from the lines around it, so YAML cannot tell which entry it belongs to",
            line=line,
            column=col,
            fix="start it in the same column as the other fields of its entry (count the spaces), and check "
            "that the line above is complete.",
        )
    line, col = at(pm or cm)
    words = problem.replace("<block end>", "the end of an indented block").replace("<scalar>", "a value")
    return YAMLProblem(
        f"YAML cannot read this line ({words})",
        line=line,
        column=col,
        fix="check the indentation, the quotes and the ':' after each field's name here and on the line above.",
    )
