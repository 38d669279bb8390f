"""Tests for crmlib.io's cleaning report (crmlib/io/_report.py): rendering, row numbers, the report always balances."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crmlib
from crmlib.io import REASONS, load_transactions


def test_report_renders_as_text_and_html(corpus):
    tx, report = load_transactions(corpus["online_retail_returns_net"], dayfirst=False)
    text = str(report)
    assert "Rows read: 11   kept: 4   removed: 7" in text
    assert "return_netted" in text and REASONS["unmatched_return"] in text
    page = report._repr_html_()
    assert page.count("<tr>") == 2 + len(report.removed) + 1  # header, read, reasons, kept
    assert "C536401" in page  # the unmatched refund appears as an example
    frame = report.to_frame()
    assert frame["rows"].sum() == report.rows_removed == 7


# ---------------------------------------------------------------------------------------
# the report always balances
# ---------------------------------------------------------------------------------------

_cell_ids = st.one_of(st.none(), st.just(""), st.integers(1, 6).map(str), st.sampled_from(["合计", "A", "  "]))
_cell_dates = st.one_of(
    st.none(), st.just(""), st.sampled_from(["garbage", "2024-13-01", "1800-01-01", "2024年3月5日", "20240105"]),
    st.dates(pd.Timestamp("2020-01-01").date(), pd.Timestamp("2024-12-31").date()).map(str),
)
_cell_amounts = st.one_of(
    st.none(), st.just("n/a"), st.just("0"),
    st.floats(-50, 500, allow_nan=False).map(lambda x: f"{x:.2f}"),
)
_cell_orders = st.one_of(st.none(), st.sampled_from(["o1", "o2", "C9", "o3"]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_cell_ids, _cell_orders, _cell_dates, _cell_amounts), min_size=1, max_size=40),
       st.sampled_from(["net", "drop", "keep"]), st.booleans(), st.booleans())
def test_report_always_balances(rows, returns, keep_zero, with_orders):
    raw = pd.DataFrame(rows, columns=["customer_id", "order_id", "date", "amount"], dtype=object)
    if not with_orders:
        raw = raw.drop(columns="order_id")
    try:
        tx, report = load_transactions(raw, returns=returns, keep_zero=keep_zero)
    except crmlib.DataFormatError as exc:
        # only whole-column problems may raise: most dates or amounts unreadable, or no rows
        # or cleaning removed every row (then the message names the rule)
        assert any(s in str(exc) for s in ("not dates", "not numbers", "no data rows", "removed every row")), str(exc)
        return
    # every removal is under a known reason, counted, and shown with example rows as read
    for reason, removed in report.removed.items():
        assert reason in REASONS and removed.reason == reason, reason
        assert 1 <= len(removed.examples) <= removed.count, (reason, removed.count)
    # and no customer appears that was not in the input
    assert set(tx["customer_id"].astype(str)) <= {str(v).strip() for v in raw["customer_id"].dropna()}
    assert report.rows_in == len(raw)
    assert report.rows_in == report.rows_out + sum(report.counts().values())
    assert len(tx) == report.rows_out
    assert tx["customer_id"].notna().all() and tx["date"].notna().all() and np.isfinite(tx["amount"]).all()
    if returns != "keep":
        assert (tx["amount"] >= 0).all()
    if not keep_zero:
        assert (tx["amount"] != 0).all()


def test_row_numbers_follow_one_convention(tmp_path):
    raw = pd.DataFrame({"customer_id": ["A", "B", "C"], "date": ["2024-01-01", "2024-01-02", "2024-01-03"],
                        "amount": [1.0, -2.0, 3.0]})
    with pytest.raises(crmlib.DataFormatError, match=r"e\.g\. row 2: "):  # the first data row is row 1
        load_transactions(raw, returns="error")
    raw.to_parquet(tmp_path / "r.parquet")
    with pytest.raises(crmlib.DataFormatError, match=r"e\.g\. row 2: "):
        load_transactions(tmp_path / "r.parquet", returns="error")
    raw.to_csv(tmp_path / "r.csv", index=False)  # header on line 1: the return is on line 3
    with pytest.raises(crmlib.DataFormatError, match=r"e\.g\. line 3: "):
        load_transactions(tmp_path / "r.csv", returns="error")
    _, report = load_transactions(raw)
    assert "row 2: " in report._repr_html_()
