"""Chapter 1 live figures: CLV calculator, accumulation simulator, value-map explorer.

Formulas are the closed forms of :mod:`crmlib.value`, written as Vega expressions:

* CLV: :func:`crmlib.value.retention_clv_curve`, Σₜ m rᵗ/(1+d)ᵗ (course convention
  ``first_margin="after_retention"``), cumulated with a window sum;
* accumulation: the two-state chain of :func:`crmlib.value.simulate_accumulation` in
  closed form, A(t) = A* + (A₀ − A*)(1 − p − q)ᵗ with A* = N q/(p + q);
* value map: :func:`crmlib.value.value_map`'s fair-value line and regions.
"""
from __future__ import annotations

import inspect

import pandas as pd

from .._deprecate import keyword_only_arguments
from .. import value
from ._core import LiveFigure, base_spec, colour, readout, slider

__all__ = ["live_clv_calculator", "live_accumulation_simulator", "live_value_map_explorer"]

MAX_PERIODS = 40


def live_clv_calculator(margin: float = 100.0, retention: float = 0.8, discount_rate: float = 0.1,
                        periods: int = 10) -> LiveFigure:
    """Live CLV curve: sliders margin, retention, discount_rate, periods → rows ``{period, clv}``.

    Row t is the cumulative discounted CLV over horizon t, as
    :func:`crmlib.value.retention_clv_curve` computes it, for t = 0 … periods.

    Examples
    --------
    >>> sorted(live_clv_calculator().params())
    ['discount_rate', 'margin', 'periods', 'retention']
    """
    params = [
        slider("margin", margin, 0, 500, 5, "margin per period m"),
        slider("retention", retention, 0, 0.99, 0.01, "retention rate r"),
        slider("discount_rate", discount_rate, 0, 0.5, 0.01, "discount rate d"),
        slider("periods", periods, 1, MAX_PERIODS, 1, "horizon T (periods)"),
    ]
    spec = base_spec({"text": "Cumulative CLV by horizon",
                      "subtitle": {"expr": "'infinite horizon m·r/(1+d−r) = ' + format(clv_inf, ',.2f') + ' (dashed)'"}},
                     params)
    spec["params"] += [{"name": "clv_inf", "expr": "margin * retention / (1 + discount_rate - retention)"}]
    spec["data"] = {"sequence": {"start": 0, "stop": MAX_PERIODS + 1, "as": "period"}}
    spec["transform"] = [
        {"filter": "datum.period <= periods"},
        # the margin of period t, earned once the customer has been retained t times
        {"calculate": "datum.period == 0 ? 0 : margin * pow(retention, datum.period) / pow(1 + discount_rate, datum.period)",
         "as": "term"},
        {"window": [{"op": "sum", "field": "term", "as": "clv"}], "sort": [{"field": "period"}],
         "frame": [None, 0]},
    ]
    x = {"field": "period", "type": "quantitative", "title": "horizon (periods)"}
    # the axis reaches the infinite-horizon value, so the reader sees how close horizon T gets
    y = {"field": "clv", "type": "quantitative", "title": "cumulative CLV",
         "scale": {"domainMin": 0, "domainMax": {"expr": "max(clv_inf, 1)"}}}
    spec["layer"] = [
        {"name": "table", "mark": {"type": "line", "point": True, "color": colour(5)},
         "encoding": {"x": x, "y": y, "tooltip": [x, {**y, "format": ",.2f"}]}},
        {"data": {"values": [{}]}, "transform": [{"calculate": "clv_inf", "as": "limit"}],
         "mark": {"type": "rule", "strokeDash": [4, 4], "color": colour(6)},
         "encoding": {"y": {"field": "limit", "type": "quantitative"}}},
        readout("'CLV over ' + datum.period + ' periods: ' + format(datum.clv, ',.2f')", "datum.period == periods"),
    ]
    return LiveFigure("clv-calculator", spec, description="Cumulative CLV by horizon, with sliders for margin, "
                      "retention, discount rate and horizon")


def live_accumulation_simulator(customers: int = 100, a_to_b: float = 0.05, b_to_a: float = 0.0,
                                periods: int = 10, profit_per_customer: float = 10.0) -> LiveFigure:
    """Live accumulation effect: sliders a_to_b, b_to_a, periods → rows of
    :func:`crmlib.value.simulate_accumulation` (``period``, ``a_customers``, ``b_customers``,
    ``difference``, ``relative_size``, ``cumulative_profit_gap``).

    Examples
    --------
    >>> sorted(live_accumulation_simulator().params())
    ['a_to_b', 'b_to_a', 'periods']
    """
    params = [
        slider("a_to_b", a_to_b, 0, 0.3, 0.01, "A → B each period"),
        slider("b_to_a", b_to_a, 0, 0.3, 0.01, "B → A each period"),
        slider("periods", periods, 1, MAX_PERIODS, 1, "periods"),
    ]
    spec = base_spec("Two stores, customers switching each period", params)
    n0, profit = float(customers), float(profit_per_customer)
    spec["data"] = {"sequence": {"start": 0, "stop": MAX_PERIODS + 1, "as": "period"}}
    spec["transform"] = [
        {"filter": "datum.period <= periods"},
        # A(t) = A* + (A0 - A*)(1 - p - q)^t, A* = N q / (p + q), N = 2 A0 customers in all
        {"calculate": f"a_to_b + b_to_a == 0 ? {n0} : "
                      f"{2 * n0} * b_to_a / (a_to_b + b_to_a) + ({n0} - {2 * n0} * b_to_a / (a_to_b + b_to_a))"
                      " * pow(1 - a_to_b - b_to_a, datum.period)", "as": "a_customers"},
        {"calculate": f"{2 * n0} - datum.a_customers", "as": "b_customers"},
        {"calculate": "datum.b_customers - datum.a_customers", "as": "difference"},
        {"calculate": "datum.b_customers / datum.a_customers", "as": "relative_size"},
        {"calculate": f"datum.period == 0 ? 0 : (datum.b_customers - datum.a_customers) * {profit}", "as": "gap"},
        {"window": [{"op": "sum", "field": "gap", "as": "cumulative_profit_gap"}], "sort": [{"field": "period"}],
         "frame": [None, 0]},
        {"fold": ["a_customers", "b_customers"], "as": ["store", "customers_drawn"]},
    ]
    x = {"field": "period", "type": "quantitative", "title": "period"}
    spec["layer"] = [
        {"mark": {"type": "line", "point": True},
         "encoding": {"x": x, "y": {"field": "customers_drawn", "type": "quantitative", "title": "customers"},
                      "color": {"field": "store", "type": "nominal", "title": "store",
                                "scale": {"domain": ["a_customers", "b_customers"], "range": [colour(6), colour(5)]},
                                "legend": {"labelExpr": "datum.label == 'a_customers' ? 'A (loses)' : 'B (gains)'"}}}},
        {"name": "table", "transform": [{"filter": "datum.store == 'a_customers'"}],
         "mark": {"type": "point", "opacity": 0},
         "encoding": {"x": x, "y": {"field": "a_customers", "type": "quantitative"}}},
        readout("'after ' + datum.period + ' periods: A ' + format(datum.a_customers, '.1f') + ', B ' + "
                "format(datum.b_customers, '.1f') + ', B/A = ' + format(datum.relative_size, '.2f')",
                "datum.period == periods && datum.store == 'a_customers'"),
        readout("'B\\'s cumulative profit lead: ' + format(datum.cumulative_profit_gap, ',.0f')",
                "datum.period == periods && datum.store == 'a_customers'", line=1),
    ]
    spec["usermeta"] = {"crmlib": {"customers": customers, "profit_per_customer": profit_per_customer}}
    return LiveFigure("accumulation-simulator", spec, description="Customers of stores A and B over time as "
                      "customers switch between them")


@keyword_only_arguments("quality", "price", "slope", since="0.2", removed_in="0.3")
def live_value_map_explorer(data: pd.DataFrame, *, quality: str = "relative_quality", price: str = "relative_price",
                            slope: float = 1.0) -> LiveFigure:
    """Live customer value map: a quality and a price slider per competitor → rows ``{competitor,
    relative_quality, relative_price, fair_price, value_advantage, region}`` of
    :func:`crmlib.value.value_map`.

    Examples
    --------
    >>> d = pd.DataFrame({"relative_quality": [1.2, 0.9], "relative_price": [1.0, 1.1]}, index=["A", "B"])
    >>> sorted(live_value_map_explorer(d).params())
    ['price_A', 'price_B', 'quality_A', 'quality_B']
    """
    vm = value.value_map(data, quality=quality, price=price, slope=slope)
    tolerance = inspect.signature(value.value_map).parameters["tolerance"].default
    names = [str(i) for i in vm.index]
    params = []
    for n in names:
        params += [slider(f"quality_{_key(n)}", float(vm.loc[n, quality]), 0.5, 1.5, 0.01, f"{n}: relative quality"),
                   slider(f"price_{_key(n)}", float(vm.loc[n, price]), 0.5, 1.5, 0.01, f"{n}: relative price")]
    spec = base_spec({"text": "Customer value map",
                      "subtitle": "below the fair-value line: better value; above it: worse value"},
                     params, width=360, height=300)
    spec["data"] = {"values": [{"competitor": n, "key": _key(n)} for n in names]}
    pick = lambda what: " : ".join(  # noqa: E731 - one nested conditional per competitor
        [f"datum.key == '{_key(n)}' ? {what}_{_key(n)}" for n in names] + ["null"])
    spec["transform"] = [
        {"calculate": pick("quality"), "as": "relative_quality"},
        {"calculate": pick("price"), "as": "relative_price"},
        {"calculate": f"1 + {float(slope)} * (datum.relative_quality - 1)", "as": "fair_price"},
        {"calculate": "datum.fair_price - datum.relative_price", "as": "value_advantage"},
        {"calculate": f"datum.value_advantage > {tolerance} ? 'better value' : "
                      f"datum.value_advantage < -{tolerance} ? 'worse value' : 'fair value'", "as": "region"},
    ]
    scale = {"domain": [0.5, 1.5], "zero": False, "nice": False}
    xq = {"field": "relative_quality", "type": "quantitative", "title": "relative quality", "scale": scale}
    yp = {"field": "relative_price", "type": "quantitative", "title": "relative price", "scale": scale}
    line = [{"q": 0.5, "p": 1 + slope * (0.5 - 1)}, {"q": 1.5, "p": 1 + slope * (1.5 - 1)}]
    spec["layer"] = [
        {"data": {"values": line}, "mark": {"type": "line", "color": colour(0), "strokeDash": [4, 4], "clip": True},
         "encoding": {"x": {"field": "q", "type": "quantitative", "scale": scale, "title": "relative quality"},
                      "y": {"field": "p", "type": "quantitative", "scale": scale, "title": "relative price"}}},
        {"name": "table", "mark": {"type": "point", "filled": True, "size": 120},
         "encoding": {"x": xq, "y": yp,
                      "color": {"field": "region", "type": "nominal", "title": "region",
                                "scale": {"domain": ["better value", "fair value", "worse value"],
                                          "range": [colour(3), colour(0), colour(6)]}},
                      "tooltip": [{"field": "competitor"}, xq, yp, {"field": "value_advantage", "format": "+.2f"},
                                  {"field": "region"}]}},
        {"mark": {"type": "text", "dx": 10, "align": "left", "fontSize": 13},
         "encoding": {"x": xq, "y": yp, "text": {"field": "competitor"}}},
    ]
    spec["usermeta"] = {"crmlib": {"slope": slope, "tolerance": tolerance,
                                   "competitors": {_key(n): n for n in names}}}
    return LiveFigure("value-map-explorer", spec, description="Customer value map with a quality and a price "
                      "slider for each competitor")


def _key(name: str) -> str:
    """A competitor name as part of a parameter name (letters, digits and _ only)."""
    return "".join(ch if ch.isalnum() else "_" for ch in name)
