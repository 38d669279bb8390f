"""A synthetic customer-satisfaction survey with a known ECSI-like structure."""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from .._deprecate import renamed_arguments
from .._errors import CRMLibError

__all__ = ["make_survey"]

#: Constructs of the synthetic survey and their items (the last SAT item is negatively worded).
_BLOCKS: dict[str, list[str]] = {
    "Image": ["IMAG1", "IMAG2", "IMAG3", "IMAG4"],
    "Expectation": ["EXPE1", "EXPE2", "EXPE3"],
    "Quality": ["QUAL1", "QUAL2", "QUAL3", "QUAL4", "QUAL5"],
    "Value": ["VAL1", "VAL2"],
    "Satisfaction": ["SAT1", "SAT2", "SAT3"],
    "Loyalty": ["LOY1", "LOY2", "LOY3"],
}

#: True standardized path coefficients (predictor, dependent) -> beta.
_PATHS: dict[tuple[str, str], float] = {
    ("Image", "Expectation"): 0.50,
    ("Image", "Satisfaction"): 0.20,
    ("Image", "Loyalty"): 0.20,
    ("Expectation", "Quality"): 0.50,
    ("Expectation", "Value"): 0.10,
    ("Expectation", "Satisfaction"): 0.05,
    ("Quality", "Value"): 0.55,
    ("Quality", "Satisfaction"): 0.45,
    ("Value", "Satisfaction"): 0.25,
    ("Satisfaction", "Loyalty"): 0.50,
}

_LABELS: dict[str, str] = {
    "IMAG1": "A company you can trust", "IMAG2": "Stable and well established",
    "IMAG3": "Contributes to society", "IMAG4": "Innovative and forward looking",
    "EXPE1": "Expected overall quality", "EXPE2": "Expected fit to my needs", "EXPE3": "Expected reliability",
    "QUAL1": "Delivery speed", "QUAL2": "Product reliability", "QUAL3": "Staff friendliness",
    "QUAL4": "Website ease of use", "QUAL5": "Complaint handling",
    "VAL1": "Quality for the price", "VAL2": "Price for the quality",
    "SAT1": "Overall satisfaction", "SAT2": "Compared with my ideal",
    "SAT3": "I am often disappointed (negatively worded)",
    "LOY1": "Will buy again", "LOY2": "Would choose again", "LOY3": "Stay if prices rise 10 %",
}

#: Kano features and their true category; the typical (functional, dysfunctional) answer pair.
_KANO: dict[str, str] = {
    "safe_payment": "M", "fast_delivery": "O", "live_tracking": "O",
    "free_gift_wrap": "A", "loyalty_app": "I", "auto_subscription": "R",
}
_KANO_TYPICAL: dict[str, list[tuple[int, int]]] = {
    "M": [(2, 5), (3, 5), (4, 5)], "O": [(1, 5)], "A": [(1, 3), (1, 4), (1, 2)],
    "I": [(3, 3), (3, 4), (4, 3), (2, 3)], "R": [(5, 1), (5, 3), (4, 1)],
}

_SEMANTIC: dict[str, tuple[str, str]] = {
    "SD_modern": ("old-fashioned", "modern"), "SD_friendly": ("unfriendly", "friendly"),
    "SD_fast": ("slow", "fast"), "SD_cheap": ("expensive", "cheap"), "SD_reliable": ("unreliable", "reliable"),
}


def _lv_covariance(names: list[str], paths: dict[tuple[str, str], float]) -> np.ndarray:
    """Implied correlation matrix of standardized constructs, in topological order."""
    m = len(names)
    sigma = np.eye(m)
    for j, dep in enumerate(names):
        pred = [names.index(s) for (s, d) in paths if d == dep]
        if not pred:
            continue
        if max(pred) >= j:
            raise CRMLibError("Constructs must be listed so predictors come before dependents.")
        b = np.array([paths[(names[p], dep)] for p in pred])
        for k in range(j):
            sigma[j, k] = sigma[k, j] = b @ sigma[pred, k]
        explained = b @ sigma[np.ix_(pred, pred)] @ b
        if explained >= 1:
            raise CRMLibError(f"Paths into {dep} explain more than all its variance; lower them.")
    return sigma


@renamed_arguments(seed="random_state", since="0.2", removed_in="0.3")
def make_survey(
    n_respondents: int = 600,
    random_state: int = 2026,
    scale_points: int = 7,
    loading: float = 0.9,
    *,
    return_info: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, dict]:
    """A Likert satisfaction survey generated from an ECSI-like structural model.

    Constructs (standardized, normal) follow the true paths (``info["paths"]``); each item is
    ``loading * construct + noise`` cut into *scale_points* categories. Also returned:
    one 0-10 likelihood-to-recommend answer (``NPS``, driven by loyalty), stated
    importance of the five quality attributes (``IMP_QUAL1``..``IMP_QUAL5``, 1-7),
    semantic-differential ratings (``SD_*``, 1-7), Kano answer pairs for six features
    (``KF_<feature>`` functional, ``KD_<feature>`` dysfunctional, coded 1-5), a
    ``channel`` (``"online"``/``"store"``) and a repeat-purchase count ``repurchases``.
    ``SAT3`` is negatively worded and stored *unreversed*.

    Parameters
    ----------
    n_respondents : number of rows.
    random_state : seed of :func:`numpy.random.default_rng` (the retired name is ``seed``).
    scale_points : points of the Likert scale (answers 1..scale_points).
    loading : standardized loading of every item on its construct before discretizing.
    return_info : also return the codebook and the truth, ``(survey, info)``.

    Returns
    -------
    DataFrame indexed by ``respondent``; with ``return_info=True``, ``(survey, info)`` where the
    dict *info* holds ``blocks``, ``paths`` (the true coefficients, a square DataFrame rows =
    dependent), ``reverse_coded``, ``labels``, ``scale`` (1, scale_points), ``kano_truth``,
    ``kano_features`` (feature -> (functional, dysfunctional) column) and ``semantic_anchors``.
    The survey's ``attrs`` repeat *info* for one release (removed in 0.3), a convenience no
    crmlib code reads: pandas drops ``attrs`` when a table is rebuilt.

    Examples
    --------
    >>> s, info = make_survey(200, return_info=True)
    >>> s.shape[0], int(s["SAT1"].min()) >= 1, int(s["SAT1"].max()) <= 7
    (200, True, True)
    >>> float(info["paths"].loc["Loyalty", "Satisfaction"]), info["reverse_coded"], info["scale"]
    (0.5, ['SAT3'], (1, 7))
    """
    if n_respondents < 10:
        raise CRMLibError("Ask for at least 10 respondents.")
    if not 0 < loading < 1:
        raise CRMLibError("loading must be strictly between 0 and 1.")
    if scale_points < 3:
        raise CRMLibError("scale_points must be at least 3.")
    rng = np.random.default_rng(random_state)
    names = list(_BLOCKS)
    sigma = _lv_covariance(names, _PATHS)
    eta = rng.multivariate_normal(np.zeros(len(names)), sigma, size=n_respondents, method="cholesky")
    lv = pd.DataFrame(eta, columns=names)

    def likert(z: np.ndarray, points: int, shift: float = 0.4) -> np.ndarray:
        # cut a standard-normal variable into equal-probability-ish categories, skewed positive
        cuts = np.linspace(-2.2, 1.8, points - 1) - shift
        return (np.searchsorted(cuts, z) + 1).astype(int)

    noise_sd = np.sqrt(1 - loading**2)
    data: dict[str, np.ndarray] = {}
    for block, items in _BLOCKS.items():
        for item in items:
            z = loading * lv[block].to_numpy() + noise_sd * rng.normal(size=n_respondents)
            data[item] = likert(z, scale_points)
    data["SAT3"] = 1 + scale_points - data["SAT3"]  # negatively worded item, stored as answered
    # NPS: 0-10 from loyalty
    z = 0.8 * lv["Loyalty"].to_numpy() + 0.6 * rng.normal(size=n_respondents)
    data["NPS"] = np.clip(np.round(7.7 + 2.0 * z), 0, 10).astype(int)
    # stated importance of the quality attributes (true means differ by attribute)
    imp_means = {"QUAL1": 6.0, "QUAL2": 6.3, "QUAL3": 4.6, "QUAL4": 4.2, "QUAL5": 5.6}
    for item, mu in imp_means.items():
        data[f"IMP_{item}"] = np.clip(np.round(mu + rng.normal(0, 0.9, n_respondents)), 1, 7).astype(int)
    # semantic differential
    channel = np.where(rng.random(n_respondents) < 0.55, "online", "store")
    online = channel == "online"
    sd_drivers = {"SD_modern": ("Image", 0.5, -0.4), "SD_friendly": ("Quality", -0.5, 0.3),
                  "SD_fast": ("Quality", 0.6, 0.0), "SD_cheap": ("Value", 0.3, -0.2),
                  "SD_reliable": ("Quality", 0.1, 0.4)}
    for item, (block, online_shift, base) in sd_drivers.items():
        z = 0.7 * lv[block].to_numpy() + 0.7 * rng.normal(size=n_respondents) + base + online_shift * online
        data[item] = likert(z, 7, shift=0.0)
    # Kano pairs: 75 % typical answer of the true category, 25 % any answer pair
    features = {}
    for feat, cat in _KANO.items():
        typical = _KANO_TYPICAL[cat]
        pick = rng.integers(0, len(typical), n_respondents)
        f = np.array([typical[k][0] for k in pick])
        d = np.array([typical[k][1] for k in pick])
        noisy = rng.random(n_respondents) < 0.25
        f[noisy] = rng.integers(1, 6, noisy.sum())
        d[noisy] = rng.integers(1, 6, noisy.sum())
        data[f"KF_{feat}"], data[f"KD_{feat}"] = f, d
        features[feat] = (f"KF_{feat}", f"KD_{feat}")
    data["channel"] = channel
    rate = np.exp(0.6 * lv["Loyalty"].to_numpy() + 0.3)
    data["repurchases"] = rng.poisson(rate)
    out = pd.DataFrame(data, index=pd.RangeIndex(1, n_respondents + 1, name="respondent"))
    paths = pd.DataFrame(0.0, index=names, columns=names)
    for (s, d), b in _PATHS.items():
        paths.loc[d, s] = b
    paths.index.name, paths.columns.name = "dependent", "predictor"
    info = dict(
        blocks={k: list(v) for k, v in _BLOCKS.items()}, paths=paths, reverse_coded=["SAT3"],
        labels=dict(_LABELS), scale=(1, scale_points), kano_truth=dict(_KANO), kano_features=features,
        semantic_anchors=dict(_SEMANTIC),
    )
    out.attrs.update(copy.deepcopy(info))  # deprecated convenience (removed in 0.3)
    return (out, info) if return_info else out
