"""Tests of ``crmlib.satisfaction._pls`` (split from the old test_satisfaction.py).

Tests for crmlib.satisfaction (chapter 4): published numbers, hand calculations, invariants."""
from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from crmlib import CRMLibError, NotFittedError
from crmlib import satisfaction as cs
from tests._helpers.satisfaction import MOBI_BLOCKS, MOBI_PATHS
from tests._helpers.satisfaction import ecsi, mobi  # noqa: F401 (fixtures)


matplotlib.use("Agg")


@pytest.mark.parametrize("path", list(MOBI_PATHS))
def test_mobi_path_coefficients_match_published(ecsi: cs.PLSPathModel, path: tuple[str, str]) -> None:
    src, dep = path
    assert ecsi.path_coefficients_.loc[dep, src] == pytest.approx(MOBI_PATHS[path], abs=0.005)


def test_mobi_path_matrix_is_square_and_zero_off_model(ecsi: cs.PLSPathModel) -> None:
    pc = ecsi.path_coefficients_
    assert list(pc.index) == list(pc.columns) == list(MOBI_BLOCKS)
    mask = pd.DataFrame(False, index=pc.index, columns=pc.columns)
    for src, dep in MOBI_PATHS:
        mask.loc[dep, src] = True
    assert (pc.where(~mask, 0) == 0).all().all()
    assert len(ecsi.params_) == 12


def test_mobi_invariants(ecsi: cs.PLSPathModel, mobi: pd.DataFrame) -> None:
    # standardized scores, unit-variance composites, single-item block has loading 1
    assert np.allclose(ecsi.scores_.mean(), 0, atol=1e-12)
    assert np.allclose(ecsi.scores_.std(ddof=1), 1)
    assert ecsi.outer_loadings_.loc[("Complaints", "CUSCO")] == pytest.approx(1.0)
    # R² equals the squared correlation of Satisfaction with its fitted value
    pred = ecsi.scores_[["Image", "Expectation", "Quality", "Value"]] @ ecsi.path_coefficients_.loc[
        "Satisfaction", ["Image", "Expectation", "Quality", "Value"]]
    assert ecsi.r_squared_["Satisfaction"] == pytest.approx(np.corrcoef(pred, ecsi.scores_["Satisfaction"])[0, 1] ** 2)
    # loadings are correlations of item and score
    r = np.corrcoef(mobi["CUSA2"], ecsi.scores_["Satisfaction"])[0, 1]
    assert ecsi.outer_loadings_.loc[("Satisfaction", "CUSA2")] == pytest.approx(r)
    # total effect of Quality on Loyalty = direct (0) + via Satisfaction + via Value -> Satisfaction ...
    b = ecsi.path_coefficients_
    q_to_sat = b.loc["Satisfaction", "Quality"] + b.loc["Value", "Quality"] * b.loc["Satisfaction", "Value"]
    q_to_loy = q_to_sat * (b.loc["Loyalty", "Satisfaction"] + b.loc["Complaints", "Satisfaction"] * b.loc["Loyalty", "Complaints"])
    assert ecsi.total_effects_.loc["Loyalty", "Quality"] == pytest.approx(q_to_loy)


def test_mobi_index_is_weighted_mean_on_0_100(ecsi: cs.PLSPathModel, mobi: pd.DataFrame) -> None:
    w = ecsi.index_weights_.loc["Satisfaction"]
    assert w.sum() == pytest.approx(1.0)
    by_hand = (mobi[list(w.index)] @ w.to_numpy() - 1) / 9 * 100
    assert np.allclose(ecsi.index_["Satisfaction"], by_hand)
    assert ecsi.index_.min().min() >= 0 and ecsi.index_.max().max() <= 100
    assert ecsi.index_["Complaints"].mean() == pytest.approx((mobi["CUSCO"].mean() - 1) / 9 * 100)


def test_schemes_agree_closely_on_mobi(mobi: pd.DataFrame, ecsi: cs.PLSPathModel) -> None:
    for scheme in ("factorial", "path"):
        other = cs.pls_path_model(mobi, MOBI_BLOCKS, list(MOBI_PATHS), scheme=scheme)
        assert np.allclose(other.params_, ecsi.params_, atol=0.01)
        assert not np.allclose(other.params_, ecsi.params_, atol=1e-6)


def test_bootstrap_is_seeded_and_brackets_estimate(ecsi: cs.PLSPathModel, mobi: pd.DataFrame) -> None:
    a = ecsi.bootstrap(mobi, n_boot=60, random_state=7)
    b = ecsi.bootstrap(mobi, n_boot=60, random_state=7)
    pd.testing.assert_frame_equal(a, b)
    # the estimate column is the fit on the data itself: the published coefficients
    assert a["estimate"].to_numpy() == pytest.approx(ecsi.params_.to_numpy(), abs=1e-12)
    assert (a["lower"] < a["estimate"]).all() and (a["estimate"] < a["upper"]).all()
    assert a.loc["Image -> Expectation", "boot_se"] == pytest.approx(0.055, abs=0.02)


def test_bootstrap_takes_its_data_and_the_old_calls_still_work(mobi: pd.DataFrame) -> None:
    # bootstrap(data) needs no earlier fit: it estimates on data and resamples data
    unfitted = cs.PLSPathModel(MOBI_BLOCKS, list(MOBI_PATHS))
    new = unfitted.bootstrap(mobi, n_boot=20, random_state=3)
    for (src, dep), published in MOBI_PATHS.items():
        assert new.loc[f"{src} -> {dep}", "estimate"] == pytest.approx(published, abs=0.005)
    fitted = cs.pls_path_model(mobi, MOBI_BLOCKS, list(MOBI_PATHS))
    with pytest.warns(FutureWarning, match=r"seed= is deprecated, use random_state="):
        with pytest.warns(FutureWarning, match=r"bootstrap\(\) without data is deprecated"):
            old = fitted.bootstrap(n_boot=20, seed=3)
    pd.testing.assert_frame_equal(old, new)
    with pytest.warns(FutureWarning, match="without data"):
        positional = fitted.bootstrap(20, random_state=3)
    pd.testing.assert_frame_equal(positional, new)
    with pytest.raises(NotFittedError):
        cs.PLSPathModel(MOBI_BLOCKS, list(MOBI_PATHS)).bootstrap(n_boot=5)


BANK_BLOCKS = {
    "IMAG": [f"imag{i}" for i in range(1, 6)], "EXPE": [f"expe{i}" for i in range(1, 6)],
    "QUAL": [f"qual{i}" for i in range(1, 6)], "VAL": [f"val{i}" for i in range(1, 5)],
    "SAT": [f"sat{i}" for i in range(1, 5)], "LOY": [f"loy{i}" for i in range(1, 5)],
}


BANK_PATHS = {"EXPE": ["IMAG"], "QUAL": ["EXPE"], "VAL": ["EXPE", "QUAL"],
              "SAT": ["IMAG", "EXPE", "QUAL", "VAL"], "LOY": ["IMAG", "SAT"]}


@pytest.fixture(scope="module")
def bank() -> pd.DataFrame:
    from crmlib.datasets import load_satisfaction

    try:
        return load_satisfaction()
    except Exception as exc:  # pragma: no cover - only without the data
        pytest.skip(f"satisfaction data not available: {exc}")


def test_plspm_satisfaction_inner_model_centroid(bank: pd.DataFrame) -> None:
    # R plspm, scaled = FALSE, centroid: reference output exported by GoogleCloudPlatform/plspm-python
    # (tests/data/satisfaction.inner-model.csv and satisfaction.inner-summary.csv)
    m = cs.pls_path_model(bank, BANK_BLOCKS, BANK_PATHS, scheme="centroid", scaled=False)
    sat = m.path_coefficients_.loc["SAT", ["IMAG", "EXPE", "QUAL", "VAL"]]
    assert sat.to_numpy() == pytest.approx([0.200724200280665, -0.00275399457916834, 0.122144565609107,
                                            0.589330650016017], abs=1e-6)
    r2 = m.r_squared_[["EXPE", "QUAL", "VAL", "SAT", "LOY"]]
    assert r2.to_numpy() == pytest.approx([0.335193672418813, 0.719688235228933, 0.59008437279849,
                                           0.707320949544597, 0.509922562050087], abs=1e-6)


@pytest.mark.parametrize("scheme, expected", [
    ("path", [0.70955076789416, 0.877671629024529, 0.842359193682084, 0.569354023449058, 0.777662796725605,
              0.86271564077978, 0.799328099439193, 0.752589683815716, 0.843047471071002]),
    ("factorial", [0.709579562555722, 0.877650530033183, 0.842312903983941, 0.569450000842037, 0.777670513144494,
                   0.864544798086425, 0.796730006569803, 0.750398574481397, 0.844250646016627]),
])
def test_plspm_satisfaction_loadings_other_schemes(bank: pd.DataFrame, scheme: str, expected: list[float]) -> None:
    # R plspm outer models (satisfaction.outer-model-path.csv / -factorial.csv): image and value blocks
    m = cs.pls_path_model(bank, BANK_BLOCKS, BANK_PATHS, scheme=scheme, scaled=False)
    got = np.r_[m.outer_loadings_.loc["IMAG"].to_numpy(), m.outer_loadings_.loc["VAL"].to_numpy()]
    assert got == pytest.approx(expected, abs=1e-5)


def test_pls_errors(mobi: pd.DataFrame) -> None:
    with pytest.raises(CRMLibError, match="scheme"):
        cs.pls_path_model(mobi, MOBI_BLOCKS, list(MOBI_PATHS), scheme="mode-c")
    with pytest.raises(CRMLibError, match="loop"):
        cs.pls_path_model(mobi, MOBI_BLOCKS, [("Image", "Value"), ("Value", "Image")])
    with pytest.raises(CRMLibError, match="not in the data"):
        cs.pls_path_model(mobi.drop(columns="CUSCO"), MOBI_BLOCKS, list(MOBI_PATHS))
    with pytest.raises(NotFittedError):
        cs.PLSPathModel(MOBI_BLOCKS, list(MOBI_PATHS)).summary()
