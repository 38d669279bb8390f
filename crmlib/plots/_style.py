"""Shared plotting style."""
from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

#: Okabe & Ito (2008) colour-blind-safe palette: black, orange, sky blue, bluish green,
#: yellow, blue, vermillion, reddish purple.
PALETTE: list[str] = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]


def new_axes(ax: Axes | None = None, **subplot_kw: Any) -> Axes:
    """Return *ax*, or the Axes of a new figure when *ax* is None."""
    if ax is not None:
        return ax
    _, ax = plt.subplots(**({"figsize": (6.4, 4.0)} | subplot_kw))
    return ax
