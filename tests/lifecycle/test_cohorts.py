"""Tests of ``crmlib.lifecycle._cohorts`` (split from the old test_lifecycle.py).

Lifecycle: sBG reproduces Fader & Hardie (2007); KM by hand; cohorts; stages; churn economics."""

import numpy as np
import pandas as pd
import pytest

from crmlib import CRMLibError
from crmlib.lifecycle import classify_stages, cohort_retention
from tests._helpers.lifecycle import _four_purchases


def test_cohort_retention_counts_rates_revenue():
    tx = pd.DataFrame({
        "customer_id": [1, 1, 1, 2, 3, 3, 4],
        "date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-03-02", "2024-01-20", "2024-02-03", "2024-03-09",
                                "2024-03-15"]),
        "amount": [10.0, 20.0, 5.0, 30.0, 8.0, 4.0, 2.0],
    })
    # the log ends on 15 March: keep March as if it were complete to test the counting itself
    counts = cohort_retention(tx, kind="count", incomplete="keep")
    assert counts.columns.tolist() == ["customers", 0, 1, 2]
    assert counts.loc[pd.Period("2024-01", "M"), [0, 1, 2]].tolist() == [2, 1, 1]
    assert np.isnan(counts.loc[pd.Period("2024-02", "M"), 2])
    rates = cohort_retention(tx, incomplete="keep")
    assert rates[0].eq(1).all()
    assert rates.loc[pd.Period("2024-01", "M"), 1] == 0.5
    rev = cohort_retention(tx, amount="amount", kind="revenue", incomplete="keep")
    assert rev.loc[pd.Period("2024-01", "M"), 1] == pytest.approx(20 / 40)
    assert rev.loc[pd.Period("2024-02", "M"), 1] == pytest.approx(4 / 8)
    assert counts["customers"].tolist() == [2, 1, 1]
    with pytest.raises(CRMLibError):
        cohort_retention(tx, kind="revenue")


def _monthly_log(end: str) -> pd.DataFrame:
    """10 customers acquired in January 2024, each buying again on the 5th of every month up to *end*."""
    rows = [(c, pd.Timestamp("2024-01-05")) for c in range(10)]
    for month in pd.date_range("2024-02-01", end, freq="MS") + pd.Timedelta(days=4):
        if month <= pd.Timestamp(end):
            rows += [(c, month) for c in range(10)]
    return pd.DataFrame(rows, columns=["customer_id", "date"])


def test_a_log_ending_on_the_9th_leaves_that_month_out():
    from crmlib.lifecycle import cohort_retention, incomplete_period_note

    # everyone buys every month: retention is 100 % in every complete month
    tx = _monthly_log("2024-04-09")
    tx.loc[len(tx)] = [99, pd.Timestamp("2024-04-09")]  # a customer acquired in the incomplete month
    table = cohort_retention(tx, "M", incomplete="drop")
    assert table.index.astype(str).tolist() == ["2024-01", "2024-04"]
    assert table.columns.tolist() == ["customers", 0, 1, 2, 3]
    assert table.loc[table.index[0], [0, 1, 2]].tolist() == [1.0, 1.0, 1.0] and np.isnan(table.loc[table.index[0], 3])
    # the April cohort keeps its row and acquisition cell, so every customer is counted
    assert table.loc[table.index[1], 0] == 1.0 and table["customers"].tolist() == [10, 1]
    with pytest.warns(UserWarning, match="inside the period 2024-04"):  # the default keeps April and says so
        kept = cohort_retention(tx, "M")
    assert kept.loc[pd.Period("2024-01", "M"), 3] == 1.0 and len(kept) == 2
    note = incomplete_period_note(tx["date"].max(), "M")
    assert note.startswith("The data end on 2024-04-09, 9 days into the period 2024-04 (of 30 days)")
    assert "last full period is 2024-03" in note
    # a log observed to the last day of a month loses nothing
    full = cohort_retention(_monthly_log("2024-04-30"), "M", observation_end="2024-04-30", incomplete="drop")
    assert full.loc[pd.Period("2024-01", "M"), [0, 1, 2, 3]].tolist() == [1.0, 1.0, 1.0, 1.0]
    assert incomplete_period_note("2024-04-30", "M") == ""


def test_observation_end_cuts_the_log_and_decides_completeness():
    from crmlib.lifecycle import cohort_retention

    tx = _monthly_log("2024-06-30")
    table = cohort_retention(tx, "M", observation_end="2024-03-31", incomplete="drop")
    assert table.columns.tolist() == ["customers", 0, 1, 2] and table.iloc[0].tolist() == [10, 1.0, 1.0, 1.0]
    table = cohort_retention(tx, "M", observation_end="2024-03-20", incomplete="drop")
    assert table.columns.tolist() == ["customers", 0, 1, 2] and np.isnan(table.loc[table.index[0], 2])


def test_cohort_table_of_a_two_customer_file():
    from crmlib.lifecycle import cohort_retention
    from crmlib.report import write_workbook

    tx = pd.DataFrame({"customer_id": ["a", "b"], "date": pd.to_datetime(["2024-01-31", "2024-01-31"])})
    table = cohort_retention(tx, "M", incomplete="drop")
    assert table.to_numpy().tolist() == [[2, 1.0]] and table["customers"].tolist() == [2]
    # a 2-row file ending on the 9th: the only cohort is acquired in the incomplete month
    table = cohort_retention(tx.assign(date=pd.to_datetime(["2024-01-03", "2024-01-09"])), "M", incomplete="drop")
    assert table.to_numpy().tolist() == [[2, 1.0]]


def test_cohort_retention_one_counting_for_pandas_and_engines():
    # weeks run Monday to Sunday: Sunday 7 and Monday 8 January 2024 are two weeks, so customer 1
    # is active at age 0 and age 1 of the week-of-1-January cohort {1, 2}; dates given as text
    tx = pd.DataFrame({"customer_id": [1, 1, 2], "date": ["2024-01-07", "2024-01-08", "2024-01-01"]})
    counts = cohort_retention(tx, "W", kind="count", incomplete="keep")
    assert counts.index.astype(str).tolist() == ["2024-01-01/2024-01-07"]
    assert counts.to_numpy().tolist() == [[2, 2, 1]]
    pl = pytest.importorskip("polars")
    got = cohort_retention(pl.from_pandas(tx.assign(date=pd.to_datetime(tx["date"]))), "W", kind="count",
                           incomplete="keep")
    pd.testing.assert_frame_equal(got, counts)
    with pytest.raises(CRMLibError, match=r"period='2M': use 'M' \(months\)"):
        cohort_retention(tx, "2M")


def test_one_column_check_for_pandas_and_engine_logs():
    from crmlib import DataFormatError

    bad = _four_purchases().rename(columns={"date": "when"})
    logs = [bad]
    try:
        import polars as pl
        logs.append(pl.from_pandas(bad))
    except ImportError:
        pass
    for log in logs:
        for call in (lambda t: classify_stages(t), lambda t: cohort_retention(t)):
            with pytest.raises(DataFormatError, match=r"no column 'date' \(columns: customer_id, when\)\. Pass customer_id=/date="):
                call(log)
    with pytest.raises(DataFormatError, match="no column 'revenue'"):
        cohort_retention(_four_purchases(), kind="amount", amount="revenue")


def test_pooled_retention_weights_cohorts_by_size():
    from crmlib.lifecycle import pooled_retention

    # cohort A: 10 customers, 5 back at age 1, 2 at age 2; cohort B: 30 customers, 6 back at age 1, too young for 2
    rates = pd.DataFrame({0: [1.0, 1.0], 1: [0.5, 0.2], 2: [0.2, np.nan]}, index=["2024-01", "2024-02"])
    curve = pooled_retention(rates, pd.Series([10, 30]))
    assert curve["cohorts"].tolist() == [2, 2, 1]
    assert curve["customers_observable"].tolist() == [40, 40, 10]
    assert curve["customers_buying"].tolist() == [40, 11, 2]
    assert curve["retention"].tolist() == pytest.approx([1.0, 11 / 40, 0.2])
    assert curve.loc[1, "retention"] != pytest.approx(rates[1].mean())  # not the unweighted mean (0.35)
    with pytest.raises(CRMLibError, match="one size per row"):
        pooled_retention(rates, [10])
