"""Tests of ``crmlib.segment._concentration`` (split from the old test_segment.py).

Tests for crmlib.segment (chapter 3): hand cases, seed tables, CDNow facts and invariants."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import CRMLibError, DataFormatError, segment


def test_abc_hand_case_and_order_preserved():
    r = segment.abc_classes(pd.Series([5, 50, 5, 30, 10], index=list("vwxyz")))
    # sorted: w 50 (0→.50) y 30 (.50→.80) z 10 (.80→.90) v 5 (.90→.95) x 5 (.95→1)
    assert r.index.tolist() == list("vwxyz")
    assert r["abc"].astype(str).to_dict() == {"w": "A", "y": "A", "z": "B", "v": "B", "x": "C"}
    assert r.loc["w", "rank"] == 1 and r.loc["x", "rank"] == 5  # stable: v before x
    assert r.loc["z", "cum_value"] == pytest.approx(0.9)


def test_abc_errors():
    with pytest.raises(CRMLibError, match="cuts"):
        segment.abc_classes([1, 2], cuts=(0.9, 0.8))
    with pytest.raises(CRMLibError, match="non-negative"):
        segment.abc_classes([1, -2])
    with pytest.raises(DataFormatError, match="missing"):
        segment.abc_classes([1, np.nan])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=80).filter(lambda v: sum(v) > 0),
       st.floats(0.05, 0.9), st.floats(0.01, 0.09))
def test_abc_every_customer_one_class_and_value_monotone(values, a, gap):
    r = segment.abc_classes(values, (a, min(a + gap, 1.0)))
    assert r["abc"].notna().all() and len(r) == len(values)
    codes = r["abc"].cat.codes.to_numpy()
    v = r["value"].to_numpy()
    # a strictly more valuable customer is never in a lower class
    assert not np.any((v[:, None] > v[None, :]) & (codes[:, None] > codes[None, :]))
    # class A holds at least the share a of value (the customer crossing the cut is in A)
    assert r.loc[r["abc"] == "A", "value"].sum() / r["value"].sum() >= a - 1e-9


def test_gini_hand_cases_and_lorenz_area():
    assert segment.gini([2, 2, 2]) == 0.0
    assert segment.gini([0, 0, 0, 10]) == pytest.approx(0.75)
    assert segment.gini([1, 2, 3, 4]) == pytest.approx(0.25)  # (−3·1 −1·2 +1·3 +3·4)/(4·10)
    v = np.random.default_rng(2026).lognormal(size=200)
    c = segment.lorenz_curve(v)
    area = np.trapezoid(c["cum_value"], c["cum_customers"])  # concentration curve above diagonal
    assert segment.gini(v) == pytest.approx(2 * (area - 0.5), rel=1e-9)


def test_top_share_and_statement():
    assert segment.top_share([50, 30, 10, 5, 5], 0.2) == pytest.approx(0.5)
    assert segment.top_share([50, 30, 10, 5, 5], 0.4) == pytest.approx(0.8)
    assert segment.top_share([1, 1, 1, 1], 0.5) == pytest.approx(0.5)
    assert "20 % of customers give 50.0 %" in segment.pareto_statement([50, 30, 10, 5, 5])


def test_gini_names_the_column_with_negative_values():
    with pytest.raises(CRMLibError, match="column 'total' has 1 negative value"):
        segment.gini(pd.Series([5.0, -2.0, 3.0], name="total"))


def test_abc_summary_hand_cases():
    # sorted values 50, 30, 10, 5, 5: share of value before each customer 0, .5, .8, .9, .95
    t = segment.abc_summary([5, 50, 10, 30, 5], (0.8, 0.95))
    assert t.index.tolist() == ["A", "B", "C"]
    assert t["customers"].tolist() == [2, 2, 1]
    assert t["value_share"].tolist() == pytest.approx([0.8, 0.15, 0.05], rel=1e-12)
    t = segment.abc_summary([50, 30, 10, 5, 5], (0.5, 0.9))  # A: before < .5; B: before < .9
    assert t["customers"].tolist() == [1, 2, 2]
    assert t["customer_share"].tolist() == pytest.approx([0.2, 0.4, 0.4], rel=1e-12)
    assert t["value_share"].tolist() == pytest.approx([0.5, 0.4, 0.1], rel=1e-12)
    t = segment.abc_summary([10, 10], (0.3, 0.6))  # an empty class is kept with 0 customers
    assert t["customers"].tolist() == [1, 1, 0] and t.loc["C", "value_share"] == 0
