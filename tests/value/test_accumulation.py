"""Tests of ``crmlib.value._accumulation`` (split from the old test_value.py).

Tests for crmlib.value: seed figures (seeds 000, 002, 004), hand calculations, invariants."""
from __future__ import annotations

import numpy as np
import pytest

from crmlib import CRMLibError, value
from crmlib.datasets import load_seed_table


def test_accumulation_effect_reproduces_seed_002_table():
    seed = load_seed_table("accumulation_effect").set_index("lost")
    ours = value.accumulation_effect(customers=100, lost=[1, 2, 10, 25, 50], profit_per_customer=10)
    assert list(ours.index) == list(seed.index) == [0, 1, 2, 10, 25, 50]
    for col in ["a_customers", "b_customers", "difference", "a_profit", "b_profit", "profit_difference"]:
        np.testing.assert_array_equal(ours[col].to_numpy(), seed[col].to_numpy())
    np.testing.assert_allclose(ours["a_share"].round(2), seed["a_share_pct"])
    np.testing.assert_allclose(ours["b_share"].round(2), seed["b_share_pct"])
    # printed to two decimals: 1.02, 1.04, 1.22, 1.67, 3.00 — in customers and in profit
    np.testing.assert_allclose(ours["relative_size"].round(2), seed["relative_size"])
    np.testing.assert_allclose((ours["b_profit"] / ours["a_profit"]).round(2), seed["profit_relative_size"])
    assert ours["difference"].tolist() == [0, 2, 4, 20, 50, 100]
    assert ours["profit_difference"].tolist() == [0, 20, 40, 200, 500, 1000]


def test_accumulation_effect_exact_relative_size():
    t = value.accumulation_effect(100, [25])
    assert t.loc[25, "relative_size"] == pytest.approx(125 / 75)
    assert t["a_share"].add(t["b_share"]).eq(100).all()


def test_accumulation_effect_rejects_losing_everyone():
    with pytest.raises(CRMLibError, match="between 0 and 99"):
        value.accumulation_effect(100, [100])


def test_simulation_one_period_matches_one_step_of_the_seed_table():
    # losing 10 % of 100 in one period = the seed's "lost 10" row
    sim = value.simulate_accumulation(100, a_to_b=0.10, periods=1)
    row = value.accumulation_effect(100, [10]).loc[10]
    assert sim.loc[1, "a_customers"] == pytest.approx(row["a_customers"])
    assert sim.loc[1, "relative_size"] == pytest.approx(row["relative_size"])


def test_simulation_conserves_customers_and_reaches_the_flow_balance():
    sim = value.simulate_accumulation(100, a_to_b=0.10, b_to_a=0.05, periods=300)
    np.testing.assert_allclose(sim["a_customers"] + sim["b_customers"], 200)
    # steady state: A p = B q  ->  A = 200 q / (p + q)
    assert sim["a_customers"].iloc[-1] == pytest.approx(200 * 0.05 / 0.15, rel=1e-6)
    assert sim.loc[2, "a_customers"] == pytest.approx((100 * 0.9 + 100 * 0.05) * 0.9 + (100 * 0.95 + 100 * 0.1) * 0.05)
    gap = (sim["b_profit"] - sim["a_profit"]).iloc[1:4].sum()
    assert sim.loc[3, "cumulative_profit_gap"] == pytest.approx(gap)
