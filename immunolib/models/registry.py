"""The one table from model id to the module that implements it.

Every piece of code that picks a model by its id (``"kuznetsov1994"``, the name of its file in
``data/models/``) asks this module, so adding a model means adding it here once. It sits above the five
model modules and below the code that dispatches on them (:mod:`~immunolib.models.outcomes`,
:mod:`~immunolib.models.regimens`, :mod:`~immunolib.models.phase_plane`).

Example
-------
>>> module("kuznetsov1994").__name__
'immunolib.models.kuznetsov'
>>> TUMOUR_MODELS
('kuznetsov1994', 'kirschner1998', 'depillis2005')
"""

from __future__ import annotations

from types import MappingProxyType, ModuleType

from immunolib.models import clonal, depillis, infection, kirschner, kuznetsov
from immunolib.models.core import check_text

__all__ = ["MODULES", "TUMOUR_MODELS", "module"]

#: Model id -> module, for code that picks a model by id (read-only).
MODULES = MappingProxyType({m.MODEL_ID: m for m in (infection, clonal, kuznetsov, kirschner, depillis)})

#: The three tumour--immune models (each has ``simulate``, ``equilibria`` and a therapy table), in course order.
TUMOUR_MODELS = (kuznetsov.MODEL_ID, kirschner.MODEL_ID, depillis.MODEL_ID)


def module(model_id: str, among=None) -> ModuleType:
    """The module of the model ``model_id``.

    Parameters
    ----------
    model_id : str
        A model id (a key of :data:`MODULES`).
    among : sequence of str, optional
        The ids the caller accepts (for example :data:`TUMOUR_MODELS`); default every id of :data:`MODULES`.

    Returns
    -------
    module

    Raises
    ------
    ValueError
        ``model_id`` is not one of the accepted ids; the message lists them (an ``ArgumentTypeError``, also
        a ``TypeError``, if it is not text).

    Example
    -------
    >>> module("sir", among=TUMOUR_MODELS)
    Traceback (most recent call last):
    ...
    ValueError: unknown model 'sir'; expected one of kuznetsov1994, kirschner1998, depillis2005
    """
    allowed = tuple(MODULES) if among is None else tuple(among)
    check_text("model", model_id)
    if model_id not in allowed:
        raise ValueError(f"unknown model {model_id!r}; expected one of {', '.join(allowed)}")
    return MODULES[model_id]
