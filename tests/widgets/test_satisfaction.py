"""Tests of ``crmlib.widgets._satisfaction`` (split from the old test_satisfaction.py).

Tests for crmlib.satisfaction (chapter 4): published numbers, hand calculations, invariants."""
from __future__ import annotations

import matplotlib
import numpy as np

from crmlib import satisfaction as cs
from crmlib.datasets import make_survey


matplotlib.use("Agg")


def test_widgets_build_and_update() -> None:
    from crmlib import widgets

    k = widgets.kano_classifier()
    k.children[0].value, k.children[1].value = 1, 3
    assert "Attractive" in k.children[2].value
    s = make_survey(200)
    z = widgets.loyalty_zone_explorer(s["SAT1"], s["LOY1"])
    z.children[0].value = 6.0
    z.children[1].value = 3.0
    n_merc = int((cs.loyalty_zones(s["SAT1"], s["LOY1"], 6.0, 3.0, apostle_at=7, terrorist_at=1) == "mercenary").sum())
    assert f"<td>mercenary</td><td>图利者</td><td style='text-align:right'>{n_merc}</td>" in z.children[-1].value
    n = widgets.nps_iceberg_calculator()  # 400 answers: 45 % promoters, 20 % detractors
    shown = n.children[-1].value
    # 180 promoters and 80 detractors: NPS = 100 (0.45 − 0.20) = 25; se = 100 √((0.45 + 0.20 − 0.25²) / 400)
    half = 1.959964 * 100 * np.sqrt((0.45 + 0.20 - 0.25**2) / 400)
    assert f"NPS = 25</b> (95 % interval {25 - half:.1f} to {25 + half:.1f}" in shown
    assert "180 promoters, 140 passives, 80 detractors" in shown
    # 20 complaints from the 4 % who complain: 500 dissatisfied, 480 silent, each telling 9 people
    assert "about <b>500 dissatisfied</b> customers, 480 of them silent" in shown
    assert f"reaches about {500 * 9} people" in shown
