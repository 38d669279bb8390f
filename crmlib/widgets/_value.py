"""Chapter 1 widgets: CLV calculator, accumulation-effect simulator, value-map explorer.

Each widget only collects inputs and shows what :mod:`crmlib.value` computes.
"""
from __future__ import annotations

import html

import ipywidgets as widgets
from matplotlib.figure import Figure
import pandas as pd

from .. import value
from .._deprecate import keyword_only_arguments, renamed_arguments
from ..live import live_accumulation_simulator, live_clv_calculator, live_value_map_explorer
from ..plots._value import plot_accumulation, plot_cumulative_clv, plot_value_map
from ._common import STYLE, LiveBox, float_slider as _slider, layout, show as _show

__all__ = ["clv_calculator", "accumulation_simulator", "value_map_explorer"]


@renamed_arguments(discount="discount_rate", since="0.2", removed_in="0.3")
def clv_calculator(margin: float = 100.0, retention: float = 0.8, discount_rate: float = 0.1,
                   periods: int = 10) -> widgets.VBox:
    """Sliders for margin, retention, discount rate and horizon → CLV and its curve.

    Values come from :func:`crmlib.value.retention_clv` and
    :func:`crmlib.value.retention_clv_curve` (Gupta–Lehmann convention: a period's margin
    is earned once the customer is retained into it). ``discount`` is the retired name of
    ``discount_rate``. In the static book the output shows
    :func:`crmlib.live.live_clv_calculator` instead.

    Examples
    --------
    >>> w = clv_calculator()
    >>> "266.67" in w.children[-2].value
    True
    """
    m = _slider("margin per period", margin, 0, 500, 5, ".0f")
    r = _slider("retention rate r", retention, 0, 0.99, 0.01)
    d = _slider("discount rate d", discount_rate, 0, 0.5, 0.01)
    t = widgets.IntSlider(value=periods, min=1, max=40, description="horizon (periods)", continuous_update=False,
                          style=STYLE, layout=layout())
    result = widgets.HTML()
    out = widgets.Output()

    def update(*_: object) -> None:
        finite = value.retention_clv(m.value, r.value, d.value, t.value)
        infinite = value.retention_clv(m.value, r.value, d.value)
        result.value = (f"<p>CLV over {t.value} periods: <b>{finite:,.2f}</b> &nbsp;·&nbsp; "
                        f"infinite horizon m·r/(1+d−r): <b>{infinite:,.2f}</b></p>")
        fig = Figure(figsize=(6, 3.2), layout="constrained")
        ax = fig.subplots()
        curve = value.retention_clv_curve(m.value, r.value, d.value, t.value).set_index("period")["clv"]
        plot_cumulative_clv(curve.rename("CLV"), limit=infinite, ax=ax)
        ax.set_title("Cumulative CLV by horizon")
        _show(out, fig)

    for w in (m, r, d, t):
        w.observe(update, names="value")
    update()
    return LiveBox([m, r, d, t, result, out], live=lambda: live_clv_calculator(margin, retention, discount_rate, periods))


def accumulation_simulator(customers: int = 100, a_to_b: float = 0.05, b_to_a: float = 0.0,
                           periods: int = 10, profit_per_customer: float = 10.0) -> widgets.VBox:
    """Two stores, customers switching between them each period → sizes, ratio and profit gap.

    Numbers from :func:`crmlib.value.simulate_accumulation`.

    Examples
    --------
    >>> w = accumulation_simulator(a_to_b=0.1, periods=1)
    >>> "1.22" in w.children[-2].value
    True
    """
    p = _slider("A → B each period", a_to_b, 0, 0.3, 0.01)
    q = _slider("B → A each period", b_to_a, 0, 0.3, 0.01)
    t = widgets.IntSlider(value=periods, min=1, max=40, description="periods", continuous_update=False,
                          style=STYLE, layout=layout())
    result = widgets.HTML()
    out = widgets.Output()

    def update(*_: object) -> None:
        sim = value.simulate_accumulation(customers, p.value, q.value, t.value, profit_per_customer)
        last = sim.iloc[-1]
        result.value = (
            f"<p>After {t.value} periods: A has <b>{last['a_customers']:.1f}</b>, B has <b>{last['b_customers']:.1f}</b> "
            f"customers; B/A = <b>{last['relative_size']:.2f}</b>; B's cumulative profit lead "
            f"<b>{last['cumulative_profit_gap']:,.0f}</b>.</p>"
        )
        fig = Figure(figsize=(6, 3.2), layout="constrained")
        ax = fig.subplots()
        plot_accumulation(sim, ax=ax)
        _show(out, fig)

    for w in (p, q, t):
        w.observe(update, names="value")
    update()
    return LiveBox([p, q, t, result, out], live=lambda: live_accumulation_simulator(
        customers, a_to_b, b_to_a, periods, profit_per_customer))


@keyword_only_arguments("quality", "price", "slope", since="0.2", removed_in="0.3")
def value_map_explorer(data: pd.DataFrame, *, quality: str = "relative_quality", price: str = "relative_price",
                       slope: float = 1.0) -> widgets.VBox:
    """Pick a competitor and move its relative quality and price; its point and region follow.

    Regions from :func:`crmlib.value.value_map`.

    Examples
    --------
    >>> d = pd.DataFrame({"relative_quality": [1.2, 0.9], "relative_price": [1.0, 1.1]}, index=["A", "B"])
    >>> "better value" in value_map_explorer(d).children[-2].value
    True
    """
    names = [str(i) for i in data.index]
    start = data[[quality, price]].copy()
    base = data[[quality, price]].copy()
    base.index = names
    who = widgets.Dropdown(options=names, value=names[0], description="competitor", style=STYLE, layout=layout())
    qs = _slider("relative quality", float(base.loc[names[0], quality]), 0.5, 1.5, 0.01)
    ps = _slider("relative price", float(base.loc[names[0], price]), 0.5, 1.5, 0.01)
    result = widgets.HTML()
    out = widgets.Output()
    state = {"busy": False}

    def pick(*_: object) -> None:
        state["busy"] = True
        qs.value = float(base.loc[who.value, quality])
        ps.value = float(base.loc[who.value, price])
        state["busy"] = False
        update()

    def update(*_: object) -> None:
        if state["busy"]:
            return
        base.loc[who.value, quality] = qs.value
        base.loc[who.value, price] = ps.value
        vm = value.value_map(base, quality=quality, price=price, slope=slope)
        rows = "".join(
            f"<tr><td>{html.escape(n)}</td><td>{row[quality]:.2f}</td><td>{row[price]:.2f}</td>"
            f"<td>{row['value_advantage']:+.2f}</td><td>{row['region']}</td></tr>" for n, row in vm.iterrows()
        )
        result.value = ("<table><tr><th>competitor</th><th>quality</th><th>price</th><th>advantage</th>"
                        f"<th>region</th></tr>{rows}</table>")
        fig = Figure(figsize=(5, 4.2), layout="constrained")
        ax = fig.subplots()
        plot_value_map(base, quality=quality, price=price, slope=slope, ax=ax)
        _show(out, fig)

    who.observe(pick, names="value")
    qs.observe(update, names="value")
    ps.observe(update, names="value")
    update()
    return LiveBox([who, qs, ps, result, out], live=lambda: live_value_map_explorer(start, quality=quality, price=price, slope=slope))
