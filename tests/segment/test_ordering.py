"""Tests of ``crmlib.segment._ordering`` (split from the old test_segment.py).

Tests for crmlib.segment (chapter 3): hand cases, seed tables, CDNow facts and invariants."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import DataFormatError, segment
from crmlib.datasets import make_b2b_customers


def test_loyalty_index_recovers_latent_loyalty():
    b, info = make_b2b_customers(400, return_info=True)
    li = segment.loyalty_index(b)
    rho = pd.Series(info["ground_truth"]["latent_loyalty"]).corr(li.reset_index(drop=True), method="spearman")
    assert rho > 0.85
    assert li.between(0, 100).all()


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 19), st.sampled_from(list(segment.LOYALTY_INDICATORS)))
def test_more_loyal_behaviour_never_lowers_the_index(i, col):
    b = make_b2b_customers(20, random_state=3)
    sign = segment.LOYALTY_INDICATORS[col][1]
    better = b.copy()
    better.iloc[i, better.columns.get_loc(col)] += sign * 1.0
    assert segment.loyalty_index(better).iloc[i] >= segment.loyalty_index(b).iloc[i]


def test_ordering_model_follows_seed_001_order():
    rows = [(c, s, l) for c in ("good", "poor") for s in ("large", "small") for l in (80, 20)]
    d = pd.DataFrame(rows, columns=["credit", "size", "loyalty_index"])
    oc = segment.ordering_classes(d, loyalty_cut=50)
    assert oc["order_rank"].tolist() == list(range(1, 9))  # seed's listing order
    assert oc["order_class"].astype(str).tolist() == segment.ORDERING_CLASSES
    assert oc["size_class"].tolist() == [1, 2, 3, 4, 1, 2, 3, 4]
    assert oc["credit_class"].tolist() == [1, 2, 1, 2, 3, 4, 3, 4]
    t = segment.ordering_table(oc, "credit")
    assert t["customers"].tolist() == [2, 2, 2, 2] and "首选" in t["advice"].iloc[0]
    with pytest.raises(DataFormatError, match="Unknown grades"):
        segment.ordering_classes(d.assign(credit="AAA"), loyalty_cut=50)


def test_ordering_on_b2b_tables_and_development_order():
    b = make_b2b_customers()
    b = b.assign(loyalty_index=segment.loyalty_index(b))
    oc = segment.ordering_classes(b)
    for kind, n in (("size", 4), ("credit", 4), ("all", 8)):
        t = segment.ordering_table(oc, kind)
        assert len(t) == n and t["customers"].sum() == len(b)
    dev = segment.development_order(b, oc)
    assert dev["order_rank"].is_monotonic_increasing
    first = dev[dev["order_rank"] == dev["order_rank"].iloc[0]]
    assert first["loyalty_index"].is_monotonic_decreasing
    # medium-sized customers count as large; fair credit as low
    row = b[(b["size"] == "medium") & (b["credit"] == "fair")].index[0]
    assert bool(oc.loc[row, "large"]) and not bool(oc.loc[row, "high_credit"])


def test_classify_customer_agrees_with_batch_ordering():
    ref = make_b2b_customers(100)
    new = ref.iloc[5].to_dict()
    res = segment.classify_customer(new, ref)
    assert 1 <= res["order_rank"] <= 8
    # a clearly loyal, large, best-credit customer is class 1; the opposite is class 8
    best = new | {"size": "large", "credit": "best", "repeat_purchases": 1e3, "cross_purchases": 1e3,
                  "price_sensitivity": -1, "quality_tolerance": 2, "choice_time": -1, "referrals": 1e3}
    worst = new | {"size": "sporadic", "credit": "poor", "repeat_purchases": -1, "cross_purchases": -1,
                   "price_sensitivity": 2, "quality_tolerance": -1, "choice_time": 1e3, "referrals": -1}
    assert segment.classify_customer(best, ref)["order_rank"] == 1
    assert segment.classify_customer(worst, ref)["order_rank"] == 8
    assert segment.classify_customer(best, ref)["loyalty_index"] == pytest.approx(100.0)


def test_credit_and_size_levels_have_one_definition():
    from crmlib.widgets import ordering_form

    assert segment.CREDIT_LEVELS == ("best", "good", "fair", "poor")
    assert segment.SIZE_LEVELS == ("large", "medium", "small", "sporadic")
    d = pd.DataFrame({"loyalty_index": [80] * 4, "credit": list(segment.CREDIT_LEVELS),
                      "size": list(segment.SIZE_LEVELS)})
    # the first two grades are "high credit" / "large" (seed 001)
    assert segment.ordering_classes(d, loyalty_cut=50)["order_rank"].tolist() == [1, 1, 7, 7]
    ref = make_b2b_customers(100)
    assert set(ref["credit"]) <= set(segment.CREDIT_LEVELS) and set(ref["size"]) <= set(segment.SIZE_LEVELS)
    f = ordering_form(ref)
    assert list(f.children[6].options) == list(segment.CREDIT_LEVELS)
    assert list(f.children[7].options) == list(segment.SIZE_LEVELS)
