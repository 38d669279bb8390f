"""Tests for the netting of returns (crmlib/io/_netting.py): FIFO against earlier purchases, excess carried."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crmlib
from crmlib.io import load_transactions


# ---------------------------------------------------------------------------------------
# netting returns against several purchase lines (issue 12, item 6)
# ---------------------------------------------------------------------------------------


def test_a_return_covering_two_purchase_lines_uses_both_up():
    raw = pd.DataFrame({"customer_id": ["c1", "c1", "c1", "c2"], "product": ["mug", "mug", "mug", "mug"],
                        "date": ["2024-01-01", "2024-01-05", "2024-01-09", "2024-01-02"],
                        "quantity": [12, 4, -16, 2], "unit_price": [15.0, 15.0, 15.0, 15.0]})
    tx, report = load_transactions(raw)
    # 12x15 + 4x15 bought, 16x15 returned: nothing of c1 is left (not 180 kept, 240 taken off the 60 line)
    assert tx["customer_id"].tolist() == ["c2"] and tx["amount"].tolist() == [30.0]
    assert report.counts() == {"return_netted": 1, "fully_returned": 2}
    assert report.returns_netted == 240.0 and report.returns_unmatched == 0.0


def test_return_excess_is_carried_then_reported_unmatched():
    raw = pd.DataFrame({"customer_id": ["c1"] * 4, "product": ["mug", "mug", "pen", "mug"],
                        "date": ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"],
                        "amount": [100.0, 50.0, 40.0, -170.0]})
    tx, report = load_transactions(raw)
    # FIFO on the mug lines (100 then 50), the remaining 20 against the pen line, nothing unmatched
    assert tx["amount"].tolist() == [20.0] and report.returns_netted == 170.0
    raw.loc[3, "amount"] = -250.0
    with pytest.raises(crmlib.DataFormatError, match="removed every row"):
        load_transactions(raw)  # every purchase is used up
    raw.loc[4] = ["c1", "cup", "2024-01-05", 30.0]
    tx, report = load_transactions(raw)
    assert tx["amount"].tolist() == [30.0]  # the excess is not netted against a later purchase
    assert report.returns_netted == 190.0 and report.returns_unmatched == 60.0
    assert "60.00" in str(report)


def _reference_netting(rows: list[tuple], by_product: bool) -> tuple[dict, float, float]:
    """Sequential FIFO netting written as a plain loop: the rule of crmlib.io.net_returns."""
    buys = [dict(seq=i, cust=c, product=p, date=d, left=float(a)) for i, (c, p, d, a) in enumerate(rows) if a > 0]
    rets = [dict(seq=i, cust=c, product=p, date=d, left=float(-a)) for i, (c, p, d, a) in enumerate(rows) if a < 0]
    rets.sort(key=lambda r: (r["date"], r["seq"]))
    total_matched = 0.0
    for same_product in ([True, False] if by_product else [False]):
        for r in rets:
            earlier = sorted((b for b in buys if b["cust"] == r["cust"] and b["date"] <= r["date"]
                              and (not same_product or b["product"] == r["product"])),
                             key=lambda b: (b["date"], b["seq"]))
            for b in earlier:
                take = min(b["left"], r["left"])
                b["left"] -= take
                r["left"] -= take
                total_matched += take
    left = {b["seq"]: b["left"] for b in buys if b["left"] > 0}
    return left, total_matched, sum(r["left"] for r in rets)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["p", "q"]), st.integers(1, 6),
                          st.integers(-60, 60).filter(lambda x: x != 0)), min_size=1, max_size=30),
       st.booleans())
def test_netting_matches_a_sequential_fifo_loop_and_balances_exactly(rows, by_product):
    raw = pd.DataFrame(rows, columns=["customer_id", "product", "day", "amount"])
    raw["date"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(raw.pop("day"), unit="D")
    if not by_product:
        raw = raw.drop(columns="product")
    try:
        tx, report = load_transactions(raw.astype({"amount": float}))
    except crmlib.DataFormatError as exc:  # every purchase was returned
        assert "removed every row" in str(exc)
        left, _, _ = _reference_netting([(c, p, d, a) for c, p, d, a in rows], by_product)
        assert not left
        return
    ref_rows = [(r.customer_id, getattr(r, "product", None), r.date, r.amount) for r in raw.itertuples()]
    left, matched, unmatched = _reference_netting(ref_rows, by_product)
    purchases = raw.loc[raw["amount"] > 0, "amount"].sum()
    returns = -raw.loc[raw["amount"] < 0, "amount"].sum()
    # whole-number amounts: the invariant holds exactly, not just approximately
    assert tx["amount"].sum() == purchases - report.returns_netted
    assert report.returns_netted == matched and report.returns_unmatched == unmatched
    assert report.returns_netted + report.returns_unmatched == returns
    assert sorted(tx["amount"].tolist()) == sorted(left.values())
    assert report.is_balanced
