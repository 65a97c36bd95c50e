"""Numbers and lists in words: the one home of the figures' formatting helpers (issue 9).

Every figure module writes its titles, labels and text alternatives with these, so that "4.6 days",
"a, b and c" or "15,000" read the same in every lesson. Pure functions of plain values: no plotly, no data.

* lists: :func:`join_words`, :func:`lower_first`;
* label layout: :func:`wrap`, :func:`wrap_lines` (plotly's ``<br>`` line breaks);
* time: :func:`days`, :func:`day`, :func:`hours`;
* sizes: :func:`sig2`, :func:`format_fold`, :func:`titre`, :func:`cell_count`, :func:`cells_short`,
  :func:`all_digits`, :func:`whole_cells`,
  :func:`count_or_millions`;
* an unknown id: :class:`UnknownId` and :func:`check_id` (an error naming the id and the choices); a step
  number out of range: :func:`check_step`.

Several count formats exist on purpose, one per kind of statement the lessons make (a model's tumour in
"4.8 million", a count to two significant figures, a count with all its digits); they live side by side here
so that a new figure picks one instead of writing a fifth.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable

from immunolib.checks import UnknownId, check_id, check_step  # the shared argument checks, re-exported

__all__ = [
    "join_words",
    "lower_first",
    "wrap",
    "wrap_lines",
    "days",
    "day",
    "hours",
    "sig2",
    "format_fold",
    "titre",
    "cell_count",
    "cells_short",
    "all_digits",
    "whole_cells",
    "count_or_millions",
    "UnknownId",
    "check_id",
    "check_step",
]


# --------------------------------------------------------------------------------------------------
# Lists
# --------------------------------------------------------------------------------------------------


def join_words(words: Iterable[str]) -> str:
    """A list in words: 'a', 'a and b', 'a, b and c'.

    Example
    -------
    >>> join_words(["B cell"]), join_words(["B cell", "NK cell", "neutrophil"])
    ('B cell', 'B cell, NK cell and neutrophil')
    """
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def lower_first(name: str, *, keep: Iterable[str] = ()) -> str:
    """A name inside a sentence: 'Dendritic cell' -> 'dendritic cell'; an acronym stays as it is.

    An acronym is told by its second letter (a capital, a digit, a sign: 'NK cell', 'CD8+ T cell'). Some
    abbreviations are written in mixed case ('Fc', 'Fab', 'IgG') and look like a capitalised word: a name whose
    first word starts with one of ``keep`` stays as it is too.

    Example
    -------
    >>> lower_first("Dendritic cell"), lower_first("CD8+ killer T cell"), lower_first("NK cell")
    ('dendritic cell', 'CD8+ killer T cell', 'NK cell')
    >>> lower_first("Fc region"), lower_first("Fc region", keep=("Fc",)), lower_first("Hinge", keep=("Fc",))
    ('fc region', 'Fc region', 'hinge')
    """
    if name.split(" ")[0].startswith(tuple(keep)) and keep:
        return name
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def wrap_lines(text: str, width: int, *, max_lines: int | None = None, break_long_words: bool = True) -> list[str]:
    """The lines of ``text`` wrapped to ``width`` characters; beyond ``max_lines`` the last kept line ends in '…'.

    Example
    -------
    >>> wrap_lines("Antibodies neutralise toxins and viruses", 12, max_lines=2)
    ['Antibodies', 'neutralise…']
    """
    lines = textwrap.wrap(text, width, break_long_words=break_long_words)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def wrap(text: str, width: int, *, max_lines: int | None = None, break_long_words: bool = True) -> str:
    """Break a label into lines of at most ``width`` characters, joined by ``<br>`` (plotly's line break).

    Plain text in, plain text out: escape data text before (or each line after, with :func:`wrap_lines`).

    Example
    -------
    >>> wrap("Lymphoid progenitor", 12)
    'Lymphoid<br>progenitor'
    """
    return "<br>".join(wrap_lines(text, width, max_lines=max_lines, break_long_words=break_long_words)) or text


# --------------------------------------------------------------------------------------------------
# Time
# --------------------------------------------------------------------------------------------------


def _one_decimal(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def days(x: float) -> str:
    """A duration in days with at most one decimal.

    Example
    -------
    >>> days(4.63), days(1.0), days(30)
    ('4.6 days', '1 day', '30 days')
    """
    text = _one_decimal(x)
    return f"{text} day" if text == "1" else f"{text} days"


def day(x: float) -> str:
    """A day on the time axis: ``day(30.0) == 'day 30'``, ``day(4.25) == 'day 4.2'``."""
    return f"day {_one_decimal(x)}"


def hours(x_days: float) -> str:
    """A duration given in days, in whole hours: ``hours(0.5) == '12 hours'``."""
    h = int(round(x_days * 24))
    return f"{h} hour" if h == 1 else f"{h} hours"


# --------------------------------------------------------------------------------------------------
# Sizes
# --------------------------------------------------------------------------------------------------


def sig2(x: float) -> str:
    """A number rounded to two significant figures, with thousands separators.

    Example
    -------
    >>> sig2(15225), sig2(0.0345), sig2(0)
    ('15,000', '0.035', '0')
    """
    if x <= 0:
        return "0"
    digits = 1 - int(math.floor(math.log10(x)))
    return f"{round(x, digits):,.{max(digits, 0)}f}"


def format_fold(x: float) -> str:
    """A ratio ("how many times"): one decimal below 10, else two significant figures; ``'?'`` if not finite.

    Example
    -------
    >>> format_fold(86.4), format_fold(139.0), format_fold(3.24), format_fold(1234.0)
    ('86', '140', '3.2', '1,200')
    """
    if not math.isfinite(x):
        return "?"
    if x < 10:
        return f"{x:.1f}"
    digits = int(math.floor(math.log10(x)))
    return f"{int(round(x, 1 - digits)):,}"


def titre(x: float) -> str:
    """An antibody titre to three significant figures, with thousands separators.

    Example
    -------
    >>> titre(6271.4), titre(72.61), titre(0.0)
    ('6,270', '72.6', '0')
    """
    if not (math.isfinite(x) and x > 0):
        return "0"
    digits = int(math.floor(math.log10(x)))
    if digits >= 2:
        return f"{int(round(x, 2 - digits)):,}"
    return f"{x:.{2 - digits}f}"


def cell_count(n: float) -> str:
    """A cell count to two significant figures: '0' below one cell, then '870', '15,000', '1.5 million'.

    Example
    -------
    >>> cell_count(146176.6), cell_count(3.1e6), cell_count(0.0)
    ('150,000', '3.1 million', '0')
    """
    if n < 1:
        return "0"
    if n >= 1e6:
        return f"{n / 1e6:.2g} million"
    digits = max(1 - int(math.floor(math.log10(n))), -12)
    return f"{round(n, digits):,.0f}"


_UNITS = ((1e9, "billion"), (1e6, "million"), (1e3, "thousand"))


def cells_short(n: float, *, whole: bool = False) -> str:
    """A large count to two significant figures in words: '4.8 million', '350 thousand', '12'.

    With ``whole`` (lesson 06's tumour and effector cells) the count is a number of whole cells: it is
    rounded before its unit is chosen (so 999,600 reads '1 million'), a count from 1 to 999 has no decimals,
    and a count that is not a positive number reads '0'. Without it, the unit follows the unrounded count
    and a small count keeps two significant figures (lesson 07's tumour sizes, stored that way).

    Example
    -------
    >>> cells_short(4.8e6), cells_short(3.5e5), cells_short(2.3e9), cells_short(12.3), cells_short(350)
    ('4.8 million', '350 thousand', '2.3 billion', '12', '350')
    >>> cells_short(2.6), cells_short(2.6, whole=True), cells_short(999_600), cells_short(999_600, whole=True)
    ('2.6', '3', '1000 thousand', '1 million')
    >>> cells_short(8.186e6, whole=True), cells_short(4.47e8, whole=True), cells_short(0, whole=True)
    ('8.2 million', '450 million', '0')
    """
    if whole:
        if not (math.isfinite(n) and n > 0):
            return "0"
        rounded = round(n, 1 - int(math.floor(math.log10(n))))
        for size, word in _UNITS:
            if rounded >= size:
                v = rounded / size
                return f"{_one_decimal(v) if v < 10 else f'{v:.0f}'} {word}"
        return f"{rounded:.0f}" if rounded >= 1 else f"{n:.2g}"

    def two(v: float) -> str:  # two significant figures, never in e-notation ('350', not '3.5e+02')
        return f"{float(f'{v:.2g}'):g}"

    for size, word in _UNITS:
        if n >= size:
            return f"{two(n / size)} {word}"
    return two(n)


def all_digits(n: float) -> str:
    """A count with all its digits and thousands separators, rounded to a whole number: '1,234', '4,123,456'.

    Example
    -------
    >>> all_digits(1234.4), all_digits(4123456.0), all_digits(0.4)
    ('1,234', '4,123,456', '0')
    """
    return f"{n:,.0f}"


def whole_cells(n: float) -> str:
    """A number of cells in whole millions, or with all its digits below a million: '12 million cells', '1,234 cells'.

    Example
    -------
    >>> whole_cells(1.24e7), whole_cells(1234.4)
    ('12 million cells', '1,234 cells')
    """
    return f"{n / 1e6:.0f} million cells" if n >= 1e6 else f"{all_digits(n)} cells"


def count_or_millions(n: float) -> str:
    """A count with all its digits, or in millions to two decimals: '1,234', '1.52 million'.

    Example
    -------
    >>> count_or_millions(1234.4), count_or_millions(1.523e6)
    ('1,234', '1.52 million')
    """
    if n >= 1e6:
        return f"{n / 1e6:.2f} million"
    return all_digits(n)


# --------------------------------------------------------------------------------------------------
# An unknown id
# --------------------------------------------------------------------------------------------------
