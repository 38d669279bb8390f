"""Tests of ``crmlib.value._clv`` (split from the old test_value.py).

Tests for crmlib.value: seed figures (seeds 000, 002, 004), hand calculations, invariants."""
from __future__ import annotations

import math
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import CRMLibError, DataFormatError, value
from crmlib.datasets import load_seed_table


def test_lifetime_purchases_seed_totals():
    lp = load_seed_table("lifetime_purchases")
    totals = lp.groupby("customer")["amount"].sum()
    assert totals["A"] == 185_000 and (lp["customer"] == "A").sum() == 10
    assert totals["B"] == 45_000 and (lp["customer"] == "B").sum() == 3
    a = lp.loc[lp["customer"] == "A", "amount"]
    assert value.purchase_stream_value(a) == 185_000
    assert value.purchase_stream_value(lp.loc[lp["customer"] == "B", "amount"]) == 45_000


def test_purchase_stream_discounting_by_hand():
    # B: three purchases of 15,000 four years apart, 10 % a year
    hand = 15_000 * (1 + 1.1 ** -4 + 1.1 ** -8)
    assert value.purchase_stream_value([15_000] * 3, 0.10, interval=4) == pytest.approx(hand)
    # A stays more valuable even discounted at 10 % (four-year replacement cycle)
    lp = load_seed_table("lifetime_purchases")
    pa = value.purchase_stream_value(lp.loc[lp["customer"] == "A", "amount"], 0.10, interval=4)
    pb = value.purchase_stream_value(lp.loc[lp["customer"] == "B", "amount"], 0.10, interval=4)
    assert pa > pb
    with pytest.raises(CRMLibError):
        value.purchase_stream_value([1.0], discount_rate=-1)


def test_retention_clv_by_hand():
    # 100 * 0.8/1.1 + 100 * 0.64/1.21 + 100 * 0.512/1.331
    hand = 100 * 0.8 / 1.1 + 100 * 0.64 / 1.21 + 100 * 0.512 / 1.331
    assert value.retention_clv(100, 0.8, 0.1, periods=3) == pytest.approx(hand)
    assert value.retention_clv(100, 0.8, 0.1) == pytest.approx(80 / 0.3)
    assert value.retention_clv(100, 0.8, 0.1, first_margin="certain") == pytest.approx(100 / 0.3)
    assert value.retention_clv(100, 0.8, 0.1, periods=0) == 0
    # finite horizon converges to the infinite one
    assert value.retention_clv(100, 0.8, 0.1, periods=400) == pytest.approx(value.retention_clv(100, 0.8, 0.1))
    assert value.retention_clv(100, 1.0, 0.0, periods=5) == pytest.approx(500)


def test_retention_clv_errors():
    with pytest.raises(CRMLibError, match="diverges"):
        value.retention_clv(100, 1.0, 0.0)
    with pytest.raises(CRMLibError, match="probability"):
        value.retention_clv(100, 1.2, 0.1)
    with pytest.raises(CRMLibError, match="first_margin"):
        value.retention_clv(100, 0.5, 0.1, first_margin="start")


margins = st.floats(0.1, 1e4)


rets = st.floats(0.0, 0.98)


discs = st.floats(0.0, 0.5)


@settings(max_examples=200, deadline=None)
@given(margins, rets, rets, discs, st.one_of(st.none(), st.integers(1, 60)))
def test_clv_rises_with_retention(m, r1, r2, d, T):
    lo, hi = sorted((r1, r2))
    assert value.retention_clv(m, lo, d, T) <= value.retention_clv(m, hi, d, T) * (1 + 1e-12)


@settings(max_examples=200, deadline=None)
@given(margins, margins, rets, discs, st.one_of(st.none(), st.integers(1, 60)))
def test_clv_rises_with_margin(m1, m2, r, d, T):
    lo, hi = sorted((m1, m2))
    assert value.retention_clv(lo, r, d, T) <= value.retention_clv(hi, r, d, T) * (1 + 1e-12)


@settings(max_examples=200, deadline=None)
@given(margins, rets, discs, discs, st.one_of(st.none(), st.integers(1, 60)))
def test_clv_falls_with_discount(m, r, d1, d2, T):
    lo, hi = sorted((d1, d2))
    assert value.retention_clv(m, r, hi, T) <= value.retention_clv(m, r, lo, T) * (1 + 1e-12)


@settings(max_examples=100, deadline=None)
@given(margins, st.floats(0.01, 0.98), discs, st.integers(1, 40))
def test_conventions_differ_by_factor_r(m, r, d, T):
    a = value.retention_clv(m, r, d, T)
    c = value.retention_clv(m, r, d, T, first_margin="certain")
    assert a == pytest.approx(r * c, rel=1e-9)


def test_dwyer_table_by_hand():
    t = value.dwyer_table(1000, [0.5, 0.6, 0.7], [2, 2.5, 3], [50, 55, 60], 0.6, 5, 20, 0.1, periods=3)
    assert t["customers"].tolist() == [1000, 500, 300]
    assert t.loc[2, "revenue"] == 500 * 2.5 * 55
    assert t.loc[1, "acquisition_cost"] == 20_000 and t.loc[2, "acquisition_cost"] == 0
    p3 = 300 * 3 * 60 * 0.4 - 300 * 5
    assert t.loc[3, "profit"] == pytest.approx(p3)
    assert t.loc[3, "npv"] == pytest.approx(p3 / 1.21)
    p1 = 1000 * 2 * 50 * 0.4 - 5000 - 20_000
    p2 = 500 * 2.5 * 55 * 0.4 - 2500
    assert t["clv"].iloc[-1] == pytest.approx((p1 + p2 / 1.1 + p3 / 1.21) / 1000)
    assert t["cumulative_npv"].iloc[-1] == pytest.approx(t["npv"].sum())


def test_dwyer_table_agrees_with_retention_formula():
    # one order of margin 100 a period, no costs, end-of-period discounting: the 'certain' convention
    t = value.dwyer_table(1, 0.8, 1, 100, 0.0, 0, 0, 0.1, periods=200, discount_first_period=True)
    assert t["clv"].iloc[-1] == pytest.approx(value.retention_clv(100, 0.8, 0.1, first_margin="certain"))


def test_dwyer_table_checks_lengths():
    with pytest.raises(CRMLibError, match="one per period"):
        value.dwyer_table(100, [0.5, 0.6], 1, 10, 0.5, 1, 1, 0.1, periods=3)


def test_cohort_value_by_hand():
    tx = pd.DataFrame({
        "customer_id": [1, 1, 1, 2, 3, 3],
        "date": pd.to_datetime(["2024-01-03", "2024-02-10", "2024-03-01", "2024-01-31", "2024-02-02", "2024-03-20"]),
        "amount": [10.0, 20.0, 40.0, 30.0, 8.0, 12.0],
    })
    cv = value.cohort_value(tx, margin=0.5, discount_rate=0.1)
    # the cohort table shape: Period index named cohort, an explicit customers column, no attrs
    assert isinstance(cv.index, pd.PeriodIndex) and cv.index.name == "cohort"
    assert cv.index.astype(str).tolist() == ["2024-01", "2024-02"] and cv.attrs == {}
    assert cv.loc["2024-01", "customers"] == 2 and cv.iloc[:1].loc["2024-01", "customers"] == 2
    assert cv.loc["2024-01", 0] == pytest.approx(0.5 * 40 / 2)
    assert cv.loc["2024-01", 2] == pytest.approx(0.5 * (40 + 20 / 1.1 + 40 / 1.21) / 2)
    assert cv.loc["2024-02", 1] == pytest.approx(0.5 * (8 + 12 / 1.1))
    assert math.isnan(cv.loc["2024-02", 2])
    # numbers stay numbers (a mixed "customers"/age column index once made them objects: round() did nothing)
    assert cv.drop(columns="customers").dtypes.eq(float).all()
    assert cv.round(2).loc["2024-01", 2] == round(0.5 * (40 + 20 / 1.1 + 40 / 1.21) / 2, 2)
    assert list(value.cohort_value(tx, periods=2).columns) == ["customers", 0, 1]
    with pytest.raises(DataFormatError):
        value.cohort_value(tx.assign(date=tx["date"].astype(str)))


def test_retention_clv_curve_by_hand():
    # after_retention: t=1: 100*0.8/1.1; t=2 adds 100*0.64/1.21; t=3 adds 100*0.512/1.331
    c = value.retention_clv_curve(100, 0.8, 0.1, 3)
    assert c["period"].tolist() == [0, 1, 2, 3]
    hand = np.cumsum([0, 100 * 0.8 / 1.1, 100 * 0.64 / 1.21, 100 * 0.512 / 1.331])
    np.testing.assert_allclose(c["clv"], hand, rtol=1e-12)
    # each row is retention_clv at that horizon, in either convention
    certain = value.retention_clv_curve(100, 0.8, 0.1, 5, first_margin="certain")
    assert certain["clv"].iloc[-1] == pytest.approx(value.retention_clv(100, 0.8, 0.1, 5, "certain"), rel=1e-12)
    with pytest.raises(CRMLibError, match="periods"):
        value.retention_clv_curve(100, 0.8, 0.1, -1)


def test_retention_clv_discount_is_a_deprecated_alias():
    with pytest.warns(FutureWarning, match="discount= is deprecated, use discount_rate="):
        old = value.retention_clv(100, 0.8, discount=0.1)
    assert old == value.retention_clv(100, 0.8, discount_rate=0.1) == pytest.approx(80 / 0.3)
    with pytest.raises(CRMLibError, match="both discount= and discount_rate="):
        value.retention_clv(100, 0.8, discount_rate=0.1, discount=0.1)
    with pytest.raises(CRMLibError, match="required"):
        value.retention_clv(100, 0.8)


def test_old_discount_and_freq_names_warn_and_give_the_same_numbers():
    # 15,000 three times, every 4 years at 10 %: 15000 (1 + 1.1^-4 + 1.1^-8), by hand
    hand = 15_000 * (1 + 1.1 ** -4 + 1.1 ** -8)
    assert value.purchase_stream_value([15_000] * 3, discount_rate=0.1, interval=4) == pytest.approx(hand, rel=1e-12)
    with pytest.warns(FutureWarning, match="discount= is deprecated"):
        assert value.purchase_stream_value([15_000] * 3, discount=0.1, interval=4) == pytest.approx(hand, rel=1e-12)
    new = value.dwyer_table(1000, 0.5, 2, 50, 0.6, 5, 20, discount_rate=0.1, periods=3)
    with pytest.warns(FutureWarning, match="discount= is deprecated"):
        old = value.dwyer_table(1000, 0.5, 2, 50, 0.6, 5, 20, discount=0.1, periods=3)
    pd.testing.assert_frame_equal(old, new)
    # period 2: 500 customers x 2 orders x 50 x (1 - 0.6) - 500 x 5 = 17,500, discounted once at 10 %
    assert new.loc[2, "npv"] == pytest.approx(17_500 / 1.1)
    tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [10.0, 20.0, 30.0],
                       "date": pd.to_datetime(["2024-01-03", "2024-04-10", "2024-02-01"])})
    with pytest.warns(FutureWarning) as record:
        old = value.cohort_value(tx, "customer_id", "date", "amount", freq="Q", discount=0.1)
    messages = " ".join(str(w.message) for w in record)
    assert "freq= is deprecated, use period=" in messages and "discount= is deprecated" in messages
    assert "pass customer_id=, date=, amount= by keyword" in messages
    pd.testing.assert_frame_equal(old, value.cohort_value(tx, period="Q", discount_rate=0.1))
    # one 2024Q1 cohort of 2: 40 in quarter 0, 20 in quarter 1 discounted once
    assert old.loc["2024Q1", 1] == pytest.approx((40 + 20 / 1.1) / 2)


def test_retention_clv_margin_growth_by_hand():
    # certain first margin, growth g: sum_t m (1+g)^(t-1) r^(t-1) / (1+d)^t = m / (1 + d - r(1+g))
    assert value.retention_clv(100, 0.8, 0.1, first_margin="certain", margin_growth=0.05) == pytest.approx(
        100 / (1.1 - 0.84), rel=1e-12)
    two = 100 / 1.1 + 100 * 1.05 * 0.8 / 1.21  # two periods, certain convention, by hand
    assert value.retention_clv(100, 0.8, 0.1, 2, "certain", margin_growth=0.05) == pytest.approx(two, rel=1e-12)
    with pytest.raises(CRMLibError, match="diverges"):
        value.retention_clv(100, 0.9, 0.1, margin_growth=0.25)
