"""Tests of ``crmlib.segment._clusters`` (split from the old test_segment.py).

Tests for crmlib.segment (chapter 3): hand cases, seed tables, CDNow facts and invariants."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlib import CRMLibError, segment


def test_clusters_recover_separated_groups():
    rng = np.random.default_rng(2026)
    n = 90
    grp = np.repeat([0, 1, 2], n // 3)
    scores = pd.DataFrame({
        "gap": np.exp(np.array([1.0, 4.0, 6.0])[grp] + 0.1 * rng.standard_normal(n)),
        "frequency_value": np.exp(np.array([3.0, 1.5, 0.2])[grp] + 0.1 * rng.standard_normal(n)),
        "monetary_value": np.exp(np.array([7.0, 5.0, 3.0])[grp] + 0.1 * rng.standard_normal(n)),
    })
    x = segment.rfm_features(scores)
    assert np.allclose(x.mean(), 0) and np.allclose(x.std(ddof=0), 1)
    lab = segment.rfm_clusters(x, 3)
    assert (lab.to_numpy() == grp).all()  # relabelled by spend: group 0 spends most
    table = segment.choose_k(x, range(2, 6), sample_size=None)
    assert table["silhouette"].idxmax() == 3
    assert table["inertia"].is_monotonic_decreasing
    prof = segment.cluster_profiles(scores, lab)
    assert prof["customers"].tolist() == [30, 30, 30]
    # overall means: days (e^1 + e^4 + e^6)/3 ≈ 153, orders ≈ 7.7, spend ≈ 432
    assert segment.name_clusters(prof).iloc[0] == "very recent, very frequent, top-spend"
    assert segment.name_clusters(prof).iloc[2] == "lapsed, one-off, minimal-spend"
    twins = pd.DataFrame({"customers": [1, 1], "mean_gap": [5.0, 5.0],
                          "mean_orders": [2.0, 2.0], "mean_spend": [9.0, 9.0]}, index=[4, 7])
    assert segment.name_clusters(twins).tolist() == ["recent, frequent, high-spend (cluster 4)",
                                                     "recent, frequent, high-spend (cluster 7)"]


def test_choose_k_rejects_bad_k():
    x = pd.DataFrame({"a": [0.0, 1, 2], "b": [0.0, 1, 2]})
    with pytest.raises(CRMLibError, match="k=3"):
        segment.choose_k(x, [3])
