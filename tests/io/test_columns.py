"""Tests for crmlib.io's column mapping (crmlib/io/_columns.py): explicit mapping, derived and duplicate columns."""
from __future__ import annotations

import pytest

import crmlib
from crmlib.io import load_transactions


def test_explicit_mapping_wins(corpus):
    # the file has both 'Invoice' and 'Customer ID'; map the customer to the invoice on purpose
    tx, report = load_transactions(corpus["utf8_bom_english"], columns={"customer_id": "Invoice", "order_id": None})
    assert report.columns["customer_id"] == "Invoice"
    assert "order_id" not in tx
    assert tx["customer_id"].tolist() == [1001, 1002, 1003, 1004]


# ---------------------------------------------------------------------------------------
# column choice: exact names beat derived ones; ambiguity is an error (issue 12, item 10)
# ---------------------------------------------------------------------------------------


def test_margin_comes_from_profit_not_profit_bin(tmp_path):
    f = tmp_path / "superstore.csv"
    f.write_text("Customer ID,Order Date,Sales (USD),Profit (bin),Profit\n"
                 "A,2024-01-01,100,200,231.5\nB,2024-01-02,50,-200,-12.25\n", encoding="utf-8")
    tx, report = load_transactions(f)
    assert report.columns["margin"] == "Profit" and tx["margin"].tolist() == [231.5, -12.25]
    assert report.columns["amount"] == "Sales (USD)"  # a unit in brackets is the same column
    assert any("'Profit (bin)'" in n and "derived" in n for n in report.notes)


def test_two_amount_columns_are_an_error_naming_both_and_the_fix(tmp_path):
    f = tmp_path / "two.csv"
    f.write_text("Customer ID,Order Date,Amount,Amount\nA,2024-01-01,100,90\n", encoding="utf-8")
    with pytest.raises(crmlib.DataFormatError) as info:
        load_transactions(f)
    message = str(info.value)
    assert "two.csv" in message and "'Amount' and 'Amount.1'" in message
    assert "--columns amount=Amount" in message
    tx, _ = load_transactions(f, columns={"amount": "Amount.1"})
    assert tx["amount"].tolist() == [90.0]
