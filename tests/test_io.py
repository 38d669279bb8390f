"""Tests for crmlib.io.load_transactions: the malformed-input corpus, the report, properties."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crmlib
from crmlib.io import REASONS, CleaningReport, load_transactions

from malformed_corpus import CASES, build


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    return build(tmp_path_factory.mktemp("corpus"))


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


def test_report_examples_carry_file_line_numbers(corpus):
    _, report = load_transactions(corpus["a_few_bad_dates"])
    # header on line 1: 'tomorrow' is on line 4, '2024-02-30' on line 3, the blank date on line 5
    assert report.removed["unparseable_date"].examples.index.tolist() == [3, 4]
    assert report.removed["missing_date"].examples.index.tolist() == [5]


def test_explicit_mapping_wins(corpus):
    # the file has both 'Invoice' and 'Customer ID'; map the customer to the invoice on purpose
    tx, report = load_transactions(corpus["utf8_bom_english"], columns={"customer_id": "Invoice", "order_id": None})
    assert report.columns["customer_id"] == "Invoice"
    assert "order_id" not in tx
    assert tx["customer_id"].tolist() == [1001, 1002, 1003, 1004]


def test_output_satisfies_the_pandera_schema(corpus):
    import pandera.errors

    from crmlib.io import transaction_schema

    tx, _ = load_transactions(corpus["online_retail_returns_net"], dayfirst=False)
    transaction_schema().validate(tx)
    invalid = (pandera.errors.SchemaError, pandera.errors.SchemaErrors)
    with pytest.raises(invalid, match="amount must be finite"):
        transaction_schema().validate(tx.assign(amount=np.inf))
    with pytest.raises(invalid, match="column 'extra' not in DataFrameSchema"):
        transaction_schema().validate(tx.assign(extra=1))


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


def test_generated_messy_gbk_file_balances(tmp_path):
    from crmlib.datasets import make_transactions

    clean = make_transactions(n_customers=300, seed=7, language="zh")
    messy = make_transactions(n_customers=300, seed=7, language="zh", mess=True)
    path = tmp_path / "销售.csv"
    messy.to_csv(path, index=False, encoding="gb18030")
    tx, report = load_transactions(path)
    assert report.encoding == "gb18030"
    assert report.rows_in == len(messy) and report.is_balanced
    truth = messy.attrs["mess"]
    assert report.counts().get("missing_customer_id", 0) == truth["missing_customer_id"]
    assert report.counts().get("duplicate_line", 0) == truth["duplicates"]
    assert report.counts().get("return_netted", 0) + report.counts().get("unmatched_return", 0) == truth["returns"]
    # netting returns the clean total minus the returned value
    assert tx["amount"].sum() == pytest.approx(
        clean["实付金额"].sum() - truth["missing_customer_id_amount"] - report.returns_netted, rel=1e-9)


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
        assert any(s in str(exc) for s in ("not dates", "not numbers", "no data rows")), str(exc)
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


def test_cancelled_orders_are_removed_or_reported():
    raw = pd.DataFrame({"customer_id": [1, 1, 2], "order_id": ["o1", "o2", "o3"],
                        "date": ["2024-01-01", "2024-01-02", "2024-01-03"], "amount": [10.0, 20.0, 30.0],
                        "status": ["paid", "已取消", "cancelled"]})
    tx, report = load_transactions(raw)
    assert report.counts() == {"cancelled_order": 2} and tx["amount"].tolist() == [10.0]
    tx, report = load_transactions(raw, returns="keep")
    assert len(tx) == 3 and report.counts() == {}
    assert any("2 lines with a cancelled status kept" in n for n in report.notes)
