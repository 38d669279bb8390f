"""Interactive widgets (ipywidgets): thin front ends over tested crmlib functions.

Every number a widget shows is computed by a crmlib function that has its own tests;
the widget only collects inputs and displays results. One private file per chapter,
each listing its public names in ``__all__``.
"""
from ._intro import *  # noqa: F403
from ._value import *  # noqa: F403
from ._lifecycle import *  # noqa: F403
from ._segment import *  # noqa: F403
from ._satisfaction import *  # noqa: F403
from . import _intro, _lifecycle, _satisfaction, _segment, _value

__all__ = [*_intro.__all__, *_value.__all__, *_lifecycle.__all__, *_segment.__all__, *_satisfaction.__all__]
