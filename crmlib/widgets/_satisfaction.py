"""Chapter 4 widgets: Kano classifier, loyalty-zone explorer, NPS and complaints-iceberg calculator."""
from __future__ import annotations

import html
from typing import Sequence

import ipywidgets as widgets
import pandas as pd

from ..satisfaction import (
    KANO_ANSWERS, KANO_NAMES, KANO_VALUE_LEVEL, complaints_iceberg, kano_category, loyalty_zone_counts,
    loyalty_zones, nps_from_shares,
)

from ..live import live_kano_classifier, live_loyalty_zone_explorer, live_nps_iceberg_calculator
from ._common import STYLE, LiveBox, layout

__all__ = ["kano_classifier", "loyalty_zone_explorer", "nps_iceberg_calculator"]

def kano_classifier(functional: int = 1, dysfunctional: int = 5) -> LiveBox:
    """Pick the answers to a Kano question pair and see the category.

    The category comes from :func:`crmlib.satisfaction.kano_category`.

    Examples
    --------
    >>> w = kano_classifier(3, 5)
    >>> "Must-be" in w.children[-1].value
    True
    """
    options = [(f"{k}. {v}", k) for k, v in KANO_ANSWERS.items()]
    f = widgets.Dropdown(options=options, value=functional, description="If it is present:", style=STYLE, layout=layout())
    d = widgets.Dropdown(options=options, value=dysfunctional, description="If it is absent:", style=STYLE, layout=layout())
    out = widgets.HTML()

    def update(_change: object = None) -> None:
        cat = kano_category(f.value, d.value)
        out.value = (f"<p><b>{cat}: {KANO_NAMES[cat]}</b> &mdash; value level: "
                     f"{html.escape(KANO_VALUE_LEVEL[cat])}</p>")

    f.observe(update, names="value")
    d.observe(update, names="value")
    update()
    return LiveBox([f, d, out], live=lambda: live_kano_classifier(functional, dysfunctional))


def _zone_table(zones: pd.Series) -> str:
    rows = "".join(
        f"<tr><td>{z}</td><td>{r.chinese}</td>"
        f"<td style='text-align:right'>{r.customers}</td><td style='text-align:right'>{r.share:.1%}</td></tr>"
        for z, r in loyalty_zone_counts(zones).iterrows()
    )
    return f"<table><tr><th>zone</th><th></th><th>customers</th><th>share</th></tr>{rows}</table>"


def loyalty_zone_explorer(
    satisfaction: pd.Series | Sequence[float], loyalty: pd.Series | Sequence[float],
    satisfaction_cut: float | None = None, loyalty_cut: float | None = None,
) -> LiveBox:
    """Move the thresholds and see how many customers fall in each Jones-Sasser zone.

    Counts come from :func:`crmlib.satisfaction.loyalty_zones`. Children: the
    satisfaction cut, the loyalty cut, the apostle cut, the terrorist cut, the table.

    Examples
    --------
    >>> w = loyalty_zone_explorer([1, 2, 4, 5], [5, 1, 2, 5], 3, 3)
    >>> "hostage" in w.children[-1].value
    True
    """
    s = pd.Series(satisfaction, dtype=float)
    lo = pd.Series(loyalty, dtype=float)
    smin, smax = float(s.min()), float(s.max())
    lmin, lmax = float(lo.min()), float(lo.max())
    kw = dict(step=0.5, continuous_update=False, style=STYLE, layout=layout())
    sc = widgets.FloatSlider(value=satisfaction_cut if satisfaction_cut is not None else float(s.median()),
                             min=smin, max=smax, description="High satisfaction from", **kw)
    lc = widgets.FloatSlider(value=loyalty_cut if loyalty_cut is not None else float(lo.median()),
                             min=lmin, max=lmax, description="High loyalty from", **kw)
    ap = widgets.FloatSlider(value=smax, min=smin, max=smax, description="Apostle from", **kw)
    te = widgets.FloatSlider(value=smin, min=smin, max=smax, description="Terrorist up to", **kw)
    out = widgets.HTML()

    def update(_change: object = None) -> None:
        z = loyalty_zones(s, lo, sc.value, lc.value, apostle_at=ap.value, terrorist_at=te.value)
        out.value = _zone_table(z)

    for w in (sc, lc, ap, te):
        w.observe(update, names="value")
    update()
    return LiveBox([sc, lc, ap, te, out],
                   live=lambda: live_loyalty_zone_explorer(satisfaction, loyalty, satisfaction_cut, loyalty_cut))


def nps_iceberg_calculator(
    n: int = 400, promoters: float = 0.45, detractors: float = 0.2,
    complaints: int = 20, complaint_rate: float = 0.04, tell: int = 9,
) -> LiveBox:
    """NPS with its 95 % interval, and the complaints iceberg, from a few sliders.

    Numbers come from :func:`crmlib.satisfaction.nps_from_shares` (the NPS of a sample with the
    chosen shares) and :func:`crmlib.satisfaction.complaints_iceberg`.

    Examples
    --------
    >>> w = nps_iceberg_calculator(100, 0.5, 0.2, complaints=4)
    >>> "NPS = 30" in w.children[-1].value, "100 dissatisfied" in w.children[-1].value
    (True, True)
    """
    kw = dict(continuous_update=False, style=STYLE, layout=layout())
    wn = widgets.IntSlider(value=n, min=20, max=5000, step=10, description="Respondents", **kw)
    wp = widgets.FloatSlider(value=promoters, min=0, max=1, step=0.01, readout_format=".0%", description="Promoters (9-10)", **kw)
    wd = widgets.FloatSlider(value=detractors, min=0, max=1, step=0.01, readout_format=".0%", description="Detractors (0-6)", **kw)
    wc = widgets.IntSlider(value=complaints, min=0, max=500, description="Complaints received", **kw)
    wr = widgets.FloatSlider(value=complaint_rate, min=0.01, max=1, step=0.01, readout_format=".0%", description="Share who complain", **kw)
    wt = widgets.IntSlider(value=tell, min=0, max=30, description="People each one tells", **kw)
    out = widgets.HTML()

    def update(_change: object = None) -> None:
        r = nps_from_shares(wn.value, wp.value, wd.value)
        n_p, n_d = int(r["n_promoters"]), int(r["n_detractors"])
        ice = complaints_iceberg(wc.value, wr.value, tell_per_dissatisfied=wt.value)
        out.value = (
            f"<p><b>NPS = {r['nps']:.0f}</b> (95 % interval {r['lower']:.1f} to {r['upper']:.1f}; "
            f"{n_p} promoters, {wn.value - n_p - n_d} passives, {n_d} detractors)</p>"
            f"<p>{ice['complaints']:.0f} complaints &rarr; about <b>{ice['dissatisfied']:.0f} dissatisfied</b> customers, "
            f"{ice['silent']:.0f} of them silent; word of mouth reaches about {ice['word_of_mouth_reach']:.0f} people.</p>"
        )

    for w in (wn, wp, wd, wc, wr, wt):
        w.observe(update, names="value")
    update()
    return LiveBox([wn, wp, wd, wc, wr, wt, out],
                   live=lambda: live_nps_iceberg_calculator(n, promoters, detractors, complaints, complaint_rate, tell))
