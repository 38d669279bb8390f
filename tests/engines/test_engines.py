"""The same numbers on every engine: pandas (the reference), Polars, DuckDB and Spark.

Equality tests, not smoke tests: each result of the Polars/DuckDB/Spark code path is compared
with the pandas path customer by customer (and with hand computations on small logs). Spark
runs in local mode through the session-scoped ``spark`` fixture (conftest.py), started once.
"""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pytest

from crmlib import DataFormatError
from crmlib.clv import BetaGeo, GammaGamma
from crmlib.datasets import load_cdnow_master, load_cdnow_sample
from crmlib.lifecycle import classify_stages, cohort_retention
from crmlib.segment import abc_classes, rfm_scores, rfm_segments
from crmlib.spark import from_pandas, is_spark, to_pandas
from crmlib.summary import customer_summary

SUMMARY_NUMBERS = ["frequency", "recency", "T", "monetary", "n_orders", "total", "tenure"]
STAGE_NUMBERS = ["purchase_days", "tenure", "gap", "ipt", "gap_ratio", "recent_rate", "earlier_rate", "trend"]


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    return load_cdnow_master()


@pytest.fixture(scope="module")
def cdnow_spark(spark, cdnow):
    sdf = from_pandas(spark, cdnow).cache()
    assert sdf.count() == len(cdnow) == 69_659
    return sdf


def _pandas(result) -> pd.DataFrame:
    """Any engine's table as pandas indexed by customer_id (for comparison only)."""
    if is_spark(result):
        out = to_pandas(result)
    elif isinstance(result, pl.LazyFrame):
        out = result.collect().to_pandas()
    elif isinstance(result, pl.DataFrame):
        out = result.to_pandas()
    elif isinstance(result, duckdb.DuckDBPyRelation):
        out = result.df()
    else:
        out = result
    return out.set_index("customer_id") if "customer_id" in out.columns else out


def _engines(tx: pd.DataFrame, con: duckdb.DuckDBPyConnection) -> dict:
    return {"polars": pl.from_pandas(tx).lazy(), "duckdb": con.from_df(tx)}


# --------------------------------------------------------------------------------------
# pandas <-> Spark crossings (pyspark warns that pandas >= 3 is "not yet fully supported")
# --------------------------------------------------------------------------------------

def test_pandas_spark_round_trip_keeps_types_and_values(spark):
    frame = pd.DataFrame({
        "customer_id": pd.Series(["A1", "客户2", None], dtype="str"),
        "n": [1, 2, 3],
        "amount": [1.5, np.nan, -2.25],
        "date": pd.Series([pd.Timestamp("2024-01-31 23:30"), pd.Timestamp("2024-02-29"),
                           pd.Timestamp("1999-12-31")]).astype("datetime64[ns]"),
        "day": pd.to_datetime(["2024-01-31", "2024-02-29", "1999-12-31"]).astype("datetime64[us]"),
    })
    sdf = from_pandas(spark, frame)
    types = dict(sdf.dtypes)
    assert types == {"customer_id": "string", "n": "bigint", "amount": "double", "date": "timestamp",
                     "day": "timestamp"}
    back = to_pandas(sdf)
    assert back["customer_id"].tolist()[:2] == ["A1", "客户2"] and pd.isna(back["customer_id"].iloc[2])
    assert back["n"].tolist() == [1, 2, 3]
    assert back["amount"].iloc[0] == 1.5 and np.isnan(back["amount"].iloc[1]) and back["amount"].iloc[2] == -2.25
    # no time-zone shift in either direction (the session runs in UTC)
    assert back["date"].tolist() == [pd.Timestamp("2024-01-31 23:30"), pd.Timestamp("2024-02-29"),
                                     pd.Timestamp("1999-12-31")]
    assert back["day"].dt.tz is None


def test_session_settings(spark):
    assert spark.conf.get("spark.sql.session.timeZone") == "UTC"
    assert spark.conf.get("spark.sql.execution.arrow.pyspark.enabled") == "true"
    assert spark.conf.get("spark.sql.shuffle.partitions") == "4"


# --------------------------------------------------------------------------------------
# customer summary
# --------------------------------------------------------------------------------------

def test_spark_summary_by_hand(spark):
    # the customer_summary docstring case: customer 1 buys twice on 1 Jan (one purchase day) and
    # on 8 Jan; customer 2 once on 3 Jan; observation ends 15 Jan
    tx = pd.DataFrame({"customer_id": [1, 1, 1, 2],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-08", "2024-01-03"]),
                       "amount": [10.0, 5.0, 30.0, 20.0]})
    out = customer_summary(from_pandas(spark, tx), observation_end="2024-01-15")
    assert is_spark(out)  # lazy: still a Spark DataFrame
    got = _pandas(out)
    assert got["frequency"].tolist() == [1, 0]
    assert got["recency"].tolist() == [7.0, 0.0]
    assert got["T"].tolist() == [14.0, 12.0]
    assert got["monetary"].tolist() == [30.0, 0.0]  # the repeat day's value, not the first day's 15
    assert got["total"].tolist() == [45.0, 20.0]
    assert got["tenure"].tolist() == [14, 12]


def test_spark_summary_equals_pandas_on_cdnow(cdnow, cdnow_spark):
    ref = customer_summary(cdnow)
    got = _pandas(customer_summary(cdnow_spark))
    assert got.index.tolist() == ref.index.tolist()  # the same 23,570 customers, same order
    assert len(got) == 23_570
    for col in SUMMARY_NUMBERS:
        np.testing.assert_allclose(got[col].to_numpy(float), ref[col].to_numpy(float), rtol=1e-12, atol=1e-9,
                                   err_msg=col)
    assert (got["first"].to_numpy() == ref["first"].to_numpy()).all()
    assert (got["last"].to_numpy() == ref["last"].to_numpy()).all()
    # weeks and an explicit end (the paper's 39-week calibration period)
    ref_w = customer_summary(cdnow, "1997-09-30", "W")
    got_w = _pandas(customer_summary(cdnow_spark, "1997-09-30", "W"))
    np.testing.assert_allclose(got_w[["frequency", "recency", "T"]].to_numpy(float),
                               ref_w[["frequency", "recency", "T"]].to_numpy(float), rtol=1e-12)


# --------------------------------------------------------------------------------------
# RFM scores and segments: identical on every engine, ties included
# --------------------------------------------------------------------------------------

def _hand_summary() -> pd.DataFrame:
    # rfm_scores' docstring case, with ids: R days = T - recency = 10, 100, 10, 10 (a three-way tie)
    return pd.DataFrame({"customer_id": [1, 2, 3, 4], "T": [100.0, 100.0, 50.0, 10.0],
                         "recency": [90.0, 0.0, 40.0, 0.0], "n_orders": [5, 1, 2, 1],
                         "total": [500.0, 20.0, 80.0, 35.0]})


def test_rfm_scores_by_hand_on_every_engine(spark):
    summary = _hand_summary()
    # by hand with 2 bins: R: the tie at 10 days (3 customers) cannot be split -> all 2, the
    # 100-day customer 1; F: 1,1 | 2,5; M: 20,35 | 80,500
    expected = {"R": [2, 1, 2, 2], "F": [2, 1, 2, 1], "M": [2, 1, 2, 1], "RFM": ["222", "111", "222", "211"]}
    ref = rfm_scores(summary.set_index("customer_id"), bins=2)
    assert {k: ref[k].tolist() for k in expected} == expected
    con = duckdb.connect()
    tables = {"polars": pl.from_pandas(summary), "duckdb": con.from_df(summary),
              "spark": from_pandas(spark, summary)}
    for engine, table in tables.items():
        got = _pandas(rfm_scores(table, bins=2))
        assert {k: got[k].tolist() for k in expected} == expected, engine


def test_rfm_scores_and_segments_identical_across_engines_on_cdnow(cdnow, cdnow_spark):
    con = duckdb.connect()
    summaries = {name: customer_summary(t) for name, t in _engines(cdnow, con).items()}
    # cached: each function below runs a few Spark jobs on the same summary (as a user should)
    summaries["spark"] = customer_summary(cdnow_spark).cache()
    ref_summary = customer_summary(cdnow)
    # CDNow is tie-heavy: half the customers bought once, so F has few distinct values
    assert (ref_summary["n_orders"] == 1).mean() > 0.45
    for method, scheme in (("quantile", "ten"), ("quantile", "cn8"), ("mean", "cn8")):
        ref = rfm_scores(ref_summary, method=method)
        ref_seg = rfm_segments(ref, scheme)
        for engine, summary in summaries.items():
            if engine == "spark" and scheme == "cn8" and method == "quantile":
                continue  # cn8 re-splits at the means: the ("mean", "cn8") case covers Spark
            scores = rfm_scores(summary, method=method)
            got = _pandas(scores)
            assert got.index.tolist() == ref.index.tolist(), engine
            for col in ("R", "F", "M", "RFM"):
                assert (got[col].to_numpy() == ref[col].to_numpy()).all(), (engine, method, col)
            seg = _pandas(rfm_segments(scores, scheme))
            assert (seg["segment"].to_numpy() == ref_seg.astype(str).to_numpy()).all(), (engine, scheme)
    # the scores use every level and keep ties together: equal F values always share a score
    assert sorted(ref["F"].unique()) == [1, 2]  # method="mean" scores are 1 or 2
    q = rfm_scores(ref_summary)
    assert q.groupby("frequency_value")["F"].nunique().max() == 1


def test_rfm_and_abc_run_the_plan_behind_a_lazy_summary_once():
    # a lazy summary is a plan: each collect re-runs it. rfm_scores needs a few small collects
    # (counts, means, value counts) before the scores; abc_classes one (total, minimum). The
    # per-customer values are materialised once, so the plan runs once per call, not per collect.
    runs = []

    def counted(s: pl.Series) -> pl.Series:
        runs.append(len(s))
        return s

    summary = pl.from_pandas(_hand_summary()).lazy().with_columns(
        pl.col("total").map_batches(counted, return_dtype=pl.Float64))
    scores = rfm_scores(summary, bins=2)
    assert isinstance(scores, pl.LazyFrame) and scores.collect()["RFM"].to_list() == ["222", "111", "222", "211"]
    assert len(runs) == 1, runs
    runs.clear()
    classes = abc_classes(summary, value="total").collect()
    assert classes["abc"].to_list() == ["A", "C", "A", "B"] and len(runs) == 1, runs  # 500, 80 | 35 | 20 of 635
    runs.clear()
    segments = rfm_segments(rfm_scores(summary, bins=5), "ten").collect()
    assert segments.height == 4 and len(runs) == 1, runs


def test_abc_classes_identical_across_engines(cdnow, cdnow_spark):
    ref = abc_classes(customer_summary(cdnow)["total"])
    con = duckdb.connect()
    tables = {name: customer_summary(t) for name, t in _engines(cdnow, con).items()}
    tables["spark"] = customer_summary(cdnow_spark).cache()
    for engine, table in tables.items():
        got = _pandas(abc_classes(table, value="total"))
        assert (got["abc"].to_numpy() == ref["abc"].astype(str).to_numpy()).all(), engine
        assert (got["rank"].to_numpy() == ref["rank"].to_numpy()).all(), engine
        np.testing.assert_allclose(got["cum_value"], ref["cum_value"], rtol=1e-9)
    # the classes are a Pareto split: class A carries (at least) 80 % of the value
    a_share = ref.loc[ref["abc"] == "A", "value"].sum() / ref["value"].sum()
    assert 0.8 <= a_share < 0.8 + ref["value"].max() / ref["value"].sum()


# --------------------------------------------------------------------------------------
# cohorts and lifecycle stages
# --------------------------------------------------------------------------------------

def test_cohort_retention_identical_across_engines(cdnow, cdnow_spark):
    con = duckdb.connect()
    tables = dict(_engines(cdnow, con), spark=cdnow_spark)
    for period, kind in (("M", "rate"), ("W", "count"), ("Q", "amount")):
        ref = cohort_retention(cdnow, period, kind=kind, amount="amount")
        for engine, table in tables.items():
            if engine == "spark" and period == "Q":
                continue  # one Spark case per period kind is enough for the CI budget
            got = cohort_retention(table, period, kind=kind, amount="amount")
            assert isinstance(got, pd.DataFrame)  # the small matrix is collected
            assert got.index.equals(ref.index) and list(got.columns) == list(ref.columns), (engine, period)
            np.testing.assert_allclose(got.to_numpy(float), ref.to_numpy(float), rtol=1e-12, equal_nan=True)
            assert got["customers"].tolist() == ref["customers"].tolist()
    # CDNow's customers were all acquired in the first quarter of 1997
    assert cohort_retention(cdnow, "M", kind="count")["customers"].sum() == 23_570


def test_cohort_retention_engines_respect_observation_end_and_incomplete_periods():
    # the log ends on 9 March: March is incomplete. Hand counts (customers active per cohort and age):
    # Jan cohort {1, 2}: 2 in Jan, customer 1 in Feb; Feb cohort {3}: 1 in Feb, 1 in March.
    tx = pd.DataFrame({"customer_id": [1, 1, 2, 3, 3],
                       "date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-01-20", "2024-02-03", "2024-03-09"])})
    con = duckdb.connect()
    for engine, table in _engines(tx, con).items():
        dropped = cohort_retention(table, kind="count", incomplete="drop")
        # March's cell of the February cohort is left out, as for pandas input
        assert dropped.fillna(-1).to_numpy().tolist() == [[2, 2, 1], [1, 1, -1]], engine
        with pytest.warns(UserWarning, match="inside the period 2024-03"):
            warned = cohort_retention(table, kind="count")
        assert warned.to_numpy().tolist() == [[2, 2, 1], [1, 1, 1]], engine
        # observation_end on 31 January: later rows are left out, January is complete (no warning)
        jan = cohort_retention(table, kind="count", observation_end="2024-01-31")
        assert jan.to_numpy().tolist() == [[2, 2]] and jan["customers"].tolist() == [2], engine
        for kwargs in ({"incomplete": "drop"}, {"observation_end": "2024-02-15", "incomplete": "keep"}):
            ref = cohort_retention(tx, kind="rate", **kwargs)
            got = cohort_retention(table, kind="rate", **kwargs)
            assert got.index.equals(ref.index) and list(got.columns) == list(ref.columns), (engine, kwargs)
            np.testing.assert_allclose(got.to_numpy(float), ref.to_numpy(float), equal_nan=True)
        with pytest.raises(Exception, match="observation_end=2023-12-31"):
            cohort_retention(table, kind="count", observation_end="2023-12-31")


def test_classify_stages_identical_across_engines(cdnow, cdnow_spark):
    con = duckdb.connect()
    tables = dict(_engines(cdnow, con), spark=cdnow_spark)
    for end in (None, "1997-12-31"):
        ref = classify_stages(cdnow, end)
        for engine, table in tables.items():
            out = classify_stages(table, end)
            got = _pandas(out)
            assert got.index.tolist() == ref.index.tolist()
            assert (got["stage"].to_numpy() == ref["stage"].astype(str).to_numpy()).all(), (engine, end)
            for col in STAGE_NUMBERS:
                np.testing.assert_allclose(got[col].to_numpy(float), ref[col].to_numpy(float), rtol=1e-12,
                                           equal_nan=True, err_msg=f"{engine} {col}")
    assert is_spark(classify_stages(cdnow_spark))


def test_classify_stages_by_hand_on_spark(spark):
    # the classify_stages docstring case: decline, identification, lapsed
    tx = pd.DataFrame({"customer_id": [1, 1, 1, 1, 2, 3, 3],
                       "date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-05-01", "2024-07-01",
                                               "2024-12-20", "2024-01-10", "2024-02-10"])})
    got = _pandas(classify_stages(from_pandas(spark, tx), "2024-12-31"))
    assert got["stage"].tolist() == ["decline", "identification", "lapsed"]
    # customer 1: 3 repeat days over 182 days -> ipt 60.67; gap 183 days
    assert got.loc[1, "gap"] == 183 and got.loc[1, "ipt"] == pytest.approx(182 / 3)


# --------------------------------------------------------------------------------------
# model fitting on collapsed counts
# --------------------------------------------------------------------------------------

def test_models_fit_on_collapsed_counts_from_every_engine(cdnow, cdnow_spark):
    ref_summary = customer_summary(cdnow, "1997-09-30", "W")
    bg = BetaGeo().fit(ref_summary)
    gg = GammaGamma().fit(ref_summary[ref_summary["monetary"] > 0])
    con = duckdb.connect()
    tables = dict(_engines(cdnow, con), spark=cdnow_spark)
    for engine, table in tables.items():
        summary = customer_summary(table, "1997-09-30", "W")
        bg2 = BetaGeo().fit(summary)
        np.testing.assert_allclose(bg2.params_.to_numpy(), bg.params_.to_numpy(), rtol=1e-6, err_msg=engine)
        assert bg2.n_customers_ == bg.n_customers_ == 23_570
        assert bg2.log_likelihood_ == pytest.approx(bg.log_likelihood_, rel=1e-9)
        import narwhals as nw

        positive = nw.from_native(summary).filter(nw.col("monetary") > 0).to_native()
        gg2 = GammaGamma().fit(positive)
        np.testing.assert_allclose(gg2.params_.to_numpy(), gg.params_.to_numpy(), rtol=1e-5, err_msg=engine)
    # the counts are small: distinct (x, t_x, T) rows, not customers
    assert bg.n_unique_ < 23_570 / 2


def test_bgnbd_on_an_engine_table_stops_with_the_same_messages_as_pandas():
    from crmlib import CRMLibError

    # three one-time buyers, two of them with the same (0, 0, 4) row: the message counts customers, not rows
    summary = pd.DataFrame({"frequency": [0, 0, 0], "recency": [0.0, 0.0, 0.0], "T": [4.0, 4.0, 1.0]})
    with pytest.raises(CRMLibError, match="none of the 3 customers bought more than once.*rfm template"):
        BetaGeo().fit(pl.from_pandas(summary))
    # a fit that runs off: the diagnosis is made from the collected rows, as for pandas input
    rng = np.random.default_rng(0)
    rows = [(c, pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(rng.integers(0, 60))), 10.0)
            for c in range(20) for _ in range(int(rng.integers(1, 3)))]
    ref = customer_summary(pd.DataFrame(rows, columns=["customer_id", "date", "amount"]))
    repeat = int((ref["frequency"] > 0).sum())
    con = duckdb.connect()
    for table in (pl.from_pandas(ref.reset_index()), con.from_df(ref.reset_index())):
        with pytest.raises(CRMLibError) as info:
            BetaGeo().fit(table)
        message = str(info.value)
        assert "cannot be estimated from these 20 customers" in message
        assert f"Too few repeat buyers: {repeat} of 20 customers" in message


def test_bgnbd_on_spark_reproduces_the_published_estimates(spark):
    # Fader, Hardie & Lee (2005), CDNOW sample, 39-week calibration: r, alpha, a, b
    tx = load_cdnow_sample()
    summary = customer_summary(from_pandas(spark, tx[["customer_id", "date", "amount"]]), "1997-09-30", "W")
    bg = BetaGeo().fit(summary)
    np.testing.assert_allclose(bg.params_.to_numpy(), [0.2426, 4.4136, 0.7929, 2.4259], atol=6e-5)
    assert bg.n_customers_ == 2357
    assert bg.log_likelihood_ == pytest.approx(-9582.43, abs=0.01)


# --------------------------------------------------------------------------------------
# one cleaning, every engine: the malformed-input corpus
# --------------------------------------------------------------------------------------

from tests.malformed_corpus import CASES, build  # noqa: E402

from crmlib.io import load_transactions  # noqa: E402

#: Spark runs a representative subset (every rule family, GBK + Chinese headers, Excel,
#: Parquet) to keep CI within its budget; Polars and DuckDB run every case.
SPARK_CASES = {
    "gbk_chinese_headers", "excel_title_row_and_sheet", "a_few_bad_dates", "out_of_range_dates",
    "online_retail_returns_net", "chinese_status_cancel_and_return", "duplicate_order_lines",
    "total_row_footer", "files_pasted_together", "parquet_typed_with_timezone", "amount_column_is_text",
    # Spark reads CSV itself; these fall back to the Python reader (blank lines, a line with an
    # extra field, a line break inside quotes) or test the encoding sniffed from the head
    "blank_lines", "unquoted_thousands_comma", "quoted_commas_and_newlines", "gb18030_rare_character",
    "taobao_closed_unpaid_and_excel_text_ids", "shopify_total_on_first_line_only",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("corpus"))


def _same_report(ref, rep) -> None:
    assert rep.rows_in == ref.rows_in and rep.rows_out == ref.rows_out
    assert rep.counts() == ref.counts()
    assert list(rep.counts()) == list(ref.counts())  # in the order the rules ran, as the report says
    # Spark's own CSV reader adds a note on how it read the file
    assert [n for n in rep.notes if "Spark" not in n] == ref.notes
    assert rep.is_balanced
    for reason, removed in ref.removed.items():
        got = rep.removed[reason].examples
        assert list(got.index) == list(removed.examples.index), reason  # the same example rows
        assert got.index.name == removed.examples.index.name  # "line" (text/Excel) or "row"
    assert rep.returns_netted == pytest.approx(ref.returns_netted, abs=1e-9)
    assert rep.returns_unmatched == pytest.approx(ref.returns_unmatched, abs=1e-9)
    assert rep.suspected_duplicates == ref.suspected_duplicates
    assert rep.date_formats == ref.date_formats
    assert rep.columns == ref.columns


@pytest.mark.parametrize("engine", ["polars", "duckdb", "spark"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_cleaning_report_equals_pandas_on_every_engine(corpus, case, engine, request):
    if engine == "spark":
        if case.name not in SPARK_CASES:
            pytest.skip("Polars and DuckDB cover this case; Spark runs the representative subset")
        request.getfixturevalue("spark")
    path = corpus[case.name]
    try:
        ref_tx, ref = load_transactions(path, **case.kwargs)
    except Exception as exc:  # noqa: BLE001
        with pytest.raises(type(exc)) as got:  # the same error; text files: the same message, example row included
            load_transactions(path, engine=engine, **case.kwargs)
        if engine != "spark" and path.suffix == ".csv":
            # one code words every message: the rules' and the column check's (io._load._check_roles)
            assert str(got.value) == str(exc)
        return
    tx, rep = load_transactions(path, engine=engine, **case.kwargs)
    _same_report(ref, rep)
    got = _pandas(tx) if not isinstance(tx, pd.DataFrame) else tx
    got = got.reset_index() if "customer_id" not in got.columns else got
    assert len(got) == len(ref_tx)
    # the same revenue after cleaning (netting included), to the cent
    assert got["amount"].sum() == pytest.approx(ref_tx["amount"].sum(), abs=1e-6)


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_engine_cleaning_keeps_quantities_that_netting_did_not_change(engine):
    # only a partly returned line's quantity is scaled and rounded; 1.0000000001 is untouched
    # (the engines used to round every quantity to 9 decimals, giving 1.0)
    raw = pd.DataFrame({"customer_id": ["A", "A", "B"], "order_id": ["1", "C2", "3"],
                        "date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-01"]),
                        "quantity": [4.0, -1.0, 1.0000000001], "amount": [40.0, -10.0, 5.0]})
    for eng in ("pandas", engine):
        tx, report = load_transactions(raw, engine=eng)
        got = _pandas(tx).sort_index()
        assert got["quantity"].tolist() == [3.0, 1.0000000001], eng  # A kept 30 of 40: 4 x 0.75
        assert got["amount"].tolist() == [30.0, 5.0], eng


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_engine_errors_name_the_first_offending_row(engine, tmp_path):
    # the pandas route's messages (file, column, example row) on every engine
    path = tmp_path / "orders.csv"
    path.write_text("customer,date,amount\nA,2024-01-05,10\nB,2024-01-06,-5\nC,2024-01-07,-7\n")
    with pytest.raises(DataFormatError) as ref:
        load_transactions(path, returns="error")
    with pytest.raises(DataFormatError) as got:
        load_transactions(path, returns="error", engine=engine)
    assert str(got.value) == str(ref.value)
    assert "2 return/refund lines found, e.g. line 3: {customer: 'B', date: '2024-01-06', amount: '-5'}" in str(got.value)
    path.write_text("customer,date,amount\nA,2024-01-05,10\nB,soon,5\nC,later,7\n")
    with pytest.raises(DataFormatError, match="2 of 3 values are not dates in any supported format, "
                       "e.g. 'soon' in line 3: {customer: 'B', date: 'soon', amount: '5'}"):
        load_transactions(path, engine=engine)


def test_engine_cleaning_nets_a_return_over_two_purchase_lines(spark):
    # issue 12, item 6: 12 x 15 and 4 x 15 bought, 16 x 15 returned -> nothing left, 240 netted
    raw = pd.DataFrame({"CustomerID": ["A", "A", "A", "B"], "StockCode": ["p", "p", "p", "q"],
                        "InvoiceNo": ["1", "2", "C3", "4"],
                        "InvoiceDate": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]),
                        "Quantity": [12, 4, -16, 1], "UnitPrice": [15.0, 15.0, 15.0, 7.0]})
    for engine in ("pandas", "polars", "duckdb", "spark"):
        tx, report = load_transactions(raw, engine=engine)
        got = tx if isinstance(tx, pd.DataFrame) else _pandas(tx).reset_index()
        assert report.counts() == {"return_netted": 1, "fully_returned": 2}, engine
        assert report.returns_netted == 240.0 and report.returns_unmatched == 0.0, engine
        assert got["amount"].tolist() == [7.0], engine


def test_cli_spark_route_gives_the_pandas_numbers(spark, cdnow, tmp_path):
    # what `crm report orders.parquet -t rfm --engine spark` computes before the template runs
    from crmlib.report import engine_choice, load_input

    path = tmp_path / "orders.parquet"
    cdnow[["customer_id", "date", "amount"]].to_parquet(path)
    used, reason = engine_choice(path, "spark")
    assert used == "spark" and "cleaning report" in reason
    ref = load_input(path, engine="pandas")
    got = load_input(path, engine="spark")
    assert got.engine == "spark"
    assert got.cleaning.counts() == ref.cleaning.counts()
    assert got.cleaning.rows_in == ref.cleaning.rows_in == 69_659
    assert got.summary.index.tolist() == ref.summary.index.tolist()
    for col in SUMMARY_NUMBERS:
        np.testing.assert_allclose(got.summary[col].to_numpy(float), ref.summary[col].to_numpy(float), rtol=1e-12)
    scores_ref, scores_got = rfm_scores(ref.summary), rfm_scores(got.summary)
    assert (scores_got["RFM"] == scores_ref["RFM"]).all()
    # an observation end reaches the Spark cleaning as it does the pandas one: the later rows are
    # counted in the cleaning report (CDNow runs to 1998-06-30), not dropped silently by the summary
    ref_end = load_input(path, engine="pandas", observation_end="1997-12-31")
    got_end = load_input(path, engine="spark", observation_end="1997-12-31")
    expected_later = int((cdnow["date"] > "1997-12-31").sum())
    assert ref_end.cleaning.counts()["after_observation_end"] == expected_later > 0
    assert got_end.cleaning.counts() == ref_end.cleaning.counts()
    np.testing.assert_allclose(got_end.summary["total"].to_numpy(float), ref_end.summary["total"].to_numpy(float),
                               rtol=1e-12)


def _gb18030_orders(path) -> pd.DataFrame:
    """A GB18030 export with a title line and Chinese headers (as a Chinese POS system writes it)."""
    rows = [("会员甲", "2024-01-05", "120.50"), ("会员乙", "2024/01/06", "80"), ("会员甲", "2024-02-01", "-20.50"),
            ("", "2024-02-02", "15"), ("会员丙", "不是日期", "30"), ("会员乙", "2024-03-01", "0"),
            ("会员丙", "2024-03-02", "45.25")]
    text = "门店销售明细（导出）\n客户编号,下单日期,实付金额\n" + "".join(f"{c},{d},{a}\n" for c, d, a in rows)
    path.write_bytes(text.encode("gb18030"))
    return path


def test_spark_reads_a_gb18030_csv_itself_and_matches_pandas(spark, tmp_path, monkeypatch):
    import crmlib.io._load as io_load

    path = _gb18030_orders(tmp_path / "orders.csv")
    ref_tx, ref = load_transactions(path)
    # the Spark route must not go through the Python reader: spark.read.csv reads the rows
    monkeypatch.setattr(io_load, "_read_text", lambda *a, **k: pytest.fail("the Python reader was used"))
    tx, rep = load_transactions(path, engine="spark")
    assert is_spark(tx)
    _same_report(ref, rep)
    assert rep.encoding == ref.encoding == "gb18030" and rep.header_row == ref.header_row == 2
    # by hand: 7 lines; one without a customer, one without a date; -20.50 netted against 120.50
    assert ref.counts() == {"missing_customer_id": 1, "unparseable_date": 1, "return_netted": 1}
    assert ref.removed["unparseable_date"].examples.index.tolist() == [7]  # file line 7
    got = customer_summary(_pandas(tx).reset_index(), progress=False)
    want = customer_summary(ref_tx, progress=False)
    assert got.index.tolist() == want.index.tolist() == ["会员丙", "会员乙", "会员甲"]
    for col in SUMMARY_NUMBERS:
        np.testing.assert_allclose(got[col].to_numpy(float), want[col].to_numpy(float), rtol=1e-12)
    assert want.loc["会员甲", "total"] == pytest.approx(120.50 - 20.50)


def test_spark_falls_back_to_the_python_reader_for_a_line_with_extra_fields(spark, tmp_path):
    # Spark's CSV reader would drop the extra field silently; the row must be counted instead
    path = tmp_path / "ragged.csv"
    path.write_text("customer_id,date,amount\n1,2024-01-01,10\n2,2024-01-02,1,234.00\n3,2024-01-03,30\n")
    ref_tx, ref = load_transactions(path)
    tx, rep = load_transactions(path, engine="spark")
    _same_report(ref, rep)
    assert rep.counts() == {"bad_field_count": 1} and rep.rows_in == 3
    assert any("Python reader" in note for note in rep.notes)


def _messy_orders(path):
    path.write_text("customer_id,order_id,date,amount\n"
                    "A,1,2024-01-02,100\n"
                    "A,1,2024-01-02,100\n"      # the same order line twice: removed
                    "A,2,2024-01-09,50\n"
                    "A,3,2024-01-10,-30\n"      # a return, netted against A's purchases (oldest first)
                    ",4,2024-01-11,20\n"        # no customer
                    "B,5,not a date,20\n"       # no date
                    "B,6,2024-01-12,40\n"
                    "C,7,2024-01-13,0\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("engine", ["auto", "polars"])
def test_report_large_file_route_cleans_like_the_pandas_route(engine, tmp_path, monkeypatch):
    # issue 16: the large-file route ran no cleaning and had an empty cleaning sheet
    from crmlib import report

    path = _messy_orders(tmp_path / "orders.csv")
    # the documented setting (book ch5): crmlib.report.LARGE_FILE_MB
    monkeypatch.setattr(report, "LARGE_FILE_MB", 1e-4)  # this small file counts as large
    ref = report.load_input(path, engine="pandas")
    got = report.load_input(path, engine=engine)
    assert got.engine == ("duckdb" if engine == "auto" else engine)
    # by hand: 8 rows in; one duplicate line, one missing id, one bad date; the return netted
    assert ref.cleaning.counts() == {"missing_customer_id": 1, "unparseable_date": 1, "duplicate_line": 1,
                                     "return_netted": 1}
    assert got.cleaning.counts() == ref.cleaning.counts() and got.cleaning.rows_in == ref.cleaning.rows_in == 8
    assert got.cleaning.returns_netted == ref.cleaning.returns_netted == 30.0
    assert got.summary.index.tolist() == ref.summary.index.tolist() == ["A", "B", "C"]
    for col in SUMMARY_NUMBERS:
        np.testing.assert_allclose(got.summary[col].to_numpy(float), ref.summary[col].to_numpy(float), rtol=1e-12)
    assert got.summary.loc["A", "total"] == 100 + 50 - 30


@pytest.mark.parametrize("engine", ["pandas", "polars", "duckdb", "spark"])
def test_blank_and_total_cells_are_found_by_the_fast_checks(engine, request):
    # the engines test blanks with one regex and normalise only cells that hold a total word (as
    # pandas does); both must still catch bracketed, hyphenated, upper-case and ideographic-space forms
    if engine == "spark":
        request.getfixturevalue("spark")
    ids = ["A", " N/A ", "\u3000", "Sub-Total", "Grand Total (all)", "合 计", "B", "SUM", "Tsum", "-"]
    raw = pd.DataFrame({"customer_id": ids, "date": ["2024-01-0%d" % (i % 9 + 1) for i in range(len(ids))],
                        "amount": [10.0] * len(ids)})
    tx, rep = load_transactions(raw, engine=engine)
    # by hand: three totals; "Tsum" normalises to "tsum" (no total word) and "合 计" holds no
    # total word before normalising (pandas' rule), so both are customers; three blank ids
    assert rep.counts() == {"total_row": 3, "missing_customer_id": 3}, engine
    got = tx if isinstance(tx, pd.DataFrame) else _pandas(tx).reset_index()
    assert sorted(got["customer_id"]) == ["A", "B", "Tsum", "合 计"]


def test_duplicate_shortcut_does_not_hide_a_repeat_among_distinct_keys():
    # the duplicate window runs only when a group-by finds a repeated key: one repeat among many
    # distinct lines must still be removed (and identical lines without an order id only counted)
    n = 500
    raw = pd.DataFrame({"customer_id": [f"C{i % 50}" for i in range(n)], "order_id": [str(i) for i in range(n)],
                        "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(np.arange(n) % 300, unit="D"),
                        "amount": np.arange(n, dtype=float) + 1})
    raw = pd.concat([raw, raw.iloc[[123]], raw.iloc[[7]].assign(order_id="")], ignore_index=True)
    raw.loc[len(raw)] = raw.iloc[-1]
    for engine in ("pandas", "polars", "duckdb"):
        tx, rep = load_transactions(raw, engine=engine)
        assert rep.counts() == {"duplicate_line": 1}, engine
        assert rep.removed["duplicate_line"].examples.index.tolist() == [n + 1], engine  # row 501 (1-based)
        assert rep.suspected_duplicates == 1 and rep.rows_out == n + 2, engine


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_ids_with_spaces_are_stripped_when_present_and_equal_pandas(engine):
    # the engines strip ids only when one aggregate finds a space at either end; both answers
    # must give the pandas route's customers and counts. By hand: " A" and "A\t" are customer A
    # (2 + 5 = 7), "B " is B (3), "C" keeps its inner space rule (no edge space) as "C 1" (4)
    padded = pd.DataFrame({"customer_id": [" A", "B ", "A\t", "C 1", None],
                           "order_id": [" 1", "2", "3 ", "4", "5"],
                           "date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"]),
                           "amount": [2.0, 3.0, 5.0, 4.0, 1.0]})
    clean = padded.assign(customer_id=["A", "B", "A", "C 1", None], order_id=["1", "2", "3", "4", "5"])
    for raw in (padded, clean):
        ref_tx, ref = load_transactions(raw)
        tx, rep = load_transactions(raw, engine=engine)
        _same_report(ref, rep)
        got = _pandas(tx)
        got = got.reset_index() if "customer_id" not in got.columns else got
        assert sorted(got["customer_id"]) == sorted(ref_tx["customer_id"]) == ["A", "A", "B", "C 1"]
        assert sorted(got["order_id"]) == ["1", "2", "3", "4"]
        totals = got.groupby("customer_id")["amount"].sum().to_dict()
        assert totals == {"A": 7.0, "B": 3.0, "C 1": 4.0}
        assert rep.counts() == {"missing_customer_id": 1}


def _crmlib_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.sql("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '\\_crmlib\\_%' "
                                  "ESCAPE '\\'").fetchall()]


def test_duckdb_cleaning_keeps_one_temp_table_while_used_and_drops_it_after():
    # issue 16: the cleaned rows live in a DuckDB temporary table (bounded by memory_limit, able
    # to spill), not in an Arrow table in Python. Netting returns materialises three stages; the
    # earlier two are dropped as soon as the next exists, the last one when nothing reads it.
    import gc

    con = duckdb.default_connection()
    gc.collect()
    before = set(_crmlib_tables(con))
    raw = pd.DataFrame({"CustomerID": ["A", "A", "A", "B"], "StockCode": ["p", "p", "p", "q"],
                        "InvoiceNo": ["1", "2", "C3", "4"],
                        "InvoiceDate": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-05", "2024-01-04"]),
                        "Quantity": [12, 4, -6, 1], "UnitPrice": [15.0, 15.0, 15.0, 7.0]})
    tx, report = load_transactions(raw, engine="duckdb")
    assert report.counts() == {"return_netted": 1}
    assert len(set(_crmlib_tables(con)) - before) == 1
    summary = customer_summary(tx)
    del tx
    gc.collect()
    # a relation derived from the result holds the table. By hand (FIFO): the 6 returned units
    # come off the earliest line, so A keeps 6 x 15 = 90 on 1 Jan and 4 x 15 = 60 on 2 Jan
    got = _pandas(summary)
    assert got.loc["A", "total"] == 150.0 and got.loc["A", "frequency"] == 1 and got.loc["B", "total"] == 7.0
    del summary, got
    gc.collect()
    assert set(_crmlib_tables(con)) - before == set()


def test_rfm_on_a_lazy_summary_computes_the_summary_once():
    # issue 16: rfm_scores used to re-run the lazy summary for its statistics, its bin edges and
    # every read of the scores (rfm_segments reads them twice more). A Python step inside the
    # plan counts how often it runs: once, however the scores and segments are read.
    runs = []

    def counted(df: pl.DataFrame) -> pl.DataFrame:
        runs.append(len(df))
        return df

    summary = _hand_summary()
    lazy = pl.from_pandas(summary).lazy().map_batches(counted, streamable=False)
    scores = rfm_scores(lazy, bins=2)
    segments = rfm_segments(rfm_scores(lazy), "ten")
    got = _pandas(scores)
    assert got["RFM"].tolist() == ["222", "111", "222", "211"]  # as test_rfm_scores_by_hand_on_every_engine
    assert _pandas(segments).shape == (4, 1)
    assert runs == [4, 4]  # one run for each rfm_scores call, none for the reads after
