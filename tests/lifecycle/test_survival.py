"""Tests of ``crmlib.lifecycle._survival`` (split from the old test_lifecycle.py).

Lifecycle: sBG reproduces Fader & Hardie (2007); KM by hand; cohorts; stages; churn economics."""

import numpy as np
import pandas as pd
import pytest

from crmlib.lifecycle import ShiftedBetaGeometric, kaplan_meier, logrank_test, survivors_from_customers
from tests._helpers.lifecycle import HIGHEND, REGULAR


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
