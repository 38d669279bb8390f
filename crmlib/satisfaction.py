"""Customer satisfaction and loyalty (客户满意与忠诚): survey analytics and models.

What is here, in the order the chapter teaches it:

* the satisfaction index (客户满意度) as perceived / expected, its difference form and a 0-100 rescale;
* survey analysis for Likert (李克特量表) and semantic-differential (语义差异量表) items:
  item statistics, top-2-box, explicit reverse coding, Cronbach's alpha, alpha-if-dropped,
  item-total correlations;
* the five gaps (promotion, understanding, procedure, behaviour, perception) and SERVQUAL scores;
* the Net Promoter Score with a confidence interval, importance-performance analysis, Kano;
* PLS path modelling (:class:`PLSPathModel`, :func:`pls_path_model`) for ACSI/ECSI-type
  satisfaction index models, with bootstrap intervals and a 0-100 index;
* Jones-Sasser satisfaction-loyalty zones, the loyalty ladder and the complaints iceberg.
"""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ._base import BaseModel
from ._errors import CRMLibError

__all__ = [
    "ECSI_MOBI_BLOCKS", "ECSI_PATHS",
    "attribute_satisfaction", "satisfaction_index", "rescale_to_100",
    "reverse_code", "likert_distribution", "top_box", "item_statistics",
    "cronbach_alpha", "alpha_if_item_dropped", "item_total_correlation", "reliability_table",
    "FIVE_GAPS", "five_gap_scores", "servqual_scores",
    "nps_category", "net_promoter_score", "nps_from_shares",
    "IPA_QUADRANTS", "importance_performance",
    "KANO_ANSWERS", "KANO_TABLE", "KANO_NAMES", "KANO_VALUE_LEVEL", "kano_category", "kano_classify",
    "PLSPathModel", "pls_path_model",
    "LOYALTY_ZONES", "loyalty_zones", "loyalty_zone_counts", "LOYALTY_CURVES", "stylized_loyalty_curve",
    "LOYALTY_LADDER", "ladder_conversion", "complaints_iceberg",
]


# ---------------------------------------------------------------------------
# Satisfaction index: perceived / expected
# ---------------------------------------------------------------------------


#: Measurement model of the ECSI (European customer satisfaction index) on the ``mobi``
#: data (Tenenhaus et al. 2005): construct -> its items. Use with :data:`ECSI_PATHS`.
ECSI_MOBI_BLOCKS: dict[str, list[str]] = {
    "Image": ["IMAG1", "IMAG2", "IMAG3", "IMAG4", "IMAG5"],
    "Expectation": ["CUEX1", "CUEX2", "CUEX3"],
    "Quality": ["PERQ1", "PERQ2", "PERQ3", "PERQ4", "PERQ5", "PERQ6", "PERQ7"],
    "Value": ["PERV1", "PERV2"],
    "Satisfaction": ["CUSA1", "CUSA2", "CUSA3"],
    "Complaints": ["CUSCO"],
    "Loyalty": ["CUSL1", "CUSL2", "CUSL3"],
}

#: Structural model of the ECSI: (predictor, dependent) pairs.
ECSI_PATHS: list[tuple[str, str]] = [
    ("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
    ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
    ("Quality", "Value"), ("Quality", "Satisfaction"), ("Value", "Satisfaction"),
    ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty"),
]

def _as_series(x: pd.Series | Mapping | Sequence[float], name: str) -> pd.Series:
    s = x.copy() if isinstance(x, pd.Series) else pd.Series(x, dtype=float)
    if s.isna().any():
        raise CRMLibError(f"{name} has missing values; drop or impute them first.")
    return s.astype(float)


def attribute_satisfaction(
    perceived: pd.Series | Mapping | Sequence[float],
    expected: pd.Series | Mapping | Sequence[float],
    form: str = "ratio",
) -> pd.Series:
    """Satisfaction per attribute: perceived performance against expectation.

    Parameters
    ----------
    perceived : perceived performance per attribute (顾客的感知值).
    expected : expectation per attribute (顾客的期望值), on the same scale.
    form : ``"ratio"`` for CS = perceived / expected (above 1 means delighted),
        ``"difference"`` for perceived - expected (above 0 means delighted).

    Returns
    -------
    Series indexed like *perceived*.

    References
    ----------
    Seed 001: 客户满意度 = 顾客的感知值 / 顾客的期望值. Oliver (1980), "A cognitive model of the
    antecedents and consequences of satisfaction decisions", J. Marketing Research 17(4).

    Examples
    --------
    >>> p = pd.Series({"speed": 6.0, "price": 4.0})
    >>> e = pd.Series({"speed": 5.0, "price": 5.0})
    >>> attribute_satisfaction(p, e).to_dict()
    {'speed': 1.2, 'price': 0.8}
    >>> attribute_satisfaction(p, e, form="difference").to_dict()
    {'speed': 1.0, 'price': -1.0}
    """
    p, e = _as_series(perceived, "perceived"), _as_series(expected, "expected")
    if not p.index.equals(e.index):
        raise CRMLibError("perceived and expected must list the same attributes in the same order.")
    if form == "ratio":
        if (e <= 0).any():
            raise CRMLibError("The ratio form needs positive expectations; use form='difference' for scales with 0.")
        return (p / e).rename("satisfaction")
    if form == "difference":
        return (p - e).rename("satisfaction")
    raise CRMLibError(f"form must be 'ratio' or 'difference', not {form!r}.")


def satisfaction_index(
    perceived: pd.Series | Mapping | Sequence[float],
    expected: pd.Series | Mapping | Sequence[float],
    weights: pd.Series | Mapping | Sequence[float] | None = None,
    form: str = "ratio",
) -> float:
    """Overall satisfaction: the importance-weighted mean of :func:`attribute_satisfaction`.

    Parameters
    ----------
    perceived, expected : per-attribute scores, as in :func:`attribute_satisfaction`.
    weights : importance of each attribute (normalised to sum to 1); equal weights if None.
    form : ``"ratio"`` or ``"difference"``.

    Returns
    -------
    float

    Examples
    --------
    >>> p = {"speed": 6.0, "price": 4.0}
    >>> e = {"speed": 5.0, "price": 5.0}
    >>> round(satisfaction_index(p, e, weights={"speed": 3, "price": 1}), 3)
    1.1
    """
    cs = attribute_satisfaction(perceived, expected, form)
    if weights is None:
        w = pd.Series(1.0, index=cs.index)
    else:
        w = _as_series(weights, "weights")
        if set(w.index) != set(cs.index):
            raise CRMLibError("weights must name exactly the attributes of perceived/expected.")
        w = w.reindex(cs.index)
    if (w < 0).any() or w.sum() <= 0:
        raise CRMLibError("weights must be non-negative and not all zero.")
    return float((cs * w).sum() / w.sum())


def rescale_to_100(x: float | pd.Series | np.ndarray, low: float, high: float) -> float | pd.Series | np.ndarray:
    """Rescale scores on a ``low..high`` scale to 0-100, as the ACSI reports its index.

    Examples
    --------
    >>> rescale_to_100(7.3, 1, 10)
    70.0
    """
    if high <= low:
        raise CRMLibError(f"high ({high}) must exceed low ({low}).")
    out = (x - low) / (high - low) * 100
    return round(float(out), 10) if np.ndim(out) == 0 else out


# ---------------------------------------------------------------------------
# Survey analysis and reliability
# ---------------------------------------------------------------------------

def _numeric_items(data: pd.DataFrame, items: Sequence[str] | None = None) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise CRMLibError("Pass the survey as a DataFrame with one column per item.")
    cols = list(items) if items is not None else list(data.columns)
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise CRMLibError(f"Items {missing} are not columns of the data.")
    out = data[cols]
    bad = [c for c in cols if not pd.api.types.is_numeric_dtype(out[c])]
    if bad:
        raise CRMLibError(f"Items {bad} are not numeric; code answers as numbers first.")
    return out.astype(float)


def reverse_code(data: pd.DataFrame, items: Sequence[str], scale_min: float, scale_max: float) -> pd.DataFrame:
    """Reverse-code negatively worded items: x' = min + max - x.

    Parameters
    ----------
    data : survey answers, one column per item.
    items : the negatively worded items to reverse.
    scale_min, scale_max : the ends of the answer scale (e.g. 1 and 7).

    Returns
    -------
    A new DataFrame; other columns are unchanged.

    Examples
    --------
    >>> df = pd.DataFrame({"q1": [1, 5], "q2r": [2, 7]})
    >>> reverse_code(df, ["q2r"], 1, 7)["q2r"].tolist()
    [6, 1]
    """
    x = _numeric_items(data, items)
    if ((x < scale_min) | (x > scale_max)).any().any():
        raise CRMLibError(f"Some answers in {list(items)} fall outside {scale_min}..{scale_max}; check the scale.")
    out = data.copy()
    for c in items:
        out[c] = scale_min + scale_max - data[c]
    return out


def likert_distribution(data: pd.DataFrame, levels: Sequence[int] | None = None) -> pd.DataFrame:
    """Share of answers at each scale level, per item (rows = items, columns = levels).

    Examples
    --------
    >>> df = pd.DataFrame({"q": [1, 2, 2, 5]})
    >>> likert_distribution(df, levels=range(1, 6)).loc["q"].tolist()
    [0.25, 0.5, 0.0, 0.0, 0.25]
    """
    x = _numeric_items(data)
    if levels is None:
        levels = sorted(pd.unique(x.to_numpy().ravel()[~np.isnan(x.to_numpy().ravel())]))
    levels = [int(v) for v in levels]
    out = pd.DataFrame({lv: (x == lv).sum() / x.notna().sum() for lv in levels})
    out.columns.name = "level"
    return out


def top_box(data: pd.DataFrame, scale_max: int, boxes: int = 2) -> pd.Series:
    """Share of answers in the top *boxes* categories (top-2-box by default).

    Examples
    --------
    >>> df = pd.DataFrame({"q": [5, 4, 3, 1]})
    >>> top_box(df, scale_max=5).tolist()
    [0.5]
    """
    x = _numeric_items(data)
    return ((x > scale_max - boxes).sum() / x.notna().sum()).rename(f"top{boxes}box")


def cronbach_alpha(data: pd.DataFrame) -> float:
    """Cronbach's alpha of a set of items (rows with a missing answer are dropped).

    alpha = k / (k - 1) * (1 - sum of item variances / variance of the total score).

    References
    ----------
    Cronbach (1951), "Coefficient alpha and the internal structure of tests", Psychometrika 16(3).

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    >>> round(cronbach_alpha(df), 4)
    0.9333
    """
    x = _numeric_items(data).dropna()
    k = x.shape[1]
    if k < 2:
        raise CRMLibError("Cronbach's alpha needs at least two items.")
    total_var = x.sum(axis=1).var(ddof=1)
    if total_var == 0:
        raise CRMLibError("The total score does not vary; alpha is undefined.")
    return float(k / (k - 1) * (1 - x.var(ddof=1).sum() / total_var))


def alpha_if_item_dropped(data: pd.DataFrame) -> pd.Series:
    """Cronbach's alpha of the scale with each item left out in turn.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    >>> alpha_if_item_dropped(df).round(4).to_dict()
    {'a': 0.8, 'b': 0.96, 'c': 0.9412}
    """
    x = _numeric_items(data)
    if x.shape[1] < 3:
        raise CRMLibError("Alpha-if-dropped needs at least three items (two must remain).")
    return pd.Series({c: cronbach_alpha(x.drop(columns=c)) for c in x.columns}, name="alpha_if_dropped")


def item_total_correlation(data: pd.DataFrame, corrected: bool = True) -> pd.Series:
    """Correlation of each item with the total score.

    Parameters
    ----------
    corrected : if True (the default) the total leaves the item itself out, so an item
        does not correlate with itself.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    >>> item_total_correlation(df).round(4).to_dict()
    {'a': 1.0, 'b': 0.8, 'c': 0.8575}
    """
    x = _numeric_items(data).dropna()
    total = x.sum(axis=1)
    out = {c: x[c].corr(total - x[c] if corrected else total) for c in x.columns}
    return pd.Series(out, name="item_total_r")


def item_statistics(data: pd.DataFrame, scale_max: int, boxes: int = 2) -> pd.DataFrame:
    """Per-item summary: n, mean, sd, median, top-box share, corrected item-total r.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    >>> item_statistics(df, scale_max=5).loc["c", ["mean", "top2box"]].tolist()
    [3.0, 0.25]
    """
    x = _numeric_items(data)
    out = pd.DataFrame({
        "n": x.notna().sum(), "mean": x.mean(), "sd": x.std(ddof=1), "median": x.median(),
        f"top{boxes}box": top_box(x, scale_max, boxes),
    })
    if x.shape[1] >= 2:
        out["item_total_r"] = item_total_correlation(x)
    return out


def reliability_table(data: pd.DataFrame, blocks: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Cronbach's alpha and the number of items of each block (scale) of a survey.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    >>> reliability_table(df, {"S": ["a", "b", "c"]}).round(4).to_dict("index")
    {'S': {'items': 3.0, 'alpha': 0.9333}}
    """
    rows = {}
    for name, items in blocks.items():
        rows[name] = {"items": len(items), "alpha": cronbach_alpha(data[list(items)]) if len(items) > 1 else np.nan}
    return pd.DataFrame(rows).T.astype(float)


# ---------------------------------------------------------------------------
# Five gaps and SERVQUAL
# ---------------------------------------------------------------------------

#: The five gaps of seed 001, with the two measurements whose difference is each gap
#: (``later - earlier``, so negative means a shortfall) and the matching Parasuraman et al. gap.
FIVE_GAPS: pd.DataFrame = pd.DataFrame(
    [
        ("understanding", "理解差距", "expected", "management_view", "gap 1 (knowledge)"),
        ("procedure", "程序差距", "management_view", "standards", "gap 2 (standards)"),
        ("behaviour", "行为差距", "standards", "delivered", "gap 3 (delivery)"),
        ("promotion", "促销差距", "promised", "delivered", "gap 4 (communications)"),
        ("perception", "感受差距", "expected", "perceived", "gap 5 (service quality)"),
    ],
    columns=["gap", "chinese", "from", "to", "parasuraman"],
).set_index("gap")


def five_gap_scores(measures: pd.DataFrame) -> pd.DataFrame:
    """The five gaps of seed 001 per attribute, each as ``to - from`` (negative = shortfall).

    Parameters
    ----------
    measures : DataFrame indexed by attribute with columns ``expected`` (customers'
        expectation), ``management_view`` (what managers believe customers expect),
        ``standards`` (the service specification), ``delivered`` (the service actually
        delivered, e.g. from mystery shopping), ``promised`` (what advertising promised)
        and ``perceived`` (customers' perception), all on one scale.

    Returns
    -------
    DataFrame indexed by attribute with one column per gap, in the order of :data:`FIVE_GAPS`.

    References
    ----------
    Seed 001 (促销差距, 理解差距, 程序差距, 行为差距, 感受差距); Parasuraman, Zeithaml & Berry
    (1985), "A conceptual model of service quality", J. Marketing 49(4).

    Examples
    --------
    >>> m = pd.DataFrame({"expected": [6.0], "management_view": [5.5], "standards": [5.0],
    ...                   "delivered": [4.5], "promised": [6.5], "perceived": [4.8]}, index=["speed"])
    >>> five_gap_scores(m).loc["speed"].round(2).to_dict()
    {'understanding': -0.5, 'procedure': -0.5, 'behaviour': -0.5, 'promotion': -2.0, 'perception': -1.2}
    """
    need = ["expected", "management_view", "standards", "delivered", "promised", "perceived"]
    missing = [c for c in need if c not in measures.columns]
    if missing:
        raise CRMLibError(f"measures lacks columns {missing}; it needs {need}.")
    out = pd.DataFrame({g: measures[r["to"]] - measures[r["from"]] for g, r in FIVE_GAPS.iterrows()})
    out.columns.name = "gap"
    return out


def servqual_scores(
    expectations: pd.DataFrame,
    perceptions: pd.DataFrame,
    dimensions: Mapping[str, Sequence[str]] | None = None,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """SERVQUAL perception-minus-expectation scores per respondent and dimension.

    Parameters
    ----------
    expectations, perceptions : respondents x items, same columns, same scale.
    dimensions : dimension name -> items (e.g. reliability, responsiveness ...);
        each item its own dimension if None.
    weights : importance of each dimension for a weighted ``overall`` column; equal if None.

    Returns
    -------
    DataFrame respondents x dimensions, plus ``overall``.

    Examples
    --------
    >>> e = pd.DataFrame({"r1": [7, 6], "r2": [6, 6], "t1": [5, 5]})
    >>> p = pd.DataFrame({"r1": [5, 6], "r2": [6, 4], "t1": [6, 5]})
    >>> servqual_scores(e, p, {"reliability": ["r1", "r2"], "tangibles": ["t1"]}).to_dict("list")
    {'reliability': [-1.0, -1.0], 'tangibles': [1.0, 0.0], 'overall': [0.0, -0.5]}
    """
    e, p = _numeric_items(expectations), _numeric_items(perceptions)
    if list(e.columns) != list(p.columns) or not e.index.equals(p.index):
        raise CRMLibError("expectations and perceptions need the same items and respondents.")
    gap = p - e
    dims = dimensions or {c: [c] for c in gap.columns}
    out = pd.DataFrame({d: gap[list(items)].mean(axis=1) for d, items in dims.items()})
    w = pd.Series(weights if weights is not None else {d: 1.0 for d in dims}, dtype=float).reindex(out.columns)
    if w.isna().any():
        raise CRMLibError("weights must give a number for every dimension.")
    out["overall"] = out[list(dims)].mul(w, axis=1).sum(axis=1) / w.sum()
    return out


# ---------------------------------------------------------------------------
# NPS
# ---------------------------------------------------------------------------

def nps_category(scores: pd.Series | Sequence[float]) -> pd.Series:
    """Promoter (9-10), passive (7-8) or detractor (0-6) for each 0-10 answer.

    Examples
    --------
    >>> nps_category([10, 8, 3]).tolist()
    ['promoter', 'passive', 'detractor']
    """
    s = pd.Series(scores, dtype=float)
    if s.isna().any() or ((s < 0) | (s > 10)).any():
        raise CRMLibError("NPS answers must be 0-10 with no missing values.")
    cat = np.select([s >= 9, s >= 7], ["promoter", "passive"], "detractor")
    return pd.Series(pd.Categorical(cat, categories=["detractor", "passive", "promoter"], ordered=True),
                     index=s.index, name="nps_category")


def net_promoter_score(scores: pd.Series | Sequence[float], level: float = 0.95) -> pd.Series:
    """Net Promoter Score (% promoters - % detractors) with a normal-approximation interval.

    The variance uses the multinomial model of the three categories:
    Var(p_P - p_D) = (p_P + p_D - (p_P - p_D)^2) / n.

    Parameters
    ----------
    scores : answers to "how likely are you to recommend us" on 0-10.
    level : confidence level of the interval.

    Returns
    -------
    Series with ``n``, ``promoters``, ``passives``, ``detractors`` (shares), ``nps``,
    ``se``, ``lower`` and ``upper`` (nps, se and bounds on the -100..100 scale).

    References
    ----------
    Reichheld (2003), "The one number you need to grow", Harvard Business Review 81(12).

    Examples
    --------
    >>> r = net_promoter_score([10, 9, 8, 7, 6, 0, 10, 10, 5, 9])
    >>> r[["nps", "se"]].round(2).to_dict()
    {'nps': 20.0, 'se': 27.57}
    """
    cat = nps_category(scores)
    n = len(cat)
    if n == 0:
        raise CRMLibError("No NPS answers given.")
    return _nps_from_counts(int((cat == "promoter").sum()), int((cat == "detractor").sum()), n, level)


def _nps_from_counts(n_promoters: int, n_detractors: int, n: int, level: float) -> pd.Series:
    """The NPS and its interval from the category counts (the one formula behind both NPS functions)."""
    pp, pd_ = n_promoters / n, n_detractors / n
    nps = pp - pd_
    se = np.sqrt(max(pp + pd_ - nps**2, 0.0) / n)
    z = stats.norm.ppf(0.5 + level / 2)
    return pd.Series({
        "n": float(n), "promoters": pp, "passives": 1 - pp - pd_, "detractors": pd_,
        "nps": 100 * nps, "se": 100 * se,
        "lower": 100 * max(nps - z * se, -1.0), "upper": 100 * min(nps + z * se, 1.0),
    }, name="nps")


def nps_from_shares(n: int, promoters: float, detractors: float, level: float = 0.95) -> pd.Series:
    """The NPS of a sample of ``n`` answers with given shares of promoters and detractors.

    A what-if calculator: the shares are turned into whole respondents, rounding half up
    (``floor(n * share + 0.5)``, the same in every language, unlike Python's round-half-even),
    and the NPS and its interval are those :func:`net_promoter_score` gives for such a sample.
    A detractor share larger than what the promoters leave (``1 - promoters``) is cut to it,
    so the counts always add up to ``n``.

    Parameters
    ----------
    n : number of respondents (at least 1).
    promoters, detractors : shares between 0 and 1.
    level : confidence level of the interval.

    Returns
    -------
    Series with the counts ``n_promoters``, ``n_passives``, ``n_detractors`` followed by
    the fields of :func:`net_promoter_score`.

    Examples
    --------
    >>> r = nps_from_shares(400, 0.45, 0.2)
    >>> r[["n_promoters", "n_passives", "n_detractors", "nps"]].tolist()
    [180.0, 140.0, 80.0, 25.0]
    """
    if int(n) != n or n < 1:
        raise CRMLibError(f"n={n!r}: the number of respondents is a whole number of at least 1.")
    for name, share in (("promoters", promoters), ("detractors", detractors)):
        if not 0 <= share <= 1:
            raise CRMLibError(f"{name}={share!r} is a share between 0 and 1 (45 % is 0.45).")
    n = int(n)
    detractors = min(detractors, 1 - promoters)
    n_p, n_d = int(np.floor(n * promoters + 0.5)), int(np.floor(n * detractors + 0.5))
    if n_p + n_d > n:  # both rounded up past n: the detractors give way, as with the shares
        n_d = n - n_p
    counts = pd.Series({"n_promoters": float(n_p), "n_passives": float(n - n_p - n_d),
                        "n_detractors": float(n_d)})
    return pd.concat([counts, _nps_from_counts(n_p, n_d, n, level)]).rename("nps")


# ---------------------------------------------------------------------------
# Importance-performance analysis
# ---------------------------------------------------------------------------

#: Quadrant labels of Martilla & James (1977), keyed by (high importance, high performance).
IPA_QUADRANTS: dict[tuple[bool, bool], str] = {
    (True, False): "Concentrate here",
    (True, True): "Keep up the good work",
    (False, False): "Low priority",
    (False, True): "Possible overkill",
}


def importance_performance(
    performance: pd.DataFrame,
    importance: pd.Series | pd.DataFrame | None = None,
    overall: pd.Series | None = None,
    cutoffs: str | tuple[float, float] = "mean",
) -> pd.DataFrame:
    """Importance-performance analysis (IPA) of attributes.

    Parameters
    ----------
    performance : respondents x attributes, performance ratings.
    importance : stated importance, as one value per attribute (Series) or respondents x
        attributes ratings (averaged). Leave None to derive importance from *overall*.
    overall : overall satisfaction per respondent; importance is then the correlation of
        each attribute's performance with it ("derived importance").
    cutoffs : ``"mean"`` (grand means of importance and performance across attributes,
        the usual choice), ``"median"``, or a tuple ``(importance_cut, performance_cut)``.
        A value equal to the cut counts as high.

    Returns
    -------
    DataFrame indexed by attribute with ``importance``, ``performance`` and ``quadrant``;
    the cuts used are in ``.attrs["cutoffs"]``.

    References
    ----------
    Martilla & James (1977), "Importance-performance analysis", J. Marketing 41(1).

    Examples
    --------
    >>> perf = pd.DataFrame({"a": [6, 6], "b": [3, 3], "c": [6, 6], "d": [3, 3]})
    >>> imp = pd.Series({"a": 6.0, "b": 6.0, "c": 2.0, "d": 2.0})
    >>> importance_performance(perf, imp)["quadrant"].to_dict()
    {'a': 'Keep up the good work', 'b': 'Concentrate here', 'c': 'Possible overkill', 'd': 'Low priority'}
    """
    perf = _numeric_items(performance)
    if importance is not None and overall is not None:
        raise CRMLibError("Give stated importance or overall satisfaction (derived importance), not both.")
    if importance is None:
        if overall is None:
            raise CRMLibError("Give importance (stated) or overall (to derive importance by correlation).")
        ov = pd.Series(overall, dtype=float)
        if len(ov) != len(perf):
            raise CRMLibError("overall needs one value per respondent of performance.")
        ov.index = perf.index
        imp = perf.apply(lambda col: col.corr(ov))
    elif isinstance(importance, pd.DataFrame):
        imp = _numeric_items(importance).mean()
    else:
        imp = pd.Series(importance, dtype=float)
    imp = imp.reindex(perf.columns)
    if imp.isna().any():
        raise CRMLibError("importance must cover every performance attribute.")
    out = pd.DataFrame({"importance": imp, "performance": perf.mean()})
    if cutoffs == "mean":
        ic, pc = out["importance"].mean(), out["performance"].mean()
    elif cutoffs == "median":
        ic, pc = out["importance"].median(), out["performance"].median()
    else:
        ic, pc = map(float, cutoffs)
    out["quadrant"] = [IPA_QUADRANTS[(i >= ic, p >= pc)] for i, p in zip(out["importance"], out["performance"])]
    out.attrs["cutoffs"] = (float(ic), float(pc))
    return out


# ---------------------------------------------------------------------------
# Kano
# ---------------------------------------------------------------------------

#: Kano answer options, coded 1-5 (functional / dysfunctional question).
KANO_ANSWERS: dict[int, str] = {1: "like", 2: "must-be", 3: "neutral", 4: "live with", 5: "dislike"}

#: Kano evaluation table: rows = functional answer, columns = dysfunctional answer.
#: A attractive, O one-dimensional, M must-be, I indifferent, R reverse, Q questionable.
KANO_TABLE: pd.DataFrame = pd.DataFrame(
    [list("QAAAO"), list("RIIIM"), list("RIIIM"), list("RIIIM"), list("RRRRQ")],
    index=pd.Index(range(1, 6), name="functional"),
    columns=pd.Index(range(1, 6), name="dysfunctional"),
)

#: Kano category letter -> its English name.
KANO_NAMES: dict[str, str] = {"A": "Attractive", "O": "One-dimensional", "M": "Must-be", "I": "Indifferent",
                              "R": "Reverse", "Q": "Questionable"}

#: Kano category -> chapter 1's value level (basic/expected, desired, unanticipated).
KANO_VALUE_LEVEL: dict[str, str] = {
    "M": "basic / expected", "O": "desired", "A": "unanticipated",
    "I": "none (indifferent)", "R": "negative (reverse)", "Q": "questionable answer",
}


def kano_category(functional: int, dysfunctional: int) -> str:
    """Kano category of one answer pair, from :data:`KANO_TABLE`.

    Examples
    --------
    >>> kano_category(1, 5), kano_category(1, 3), kano_category(3, 5), kano_category(5, 1)
    ('O', 'A', 'M', 'R')
    """
    try:
        return str(KANO_TABLE.loc[int(functional), int(dysfunctional)])
    except (KeyError, ValueError, TypeError):
        raise CRMLibError(
            f"Kano answers are coded 1-5 ({KANO_ANSWERS}); got ({functional!r}, {dysfunctional!r})."
        ) from None


def kano_classify(data: pd.DataFrame, features: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """Classify features from functional/dysfunctional answer pairs.

    Parameters
    ----------
    data : respondents x answer columns, answers coded 1-5 as in :data:`KANO_ANSWERS`.
    features : feature name -> (functional column, dysfunctional column).

    Returns
    -------
    DataFrame indexed by feature with counts ``A O M I R Q``, ``category`` (the most
    frequent, ties broken in the order M > O > A > I > R > Q, Berger et al.'s rule of
    thumb), ``better`` = (A + O) / (A + O + M + I), ``worse`` = -(O + M) / (A + O + M + I)
    and ``value_level`` (chapter 1's value levels).

    References
    ----------
    Kano et al. (1984), "Attractive quality and must-be quality", J. Japanese Society for
    Quality Control 14(2); Berger et al. (1993), "Kano's methods for understanding
    customer-defined quality", Center for Quality Management Journal 2(4).

    Examples
    --------
    >>> df = pd.DataFrame({"f": [1, 1, 1, 3], "d": [3, 3, 5, 5]})
    >>> k = kano_classify(df, {"wifi": ("f", "d")}).loc["wifi"]
    >>> int(k["A"]), int(k["O"]), int(k["M"]), k["category"], float(k["better"]), float(k["worse"])
    (2, 1, 1, 'A', 0.75, -0.5)
    """
    order = ["M", "O", "A", "I", "R", "Q"]
    rows = {}
    for name, (fcol, dcol) in features.items():
        pairs = data[[fcol, dcol]].dropna()
        cats = [kano_category(f, d) for f, d in zip(pairs[fcol], pairs[dcol])]
        counts = {c: cats.count(c) for c in "AOMIRQ"}
        best = max(order, key=lambda c: (counts[c], -order.index(c)))
        denom = counts["A"] + counts["O"] + counts["M"] + counts["I"]
        rows[name] = {
            **counts, "category": best,
            "better": (counts["A"] + counts["O"]) / denom if denom else np.nan,
            "worse": -(counts["O"] + counts["M"]) / denom if denom else np.nan,
            "value_level": KANO_VALUE_LEVEL[best],
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    return out.astype({c: int for c in "AOMIRQ"})


# ---------------------------------------------------------------------------
# PLS path modelling
# ---------------------------------------------------------------------------

def _paths_list(paths: Iterable[tuple[str, str]] | Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    if isinstance(paths, Mapping):
        return [(src, dep) for dep, srcs in paths.items() for src in srcs]
    out = [tuple(p) for p in paths]
    if any(len(p) != 2 for p in out):
        raise CRMLibError("paths must be (predictor, dependent) pairs or a dict dependent -> predictors.")
    return out  # type: ignore[return-value]


class PLSPathModel(BaseModel):
    """Partial least squares path model (Wold/Lohmöller algorithm, reflective Mode A).

    Parameters
    ----------
    blocks : construct name -> its indicator columns (e.g. ``{"Image": ["IMAG1", ...]}``).
    paths : structural paths as ``(predictor, dependent)`` pairs, or a dict
        dependent -> list of predictors. The model must be recursive (no loops).
    scheme : inner weighting scheme, ``"centroid"`` (Wold's), ``"factorial"`` or ``"path"``.
    tol : convergence tolerance on the largest change of an outer weight.
    max_iter : iteration limit.
    scale_range : ``(low, high)`` of the answer scale, for the 0-100 index; the smallest
        and largest values in the data if None.
    scaled : standardize the items (the default, as seminr does); if False the items are
        only centred, as in R plspm with ``scaled = FALSE`` (items on one common scale).

    Attributes
    ----------
    outer_weights_ : Series (block, item) -> standardized outer weight.
    outer_loadings_ : Series (block, item) -> correlation of the item with its construct.
    path_coefficients_ : square DataFrame, rows = dependent, columns = predictor.
    r_squared_ : Series, R² of each endogenous construct.
    total_effects_ : square DataFrame of total (direct + indirect) effects, rows = effect on.
    scores_ : DataFrame of standardized construct scores (mean 0, sd 1).
    index_weights_ : Series of unstandardized weights rescaled to sum to 1 per block.
    index_ : DataFrame of construct scores on 0-100 (the ACSI-style index), per respondent.
    params_ : Series of the path coefficients labelled ``"X -> Y"``.
    n_iter_ : iterations used.

    Notes
    -----
    Items are standardized with the n - 1 standard deviation (only centred if
    ``scaled=False``). Outer weights start at 1;
    each iteration forms inner proxies Z = Y E with the scheme's inner weights E, sets
    Mode A weights to cov(x, Z) and rescales the construct to unit variance. Path
    coefficients are OLS regressions of each dependent construct on its predictors.
    The index rescales the unstandardized weights w / sd(x) to sum to 1, so a construct
    score is a weighted mean of its items on the answer scale, mapped to 0-100
    (Fornell et al. 1996).

    References
    ----------
    Lohmöller (1989), *Latent Variable Path Modeling with Partial Least Squares*;
    Tenenhaus, Esposito Vinzi, Chatelin & Lauro (2005), "PLS path modeling", CSDA 48(1),
    159-205; Fornell et al. (1996), "The American Customer Satisfaction Index",
    J. Marketing 60(4). Path coefficients match R seminr on the mobi data and R plspm
    (``scaled = FALSE``, all three schemes) on its satisfaction data.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=(200, 2)); f[:, 1] += 0.6 * f[:, 0]
    >>> x = pd.DataFrame(np.repeat(f, 2, axis=1) + rng.normal(0, .5, (200, 4)), columns=list("abcd"))
    >>> m = PLSPathModel({"F": ["a", "b"], "G": ["c", "d"]}, [("F", "G")]).fit(x)
    >>> round(float(m.path_coefficients_.loc["G", "F"]), 2)
    0.5
    """

    def __init__(
        self,
        blocks: Mapping[str, Sequence[str]],
        paths: Iterable[tuple[str, str]] | Mapping[str, Sequence[str]],
        scheme: str = "centroid",
        tol: float = 1e-10,
        max_iter: int = 500,
        scale_range: tuple[float, float] | None = None,
        scaled: bool = True,
    ) -> None:
        self.blocks = blocks
        self.paths = paths
        self.scheme = scheme
        self.tol = tol
        self.max_iter = max_iter
        self.scale_range = scale_range
        self.scaled = scaled

    # -- helpers -----------------------------------------------------------
    def _setup(self, data: pd.DataFrame) -> tuple[list[str], list[tuple[str, str]], np.ndarray]:
        if self.scheme not in ("centroid", "factorial", "path"):
            raise CRMLibError(f"scheme must be 'centroid', 'factorial' or 'path', not {self.scheme!r}.")
        lvs = list(self.blocks)
        paths = _paths_list(self.paths)
        unknown = {n for p in paths for n in p} - set(lvs)
        if unknown:
            raise CRMLibError(f"paths name constructs {sorted(unknown)} that are not in blocks.")
        items = [c for lv in lvs for c in self.blocks[lv]]
        missing = [c for c in items if c not in data.columns]
        if missing:
            raise CRMLibError(f"Indicator columns {missing} are not in the data.")
        if len(set(items)) != len(items):
            raise CRMLibError("An indicator belongs to more than one block; give each item one construct.")
        m = len(lvs)
        inner = np.zeros((m, m))  # inner[dep, pred] = 1
        for src, dep in paths:
            inner[lvs.index(dep), lvs.index(src)] = 1.0
        # recursive check: nilpotent adjacency
        if np.any(np.linalg.matrix_power(inner, m) != 0):
            raise CRMLibError("The path model has a loop; PLS path models here must be recursive.")
        return lvs, paths, inner

    @staticmethod
    def _estimate(x: np.ndarray, idx: list[np.ndarray], inner: np.ndarray, scheme: str,
                  tol: float, max_iter: int) -> tuple[list[np.ndarray], np.ndarray, int]:
        n = x.shape[0]
        adj = ((inner + inner.T) > 0).astype(float)

        def normalise(weights: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
            y = np.column_stack([x[:, i] @ w for i, w in zip(idx, weights)])
            sd = y.std(axis=0, ddof=1)
            if np.any(sd == 0):
                raise CRMLibError("A construct score has no variance; check its items vary.")
            return y / sd, [w / s for w, s in zip(weights, sd)]

        y, w = normalise([np.ones(len(i)) for i in idx])
        for it in range(1, max_iter + 1):
            r = np.corrcoef(y, rowvar=False)
            if scheme == "centroid":
                e = np.sign(r) * adj
            elif scheme == "factorial":
                e = r * adj
            else:  # path weighting
                e = r * (inner > 0)  # successors (inner[succ, j] = 1): correlation
                for j in range(len(idx)):
                    pred = np.flatnonzero(inner[j])
                    if len(pred):
                        e[pred, j] = np.linalg.solve(r[np.ix_(pred, pred)], r[pred, j])
            z = y @ e
            new = [x[:, i].T @ z[:, j] / (n - 1) for j, i in enumerate(idx)]
            y, new = normalise(new)
            change = max(float(np.max(np.abs(a - b))) for a, b in zip(new, w))
            w = new
            if change < tol:
                return w, y, it
        raise CRMLibError(f"PLS did not converge in {max_iter} iterations; raise max_iter or tol.")

    @staticmethod
    def _paths(y: np.ndarray, inner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        m = inner.shape[0]
        beta = np.zeros((m, m))
        r2 = np.full(m, np.nan)
        for j in range(m):
            pred = np.flatnonzero(inner[j])
            if len(pred):
                b, *_ = np.linalg.lstsq(y[:, pred], y[:, j], rcond=None)
                beta[j, pred] = b
                resid = y[:, j] - y[:, pred] @ b
                r2[j] = 1 - resid.var(ddof=1) / y[:, j].var(ddof=1)
        return beta, r2

    def _run(self, data: pd.DataFrame) -> dict:
        lvs, paths, inner = self._setup(data)
        items = [c for lv in lvs for c in self.blocks[lv]]
        raw = data[items].astype(float)
        if raw.isna().any().any():
            raise CRMLibError("The indicators have missing values; drop or impute them before fitting.")
        sd = raw.std(ddof=1)
        if (sd == 0).any():
            raise CRMLibError(f"Items {list(sd.index[sd == 0])} do not vary; drop them.")
        x = ((raw - raw.mean()) / (sd if self.scaled else 1.0)).to_numpy()
        pos = {c: k for k, c in enumerate(items)}
        idx = [np.array([pos[c] for c in self.blocks[lv]]) for lv in lvs]
        w, y, n_iter = self._estimate(x, idx, inner, self.scheme, self.tol, self.max_iter)
        beta, r2 = self._paths(y, inner)
        return dict(lvs=lvs, paths=paths, inner=inner, items=items, raw=raw, sd=sd, x=x, idx=idx,
                    w=w, y=y, beta=beta, r2=r2, n_iter=n_iter)

    # -- public API --------------------------------------------------------
    def fit(self, data: pd.DataFrame) -> "PLSPathModel":
        """Estimate the model on *data* (respondents x items); returns self."""
        res = self._run(data)
        lvs, items, idx = res["lvs"], res["items"], res["idx"]
        keys = pd.MultiIndex.from_tuples([(lv, c) for lv in lvs for c in self.blocks[lv]], names=["block", "item"])
        self.outer_weights_ = pd.Series(np.concatenate(res["w"]), index=keys, name="weight")
        y = res["y"]
        load = [np.corrcoef(res["x"][:, k], y[:, j])[0, 1] for j, i in enumerate(idx) for k in i]
        self.outer_loadings_ = pd.Series(load, index=keys, name="loading")
        self.path_coefficients_ = pd.DataFrame(res["beta"], index=lvs, columns=lvs)
        self.path_coefficients_.index.name, self.path_coefficients_.columns.name = "dependent", "predictor"
        self.r_squared_ = pd.Series(res["r2"], index=lvs, name="r_squared").dropna()
        m = len(lvs)
        total = np.linalg.inv(np.eye(m) - res["beta"]) - np.eye(m)
        self.total_effects_ = pd.DataFrame(total, index=lvs, columns=lvs)
        self.total_effects_.index.name, self.total_effects_.columns.name = "effect_on", "effect_of"
        self.scores_ = pd.DataFrame(y, index=data.index, columns=lvs)
        # 0-100 index from unstandardized weights
        unstd = self.outer_weights_.copy()
        if self.scaled:
            unstd = unstd / res["sd"].reindex(keys.get_level_values("item")).to_numpy()
        self.index_weights_ = (unstd / unstd.groupby(level="block").transform("sum")).rename("index_weight")
        low, high = self.scale_range if self.scale_range is not None else (
            float(res["raw"].min().min()), float(res["raw"].max().max()))
        idx_scores = {}
        for lv in lvs:
            wv = self.index_weights_.loc[lv]
            score = rescale_to_100(res["raw"][list(wv.index)].to_numpy() @ wv.to_numpy(), low, high)
            if (wv >= 0).all():
                # a convex combination of items on [low, high]: anything outside 0-100 is rounding
                score = np.clip(score, 0.0, 100.0)
            idx_scores[lv] = score
        self.index_ = pd.DataFrame(idx_scores, index=data.index)
        self.params_ = pd.Series(
            {f"{s} -> {d}": self.path_coefficients_.loc[d, s] for s, d in res["paths"]}, name="path")
        self.n_iter_ = res["n_iter"]
        self._data = data
        return self

    def summary(self) -> pd.DataFrame:
        """The paths as a long table: predictor, dependent, coefficient."""
        self._check_fitted()
        rows = [(s, d, self.path_coefficients_.loc[d, s]) for s, d in _paths_list(self.paths)]
        return pd.DataFrame(rows, columns=["predictor", "dependent", "coefficient"])

    def bootstrap(self, n_boot: int = 500, seed: int = 2026, level: float = 0.95) -> pd.DataFrame:
        """Bootstrap standard errors and percentile intervals of the path coefficients.

        Respondents are resampled with replacement *n_boot* times (seeded) and the model
        is re-estimated each time.

        Returns
        -------
        DataFrame indexed by ``"X -> Y"`` with ``estimate``, ``boot_mean``, ``boot_se``,
        ``lower`` and ``upper``, and ``t`` = estimate / boot_se.
        """
        self._check_fitted()
        data = self._data
        rng = np.random.default_rng(seed)
        labels = list(self.params_.index)
        pairs = _paths_list(self.paths)
        lvs = list(self.blocks)
        draws = np.empty((n_boot, len(labels)))
        for b in range(n_boot):
            sample = data.iloc[rng.integers(0, len(data), len(data))]
            res = self._run(sample)
            draws[b] = [res["beta"][lvs.index(d), lvs.index(s)] for s, d in pairs]
        a = (1 - level) / 2
        est = self.params_.to_numpy()
        se = draws.std(axis=0, ddof=1)
        return pd.DataFrame({
            "estimate": est, "boot_mean": draws.mean(axis=0), "boot_se": se,
            "lower": np.quantile(draws, a, axis=0), "upper": np.quantile(draws, 1 - a, axis=0),
            "t": est / se,
        }, index=pd.Index(labels, name="path"))


def pls_path_model(
    data: pd.DataFrame,
    blocks: Mapping[str, Sequence[str]],
    paths: Iterable[tuple[str, str]] | Mapping[str, Sequence[str]],
    scheme: str = "centroid",
    **kwargs: object,
) -> PLSPathModel:
    """Fit a :class:`PLSPathModel` in one call; returns the fitted model.

    Examples
    --------
    >>> from crmlib.datasets import load_mobi  # doctest: +SKIP
    >>> blocks = {"Image": ["IMAG1", "IMAG2", "IMAG3", "IMAG4", "IMAG5"],
    ...           "Expectation": ["CUEX1", "CUEX2", "CUEX3"]}
    >>> m = pls_path_model(load_mobi(), blocks, [("Image", "Expectation")])  # doctest: +SKIP
    """
    return PLSPathModel(blocks, paths, scheme=scheme, **kwargs).fit(data)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Satisfaction and loyalty
# ---------------------------------------------------------------------------

#: Jones & Sasser (1995) zones with the seeds' Chinese names.
LOYALTY_ZONES: pd.DataFrame = pd.DataFrame(
    [
        ("apostle", "传道者", "very high satisfaction, high loyalty: recommends you"),
        ("loyalist", "忠诚者", "high satisfaction, high loyalty"),
        ("mercenary", "图利者", "high satisfaction, low loyalty: chases the best deal"),
        ("hostage", "囚禁者", "low satisfaction, high loyalty: cannot leave (switching costs, monopoly)"),
        ("defector", "背叛者", "low satisfaction, low loyalty: leaves"),
        ("terrorist", "破坏者", "very low satisfaction, low loyalty: leaves and spreads bad word of mouth"),
    ],
    columns=["zone", "chinese", "description"],
).set_index("zone")


def loyalty_zones(
    satisfaction: pd.Series | Sequence[float],
    loyalty: pd.Series | Sequence[float],
    satisfaction_cut: float,
    loyalty_cut: float,
    apostle_at: float | None = None,
    terrorist_at: float | None = None,
) -> pd.Series:
    """Jones-Sasser zone of each customer from satisfaction and loyalty scores.

    Parameters
    ----------
    satisfaction, loyalty : one score per customer (e.g. 1-5 ratings, or repurchase intent).
    satisfaction_cut, loyalty_cut : values at or above which a score counts as high.
    apostle_at : satisfaction at or above which a loyal customer is an apostle
        (传道者) rather than a loyalist; no apostles if None.
    terrorist_at : satisfaction at or below which a disloyal customer is a terrorist
        (破坏者) rather than a defector; no terrorists if None.

    Returns
    -------
    Categorical Series with the zones of :data:`LOYALTY_ZONES`.

    References
    ----------
    Jones & Sasser (1995), "Why satisfied customers defect", Harvard Business Review 73(6).

    Examples
    --------
    >>> loyalty_zones([5, 4, 2, 1, 2], [5, 2, 5, 1, 2], 4, 4, apostle_at=5, terrorist_at=1).tolist()
    ['apostle', 'mercenary', 'hostage', 'terrorist', 'defector']
    """
    s = pd.Series(satisfaction, dtype=float)
    loy = pd.Series(loyalty, dtype=float)
    if len(s) != len(loy):
        raise CRMLibError("satisfaction and loyalty need one value per customer each.")
    loy.index = s.index
    if s.isna().any() or loy.isna().any():
        raise CRMLibError("satisfaction and loyalty have missing values; drop them first.")
    hi_s, hi_l = s >= satisfaction_cut, loy >= loyalty_cut
    zone = np.select(
        [hi_s & hi_l, hi_s & ~hi_l, ~hi_s & hi_l], ["loyalist", "mercenary", "hostage"], "defector"
    ).astype(object)
    if apostle_at is not None:
        zone[(hi_s & hi_l & (s >= apostle_at)).to_numpy()] = "apostle"
    if terrorist_at is not None:
        zone[(~hi_s & ~hi_l & (s <= terrorist_at)).to_numpy()] = "terrorist"
    return pd.Series(pd.Categorical(zone, categories=list(LOYALTY_ZONES.index)), index=s.index, name="zone")


def loyalty_zone_counts(zones: pd.Series) -> pd.DataFrame:
    """Customers and share of customers in each zone, every zone listed (empty ones with 0).

    Parameters
    ----------
    zones : the output of :func:`loyalty_zones`.

    Returns
    -------
    DataFrame indexed by zone (the order of :data:`LOYALTY_ZONES`) with ``chinese``,
    ``customers`` and ``share``.

    Examples
    --------
    >>> z = loyalty_zones([5, 4, 2, 1], [5, 2, 5, 1], 4, 4)
    >>> loyalty_zone_counts(z)["customers"].tolist()
    [0, 1, 1, 1, 1, 0]
    """
    if len(zones) == 0:
        raise CRMLibError("No customers: loyalty_zone_counts needs the zones of at least one customer.")
    z = pd.Series(zones).astype(str)
    unknown = sorted(set(z) - set(LOYALTY_ZONES.index))
    if unknown:
        raise CRMLibError(f"Unknown zones {unknown}: pass the output of loyalty_zones().")
    counts = z.value_counts().reindex(LOYALTY_ZONES.index, fill_value=0).astype(int)
    return pd.DataFrame({"chinese": LOYALTY_ZONES["chinese"], "customers": counts,
                         "share": counts / len(z)})


#: Seed 001's three satisfaction-loyalty curves: letter -> (Chinese name, English name, alias).
LOYALTY_CURVES: pd.DataFrame = pd.DataFrame(
    [
        ("A", "无奈的选择", "no real choice", "noncompetitive"),
        ("B", "一分满意,一分忠诚", "loyalty in proportion to satisfaction", "proportional"),
        ("C", "激烈竞争的买方市场", "fiercely competitive buyer's market", "competitive"),
    ],
    columns=["curve", "chinese", "english", "market"],
).set_index("curve")


def stylized_loyalty_curve(
    satisfaction: float | np.ndarray | Sequence[float],
    curve: str = "C",
    *,
    scale_min: float = 1,
    scale_max: float = 7,
) -> np.ndarray:
    """Seed 001's stylized satisfaction-loyalty curves A, B and C.

    A teaching curve, not an estimate. Satisfaction and loyalty share one scale, from
    *scale_min* (completely dissatisfied / not loyal) to *scale_max* (completely satisfied /
    loyal); the default 1-7 is the scale of the survey and of :func:`loyalty_zones`. With
    ``u = (s - scale_min) / (scale_max - scale_min)`` in 0-1, loyalty as a share of the scale is

    * **A** 无奈的选择 (no real choice; alias ``"noncompetitive"``): ``0.7 + 0.3 u``, high
      whatever the satisfaction (patents, few substitutes, high switching costs);
    * **B** 一分满意,一分忠诚 (loyalty in proportion to satisfaction; ``"proportional"``):
      ``u``, every step of satisfaction brings the same step of loyalty;
    * **C** 激烈竞争的买方市场 (fiercely competitive buyer's market; ``"competitive"``):
      ``u**4``, low until satisfaction is complete, then steep (Jones & Sasser 1995).

    The share is mapped back onto the scale: ``scale_min + (scale_max - scale_min) * share``.
    Between the ends of the scale C < B < A; all three reach *scale_max* at complete
    satisfaction, and B and C start at *scale_min*.

    Parameters
    ----------
    satisfaction : satisfaction on the scale, a number or an array.
    curve : ``"A"``, ``"B"`` or ``"C"`` (or the aliases above); see :data:`LOYALTY_CURVES`.
    scale_min, scale_max : ends of the satisfaction and loyalty scale.

    Returns
    -------
    Loyalty on the same scale, an array shaped like *satisfaction*.

    Examples
    --------
    >>> stylized_loyalty_curve([1, 4, 7], "A").round(2).tolist()   # 1 + 6 * (0.7 + 0.3 u)
    [5.2, 6.1, 7.0]
    >>> stylized_loyalty_curve([1, 4, 7], "B").tolist()
    [1.0, 4.0, 7.0]
    >>> stylized_loyalty_curve([1, 4, 7], "C").tolist()            # 1 + 6 * 0.5**4 = 1.375
    [1.0, 1.375, 7.0]
    >>> stylized_loyalty_curve([1, 3, 5], "competitive", scale_min=1, scale_max=5).tolist()
    [1.0, 1.25, 5.0]
    """
    if not scale_max > scale_min:
        raise CRMLibError(f"scale_max ({scale_max}) must be greater than scale_min ({scale_min}), e.g. 1 and 7.")
    key = str(curve)
    aliases = dict(zip(LOYALTY_CURVES["market"], LOYALTY_CURVES.index))
    key = aliases.get(key, key.upper() if key.upper() in LOYALTY_CURVES.index else key)
    if key not in LOYALTY_CURVES.index:
        raise CRMLibError(
            f"curve must be 'A', 'B' or 'C' (or {sorted(aliases)}), not {curve!r}."
        )
    s = np.asarray(satisfaction, dtype=float)
    if np.any((s < scale_min) | (s > scale_max)):
        raise CRMLibError(
            f"Satisfaction for the stylized curve must lie on the {scale_min:g}-{scale_max:g} scale; "
            "pass scale_min/scale_max to match your survey."
        )
    u = (s - scale_min) / (scale_max - scale_min)
    share = {"A": 0.7 + 0.3 * u, "B": u, "C": u**4}[key]
    return scale_min + (scale_max - scale_min) * share


#: The loyalty ladder of seed 001, from first contact to partner.
LOYALTY_LADDER: pd.DataFrame = pd.DataFrame(
    [
        ("suspect", "普通购买者", "anyone in the market who might buy"),
        ("prospect", "潜在购买者", "shows interest; has not bought"),
        ("customer", "普通客户", "has bought once"),
        ("supporter", "跟随者", "buys repeatedly, passively"),
        ("advocate", "拥护者", "recommends you to others"),
        ("partner", "合伙人", "works with you, co-creates value"),
    ],
    columns=["rung", "chinese", "description"],
).set_index("rung")


def ladder_conversion(counts: pd.Series | Mapping[str, float]) -> pd.DataFrame:
    """Step-by-step conversion up the loyalty ladder.

    Parameters
    ----------
    counts : number of people who reached each rung (at least that rung), keyed by the
        rungs of :data:`LOYALTY_LADDER` in order; later rungs may be missing.

    Returns
    -------
    DataFrame with ``reached``, ``step_rate`` (share of the rung below who climbed) and
    ``overall_rate`` (share of the first rung).

    Examples
    --------
    >>> ladder_conversion({"suspect": 1000, "prospect": 200, "customer": 50}).round(3)["step_rate"].tolist()
    [1.0, 0.2, 0.25]
    """
    c = pd.Series(counts, dtype=float)
    rungs = list(LOYALTY_LADDER.index)
    if list(c.index) != rungs[: len(c)]:
        raise CRMLibError(f"counts must follow the ladder order {rungs} from the bottom rung.")
    if (c.diff().dropna() > 0).any():
        raise CRMLibError("Counts cannot grow up the ladder: each rung is a subset of the one below.")
    return pd.DataFrame({"reached": c, "step_rate": (c / c.shift()).fillna(1.0), "overall_rate": c / c.iloc[0]})


def complaints_iceberg(
    complaints: float,
    complaint_rate: float = 0.04,
    tell_per_dissatisfied: float | None = None,
) -> pd.Series:
    """How many dissatisfied customers lie under the complaints you hear.

    Parameters
    ----------
    complaints : complaints received.
    complaint_rate : share of dissatisfied customers who complain (seed 002: 4 %,
        "96 % of dissatisfied customers never complain").
    tell_per_dissatisfied : people each dissatisfied customer tells; the word-of-mouth
        reach is omitted (NaN) if None.

    Returns
    -------
    Series with ``complaints``, ``dissatisfied`` (= complaints / rate), ``silent``
    (dissatisfied who never complain) and ``word_of_mouth_reach``.

    Examples
    --------
    >>> complaints_iceberg(4, 0.04, tell_per_dissatisfied=10).to_dict()
    {'complaints': 4.0, 'dissatisfied': 100.0, 'silent': 96.0, 'word_of_mouth_reach': 1000.0}
    """
    if not 0 < complaint_rate <= 1:
        raise CRMLibError("complaint_rate is a share between 0 and 1 (4 % is 0.04).")
    if complaints < 0:
        raise CRMLibError("complaints cannot be negative.")
    dissatisfied = round(complaints / complaint_rate, 10)
    reach = np.nan if tell_per_dissatisfied is None else dissatisfied * tell_per_dissatisfied
    return pd.Series({
        "complaints": float(complaints), "dissatisfied": dissatisfied,
        "silent": round(dissatisfied - complaints, 10), "word_of_mouth_reach": reach,
    }, name="iceberg")
