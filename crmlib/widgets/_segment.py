"""Chapter 3 widgets: ABC cut-off slider, RFM explorer, ordering-model form.

Each widget only collects inputs and shows what :mod:`crmlib.segment` computes.
"""
from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from .. import segment
from .._errors import CRMLibError
from ..live import live_abc_explorer, live_ordering_form, live_rfm_explorer
from ..plots._segment import plot_lorenz, plot_rfm_heatmap, plot_segment_sizes
from ._common import STYLE, LiveBox, layout
from ._common import show as _show

__all__ = ["abc_explorer", "rfm_explorer", "ordering_form"]


def abc_explorer(values: Any, cuts: tuple[float, float] = (0.8, 0.95)) -> LiveBox:
    """Two sliders for the ABC cut-offs → class sizes, value shares and the live Pareto curve.

    Numbers from :func:`crmlib.segment.abc_summary`, :func:`~crmlib.segment.gini` and
    :func:`~crmlib.segment.pareto_statement`.

    Examples
    --------
    >>> w = abc_explorer([50, 30, 10, 5, 5])
    >>> "A: 2 customers (40.0 %)" in w.children[2].value
    True
    """
    a = widgets.FloatSlider(value=cuts[0], min=0.05, max=0.95, step=0.01, description="A ends at value share",
                            continuous_update=False, style=STYLE, layout=layout())
    b = widgets.FloatSlider(value=cuts[1], min=0.10, max=1.0, step=0.01, description="B ends at value share",
                            continuous_update=False, style=STYLE, layout=layout())
    result = widgets.HTML()
    out = widgets.Output()

    def update(*_: object) -> None:
        if b.value <= a.value:
            result.value = "<p>The B cut-off must be above the A cut-off.</p>"
            return
        table = segment.abc_summary(values, (a.value, b.value))
        parts = [f"{cls}: {row.customers} customers ({row.customer_share:.1%}) give {row.value_share:.1%} of value"
                 for cls, row in zip(table.index, table.itertuples())]
        result.value = ("<p>" + "<br>".join(html.escape(p).replace("%", " %") for p in parts)
                        + f"<br>Gini = {segment.gini(values):.3f}. "
                        + html.escape(segment.pareto_statement(values)) + "</p>")
        fig = Figure(figsize=(6, 3.6), layout="constrained")
        plot_lorenz(values, (a.value, b.value), ax=fig.subplots())
        _show(out, fig)

    for w in (a, b):
        w.observe(update, names="value")
    update()
    return LiveBox([a, b, result, out], live=lambda: live_abc_explorer(values, cuts))


def rfm_explorer(summary: pd.DataFrame) -> LiveBox:
    """Choose bins, scoring method and scheme → segment sizes, the R × F heatmap of mean spend.

    Scores from :func:`crmlib.segment.rfm_scores`, segments from
    :func:`~crmlib.segment.rfm_segments` ("ten" needs 5 quantile bins; "cn8" uses mean splits).

    Examples
    --------
    >>> s = pd.DataFrame({"T": [100, 100, 50, 10, 80], "recency": [90, 0, 40, 0, 10],
    ...                   "n_orders": [5, 1, 2, 1, 3], "total": [500.0, 20.0, 80.0, 35.0, 60.0]})
    >>> w = rfm_explorer(s)
    >>> "customers" in w.children[-2].value
    True
    """
    bins = widgets.IntSlider(value=5, min=2, max=7, description="bins", continuous_update=False,
                             style=STYLE, layout=layout())
    method = widgets.Dropdown(options=["quantile", "mean"], value="quantile", description="scoring method",
                              style=STYLE, layout=layout())
    scheme = widgets.Dropdown(options=["ten", "cn8"], value="ten", description="segment scheme",
                              style=STYLE, layout=layout())
    result = widgets.HTML()
    out = widgets.Output()

    def update(*_: object) -> None:
        scoring = segment.RFMScoring(bins.value, method.value).fit(summary)
        scores = scoring.scores_
        try:
            segs = segment.rfm_segments(scoring, scheme.value)  # the scoring says how it was made
        except CRMLibError as exc:  # e.g. "ten" on other than 5 quantile bins: crmlib says what to set
            result.value = f"<p>{html.escape(str(exc))}</p>"
            out.outputs = ()
            return
        table = segment.segment_summary(scores, segs)[["customers", "customer_share", "revenue_share"]]
        result.value = table.to_html(float_format=lambda v: f"{v:.3f}")
        fig = Figure(figsize=(11, 3.8), layout="constrained")
        ax1, ax2 = fig.subplots(1, 2)
        plot_rfm_heatmap(scores, ax=ax1)
        plot_segment_sizes(segs, revenue=scores["monetary_value"], ax=ax2)
        _show(out, fig)

    for w in (bins, method, scheme):
        w.observe(update, names="value")
    update()
    return LiveBox([bins, method, scheme, result, out], live=lambda: live_rfm_explorer(summary))


def ordering_form(reference: pd.DataFrame) -> LiveBox:
    """A form for one customer (six loyalty indicators, credit, size) → its ordering class.

    The class comes from :func:`crmlib.segment.classify_customer` against ``reference``
    (e.g. :func:`crmlib.datasets.make_b2b_customers`). Inputs start at the reference medians.

    Examples
    --------
    >>> from crmlib.datasets import make_b2b_customers
    >>> w = ordering_form(make_b2b_customers(100))
    >>> "order rank" in w.children[-1].value
    True
    """
    med = reference[list(segment.LOYALTY_INDICATORS)].median()
    fields: dict[str, widgets.Widget] = {}
    for col, (zh, sign) in segment.LOYALTY_INDICATORS.items():
        hi = float(reference[col].max())
        fields[col] = widgets.FloatSlider(value=float(med[col]), min=0.0, max=hi, step=hi / 100 if hi > 0 else 0.01,
                                          description=f"{col} ({'+' if sign > 0 else '−'})",
                                          continuous_update=False, style=STYLE, layout=layout())
    fields["credit"] = widgets.Dropdown(options=list(segment.CREDIT_LEVELS), value=segment.CREDIT_LEVELS[1],
                                        description="credit (资信)", style=STYLE, layout=layout())
    fields["size"] = widgets.Dropdown(options=list(segment.SIZE_LEVELS), value=segment.SIZE_LEVELS[1],
                                      description="size (规模)", style=STYLE, layout=layout())
    result = widgets.HTML()

    def update(*_: object) -> None:
        res = segment.classify_customer({k: w.value for k, w in fields.items()}, reference)
        result.value = (f"<p>Loyalty index <b>{res['loyalty_index']:.1f}</b> (high if ≥ {res['loyalty_cut']:.1f}) → "
                        f"<b>{html.escape(res['order_class'])}</b>, order rank <b>{res['order_rank']}</b> of 8; "
                        f"loyalty × size rank {res['size_class']}, loyalty × credit rank {res['credit_class']} of 4.</p>")

    for w in fields.values():
        w.observe(update, names="value")
    update()
    return LiveBox([*fields.values(), result], live=lambda: live_ordering_form(reference))
