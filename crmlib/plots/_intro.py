"""Chapter 0 plots: Kotler's relationship-level map."""
from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from ..relationship import LEVELS, relationship_levels
from ._style import PALETTE, new_axes

__all__ = ["plot_relationship_map"]


def plot_relationship_map(
    customers: tuple[float, float] = (10, 1e6),
    margins: tuple[float, float] = (0.0, 0.8),
    resolution: int = 200,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Colour the (number of customers, unit margin) plane by Kotler's relationship level.

    Parameters
    ----------
    customers : range of the number of customers (log scale on the x axis).
    margins : range of the unit margin (share of price) on the y axis.
    resolution : grid points per axis.
    ax : Axes to draw on; a new figure when None.
    **kwargs : passed to :func:`crmlib.relationship.relationship_levels` (cut-offs).

    Returns
    -------
    matplotlib Axes.

    Examples
    --------
    >>> ax = plot_relationship_map(resolution=20)
    >>> ax.get_xscale()
    'log'
    """
    ax = new_axes(ax)
    xs = np.geomspace(*customers, resolution)
    ys = np.linspace(*margins, resolution)
    gx, gy = np.meshgrid(xs, ys)
    names = relationship_levels(gx.ravel(), gy.ravel(), **kwargs).to_numpy()
    order = list(LEVELS)
    codes = np.array([order.index(n) for n in names]).reshape(gx.shape)
    colours = [PALETTE[i] for i in (2, 3, 4, 1, 6)]
    ax.pcolormesh(xs, ys, codes, cmap=ListedColormap(colours), vmin=-0.5, vmax=4.5, shading="auto")
    ax.set_xscale("log")
    ax.set_xlabel("number of customers (log scale)")
    ax.set_ylabel("unit margin (share of price)")
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    handles = [Patch(color=c, label=f"{n} {LEVELS[n].chinese}") for c, n in zip(colours, order)]
    ax.legend(handles=handles, loc="upper right", fontsize="small", framealpha=0.9)
    return ax
