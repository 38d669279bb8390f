"""A synthetic B2B customer table for the customer ordering model and CLP (chapter 3).

Every customer has a latent loyalty ``z ~ N(0, 1)``; the six loyalty indicators of seed 001
are noisy functions of ``z`` with known signs, so a loyalty index should recover the ranking
of ``z``. Size grade, credit grade, revenue, the customer's total purchases in the category
(wallet) and the firm's margin give current profit and growth potential for CLP analysis.
The generating values come with ``return_info=True``.
"""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from .._deprecate import renamed_arguments
from .._errors import CRMLibError
from ..segment import CREDIT_LEVELS, SIZE_LEVELS

__all__ = ["make_b2b_customers"]

_SIZES = list(SIZE_LEVELS)
_SIZE_P = [0.08, 0.22, 0.40, 0.30]
_SIZE_REVENUE = {"large": 5_000_000.0, "medium": 1_000_000.0, "small": 200_000.0, "sporadic": 30_000.0}
_CREDITS = list(CREDIT_LEVELS)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@renamed_arguments(seed="random_state", since="0.2", removed_in="0.3")
def make_b2b_customers(n_customers: int = 400, random_state: int = 2026, margin: float = 0.2, *,
                       return_info: bool = False) -> pd.DataFrame | tuple[pd.DataFrame, dict]:
    """Simulate B2B customers with size, credit grade, six loyalty indicators and revenue.

    Parameters
    ----------
    n_customers : number of customers (rows).
    random_state : seed of ``numpy.random.default_rng``; the same seed gives the same table
        (the retired name is ``seed``).
    margin : profit margin on revenue, used for ``current_value`` and ``potential_value``.
    return_info : also return the ground truth, ``(customers, info)``.

    Returns
    -------
    DataFrame indexed by ``customer_id`` (``"C0001"`` …) with columns

    =====================  ==============================================================
    size                   large / medium / small / sporadic (营业收入: 大/中/小/零星客户)
    credit                 best / good / fair / poor (资信状况: 最好/较好/一般/差)
    repeat_purchases       orders in the last year (+ loyalty)
    cross_purchases        product lines bought (+ loyalty)
    price_sensitivity      0–1, share of orders placed only on promotion (− loyalty)
    quality_tolerance      0–1, probability of staying after a quality incident (+ loyalty)
    choice_time            days spent choosing per order (− loyalty)
    referrals              customers referred in the last year (+ loyalty)
    revenue                annual revenue from the customer
    wallet                 the customer's total annual purchases in the category
    current_value          margin × revenue (annual profit now)
    potential_value        margin × (wallet − revenue), the growth potential (增值潜力)
    =====================  ==============================================================

    With ``return_info=True``, ``(customers, info)``: ``info["ground_truth"]`` holds
    ``latent_loyalty`` (list, in row order), the indicator ``signs`` and the parameters used.
    ``attrs`` repeat *info* for one release (removed in 0.3), a convenience no crmlib code reads.

    Examples
    --------
    >>> b, info = make_b2b_customers(50, return_info=True)
    >>> b.shape, b.index[0], len(info["ground_truth"]["latent_loyalty"])
    ((50, 12), 'C0001', 50)
    >>> bool((b["wallet"] >= b["revenue"]).all())
    True
    """
    if n_customers < 1:
        raise CRMLibError(f"n_customers={n_customers}: need at least one customer.")
    if not 0 < margin < 1:
        raise CRMLibError(f"margin={margin} must be between 0 and 1.")
    rng = np.random.default_rng(random_state)
    n = int(n_customers)
    # set up: latent loyalty, size and credit
    z = rng.standard_normal(n)
    size = rng.choice(_SIZES, size=n, p=_SIZE_P)
    big = np.isin(size, ["large", "medium"])
    credit_score = 0.6 * big + 0.3 * z + rng.standard_normal(n)
    credit = np.array(_CREDITS)[np.digitize(-credit_score, [-1.0, -0.2, 0.6])]
    # simulate: the six indicators from latent loyalty
    repeat = rng.poisson(np.exp(1.8 + 0.5 * z + 0.6 * big))
    cross = 1 + rng.poisson(np.exp(0.3 + 0.5 * z))
    price_sens = _sigmoid(-0.9 * z + 0.5 * rng.standard_normal(n))
    tolerance = _sigmoid(0.9 * z + 0.5 * rng.standard_normal(n))
    choice = np.exp(1.2 - 0.4 * z + 0.3 * rng.standard_normal(n))
    referrals = rng.poisson(np.exp(-0.4 + 0.7 * z))
    base = np.array([_SIZE_REVENUE[s] for s in size])
    share = _sigmoid(-0.2 + 0.8 * z + 0.4 * rng.standard_normal(n))  # share of wallet
    wallet = base * np.exp(0.5 * rng.standard_normal(n))
    revenue = wallet * share
    out = pd.DataFrame({
        "size": size, "credit": credit,
        "repeat_purchases": repeat, "cross_purchases": cross,
        "price_sensitivity": price_sens.round(3), "quality_tolerance": tolerance.round(3),
        "choice_time": choice.round(2), "referrals": referrals,
        "revenue": revenue.round(2), "wallet": wallet.round(2),
    }, index=pd.Index([f"C{i + 1:04d}" for i in range(n)], name="customer_id"))
    out["current_value"] = (margin * out["revenue"]).round(2)
    out["potential_value"] = (margin * (out["wallet"] - out["revenue"])).round(2)
    info = {"ground_truth": {
        "latent_loyalty": z.round(6).tolist(),
        "signs": {"repeat_purchases": 1, "cross_purchases": 1, "price_sensitivity": -1,
                  "quality_tolerance": 1, "choice_time": -1, "referrals": 1},
        "params": {"random_state": random_state, "margin": margin, "size_p": dict(zip(_SIZES, _SIZE_P)),
                   "size_revenue": dict(_SIZE_REVENUE)},
    }}
    out.attrs.update(copy.deepcopy(info))  # deprecated convenience (removed in 0.3)
    return (out, info) if return_info else out
