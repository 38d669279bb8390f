"""Tests for crmlib.datasets: the manifest and lookup order, the checksummed download
(against a local HTTP server on 127.0.0.1), the real loaders, and the synthetic
transaction generator's ground truth."""
from __future__ import annotations

import dataclasses
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import optimize
from scipy.special import gammaln

import crmlib
from crmlib import datasets
from crmlib.datasets import MANIFEST, data_path, make_transactions
from crmlib.datasets._registry import _sha256
from crmlib.summary import customer_summary

REAL_DIR = os.environ.get("CRMLIB_DATA_DIR")
needs_real = pytest.mark.skipif(
    not REAL_DIR or not Path(REAL_DIR, "CDNOW_sample.txt").is_file(),
    reason="set CRMLIB_DATA_DIR to the folder with the real data files",
)


# ---------------------------------------------------------------------------------------
# a local HTTP server
# ---------------------------------------------------------------------------------------


class _Server:
    def __init__(self, root: Path):
        self.requests: list[str] = []
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                server.requests.append(self.path)
                super().do_GET()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def served(tmp_path, monkeypatch):
    """A web root holding a copy of CDNOW_sample.txt, empty data/cache folders, and a manifest
    entry pointing at the local server."""
    if not REAL_DIR or not Path(REAL_DIR, "CDNOW_sample.txt").is_file():
        pytest.skip("needs the real CDNOW_sample.txt in CRMLIB_DATA_DIR to serve")
    root = tmp_path / "www"
    root.mkdir()
    shutil.copy(Path(REAL_DIR) / "CDNOW_sample.txt", root / "CDNOW_sample.txt")
    server = _Server(root)
    info = MANIFEST["cdnow_sample"]
    monkeypatch.setitem(MANIFEST, "cdnow_sample", dataclasses.replace(info, url=server.url + "CDNOW_sample.txt"))
    data_dir, cache = tmp_path / "data", tmp_path / "cache"
    data_dir.mkdir()
    monkeypatch.setenv("CRMLIB_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CRMLIB_CACHE_DIR", str(cache))
    yield server, root, data_dir, cache
    server.close()


def test_download_into_cache_then_cache_hit(served):
    server, root, data_dir, cache = served
    path = data_path("cdnow_sample")
    assert path == cache / "CDNOW_sample.txt"
    assert _sha256(path) == MANIFEST["cdnow_sample"].sha256
    assert server.requests == ["/CDNOW_sample.txt"]
    assert list(cache.iterdir()) == [path]  # no partial download left behind
    assert datasets.load_cdnow_sample()["customer_id"].nunique() == 2357
    assert server.requests == ["/CDNOW_sample.txt"]  # second lookup served from the cache


def test_data_dir_wins_over_cache_and_download(served):
    server, root, data_dir, cache = served
    shutil.copy(root / "CDNOW_sample.txt", data_dir / "CDNOW_sample.txt")
    cache.mkdir()
    (cache / "CDNOW_sample.txt").write_text("stale")
    assert data_path("cdnow_sample") == data_dir / "CDNOW_sample.txt"
    assert server.requests == []


def test_sha_mismatch_is_an_error_and_nothing_is_kept(served):
    server, root, data_dir, cache = served
    raw = (root / "CDNOW_sample.txt").read_bytes()
    (root / "CDNOW_sample.txt").write_bytes(raw.replace(b"29.33", b"29.34", 1))
    with pytest.raises(crmlib.CRMLibError, match="sha256 is .* not the published") as info:
        data_path("cdnow_sample")
    assert "was not kept" in str(info.value)
    assert not any(cache.iterdir())


def test_edited_local_copy_is_an_error(served):
    server, root, data_dir, cache = served
    (data_dir / "CDNOW_sample.txt").write_bytes(b"edited")
    with pytest.raises(crmlib.CRMLibError, match="edited or truncated"):
        data_path("cdnow_sample")


def test_download_failure_says_how_to_get_the_file(served, monkeypatch):
    server, root, data_dir, cache = served
    info = MANIFEST["cdnow_sample"]
    monkeypatch.setitem(MANIFEST, "cdnow_sample", dataclasses.replace(info, url=server.url + "missing.txt"))
    with pytest.raises(crmlib.CRMLibError, match="Could not download dataset 'cdnow_sample'") as err:
        data_path("cdnow_sample")
    assert "CRMLIB_DATA_DIR" in str(err.value) and "404" in str(err.value)
    assert not cache.exists() or not any(cache.iterdir())


def test_no_download_allowed(served):
    with pytest.raises(crmlib.CRMLibError, match="not found in CRMLIB_DATA_DIR=.*allow the download from http://127.0.0.1"):
        data_path("cdnow_sample", download=False)


def test_unknown_dataset():
    with pytest.raises(crmlib.CRMLibError, match="Unknown dataset 'cdnow'; known datasets: cdnow_master"):
        data_path("cdnow")


# ---------------------------------------------------------------------------------------
# the real files
# ---------------------------------------------------------------------------------------


@needs_real
@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_manifest_matches_local_files(name):
    info = MANIFEST[name]
    assert _sha256(Path(REAL_DIR) / info.filename) == info.sha256
    assert info.url.startswith("https://") and info.citation and info.license


@needs_real
def test_real_loaders_shapes():
    master = datasets.load_cdnow_master()
    assert master.shape == (69659, 4) and master["customer_id"].nunique() == 23570
    assert master["date"].min() == pd.Timestamp("1997-01-01") and master["date"].max() == pd.Timestamp("1998-06-30")
    sample = datasets.load_cdnow_sample()
    assert len(sample) == 6919 and sample["customer_id"].nunique() == 2357
    telco = datasets.load_telco()
    assert len(telco) == 7043 and (telco["Churn"] == "Yes").sum() == 1869
    assert telco["TotalCharges"].isna().sum() == 11 and (telco.loc[telco["TotalCharges"].isna(), "tenure"] == 0).all()
    cohorts = datasets.load_sbg_cohorts()
    regular = cohorts[cohorts["cohort"] == "regular"]
    # Fader & Hardie (2007): survivors of the regular cohort 1000, 631, 468, ...
    assert [(regular["recency"] >= t).sum() for t in (1, 2, 3)] == [1000, 631, 468]
    assert len(datasets.load_donations()) == 11104
    assert datasets.load_mobi().shape == (250, 24)
    assert datasets.load_satisfaction().shape == (250, 28)


# ---------------------------------------------------------------------------------------
# the synthetic transaction generator
# ---------------------------------------------------------------------------------------


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


def test_every_generator_gives_its_info_explicitly():
    """return_info=True returns the same data plus the dict that used to be reachable only through
    DataFrame.attrs, which pandas drops when a table is rebuilt."""
    from crmlib.datasets import make_b2b_customers, make_subscriptions, make_survey

    calls = {
        make_transactions: {"n_customers": 50, "random_state": 3, "mess": True},
        make_subscriptions: {"n_customers": 60, "random_state": 3, "alpha": 0.5, "beta": 2.0},
        make_b2b_customers: {"n_customers": 40, "random_state": 3},
        make_survey: {"n_respondents": 30, "random_state": 3, "scale_points": 5},
    }
    for make, kwargs in calls.items():
        plain = make(**kwargs)
        data, info = make(**kwargs, return_info=True)
        pd.testing.assert_frame_equal(data, plain)
        assert set(info) == set(plain.attrs)  # the deprecated attrs (until 0.3) hold the same keys
    _, info = make_subscriptions(60, random_state=3, alpha=0.5, beta=2.0, return_info=True)
    assert (info["params"]["alpha"], info["params"]["beta"], info["params"]["periods"]) == (0.5, 2.0, 12)
    _, info = make_survey(30, random_state=3, scale_points=5, return_info=True)
    assert info["scale"] == (1, 5) and info["reverse_coded"] == ["SAT3"]
    assert float(info["paths"].loc["Satisfaction", "Quality"]) == 0.45  # ECSI-like truth of the generator
    _, b2b_info = make_b2b_customers(40, random_state=3, return_info=True)
    assert len(b2b_info["ground_truth"]["latent_loyalty"]) == 40
    tx, truth, info = make_transactions(n_customers=50, random_state=3, periods_days=70, return_truth=True, return_info=True)
    assert info["period"] == ("2024-01-01", "2024-03-10") and "mess" not in info  # 70 days from 1 January
    assert len(truth) == 50 and info["params"]["r"] == 0.243
