"""Tests for crmlib.io.load_transactions: the malformed-input corpus, the report, properties."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crmlib
from crmlib.io import REASONS, CleaningReport, load_transactions

from tests.malformed_corpus import CASES, build


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


# ---------------------------------------------------------------------------------------
# decimal commas and other thousands separators (issue 12, item 11)
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("cells, expected", [
    (["1.015,00", "12,50", "3,00"], [1015.0, 12.5, 3.0]),                 # German/Dutch
    (["1 015,00", "12,50", "2 000 000,75"], [1015.0, 12.5, 2000000.75]),  # French, with spaces
    (["1\u202f015,00", "12,5", "7"], [1015.0, 12.5, 7.0]),                # narrow no-break space
    (["1'015.00", "12.50", "1'000'000.25"], [1015.0, 12.5, 1000000.25]),  # Swiss
    (["1,015.00", "12.50", "3"], [1015.0, 12.5, 3.0]),                    # English
])
def test_number_spellings_are_detected(tmp_path, cells, expected):
    f = tmp_path / "eu.csv"
    rows = "".join(f"C{i};2024-01-0{i + 1};\"{c}\"\n" for i, c in enumerate(cells))
    f.write_text("Customer ID;Order Date;Amount\n" + rows, encoding="utf-8")
    tx, report = load_transactions(f)
    assert tx["amount"].tolist() == expected
    assert report.counts() == {}


def test_decimal_option_and_mixed_marks(tmp_path):
    f = tmp_path / "mixed.csv"
    f.write_text("Customer ID;Order Date;Amount\nA;2024-01-01;12,50\nB;2024-01-02;7.25\n", encoding="utf-8")
    with pytest.raises(crmlib.DataFormatError) as info:
        load_transactions(f)
    assert "column 'Amount'" in str(info.value) and "'12,50'" in str(info.value) and "decimal=','" in str(info.value)
    tx, report = load_transactions(f, decimal=",")
    # 7.25 read with a decimal comma is 725: the user chose the reading, and the row is kept as written
    assert tx["amount"].tolist() == [12.5, 725.0]
    f.write_text("Customer ID;Order Date;Amount\nA;2024-01-01;1.015\nB;2024-01-02;2.500\n", encoding="utf-8")
    assert load_transactions(f, decimal=",")[0]["amount"].tolist() == [1015.0, 2500.0]
    assert load_transactions(f)[0]["amount"].tolist() == [1.015, 2.5]  # undecidable: decimal point
    with pytest.raises(crmlib.CRMLibError, match="decimal=';'"):
        load_transactions(f, decimal=";")


def test_rows_after_observation_end_are_counted(tmp_path):
    f = tmp_path / "obs.csv"
    f.write_text("Customer ID,Order Date,Amount\nA,2024-01-01,10\nA,2024-01-31 18:00,5\nB,2024-02-01,7\n"
                 "B,2024-02-09,-7\n", encoding="utf-8")
    tx, report = load_transactions(f, observation_end="2024-01-31")
    assert tx["amount"].tolist() == [10.0, 5.0]  # the end day is included
    assert report.counts() == {"after_observation_end": 2} and report.is_balanced
    assert report.removed["after_observation_end"].examples.index.tolist() == [4, 5]


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
