"""Live figures for the static book: Vega-Lite specs built from crmlib's own numbers.

In JupyterLab the chapter widgets (:mod:`crmlib.widgets`) run on the kernel. The
online book has no kernel, so each widget's output also carries a *live figure*: a
Vega-Lite spec whose sliders are Vega parameters and whose formulas are Vega
expressions of the same closed forms crmlib computes (or, where crmlib needs
pandas/scipy, data crmlib computed when the notebook ran). The browser tests compare
every figure's numbers with the crmlib function it mirrors.

One private file per chapter; every builder is re-exported here.
"""
from ._core import *  # noqa: F403
from ._intro import *  # noqa: F403
from ._value import *  # noqa: F403
from ._lifecycle import *  # noqa: F403
from ._segment import *  # noqa: F403
from ._satisfaction import *  # noqa: F403
from . import _core, _intro, _lifecycle, _satisfaction, _segment, _value

__all__ = [*_core.__all__, *_intro.__all__, *_value.__all__, *_lifecycle.__all__, *_segment.__all__,
           *_satisfaction.__all__]
