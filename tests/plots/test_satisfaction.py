"""Tests of ``crmlib.plots._satisfaction`` (split from the old test_satisfaction.py).

Tests for crmlib.satisfaction (chapter 4): published numbers, hand calculations, invariants."""
from __future__ import annotations

import matplotlib
import numpy as np
import pytest

from crmlib import satisfaction as cs
from crmlib.datasets import make_survey
from tests._helpers.satisfaction import ecsi, mobi  # noqa: F401 (fixtures)


matplotlib.use("Agg")


def test_curves_plot_has_three_labelled_lines_and_the_zone_cut() -> None:
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    from crmlib import plots

    ax = plots.plot_satisfaction_loyalty_curves()
    assert isinstance(ax, Axes)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [
        "A  无奈的选择  no real choice",
        "B  一分满意,一分忠诚  loyalty in proportion to satisfaction",
        "C  激烈竞争的买方市场  fiercely competitive buyer's market",
    ]
    lines = {ln.get_label()[:1]: ln for ln in ax.get_lines() if not ln.get_label().startswith("_")}
    assert sorted(lines) == ["A", "B", "C"]
    assert [lines[k].get_color() for k in "ABC"] == [plots.PALETTE[5], plots.PALETTE[0], plots.PALETTE[6]]
    x, y = lines["C"].get_data()
    assert x[0] == 1 and x[-1] == 7 and np.interp(4, x, y) == pytest.approx(1.375, abs=0.01)
    # the zone cut: one vertical and one horizontal line at 5
    cuts = [ln.get_xydata() for ln in ax.get_lines() if ln.get_label().startswith("_")]
    vertical = [c for c in cuts if (c[:, 0] == 5).all()]
    horizontal = [c for c in cuts if (c[:, 1] == 5).all()]
    assert len(cuts) == 2 and len(vertical) == len(horizontal) == 1
    # without the overlay only the three curves are drawn; the scale argument reaches the curves
    ax2 = plots.plot_satisfaction_loyalty_curves(cut=None, scale_min=1, scale_max=5)
    assert len(ax2.get_lines()) == 3 and ax2.get_xlim() == (1, 5)
    plt.close("all")


def test_plots_return_axes(ecsi: cs.PLSPathModel) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    from crmlib import plots

    s, info = make_survey(300, return_info=True)
    d = cs.reverse_code(s, ["SAT3"], 1, 7)
    q = info["blocks"]["Quality"]
    ipa = cs.importance_performance(d[q], overall=d["SAT1"])
    axes = [
        plots.plot_likert_diverging(d[q], range(1, 8)),
        plots.plot_semantic_profile(s, info["semantic_anchors"], groups=s["channel"]),
        plots.plot_ipa(ipa),
        plots.plot_kano_better_worse(cs.kano_classify(s, info["kano_features"])),
        plots.plot_loyalty_zones(d["SAT1"], d["LOY1"], cs.loyalty_zones(d["SAT1"], d["LOY1"], 5, 5), 5, 5),
        plots.plot_satisfaction_loyalty_curves(),
        plots.plot_path_model(ecsi),
    ]
    assert all(isinstance(a, Axes) for a in axes)
    # the diverging chart's bars for one item span exactly 100 %
    bars = [p for p in axes[0].patches if abs(p.get_y() + p.get_height() / 2 - (len(q) - 1)) < 1e-9]
    assert sum(p.get_width() for p in bars) == pytest.approx(100)
    plt.close("all")
