"""Tests of ``crmlib.datasets._synthetic_transactions`` (split from the old test_datasets.py).

Tests for crmlib.datasets: the manifest and lookup order, the checksummed download
(against a local HTTP server on 127.0.0.1), the real loaders, and the synthetic
transaction generator's ground truth."""
from __future__ import annotations

import os
import numpy as np
import pandas as pd
import pytest
from scipy import optimize
from scipy.special import gammaln

import crmlib
from crmlib import datasets
from crmlib.datasets import make_transactions
from crmlib.summary import customer_summary


def test_generator_is_deterministic():
    a = make_transactions(n_customers=300, random_state=11)
    b = make_transactions(n_customers=300, random_state=11)
    c = make_transactions(n_customers=300, random_state=12)
    pd.testing.assert_frame_equal(a, b)
    assert not a["amount"].equals(c["amount"])
    assert make_transactions(n_customers=300, random_state=11, return_info=True)[1]["params"] == (
        datasets._synthetic_transactions.DEFAULT_PARAMS)
    assert a["date"].is_monotonic_increasing and a["order_id"].is_unique


def test_generator_window_and_truth():
    tx, truth = make_transactions(n_customers=500, random_state=3, periods_days=100, acquisition_days=10, return_truth=True)
    assert tx["date"].min() >= pd.Timestamp("2024-01-01") and tx["date"].max() < pd.Timestamp("2024-04-10")
    first = tx.groupby("customer_id")["date"].min()
    assert (first < pd.Timestamp("2024-01-11")).all() and len(first) == 500
    assert len(truth) == 500 and truth["p_dropout"].between(0, 1).all()
    # a customer who is dead at the end made at least one repeat purchase before dying
    counts = tx.groupby("customer_id").size().reindex(truth.index)
    assert (counts[~truth["alive"]] >= 2).all()
    assert np.allclose(tx["amount"], (tx["amount"]).round(2)) and (tx["amount"] > 0).all()


def test_mess_keeps_the_same_purchases():
    clean = make_transactions(n_customers=400, random_state=5, language="zh")
    messy, info = make_transactions(n_customers=400, random_state=5, language="zh", mess=True, return_info=True)
    mess = info["mess"]
    assert len(messy) == len(clean) + mess["returns"] + mess["duplicates"] + mess["total_rows"]
    assert (messy["客户编号"] == "").sum() == mess["missing_customer_id"]
    purchases = messy[messy["订单号"].str.startswith("DD")].drop_duplicates()
    assert sorted(purchases["订单号"]) == sorted(clean["订单号"])
    assert mess["returns"] > 0 and mess["duplicates"] > 0 and mess["missing_customer_id"] > 0
    # the file can be written in GBK, as a Chinese spreadsheet would save it
    messy.to_csv(os.devnull, index=False, encoding="gbk")


def test_generator_errors():
    with pytest.raises(crmlib.CRMLibError, match="language='fr'"):
        make_transactions(language="fr")
    with pytest.raises(crmlib.CRMLibError, match=r"unknown params \['beta'\]"):
        make_transactions(params={"beta": 1.0})


def _nll_bgnbd(log_params, x, t_x, T):
    r, alpha, a, b = np.exp(log_params)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore"):
        a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-12)) - (r + x) * np.log(alpha + t_x), -np.inf)
    return -np.sum(a1 + a2 + np.logaddexp(a3, a4))


def _nll_gamma_gamma(log_params, x, m):
    p, q, g = np.exp(log_params)
    px = p * x
    ll = (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g) + (px - 1) * np.log(m)
          + px * np.log(x) - (px + q) * np.log(x * m + g))
    return -np.sum(ll)


def _fit(nll, x0, args):
    """Maximum likelihood on the log scale; returns estimates and their covariance (log scale)."""
    res = optimize.minimize(nll, np.log(x0), args=args, method="Nelder-Mead",
                            options={"xatol": 1e-7, "fatol": 1e-7, "maxiter": 20000, "maxfev": 20000})
    res = optimize.minimize(nll, res.x, args=args, method="BFGS")
    theta, k, h = res.x, len(res.x), 1e-4
    hess = np.empty((k, k))
    for i in range(k):
        for j in range(k):
            e_i, e_j = np.eye(k)[i] * h, np.eye(k)[j] * h
            hess[i, j] = (nll(theta + e_i + e_j, *args) - nll(theta + e_i - e_j, *args)
                          - nll(theta - e_i + e_j, *args) + nll(theta - e_i - e_j, *args)) / (4 * h * h)
    return theta, np.linalg.inv(hess)


def test_bgnbd_parameters_are_recoverable():
    """Fit the BG/NBD likelihood (FHL 2005, eq. 6) to the generator's summary: each estimate
    lies within 4 standard errors (from the observed information) of the true value."""
    tx, info = make_transactions(n_customers=5000, random_state=2026, return_info=True)
    end = info["period"][1]
    s = customer_summary(tx, observation_end=end, time_unit="W")
    true = info["params"]
    theta, cov = _fit(_nll_bgnbd, [1.0, 1.0, 1.0, 1.0], (s["frequency"].to_numpy(), s["recency"].to_numpy(), s["T"].to_numpy()))
    se = np.sqrt(np.diag(cov))
    truth = np.log([true["r"], true["alpha"], true["a"], true["b"]])
    z = (theta - truth) / se
    assert np.all(np.abs(z) < 4), dict(zip("r alpha a b".split(), np.round(np.exp(theta), 3)))
    # the mean weekly purchase rate r/alpha is pinned down much more tightly
    assert np.exp(theta[0] - theta[1]) == pytest.approx(true["r"] / true["alpha"], rel=0.1)


def test_gamma_gamma_mean_spend_is_recoverable():
    """Fit the Gamma-Gamma likelihood (Fader & Hardie 2013) to repeat buyers; the implied mean
    spend p*gamma/(q-1) lies within 4 delta-method standard errors of the truth."""
    tx, info = make_transactions(n_customers=8000, random_state=7, return_info=True)
    s = customer_summary(tx, time_unit="W")
    rep = s[s["frequency"] > 0]
    theta, cov = _fit(_nll_gamma_gamma, [1.0, 2.0, 10.0], (rep["frequency"].to_numpy(), rep["monetary"].to_numpy()))
    true = info["params"]

    def mean_spend(t):
        p, q, g = np.exp(t)
        return p * g / (q - 1)

    grad = np.array([(mean_spend(theta + e) - mean_spend(theta - e)) / 2e-5 for e in np.eye(3) * 1e-5])
    se = float(np.sqrt(grad @ cov @ grad))
    target = true["p"] * true["gamma"] / (true["q"] - 1)
    assert target == pytest.approx(35.22, abs=0.01)
    assert abs(mean_spend(theta) - target) < 4 * se, (mean_spend(theta), target, se)
    assert se < 0.1 * target  # the test has power: 4 SE is under 40% of the mean
