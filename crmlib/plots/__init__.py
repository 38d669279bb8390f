"""Plot functions: data first, keyword arguments passed on to matplotlib, return the Axes.

Each chapter's plots live in a private file (``_value.py``, ``_lifecycle.py`` …) and
are re-exported here, imported on first use. Colours come from :data:`PALETTE`, a
colour-blind-safe set (Okabe & Ito 2008).
"""
from .._lazy import lazy_exports
from ._style import PALETTE, new_axes

_EXPORTS: dict[str, str] = {
    # chapter 1 (value) ----------------------------------------------------
    # chapter 2 (lifecycle) ------------------------------------------------
    # chapter 3 (segment) --------------------------------------------------
    # chapter 4 (satisfaction) ---------------------------------------------
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
__all__ = ["PALETTE", "new_axes", *_EXPORTS]
