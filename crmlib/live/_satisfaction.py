"""Chapter 4 live figures: Kano classifier, loyalty-zone explorer, NPS and complaints-iceberg calculator.

* Kano: a lookup in :data:`crmlib.satisfaction.KANO_TABLE`, shipped as its 25 cells.
* Loyalty zones: the rules of :func:`crmlib.satisfaction.loyalty_zones` as a Vega expression over
  the distinct (satisfaction, loyalty) answer pairs with their customer counts, aggregated into
  the table of :func:`crmlib.satisfaction.loyalty_zone_counts`.
* NPS and iceberg: the closed forms of :func:`crmlib.satisfaction.nps_from_shares` (half-up
  counts, multinomial standard error, normal interval with crmlib's z) and
  :func:`crmlib.satisfaction.complaints_iceberg`.
"""
from __future__ import annotations

import inspect
import json
from typing import Any, Sequence

import pandas as pd
from scipy import stats

from .. import satisfaction as cs
from .._errors import CRMLibError
from ._core import LiveFigure, base_spec, colour, readout, slider

__all__ = ["live_kano_classifier", "live_loyalty_zone_explorer", "live_nps_iceberg_calculator", "kano_cells",
           "loyalty_pairs"]


# ---------------------------------------------------------------------------
# Kano
# ---------------------------------------------------------------------------

def kano_cells() -> list[dict[str, Any]]:
    """The Kano evaluation table as 25 rows ``{functional, dysfunctional, category, name, value_level}``.

    Examples
    --------
    >>> [c["category"] for c in kano_cells() if (c["functional"], c["dysfunctional"]) == (3, 5)]
    ['M']
    """
    return [{"functional": int(f), "dysfunctional": int(d), "category": str(cat), "name": cs.KANO_NAMES[str(cat)],
             "value_level": cs.KANO_VALUE_LEVEL[str(cat)],
             "answers": f"{cs.KANO_ANSWERS[int(f)]} / {cs.KANO_ANSWERS[int(d)]}"}
            for f, row in cs.KANO_TABLE.iterrows() for d, cat in row.items()]


def live_kano_classifier(functional: int = 1, dysfunctional: int = 5) -> LiveFigure:
    """Live Kano table: sliders ``functional``, ``dysfunctional`` (answer codes 1-5 of
    :data:`crmlib.satisfaction.KANO_ANSWERS`) → one row ``{category, name, value_level}`` as
    :func:`crmlib.satisfaction.kano_category` gives it.

    Examples
    --------
    >>> live_kano_classifier(1, 3).params()["dysfunctional"]["value"]
    3
    """
    codes = " ".join(f"{k} {v}" for k, v in cs.KANO_ANSWERS.items())
    params = [slider("functional", functional, 1, 5, 1, f"If it is present ({codes}):"),
              slider("dysfunctional", dysfunctional, 1, 5, 1, "If it is absent (same codes):")]
    answers = json.dumps([""] + list(cs.KANO_ANSWERS.values()))
    spec = base_spec({"text": "Kano evaluation table",
                      "subtitle": {"expr": f"'present: ' + {answers}[functional] + ',  absent: ' + "
                                           f"{answers}[dysfunctional]"}},
                     params, width=330, height=250)
    spec["data"] = {"values": kano_cells()}
    spec["transform"] = [{"calculate": "datum.functional == functional && datum.dysfunctional == dysfunctional",
                          "as": "chosen"}]
    x = {"field": "dysfunctional", "type": "ordinal", "title": "if it is absent (dysfunctional answer)",
         "axis": {"labelExpr": f"{answers}[datum.value]", "labelAngle": 0, "orient": "top"}}
    y = {"field": "functional", "type": "ordinal", "title": "if it is present (functional answer)",
         "axis": {"labelExpr": f"{answers}[datum.value]"}}
    spec["layer"] = [
        {"mark": {"type": "rect", "stroke": "white", "strokeWidth": 2},
         "encoding": {"x": x, "y": y,
                      "color": {"condition": {"test": "datum.chosen", "value": colour(2)}, "value": "#eeeeee"},
                      "tooltip": [{"field": "answers"}, {"field": "name"}, {"field": "value_level"}]}},
        {"mark": {"type": "text", "fontSize": 14},
         "encoding": {"x": x, "y": y, "text": {"field": "category"}}},
        {"name": "table", "transform": [{"filter": "datum.chosen"}], "mark": {"type": "point", "opacity": 0},
         "encoding": {"x": x, "y": y}},
        {**readout("datum.category + ': ' + datum.name + ' — value level: ' + datum.value_level", "datum.chosen"),
         "encoding": {"x": {"value": 0}, "y": {"value": 262}, "text": {"field": "readout"}}},
    ]
    return LiveFigure("kano-classifier", spec, description="The Kano evaluation table with the category of one "
                      "pair of answers chosen by the sliders")


# ---------------------------------------------------------------------------
# Loyalty zones
# ---------------------------------------------------------------------------

def loyalty_pairs(satisfaction: pd.Series | Sequence[float], loyalty: pd.Series | Sequence[float]) -> list[dict[str, Any]]:
    """The distinct (satisfaction, loyalty) pairs with their number of customers: the zone of a
    customer depends only on its pair, so counting pairs counts customers.

    Examples
    --------
    >>> loyalty_pairs([5, 5, 1], [4, 4, 2])
    [{'satisfaction': 1.0, 'loyalty': 2.0, 'customers': 1}, {'satisfaction': 5.0, 'loyalty': 4.0, 'customers': 2}]
    """
    s, lo = pd.Series(satisfaction, dtype=float), pd.Series(loyalty, dtype=float)
    if len(s) != len(lo) or len(s) == 0 or s.isna().any() or lo.isna().any():
        raise CRMLibError("satisfaction and loyalty need one non-missing value per customer each.")
    counts = pd.DataFrame({"satisfaction": s.to_numpy(), "loyalty": lo.to_numpy()}).value_counts().sort_index()
    return [{"satisfaction": float(a), "loyalty": float(b), "customers": int(n)} for (a, b), n in counts.items()]


def live_loyalty_zone_explorer(satisfaction: pd.Series | Sequence[float], loyalty: pd.Series | Sequence[float],
                               satisfaction_cut: float | None = None, loyalty_cut: float | None = None) -> LiveFigure:
    """Live Jones–Sasser zones: sliders ``satisfaction_cut``, ``loyalty_cut``, ``apostle_at``,
    ``terrorist_at`` (ranges, steps and starts of the widget) → rows ``{zone, chinese, customers,
    share}`` of :func:`crmlib.satisfaction.loyalty_zone_counts`, every zone listed.

    Examples
    --------
    >>> sorted(live_loyalty_zone_explorer([1, 2, 4, 5], [5, 1, 2, 5], 3, 3).params())
    ['apostle_at', 'loyalty_cut', 'satisfaction_cut', 'terrorist_at']
    """
    pairs = loyalty_pairs(satisfaction, loyalty)
    s, lo = pd.Series(satisfaction, dtype=float), pd.Series(loyalty, dtype=float)
    smin, smax, lmin, lmax = float(s.min()), float(s.max()), float(lo.min()), float(lo.max())
    params = [
        slider("satisfaction_cut", float(s.median()) if satisfaction_cut is None else float(satisfaction_cut),
               smin, smax, 0.5, "High satisfaction from"),
        slider("loyalty_cut", float(lo.median()) if loyalty_cut is None else float(loyalty_cut),
               lmin, lmax, 0.5, "High loyalty from"),
        slider("apostle_at", smax, smin, smax, 0.5, "Apostle from"),
        slider("terrorist_at", smin, smin, smax, 0.5, "Terrorist up to"),
    ]
    zones = list(cs.LOYALTY_ZONES.index)
    chinese = cs.LOYALTY_ZONES["chinese"].to_dict()
    spec = base_spec({"text": "Satisfaction and loyalty zones (Jones & Sasser)",
                      "subtitle": f"{len(s)} customers; each dot is one answer pair, sized by customers"},
                     params)
    del spec["width"], spec["height"]
    # the rules of crmlib.satisfaction.loyalty_zones, in the same order of precedence
    zone_expr = ("datum.satisfaction >= satisfaction_cut ? "
                 "(datum.loyalty >= loyalty_cut ? (datum.satisfaction >= apostle_at ? 'apostle' : 'loyalist') : 'mercenary') : "
                 "(datum.loyalty >= loyalty_cut ? 'hostage' : (datum.satisfaction <= terrorist_at ? 'terrorist' : 'defector'))")
    colours = {"domain": zones, "range": [colour(i) for i in (2, 5, 1, 4, 6, 7)]}
    scatter = {
        "data": {"values": pairs}, "width": 300, "height": 260,
        "transform": [{"calculate": zone_expr, "as": "zone"}],
        "layer": [
            {"mark": {"type": "circle", "opacity": 0.8},
             "encoding": {"x": {"field": "satisfaction", "type": "quantitative", "scale": {"domain": [smin - 0.5, smax + 0.5]},
                                "title": "satisfaction"},
                          "y": {"field": "loyalty", "type": "quantitative", "scale": {"domain": [lmin - 0.5, lmax + 0.5]},
                                "title": "loyalty"},
                          "size": {"field": "customers", "type": "quantitative", "legend": None},
                          "color": {"field": "zone", "type": "nominal", "scale": colours, "legend": None},
                          "tooltip": [{"field": "satisfaction"}, {"field": "loyalty"}, {"field": "customers"},
                                      {"field": "zone"}]}},
            # the cut lines sit half a step below the first "high" score
            {"data": {"values": [{}]}, "transform": [{"calculate": "satisfaction_cut - 0.25", "as": "cut"}],
             "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#555"},
             "encoding": {"x": {"field": "cut", "type": "quantitative"}}},
            {"data": {"values": [{}]}, "transform": [{"calculate": "loyalty_cut - 0.25", "as": "cut"}],
             "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#555"},
             "encoding": {"y": {"field": "cut", "type": "quantitative"}}},
        ],
    }
    # one row per zone with no customers, so that empty zones are listed with 0 as crmlib lists them
    # (their zone is in another field: Vega writes "zone" into the same rows on every redraw)
    empty = [{"fixed_zone": z, "customers": 0} for z in zones]
    table = {
        "data": {"values": pairs + empty}, "width": 260, "height": 260,
        "transform": [
            {"calculate": f"isValid(datum.fixed_zone) ? datum.fixed_zone : {zone_expr}", "as": "zone"},
            {"aggregate": [{"op": "sum", "field": "customers", "as": "customers"}], "groupby": ["zone"]},
            {"joinaggregate": [{"op": "sum", "field": "customers", "as": "total"}]},
            {"calculate": "datum.customers / datum.total", "as": "share"},
            {"calculate": f"{json.dumps(chinese, ensure_ascii=False)}[datum.zone]", "as": "chinese"},
            {"calculate": f"indexof({json.dumps(zones)}, datum.zone)", "as": "order"},
        ],
        "encoding": {"y": {"field": "zone", "type": "nominal", "sort": zones, "title": None,
                           "axis": {"labelExpr": f"datum.value + ' ' + {json.dumps(chinese, ensure_ascii=False)}[datum.value]"}}},
        "layer": [
            {"name": "table", "mark": {"type": "bar"},
             "encoding": {"x": {"field": "share", "type": "quantitative", "title": "share of customers",
                                "axis": {"format": "%"}, "scale": {"domain": [0, 1]}},
                          "color": {"field": "zone", "type": "nominal", "scale": colours, "legend": None},
                          "tooltip": [{"field": "zone"}, {"field": "chinese"}, {"field": "customers"},
                                      {"field": "share", "format": ".1%"}]}},
            {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 12},
             "encoding": {"x": {"field": "share", "type": "quantitative"},
                          "text": {"field": "label"}},
             "transform": [{"calculate": "datum.customers + ' (' + format(datum.share, '.1%') + ')'", "as": "label"}]},
        ],
    }
    spec["hconcat"] = [scatter, table]
    return LiveFigure("loyalty-zone-explorer", spec, description="Customers by satisfaction and loyalty with the "
                      "Jones-Sasser zones; sliders for the cut-offs")


# ---------------------------------------------------------------------------
# NPS and the complaints iceberg
# ---------------------------------------------------------------------------

def live_nps_iceberg_calculator(n: int = 400, promoters: float = 0.45, detractors: float = 0.2,
                                complaints: int = 20, complaint_rate: float = 0.04, tell: int = 9) -> LiveFigure:
    """Live NPS and complaints iceberg: the widget's six sliders → one row with the fields of
    :func:`crmlib.satisfaction.nps_from_shares` (counts, shares, ``nps``, ``se``, ``lower``,
    ``upper``) and of :func:`crmlib.satisfaction.complaints_iceberg` (``dissatisfied``,
    ``silent``, ``word_of_mouth_reach``).

    Examples
    --------
    >>> sorted(live_nps_iceberg_calculator().params())
    ['complaint_rate', 'complaints', 'detractors', 'n', 'promoters', 'tell']
    """
    level = inspect.signature(cs.nps_from_shares).parameters["level"].default
    z = float(stats.norm.ppf(0.5 + level / 2))  # the z crmlib uses (Vega's quantileNormal is an approximation)
    params = [
        slider("n", n, 20, 5000, 10, "Respondents"),
        slider("promoters", promoters, 0, 1, 0.01, "Promoters (9-10)"),
        slider("detractors", detractors, 0, 1, 0.01, "Detractors (0-6)"),
        slider("complaints", complaints, 0, 500, 1, "Complaints received"),
        slider("complaint_rate", complaint_rate, 0.01, 1, 0.01, "Share who complain"),
        slider("tell", tell, 0, 30, 1, "People each one tells"),
    ]
    spec = base_spec({"text": "Net Promoter Score and the complaints iceberg"}, params)
    del spec["width"], spec["height"]
    calc = [
        # nps_from_shares: detractors cut to what the promoters leave, counts rounded half up
        ("d_share", "min(detractors, 1 - promoters)"),
        ("n_promoters", "floor(n * promoters + 0.5)"),
        ("n_det0", "floor(n * datum.d_share + 0.5)"),
        ("n_detractors", "datum.n_promoters + datum.n_det0 > n ? n - datum.n_promoters : datum.n_det0"),
        ("n_passives", "n - datum.n_promoters - datum.n_detractors"),
        ("pp", "datum.n_promoters / n"),
        ("pd", "datum.n_detractors / n"),
        ("net", "datum.pp - datum.pd"),
        ("se1", "sqrt(max(datum.pp + datum.pd - datum.net * datum.net, 0) / n)"),
        ("nps", "100 * datum.net"),
        ("se", "100 * datum.se1"),
        ("lower", f"100 * max(datum.net - {z!r} * datum.se1, -1)"),
        ("upper", f"100 * min(datum.net + {z!r} * datum.se1, 1)"),
        # complaints_iceberg
        ("dissatisfied", "complaints / complaint_rate"),
        ("silent", "datum.dissatisfied - complaints"),
        ("word_of_mouth_reach", "datum.dissatisfied * tell"),
    ]
    base_tf = [{"calculate": expr, "as": name} for name, expr in calc]
    x_share = {"field": "count", "type": "quantitative", "stack": "zero", "title": None}
    nps_bar = {
        "data": {"values": [{}]}, "width": 460, "height": 60,
        "transform": [*base_tf,
                      {"fold": ["n_detractors", "n_passives", "n_promoters"], "as": ["group", "count"]},
                      {"calculate": "indexof(['n_detractors', 'n_passives', 'n_promoters'], datum.group)", "as": "order"}],
        "layer": [
            {"mark": "bar",
             "encoding": {"x": {**x_share, "title": "respondents"},
                          "color": {"field": "group", "type": "nominal", "title": None,
                                    "scale": {"domain": ["n_detractors", "n_passives", "n_promoters"],
                                              "range": [colour(6), "#bbbbbb", colour(2)]},
                                    "legend": {"orient": "bottom", "labelExpr":
                                               "replace(datum.label, 'n_', '')"}},
                          "order": {"field": "order"}}},
        ],
    }
    text_rows = {
        "data": {"values": [{}]}, "width": 460, "height": 60,
        "transform": base_tf,
        "layer": [
            {"name": "table", "mark": {"type": "point", "opacity": 0},
             "encoding": {"x": {"value": 0}, "y": {"value": 0}}},
            readout("'NPS = ' + format(datum.nps, '.0f') + ' (95 % interval ' + format(datum.lower, '.1f') + ' to ' + "
                    "format(datum.upper, '.1f') + '; ' + datum.n_promoters + ' promoters, ' + datum.n_passives + "
                    "' passives, ' + datum.n_detractors + ' detractors)'"),
            readout("format(complaints, '.0f') + ' complaints → about ' + format(datum.dissatisfied, ',.0f') + "
                    "' dissatisfied customers, ' + format(datum.silent, ',.0f') + ' of them silent'", line=1),
            readout("'word of mouth reaches about ' + format(datum.word_of_mouth_reach, ',.0f') + ' people'", line=2),
        ],
    }
    iceberg = {
        "data": {"values": [{}]}, "width": 460, "height": 60,
        "transform": [*base_tf, {"fold": ["complaints_heard", "silent"], "as": ["part", "count"]}],
        "layer": [{"mark": "bar",
                   "encoding": {"x": {**x_share, "title": "dissatisfied customers (complaints heard + silent)"},
                                "color": {"field": "part", "type": "nominal", "title": None,
                                          "scale": {"domain": ["complaints_heard", "silent"],
                                                    "range": [colour(1), colour(4)]},
                                          "legend": {"orient": "bottom"}}}}],
    }
    iceberg["transform"].insert(len(base_tf), {"calculate": "complaints", "as": "complaints_heard"})
    spec["vconcat"] = [text_rows, nps_bar, iceberg]
    spec["resolve"] = {"scale": {"color": "independent"}, "legend": {"color": "independent"}}
    return LiveFigure("nps-iceberg-calculator", spec, description="NPS with its 95 % interval and the complaints "
                      "iceberg; sliders for respondents, shares and complaints")
