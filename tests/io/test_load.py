"""Tests for crmlib.io.load_transactions (crmlib/io/_load.py): the malformed-input corpus, the options, the errors."""
from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

import crmlib
from crmlib.io import REASONS, load_transactions

from tests.malformed_corpus import CASES


def test_corpus_is_large_enough():
    assert len(CASES) >= 25
    assert len({c.name for c in CASES}) == len(CASES)
    assert len({c.filename for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case(corpus, case):
    path = corpus[case.name]
    if case.error:
        with pytest.raises(crmlib.DataFormatError) as info:
            load_transactions(path, **case.kwargs)
        message = str(info.value)
        for fragment in case.error:
            assert fragment in message, (fragment, message)
        # the file comes first, so a batch run's traceback says which file to fix
        assert message.startswith(f"{case.filename}: "), message
        return
    tx, report = load_transactions(path, **case.kwargs)
    assert report.rows_in == case.rows_in, str(report)
    assert report.rows_out == case.rows_out == len(tx), str(report)
    assert report.counts() == case.removed, str(report)
    assert report.rows_in == report.rows_out + report.rows_removed
    assert {"customer_id", "date", "amount"} <= set(tx.columns)
    assert pd.api.types.is_datetime64_dtype(tx["date"]) and tx["amount"].dtype == np.float64
    assert tx.index.equals(pd.RangeIndex(len(tx)))
    for reason, removed in report.removed.items():
        assert removed.explanation == REASONS[reason]
        assert 1 <= len(removed.examples) <= min(3, removed.count)
    if case.check is not None:
        case.check(tx, report)


def test_keep_zero_false_removes_zero_amounts():
    raw = pd.DataFrame({"customer_id": [1, 2, 3], "date": ["2024-01-01"] * 3, "amount": [0.0, 5.0, 0.0]})
    tx, report = load_transactions(raw, keep_zero=False)
    assert report.counts() == {"zero_amount": 2} and tx["customer_id"].tolist() == [2]
    tx, report = load_transactions(raw)
    assert len(tx) == 3 and any("zero-amount" in n for n in report.notes)


def test_duplicates_keep_option(corpus):
    tx, report = load_transactions(corpus["duplicate_order_lines"], duplicates="keep")
    assert len(tx) == 6 and report.counts() == {}
    assert any("repeated order lines kept" in n for n in report.notes)


def test_dataframe_input_is_not_mutated():
    raw = pd.DataFrame({"CustomerID": ["1", None], "InvoiceDate": ["2024-01-01", "2024-01-02"], "Sales": ["5", "6"]})
    before = raw.copy()
    tx, _ = load_transactions(raw)
    pd.testing.assert_frame_equal(raw, before)
    assert tx["customer_id"].tolist() == [1]


def test_bad_options():
    raw = pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"], "amount": [1.0]})
    with pytest.raises(crmlib.CRMLibError, match="returns='x'"):
        load_transactions(raw, returns="x")
    with pytest.raises(crmlib.CRMLibError, match="unknown key 'customer'"):
        load_transactions(raw, columns={"customer": "customer_id"})
    with pytest.raises(crmlib.DataFormatError, match="no such file"):
        load_transactions("/nonexistent/sales.csv")


def test_a_folder_on_the_pandas_route_says_to_use_an_engine(tmp_path):
    with pytest.raises(crmlib.DataFormatError, match=r"a folder, not a file.*engine='duckdb'"):
        load_transactions(tmp_path)


def test_cdnow_master_loads_completely():
    from crmlib.datasets import data_path, load_cdnow_master

    tx, report = load_transactions(data_path("cdnow_master"))
    assert report.rows_in == report.rows_out == 69659
    assert report.columns == {"customer_id": "customer_id", "date": "date", "amount": "dollar_value",
                              "quantity": "number_of_cds"}
    ref = load_cdnow_master()
    assert (tx["customer_id"].to_numpy() == ref["customer_id"].to_numpy()).all()
    assert (tx["date"].to_numpy() == ref["date"].to_numpy()).all()
    assert np.array_equal(tx["amount"].to_numpy(), ref["amount"].to_numpy())
    # 255 identical repeat rows are genuine purchases (no order id): counted, never removed
    assert report.suspected_duplicates == int(ref.duplicated().sum())


def test_cancelled_orders_are_removed_or_reported():
    raw = pd.DataFrame({"customer_id": [1, 1, 2], "order_id": ["o1", "o2", "o3"],
                        "date": ["2024-01-01", "2024-01-02", "2024-01-03"], "amount": [10.0, 20.0, 30.0],
                        "status": ["paid", "已取消", "cancelled"]})
    tx, report = load_transactions(raw)
    assert report.counts() == {"cancelled_order": 2} and tx["amount"].tolist() == [10.0]
    tx, report = load_transactions(raw, returns="keep")
    assert len(tx) == 3 and report.counts() == {}
    assert any("2 lines with a cancelled status kept" in n for n in report.notes)


# ---------------------------------------------------------------------------------------
# cleaning that removes every row says which rule did it (issue 12, item 7)
# ---------------------------------------------------------------------------------------


def test_all_amounts_missing_names_the_rule_the_column_and_a_row(tmp_path):
    f = tmp_path / "na.csv"
    f.write_text("Customer ID,Order Date,Sales\nA,2024-01-01,N/A\nB,2024-01-02,N/A\n", encoding="utf-8")
    with pytest.raises(crmlib.DataFormatError) as info:
        load_transactions(f)
    message = str(info.value)
    assert message.startswith("na.csv: cleaning removed every row")
    assert "'invalid_amount'" in message and "column 'Sales'" in message and "line 2:" in message
    assert "'N/A'" in message


def test_all_dates_in_the_future_names_the_rule_and_the_fix(tmp_path):
    f = tmp_path / "future.csv"
    f.write_text("Customer ID,Order Date,Sales\nA,2999-01-01,10\nB,2999-01-02,12\n", encoding="utf-8")
    with pytest.raises(crmlib.DataFormatError) as info:
        load_transactions(f)
    message = str(info.value)
    assert "'out_of_range_date'" in message and "column 'Order Date'" in message
    assert "'2999-01-01'" in message and "date_range" in message


def test_rows_after_observation_end_are_counted(tmp_path):
    f = tmp_path / "obs.csv"
    f.write_text("Customer ID,Order Date,Amount\nA,2024-01-01,10\nA,2024-01-31 18:00,5\nB,2024-02-01,7\n"
                 "B,2024-02-09,-7\n", encoding="utf-8")
    tx, report = load_transactions(f, observation_end="2024-01-31")
    assert tx["amount"].tolist() == [10.0, 5.0]  # the end day is included
    assert report.counts() == {"after_observation_end": 2} and report.is_balanced
    assert report.removed["after_observation_end"].examples.index.tolist() == [4, 5]


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_an_engine_that_is_not_installed_is_named_with_the_install_line(monkeypatch, tmp_path, engine):
    # without the package the Parquet reader's ImportError used to read as a broken file:
    # "orders.parquet: cannot read it as Parquet (No module named 'duckdb')"
    path = tmp_path / "orders.parquet"
    pd.DataFrame({"customer_id": ["A"], "date": pd.to_datetime(["2024-01-01"]), "amount": [1.0]}).to_parquet(path)
    monkeypatch.setitem(sys.modules, engine, None)  # import fails as if not installed
    with pytest.raises(crmlib.CRMLibError, match=rf"engine='{engine}' needs the {engine} package.*crmlib\[fast\]"):
        load_transactions(path, engine=engine)
