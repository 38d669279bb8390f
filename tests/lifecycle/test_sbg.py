"""Tests of ``crmlib.lifecycle._sbg`` (split from the old test_lifecycle.py).

Lifecycle: sBG reproduces Fader & Hardie (2007); KM by hand; cohorts; stages; churn economics."""

import numpy as np
import pytest

from crmlib import CRMLibError
from crmlib.datasets import make_subscriptions
from crmlib.lifecycle import ShiftedBetaGeometric
from tests._helpers.lifecycle import HIGHEND, REGULAR, _stage_log


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


def test_sbg_mean_churn_is_one_minus_first_period_survival():
    from crmlib.lifecycle import ShiftedBetaGeometric, sbg_mean_churn

    assert sbg_mean_churn(0.704, 1.182) == pytest.approx(0.704 / 1.886)
    # E[theta] is the share of a new cohort lost in its first period: 1 - S(1)
    for a, b in [(0.704, 1.182), (3.0, 0.5), (0.2, 9.0)]:
        assert sbg_mean_churn(a, b) == pytest.approx(1 - ShiftedBetaGeometric.from_params(a, b).survival(1), rel=1e-12)
    with pytest.raises(CRMLibError):
        sbg_mean_churn(0, 1)


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
