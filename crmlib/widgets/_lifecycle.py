"""Chapter 2 widgets: stage-threshold explorer, sBG retention projector, P(alive) explorer.

Each widget only collects inputs and shows what :mod:`crmlib.lifecycle` and
:mod:`crmlib.clv` compute.
"""
from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from .. import clv, lifecycle
from .._deprecate import renamed_arguments
from ..live import live_p_alive_explorer, live_retention_projector, live_stage_explorer
from ..plots._lifecycle import plot_sbg_projection, plot_stage_counts
from ._common import LiveBox, float_slider as _fslider, int_slider as _islider, show as _show

__all__ = ["stage_explorer", "retention_projector", "p_alive_explorer"]


def stage_explorer(tx: pd.DataFrame, observation_end: object = None) -> widgets.VBox:
    """Sliders for the thresholds of :func:`crmlib.lifecycle.classify_stages` → stage counts.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "date": pd.to_datetime(["2024-01-01", "2024-06-01", "2024-12-01"])})
    >>> w = stage_explorer(tx, "2024-12-31")
    >>> "identification: <b>1</b>" in w.children[-2].value
    True
    """
    explore = _islider("exploration (days)", 90, 30, 365, 15)
    decline = _fslider("decline: silence > × gap", 2.0, 1.0, 6.0, 0.25)
    lapse = _fslider("lapsed: silence > × gap", 4.0, 2.0, 12.0, 0.5)
    trend = _fslider("decline: rate falls below ×", 0.5, 0.1, 0.9, 0.05)
    result = widgets.HTML()
    out = widgets.Output()

    def update(*_: object) -> None:
        st = lifecycle.classify_stages(tx, observation_end, exploration_days=explore.value, decline_ratio=decline.value,
                                       lapse_ratio=max(lapse.value, decline.value), decline_trend=trend.value)
        counts = st["stage"].value_counts(sort=False)
        result.value = "<p>" + " · ".join(f"{k}: <b>{int(v):,}</b>" for k, v in counts.items()) + "</p>"
        fig = Figure(figsize=(6.4, 3.2), layout="constrained")
        plot_stage_counts(st, ax=fig.subplots())
        _show(out, fig)

    for w in (explore, decline, lapse, trend):
        w.observe(update, names="value")
    update()
    return LiveBox([explore, decline, lapse, trend, result, out], live=lambda: live_stage_explorer(tx, observation_end))


def retention_projector(alpha: float = 0.704, beta: float = 1.182, margin: float = 100.0,
                        discount_rate: float = 0.10, periods: int = 12) -> widgets.VBox:
    """sBG α, β → projected survival curve, retention rates and the residual value of a customer.

    Numbers from :class:`crmlib.lifecycle.ShiftedBetaGeometric` (``project``, ``derl``).

    Examples
    --------
    >>> w = retention_projector()
    >>> "DERL" in w.children[-2].value
    True
    """
    a = _fslider("α (churn heterogeneity)", alpha, 0.1, 5.0, 0.01)
    b = _fslider("β", beta, 0.1, 10.0, 0.01)
    m = _fslider("margin per period", margin, 0, 500, 5, ".0f")
    d = _fslider("discount rate", discount_rate, 0.01, 0.3, 0.01)
    t = _islider("periods projected", periods, 2, 40)
    result = widgets.HTML()
    out = widgets.Output()

    def update(*_: object) -> None:
        model = lifecycle.ShiftedBetaGeometric.from_params(a.value, b.value)
        proj = model.project(t.value)
        derl = model.derl(d.value)
        result.value = (
            f"<p>Mean churn probability α/(α+β) = <b>{lifecycle.sbg_mean_churn(a.value, b.value):.3f}</b>; "
            f"retention year 1 → {t.value}: <b>{proj['retention_rate'].iloc[1]:.3f}</b> → "
            f"<b>{proj['retention_rate'].iloc[-1]:.3f}</b>; survivors after {t.value} periods: "
            f"<b>{proj['survival'].iloc[-1]:.1%}</b>.<br>DERL of a new customer: <b>{derl:.2f}</b> periods, "
            f"residual value m × DERL = <b>{model.residual_value(m.value, d.value):,.2f}</b></p>"
        )
        fig = Figure(figsize=(6.4, 3.2), layout="constrained")
        plot_sbg_projection(model, t.value, ax=fig.subplots())
        _show(out, fig)

    for w in (a, b, m, d, t):
        w.observe(update, names="value")
    update()
    return LiveBox([a, b, m, d, t, result, out], live=lambda: live_retention_projector(alpha, beta, periods))


@renamed_arguments(horizon="periods", since="0.2", removed_in="0.3")
def p_alive_explorer(model: clv.BetaGeo | None = None, T: float = 38.86, periods: float = 39.0) -> widgets.VBox:
    """Frequency and recency sliders → P(alive) and expected purchases under a BG/NBD model.

    Defaults to the published CDNOW estimates of Fader, Hardie & Lee (2005). ``periods`` is
    the horizon of the expected purchases, in the model's time unit (retired name ``horizon``).

    Examples
    --------
    >>> w = p_alive_explorer()
    >>> w.children[0].value, w.children[1].value = 2, 30.43
    >>> "1.226" in w.children[-1].value
    True
    """
    model = model or clv.BetaGeo.from_params(0.2426, 4.4136, 0.7929, 2.4259)
    x = _islider("repeat purchases x", 2, 0, 30)
    tx = _fslider("recency t_x (last purchase)", min(30.43, T), 0.0, T, 0.01)
    result = widgets.HTML()

    def update(*_: object) -> None:
        rec = tx.value if x.value > 0 else 0.0
        p = model.p_alive(x.value, rec, T)
        e = model.conditional_expected_purchases(periods, x.value, rec, T)
        note = " (with x = 0 recency is 0 by definition)" if x.value == 0 else ""
        result.value = (f"<p>Observed for T = {T:g}{note}: P(alive) = <b>{p:.3f}</b>; expected purchases in the "
                        f"next {periods:g} periods = <b>{e:.3f}</b></p>")

    for w in (x, tx):
        w.observe(update, names="value")
    update()
    return LiveBox([x, tx, result], live=lambda: live_p_alive_explorer(model, T, periods))
