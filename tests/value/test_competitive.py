"""Tests of ``crmlib.value._competitive`` (split from the old test_value.py).

Tests for crmlib.value: seed figures (seeds 000, 002, 004), hand calculations, invariants."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlib import CRMLibError, value
from crmlib.datasets import load_seed_table


def _price_profile():
    t = load_seed_table("price_satisfaction_profile")
    attr = t[t["kind"] == "attribute"].set_index("row")
    printed = t[t["kind"] == "printed"].set_index("row")
    return attr, printed, value.perceived_profile(attr["weight"], attr["brand_a"], attr["other_brands"])


def test_price_profile_correct_weighted_scores_differ_from_printed():
    attr, printed, p = _price_profile()
    # by hand: 0.6*9 + 0.2*6 + 0.1*9 + 0.1*7 = 8.2 ; 0.6*7 + 0.2*6 + 0.1*8 + 0.1*7 = 6.9
    assert p.score_ours == pytest.approx(0.6 * 9 + 0.2 * 6 + 0.1 * 9 + 0.1 * 7) == pytest.approx(8.2)
    assert p.score_competitors == pytest.approx(6.9)
    # the seed prints 8.3 and 7.0: each 0.1 too high (the gap 1.3 is right)
    assert printed.loc["price satisfaction", "brand_a"] == 8.3
    assert printed.loc["price satisfaction", "other_brands"] == 7.0
    assert round(p.score_ours, 1) != 8.3 and round(p.score_competitors, 1) != 7.0
    assert p.score_ours - p.score_competitors == pytest.approx(8.3 - 7.0)


def test_price_profile_ratio_and_relative_price_against_the_seed():
    attr, printed, p = _price_profile()
    # Gale's ratio = weighted mean of attribute ratios = 0.6*9/7 + 0.2 + 0.1*9/8 + 0.1
    assert p.ratio == pytest.approx(0.6 * 9 / 7 + 0.2 * 1 + 0.1 * 9 / 8 + 0.1 * 1)
    assert round(p.ratio, 2) == printed.loc["price competitiveness index", "brand_a"] == 1.18
    # ratio of weighted scores rounds to 1.19, not 1.18 (8.3/7.0 = 1.186, 8.2/6.9 = 1.188)
    assert round(p.score_ratio, 2) == 1.19
    # relative price 1/ratio = 0.845 -> 0.84; the printed 0.85 is 1/1.18 after rounding the ratio
    assert round(p.relative_price, 2) == 0.84
    assert round(1 / printed.loc["price competitiveness index", "brand_a"], 2) == 0.85
    np.testing.assert_allclose(p.table["weight"].sum(), 1.0)


def test_perceived_profile_errors():
    with pytest.raises(CRMLibError, match="same attributes"):
        value.perceived_profile({"a": 1}, {"b": 2}, {"a": 3})
    with pytest.raises(CRMLibError, match="positive"):
        value.perceived_profile({"a": 1}, {"a": 2}, {"a": 0})


def test_value_map_regions_and_line():
    d = pd.DataFrame({"relative_quality": [1.2, 0.8, 1.0], "relative_price": [1.1, 0.9, 1.2]}, index=list("ABC"))
    m = value.value_map(d, slope=1.5)
    assert m["fair_price"].tolist() == pytest.approx([1.3, 0.7, 1.0])
    assert m["region"].tolist() == ["better value", "worse value", "worse value"]
    assert m["value_advantage"].tolist() == pytest.approx([0.2, -0.2, -0.2])


def test_won_lost_and_head_to_head():
    deals = pd.DataFrame({"outcome": ["won"] * 3 + ["lost"] * 5,
                          "reason": ["price", "quality", "quality", "price", "price", "price", "service", "quality"]})
    t = value.won_lost(deals)
    assert t.index[0] == "price" and t.loc["price", "lost"] == 3
    assert t.loc["price", "share_of_losses"] == pytest.approx(0.6)
    assert t.loc["quality", "win_rate"] == pytest.approx(2 / 3)
    with pytest.raises(CRMLibError):
        value.won_lost(deals.replace({"won": "win"}))
    w, a, b = {"x": 50, "y": 30, "z": 20}, {"x": 8, "y": 6, "z": 9}, {"x": 7, "y": 8, "z": 9}
    h = value.head_to_head(w, a, b)
    p = value.perceived_profile(w, a, b)
    assert h["weighted_gap"].sum() == pytest.approx(p.score_ours - p.score_competitors)


def test_key_events_and_what_who():
    r = pd.Series([1.00, 1.05, 0.98], index=["Q1", "Q2", "Q3"])
    e = value.key_events(r, pd.DataFrame({"period": ["Q3"], "event": ["rival cut price"]}))
    assert e["change"].iloc[0] == pytest.approx(-0.07)
    with pytest.raises(CRMLibError):
        value.key_events(r, pd.DataFrame({"period": ["Q1"], "event": ["x"]}))
    a = pd.DataFrame({"what": ["x", "x"], "who": ["s", "t"], "role": ["S", "S"]})
    with pytest.raises(CRMLibError, match="exactly one lead"):
        value.what_who_matrix(a)


def test_profile_plot_shows_both_ratings():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from crmlib import plots

    p = value.perceived_profile({"a": 3, "b": 1}, {"a": 8, "b": 5}, {"a": 6, "b": 7})
    ax = plots.plot_perceived_profile(p.table)
    widths = sorted(bar.get_width() for bar in ax.patches)
    assert widths == [5, 6, 7, 8]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a (75%)", "b (25%)"]
    plt.close("all")
