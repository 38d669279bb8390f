"""Building blocks shared by the chapter widgets: one look for sliders, one way to redraw."""
from __future__ import annotations

import ipywidgets as widgets
from matplotlib.figure import Figure


def show(out: widgets.Output, fig: Figure) -> None:
    """Replace what *out* shows by *fig* (a pyplot-free Figure, so nothing else displays it)."""
    out.outputs = ()
    out.append_display_data(fig)


def float_slider(desc: str, val: float, lo: float, hi: float, step: float, fmt: str = ".2f", *,
                 style: dict, width: str) -> widgets.FloatSlider:
    """A slider that recomputes on release (``continuous_update=False``), not on every pixel."""
    return widgets.FloatSlider(value=val, min=lo, max=hi, step=step, description=desc, readout_format=fmt,
                               continuous_update=False, style=style, layout=widgets.Layout(width=width))


def int_slider(desc: str, val: int, lo: int, hi: int, step: int = 1, *,
               style: dict, width: str) -> widgets.IntSlider:
    """The integer counterpart of :func:`float_slider`."""
    return widgets.IntSlider(value=val, min=lo, max=hi, step=step, description=desc, continuous_update=False,
                             style=style, layout=widgets.Layout(width=width))
