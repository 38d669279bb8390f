"""Tests for crmlib.value: seed figures (seeds 000, 002, 004), hand calculations, invariants."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import CRMLibError, DataFormatError, value
from crmlib.datasets import load_seed_table


# ---------------------------------------------------------------- seed 002: accumulation effect

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


# ---------------------------------------------------------------- seed 002: lifetime value of A and B

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


# ---------------------------------------------------------------- seed 004: price-satisfaction profile

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


# ---------------------------------------------------------------- seed 000: printing supplier deciles

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


# ---------------------------------------------------------------- CLV: retention formula

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


# ---------------------------------------------------------------- CLV: Dwyer table

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


# ---------------------------------------------------------------- cohort value

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


# ---------------------------------------------------------------- delivered value, Mercedes case

def test_delivered_value_difference_and_ratio():
    dv = value.delivered_value(value.mercedes_s350_bids())
    b = dv.loc["Beijing Baixing"]
    assert b["total_value"] == 120 + 6 + 4 + 4
    assert b["total_cost"] == pytest.approx(106 + 0.5 + 0.5 + 0.5)
    assert b["delivered_value"] == pytest.approx(134 - 107.5)
    assert b["value_ratio"] == pytest.approx(134 / 107.5)
    assert dv["rank"].tolist() == [1, 2, 3]
    # the winner does not have the lowest (assumed) price: value, not price, decided
    assert dv["monetary"].idxmin() != dv["delivered_value"].idxmax()


def test_delivered_value_errors():
    with pytest.raises(DataFormatError, match="has no columns .service."):
        value.delivered_value(pd.DataFrame({"product": [1]}))


def test_score_value_dimensions():
    r = pd.DataFrame({"a": [1, 7], "b": [3, np.nan], "c": [4, 4]})
    s = value.score_value_dimensions(r, {"functional": ["a", "b"], "social": ["c"]})
    assert s["functional"].tolist() == [2.0, 7.0]


# ---------------------------------------------------------------- Gale's other tools

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


# ---------------------------------------------------------------- value matrix, ABC

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


# ---------------------------------------------------------------- exercises, plots, widgets

def test_chapter1_exercises_against_hand_calculations():
    from crmlib.exercises import check, exercises

    assert len(exercises("ch1")) >= 6
    assert check("ch1.price-score", 8.2) and not check("ch1.price-score", 8.3)
    assert check("ch1.accumulation-ratio", 120 / 80)
    assert check("ch1.retention-clv", 50 * 0.75 / (1 + 0.12 - 0.75))
    assert check("ch1.whale-peak", 109)
    assert check("ch1.delivered-value", (6000 + 800 + 300 + 400) - (5200 + 200 + 100 + 150))
    amounts = [10_000, 12_000, 15_000, 17_000, 20_000, 22_000, 25_000, 23_000, 21_000, 20_000]
    assert check("ch1.stream-a", sum(a / 1.08 ** (4 * k) for k, a in enumerate(amounts)))
    y1 = 2000 * 1.5 * 80 * 0.45 - 2000 * 6 - 2000 * 25
    y2 = 800 * 1.5 * 80 * 0.45 - 800 * 6
    y3 = 400 * 1.5 * 80 * 0.45 - 400 * 6
    assert check("ch1.dwyer-clv", (y1 + y2 / 1.15 + y3 / 1.15 ** 2) / 2000)
    assert not check("ch1.dwyer-clv", None)


def test_plots_draw_the_data():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from crmlib import plots

    d = pd.DataFrame({"relative_quality": [1.2, 0.8], "relative_price": [1.0, 1.1]}, index=["A", "B"])
    ax = plots.plot_value_map(d)
    offsets = ax.collections[-1].get_offsets()
    np.testing.assert_allclose(offsets, d.to_numpy())
    line = ax.lines[0].get_data()
    np.testing.assert_allclose(line[1], line[0])  # slope 1 through (1, 1)
    w = value.whale_curve([29, 26, 22, 20, 8, 4, 0, -3, -3, -3])
    ax = plots.plot_whale_curve(w)
    assert max(ax.lines[0].get_ydata()) == 109
    ax = plots.plot_accumulation(value.accumulation_effect())
    assert list(ax.lines[1].get_ydata()) == [100, 101, 102, 110, 125, 150]
    assert "#" in plots.PALETTE[5] and ax.lines[1].get_color().upper() == plots.PALETTE[5].upper()
    plt.close("all")


def test_widgets_show_tested_numbers():
    from crmlib.widgets import accumulation_simulator, clv_calculator, value_map_explorer

    w = clv_calculator(100, 0.8, 0.1, 10)
    ten_years = sum(100 * 0.8 ** t / 1.1 ** t for t in range(1, 11))  # the ten terms by hand
    assert f"{ten_years:,.2f}" == "255.63" and "255.63" in w.children[4].value
    w.children[1].value = 0.5  # retention slider
    assert "83.33" in w.children[4].value  # m r / (1 + d - r) = 50 / 0.6
    s = accumulation_simulator(a_to_b=0.1, periods=1)
    assert "1.22" in s.children[3].value
    d = pd.DataFrame({"relative_quality": [1.2, 0.9], "relative_price": [1.0, 1.1]}, index=["A", "B"])
    v = value_map_explorer(d)
    v.children[0].value = "B"
    v.children[2].value = 0.7  # B becomes cheap: better value
    assert v.children[3].value.count("better value") == 2
    assert d.loc["B", "relative_price"] == 1.1  # the caller's data is not changed


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


# ---------------------------------------------------------------- CLV curve, discount_rate, margin growth

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
