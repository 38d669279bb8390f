"""Tests of ``crmlib.satisfaction._nps`` (split from the old test_satisfaction.py).

Tests for crmlib.satisfaction (chapter 4): published numbers, hand calculations, invariants."""
from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from crmlib import CRMLibError
from crmlib import satisfaction as cs


matplotlib.use("Agg")


def test_nps_hand_worked() -> None:
    scores = [10, 9, 8, 7, 6, 0, 10, 10, 5, 9]  # 5 promoters, 2 passives, 3 detractors
    r = cs.net_promoter_score(scores)
    assert r["nps"] == pytest.approx(20.0)
    assert (r["promoters"], r["passives"], r["detractors"]) == pytest.approx((0.5, 0.2, 0.3))
    se = np.sqrt((0.5 + 0.3 - 0.2**2) / 10)
    assert r["se"] == pytest.approx(100 * se)
    assert r["lower"] == pytest.approx(100 * (0.2 - 1.959964 * se), abs=1e-3)
    assert cs.nps_category([9, 8.5, 7, 6.9]).tolist() == ["promoter", "passive", "passive", "detractor"]
    with pytest.raises(CRMLibError):
        cs.net_promoter_score([11])


def test_nps_interval_covers_truth_in_simulation() -> None:
    rng = np.random.default_rng(2026)
    p = np.array([0.3, 0.3, 0.4])  # detractor, passive, promoter -> NPS 10
    cover = 0
    for _ in range(400):
        cats = rng.choice([0, 8, 10], size=200, p=p)
        r = cs.net_promoter_score(cats)
        cover += r["lower"] <= 10 <= r["upper"]
    assert 0.92 <= cover / 400 <= 0.98


def test_nps_from_shares_hand_worked() -> None:
    r = cs.nps_from_shares(400, 0.45, 0.2)  # 180 promoters, 80 detractors, 140 passives
    assert r[["n_promoters", "n_passives", "n_detractors"]].tolist() == [180, 140, 80]
    se = np.sqrt((0.45 + 0.2 - 0.25**2) / 400)  # 0.038324
    assert r["nps"] == pytest.approx(25.0, rel=1e-12)
    assert r["se"] == pytest.approx(100 * se, rel=1e-12)
    assert r["lower"] == pytest.approx(100 * (0.25 - 1.959964 * se), abs=1e-4)
    sample = [10] * 180 + [8] * 140 + [0] * 80
    pd.testing.assert_series_equal(r.drop(["n_promoters", "n_passives", "n_detractors"]),
                                   cs.net_promoter_score(sample))
    # half up, not Python's half-to-even: 10 x 0.25 = 2.5 -> 3 promoters
    assert cs.nps_from_shares(10, 0.25, 0.0)["n_promoters"] == 3
    # detractors cut to what the promoters leave, counts add up to n
    r = cs.nps_from_shares(10, 0.7, 0.5)
    assert r[["n_promoters", "n_passives", "n_detractors"]].tolist() == [7, 0, 3]
    r = cs.nps_from_shares(1, 0.5, 0.5)
    assert r[["n_promoters", "n_passives", "n_detractors"]].tolist() == [1, 0, 0]
    with pytest.raises(CRMLibError):
        cs.nps_from_shares(0, 0.5, 0.2)
    with pytest.raises(CRMLibError):
        cs.nps_from_shares(10, 1.2, 0.2)
