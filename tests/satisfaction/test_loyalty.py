"""Tests of ``crmlib.satisfaction._loyalty`` (split from the old test_satisfaction.py).

Tests for crmlib.satisfaction (chapter 4): published numbers, hand calculations, invariants."""
from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from crmlib import CRMLibError
from crmlib import satisfaction as cs


matplotlib.use("Agg")


def test_loyalty_zones_quadrants_and_extremes() -> None:
    z = cs.loyalty_zones([5, 4, 5, 2, 1, 2, 3], [5, 4, 1, 5, 1, 2, 3], 4, 4, apostle_at=5, terrorist_at=1)
    assert z.tolist() == ["apostle", "loyalist", "mercenary", "hostage", "terrorist", "defector", "defector"]
    plain = cs.loyalty_zones([5, 1], [5, 1], 4, 4)
    assert plain.tolist() == ["loyalist", "defector"]
    assert list(z.cat.categories) == list(cs.LOYALTY_ZONES.index)


def test_loyalty_zone_counts_hand_worked() -> None:
    z = cs.loyalty_zones([5, 4, 5, 2, 1, 2, 3], [5, 4, 1, 5, 1, 2, 3], 4, 4, apostle_at=5, terrorist_at=1)
    t = cs.loyalty_zone_counts(z)
    assert t.index.tolist() == list(cs.LOYALTY_ZONES.index)
    assert t["customers"].tolist() == [1, 1, 1, 1, 2, 1]
    assert t.loc["defector", "share"] == pytest.approx(2 / 7, rel=1e-12)
    assert t.loc["hostage", "chinese"] == "囚禁者"
    with pytest.raises(CRMLibError):
        cs.loyalty_zone_counts(pd.Series(["fan"]))


def test_stylized_curves_hand_values_on_the_zones_1_to_7_scale() -> None:
    # by hand, u = (s - 1) / 6; A = 1 + 6 (0.7 + 0.3 u), B = 1 + 6 u, C = 1 + 6 u^4
    # s = 4: u = 1/2 -> A = 1 + 6 * 0.85 = 6.1, B = 4, C = 1 + 6 / 16 = 1.375
    # s = 6: u = 5/6 -> A = 1 + 6 * 0.95 = 6.7, C = 1 + 6 * 625 / 1296 = 3.8935
    s = [1, 4, 6, 7]
    assert cs.stylized_loyalty_curve(s, "A") == pytest.approx([5.2, 6.1, 6.7, 7.0])
    assert cs.stylized_loyalty_curve(s, "B") == pytest.approx([1, 4, 6, 7])
    assert cs.stylized_loyalty_curve(s, "C") == pytest.approx([1, 1.375, 1 + 6 * 625 / 1296, 7])
    # the market aliases name the same curves
    assert cs.stylized_loyalty_curve(s, "noncompetitive") == pytest.approx(cs.stylized_loyalty_curve(s, "A"))
    assert cs.stylized_loyalty_curve(s, "proportional") == pytest.approx(cs.stylized_loyalty_curve(s, "B"))
    assert cs.stylized_loyalty_curve(s, "competitive") == pytest.approx(cs.stylized_loyalty_curve(s, "C"))
    # the default curve is C on 1-7
    assert cs.stylized_loyalty_curve(4.0) == pytest.approx(1.375)


def test_stylized_curves_order_and_shape() -> None:
    # seed 001's chart: A (no real choice) high and flat, B the diagonal, C (buyer's market)
    # low until the top; so C < B < A strictly inside the scale, all three meet at complete
    # satisfaction, and B, C start from "not loyal"
    s = np.linspace(1, 7, 61)
    a, b, c = (cs.stylized_loyalty_curve(s, k) for k in "ABC")
    inner = slice(1, -1)
    assert (c[inner] < b[inner]).all() and (b[inner] < a[inner]).all()
    assert a[-1] == b[-1] == c[-1] == 7 and b[0] == c[0] == 1 and a[0] > 5
    assert all(np.all(np.diff(y) > 0) for y in (a, b, c))
    # in the buyer's market, "satisfied" (6) keeps less than half the loyalty above the
    # scale's floor that "completely satisfied" (7) does
    assert c[s == 6] - 1 < 0.5 * (c[-1] - 1)


def test_stylized_curves_scale_argument() -> None:
    # on a 1-5 scale s = 3 is the middle (u = 1/2): C = 1 + 4 / 16 = 1.25, A = 1 + 4 * 0.85 = 4.4
    assert cs.stylized_loyalty_curve(3, "C", scale_min=1, scale_max=5) == pytest.approx(1.25)
    assert cs.stylized_loyalty_curve(3, "A", scale_min=1, scale_max=5) == pytest.approx(4.4)
    # on 0-10, the middle 5 gives B = 5 and C = 10 / 16
    assert cs.stylized_loyalty_curve([0, 5, 10], "B", scale_min=0, scale_max=10) == pytest.approx([0, 5, 10])
    assert cs.stylized_loyalty_curve(5, "C", scale_min=0, scale_max=10) == pytest.approx(0.625)
    with pytest.raises(CRMLibError, match="scale"):
        cs.stylized_loyalty_curve(6, "C", scale_min=1, scale_max=5)     # 6 is off a 1-5 scale
    with pytest.raises(CRMLibError, match="scale_max"):
        cs.stylized_loyalty_curve(3, "C", scale_min=5, scale_max=1)
    with pytest.raises(CRMLibError, match="'A', 'B' or 'C'"):
        cs.stylized_loyalty_curve(3, "D")


def test_ladder_and_iceberg() -> None:
    t = cs.ladder_conversion({"suspect": 1000, "prospect": 400, "customer": 100, "supporter": 40})
    assert t["step_rate"].tolist() == pytest.approx([1, 0.4, 0.25, 0.4])
    assert t["overall_rate"].iloc[-1] == pytest.approx(0.04)
    with pytest.raises(CRMLibError):
        cs.ladder_conversion({"prospect": 10})
    ice = cs.complaints_iceberg(26, 0.04, tell_per_dissatisfied=9)
    assert ice["dissatisfied"] == pytest.approx(650) and ice["silent"] == pytest.approx(624)
    assert ice["word_of_mouth_reach"] == pytest.approx(5850)
    assert np.isnan(cs.complaints_iceberg(4)["word_of_mouth_reach"])
