"""Satisfaction indices: attribute satisfaction, weighted index, rescaling to 0-100 (ch4_survey_reliability, From items to a 0-100 index)."""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from .._errors import CRMLibError
from .._validate import numeric_series

_PER_ATTRIBUTE = "one value per attribute"


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
    p = numeric_series(perceived, name="perceived", what=_PER_ATTRIBUTE)
    e = numeric_series(expected, name="expected", what=_PER_ATTRIBUTE)
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
        w = numeric_series(weights, name="weights", what=_PER_ATTRIBUTE)
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
