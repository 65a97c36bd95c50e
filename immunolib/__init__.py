"""immunolib: the helper library behind the immunity teaching notebooks.

Layers, imported one way only (DESIGN.md): ``widgets -> figures -> models``; every layer may read
:mod:`immunolib.content`, the only module that opens files in ``data/``.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
