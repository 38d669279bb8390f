"""Plot functions: data first, keyword arguments passed on to matplotlib, return the Axes.

Each chapter's plots live in a private file (``_value.py``, ``_lifecycle.py`` …) that
lists its public names in ``__all__``; they are all re-exported here. Colours come
from :data:`PALETTE`, a colour-blind-safe set (Okabe & Ito 2008).

The chapter files are imported eagerly, with matplotlib, when this package is imported
(``import crmlib`` alone imports neither): registering a plot function wraps it in
:func:`cjk_style`, so that Chinese labels render while matplotlib's global settings stay
the user's, and the wrapped function replaces the original in its chapter file too, so
that ``from crmlib.plots._value import plot_value_map`` (the widgets) gets it as well.
"""
from ._style import CJK_FONTS, PALETTE, cjk_fonts, cjk_style, new_axes, use_cjk_fonts
from ._intro import *  # noqa: F403
from ._value import *  # noqa: F403
from ._lifecycle import *  # noqa: F403
from ._segment import *  # noqa: F403
from ._satisfaction import *  # noqa: F403
from . import _intro, _lifecycle, _satisfaction, _segment, _value

for _chapter in (_intro, _value, _lifecycle, _segment, _satisfaction):
    for _name in _chapter.__all__:
        if _name.startswith("plot_"):
            globals()[_name] = cjk_style(getattr(_chapter, _name))
            setattr(_chapter, _name, globals()[_name])
del _chapter, _name

__all__ = ["CJK_FONTS", "PALETTE", "cjk_fonts", "cjk_style", "new_axes", "use_cjk_fonts", *_intro.__all__, *_value.__all__, *_lifecycle.__all__, *_segment.__all__, *_satisfaction.__all__]
