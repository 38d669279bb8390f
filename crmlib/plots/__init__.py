"""Plot functions: data first, keyword arguments passed on to matplotlib, return the Axes.

Each chapter's plots live in a private file (``_value.py``, ``_lifecycle.py`` …) that
lists its public names in ``__all__``; they are all re-exported here. Colours come
from :data:`PALETTE`, a colour-blind-safe set (Okabe & Ito 2008).
"""
from ._style import CJK_FONTS, PALETTE, new_axes, use_cjk_fonts
from ._intro import *  # noqa: F403
from ._value import *  # noqa: F403
from ._lifecycle import *  # noqa: F403
from ._segment import *  # noqa: F403
from ._satisfaction import *  # noqa: F403
from . import _intro, _lifecycle, _satisfaction, _segment, _value

use_cjk_fonts()

__all__ = ["CJK_FONTS", "PALETTE", "new_axes", "use_cjk_fonts", *_intro.__all__, *_value.__all__, *_lifecycle.__all__, *_segment.__all__, *_satisfaction.__all__]
