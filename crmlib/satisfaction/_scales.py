"""Survey scales and reliability: reverse coding, Likert distributions, top box, Cronbach's alpha, item statistics (ch4_survey_reliability)."""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from .._errors import CRMLibError
from .._validate import numeric_columns


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
    x = numeric_columns(data, items, what="The survey")
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
    x = numeric_columns(data, what="The survey")
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
    x = numeric_columns(data, what="The survey")
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
    x = numeric_columns(data, what="The survey").dropna()
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
    x = numeric_columns(data, what="The survey")
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
    x = numeric_columns(data, what="The survey").dropna()
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
    x = numeric_columns(data, what="The survey")
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
