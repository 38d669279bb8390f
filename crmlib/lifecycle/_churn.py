"""Customer churn (客户流失): the churn rate, the five churn types and the early-warning list.

Chapter 2, "Customer churn" (book/ch2_lifecycle).
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from .._errors import CRMLibError, DataFormatError


#: The five churn types (客户流失的类型) of seeds 000/001, with what a firm can do.
CHURN_TYPES = pd.DataFrame(
    {
        "chinese": ["自然流失的客户", "不满意而流失的客户", "被竞争对手挖走的客户", "被竞争对手吸引走的客户", "被迫离开的客户"],
        "meaning": [
            "leaves for reasons outside the firm's control: moves away, changes needs, business closes",
            "leaves because products or service fell short of expectations",
            "actively poached by a rival's offer (price cut, sales force, incentives)",
            "drawn away by a rival's better product, innovation or brand",
            "the firm ends the relationship (bad credit, unprofitable, breaks rules) or regulation forces it",
        ],
        "controllable": [False, True, True, True, True],
    },
    index=pd.CategoricalIndex(
        ["natural", "dissatisfied", "poached", "attracted", "forced"],
        categories=["natural", "dissatisfied", "poached", "attracted", "forced"],
        name="churn_type",
    ),
)




def churn_rate(active_start: float, lost: float) -> float:
    """Churn rate = customers lost in the period / customers active at its start.

    Examples
    --------
    >>> churn_rate(1000, 150)
    0.15
    """
    if active_start <= 0:
        raise CRMLibError("active_start must be positive: the customers at the start of the period.")
    if not 0 <= lost <= active_start:
        raise CRMLibError("lost must be between 0 and active_start.")
    return float(lost) / float(active_start)


def churn_types(reasons: pd.Series, mapping: dict[str, str]) -> pd.Series:
    """Label free-text or coded churn reasons with the five churn types.

    Parameters
    ----------
    reasons : one reason per churned customer.
    mapping : reason -> one of ``natural``, ``dissatisfied``, ``poached``, ``attracted``, ``forced``.

    Returns
    -------
    Categorical Series with the categories of :data:`CHURN_TYPES` (in order).
    """
    allowed = list(CHURN_TYPES.index.categories)
    bad = sorted({v for v in mapping.values() if v not in allowed})
    if bad:
        raise CRMLibError(f"Unknown churn type(s) {bad}; use {allowed}.")
    unmapped = sorted(set(reasons.dropna().unique()) - set(mapping))
    if unmapped:
        raise CRMLibError(f"No churn type given for reason(s) {unmapped[:5]}; add them to mapping.")
    return pd.Series(pd.Categorical(reasons.map(mapping), categories=allowed), index=reasons.index, name="churn_type")


def early_warning(
    summary: pd.DataFrame,
    model: Any = None,
    threshold: float = 0.5,
    recency_ratio: float = 2.0,
) -> pd.DataFrame:
    """Churn early-warning list (流失预警): customers who are probably slipping away.

    With a fitted :class:`crmlib.clv.BetaGeo` ``model``, flags customers whose P(alive) is
    below ``threshold``. Without a model, flags repeat buyers whose silence ``T - recency``
    exceeds ``recency_ratio`` times their own mean inter-purchase time ``recency / frequency``.

    Returns
    -------
    The flagged rows of ``summary`` with an added ``p_alive`` or ``silence_ratio`` column,
    most at-risk first.
    """
    for c in ("frequency", "recency", "T"):
        if c not in summary.columns:
            raise DataFormatError(f"early_warning needs a customer summary with {c!r}; see crmlib.summary.customer_summary.")
    out = summary.copy()
    if model is not None:
        out["p_alive"] = model.p_alive(out["frequency"], out["recency"], out["T"])
        return out.loc[out["p_alive"] < threshold].sort_values("p_alive")
    repeat = out["frequency"] > 0
    ipt = out["recency"] / out["frequency"].where(repeat)
    out["silence_ratio"] = (out["T"] - out["recency"]) / ipt
    return out.loc[repeat & (out["silence_ratio"] > recency_ratio)].sort_values("silence_ratio", ascending=False)
