"""Tests of ``crmlib.value._profitability`` (split from the old test_value.py).

Tests for crmlib.value: seed figures (seeds 000, 002, 004), hand calculations, invariants."""
from __future__ import annotations

import pandas as pd
import pytest

from crmlib import CRMLibError, DataFormatError, value
from crmlib.datasets import load_seed_table


def test_printing_supplier_whale_curve():
    d = load_seed_table("printing_supplier_deciles")
    y92 = d[d["year"] == 1992].set_index("decile")["profit_share_pct"]
    y80 = d[d["year"] == 1980].set_index("decile")["profit_share_pct"]
    assert y92.sum() == 100
    # the 1980 shares as printed add up to 101 %, a rounding slip in the seed
    assert y80.sum() == 101
    w = value.whale_curve(y92)
    assert w["cumulative_profit"].tolist() == [29, 55, 77, 97, 105, 109, 109, 106, 103, 100]
    assert value.value_destroying_share(y92) == pytest.approx(0.3)
    assert value.value_destroying_share(y80) == 0.0
    w80 = value.whale_curve(y80)
    assert w80["cumulative_profit"].iloc[-1] == pytest.approx(100)
    assert w80["cumulative_profit"].iloc[1] == pytest.approx(100 * 33 / 101)
    # top 20 % of customers: 33 % of profit in 1980, 55 % in 1992
    assert value.whale_curve(y80, normalize=False)["cumulative_profit"].iloc[1] == 33


def test_whale_curve_sorts_and_keeps_labels():
    w = value.whale_curve(pd.Series({"x": -1.0, "y": 5.0, "z": 2.0}))
    assert w["customer"].tolist() == ["y", "z", "x"]
    assert w["customer_share"].iloc[-1] == 100
    with pytest.raises(CRMLibError):
        value.whale_curve([-1.0, -2.0])


def test_activity_based_cost_and_value_matrix():
    acts = pd.DataFrame({"customer": ["p", "p", "q", "q", "r"],
                         "activity": ["order", "visit", "order", "rush", "order"],
                         "quantity": [12, 4, 50, 10, 5]})
    rates = {"order": 20.0, "visit": 150.0, "rush": 80.0}
    cts = value.activity_based_cost(acts, rates)
    assert cts.to_dict() == {"p": 12 * 20 + 4 * 150, "q": 50 * 20 + 10 * 80, "r": 100.0}
    with pytest.raises(CRMLibError, match="No cost rate"):
        value.activity_based_cost(acts, {"order": 1.0})
    d = pd.DataFrame({"current_value": [5, 1, 5, 1], "growth_potential": [5, 5, 1, 1]})
    vm = value.value_matrix(d, current_cut=3, potential_cut=3)
    assert vm["quadrant"].tolist() == ["high value, high potential", "low value, high potential",
                                       "high value, low potential", "low value, low potential"]
    assert vm["class"].astype(str).tolist() == ["IV", "II", "III", "I"]
    assert vm["strategy"].str.startswith(("key", "develop", "maintain", "reduce")).all()
    assert vm["lifetime_profit"].tolist() == [10, 6, 6, 2]


def test_value_matrix_splits_at_the_median_and_a_median_customer_is_low():
    # current 1, 3, 5, 7, 9 (median 5), potential 9, 1, 5, 2, 8 (median 5)
    d = pd.DataFrame({"current_value": [1, 3, 5, 7, 9], "growth_potential": [9, 1, 5, 2, 8]})
    vm = value.value_matrix(d)
    assert vm["class"].astype(str).tolist() == ["II", "I", "I", "III", "IV"]
    assert vm["class"].cat.ordered and list(vm["class"].cat.categories) == ["I", "II", "III", "IV"]
    with pytest.warns(FutureWarning, match="pass current=, potential= by keyword"):
        old = value.value_matrix(d, "current_value", "growth_potential")
    pd.testing.assert_frame_equal(old, vm)
    with pytest.raises(DataFormatError, match="growth_potential"):
        value.value_matrix(d.rename(columns={"growth_potential": "potential_value"}))
    with pytest.raises(DataFormatError, match="missing value"):
        value.value_matrix(d.assign(current_value=[1, None, 5, 7, 9]))
