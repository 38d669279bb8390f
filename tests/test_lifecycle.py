"""Lifecycle: sBG reproduces Fader & Hardie (2007); KM by hand; cohorts; stages; churn economics."""
import numpy as np
import pandas as pd
import pytest

from crmlib import CRMLibError
from crmlib.datasets import make_subscriptions
from crmlib.lifecycle import (
    CHURN_TYPES, STAGE_STRATEGIES, STAGES, ShiftedBetaGeometric, churn_rate, churn_types, classify_stages,
    cohort_retention, early_warning, kaplan_meier, logrank_test, retention_economics, stage_summary,
    survivors_from_customers,
)

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGHEND = [1000, 869, 743, 653, 593, 551, 517, 491]
ACTUAL_8_12 = {"regular": [223, 207, 194, 183, 173], "highend": [468, 445, 427, 409, 394]}


@pytest.mark.parametrize("counts, alpha, beta", [(REGULAR, 0.704, 1.182), (HIGHEND, 0.668, 3.806)])
def test_sbg_reproduces_fader_hardie_2007(counts, alpha, beta):
    m = ShiftedBetaGeometric().fit(counts)
    assert m.params_["alpha"] == pytest.approx(alpha, abs=5e-4)
    assert m.params_["beta"] == pytest.approx(beta, abs=5e-4)


@pytest.mark.parametrize("name, counts", [("regular", REGULAR), ("highend", HIGHEND)])
def test_sbg_projection_years_8_to_12(name, counts):
    proj = ShiftedBetaGeometric().fit(counts).project(12)
    pred = proj.loc[8:12, "survivors"].to_numpy()
    actual = np.array(ACTUAL_8_12[name])
    # F&H 2007 fig. 5: the projection stays within 5 % of the actual survivors through year 12
    assert np.all(np.abs(pred / actual - 1) < 0.05)
    # in-sample: fitted curve close to the data
    assert np.allclose(proj.loc[:7, "survivors"], counts, rtol=0.03)


def test_sbg_retention_rate_rises_and_formulas_agree():
    m = ShiftedBetaGeometric().fit(REGULAR)
    rr = m.retention_rate(np.arange(1, 13))
    assert np.all(np.diff(rr) > 0)
    t = np.arange(1, 13)
    assert np.allclose(rr, m.survival(t) / m.survival(t - 1))
    assert np.allclose(m.churn_probability(t), m.survival(t - 1) - m.survival(t))


def test_derl_equals_direct_sum():
    m = ShiftedBetaGeometric().fit(HIGHEND)
    for n in (0, 4):
        direct = sum(m.survival(n + k) / m.survival(n) / 1.1 ** (k - 1) for k in range(1, 3000))
        assert m.derl(0.1, renewals=n) == pytest.approx(direct, rel=1e-9)
    # customers who have renewed more are better risks
    assert m.derl(0.1, renewals=4) > m.derl(0.1, renewals=0)
    assert m.residual_value(50, 0.1) == pytest.approx(50 * m.derl(0.1))


def test_sbg_from_customer_level_cohorts():
    datasets = pytest.importorskip("crmlib.datasets")
    try:
        cohorts = datasets.load_sbg_cohorts()
    except Exception as exc:
        pytest.skip(f"sbg cohorts not available: {exc}")
    surv = {k: survivors_from_customers(g).tolist() for k, g in cohorts.groupby("cohort")}
    assert surv["regular"] == REGULAR
    assert surv["highend"] == HIGHEND
    reg = cohorts[cohorts["cohort"] == "regular"]
    m = ShiftedBetaGeometric().fit_durations(np.minimum(reg["recency"], 7), (reg["recency"] < 8).astype(int))
    assert m.params_["alpha"] == pytest.approx(0.704, abs=5e-4)
    assert m.params_["beta"] == pytest.approx(1.182, abs=5e-4)


def test_sbg_recovers_synthetic_truth():
    subs, info = make_subscriptions(100_000, random_state=2026, n_cohorts=24, return_info=True)
    truth = info["params"]
    m = ShiftedBetaGeometric().fit_durations(subs["tenure"], subs["churned"])
    assert m.params_["alpha"] == pytest.approx(truth["alpha"], rel=0.05)
    assert m.params_["beta"] == pytest.approx(truth["beta"], rel=0.05)
    # censoring: later cohorts are observed for fewer months
    assert (subs["tenure"] <= truth["periods"] - subs["cohort"]).all()
    assert ((subs["churned"] == 1) == (subs["lifetime"] == subs["tenure"]) & (subs["lifetime"] <= truth["periods"] - subs["cohort"])).all()


def test_sbg_errors():
    with pytest.raises(CRMLibError):
        ShiftedBetaGeometric().fit([100, 120])
    with pytest.raises(CRMLibError):
        ShiftedBetaGeometric().fit([100])


def test_kaplan_meier_hand_example():
    # times 1,2,2+,3,4+ : S(1)=4/5, S(2)=4/5*3/4=0.6, S(3)=0.6*1/2=0.3
    d = pd.DataFrame({"tenure": [1, 2, 2, 3, 4], "churned": ["Yes", "Yes", "No", "Yes", "No"]})
    km = kaplan_meier(d)
    assert km["survival"].tolist() == pytest.approx([1.0, 0.8, 0.6, 0.3])
    assert km["at_risk"].tolist() == [5, 5, 4, 2]
    # Greenwood: var S(2) = 0.36 * (1/(5*4) + 1/(4*3))
    assert km.loc[2, "std_error"] == pytest.approx(np.sqrt(0.36 * (1 / 20 + 1 / 12)))
    assert (km["lower"] <= km["survival"]).all() and (km["survival"] <= km["upper"]).all()


def test_logrank_hand_example():
    d = pd.DataFrame({"tenure": [1, 2, 3, 4, 5, 6], "churned": 1, "group": list("aaabbb")})
    # O_a = 3, E_a = 1/2 + 2/5 + 1/4 = 1.15, V = .25 + .24 + .1875 -> (1.85)^2 / .6775
    res = logrank_test(d)
    assert res["statistic"] == pytest.approx(1.85**2 / 0.6775)
    assert res["df"] == 1


def test_telco_km_by_contract():
    datasets = pytest.importorskip("crmlib.datasets")
    try:
        telco = datasets.load_telco()
    except Exception as exc:
        pytest.skip(f"telco not available: {exc}")
    km = kaplan_meier(telco, duration="tenure", event="Churn", group="Contract")
    at12 = km[km["time"] <= 12].groupby("Contract")["survival"].last()
    assert at12["Month-to-month"] < at12["One year"] < at12["Two year"]
    assert km.groupby("Contract")["survival"].apply(lambda s: s.is_monotonic_decreasing).all()
    res = logrank_test(telco, duration="tenure", event="Churn", group="Contract")
    assert res["df"] == 2 and res["p_value"] < 1e-100


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


def _stage_log():
    d = pd.to_datetime
    rows = (
        [(1, x) for x in pd.date_range("2023-01-01", "2024-12-01", freq="MS")]          # steady monthly: stable
        + [(2, x) for x in pd.date_range("2023-01-01", "2024-06-01", freq="QS")]
        + [(2, x) for x in pd.date_range("2024-07-01", "2024-12-31", freq="14D")]       # accelerating: development
        + [(3, x) for x in pd.date_range("2023-01-01", "2024-04-01", freq="MS")]        # silent 9 months: lapsed
        + [(4, d("2024-12-10"))]                                                      # new: identification
        + [(5, x) for x in pd.date_range("2023-01-01", "2024-10-01", freq="MS")]        # 3 months silent: decline
    )
    return pd.DataFrame(rows, columns=["customer_id", "date"])


def test_classify_stages_hand_cases():
    st = classify_stages(_stage_log(), "2024-12-31")
    assert st["stage"].astype(str).to_dict() == {1: "stable", 2: "development", 3: "lapsed", 4: "identification",
                                                 5: "decline"}
    # customer 5: last purchase 2024-10-01, 91 days of silence, mean gap 639/21 days (2024 is a leap year)
    assert st.loc[5, "gap"] == 91
    assert st.loc[5, "ipt"] == pytest.approx(639 / 21)
    assert list(st["stage"].cat.categories) == list(STAGES)


def test_classify_stages_thresholds_are_parameters():
    st = classify_stages(_stage_log(), "2024-12-31", decline_ratio=4.0, decline_trend=0.2)
    assert st.loc[5, "stage"] == "stable"
    st = classify_stages(_stage_log(), "2024-12-31", lapse_ratio=100)
    assert st.loc[3, "stage"] == "decline"


def test_stage_summary():
    log = _stage_log().assign(amount=1.0)
    st = classify_stages(log, "2024-12-31")
    summ = stage_summary(st, log)
    assert summ["customers"].sum() == 5
    assert summ["share"].sum() == pytest.approx(1)
    assert summ.loc["stable", "revenue"] == 24
    assert summ.loc["identification", "strategy"] == STAGE_STRATEGIES.loc["identification", "strategy"]


def test_churn_helpers():
    assert churn_rate(1000, 150) == 0.15
    with pytest.raises(CRMLibError):
        churn_rate(100, 150)
    assert len(CHURN_TYPES) == 5 and not CHURN_TYPES.loc["natural", "controllable"]
    labelled = churn_types(pd.Series(["moved", "price war", "moved"]), {"moved": "natural", "price war": "poached"})
    assert labelled.value_counts()["natural"] == 2
    with pytest.raises(CRMLibError):
        churn_types(pd.Series(["x"]), {"x": "bored"})


def test_early_warning_recency_ratio():
    s = pd.DataFrame({"frequency": [4, 4, 0], "recency": [40.0, 10.0, 0.0], "T": [50.0, 50.0, 50.0]},
                     index=[1, 2, 3])
    flagged = early_warning(s)
    # customer 2: mean gap 2.5, silent 40 -> ratio 16; customer 1: ratio 1
    assert flagged.index.tolist() == [2]
    assert flagged.loc[2, "silence_ratio"] == 16


def test_retention_economics():
    # r 0.80 -> 0.85, d = 10 %: CLV from 100/0.30 to 100/0.25, +20 %
    res = retention_economics(0.80, 0.05, margin=100, discount_rate=0.10)
    assert res["clv_before"] == pytest.approx(100 / 0.30)
    assert res["clv_change"] == pytest.approx(0.20)
    assert res["lifetime_after"] == pytest.approx(1 / 0.15)
    # with profit growing with tenure the effect is larger, reaching Reichheld-Sasser's range
    grow = retention_economics(0.85, 0.05, margin=100, discount_rate=0.10, margin_growth=0.08)
    assert grow["clv_change"] > 0.25
    direct = sum(100 * 1.08 ** (t - 1) * 0.85 ** (t - 1) / 1.1**t for t in range(1, 4000))
    assert grow["clv_before"] == pytest.approx(direct)
    with pytest.raises(CRMLibError):
        retention_economics(0.98, 0.05, margin_growth=0.2)


def test_from_params_and_exercise_answers():
    from crmlib.exercises import check

    m = ShiftedBetaGeometric.from_params(1.0, 1.0)
    # Beta(1, 1): S(t) = 1 / (t + 1)
    assert m.survival(np.arange(5)) == pytest.approx(1 / np.arange(1, 6))
    assert check("ch2.retention-uplift", 0.37 / 0.32 - 1)
    assert check("ch2.churn-rate", 360 / 2400)
    assert not check("ch2.churn-rate", 90 / 2400)


def test_widgets_show_library_numbers():
    widgets = pytest.importorskip("crmlib.widgets")
    w = widgets.retention_projector(alpha=0.704, beta=1.182, margin=100, discount_rate=0.10)
    m = ShiftedBetaGeometric.from_params(0.704, 1.182)
    assert f"{m.derl(0.10):.2f}" in w.children[-2].value
    assert f"{m.residual_value(100, 0.10):,.2f}" in w.children[-2].value
    tx = _stage_log()
    sw = widgets.stage_explorer(tx, "2024-12-31")
    assert "stable: <b>1</b>" in sw.children[-2].value and "lapsed: <b>1</b>" in sw.children[-2].value


# ---------------------------------------------------------------------------------------
# incomplete last period and tiny files (issue 12, items 12 and 13)
# ---------------------------------------------------------------------------------------


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


def test_sbg_mean_churn_is_one_minus_first_period_survival():
    from crmlib.lifecycle import ShiftedBetaGeometric, sbg_mean_churn

    assert sbg_mean_churn(0.704, 1.182) == pytest.approx(0.704 / 1.886)
    # E[theta] is the share of a new cohort lost in its first period: 1 - S(1)
    for a, b in [(0.704, 1.182), (3.0, 0.5), (0.2, 9.0)]:
        assert sbg_mean_churn(a, b) == pytest.approx(1 - ShiftedBetaGeometric.from_params(a, b).survival(1), rel=1e-12)
    with pytest.raises(CRMLibError):
        sbg_mean_churn(0, 1)


def test_retention_economics_uses_value_retention_clv():
    from crmlib import value

    res = retention_economics(0.80, 0.05, margin=100, discount_rate=0.10, margin_growth=0.03)
    assert res["clv_before"] == pytest.approx(
        value.retention_clv(100, 0.80, 0.10, first_margin="certain", margin_growth=0.03), rel=1e-12)
    assert res["clv_after"] == pytest.approx(100 / (1.10 - 0.85 * 1.03), rel=1e-12)


# --- one definition per concept (issue 15) --------------------------------------------

def _four_purchases():
    return pd.DataFrame({"customer_id": [1, 1, 1, 1, 2, 3, 3],
                         "date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-05-01", "2024-07-01",
                                                 "2024-12-20", "2024-01-10", "2024-02-10"])})


def test_classify_stages_takes_its_facts_from_customer_summary():
    from crmlib.summary import customer_summary, purchase_gaps

    tx = _four_purchases()
    st = classify_stages(tx, "2024-12-31")
    # by hand, customer 1: last purchase 1 July -> 183 days of silence on 31 Dec; 3 repeat days over
    # 182 days -> one purchase every 60.67 days; silent for 3.02 of its own gaps
    assert st.loc[1, ["purchase_days", "tenure", "gap"]].tolist() == [4, 365, 183]
    assert st.loc[1, "ipt"] == pytest.approx(182 / 3) and st.loc[1, "gap_ratio"] == pytest.approx(183 / (182 / 3))
    gaps = purchase_gaps(customer_summary(tx, "2024-12-31", "D", amount=None))
    assert st["gap"].tolist() == gaps["gap"].tolist() == [183, 11, 325]
    np.testing.assert_allclose(st["gap_ratio"], gaps["gap_ratio"])


def test_classify_stages_on_a_time_zone_aware_log():
    # 0.2 raised "Invalid comparison between dtype=datetime64[us, Asia/Shanghai] and Timestamp":
    # the days are local calendar days, the stages those of the same log without a time zone
    tx = _four_purchases()
    local = tx.assign(date=tx["date"].dt.tz_localize("Asia/Shanghai"))
    for end in ("2024-12-31", None):
        st = classify_stages(local, end)
        naive = classify_stages(tx, end)
        assert st["stage"].tolist() == naive["stage"].tolist()
        assert st["gap"].tolist() == naive["gap"].tolist()
    assert st["stage"].tolist() == ["decline", "identification", "lapsed"]
    assert str(st["first"].dt.tz) == "Asia/Shanghai" and st.loc[1, "first"] == pd.Timestamp("2024-01-01", tz="Asia/Shanghai")


def test_classify_stages_one_rule_set_for_pandas_and_polars():
    # one-time buyers, several rows on one day, a customer whose every purchase is in the trend window
    pl = pytest.importorskip("polars")
    tx = pd.DataFrame({"customer_id": [1, 1, 1, 2, 3, 3, 3, 4, 4],
                       "date": pd.to_datetime(["2024-01-02", "2024-01-02", "2024-11-01", "2023-06-01", "2024-12-01",
                                               "2024-12-01", "2024-12-15", "2023-01-01", "2024-12-30"])})
    ref = classify_stages(tx, "2024-12-31")
    got = classify_stages(pl.from_pandas(tx), "2024-12-31").to_pandas().set_index("customer_id")
    assert got["stage"].tolist() == ref["stage"].astype(str).tolist()
    pd.testing.assert_frame_equal(got.drop(columns=["stage", "first", "last"]),
                                  ref.drop(columns=["stage", "first", "last"]), check_dtype=False)
    # by hand: customer 1 bought on 2 purchase days (two rows on 2 Jan are one), 304 days apart;
    # customer 2 once, 579 days ago -> lapsed (> 365); customer 3: both days inside the 180-day window
    assert ref["purchase_days"].tolist() == [2, 1, 2, 2]
    assert ref.loc[1, "ipt"] == 304 and ref.loc[2, "stage"] == "lapsed" and ref.loc[2, "gap"] == 579
    assert ref.loc[3, "recent_rate"] == pytest.approx(2 / 180 * 30) and np.isnan(ref.loc[3, "earlier_rate"])
    # customer 4: tenure 730 days (2024 is a leap year), so the earlier window is 730 - 180 = 550 days
    # with one purchase day, the 180-day window one: trend (1/180) / (1/550)
    assert ref.loc[4, "tenure"] == 730 and ref.loc[4, "trend"] == pytest.approx(550 / 180)


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


def test_sbg_fit_and_fit_durations_share_one_likelihood():
    # a single fully observed cohort: the survivor counts and the same customers as durations
    # must give the same estimates and log-likelihood (Fader & Hardie 2007, "regular" counts)
    counts = np.asarray(REGULAR, dtype=float)
    lost = -np.diff(counts)
    durations = np.r_[np.repeat(np.arange(1, counts.size), lost.astype(int)), np.full(int(counts[-1]), counts.size - 1)]
    churned = np.r_[np.ones(int(lost.sum())), np.zeros(int(counts[-1]))]
    a = ShiftedBetaGeometric().fit(counts)
    b = ShiftedBetaGeometric().fit_durations(durations, churned)
    np.testing.assert_allclose(a.params_.to_numpy(), b.params_.to_numpy(), rtol=1e-6)
    assert a.log_likelihood_ == pytest.approx(b.log_likelihood_, rel=1e-9)
    assert a.params_["alpha"] == pytest.approx(0.704, abs=5e-4) and a.params_["beta"] == pytest.approx(1.182, abs=5e-4)


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
