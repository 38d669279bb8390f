"""Plot functions: data first, keyword arguments passed on to matplotlib, return the Axes.

Each chapter's plots live in a private file (``_value.py``, ``_lifecycle.py`` …) that
lists its public names in ``__all__``; they are all re-exported here. Colours come
from :data:`PALETTE`, a colour-blind-safe set (Okabe & Ito 2008).
"""
from ._style import PALETTE, new_axes
from ._value import *  # noqa: F403
from ._lifecycle import *  # noqa: F403
from ._segment import *  # noqa: F403
from ._satisfaction import *  # noqa: F403
from . import _lifecycle, _satisfaction, _segment, _value

__all__ = ["PALETTE", "new_axes", *_value.__all__, *_lifecycle.__all__, *_segment.__all__, *_satisfaction.__all__]
