"""Tests for crmlib.io's readers (crmlib/io/_read.py): file line numbers, a GBK export with a title line."""
from __future__ import annotations

import pytest

from crmlib.io import load_transactions


def test_report_examples_carry_file_line_numbers(corpus):
    _, report = load_transactions(corpus["a_few_bad_dates"])
    # header on line 1: 'tomorrow' is on line 4, '2024-02-30' on line 3, the blank date on line 5
    assert report.removed["unparseable_date"].examples.index.tolist() == [3, 4]
    assert report.removed["missing_date"].examples.index.tolist() == [5]


def test_generated_messy_gbk_file_balances(tmp_path):
    from crmlib.datasets import make_transactions

    clean = make_transactions(n_customers=300, random_state=7, language="zh")
    messy, info = make_transactions(n_customers=300, random_state=7, language="zh", mess=True, return_info=True)
    path = tmp_path / "销售.csv"
    messy.to_csv(path, index=False, encoding="gb18030")
    tx, report = load_transactions(path)
    assert report.encoding == "gb18030"
    assert report.rows_in == len(messy) and report.is_balanced
    truth = info["mess"]
    assert report.counts().get("missing_customer_id", 0) == truth["missing_customer_id"]
    assert report.counts().get("duplicate_line", 0) == truth["duplicates"]
    assert report.counts().get("return_netted", 0) + report.counts().get("unmatched_return", 0) == truth["returns"]
    # netting returns the clean total minus the returned value
    assert tx["amount"].sum() == pytest.approx(
        clean["实付金额"].sum() - truth["missing_customer_id_amount"] - report.returns_netted, rel=1e-9)
