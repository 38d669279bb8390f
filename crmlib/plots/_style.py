"""Shared plotting style."""
from __future__ import annotations

import functools
from typing import Any, Callable

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


@functools.cache
def cjk_fonts() -> tuple[str, ...]:
    """The fonts of :data:`CJK_FONTS` that matplotlib can use here, in that order.

    Looked up on the first plot, not on import. An empty tuple means Chinese labels will
    show as boxes (matplotlib then warns about missing glyphs).

    Examples
    --------
    >>> set(cjk_fonts()) <= set(CJK_FONTS)
    True
    """
    from matplotlib import font_manager  # noqa: PLC0415

    installed = {font.name for font in font_manager.fontManager.ttflist}
    found = [name for name in CJK_FONTS if name in installed]
    if not found:
        # matplotlib's font cache predates the CJK fonts: register their files directly.
        for path in font_manager.findSystemFonts():
            if any(key in path for key in ("NotoSansCJK", "NotoSerifCJK", "wqy", "SourceHanSans")):
                font_manager.fontManager.addfont(path)
        installed = {font.name for font in font_manager.fontManager.ttflist}
        found = [name for name in CJK_FONTS if name in installed]
    return tuple(found)


def _with_cjk(families: str | list[str]) -> list[str]:
    """*families* followed by the CJK fonts it lacks: matplotlib falls back along the list
    glyph by glyph, so Latin text keeps the first font and only Chinese glyphs change font."""
    families = [families] if isinstance(families, str) else list(families)
    return [*families, *(name for name in cjk_fonts() if name not in families)]


def _add_cjk_fallback(figure: Any) -> None:
    """Give every text of *figure* the CJK fallback, including texts made before the plot
    function ran (the title and axis labels of an Axes passed in) and tick labels, which
    matplotlib draws after the function has returned (new ticks copy the first one's font)."""
    from matplotlib.text import Text  # noqa: PLC0415

    for text in figure.findobj(Text):
        text.set_fontfamily(_with_cjk(text.get_fontfamily()))


def cjk_style(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a plot function so that its Chinese labels render, without touching rcParams.

    The function runs inside ``matplotlib.rc_context`` with the installed CJK fonts
    (:func:`cjk_fonts`) appended to the user's ``font.family``; afterwards every text of
    the figure it drew on carries the same fallback, so the figure also renders correctly
    when it is drawn later, outside the context (a notebook shows it after the cell ends).
    :mod:`crmlib.plots` applies this to every ``plot_*`` function it registers.

    Examples
    --------
    >>> import matplotlib
    >>> @cjk_style
    ... def plot_title(text, ax=None):
    ...     ax = new_axes(ax)
    ...     ax.set_title(text)
    ...     return ax
    >>> before = matplotlib.rcParams["font.family"]
    >>> ax = plot_title("高价值客户")
    >>> set(cjk_fonts()) <= set(ax.title.get_fontfamily())
    True
    >>> matplotlib.rcParams["font.family"] == before
    True
    """
    if getattr(func, "_cjk_style", False):
        return func

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import matplotlib  # noqa: PLC0415

        given = kwargs.get("ax")
        if given is not None:
            _add_cjk_fallback(given.figure)  # the function may measure text (layout) while it runs
        with matplotlib.rc_context({"font.family": _with_cjk(matplotlib.rcParams["font.family"])}):
            result = func(*args, **kwargs)
        figure = getattr(result, "figure", None)
        if figure is not None:
            _add_cjk_fallback(figure)
        return result

    wrapper._cjk_style = True  # type: ignore[attr-defined]
    return wrapper


def use_cjk_fonts() -> list[str]:
    """Append the installed CJK fonts to matplotlib's global ``font.family``.

    crmlib's own plot functions do not need this (see :func:`cjk_style`) and importing
    crmlib never calls it. Call it yourself when you draw your own figures with Chinese
    text; it changes ``matplotlib.rcParams`` for the rest of the session. Returns the
    fonts found; an empty list means Chinese labels will show as boxes.

    Examples
    --------
    >>> import matplotlib
    >>> with matplotlib.rc_context():  # the example undoes its global change
    ...     found = use_cjk_fonts()
    ...     families = matplotlib.rcParams["font.family"]
    >>> all(name in families for name in found)
    True
    """
    from matplotlib import rcParams  # noqa: PLC0415

    rcParams["font.family"] = _with_cjk(rcParams["font.family"])
    return list(cjk_fonts())
