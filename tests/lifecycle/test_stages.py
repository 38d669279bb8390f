"""Tests of ``crmlib.lifecycle._stages`` (split from the old test_lifecycle.py).

Lifecycle: sBG reproduces Fader & Hardie (2007); KM by hand; cohorts; stages; churn economics."""

import numpy as np
import pandas as pd
import pytest

from crmlib.lifecycle import STAGE_STRATEGIES, STAGES, classify_stages, stage_summary
from tests._helpers.lifecycle import _four_purchases, _stage_log


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
