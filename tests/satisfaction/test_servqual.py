"""Tests of ``crmlib.satisfaction._servqual`` (split from the old test_satisfaction.py).

Tests for crmlib.satisfaction (chapter 4): published numbers, hand calculations, invariants."""
from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from crmlib import satisfaction as cs


matplotlib.use("Agg")


def test_five_gaps_sum_to_perception_gap_chain() -> None:
    m = pd.DataFrame({"expected": [6.0, 5.0], "management_view": [5.0, 5.0], "standards": [4.5, 5.5],
                      "delivered": [4.0, 5.0], "promised": [6.5, 5.0], "perceived": [4.2, 5.5]}, index=["x", "y"])
    g = cs.five_gap_scores(m)
    assert list(g.columns) == ["understanding", "procedure", "behaviour", "promotion", "perception"]
    # understanding + procedure + behaviour = delivered - expected
    chain = g[["understanding", "procedure", "behaviour"]].sum(axis=1)
    assert np.allclose(chain, m["delivered"] - m["expected"])
    assert g.loc["x", "promotion"] == pytest.approx(-2.5)
    e = pd.DataFrame({"r1": [7, 6], "t1": [5, 5]})
    p = pd.DataFrame({"r1": [5, 6], "t1": [6, 5]})
    sq = cs.servqual_scores(e, p, weights={"r1": 3, "t1": 1})
    assert sq["overall"].tolist() == pytest.approx([(3 * -2 + 1) / 4, 0.0])
