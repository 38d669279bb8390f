"""Tests for crmlib.satisfaction (chapter 4): published numbers, hand calculations, invariants."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from crmlib import CRMLibError, DataFormatError, NotFittedError
from crmlib import satisfaction as cs
from crmlib.datasets import make_survey

MOBI_BLOCKS = cs.ECSI_MOBI_BLOCKS
# Published ECSI path coefficients on mobi (R seminr / plspm, centroid scheme, standardized).
MOBI_PATHS = {
    ("Image", "Expectation"): 0.505, ("Image", "Satisfaction"): 0.179, ("Image", "Loyalty"): 0.195,
    ("Expectation", "Quality"): 0.557, ("Expectation", "Value"): 0.051, ("Expectation", "Satisfaction"): 0.064,
    ("Quality", "Value"): 0.557, ("Quality", "Satisfaction"): 0.513, ("Value", "Satisfaction"): 0.192,
    ("Satisfaction", "Complaints"): 0.526, ("Satisfaction", "Loyalty"): 0.483, ("Complaints", "Loyalty"): 0.071,
}


@pytest.fixture(scope="module")
def mobi() -> pd.DataFrame:
    from crmlib.datasets import load_mobi

    try:
        return load_mobi()
    except Exception as exc:  # pragma: no cover - only without the data
        pytest.skip(f"mobi data not available: {exc}")


@pytest.fixture(scope="module")
def ecsi(mobi: pd.DataFrame) -> cs.PLSPathModel:
    return cs.pls_path_model(mobi, MOBI_BLOCKS, list(MOBI_PATHS), scheme="centroid")


# --- PLS path model ------------------------------------------------------------

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


def test_pls_recovers_synthetic_paths() -> None:
    s, info = make_survey(2000, random_state=2026, return_info=True)
    data = cs.reverse_code(s, info["reverse_coded"], *info["scale"])
    truth = info["paths"]
    paths = [(p, d) for d in truth.index for p in truth.columns if truth.loc[d, p] != 0]
    m = cs.pls_path_model(data, info["blocks"], paths)
    est = np.array([m.path_coefficients_.loc[d, p] for p, d in paths])
    true = np.array([truth.loc[d, p] for p, d in paths])
    assert np.max(np.abs(est - true)) < 0.1
    assert np.corrcoef(est, true)[0, 1] > 0.95


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


# --- satisfaction index ------------------------------------------------------------

def test_satisfaction_index_hand_worked() -> None:
    p = pd.Series({"speed": 6.0, "price": 4.0, "staff": 5.0})
    e = pd.Series({"speed": 5.0, "price": 5.0, "staff": 4.0})
    w = {"speed": 0.5, "price": 0.3, "staff": 0.2}
    # 0.5 * 1.2 + 0.3 * 0.8 + 0.2 * 1.25 = 1.09
    assert cs.satisfaction_index(p, e, w) == pytest.approx(1.09)
    # difference form: 0.5 * 1 + 0.3 * (-1) + 0.2 * 1 = 0.4
    assert cs.satisfaction_index(p, e, w, form="difference") == pytest.approx(0.4)
    assert cs.rescale_to_100(4, 1, 7) == pytest.approx(50)
    with pytest.raises(CRMLibError):
        cs.attribute_satisfaction(p, pd.Series({"speed": 0.0, "price": 1.0, "staff": 1.0}))


# --- reliability ---------------------------------------------------------------

ALPHA_DATA = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 2, 4, 4]})


def test_cronbach_alpha_hand_worked() -> None:
    # item variances 2.5, 2.3, 1.7 (sum 6.5); totals 4, 7, 8, 13, 14 have variance 17.7
    assert ALPHA_DATA.var(ddof=1).tolist() == pytest.approx([2.5, 2.3, 1.7])
    assert cs.cronbach_alpha(ALPHA_DATA) == pytest.approx(1.5 * (1 - 6.5 / 17.7))


def test_alpha_if_dropped_and_item_total() -> None:
    dropped = cs.alpha_if_item_dropped(ALPHA_DATA)
    # without c: a + b = 3, 4, 6, 9, 10, var 9.3; alpha = 2 (1 - 4.8 / 9.3)
    assert dropped["c"] == pytest.approx(2 * (1 - 4.8 / 9.3))
    r = cs.item_total_correlation(ALPHA_DATA)
    assert r["a"] == pytest.approx(np.corrcoef(ALPHA_DATA["a"], ALPHA_DATA["b"] + ALPHA_DATA["c"])[0, 1])
    r_uncorrected = cs.item_total_correlation(ALPHA_DATA, corrected=False)
    assert (r_uncorrected > r).all()


def test_reverse_coding_restores_alpha() -> None:
    s, info = make_survey(600, return_info=True)
    sat = s[info["blocks"]["Satisfaction"]]
    assert cs.cronbach_alpha(sat) < 0.3  # the negatively worded item drags alpha down
    fixed = cs.reverse_code(s, ["SAT3"], 1, 7)
    assert (fixed["SAT3"] + s["SAT3"] == 8).all()
    assert cs.cronbach_alpha(fixed[info["blocks"]["Satisfaction"]]) > 0.8
    assert cs.item_total_correlation(sat)["SAT3"] < 0
    with pytest.raises(CRMLibError):
        cs.reverse_code(s, ["SAT3"], 1, 5)


def test_likert_distribution_and_top_box() -> None:
    df = pd.DataFrame({"q": [1, 2, 4, 5, 5, 3]})
    dist = cs.likert_distribution(df, range(1, 6))
    assert dist.loc["q"].sum() == pytest.approx(1)
    assert cs.top_box(df, 5).iloc[0] == pytest.approx(3 / 6)
    stats = cs.item_statistics(pd.concat([df, df.rename(columns={"q": "r"})[::-1].reset_index(drop=True)], axis=1), 5)
    assert stats.loc["q", "mean"] == pytest.approx(20 / 6)


# --- NPS ------------------------------------------------------------------

def test_nps_hand_worked() -> None:
    scores = [10, 9, 8, 7, 6, 0, 10, 10, 5, 9]  # 5 promoters, 2 passives, 3 detractors
    r = cs.net_promoter_score(scores)
    assert r["nps"] == pytest.approx(20.0)
    assert (r["promoters"], r["passives"], r["detractors"]) == pytest.approx((0.5, 0.2, 0.3))
    se = np.sqrt((0.5 + 0.3 - 0.2**2) / 10)
    assert r["se"] == pytest.approx(100 * se)
    assert r["lower"] == pytest.approx(100 * (0.2 - 1.959964 * se), abs=1e-3)
    assert cs.nps_category([9, 8.5, 7, 6.9]).tolist() == ["promoter", "passive", "passive", "detractor"]
    with pytest.raises(CRMLibError):
        cs.net_promoter_score([11])


def test_nps_interval_covers_truth_in_simulation() -> None:
    rng = np.random.default_rng(2026)
    p = np.array([0.3, 0.3, 0.4])  # detractor, passive, promoter -> NPS 10
    cover = 0
    for _ in range(400):
        cats = rng.choice([0, 8, 10], size=200, p=p)
        r = cs.net_promoter_score(cats)
        cover += r["lower"] <= 10 <= r["upper"]
    assert 0.92 <= cover / 400 <= 0.98


# --- IPA ------------------------------------------------------------------

def test_ipa_hand_worked_stated_and_derived() -> None:
    perf = pd.DataFrame({"a": [6, 6, 7], "b": [3, 2, 4], "c": [6, 7, 5], "d": [3, 3, 3]})
    imp = pd.Series({"a": 6.0, "b": 6.5, "c": 2.0, "d": 3.0})
    t = cs.importance_performance(perf, imp)
    # cuts: mean importance 17.5 / 4, mean performance (19/3 + 3 + 6 + 3) / 4 = 55 / 12
    assert cs.ipa_cutoffs(t) == pytest.approx((4.375, 55 / 12))
    assert t["quadrant"].to_dict() == {
        "a": "Keep up the good work", "b": "Concentrate here", "c": "Possible overkill", "d": "Low priority"}
    overall = pd.Series([5, 3, 7])
    derived = cs.importance_performance(perf[["a", "b", "c"]], overall=overall)
    assert derived.loc["a", "importance"] == pytest.approx(np.corrcoef(perf["a"], overall)[0, 1])
    custom = cs.importance_performance(perf, imp, cutoffs=(6.0, 3.0))
    assert custom.loc["a", "quadrant"] == "Keep up the good work"  # equal to the cut counts as high
    with pytest.raises(CRMLibError):
        cs.importance_performance(perf)


def test_ipa_plot_draws_the_cuts_of_the_table_without_attrs() -> None:
    """The grid's lines come from the cutoffs argument, not from DataFrame.attrs (which a copy
    through pandas can lose): here the medians, by hand 4.5 (importance) and 6.0 (performance)."""
    import matplotlib.pyplot as plt

    from crmlib import plots

    perf = pd.DataFrame({"a": [6, 6], "b": [3, 3], "c": [6, 6], "d": [5, 6], "e": [7, 7]})
    imp = pd.Series({"a": 6.0, "b": 6.0, "c": 2.0, "d": 3.0, "e": 4.5})
    t = cs.importance_performance(perf, imp, cutoffs="median")
    assert cs.ipa_cutoffs(t, "median") == (4.5, 6.0)
    shown = pd.DataFrame({c: t[c] for c in t.columns})  # rebuilt from its columns: pandas drops attrs
    assert shown.attrs == {}
    ax = plots.plot_ipa(shown, cutoffs="median")
    assert ax.lines[0].get_xdata()[0] == 6.0 and ax.lines[1].get_ydata()[0] == 4.5
    assert t.loc["d", "quadrant"] == "Low priority"  # 5.5 < 6.0
    with pytest.raises(CRMLibError, match="cutoffs='mean'"):  # the mean cut 5.5 would make 'd' overkill
        plots.plot_ipa(shown)
    plt.close("all")


# --- Kano -----------------------------------------------------------------

def test_kano_table_and_hand_worked_counts() -> None:
    assert [cs.kano_category(1, d) for d in range(1, 6)] == ["Q", "A", "A", "A", "O"]
    assert [cs.kano_category(f, 5) for f in range(2, 5)] == ["M", "M", "M"]
    assert cs.kano_category(5, 5) == "Q" and cs.kano_category(3, 3) == "I" and cs.kano_category(4, 2) == "I"
    df = pd.DataFrame({"f": [1, 1, 1, 2, 3, 3, 5, 1], "d": [5, 5, 3, 5, 5, 3, 1, 1]})
    t = cs.kano_classify(df, {"x": ("f", "d")}).loc["x"]
    # O O A M M I R Q
    assert (t["A"], t["O"], t["M"], t["I"], t["R"], t["Q"]) == (1, 2, 2, 1, 1, 1)
    assert t["category"] == "M"  # M and O tie at 2: must-be wins the tie
    assert t["better"] == pytest.approx(3 / 6) and t["worse"] == pytest.approx(-4 / 6)
    with pytest.raises(CRMLibError):
        cs.kano_category(0, 6)


def test_kano_recovers_synthetic_truth() -> None:
    s, info = make_survey(800, return_info=True)
    t = cs.kano_classify(s, info["kano_features"])
    assert t["category"].to_dict() == info["kano_truth"]
    assert t.loc["free_gift_wrap", "value_level"] == "unanticipated"


# --- gaps -----------------------------------------------------------------

def test_five_gaps_sum_to_perception_gap_chain() -> None:
    m = pd.DataFrame({"expected": [6.0, 5.0], "management_view": [5.0, 5.0], "standards": [4.5, 5.5],
                      "delivered": [4.0, 5.0], "promised": [6.5, 5.0], "perceived": [4.2, 5.5]}, index=["x", "y"])
    g = cs.five_gap_scores(m)
    assert list(g.columns) == ["understanding", "procedure", "behaviour", "promotion", "perception"]
    # understanding + procedure + behaviour = delivered - expected
    chain = g[["understanding", "procedure", "behaviour"]].sum(axis=1)
    assert np.allclose(chain, m["delivered"] - m["expected"])
    assert g.loc["x", "promotion"] == pytest.approx(-2.5)
    e = pd.DataFrame({"r1": [7, 6], "t1": [5, 5]})
    p = pd.DataFrame({"r1": [5, 6], "t1": [6, 5]})
    sq = cs.servqual_scores(e, p, weights={"r1": 3, "t1": 1})
    assert sq["overall"].tolist() == pytest.approx([(3 * -2 + 1) / 4, 0.0])


def test_nps_from_shares_hand_worked() -> None:
    r = cs.nps_from_shares(400, 0.45, 0.2)  # 180 promoters, 80 detractors, 140 passives
    assert r[["n_promoters", "n_passives", "n_detractors"]].tolist() == [180, 140, 80]
    se = np.sqrt((0.45 + 0.2 - 0.25**2) / 400)  # 0.038324
    assert r["nps"] == pytest.approx(25.0, rel=1e-12)
    assert r["se"] == pytest.approx(100 * se, rel=1e-12)
    assert r["lower"] == pytest.approx(100 * (0.25 - 1.959964 * se), abs=1e-4)
    sample = [10] * 180 + [8] * 140 + [0] * 80
    pd.testing.assert_series_equal(r.drop(["n_promoters", "n_passives", "n_detractors"]),
                                   cs.net_promoter_score(sample))
    # half up, not Python's half-to-even: 10 x 0.25 = 2.5 -> 3 promoters
    assert cs.nps_from_shares(10, 0.25, 0.0)["n_promoters"] == 3
    # detractors cut to what the promoters leave, counts add up to n
    r = cs.nps_from_shares(10, 0.7, 0.5)
    assert r[["n_promoters", "n_passives", "n_detractors"]].tolist() == [7, 0, 3]
    r = cs.nps_from_shares(1, 0.5, 0.5)
    assert r[["n_promoters", "n_passives", "n_detractors"]].tolist() == [1, 0, 0]
    with pytest.raises(CRMLibError):
        cs.nps_from_shares(0, 0.5, 0.2)
    with pytest.raises(CRMLibError):
        cs.nps_from_shares(10, 1.2, 0.2)


def test_kano_names_cover_the_table() -> None:
    assert set(cs.KANO_NAMES) == set(cs.KANO_TABLE.to_numpy().ravel()) == set(cs.KANO_VALUE_LEVEL)
    assert cs.KANO_NAMES[cs.kano_category(3, 5)] == "Must-be"


# --- loyalty ---------------------------------------------------------------

def test_loyalty_zones_quadrants_and_extremes() -> None:
    z = cs.loyalty_zones([5, 4, 5, 2, 1, 2, 3], [5, 4, 1, 5, 1, 2, 3], 4, 4, apostle_at=5, terrorist_at=1)
    assert z.tolist() == ["apostle", "loyalist", "mercenary", "hostage", "terrorist", "defector", "defector"]
    plain = cs.loyalty_zones([5, 1], [5, 1], 4, 4)
    assert plain.tolist() == ["loyalist", "defector"]
    assert list(z.cat.categories) == list(cs.LOYALTY_ZONES.index)


def test_loyalty_zone_counts_hand_worked() -> None:
    z = cs.loyalty_zones([5, 4, 5, 2, 1, 2, 3], [5, 4, 1, 5, 1, 2, 3], 4, 4, apostle_at=5, terrorist_at=1)
    t = cs.loyalty_zone_counts(z)
    assert t.index.tolist() == list(cs.LOYALTY_ZONES.index)
    assert t["customers"].tolist() == [1, 1, 1, 1, 2, 1]
    assert t.loc["defector", "share"] == pytest.approx(2 / 7, rel=1e-12)
    assert t.loc["hostage", "chinese"] == "囚禁者"
    with pytest.raises(CRMLibError):
        cs.loyalty_zone_counts(pd.Series(["fan"]))


def test_stylized_curves_hand_values_on_the_zones_1_to_7_scale() -> None:
    # by hand, u = (s - 1) / 6; A = 1 + 6 (0.7 + 0.3 u), B = 1 + 6 u, C = 1 + 6 u^4
    # s = 4: u = 1/2 -> A = 1 + 6 * 0.85 = 6.1, B = 4, C = 1 + 6 / 16 = 1.375
    # s = 6: u = 5/6 -> A = 1 + 6 * 0.95 = 6.7, C = 1 + 6 * 625 / 1296 = 3.8935
    s = [1, 4, 6, 7]
    assert cs.stylized_loyalty_curve(s, "A") == pytest.approx([5.2, 6.1, 6.7, 7.0])
    assert cs.stylized_loyalty_curve(s, "B") == pytest.approx([1, 4, 6, 7])
    assert cs.stylized_loyalty_curve(s, "C") == pytest.approx([1, 1.375, 1 + 6 * 625 / 1296, 7])
    # the market aliases name the same curves
    assert cs.stylized_loyalty_curve(s, "noncompetitive") == pytest.approx(cs.stylized_loyalty_curve(s, "A"))
    assert cs.stylized_loyalty_curve(s, "proportional") == pytest.approx(cs.stylized_loyalty_curve(s, "B"))
    assert cs.stylized_loyalty_curve(s, "competitive") == pytest.approx(cs.stylized_loyalty_curve(s, "C"))
    # the default curve is C on 1-7
    assert cs.stylized_loyalty_curve(4.0) == pytest.approx(1.375)


def test_stylized_curves_order_and_shape() -> None:
    # seed 001's chart: A (no real choice) high and flat, B the diagonal, C (buyer's market)
    # low until the top; so C < B < A strictly inside the scale, all three meet at complete
    # satisfaction, and B, C start from "not loyal"
    s = np.linspace(1, 7, 61)
    a, b, c = (cs.stylized_loyalty_curve(s, k) for k in "ABC")
    inner = slice(1, -1)
    assert (c[inner] < b[inner]).all() and (b[inner] < a[inner]).all()
    assert a[-1] == b[-1] == c[-1] == 7 and b[0] == c[0] == 1 and a[0] > 5
    assert all(np.all(np.diff(y) > 0) for y in (a, b, c))
    # in the buyer's market, "satisfied" (6) keeps less than half the loyalty above the
    # scale's floor that "completely satisfied" (7) does
    assert c[s == 6] - 1 < 0.5 * (c[-1] - 1)


def test_stylized_curves_scale_argument() -> None:
    # on a 1-5 scale s = 3 is the middle (u = 1/2): C = 1 + 4 / 16 = 1.25, A = 1 + 4 * 0.85 = 4.4
    assert cs.stylized_loyalty_curve(3, "C", scale_min=1, scale_max=5) == pytest.approx(1.25)
    assert cs.stylized_loyalty_curve(3, "A", scale_min=1, scale_max=5) == pytest.approx(4.4)
    # on 0-10, the middle 5 gives B = 5 and C = 10 / 16
    assert cs.stylized_loyalty_curve([0, 5, 10], "B", scale_min=0, scale_max=10) == pytest.approx([0, 5, 10])
    assert cs.stylized_loyalty_curve(5, "C", scale_min=0, scale_max=10) == pytest.approx(0.625)
    with pytest.raises(CRMLibError, match="scale"):
        cs.stylized_loyalty_curve(6, "C", scale_min=1, scale_max=5)     # 6 is off a 1-5 scale
    with pytest.raises(CRMLibError, match="scale_max"):
        cs.stylized_loyalty_curve(3, "C", scale_min=5, scale_max=1)
    with pytest.raises(CRMLibError, match="'A', 'B' or 'C'"):
        cs.stylized_loyalty_curve(3, "D")


def test_curves_plot_has_three_labelled_lines_and_the_zone_cut() -> None:
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    from crmlib import plots

    ax = plots.plot_satisfaction_loyalty_curves()
    assert isinstance(ax, Axes)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [
        "A  无奈的选择  no real choice",
        "B  一分满意,一分忠诚  loyalty in proportion to satisfaction",
        "C  激烈竞争的买方市场  fiercely competitive buyer's market",
    ]
    lines = {ln.get_label()[:1]: ln for ln in ax.get_lines() if not ln.get_label().startswith("_")}
    assert sorted(lines) == ["A", "B", "C"]
    assert [lines[k].get_color() for k in "ABC"] == [plots.PALETTE[5], plots.PALETTE[0], plots.PALETTE[6]]
    x, y = lines["C"].get_data()
    assert x[0] == 1 and x[-1] == 7 and np.interp(4, x, y) == pytest.approx(1.375, abs=0.01)
    # the zone cut: one vertical and one horizontal line at 5
    cuts = [ln.get_xydata() for ln in ax.get_lines() if ln.get_label().startswith("_")]
    vertical = [c for c in cuts if (c[:, 0] == 5).all()]
    horizontal = [c for c in cuts if (c[:, 1] == 5).all()]
    assert len(cuts) == 2 and len(vertical) == len(horizontal) == 1
    # without the overlay only the three curves are drawn; the scale argument reaches the curves
    ax2 = plots.plot_satisfaction_loyalty_curves(cut=None, scale_min=1, scale_max=5)
    assert len(ax2.get_lines()) == 3 and ax2.get_xlim() == (1, 5)
    plt.close("all")


def test_ladder_and_iceberg() -> None:
    t = cs.ladder_conversion({"suspect": 1000, "prospect": 400, "customer": 100, "supporter": 40})
    assert t["step_rate"].tolist() == pytest.approx([1, 0.4, 0.25, 0.4])
    assert t["overall_rate"].iloc[-1] == pytest.approx(0.04)
    with pytest.raises(CRMLibError):
        cs.ladder_conversion({"prospect": 10})
    ice = cs.complaints_iceberg(26, 0.04, tell_per_dissatisfied=9)
    assert ice["dissatisfied"] == pytest.approx(650) and ice["silent"] == pytest.approx(624)
    assert ice["word_of_mouth_reach"] == pytest.approx(5850)
    assert np.isnan(cs.complaints_iceberg(4)["word_of_mouth_reach"])


# --- plots, widgets, exercises ---------------------------------------------------

def test_plots_return_axes(ecsi: cs.PLSPathModel) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    from crmlib import plots

    s, info = make_survey(300, return_info=True)
    d = cs.reverse_code(s, ["SAT3"], 1, 7)
    q = info["blocks"]["Quality"]
    ipa = cs.importance_performance(d[q], overall=d["SAT1"])
    axes = [
        plots.plot_likert_diverging(d[q], range(1, 8)),
        plots.plot_semantic_profile(s, info["semantic_anchors"], groups=s["channel"]),
        plots.plot_ipa(ipa),
        plots.plot_kano_better_worse(cs.kano_classify(s, info["kano_features"])),
        plots.plot_loyalty_zones(d["SAT1"], d["LOY1"], cs.loyalty_zones(d["SAT1"], d["LOY1"], 5, 5), 5, 5),
        plots.plot_satisfaction_loyalty_curves(),
        plots.plot_path_model(ecsi),
    ]
    assert all(isinstance(a, Axes) for a in axes)
    # the diverging chart's bars for one item span exactly 100 %
    bars = [p for p in axes[0].patches if abs(p.get_y() + p.get_height() / 2 - (len(q) - 1)) < 1e-9]
    assert sum(p.get_width() for p in bars) == pytest.approx(100)
    plt.close("all")


def test_widgets_build_and_update() -> None:
    from crmlib import widgets

    k = widgets.kano_classifier()
    k.children[0].value, k.children[1].value = 1, 3
    assert "Attractive" in k.children[2].value
    s = make_survey(200)
    z = widgets.loyalty_zone_explorer(s["SAT1"], s["LOY1"])
    z.children[0].value = 6.0
    z.children[1].value = 3.0
    n_merc = int((cs.loyalty_zones(s["SAT1"], s["LOY1"], 6.0, 3.0, apostle_at=7, terrorist_at=1) == "mercenary").sum())
    assert f"<td>mercenary</td><td>图利者</td><td style='text-align:right'>{n_merc}</td>" in z.children[-1].value
    n = widgets.nps_iceberg_calculator()  # 400 answers: 45 % promoters, 20 % detractors
    shown = n.children[-1].value
    # 180 promoters and 80 detractors: NPS = 100 (0.45 − 0.20) = 25; se = 100 √((0.45 + 0.20 − 0.25²) / 400)
    half = 1.959964 * 100 * np.sqrt((0.45 + 0.20 - 0.25**2) / 400)
    assert f"NPS = 25</b> (95 % interval {25 - half:.1f} to {25 + half:.1f}" in shown
    assert "180 promoters, 140 passives, 80 detractors" in shown
    # 20 complaints from the 4 % who complain: 500 dissatisfied, 480 silent, each telling 9 people
    assert "about <b>500 dissatisfied</b> customers, 480 of them silent" in shown
    assert f"reaches about {500 * 9} people" in shown


def test_exercise_checkers() -> None:
    from crmlib.exercises import check, exercises

    keys = exercises("ch4")
    assert len(keys) >= 3
    assert bool(check("ch4.nps", 20.0))
    assert not bool(check("ch4.nps", 25.0))
    assert not bool(check("ch4.kano", None))


def test_survey_inputs_are_checked_by_the_shared_validators() -> None:
    # one message style for every chapter: the column or the attribute, and an example row
    survey = pd.DataFrame({"q1": [4, 5], "q2": ["agree", "5"]})
    with pytest.raises(DataFormatError, match=r"The survey: column 'q2' is not numeric .*'agree'"):
        cs.cronbach_alpha(survey)
    with pytest.raises(DataFormatError, match=r"The survey has no column 'q3'"):
        cs.reverse_code(survey, ["q3"], 1, 5)
    with pytest.raises(DataFormatError, match=r"expected has 1 missing value \(e.g. row 'speed'\)"):
        cs.attribute_satisfaction({"speed": 4.0, "price": 3.0}, {"speed": None, "price": 4.0})
    with pytest.raises(DataFormatError, match=r"Expected the expectation ratings as a pandas DataFrame"):
        cs.servqual_scores([[7, 6]], pd.DataFrame({"r1": [5]}))


# ------------------------------------------------------------------------------------------
# Likert answers exported as text labels (问卷星, Google Forms, SurveyMonkey, Qualtrics)
# ------------------------------------------------------------------------------------------

def test_likert_labels_read_as_the_questionnaire_points() -> None:
    # the points of the usual 5-point scales, written out here rather than taken from crmlib
    answers = pd.DataFrame({
        "质量": ["非常不满意", "不满意", "一般", "满意", "非常满意"],
        "speed": ["Very dissatisfied", "dissatisfied", "Neither satisfied nor dissatisfied", "SATISFIED",
                  "very satisfied"],
        "trust": ["非常不同意", "不同意", "中立", "同意", "非常同意"],
        "fair": ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"],
        "often": ["从不", "很少", "有时", "经常", "总是"],
        "备注": ["很快", "还行", "慢", "", "好"],  # free text is not a Likert item: left as it is
    }, index=["r1", "r2", "r3", "r4", "r5"])
    codes = cs.likert_codes(answers)
    for c in ["质量", "speed", "trust", "fair", "often"]:
        assert codes[c].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0], c
    assert codes["备注"].tolist() == answers["备注"].tolist()
    coding = cs.likert_coding(answers)
    assert coding["scale"].to_dict() == {"质量": "satisfaction-5", "speed": "satisfaction-5", "trust": "agreement-5",
                                         "fair": "agreement-5", "often": "frequency-5"}
    assert coding.loc["质量", "mapping"] == "非常不满意=1, 不满意=2, 一般=3, 满意=4, 非常满意=5"
    assert coding["answers"].tolist() == [5] * 5 and coding["invalid"].tolist() == [0] * 5


def test_likert_labels_tolerate_case_full_width_forms_and_spaces() -> None:
    # U+3000 ideographic space, full-width letters and digits, stray spaces and a full stop
    answers = pd.DataFrame({"q": ["非常　满意", " 满意 ", "ＳＡＴＩＳＦＩＥＤ", "不满意。", "Very  Dissatisfied", "５"]})
    assert cs.likert_codes(answers)["q"].tolist() == [5.0, 4.0, 4.0, 2.0, 1.0, 5.0]


def test_likert_numbers_in_the_answer_are_the_answer() -> None:
    # the number a tool writes beside the label is the questionnaire's own coding: it wins
    answers = pd.DataFrame({"q": ["5 非常满意", "4. 满意", "3 - Neutral", "1 = Very dissatisfied", "Satisfied (4)",
                                  "７　非常满意"]})
    assert cs.likert_codes(answers)["q"].tolist() == [5.0, 4.0, 3.0, 1.0, 4.0, 7.0]
    assert cs.likert_coding(answers).loc["q", "scale"] == "numbers in the answers"
    # ... but a number followed by other words is not a Likert answer
    other = pd.DataFrame({"使用时长": ["3个月以上", "1年", "3 months"]})
    assert cs.likert_coding(other).empty
    assert cs.likert_codes(other).equals(other)


def test_likert_seven_point_labels_and_one_scale_per_survey() -> None:
    # 比较满意 exists only on the 7-point scale: there 满意 is 6 and 一般 is 4, in every column of the
    # survey, also in a column whose own answers would fit the 5-point scale
    answers = pd.DataFrame({"a": ["比较满意", "满意", "非常满意", "比较不满意"], "b": ["满意", "一般", "满意", "不满意"]})
    codes = cs.likert_codes(answers)
    assert codes["a"].tolist() == [5.0, 6.0, 7.0, 3.0]
    assert codes["b"].tolist() == [6.0, 4.0, 6.0, 2.0]
    assert set(cs.likert_coding(answers)["scale"]) == {"satisfaction-7"}
    # alone, the same answers are the 5-point scale's; scales= chooses the 7-point one
    alone = answers[["b"]]
    assert cs.likert_codes(alone)["b"].tolist() == [4.0, 3.0, 4.0, 2.0]
    assert cs.likert_codes(alone, scales=["satisfaction-7"])["b"].tolist() == [6.0, 4.0, 6.0, 2.0]
    english = pd.DataFrame({"q": ["Somewhat agree", "Agree", "Strongly disagree", "Somewhat disagree"]})
    assert cs.likert_codes(english)["q"].tolist() == [5.0, 6.0, 1.0, 3.0]


def test_likert_unknown_label_names_file_column_answer_and_respondent() -> None:
    answers = pd.DataFrame({"送货速度": ["满意", "一般", "还行", "还行", "非常满意"]}, index=[11, 12, 13, 14, 15])
    with pytest.raises(CRMLibError) as info:
        cs.likert_codes(answers, source="wjx.csv")
    message = str(info.value)
    assert message.startswith("wjx.csv: column '送货速度': 2 answers not a known Likert label, e.g. respondent 13 "
                              "answered '还行'.")
    assert "labels={'还行': <scale point>, ...}" in message and "invalid='missing'" in message
    # counted as missing on request, and said so
    missing = cs.likert_codes(answers, invalid="missing")["送货速度"]
    assert missing.isna().tolist() == [False, False, True, True, False] and missing.sum() == 4 + 3 + 5
    coding = cs.likert_coding(answers, invalid="missing").loc["送货速度"]
    assert (coding["answers"], coding["invalid"], coding["example"]) == (3, 2, "respondent 13 answered '还行'")
    # the user's labels win over the built-in ones and fill the gaps
    assert cs.likert_codes(answers, labels={"还行": 3.5})["送货速度"].tolist() == [4.0, 3.0, 3.5, 3.5, 5.0]
    assert cs.likert_coding(answers, labels={"还行": 3.5}).loc["送货速度", "scale"] == "satisfaction-5 + labels given"
    own = pd.DataFrame({"q": ["很好", "好", "差", "一般"]})
    assert cs.likert_codes(own, labels={"很好": 5, "好": 4, "一般": 3, "差": 2, "很差": 1})["q"].tolist() == [
        5.0, 4.0, 2.0, 3.0]
    assert cs.likert_codes(own, labels={"一般": 2.5}, items=["q"], invalid="missing")["q"].iloc[3] == 2.5
    # a column of unknown labels only, given as an item: all missing, and said so
    none = cs.likert_coding(own.iloc[:3], ["q"], invalid="missing").loc["q"]
    assert (none["scale"], none["mapping"], none["answers"], none["invalid"]) == ("no known label", "", 0, 3)


def test_likert_mixed_label_sets_are_refused_not_guessed() -> None:
    # 满意 (satisfaction) and 同意 (agreement) are both point 4, but a column is one question on one scale
    answers = pd.DataFrame({"q": ["满意", "非常满意", "同意", "一般"]}, index=["a", "b", "c", "d"])
    with pytest.raises(CRMLibError, match=r"^s.csv: column 'q': 1 answer from the 'agreement-5' scale while the "
                                          r"others are from the 'satisfaction-5' scale, e.g. respondent 'c' answered '同意'"):
        cs.likert_codes(answers, source="s.csv")
    codes = cs.likert_codes(answers, invalid="missing")["q"]
    assert codes.isna().tolist() == [False, False, True, False] and codes.dropna().tolist() == [4.0, 5.0, 3.0]
    # respondent ids need not be unique (two waves pasted together): answers are read by position
    twice = cs.likert_codes(answers.set_axis(["a", "a", "b", "b"]), invalid="missing")["q"]
    assert twice.isna().tolist() == [False, False, True, False] and twice.dropna().tolist() == [4.0, 5.0, 3.0]
    with pytest.raises(CRMLibError, match=r"Unknown label set\(s\) \['satisfaction-10'\]"):
        cs.likert_codes(answers, scales=["satisfaction-10"])
