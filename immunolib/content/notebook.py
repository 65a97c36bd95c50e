"""Inside a notebook, a problem in the course data shows as a short friendly box, never a traceback.

Installed when :mod:`immunolib.content` is imported inside IPython (every lesson imports it). It lives in the
content package (not in :mod:`immunolib.lesson`, which re-exports it) so that ``content`` imports nothing above it.
"""

from __future__ import annotations

from html import escape

from IPython.display import HTML

from immunolib.content.wording import ContentError

__all__ = ["data_problem_html", "data_problem", "install_data_problem_display"]


def data_problem_html(exc: BaseException) -> str:
    """A short, friendly box for a problem in the course data (a :class:`~immunolib.content.ContentError`).

    Students read the first sentence and carry on with the rest of the lesson; the instructor finds the file,
    the line and how to fix it in the details. Never a traceback.

    Example
    -------
    >>> html = data_problem_html(ContentError("data/x.yaml: broken"))
    >>> "data/x.yaml: broken" in html and "Traceback" not in html
    True
    """
    text = str(exc).strip() or type(exc).__name__
    first, _, rest = text.partition("\n")
    details = f"<pre style='white-space:pre-wrap;margin:4px 0 0 0;font-size:90%'>{escape(rest)}</pre>" if rest else ""
    return (
        "<div class='immunolib-data-problem' role='alert' style='border-left:4px solid #a33b00;"
        "padding:6px 12px;margin:6px 0;background:#fff8f3'>"
        "<p style='margin:2px 0;color:#a33b00'><strong>⚠ This part of the lesson cannot be shown: the course "
        "data has a problem.</strong> The rest of the lesson still works. Tell your instructor, who can fix "
        "it with the note below.</p>"
        f"<p style='margin:4px 0 0 0'><code>{escape(first)}</code></p>{details}</div>"
    )


def data_problem(exc: BaseException) -> HTML:
    """:func:`data_problem_html` as a displayable object."""
    return HTML(data_problem_html(exc))


def install_data_problem_display(shell=None) -> bool:
    """Make a :class:`~immunolib.content.ContentError` in a notebook cell show a friendly box, not a traceback.

    Called when :mod:`immunolib.content` is imported inside IPython (every lesson imports it), so that a broken
    data file never shows students a traceback in any notebook. The cell still counts as failed (nbval and
    "Run All" stop there), and other exceptions keep their normal traceback. Returns whether it was installed.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython comes with Jupyter
            return False
        shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    if ContentError in getattr(shell, "custom_exceptions", ()):
        return True

    def show(shell_, etype, value, tb, tb_offset=None):
        from IPython.display import display

        display(data_problem(value))
        return ["(This cell stopped because of the course-data problem described above.)"]

    shell.set_custom_exc((ContentError,), show)
    return True
