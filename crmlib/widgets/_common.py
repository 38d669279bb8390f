"""Building blocks shared by the chapter widgets: one look for sliders, one way to redraw."""
from __future__ import annotations

from typing import Callable

import ipywidgets as widgets
from matplotlib.figure import Figure

from ..live import LiveFigure


#: One look for every chapter widget: the width of the label column and of a control.
STYLE = {"description_width": "170px"}
WIDTH = "440px"


def layout() -> widgets.Layout:
    """A fresh Layout of the common width (ipywidgets Layouts must not be shared between widgets)."""
    return widgets.Layout(width=WIDTH)


def show(out: widgets.Output, fig: Figure) -> None:
    """Replace what *out* shows by *fig* (a pyplot-free Figure, so nothing else displays it)."""
    out.outputs = ()
    out.append_display_data(fig)


def float_slider(desc: str, val: float, lo: float, hi: float, step: float, fmt: str = ".2f", *,
                 style: dict | None = None, width: str = WIDTH) -> widgets.FloatSlider:
    """A slider that recomputes on release (``continuous_update=False``), not on every pixel."""
    return widgets.FloatSlider(value=val, min=lo, max=hi, step=step, description=desc, readout_format=fmt,
                               continuous_update=False, style=style or STYLE, layout=widgets.Layout(width=width))


def int_slider(desc: str, val: int, lo: int, hi: int, step: int = 1, *,
               style: dict | None = None, width: str = WIDTH) -> widgets.IntSlider:
    """The integer counterpart of :func:`float_slider`."""
    return widgets.IntSlider(value=val, min=lo, max=hi, step=step, description=desc, continuous_update=False,
                             style=style or STYLE, layout=widgets.Layout(width=width))


class LiveBox(widgets.VBox):
    """A VBox whose output also carries the widget's live figure for the static book.

    Its display bundle holds the ipywidget view (JupyterLab shows that, with the kernel)
    and ``text/html`` with the :class:`crmlib.live.LiveFigure` (the book's MIME priority,
    ``nb_mime_priority_overrides`` in ``_config.yml``, shows that: it needs no kernel).
    Exactly one of the two is ever shown.
    """

    def __init__(self, children, live: Callable[[], LiveFigure], **kwargs) -> None:
        super().__init__(children, **kwargs)
        self._live = live

    def live_figure(self) -> LiveFigure:
        """The live figure, built from the arguments the widget was created with."""
        return self._live()

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        if data is not None and "application/vnd.jupyter.widget-view+json" in data:
            data["text/html"] = self.live_figure().to_html()
        return data
