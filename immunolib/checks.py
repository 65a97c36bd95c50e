"""The argument checks every layer shares: an id that must be one of a list, a whole number in a range.

One home, below ``figures`` and ``widgets`` (it imports nothing from immunolib), so that a figure function
and an app word a bad argument the same way: the message names the argument, its allowed values or range,
and what it got. :class:`UnknownId` is a ``ValueError`` (what :func:`immunolib.widgets.base.safe` reports to
a student) and, for older callers, a ``KeyError``.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

__all__ = ["UnknownId", "check_choice", "check_id", "check_whole_number", "check_step"]


class UnknownId(KeyError, ValueError):
    """An id that names nothing known: the message names the id and the choices.

    A ``ValueError`` (a bad argument, as :func:`immunolib.widgets.base.safe` expects) and, for code written
    before issue 9, a ``KeyError``; its text is the message itself (a bare ``KeyError`` would quote it).
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def check_choice(what: str, value, allowed: Iterable) -> None:
    """Raise :class:`UnknownId` naming ``what``, the value and the values it may take, unless it is one of them.

    Example
    -------
    >>> check_choice("selected", "b_cells", ["b_cell", "nk_cell"])
    Traceback (most recent call last):
    ...
    immunolib.checks.UnknownId: selected must be one of b_cell, nk_cell; got 'b_cells'
    """
    allowed = list(allowed)
    if value not in allowed:
        raise UnknownId(f"{what} must be one of {', '.join(map(str, allowed))}; got {value!r}")


#: The same check under the name the figure modules use.
check_id = check_choice


def check_whole_number(what: str, value, low: int, high: int) -> int:
    """Return ``value`` as an ``int`` if it is a whole number from ``low`` to ``high``; otherwise raise
    ``ValueError`` naming the argument and its range. The one check of a step number, a question number, a
    seed or a count (a numpy integer counts; ``True`` and ``2.0`` do not).

    Example
    -------
    >>> check_whole_number("step", 3, 1, 9)
    3
    >>> check_whole_number("step", 12, 1, 9)
    Traceback (most recent call last):
    ...
    ValueError: step must be a whole number from 1 to 9; got 12
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= high:
        raise ValueError(f"{what} must be a whole number from {low} to {high}; got {value!r}")
    return int(value)


def check_step(step, n: int) -> int:
    """A stepper's step number (steps count from 1): :func:`check_whole_number` ``("step", step, 1, n)``.

    Example
    -------
    >>> check_step(2.5, 9)
    Traceback (most recent call last):
    ...
    ValueError: step must be a whole number from 1 to 9; got 2.5
    """
    return check_whole_number("step", step, 1, n)
