"""Interactive widgets (ipywidgets): thin front ends over tested crmlib functions.

Every number a widget shows is computed by a crmlib function that has its own tests;
the widget only collects inputs and displays results. One private file per chapter.
"""
from .._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    # chapter 0 (introduction)
    "relationship_level_chooser": "._intro",
    # chapter 1 (value) ----------------------------------------------------
    # chapter 2 (lifecycle) ------------------------------------------------
    # chapter 3 (segment) --------------------------------------------------
    # chapter 4 (satisfaction) ---------------------------------------------
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
__all__ = list(_EXPORTS)
