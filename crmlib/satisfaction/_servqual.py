"""SERVQUAL and the five gaps (ch4_kano_ipa_nps, The five gaps)."""
from __future__ import annotations

from typing import Mapping, Sequence

import pandas as pd

from .._errors import CRMLibError
from .._validate import numeric_columns


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
    e = numeric_columns(expectations, what="The expectation ratings")
    p = numeric_columns(perceptions, what="The perception ratings")
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
