"""Tests of ``crmlib.segment._rfm`` (split from the old test_segment.py).

Tests for crmlib.segment (chapter 3): hand cases, seed tables, CDNow facts and invariants."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from crmlib import CRMLibError, DataFormatError, segment
from crmlib.datasets import load_seed_table, make_b2b_customers
from crmlib.summary import customer_summary
from tests._helpers.segment import cdnow_tx  # noqa: F401 (fixtures)


@pytest.fixture(scope="module")
def cdnow_summary(cdnow_tx) -> pd.DataFrame:
    from crmlib.summary import customer_summary

    return customer_summary(cdnow_tx)


@pytest.fixture(scope="module")
def cdnow_scores(cdnow_summary) -> pd.DataFrame:
    return segment.rfm_scores(cdnow_summary)


score_frames = st.integers(1, 60).flatmap(lambda n: st.tuples(
    st.lists(st.integers(1, 5), min_size=n, max_size=n),
    st.lists(st.integers(1, 5), min_size=n, max_size=n),
    st.lists(st.integers(1, 5), min_size=n, max_size=n),
)).map(lambda t: pd.DataFrame({"R": t[0], "F": t[1], "M": t[2]}))


def test_fortune_1000_seed_table():
    t = load_seed_table("fortune1000_identification").set_index("group")
    assert t.loc["high growth"].tolist()[1:] == [38, 46, 7.0]
    assert t.loc["low growth"].tolist()[1:] == [22, 32, 5.7]
    assert t.loc["high growth", "group_zh"] == "高增长率公司"


def test_tie_aware_bins_spreads_customers_after_a_big_tie():
    # 12 tied zeros then 12 distinct values: 4 bins -> zeros, then 4 + 4 + 4
    s, edges = segment.tie_aware_bins([0] * 12 + list(range(1, 13)), bins=4)
    assert s.value_counts().sort_index().tolist() == [12, 4, 4, 4]
    assert edges == [0.0, 4.0, 8.0]


def test_tie_aware_bins_hand_case():
    s, edges = segment.tie_aware_bins([1, 1, 1, 1, 1, 1, 2, 2, 3, 4], bins=4)
    assert s.tolist() == [1, 1, 1, 1, 1, 1, 2, 2, 3, 4] and edges == [1.0, 2.0, 3.0]
    # no ties: equal-size bins
    s, _ = segment.tie_aware_bins(np.arange(10), bins=5)
    assert s.value_counts().sort_index().tolist() == [2, 2, 2, 2, 2]
    # fewer distinct values than bins: one level per distinct value
    s, edges = segment.tie_aware_bins([7, 7, 9], bins=5)
    assert s.tolist() == [1, 1, 2] and edges == [7.0]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=1, max_size=120), st.integers(2, 7))
def test_tie_aware_bins_invariants(values, bins):
    s, edges = segment.tie_aware_bins(values, bins)
    v = np.asarray(values)
    sc = s.to_numpy()
    assert sc.min() >= 1 and sc.max() <= bins
    assert not np.any((v[:, None] > v[None, :]) & (sc[:, None] < sc[None, :]))  # monotone
    assert not np.any((v[:, None] == v[None, :]) & (sc[:, None] != sc[None, :]))  # ties kept together
    assert len(np.unique(sc)) == min(bins, len(np.unique(v)))  # every level used when possible
    assert edges == sorted(edges)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(0, 1000, allow_nan=False), min_size=2, max_size=60), st.data())
def test_more_spend_never_lowers_M(totals, data):
    n = len(totals)
    summary = pd.DataFrame({"T": [100.0] * n, "recency": [50.0] * n, "n_orders": [1] * n, "total": totals})
    i = data.draw(st.integers(0, n - 1))
    extra = data.draw(st.floats(0, 500, allow_nan=False))
    before = segment.rfm_scores(summary)["M"].iloc[i]
    after = segment.rfm_scores(summary.assign(total=summary["total"] + extra * (np.arange(n) == i)))["M"].iloc[i]
    assert after >= before


def test_cdnow_keeps_five_frequency_levels(cdnow_tx, cdnow_scores):
    orders = cdnow_tx.groupby("customer_id").size()  # CDNow: one row per order
    one_timers = int((orders == 1).sum())
    assert one_timers == 11908  # 50.5 % of 23,570 customers buy once
    f = cdnow_scores["F"].value_counts().sort_index()
    assert f.index.tolist() == [1, 2, 3, 4, 5]
    assert f.loc[1] == one_timers  # ties never split: every one-time buyer has F = 1
    # the cut points live on the fitted RFMScoring (the table has none: pandas drops attrs)
    fitted = segment.RFMScoring().fit(customer_summary(cdnow_tx))
    assert fitted.cuts_["F"] == [1.0, 2.0, 3.0, 5.0]
    pd.testing.assert_frame_equal(fitted.scores_, cdnow_scores)
    assert f.tolist() == [11908, 4079, 2217, 1441 + 995, 23570 - 11908 - 4079 - 2217 - 1441 - 995]
    # a naive qcut on the same column collapses to three bins
    naive = pd.qcut(orders, 5, duplicates="drop")
    assert naive.cat.categories.size == 3


def test_cdnow_R_is_the_gap_in_days_since_last_purchase(cdnow_tx, cdnow_scores):
    last = cdnow_tx.groupby("customer_id")["date"].max()
    days = (cdnow_tx["date"].max() - last).dt.days
    assert (cdnow_scores["gap"] == days.reindex(cdnow_scores.index)).all()
    assert cdnow_scores.loc[3, "gap"] == 33  # last purchase 1998-05-28, data end 1998-06-30
    # most recent customers get the top R score, and R bins are near-equal (few ties)
    assert cdnow_scores.loc[cdnow_scores["gap"].idxmin(), "R"] == 5
    assert cdnow_scores["R"].value_counts().max() - cdnow_scores["R"].value_counts().min() < 0.01 * len(cdnow_scores)
    assert segment.score_rfm(customer_summary(cdnow_tx)).columns_ == {"R": "T - recency", "F": "n_orders",
                                                                       "M": "total"}
    assert cdnow_scores.attrs == {}  # no metadata on the table


def test_rfm_thresholds_and_mean_methods():
    s = pd.DataFrame({"T": [100, 100, 50, 10], "recency": [90, 0, 40, 0],
                      "n_orders": [5, 1, 2, 1], "total": [500.0, 20.0, 80.0, 35.0]})
    # days since last: 10, 100, 10, 10
    th = segment.rfm_scores(s, bins=3, method="thresholds",
                            thresholds={"R": [10, 50], "F": [1, 3], "M": [50, 100]})
    assert th["R"].tolist() == [3, 1, 3, 3]  # 10 days is "at most 10" → best bin
    assert th["F"].tolist() == [3, 1, 2, 1]
    assert th["M"].tolist() == [3, 1, 2, 1]
    assert segment.score_rfm(s, bins=3, method="thresholds",
                             thresholds={"R": [50, 10], "F": [1, 3], "M": [50, 100]}).cuts_["R"] == [10.0, 50.0]
    me = segment.rfm_scores(s, method="mean")
    # means: days 32.5, orders 2.25, spend 158.75
    assert me[["R", "F", "M"]].to_numpy().tolist() == [[2, 2, 2], [1, 1, 1], [2, 1, 1], [2, 1, 1]]
    fitted = segment.RFMScoring(method="mean").fit(s)
    assert fitted.cuts_["M"] == [158.75] and fitted.bins_ == 2 and fitted.bins == 5 and not fitted.merged
    with pytest.raises(CRMLibError, match="thresholds"):
        segment.rfm_scores(s, method="thresholds")
    with pytest.raises(CRMLibError, match="method"):
        segment.rfm_scores(s, method="kmeans")
    with pytest.raises(DataFormatError, match="recency"):
        segment.rfm_scores(s.drop(columns="T"))
    # custom columns: F = repeat purchase days, M = mean spend
    s2 = s.assign(frequency=[4, 0, 1, 0], monetary=[100.0, 0, 40, 0])
    alt = segment.rfm_scores(s2, bins=2, frequency="frequency", monetary="monetary")
    assert alt["frequency_value"].tolist() == [4, 0, 1, 0]


def test_builtin_schemes_partition_the_score_grid():
    assert segment.check_scheme("ten", bins=5).empty
    assert segment.check_scheme("cn8", bins=2).empty
    assert segment.SCHEMES["ten"]["segment"].nunique() == 10
    assert segment.SCHEMES["cn8"]["segment"].nunique() == 8
    assert set(segment.SCHEMES["ten"]["segment"]) | set(segment.SCHEMES["cn8"]["segment"]) <= set(segment.SEGMENT_STRATEGIES)


@settings(max_examples=100, deadline=None)
@given(score_frames)
def test_ten_scheme_every_customer_exactly_one_segment(scores):
    seg = segment.rfm_segments(scores, "ten")
    assert seg.notna().all() and len(seg) == len(scores)
    # Champions are exactly R >= 4 and round-half-up((F+M)/2) >= 4
    fm = np.floor((scores["F"] + scores["M"]) / 2 + 0.5)
    assert ((seg == "Champions") == ((scores["R"] >= 4) & (fm >= 4))).all()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 30), st.floats(0, 5000, allow_nan=False)),
                min_size=1, max_size=60))
@example([(0, 1, 0.0), (0, 1, 9.357e-243)])  # tied at 6 decimals: both "important"
def test_cn8_every_customer_exactly_one_class(rows):
    days, orders, spend = map(np.asarray, zip(*rows))
    s = pd.DataFrame({"T": days + 10.0, "recency": 10.0, "n_orders": orders, "total": spend})
    seg = segment.rfm_segments(segment.rfm_scores(s, bins=3), "cn8")
    assert seg.notna().all()
    important = seg.astype(str).str.startswith("重要")
    # the documented tie rule: values and the mean compared at 6 decimals (spend 0 and 9e-243 tie)
    assert (important == (np.round(spend, 6) >= round(float(spend.mean()), 6))).all()


def test_cn8_on_cdnow_matches_hand_mean_split(cdnow_scores):
    seg = segment.rfm_segments(cdnow_scores, "cn8")
    r = cdnow_scores["gap"] <= cdnow_scores["gap"].mean()
    f = cdnow_scores["frequency_value"] >= cdnow_scores["frequency_value"].mean()
    m = cdnow_scores["monetary_value"] >= cdnow_scores["monetary_value"].mean()
    assert int((seg == "重要价值客户 Important value").sum()) == int((r & f & m).sum())
    assert int((seg == "一般挽留客户 General win-back").sum()) == int((~r & ~f & ~m).sum())
    assert seg.value_counts().sum() == len(cdnow_scores)
    # one mean split: cn8 on quantile scores is cn8 on rfm_scores(method="mean")
    mean_scores = segment.rfm_scores(cdnow_scores, method="mean", recency="gap", frequency="frequency_value",
                                     monetary="monetary_value")
    assert (mean_scores["R"] == np.where(r, 2, 1)).all() and (mean_scores["M"] == np.where(m, 2, 1)).all()
    assert seg.equals(segment.rfm_segments(mean_scores, "cn8"))


def test_rfm_gap_is_in_the_summary_time_unit():
    # one customer bought on day 0 and day 14, the log ends on day 28: gap = 14 days = 2 weeks
    tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [5.0, 5.0, 9.0],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-15", "2024-01-29"])})
    days = segment.rfm_scores(customer_summary(tx), bins=2)
    weeks = segment.rfm_scores(customer_summary(tx, time_unit="W"), bins=2)
    assert days.loc[1, "gap"] == 14 and weeks.loc[1, "gap"] == pytest.approx(2.0)
    assert "recency_days" not in days.columns
    assert (days["R"] == weeks["R"]).all()


def test_rfm_scoring_keeps_its_cut_points_without_attrs():
    s = pd.DataFrame({"T": [30, 30, 30, 30, 30], "recency": [0, 10, 20, 25, 30],
                      "n_orders": [1, 1, 1, 2, 4], "total": [5.0, 9.0, 12.0, 40.0, 90.0]})
    r = segment.RFMScoring(bins=4).fit(s)
    # F takes 3 distinct values (1, 2, 4), so at most 3 levels; R and M have 5 distinct values
    assert r.bins_used_ == {"R": 4, "F": 3, "M": 4} and r.merged == ["F"]
    # by hand: gaps 30, 20, 10, 5, 0 -> R 1..4 with the last two (5 and 0 days) merged at R = 4
    assert r.scores_["R"].tolist() == [1, 2, 3, 4, 4] and r.cuts_["R"] == [30.0, 20.0, 10.0]
    assert r.cuts_["F"] == [1.0, 2.0]
    assert r.thresholds_["F"].tolist()[:2] == [1.0, 2.0] and np.isnan(r.thresholds_.loc[3, "F"])
    assert segment.score_rfm(s, bins=4).bins_used_ == r.bins_used_
    pd.testing.assert_frame_equal(r.scores_, segment.rfm_scores(s, bins=4))
    with pytest.raises(CRMLibError, match="not fitted"):
        segment.RFMScoring().merged
    # the 0.2.0 route still works for one release, from the table alone (no attrs), with a warning
    rebuilt = pd.DataFrame(segment.rfm_scores(s, bins=4).to_dict())
    with pytest.warns(FutureWarning, match="from_scores is deprecated"):
        old = segment.RFMScoring.from_scores(rebuilt, bins=4)
    assert old.cuts_ == r.cuts_ and old.bins_used_ == r.bins_used_
    with pytest.warns(FutureWarning, match="use bins_used_"):
        assert old.bins_used == r.bins_used_
    # a scoring tells rfm_segments how it was made: "ten" refuses 4 levels or mean splits
    with pytest.raises(CRMLibError, match="defined on 5-level scores"):
        segment.rfm_segments(r, "ten")
    with pytest.raises(CRMLibError, match="defined on 5-level scores"):
        segment.rfm_segments(segment.RFMScoring(method="mean").fit(s), "ten")
    assert segment.rfm_segments(segment.RFMScoring(bins=5).fit(s), "ten").notna().all()
    # cn8 on a mean scoring uses its scores as they are; on a bare table it re-splits at the means
    mean = segment.RFMScoring(method="mean").fit(s)
    assert segment.rfm_segments(mean, "cn8").equals(segment.rfm_segments(mean.scores_, "cn8"))
    assert segment.rfm_segments(r, "cn8").equals(segment.rfm_segments(mean.scores_, "cn8"))


def test_custom_scheme_gaps_and_overlaps_are_errors():
    scores = pd.DataFrame({"R": [1, 2, 3], "F": [1, 2, 3], "M": [1, 2, 3]})
    good = pd.DataFrame({"segment": ["low", "high"], "R": ["1-2", "3-5"]})
    assert segment.rfm_segments(scores, good).tolist() == ["low", "low", "high"]
    assert segment.check_scheme(good).empty
    gap = pd.DataFrame({"segment": ["low"], "R": ["1-2"]})
    with pytest.raises(CRMLibError, match="no segment"):
        segment.rfm_segments(scores, gap)
    assert len(segment.check_scheme(gap)) == 75  # R = 3, 4, 5 × 25 (F, M)
    overlap = pd.DataFrame({"segment": ["a", "b"], "R": ["1-3", "3-5"]})
    with pytest.raises(CRMLibError, match="more than one"):
        segment.rfm_segments(scores, overlap)
    with pytest.raises(CRMLibError, match="not scores"):
        segment.rfm_segments(scores, pd.DataFrame({"segment": ["a"], "X": ["1"]}))


def test_segment_summary_on_cdnow(cdnow_scores):
    seg = segment.rfm_segments(cdnow_scores, "ten")
    summ = segment.segment_summary(cdnow_scores, seg)
    assert summ["customers"].sum() == len(cdnow_scores) == 23570
    assert summ["revenue_share"].sum() == pytest.approx(1.0)
    champ = cdnow_scores[seg == "Champions"]
    assert summ.loc["Champions", "mean_spend"] == pytest.approx(champ["monetary_value"].mean())
    # CDNow acquired its cohort in Q1 1997 only: no one-order customer bought in the last months
    assert summ.loc["New Customers", "customers"] == 0


def test_b2b_generator_reproducible_with_ground_truth():
    a, b = make_b2b_customers(120, random_state=7), make_b2b_customers(120, random_state=7)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(make_b2b_customers(120, random_state=8))
    assert (a["wallet"] >= a["revenue"]).all()
    assert a["current_value"].sum() == pytest.approx(0.2 * a["revenue"].sum(), rel=1e-6)
    assert len(make_b2b_customers(120, random_state=7, return_info=True)[1]["ground_truth"]["latent_loyalty"]) == 120
    assert set(a["size"]) <= {"large", "medium", "small", "sporadic"}


def _small_log(n_customers: int, max_orders: int, seed: int = 2026) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(n_customers):
        for _ in range(int(rng.integers(1, max_orders + 1))):
            rows.append((f"C{c:03d}", pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(rng.integers(0, 180))),
                         float(rng.integers(5, 200))))
    return pd.DataFrame(rows, columns=["customer_id", "date", "amount"])


@pytest.mark.parametrize("n_customers, max_orders", [(40, 4), (20, 2), (3, 2), (1, 1)])
def test_rfm_on_small_files_reports_merged_bins(n_customers, max_orders):
    from crmlib.summary import customer_summary

    summary = customer_summary(_small_log(n_customers, max_orders))
    result = segment.score_rfm(summary, bins=5)
    assert len(result.scores_) == n_customers
    for letter in "RFM":
        distinct = summary["n_orders"].nunique() if letter == "F" else None
        used = result.bins_used_[letter]
        assert used == result.scores_[letter].max() and set(result.scores_[letter]) == set(range(1, used + 1))
        if distinct is not None:
            assert used == min(5, distinct)  # F levels = distinct order counts when fewer than 5
        # the thresholds table holds used - 1 cut points, then missing cells
        assert result.thresholds_[letter].notna().sum() == used - 1
    assert result.merged == [k for k in "RFM" if result.bins_used_[k] < 5]
    assert ("fewer than 5 levels" in result.note) == bool(result.merged)
    segments = segment.rfm_segments(result.scores_, "ten")
    assert segments.notna().all() and len(segment.segment_summary(result.scores_, segments)) >= 1


def test_rfm_thresholds_table_for_unequal_cut_counts():
    # 40 customers, 1-4 orders: F can only have 4 levels, so the cut lists differ in length
    s = pd.DataFrame({"T": [100] * 8, "recency": [0, 10, 20, 30, 40, 50, 60, 70],
                      "n_orders": [1, 1, 1, 1, 2, 2, 3, 4], "total": [5.0, 6, 7, 8, 9, 10, 11, 12]})
    result = segment.score_rfm(s, bins=5)
    assert result.bins_used_ == {"R": 5, "F": 4, "M": 5}
    assert result.thresholds_.shape == (4, 3)
    assert result.thresholds_["F"].tolist()[:3] == [1.0, 2.0, 3.0] and np.isnan(result.thresholds_.loc[4, "F"])
    # by hand with tie_aware_bins' rule: targets 1.6 -> 2 customers, 2+6/4=3.5 -> 3 (first of the tie),
    # 3+5/3=4.67 -> 5, 5+3/2=6.5 -> 6: bins of 2, 1, 2, 1, 2 customers
    assert result.thresholds_["M"].tolist() == [6.0, 7.0, 9.0, 10.0]


def test_rfm_explorer_shows_crmlibs_reason_for_the_ten_scheme():
    from crmlib.widgets import rfm_explorer

    s = pd.DataFrame({"T": [100, 100, 50, 10, 80] * 4, "recency": [90, 0, 40, 0, 10] * 4,
                      "n_orders": [5, 1, 2, 1, 3] * 4, "total": [500.0, 20.0, 80.0, 35.0, 60.0] * 4})
    r = rfm_explorer(s)
    r.children[1].value = "mean"  # "ten" needs 5 quantile levels
    assert "method=&#x27;quantile&#x27;" in r.children[3].value
    with pytest.raises(CRMLibError, match="method='quantile'"):
        segment.rfm_segments(segment.score_rfm(s, method="mean"), "ten")
