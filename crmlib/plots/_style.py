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


#: CJK fonts tried, in order, as fallbacks after DejaVu Sans so that Chinese labels
#: render. Debian/Ubuntu: ``apt-get install fonts-noto-cjk``; Windows and macOS ship
#: Microsoft YaHei / SimHei and PingFang SC.
CJK_FONTS: list[str] = [
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "Microsoft YaHei", "SimHei",
    "PingFang SC", "Heiti SC", "WenQuanYi Zen Hei", "Arial Unicode MS",
]


def use_cjk_fonts() -> list[str]:
    """Add the installed CJK fonts of :data:`CJK_FONTS` as matplotlib fallbacks.

    Called when :mod:`crmlib.plots` is imported. Returns the fonts found; an empty
    list means Chinese labels will show as boxes (matplotlib warns about missing glyphs).
    """
    from matplotlib import font_manager, rcParams  # noqa: PLC0415

    installed = {font.name for font in font_manager.fontManager.ttflist}
    found = [name for name in CJK_FONTS if name in installed]
    if not found:
        # matplotlib's font cache predates the CJK fonts: register their files directly.
        for path in font_manager.findSystemFonts():
            if any(key in path for key in ("NotoSansCJK", "NotoSerifCJK", "wqy", "SourceHanSans")):
                font_manager.fontManager.addfont(path)
        installed = {font.name for font in font_manager.fontManager.ttflist}
        found = [name for name in CJK_FONTS if name in installed]
    rest = [name for name in rcParams["font.sans-serif"] if name not in found and name != "DejaVu Sans"]
    rcParams["font.sans-serif"] = ["DejaVu Sans", *found, *rest]
    # Fallback only works through an explicit family list, not the "sans-serif" alias.
    rcParams["font.family"] = ["DejaVu Sans", *found] if found else ["sans-serif"]
    rcParams["axes.unicode_minus"] = False
    return found
