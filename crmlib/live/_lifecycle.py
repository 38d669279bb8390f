"""Chapter 2 live figures: lifecycle-stage explorer, sBG retention projector, P(alive) explorer.

* sBG survival S(t) = Πₖ₌₁ᵗ (β + k − 1)/(α + β + k − 1), the product of
  :meth:`crmlib.lifecycle.ShiftedBetaGeometric.retention_rate`, as a window product;
* P(alive) of the BG/NBD (:meth:`crmlib.clv.BetaGeo.p_alive`) in closed form; the part of
  the expected purchases that needs ₂F₁ depends on x only and is computed by crmlib;
* lifecycle stages: :func:`crmlib.lifecycle.classify_stages` computes each customer's
  features (tenure, silence in mean gaps, trend) in the notebook; the browser applies the
  slider thresholds to them with the same rules, in the same order.
"""
from __future__ import annotations

import inspect
import math
from typing import Any

import numpy as np
import pandas as pd

from .. import clv, lifecycle
from .._deprecate import renamed_arguments
from ._core import LiveFigure, base_spec, colour, readout, slider

__all__ = ["live_retention_projector", "live_p_alive_explorer", "live_stage_explorer", "stage_features",
           "STAGE_SLIDERS"]

MAX_PERIODS = 40


def live_retention_projector(alpha: float = 0.704, beta: float = 1.182, periods: int = 12) -> LiveFigure:
    """Live sBG projection: sliders alpha, beta, periods → rows ``{period, survival, retention_rate}``.

    Examples
    --------
    >>> sorted(live_retention_projector().params())
    ['alpha', 'beta', 'periods']
    """
    params = [slider("alpha", alpha, 0.1, 5.0, 0.01, "α (churn heterogeneity)"),
              slider("beta", beta, 0.1, 10.0, 0.01, "β"),
              slider("periods", periods, 2, MAX_PERIODS, 1, "periods projected")]
    spec = base_spec({"text": "Shifted-beta-geometric survival S(t)",
                      "subtitle": {"expr": "'mean churn probability α/(α+β) = ' + format(alpha / (alpha + beta), '.3f')"}},
                     params)
    spec["data"] = {"sequence": {"start": 0, "stop": MAX_PERIODS + 1, "as": "period"}}
    spec["transform"] = [
        {"filter": "datum.period <= periods"},
        # r(t) = (β + t − 1)/(α + β + t − 1); S(t) = r(1) ⋯ r(t), S(0) = 1
        {"calculate": "datum.period == 0 ? 1 : (beta + datum.period - 1) / (alpha + beta + datum.period - 1)",
         "as": "factor"},
        {"calculate": "datum.period == 0 ? null : datum.factor", "as": "retention_rate"},
        {"window": [{"op": "product", "field": "factor", "as": "survival"}], "sort": [{"field": "period"}],
         "frame": [None, 0]},
    ]
    x = {"field": "period", "type": "quantitative", "title": "period"}
    y = {"field": "survival", "type": "quantitative", "title": "share still active S(t)",
         "scale": {"domain": [0, 1]}, "axis": {"format": "%"}}
    spec["layer"] = [
        {"name": "table", "mark": {"type": "line", "point": True, "color": colour(5)},
         "encoding": {"x": x, "y": y, "tooltip": [x, {**y, "format": ".4f"},
                                                  {"field": "retention_rate", "format": ".3f"}]}},
        readout("'survivors after ' + datum.period + ' periods: ' + format(datum.survival, '.1%') + "
                "';  retention that period: ' + format(datum.retention_rate, '.3f')", "datum.period == periods",
                line=0),
    ]
    spec["layer"][-1]["encoding"]["x"] = {"value": 120}
    return LiveFigure("retention-projector", spec, description="Shifted-beta-geometric survival curve with "
                      "sliders for alpha, beta and the horizon")


@renamed_arguments(horizon="periods", since="0.2", removed_in="0.3")
def live_p_alive_explorer(model: clv.BetaGeo, T: float = 38.86, periods: float = 39.0, frequency: int = 2,
                          recency: float = 30.43, max_frequency: int = 30, grid: int = 100) -> LiveFigure:
    """Live P(alive): sliders frequency x and recency t_x → P(alive) and expected purchases along t_x.

    Rows ``{frequency, recency, p_alive, expected_purchases}`` for ``grid + 1`` recencies
    0 … T at the chosen x (and the slider's own recency), as
    :meth:`crmlib.clv.BetaGeo.p_alive` and :meth:`~crmlib.clv.BetaGeo.conditional_expected_purchases`
    compute them.

    Examples
    --------
    >>> bg = clv.BetaGeo.from_params(0.2426, 4.4136, 0.7929, 2.4259)
    >>> sorted(live_p_alive_explorer(bg).params())
    ['frequency', 'recency']
    """
    r, alpha, a, b = (float(model.params_[k]) for k in ("r", "alpha", "a", "b"))
    xs = np.arange(max_frequency + 1)
    # E[Y | x, t_x] = (head · body)(x) × P(alive | x, t_x): the ₂F₁ part does not depend on t_x.
    # crmlib computes it at t_x = T, where P(alive) is simplest.
    scale = [float(model.conditional_expected_purchases(periods, x, T, T) / model.p_alive(x, T, T)) for x in xs]
    params = [slider("frequency", frequency, 0, max_frequency, 1, "repeat purchases x"),
              slider("recency", min(recency, T), 0.0, T, 0.01, "recency t_x (last purchase)")]
    spec = base_spec({"text": f"P(alive) after T = {T:g} periods of observation",
                      "subtitle": f"BG/NBD r = {r:.4f}, α = {alpha:.4f}, a = {a:.4f}, b = {b:.4f}; "
                                  f"with x = 0 recency is 0 by definition"}, params)
    spec["data"] = {"sequence": {"start": 0, "stop": grid + 2, "as": "i"}}
    ratio = (f"datum.frequency > 0 ? {a} / ({b} + datum.frequency - 1) * "
             f"pow(({alpha} + {T}) / ({alpha} + datum.recency), {r} + datum.frequency) : 0")
    spec["transform"] = [
        {"calculate": "frequency", "as": "frequency"},
        # grid rows 0 … grid, and one more row at the slider's recency
        {"calculate": f"datum.frequency == 0 ? 0 : datum.i <= {grid} ? {T} * datum.i / {grid} : recency",
         "as": "recency"},
        {"calculate": f"datum.i > {grid}", "as": "at_slider"},
        {"calculate": f"1 / (1 + ({ratio}))", "as": "p_alive"},
        {"calculate": f"{scale}[datum.frequency] * datum.p_alive", "as": "expected_purchases"},
    ]
    x = {"field": "recency", "type": "quantitative", "title": "recency t_x (time of last purchase)",
         "scale": {"domain": [0, T]}}
    y = {"field": "p_alive", "type": "quantitative", "title": "P(alive)", "scale": {"domain": [0, 1]}}
    spec["layer"] = [
        {"name": "table", "mark": {"type": "line", "color": colour(5)},
         "encoding": {"x": x, "y": y, "order": {"field": "recency"}}},
        {"transform": [{"filter": "datum.at_slider"}], "mark": {"type": "point", "filled": True, "size": 90,
                                                                 "color": colour(6)},
         "encoding": {"x": x, "y": y}},
        readout(f"'x = ' + datum.frequency + ', t_x = ' + format(datum.recency, '.2f') + ': P(alive) = ' + "
                f"format(datum.p_alive, '.3f') + ';  expected purchases next {periods:g}: ' + "
                "format(datum.expected_purchases, '.3f')", "datum.at_slider"),
    ]
    spec["usermeta"] = {"crmlib": {"model": {"r": r, "alpha": alpha, "a": a, "b": b}, "T": T, "horizon": periods}}
    return LiveFigure("p-alive-explorer", spec, description="P(alive) against recency under the BG/NBD model, "
                      "with sliders for frequency and recency")


#: The stage explorer's sliders: name -> (start, min, max, step, label), as in widgets.stage_explorer.
STAGE_SLIDERS: dict[str, tuple[float, float, float, float, str]] = {
    "exploration_days": (90, 30, 365, 15, "exploration (days)"),
    "decline_ratio": (2.0, 1.0, 6.0, 0.25, "decline: silence > × gap"),
    "lapse_ratio": (4.0, 2.0, 12.0, 0.5, "lapsed: silence > × gap"),
    "decline_trend": (0.5, 0.1, 0.9, 0.05, "decline: rate falls below ×"),
}


def slider_grid(name: str) -> np.ndarray:
    """Every value the stage explorer's slider ``name`` can take (decimal steps, as the browser reads them)."""
    _, lo, hi, step, _ = STAGE_SLIDERS[name]
    n = int(np.floor((hi - lo) / step + 1e-9))
    values = [round(lo + k * step, 10) for k in range(n + 1)]
    # a maximum off the step grid (365 days in steps of 15 from 30) can still be set
    return np.array(values if values[-1] == hi else [*values, float(hi)])


def _below(x: pd.Series, grid: np.ndarray) -> pd.Series:
    """Largest grid value <= x (min(grid) - 1 if none): keeps ``x < θ`` for every θ in grid."""
    idx = np.searchsorted(grid, x.to_numpy(dtype=float), side="right") - 1
    out = np.where(idx >= 0, grid[np.clip(idx, 0, None)], grid[0] - 1)
    return pd.Series(np.where(x.isna(), np.nan, out), index=x.index)


def _above(x: pd.Series, grid: np.ndarray) -> pd.Series:
    """Smallest grid value >= x (max(grid) + 1 if none): keeps ``x > θ`` for every θ in grid."""
    idx = np.searchsorted(grid, x.to_numpy(dtype=float), side="left")
    out = np.where(idx < grid.size, grid[np.clip(idx, None, grid.size - 1)], grid[-1] + 1)
    return pd.Series(np.where(x.isna(), np.nan, out), index=x.index)


def stage_features(tx: pd.DataFrame, observation_end: Any = None) -> pd.DataFrame:
    """Per-customer inputs of the stage rules, reduced to what the sliders can tell apart, with a count.

    :func:`crmlib.lifecycle.classify_stages` (at its defaults) gives each customer's
    tenure, silence in mean gaps (``gap_ratio``) and purchase-rate ``trend``. The sliders
    compare them with thresholds on fixed grids (:data:`STAGE_SLIDERS`), so each is replaced
    by a grid value that gives the same comparison with every slider position: tenure and
    trend by the largest grid value at or below them (``x < θ`` kept), gap_ratio by the
    smallest at or above it among the decline and lapse grids (``x > θ`` kept). Customers
    with the same reduced row are counted together; a few hundred rows stand for tens of
    thousands of customers, and the stage counts stay exact at every slider position.

    Columns: ``tenure``, ``one_time`` (no repeat purchase), ``gap_ratio`` (None for one-time
    buyers), ``has_trend``, ``trend`` (None when undefined), ``developing`` (the growth rule
    at its defaults), ``single_lapsed`` (one-time buyer silent longer than
    ``single_lapse_days``) and ``customers``.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "date": pd.to_datetime(["2024-01-01", "2024-06-01", "2024-12-01"])})
    >>> int(stage_features(tx, "2024-12-31")["customers"].sum())
    2
    """
    st = lifecycle.classify_stages(tx, observation_end)
    d = inspect.signature(lifecycle.classify_stages).parameters
    trend_window = d["trend_window"].default
    repeat = st["purchase_days"] - 1
    recent = (st["recent_rate"] * trend_window / 30).round().astype(int)
    has_trend = st["earlier_rate"].notna() & (st["tenure"] >= 2 * trend_window)
    ratios = np.union1d(slider_grid("decline_ratio"), slider_grid("lapse_ratio"))
    out = pd.DataFrame({
        "tenure": _below(st["tenure"].astype(float), slider_grid("exploration_days")),
        "one_time": repeat == 0,
        "gap_ratio": _above(st["gap_ratio"], ratios),
        "has_trend": has_trend,
        # an undefined trend (0/0) never triggers a rule, like NaN in pandas
        "trend": _below(st["trend"].where(np.isfinite(st["trend"]) | (st["trend"] > 0)), slider_grid("decline_trend")),
        "developing": has_trend & (st["trend"] >= d["growth_trend"].default) & (recent >= d["min_recent"].default),
        "single_lapsed": (repeat == 0) & (st["gap"] > d["single_lapse_days"].default),
    })
    return out.groupby(list(out.columns), dropna=False).size().rename("customers").reset_index()


def live_stage_explorer(tx: pd.DataFrame, observation_end: Any = None) -> LiveFigure:
    """Live lifecycle stages: sliders exploration_days, decline_ratio, lapse_ratio, decline_trend →
    rows ``{stage, customers}`` as :func:`crmlib.lifecycle.classify_stages` counts them
    (the lapse ratio is at least the decline ratio, as in the widget).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "date": pd.to_datetime(["2024-01-01", "2024-06-01", "2024-12-01"])})
    >>> sorted(live_stage_explorer(tx, "2024-12-31").params())
    ['decline_ratio', 'decline_trend', 'exploration_days', 'lapse_ratio']
    """
    feats = stage_features(tx, observation_end)
    rows = [{k: (None if isinstance(v, float) and math.isnan(v) else (bool(v) if isinstance(v, (bool, np.bool_))
                                                                      else (int(v) if isinstance(v, (np.integer,)) else v)))
             for k, v in rec.items()} for rec in feats.to_dict("records")]
    params = [slider(name, *args) for name, args in STAGE_SLIDERS.items()]
    spec = base_spec({"text": "Customers per lifecycle stage",
                      "subtitle": f"{int(feats['customers'].sum()):,} customers; rules of crmlib.lifecycle.classify_stages"},
                     params)
    spec["data"] = {"values": rows}
    # the rules of classify_stages, later ones overriding earlier ones: lapsed, identification,
    # decline, development, stable (null comparisons are false, like NaN in pandas)
    stage = ("(datum.gap_ratio != null && datum.gap_ratio > max(lapse_ratio, decline_ratio)) || datum.single_lapsed"
             " ? 'lapsed' : (datum.tenure < exploration_days || datum.one_time) ? 'identification'"
             " : ((datum.gap_ratio != null && datum.gap_ratio > decline_ratio)"
             " || (datum.has_trend && datum.trend != null && datum.trend < decline_trend)) ? 'decline'"
             " : datum.developing ? 'development' : 'stable'")
    order = list(lifecycle.STAGES)
    spec["transform"] = [
        {"calculate": stage, "as": "stage"},
        {"aggregate": [{"op": "sum", "field": "customers", "as": "customers"}], "groupby": ["stage"]},
        {"calculate": f"indexof({order}, datum.stage)", "as": "order"},
        # the thresholds travel with the counts, so values() shows what they were counted for
        *({"calculate": name, "as": name} for name in STAGE_SLIDERS),
    ]
    x = {"field": "stage", "type": "nominal", "sort": order, "title": None, "axis": {"labelAngle": 0},
         "scale": {"domain": order}}
    y = {"field": "customers", "type": "quantitative", "title": "customers"}
    spec["layer"] = [
        {"name": "table", "mark": {"type": "bar", "color": colour(5)}, "encoding": {"x": x, "y": y, "tooltip": [x, y]}},
        {"mark": {"type": "text", "dy": -6, "fontSize": 12}, "encoding": {"x": x, "y": y, "text": {"field": "customers",
                                                                                              "format": ","}}},
    ]
    spec["usermeta"] = {"crmlib": {"observation_end": None if observation_end is None else str(observation_end)}}
    return LiveFigure("stage-explorer", spec, description="Customers per lifecycle stage with sliders for the "
                      "stage thresholds")
