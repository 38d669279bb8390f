"""Chapter 3 live figures: ABC explorer, RFM explorer, ordering-model form.

What the browser computes and what crmlib ships:

* ABC: the classes of :func:`crmlib.segment.abc_classes` depend on a cut only through
  "how many customers (most valuable first) start below it, and what value they hold".
  crmlib computes that for every cut a slider can reach (:func:`abc_cut_table`); the
  browser looks the two cuts up and takes differences, which is :func:`crmlib.segment.abc_summary`.
* RFM: tie-aware quantile bins on thousands of customers need pandas, so crmlib computes
  every combination of the widget's controls (:func:`rfm_grid`): the segment table of
  :func:`crmlib.segment.segment_summary` and the R × F heatmap of
  :func:`crmlib.segment.rfm_cell_means`, or crmlib's message when a scheme does not apply.
* Ordering form: the new customer's percentile ranks among the reference customers,
  the loyalty index and the class rules of :func:`crmlib.segment.classify_customer` are
  Vega expressions; the reference customers and the median cut come from crmlib.
"""
from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from .. import segment
from .._errors import CRMLibError
from .._validate import numeric_series
from ._core import LiveFigure, base_spec, colour, readout, slider

__all__ = ["live_abc_explorer", "live_rfm_explorer", "live_ordering_form", "abc_cut_table", "rfm_grid",
           "RFM_METHODS", "RFM_SCHEMES", "ABC_CUT_PERCENTS"]

#: Every cut the ABC sliders can reach, in percent of value (A: 5-95 %, B: 10-100 %, step 1 %).
ABC_CUT_PERCENTS: tuple[int, ...] = tuple(range(5, 101))
#: The rfm_explorer dropdowns, coded 0, 1, … on the live figure's sliders.
RFM_METHODS: tuple[str, ...] = ("quantile", "mean")
RFM_SCHEMES: tuple[str, ...] = ("ten", "cn8")


def _js(obj: Any) -> str:
    """A Python list/str as a Vega expression literal (JSON is valid Vega expression syntax)."""
    return json.dumps(obj, ensure_ascii=False)


# ---------------------------------------------------------------------------
# ABC explorer
# ---------------------------------------------------------------------------

def abc_cut_table(values: Any, percents: tuple[int, ...] = ABC_CUT_PERCENTS) -> list[dict[str, Any]]:
    """For each cut c (in percent): the customers who start below it and the value they hold.

    A customer is below cut c when the share of value of the customers before them is below c;
    they are class A of :func:`crmlib.segment.abc_classes` with A-cut c. So for cuts a < b,
    class A is row a, B is row b minus row a, and C is the rest: :func:`crmlib.segment.abc_summary`.

    Returns
    -------
    Rows ``{pct, customers, value}`` (``value`` is a sum, in the unit of ``values``).

    Examples
    --------
    >>> [(r["pct"], r["customers"], r["value"]) for r in abc_cut_table([50, 30, 10, 5, 5], (50, 80, 100))]
    [(50, 1, 50.0), (80, 2, 80.0), (100, 5, 100.0)]
    """
    rows = []
    for pct in percents:
        cut = pct / 100
        # with A-cut = cut, class A is exactly "starts below the cut"; for cut = 1 it is A + B of any a < 1
        table = segment.abc_summary(values, (cut, 1.0) if cut < 1 else (0.5, 1.0))
        below = table.loc[["A"]] if cut < 1 else table.loc[["A", "B"]]
        rows.append({"pct": int(pct), "customers": int(below["customers"].sum()), "value": float(below["value"].sum())})
    return rows


def _curve_points(values: Any, points: int = 300) -> list[dict[str, float]]:
    """The concentration curve of :func:`crmlib.segment.lorenz_curve`, thinned to draw (not to compute)."""
    curve = segment.lorenz_curve(values)
    keep = np.unique(np.linspace(0, len(curve) - 1, min(points, len(curve))).round().astype(int))
    return [{"cum_customers": float(x), "cum_value": float(y)} for x, y in curve.iloc[keep].to_numpy()]


def live_abc_explorer(values: Any, cuts: tuple[float, float] = (0.8, 0.95)) -> LiveFigure:
    """Live ABC classes: sliders ``a_cut``, ``b_cut`` (the widget's two) → rows
    ``{abc, customers, customer_share, value_share}`` of :func:`crmlib.segment.abc_summary`.

    With ``b_cut <= a_cut`` there are no rows and the figure says why, as the widget does.

    Examples
    --------
    >>> fig = live_abc_explorer([50, 30, 10, 5, 5])
    >>> fig.params()["a_cut"]
    {'min': 0.05, 'max': 0.95, 'step': 0.01, 'value': 0.8}
    """
    s = numeric_series(values)
    n, total = len(s), float(segment.abc_classes(s, (0.5, 1.0))["value"].sum())
    params = [slider("a_cut", cuts[0], 0.05, 0.95, 0.01, "A ends at value share"),
              slider("b_cut", cuts[1], 0.10, 1.0, 0.01, "B ends at value share")]
    stat = f"Gini = {segment.gini(s):.3f}. {segment.pareto_statement(s)}"
    spec = base_spec({"text": "ABC classes (ABC分类法) by cumulative share of value", "subtitle": stat},
                     params, width=420, height=230)
    spec["data"] = {"values": [{"abc": c, "name": segment.ABC_NAMES[c]} for c in "ABC"]}
    cut_rows = {"data": {"values": abc_cut_table(s)}, "key": "pct", "fields": ["customers", "value"]}
    spec["transform"] = [
        {"filter": "b_cut > a_cut"},
        # slider values are multiples of 0.01: key the lookup by whole percent, never by a float
        {"calculate": "round(a_cut * 100)", "as": "key_a"},
        {"calculate": "round(b_cut * 100)", "as": "key_b"},
        {"lookup": "key_a", "from": cut_rows, "as": ["n_a", "v_a"]},
        {"lookup": "key_b", "from": cut_rows, "as": ["n_b", "v_b"]},
        {"calculate": f"datum.abc == 'A' ? datum.n_a : datum.abc == 'B' ? datum.n_b - datum.n_a : {n} - datum.n_b",
         "as": "customers"},
        {"calculate": f"datum.abc == 'A' ? datum.v_a : datum.abc == 'B' ? datum.v_b - datum.v_a : {total!r} - datum.v_b",
         "as": "value"},
        {"calculate": f"datum.customers / {n}", "as": "customer_share"},
        {"calculate": f"datum.value / {total!r}", "as": "value_share"},
    ]
    curve = {"data": {"values": _curve_points(s)},
             "mark": {"type": "line", "color": colour(5)},
             "encoding": {"x": {"field": "cum_customers", "type": "quantitative", "title": "share of customers (most valuable first)",
                                "axis": {"format": "%"}},
                          "y": {"field": "cum_value", "type": "quantitative", "title": "share of value",
                                "axis": {"format": "%"}}}}
    cut_lines = [{"data": {"values": [{}]}, "transform": [{"calculate": name, "as": "cut"}],
                  "mark": {"type": "rule", "strokeDash": [4, 4], "color": colour(i)},
                  "encoding": {"y": {"field": "cut", "type": "quantitative"}}}
                 for i, name in ((6, "a_cut"), (1, "b_cut"))]
    spec["layer"] = [
        curve, *cut_lines,
        {"name": "table", "mark": {"type": "point", "opacity": 0},
         "encoding": {"x": {"datum": 0, "type": "quantitative"}, "y": {"datum": 0, "type": "quantitative"}}},
        *[{**readout(f"datum.abc + ' ' + datum.name + ': ' + datum.customers + ' customers (' + "
                     "format(datum.customer_share, '.1%') + ') give ' + format(datum.value_share, '.1%') + ' of value'",
                     f"datum.abc == '{c}'", line=i),
           "encoding": {"x": {"value": 150}, "y": {"value": 130 + 18 * i}, "text": {"field": "readout"}}}
          for i, c in enumerate("ABC")],
        {"data": {"values": [{}]}, "transform": [{"filter": "b_cut <= a_cut"}],
         "mark": {"type": "text", "align": "left", "fontSize": 13, "fontWeight": "bold", "color": colour(6)},
         "encoding": {"x": {"value": 150}, "y": {"value": 150},
                      "text": {"value": "The B cut-off must be above the A cut-off."}}},
    ]
    return LiveFigure("abc-explorer", spec, description="Concentration curve with the ABC cut-offs; sliders for "
                      "where classes A and B end")


# ---------------------------------------------------------------------------
# RFM explorer
# ---------------------------------------------------------------------------

def rfm_grid(summary: pd.DataFrame, bins: range = range(2, 8)) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Everything rfm_explorer can show, for every setting of its controls.

    For each ``bins`` (2-7), method (:data:`RFM_METHODS`, coded 0, 1) and scheme
    (:data:`RFM_SCHEMES`, coded 0, 1): the rows of :func:`crmlib.segment.segment_summary`
    (``segment``, ``customers``, ``customer_share``, ``revenue_share``, ``strategy``) or,
    when :func:`crmlib.segment.rfm_segments` refuses the combination, one row with its
    ``message``; and for each (bins, method) the cells of :func:`crmlib.segment.rfm_cell_means`.

    Returns
    -------
    (segments, cells): two lists of rows, each keyed by ``bins`` and ``method`` (segments also by ``scheme``).

    Examples
    --------
    >>> s = pd.DataFrame({"T": [100, 100, 50, 10, 80] * 4, "recency": [90, 0, 40, 0, 10] * 4,
    ...                   "n_orders": [5, 1, 2, 1, 3] * 4, "total": [500.0, 20.0, 80.0, 35.0, 60.0] * 4})
    >>> segs, cells = rfm_grid(s, bins=range(5, 6))
    >>> [r["message"][:20] for r in segs if r["method"] == 1 and r["scheme"] == 0]
    ["scheme='ten' is defi"]
    """
    segs: list[dict[str, Any]] = []
    cells: list[dict[str, Any]] = []
    for b in bins:
        for m, method in enumerate(RFM_METHODS):
            scoring = segment.RFMScoring(b, method).fit(summary)
            scores = scoring.scores_
            for _, c in segment.rfm_cell_means(scores).iterrows():
                cells.append({"bins": b, "method": m, "R": int(c["R"]), "F": int(c["F"]),
                              "customers": int(c["customers"]), "mean": float(c["mean"])})
            for k, scheme in enumerate(RFM_SCHEMES):
                key = {"bins": b, "method": m, "scheme": k}
                try:
                    labels = segment.rfm_segments(scoring, scheme)  # refuses "ten" unless 5 quantile levels
                except CRMLibError as exc:
                    segs.append({**key, "order": 0, "segment": "", "message": str(exc)})
                    continue
                table = segment.segment_summary(scores, labels)
                for i, (name, row) in enumerate(table.iterrows()):
                    segs.append({**key, "order": i, "segment": str(name), "message": "",
                                 "customers": int(row["customers"]), "customer_share": float(row["customer_share"]),
                                 "revenue_share": float(row["revenue_share"]),
                                 "strategy": segment.SEGMENT_STRATEGIES.get(str(name), "")})
    return segs, cells


def live_rfm_explorer(summary: pd.DataFrame, bins: int = 5, method: str = "quantile",
                      scheme: str = "ten") -> LiveFigure:
    """Live RFM segments: sliders ``bins`` (2-7), ``method`` (0 quantile, 1 mean) and ``scheme``
    (0 ten, 1 cn8) → rows ``{segment, customers, customer_share, revenue_share}`` of
    :func:`crmlib.segment.segment_summary`, next to the R × F heatmap of mean spend.

    Examples
    --------
    >>> s = pd.DataFrame({"T": [100, 100, 50, 10, 80] * 4, "recency": [90, 0, 40, 0, 10] * 4,
    ...                   "n_orders": [5, 1, 2, 1, 3] * 4, "total": [500.0, 20.0, 80.0, 35.0, 60.0] * 4})
    >>> sorted(live_rfm_explorer(s).params())
    ['bins', 'method', 'scheme']
    """
    segs, cells = rfm_grid(summary)
    params = [slider("bins", bins, 2, 7, 1, "bins"),
              slider("method", RFM_METHODS.index(method), 0, len(RFM_METHODS) - 1, 1,
                     "scoring method (0 quantile, 1 mean)"),
              slider("scheme", RFM_SCHEMES.index(scheme), 0, len(RFM_SCHEMES) - 1, 1,
                     "segment scheme (0 ten, 1 cn8)")]
    spec = base_spec({"text": "RFM segments (RFM分析法)",
                      "subtitle": {"expr": f"'method: ' + {_js(list(RFM_METHODS))}[method] + ', scheme: ' + "
                                           f"{_js(list(RFM_SCHEMES))}[scheme] + ', ' + bins + ' bins'"}},
                     params)
    del spec["width"], spec["height"]
    chosen = "datum.bins == bins && datum.method == method"
    heat = {
        "data": {"values": cells},
        "transform": [{"filter": chosen}, {"joinaggregate": [{"op": "max", "field": "mean", "as": "top_mean"}]}],
        "width": 260, "height": 240,
        "encoding": {"x": {"field": "F", "type": "ordinal", "title": "F score (frequency)"},
                     "y": {"field": "R", "type": "ordinal", "title": "R score (recency)", "sort": "descending"}},
        "layer": [
            {"mark": "rect", "encoding": {"color": {"field": "mean", "type": "quantitative", "title": "mean spend",
                                                    "scale": {"scheme": "blues"}}}},
            # white on dark cells, as plot_rfm_heatmap does
            {"mark": {"type": "text", "fontSize": 10},
             "encoding": {"text": {"field": "mean", "format": ",.0f"},
                          "color": {"condition": {"test": "datum.mean > 0.6 * datum.top_mean", "value": "white"},
                                    "value": "black"}}},
        ],
    }
    bars = {
        "data": {"values": segs},
        "transform": [{"filter": f"{chosen} && datum.scheme == scheme"}],
        "width": 300, "height": 240,
        "layer": [
            {"name": "table", "transform": [{"filter": "datum.message == ''"}],
             "mark": {"type": "bar", "color": colour(5)},
             "encoding": {"y": {"field": "segment", "type": "nominal", "sort": {"field": "order"}, "title": None,
                                "axis": {"labelLimit": 300}},
                          "x": {"field": "customer_share", "type": "quantitative",
                                "title": "share of customers (bars) and of revenue (ticks)",
                                "axis": {"format": "%"}},
                          "tooltip": [{"field": "segment"}, {"field": "customers"},
                                      {"field": "customer_share", "format": ".1%"},
                                      {"field": "revenue_share", "format": ".1%"}, {"field": "strategy"}]}},
            {"transform": [{"filter": "datum.message == ''"}],
             "mark": {"type": "tick", "color": colour(6), "thickness": 3},
             "encoding": {"y": {"field": "segment", "type": "nominal", "sort": {"field": "order"}},
                          "x": {"field": "revenue_share", "type": "quantitative"}}},
            {"transform": [{"filter": "datum.message == ''"}],
             "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
             "encoding": {"y": {"field": "segment", "type": "nominal", "sort": {"field": "order"}},
                          "x": {"value": 0},
                          "text": {"field": "customers", "format": ","}}},
            {"transform": [{"filter": "datum.message != ''"}],
             "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 12, "fontWeight": "bold",
                      "color": colour(6), "limit": 300, "lineBreak": ": "},
             "encoding": {"x": {"value": 0}, "y": {"value": 0}, "text": {"field": "message"}}},
        ],
    }
    spec["hconcat"] = [heat, bars]
    return LiveFigure("rfm-explorer", spec, description="RFM segment sizes (bars: customers, ticks: revenue) and "
                      "the R × F heatmap of mean spend; sliders for bins, scoring method and scheme")


# ---------------------------------------------------------------------------
# Ordering form
# ---------------------------------------------------------------------------

def live_ordering_form(reference: pd.DataFrame) -> LiveFigure:
    """Live ordering model for one customer: a slider per loyalty indicator (0 … reference max,
    starting at the reference median, as in the widget), ``credit`` and ``size`` (0 … 3, the
    grades of :data:`crmlib.segment.CREDIT_LEVELS` / :data:`~crmlib.segment.SIZE_LEVELS`) →
    one row ``{loyalty_index, loyalty_cut, order_rank, order_class, size_class, credit_class}``
    as :func:`crmlib.segment.classify_customer` returns it.

    The browser ranks the customer among the reference customers as pandas' average rank does:
    with L reference values below and E equal, its rank among the n + 1 is L + (E + 2)/2.

    Examples
    --------
    >>> from crmlib.datasets import make_b2b_customers
    >>> sorted(live_ordering_form(make_b2b_customers(50)).params())[:3]
    ['choice_time', 'credit', 'cross_purchases']
    """
    cols = list(segment.LOYALTY_INDICATORS)
    missing = [c for c in cols if c not in reference.columns]
    if missing:
        raise CRMLibError(f"live_ordering_form needs the six indicator columns; missing {missing}.")
    ref = reference[cols].astype(float)
    med = ref.median()
    cut = float(segment.loyalty_index(reference).median())
    n = len(ref)
    params = []
    for col, (zh, sign) in segment.LOYALTY_INDICATORS.items():
        hi = float(ref[col].max())
        params.append(slider(col, float(med[col]), 0.0, hi, hi / 100 if hi > 0 else 0.01,
                             f"{col} ({'+' if sign > 0 else '−'}) {zh}"))
    params += [slider("credit", 1, 0, len(segment.CREDIT_LEVELS) - 1, 1,
                      "credit (资信): " + ", ".join(f"{i} {g}" for i, g in enumerate(segment.CREDIT_LEVELS))),
               slider("size", 1, 0, len(segment.SIZE_LEVELS) - 1, 1,
                      "size (规模): " + ", ".join(f"{i} {g}" for i, g in enumerate(segment.SIZE_LEVELS)))]
    spec = base_spec({"text": "Customer ordering model (客户顺序模型)",
                      "subtitle": {"expr": f"'credit: ' + {_js(list(segment.CREDIT_LEVELS))}[credit] + ',  size: ' + "
                                           f"{_js(list(segment.SIZE_LEVELS))}[size]"}},
                     params, width=420, height=250)
    rows: list[dict[str, Any]] = [{"kind": "ref", **{c: float(v) for c, v in r.items()}} for _, r in ref.iterrows()]
    rows += [{"kind": "class", "rank": i + 1, "order_class": name} for i, name in enumerate(segment.ORDERING_CLASSES)]
    spec["data"] = {"values": rows}
    tf: list[dict[str, Any]] = []
    for col, (_, sign) in segment.LOYALTY_INDICATORS.items():
        # the order of sign * value, as loyalty_index ranks it (sign -1: less is more loyal)
        tf.append({"calculate": f"datum.kind == 'ref' && {sign} * datum.{col} < {sign} * {col} ? 1 : 0", "as": f"lt_{col}"})
        tf.append({"calculate": f"datum.kind == 'ref' && datum.{col} == {col} ? 1 : 0", "as": f"eq_{col}"})
    # new names for the sums: Vega updates joinaggregate incrementally from the fields it reads
    tf.append({"joinaggregate": [{"op": "sum", "field": f"{p}_{c}", "as": f"n_{p}_{c}"} for c in cols for p in ("lt", "eq")]})
    pct = [f"(datum.n_lt_{c} + (datum.n_eq_{c} + 2) / 2) / {n + 1}" for c in cols]
    tf += [
        {"filter": "datum.kind == 'class'"},
        {"calculate": f"({' + '.join(pct)}) / {len(cols)} * 100", "as": "loyalty_index"},
        {"calculate": f"{cut!r}", "as": "loyalty_cut"},
        {"calculate": "(credit < 2 ? 0 : 4) + (size < 2 ? 0 : 2) + (datum.loyalty_index >= datum.loyalty_cut ? 0 : 1) + 1",
         "as": "chosen_rank"},
        {"calculate": "1 + (size < 2 ? 0 : 2) + (datum.loyalty_index >= datum.loyalty_cut ? 0 : 1)", "as": "size_class"},
        {"calculate": "1 + (credit < 2 ? 0 : 2) + (datum.loyalty_index >= datum.loyalty_cut ? 0 : 1)", "as": "credit_class"},
    ]
    spec["transform"] = tf
    y = {"field": "order_class", "type": "nominal", "sort": {"field": "rank"}, "title": "development order (1 first)",
         "axis": {"labelLimit": 300}}
    spec["layer"] = [
        {"mark": {"type": "rect", "stroke": "white"},
         "encoding": {"y": y, "x": {"value": 0}, "x2": {"value": 260},
                      "color": {"condition": {"test": "datum.rank == datum.chosen_rank", "value": colour(2)},
                                "value": "#eeeeee"}}},
        {"mark": {"type": "text", "align": "left", "x": 6, "fontSize": 12},
         "encoding": {"y": y, "text": {"field": "rank"}}},
        {"name": "table", "transform": [
            {"filter": "datum.rank == datum.chosen_rank"},
            {"calculate": "datum.rank", "as": "order_rank"}],
         "mark": {"type": "point", "opacity": 0}, "encoding": {"y": y, "x": {"value": 0}}},
        {**readout("'Loyalty index ' + format(datum.loyalty_index, '.1f') + ' (high if ≥ ' + "
                   "format(datum.loyalty_cut, '.1f') + ') → order rank ' + datum.rank + ' of 8'",
                   "datum.rank == datum.chosen_rank"),
         "encoding": {"x": {"value": 270}, "y": {"value": 60}, "text": {"field": "readout"}}},
        {**readout("'loyalty × size rank ' + datum.size_class + ', × credit rank ' + datum.credit_class + ' of 4'",
                   "datum.rank == datum.chosen_rank"),
         "encoding": {"x": {"value": 270}, "y": {"value": 80}, "text": {"field": "readout"}}},
    ]
    return LiveFigure("ordering-form", spec, description="The eight classes of the customer ordering model with the "
                      "class of one customer described by the sliders")
